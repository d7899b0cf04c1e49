"""sessions: planning, villages covered, audit, commune policy, village groups, broadcasts, outbox leases

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NOW = sa.text("now()")


def upgrade() -> None:
    for column in (sa.Column("theme", sa.String(200), server_default="", nullable=False),
                   sa.Column("online", sa.Boolean(), server_default="false", nullable=False),
                   sa.Column("all_villages", sa.Boolean(), server_default="true", nullable=False),
                   sa.Column("co_organisers", sa.String(200), server_default="", nullable=False),
                   sa.Column("created_by", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
                   sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
                   sa.Column("announced_by", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
                   sa.Column("lead_override_reason", sa.Text(), server_default="", nullable=False),
                   sa.Column("residents_reminded_at", sa.DateTime(timezone=True), nullable=True),
                   sa.Column("staff_reminded_at", sa.DateTime(timezone=True), nullable=True)):
        op.add_column("dialogue_session", column)
    op.create_table(
        "session_village",
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("village_id", sa.Integer(), sa.ForeignKey("village.id", ondelete="CASCADE"), primary_key=True))
    op.create_table(
        "session_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=NOW, nullable=False))
    op.create_index("ix_session_event_session_id", "session_event", ["session_id"])
    op.create_table(
        "commune_policy",
        sa.Column("commune_id", sa.Integer(), sa.ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("legal_basis", sa.Text(), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False))
    op.create_table(
        "village_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bot_id", sa.Integer(), sa.ForeignKey("bot.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), server_default="", nullable=False),
        sa.Column("commune_id", sa.Integer(), sa.ForeignKey("commune.id", ondelete="CASCADE"), nullable=False),
        sa.Column("village_id", sa.Integer(), sa.ForeignKey("village.id", ondelete="CASCADE"), nullable=False),
        sa.Column("linked_by", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.UniqueConstraint("bot_id", "chat_id"))
    op.create_index("ix_village_group_commune_id", "village_group", ["commune_id"])
    op.create_index("ix_village_group_village_id", "village_group", ["village_id"])
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("commune_id", sa.Integer(), sa.ForeignKey("commune.id", ondelete="CASCADE"), nullable=False),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("progress_delivery_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_language", sa.String(8), server_default="vi", nullable=False),
        sa.Column("progress_text", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_broadcast_commune_id", "broadcast", ["commune_id"])
    op.create_index("ix_broadcast_session_id", "broadcast", ["session_id"])
    op.create_table(
        "outbox_pace",
        sa.Column("bot_id", sa.Integer(), sa.ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("next_slot", sa.DateTime(timezone=True), server_default=NOW, nullable=False))
    op.add_column("delivery", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("delivery", sa.Column("broadcast_id", sa.Integer(),
                                        sa.ForeignKey("broadcast.id", ondelete="CASCADE"), nullable=True))
    op.add_column("delivery", sa.Column("village_id", sa.Integer(),
                                        sa.ForeignKey("village.id", ondelete="SET NULL"), nullable=True))
    op.create_index("ix_delivery_broadcast_id", "delivery", ["broadcast_id"])
    op.create_index("ix_delivery_sending", "delivery", ["lease_until"], postgresql_where=sa.text("status = 'sending'"))


def downgrade() -> None:
    op.drop_index("ix_delivery_sending", table_name="delivery")
    op.drop_index("ix_delivery_broadcast_id", table_name="delivery")
    for column in ("village_id", "broadcast_id", "lease_until"):
        op.drop_column("delivery", column)
    op.drop_table("outbox_pace")
    op.drop_table("broadcast")
    op.drop_table("village_group")
    op.drop_table("commune_policy")
    op.drop_table("session_event")
    op.drop_table("session_village")
    for column in ("staff_reminded_at", "residents_reminded_at", "lead_override_reason", "announced_by",
                   "announced_at", "co_organisers", "created_by", "all_villages", "online", "theme"):
        op.drop_column("dialogue_session", column)
