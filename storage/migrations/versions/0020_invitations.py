"""invitations and attendance: a session's invitation list (delegates by category, the Front's proposals, the
hashed one-time attendance tokens, check-ins) and the list's venue QR and walk-in count

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('commune_id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('village_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), server_default='', nullable=False),
        sa.Column('title', sa.String(length=200), server_default='', nullable=False),
        sa.Column('status', sa.String(length=12), server_default='listed', nullable=False),
        sa.Column('proposed_by', sa.Integer(), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checked_in_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['village_id'], ['village.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['proposed_by'], ['person.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['checked_in_by'], ['person.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('session_id', 'person_id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_invitation_commune_id', 'invitation', ['commune_id'])
    op.create_index('ix_invitation_session_id', 'invitation', ['session_id'])
    op.create_table(
        'invitation_list',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('commune_id', sa.Integer(), nullable=False),
        sa.Column('venue_token_hash', sa.String(length=64), nullable=True),
        sa.Column('walk_ins', sa.Integer(), server_default='0', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('session_id'),
        sa.UniqueConstraint('venue_token_hash'),
    )
    op.create_index('ix_invitation_list_commune_id', 'invitation_list', ['commune_id'])


def downgrade() -> None:
    op.drop_table('invitation_list')
    op.drop_table('invitation')
