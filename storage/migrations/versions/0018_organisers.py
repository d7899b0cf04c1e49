"""the other organisers: the Fatherland Front's submissions with their source, a provincial officer's scope, who
chairs a session and whom it is for

Existing rows: every session was chaired by the commune chairperson and open to all residents (the defaults);
nobody held the province role, so no membership has a scope.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'front_intake',
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('entered_by', sa.Integer(), nullable=False),
        sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entered_by'], ['person.id']),
        sa.PrimaryKeyConstraint('question_id'),
    )
    op.add_column('staff_invite', sa.Column('province', sa.String(length=2), nullable=True))
    op.add_column('staff_member', sa.Column('province', sa.String(length=2), nullable=True))
    op.add_column('dialogue_session', sa.Column('chaired_by', sa.String(length=20), server_default='chair',
                                                nullable=False))
    op.add_column('dialogue_session', sa.Column('audience', sa.String(length=20), server_default='',
                                                nullable=False))


def downgrade() -> None:
    op.drop_column('dialogue_session', 'audience')
    op.drop_column('dialogue_session', 'chaired_by')
    op.drop_column('staff_member', 'province')
    op.drop_column('staff_invite', 'province')
    op.drop_table('front_intake')
