"""ops: each outbox row carries the trace id of the update that caused it (LOG_FORMAT=json)

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('delivery', sa.Column('trace_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column('delivery', 'trace_id')
