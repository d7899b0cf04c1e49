"""community: question supporters, speaker queue, extraordinary-session petitions, proxy intake, question kind

Revision ID: 0005
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('question_supporter',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'person_id')
    )
    op.create_index(op.f('ix_question_supporter_person_id'), 'question_supporter', ['person_id'], unique=False)
    op.create_table('speaker_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='waiting', nullable=False),
    sa.Column('absences', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'number'),
    sa.UniqueConstraint('session_id', 'person_id')
    )
    op.create_index(op.f('ix_speaker_slot_session_id'), 'speaker_slot', ['session_id'], unique=False)
    op.create_table('petition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('starter_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=20), server_default='open', nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reached_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ),
    sa.ForeignKeyConstraint(['starter_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_petition_commune_id'), 'petition', ['commune_id'], unique=False)
    op.create_table('petition_signature',
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('petition_id', 'person_id')
    )
    op.create_table('proxy_intake',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('resident_name', sa.String(length=100), nullable=False),
    sa.Column('consent_taken_by', sa.Integer(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claim_code', sa.String(length=16), nullable=False),
    sa.Column('claimed_by', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claimed_by'], ['person.id'], ),
    sa.ForeignKeyConstraint(['consent_taken_by'], ['person.id'], ),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('question_id'),
    sa.UniqueConstraint('claim_code')
    )
    op.create_index(op.f('ix_proxy_intake_village_id'), 'proxy_intake', ['village_id'], unique=False)
    op.add_column('question', sa.Column('kind', sa.String(length=20), server_default='question', nullable=False))


def downgrade() -> None:
    op.drop_column('question', 'kind')
    op.drop_index(op.f('ix_proxy_intake_village_id'), table_name='proxy_intake')
    op.drop_table('proxy_intake')
    op.drop_table('petition_signature')
    op.drop_index(op.f('ix_petition_commune_id'), table_name='petition')
    op.drop_table('petition')
    op.drop_index(op.f('ix_speaker_slot_session_id'), table_name='speaker_slot')
    op.drop_table('speaker_slot')
    op.drop_index(op.f('ix_question_supporter_person_id'), table_name='question_supporter')
    op.drop_table('question_supporter')
