"""The state every conversation rests in. Each feature declares its own states (a StrEnum in its states.py, listed
in its ROUTES); they are stored in PostgreSQL per (bot, chat), so their strings never change."""

IDLE = "idle"
