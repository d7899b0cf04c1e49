"""many bots: a registry of bots with their sealed tokens (doithoai bot add|list|remove|rotate-token), audited

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('bot', sa.Column('token', sa.Text(), server_default='', nullable=False))
    op.add_column('bot', sa.Column('token_generation', sa.Integer(), server_default='0', nullable=False))
    op.add_column('bot', sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('bot_audit',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('bot_id', sa.Integer(), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
                    sa.Column('actor', sa.String(length=80), nullable=False),
                    sa.Column('action', sa.String(length=20), nullable=False),
                    sa.Column('detail', sa.Text(), server_default='', nullable=False),
                    sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_bot_audit_bot_id'), 'bot_audit', ['bot_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_bot_audit_bot_id'), table_name='bot_audit')
    op.drop_table('bot_audit')
    op.drop_column('bot', 'removed_at')
    op.drop_column('bot', 'token_generation')
    op.drop_column('bot', 'token')
