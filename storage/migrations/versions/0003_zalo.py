"""zalo: numbered choices, OA OAuth tokens, account link codes

Revision ID: 0003
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('offered_choice',
    sa.Column('bot_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.String(length=64), nullable=False),
    sa.Column('choices', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bot_id', 'chat_id')
    )
    op.create_table('zalo_oa_token',
    sa.Column('bot_id', sa.Integer(), nullable=False),
    sa.Column('access_token', sa.Text(), server_default='', nullable=False),
    sa.Column('access_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refresh_token', sa.Text(), nullable=False),
    sa.Column('generation', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bot_id')
    )
    op.create_table('link_code',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_link_code_person_id'), 'link_code', ['person_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_link_code_person_id'), table_name='link_code')
    op.drop_table('link_code')
    op.drop_table('zalo_oa_token')
    op.drop_table('offered_choice')
