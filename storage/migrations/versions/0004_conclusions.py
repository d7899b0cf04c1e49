"""conclusions: calendar overrides, session conclusions, document numbers, question follow-up columns

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_override',
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commune_id', 'day')
    )
    op.create_table('session_conclusion',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.Column('drafted_by', sa.Integer(), nullable=True),
    sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notice_no', sa.Integer(), nullable=True),
    sa.Column('minutes_no', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['drafted_by'], ['person.id']),
    sa.ForeignKeyConstraint(['approved_by'], ['person.id']),
    sa.PrimaryKeyConstraint('session_id')
    )
    op.create_table('document_counter',
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_no', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commune_id', 'kind', 'year')
    )
    op.add_column('question', sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('question', sa.Column('complex', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('question', sa.Column('satisfaction', sa.String(length=10), nullable=True))
    op.add_column('question', sa.Column('satisfaction_comment', sa.Text(), nullable=True))
    op.add_column('question', sa.Column('due_reminded_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('question', sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for column in ('escalated_at', 'due_reminded_at', 'satisfaction_comment', 'satisfaction', 'complex', 'done_at'):
        op.drop_column('question', column)
    op.drop_table('document_counter')
    op.drop_table('session_conclusion')
    op.drop_table('day_override')
