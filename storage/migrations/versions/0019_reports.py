"""reports: official documents issued besides the conclusion notice — the BÁO CÁO kết quả of a session, the year's
KẾ HOẠCH and written answers to residents — drafted, approved, numbered from the register, kept as issued

Revision ID: 0019
Revises: 0018
"""
from alembic import op
import sqlalchemy as sa

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'official_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('commune_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=4), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), server_default='', nullable=False),
        sa.Column('drafted_by', sa.Integer(), nullable=True),
        sa.Column('drafted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('approved_by', sa.Integer(), nullable=True),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('approved_as', sa.String(length=20), nullable=True),
        sa.Column('delegated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('file_name', sa.String(length=120), server_default='', nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['drafted_by'], ['person.id']),
        sa.ForeignKeyConstraint(['approved_by'], ['person.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_official_document_subject', 'official_document', ['commune_id', 'kind', 'subject_id'])


def downgrade() -> None:
    op.drop_index('ix_official_document_subject', table_name='official_document')
    op.drop_table('official_document')
