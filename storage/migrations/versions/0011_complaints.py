"""complaints and denunciations: a denunciation of the commune chair goes to the higher level; the session a
complaint was sent for is remembered, so that it can go back there

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('question', sa.Column('against_chair', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('question', sa.Column('intake_session_id', sa.Integer(), nullable=True))
    op.create_foreign_key('question_intake_session_id_fkey', 'question', 'dialogue_session',
                          ['intake_session_id'], ['id'])


def downgrade() -> None:
    op.drop_constraint('question_intake_session_id_fkey', 'question', type_='foreignkey')
    op.drop_column('question', 'intake_session_id')
    op.drop_column('question', 'against_chair')
