"""t12-documents: what the minutes may assert (the session's real start and end, attendance, minutes read back) and
who approved the conclusion (chair, or a vice-chair the chair delegated); numbers come from the commune's register

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ('started_at', 'ended_at', 'minutes_read_at'):
        op.add_column('dialogue_session', sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.add_column('dialogue_session', sa.Column('attendance', sa.Integer(), nullable=True))
    op.add_column('session_conclusion', sa.Column('approved_as', sa.String(length=20), nullable=True))
    op.add_column('session_conclusion', sa.Column('delegated_at', sa.DateTime(timezone=True), nullable=True))
    # conclusions approved before this revision were approved by a chair (only chairs could approve)
    op.execute("UPDATE session_conclusion SET approved_as = 'chair' WHERE approved_at IS NOT NULL")


def downgrade() -> None:
    for name in ('delegated_at', 'approved_as'):
        op.drop_column('session_conclusion', name)
    for name in ('attendance', 'minutes_read_at', 'ended_at', 'started_at'):
        op.drop_column('dialogue_session', name)
