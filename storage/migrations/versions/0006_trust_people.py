"""trust (people): private chats as addresses, staff audit and invite revocation, confirmed account links with
attempt limits, the chat's command menu, processed updates pruned by age

Revision ID: 0006
Revises: 0005
(branch t10-people; the lead may renumber it when merging)
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# An account's address is its private chat, whose id on Telegram and Zalo is the user's own id; a group's is not
# (Telegram groups are negative, Zalo groups another string). Accounts first seen in a group kept the group.
REPAIR_GROUP_ADDRESSES = """
UPDATE channel_account SET chat_id = external_user_id
WHERE chat_id <> external_user_id AND (channel <> 'telegram' OR chat_id LIKE '-%')
"""
STAFF_MENUS = """
UPDATE channel_account SET menu = 'staff'
WHERE person_id IN (SELECT person_id FROM staff_member)
"""


def upgrade() -> None:
    op.execute(REPAIR_GROUP_ADDRESSES)
    op.add_column('channel_account', sa.Column('menu', sa.String(length=10), server_default='resident',
                                               nullable=False))
    op.execute(STAFF_MENUS)
    op.add_column('staff_invite', sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('link_code', sa.Column('account_id', sa.Integer(), nullable=True))
    op.create_foreign_key('link_code_account_id_fkey', 'link_code', 'channel_account', ['account_id'], ['id'],
                          ondelete='CASCADE')
    op.create_index('ix_processed_update_processed_at', 'processed_update', ['processed_at'], unique=False)
    op.create_table('link_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('owner_account_id', sa.Integer(), nullable=False),
    sa.Column('claimant_account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=10), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['claimant_account_id'], ['channel_account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_account_id'], ['channel_account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_link_request_person_id'), 'link_request', ['person_id'], unique=False)
    op.create_table('link_attempt',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('bot_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_link_attempt_bot_at', 'link_attempt', ['bot_id', 'at'], unique=False)
    op.create_index('ix_link_attempt_bot_user_at', 'link_attempt', ['bot_id', 'user_id', 'at'], unique=False)
    op.create_table('staff_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('actor_person_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('target_person_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), server_default='', nullable=False),
    sa.Column('detail', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['actor_person_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_person_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_staff_audit_commune_id'), 'staff_audit', ['commune_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_audit_commune_id'), table_name='staff_audit')
    op.drop_table('staff_audit')
    op.drop_index('ix_link_attempt_bot_user_at', table_name='link_attempt')
    op.drop_index('ix_link_attempt_bot_at', table_name='link_attempt')
    op.drop_table('link_attempt')
    op.drop_index(op.f('ix_link_request_person_id'), table_name='link_request')
    op.drop_table('link_request')
    op.drop_index('ix_processed_update_processed_at', table_name='processed_update')
    op.drop_constraint('link_code_account_id_fkey', 'link_code', type_='foreignkey')
    op.drop_column('link_code', 'account_id')
    op.drop_column('staff_invite', 'revoked_at')
    op.drop_column('channel_account', 'menu')
    # the repaired addresses stay repaired: a group was never a right address
