"""trust (faults): per-chat burst window on conversation_state, throttled_update, delivery indexes for in-order claims

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('conversation_state', sa.Column('burst_at', sa.DateTime(timezone=True),
                                                  server_default=sa.text('now()'), nullable=False))
    op.add_column('conversation_state', sa.Column('burst_count', sa.Integer(), server_default='0', nullable=False))
    op.create_table('throttled_update',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('bot_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('update_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), server_default='', nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bot_id'], ['bot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_throttled_update_chat', 'throttled_update', ['bot_id', 'chat_id', 'id'], unique=False)
    op.create_index('ix_delivery_unsent', 'delivery', ['bot_id', 'id'], unique=False,
                    postgresql_where=sa.text("status IN ('pending', 'sending')"))
    op.create_index('ix_delivery_unsent_chat', 'delivery', ['bot_id', 'chat_id', 'id'], unique=False,
                    postgresql_where=sa.text("status IN ('pending', 'sending')"))


def downgrade() -> None:
    op.drop_index('ix_delivery_unsent_chat', table_name='delivery',
                  postgresql_where=sa.text("status IN ('pending', 'sending')"))
    op.drop_index('ix_delivery_unsent', table_name='delivery',
                  postgresql_where=sa.text("status IN ('pending', 'sending')"))
    op.drop_index('ix_throttled_update_chat', table_name='throttled_update')
    op.drop_table('throttled_update')
    op.drop_column('conversation_state', 'burst_count')
    op.drop_column('conversation_state', 'burst_at')
