"""A bare python-telegram-bot echo bot: the yardstick the intake benchmark compares against."""
from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters


async def echo(update: Update, context) -> None:
    await update.message.reply_text(update.message.text)


def main() -> None:
    base = os.environ["TELEGRAM_API_BASE_URL"].rstrip("/")
    app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(f"{base}/bot")
           .base_file_url(f"{base}/file/bot").concurrent_updates(True).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=10, drop_pending_updates=False)


if __name__ == "__main__":
    main()
