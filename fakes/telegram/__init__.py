"""A local fake of the Telegram Bot API, strict enough that passing here means passing there."""

from .fake import FakeTelegram
from .state import SentMessage

__all__ = ["FakeTelegram", "SentMessage"]
