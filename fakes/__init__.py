"""Separate programs that stand in for Telegram and Zalo on this machine: they import nothing of the product."""
