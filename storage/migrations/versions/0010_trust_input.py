"""trust (input): an attachment's file id holds a whole photo address (Zalo sends photos as URLs of any length)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('question_attachment', 'file_id', type_=sa.Text(), existing_type=sa.String(length=200),
                    existing_nullable=False)


def downgrade() -> None:
    # addresses longer than the old column are cut rather than lost with the whole row
    op.execute("UPDATE question_attachment SET file_id = left(file_id, 200) WHERE length(file_id) > 200")
    op.alter_column('question_attachment', 'file_id', type_=sa.String(length=200), existing_type=sa.Text(),
                    existing_nullable=False)
