"""scale indexes (t15-data): a commune's questions by state and kind, for /queue, /due and /overdue

Revision ID: 0008
Revises: 0007

bench/scale.py (100 communes, 1,000,000 questions) found /queue's first page walking the primary key in id order and
filtering out every other commune's questions (p50 250 ms). This index finds a commune's open questions directly,
counts them from the index alone, and gives id order within one state; the filters' columns are included so that
an officer's, a village head's or a field's view is an index-only scan too.
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_question_queue', 'question', ['commune_id', 'state', 'kind', 'id'], unique=False,
                    postgresql_include=['department_code', 'village_id', 'topic'])


def downgrade() -> None:
    op.drop_index('ix_question_queue', table_name='question')
