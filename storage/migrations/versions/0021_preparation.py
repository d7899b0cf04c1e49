"""preparation: steps of a session's preparation marked done, departments' prepared answers

Revision ID: 0021
Revises: 0020
"""
from alembic import op
import sqlalchemy as sa

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'preparation_step',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=20), nullable=False),
        sa.Column('done_by', sa.Integer(), nullable=True),
        sa.Column('done_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['done_by'], ['person.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('session_id', 'step'),
    )
    op.create_table(
        'prepared_answer',
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['person.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('question_id'),
    )


def downgrade() -> None:
    op.drop_table('prepared_answer')
    op.drop_table('preparation_step')
