"""province scale (t15-data): the commune's kind and province from the official list

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing communes were all added as xã, before the official list was known to the product
    op.add_column('commune', sa.Column('kind', sa.String(length=10), server_default='xa', nullable=False))
    op.add_column('commune', sa.Column('province_code', sa.String(length=2), nullable=True))
    op.add_column('commune', sa.Column('province_name', sa.String(length=120), server_default='', nullable=False))


def downgrade() -> None:
    op.drop_column('commune', 'province_name')
    op.drop_column('commune', 'province_code')
    op.drop_column('commune', 'kind')
