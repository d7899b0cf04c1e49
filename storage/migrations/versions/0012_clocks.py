"""clocks (issue 12): every submission's acknowledgement deadline (Law 42/2013 Art. 28) with its staff reminder and
escalation marks, the day a written answer's clock started (a complex item ends 30 working days on, reopening
included), and once-only reminders per subject (conclusion notice, a year without a periodic session)

Revision ID: 0012
Revises: 0011

Existing rows: a question no longer new was answered, assigned, forwarded, declined or merged, which told its asker:
it counts as acknowledged when it last changed. A question still new gets its acknowledgement deadline from the
first clock pass, counted from the day it was received in the commune's calendar (SQL cannot count Vietnam's
working days).
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

QUESTION_COLUMNS = (('ack_due_on', sa.Date()), ('acknowledged_at', sa.DateTime(timezone=True)),
                    ('ack_reminded_at', sa.DateTime(timezone=True)), ('ack_escalated_at', sa.DateTime(timezone=True)),
                    ('answer_started_on', sa.Date()))


def upgrade() -> None:
    for name, type_ in QUESTION_COLUMNS:
        op.add_column('question', sa.Column(name, type_, nullable=True))
    op.execute("UPDATE question SET acknowledged_at = updated_at WHERE state <> 'new'")
    op.create_table(
        'clock_reminder',
        sa.Column('commune_id', sa.Integer(), sa.ForeignKey('commune.id', ondelete='CASCADE'), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=40), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('commune_id', 'kind', 'subject'))


def downgrade() -> None:
    op.drop_table('clock_reminder')
    for name, _ in reversed(QUESTION_COLUMNS):
        op.drop_column('question', name)
