"""ops: each outbox row carries the trace id of the update that caused it (LOG_FORMAT=json)

Revision ID: 0011_t15_ops
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011_t15_ops'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('delivery', sa.Column('trace_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column('delivery', 'trace_id')
