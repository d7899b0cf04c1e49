"""voice questions: the recording a question was asked with, and its transcript

Revision ID: 0022
Revises: 0021
"""
from alembic import op
import sqlalchemy as sa

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'voice_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('commune_id', sa.Integer(), nullable=False),
        sa.Column('bot_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('chat_id', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('file_id', sa.Text(), nullable=False),
        sa.Column('mime_type', sa.String(length=100), server_default='', nullable=False),
        sa.Column('duration', sa.Integer(), server_default='0', nullable=False),
        sa.Column('size', sa.Integer(), server_default='0', nullable=False),
        sa.Column('transcript_state', sa.String(length=12), server_default='none', nullable=False),
        sa.Column('transcript', sa.Text(), server_default='', nullable=False),
        sa.Column('keep_state', sa.String(length=8), server_default='', nullable=False),
        sa.Column('audio', sa.LargeBinary(), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('question_id'),
    )
    op.create_index(op.f('ix_voice_question_commune_id'), 'voice_question', ['commune_id'])
    op.create_index(op.f('ix_voice_question_transcript_state'), 'voice_question', ['transcript_state'])


def downgrade() -> None:
    op.drop_table('voice_question')
