"""Preparing a session: the steps of the commune's plan before it, their owners, reminders and the checklist."""
