"""consent per purpose: the language and channel of the notice agreed to, the commune's address (the controller),
announcements off until a resident chooses them

Existing rows (assumptions, see docs/ARCHITECTURE.md "Consent"):
- every `dialogue` consent stays as it was (it covered handling the resident's questions); its language is the
  chat's, its channel the messenger of the person's earliest chat;
- on Telegram, a consent to the notice of version 2026-12-v2, which named Telegram and said that what is sent is
  transferred abroad, also counts as the `transfer` consent (same time, version and evidence); older versions did
  not say so, and those residents are asked for it at their next /start;
- nobody ever chose announcements separately (they were on by default), and silence is not consent: announcements
  are off for everyone until they choose them; the greeting at /start says how to turn them on.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('consent', sa.Column('language', sa.String(length=8), server_default='vi', nullable=False))
    op.add_column('consent', sa.Column('channel', sa.String(length=16), server_default='', nullable=False))
    op.add_column('commune', sa.Column('address', sa.String(length=300), server_default='', nullable=False))
    op.execute("""
        UPDATE consent c SET channel = a.channel, language = a.language
        FROM (SELECT DISTINCT ON (person_id) person_id, channel, language FROM channel_account
              WHERE person_id IS NOT NULL ORDER BY person_id, id) a
        WHERE a.person_id = c.person_id""")
    op.execute("""
        INSERT INTO consent (person_id, purpose, text_version, evidence, agreed_at, withdrawn_at, language, channel)
        SELECT c.person_id, 'transfer', c.text_version, c.evidence, c.agreed_at, c.withdrawn_at, c.language, 'telegram'
        FROM consent c
        WHERE c.purpose = 'dialogue' AND c.text_version = '2026-12-v2'
          AND EXISTS (SELECT 1 FROM channel_account a WHERE a.person_id = c.person_id AND a.channel = 'telegram')""")
    op.alter_column('person', 'announcements', server_default='false')
    op.execute("UPDATE person SET announcements = false")


def downgrade() -> None:
    op.alter_column('person', 'announcements', server_default='true')
    op.execute("DELETE FROM consent WHERE purpose <> 'dialogue'")
    op.drop_column('commune', 'address')
    op.drop_column('consent', 'channel')
    op.drop_column('consent', 'language')
