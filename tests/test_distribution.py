"""The schema can be distributed by commune (docs/SCALE.md): every table carries a NOT NULL commune_id, or hangs off
one that does through a NOT NULL foreign key, or is a listed exception with its reason."""
from __future__ import annotations

from storage.models import Base

# Tables that do not belong to one commune, and why (docs/SCALE.md says how each is placed on a distributed cluster).
EXCEPTIONS = {
    "alembic_version": "the schema version: one row for the whole database",
    "bot": "a bot may serve many communes (bot_commune maps them); small, a reference table",
    "conversation_state": "keyed by (bot, chat): read on every update before the commune is known",
    "processed_update": "keyed by (bot, update id): checked before anything else, commune unknown",
    "offered_choice": "keyed by (bot, chat), like conversation_state",
    "throttled_update": "keyed by (bot, chat), like conversation_state: held back before the commune is read",
    "outbox_pace": "a bot's shared send schedule",
    "zalo_oa_token": "an Official Account's tokens, per bot",
    "bot_audit": "who added, removed or re-keyed a bot (see bot)",
    "person": "commune_id is NULL until the resident chooses one (consent comes first); staff may serve several",
    "channel_account": "a chat identity: exists from the first update, before any consent or commune",
    "consent": "evidence about a person (see person)",
    "link_code": "a person's one-time code joining two accounts (see person)",
    "link_request": "a pending link between two accounts of one person (see person)",
    "link_attempt": "/link guesses counted per (bot, user), before any person or commune is known",
    "delivery": "commune_id is nullable, though every writer fills it: make it NOT NULL before distributing",
}


def carriers_and_hangers() -> dict[str, str]:
    """table → how it belongs to a commune ("commune_id", or the table it hangs off), for the tables that do."""
    tables = Base.metadata.tables
    belongs = {name: "commune_id" for name, table in tables.items()
               if "commune_id" in table.c and not table.c.commune_id.nullable}
    belongs["commune"] = "is the commune"
    changed = True
    while changed:  # hanging off a table that belongs, through a NOT NULL foreign key
        changed = False
        for name, table in tables.items():
            if name in belongs:
                continue
            for fk in table.foreign_keys:
                if not fk.parent.nullable and fk.column.table.name in belongs:
                    belongs[name], changed = f"via {fk.parent.name} → {fk.column.table.name}", True
                    break
    return belongs


def test_every_table_belongs_to_one_commune_or_is_a_listed_exception():
    belongs = carriers_and_hangers()
    every = set(Base.metadata.tables) | {"alembic_version"}
    unexplained = sorted(every - set(belongs) - set(EXCEPTIONS))
    assert unexplained == [], "add commune_id (or a NOT NULL foreign key to a table that has it), or an exception"


def test_no_exception_is_stale():
    belongs = carriers_and_hangers()
    every = set(Base.metadata.tables) | {"alembic_version"}
    assert sorted(set(EXCEPTIONS) & set(belongs)) == [] and set(EXCEPTIONS) <= every


def test_the_big_tables_belong_to_a_commune():
    belongs = carriers_and_hangers()
    for name in ("question", "question_event", "question_attachment", "question_supporter", "dialogue_session",
                 "session_event", "speaker_slot", "petition_signature", "broadcast", "staff_member"):
        assert name in belongs, name
