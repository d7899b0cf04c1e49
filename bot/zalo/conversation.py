"""One event from a button-less channel (Zalo): numbered choices in, dispatcher, numbered choices out."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from bot.dispatching import ChatLocks, dispatch_safely
from bot.zalo.choices import Message, Rendered, pick, render_outcome, render_repeat
from handlers.conversation.context import BotInfo, Deps
from handlers.conversation.events import Event
from handlers.conversation.i18n import translator
from handlers.conversation.replies import Outcome
from handlers.dispatch import handle
from storage.db import Database
from storage.locks import chat_lock


class TextConversation:
    """Runs a chat's events one at a time (across processes), remembering the options each chat was offered."""

    def __init__(self, database: Database, deps: Deps, bot: BotInfo, *, releases_held: bool = False,
                 on_handled: Callable[[], None] = lambda: None) -> None:
        self.database, self.deps, self.bot = database, deps, bot
        self.releases_held, self.on_handled = releases_held, on_handled
        self._chats = ChatLocks()

    async def process(self, event: Event) -> Rendered:
        chat_id = event.ref.chat_id
        async with self._chats.hold(chat_id), chat_lock(self.database.locks, self.bot.row_id, chat_id):
            async with self.database.unit_of_work() as uow:
                choices = await uow.repo.offered_choices(self.bot.row_id, chat_id)
            event = replace(pick(event, choices), sent_at=event.sent_at)  # a typed choice was sent when the text was
            outcome = await self._dispatch(event)
            async with self.database.unit_of_work() as uow:
                t = translator(await uow.repo.chat_language(self.bot.row_id, chat_id))
                # a reply that picked none of the options offered: the same options again, numbers unchanged
                repeat = outcome.repeat_choices and choices
                rendered = render_repeat(choices, t) if repeat else render_outcome(outcome, t)
                if rendered.choices is not None:
                    await uow.repo.offer_choices(self.bot.row_id, chat_id, rendered.choices)
                held = await uow.repo.release_held(self.bot.row_id, chat_id, self.deps.clock()) \
                    if self.releases_held else 0
                await uow.commit()
        if held:  # the window is open again: say so first, then the worker delivers what waited
            rendered.messages.insert(0, Message(t("You have {n} new notifications.").format(n=held)))
        self.on_handled()
        return rendered

    async def _dispatch(self, event: Event) -> Outcome:
        return await dispatch_safely(lambda e: handle(e, self.deps), event)
