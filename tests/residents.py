"""Residents asking questions through the real bot on the local Bot API server, as people do: each step waits for
the bot's answer, and after an apology ("something went wrong") the resident does the same thing again."""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select

from fakes.telegram import FakeTelegram
from handlers.people.rules import DIALOGUE, NOTICE_VERSION, TRANSFER
from storage.db import Database, make_engine
from storage.models import ChannelAccount, Question

APOLOGY = "something went wrong"
CODE = re.compile(r"Your code is ([A-Z]+-\d+)")


@dataclass
class Resident:
    fake: FakeTelegram
    token: str
    user_id: int
    acknowledged: dict[str, str] = field(default_factory=dict)  # ticket code → the question it acknowledged
    apologies: int = 0
    timeout: float = 60.0

    def _seen(self) -> dict[int, int]:
        return {m.message_id: m.edited for m in self.fake.sent(self.token, self.user_id)}

    def _answer(self, before: dict[int, int]) -> str | None:
        """The bot's answer since `before`: its new messages, or else the message it edited; None yet."""
        sent = self.fake.sent(self.token, self.user_id)
        new = [m.text for m in sent if m.message_id not in before]
        edited = [m.text for m in sent if m.message_id in before and m.edited > before[m.message_id]]
        return "\n".join(new or edited) or None

    async def _step(self, act: Callable[[], None]) -> str:
        """Act and wait for the answer (a new message or an edit); after an apology, act again."""
        loop = asyncio.get_running_loop()
        while True:
            before = self._seen()
            act()
            deadline = loop.time() + self.timeout
            while (answer := self._answer(before)) is None:
                if loop.time() > deadline:
                    raise TimeoutError(f"resident {self.user_id} got no answer")
                await self.fake.world.sent_changed.wait(1.0)
            if APOLOGY not in answer:
                return answer
            self.apologies += 1
            await asyncio.sleep(0.2)  # a person reads the apology before trying again

    async def say(self, text: str) -> str:
        return await self._step(lambda: self.fake.inject_message(self.token, self.user_id, text))

    async def press(self, label: str) -> str:
        for message in reversed(self.fake.sent(self.token, self.user_id)):
            for row in (message.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"]:
                        data, message_id = button["callback_data"], message.message_id
                        return await self._step(lambda: self.fake.press_button(self.token, self.user_id,
                                                                               message_id, data))
        raise AssertionError(f"no button {label!r} for resident {self.user_id}")

    async def ask(self, question: str, attempts: int = 5) -> None:
        """Ask one question until the bot acknowledges it with a ticket code."""
        for _ in range(attempts):
            await self.say("/ask")
            await self.press("General questions")
            await self.press("Land")
            await self.say(question)
            answer = await self.press("Send")
            match = CODE.search(answer)
            if match:
                self.acknowledged[match.group(1)] = question
                return
        raise AssertionError(f"resident {self.user_id} never got a ticket code for {question!r}")


async def registered_residents(database: Database, fake: FakeTelegram, token: str, username: str, commune_id: int,
                               user_ids: range) -> list[Resident]:
    """Residents already registered in the commune's first village (rows written directly: no onboarding)."""
    async with database.unit_of_work() as uow:
        repo = uow.repo
        bot = await repo.ensure_bot("telegram", token.split(":")[0], username)
        village = (await repo.villages(commune_id))[0]
        for user_id in user_ids:
            fake.user(user_id, f"Cư dân {user_id}", language_code="en")
            account = await repo.touch_account(bot.id, "telegram", str(user_id), str(user_id), "en")
            person = await repo.create_person(account, NOTICE_VERSION, "fault-suite", purposes=(DIALOGUE, TRANSFER))
            person.full_name, person.commune_id, person.village_id = f"Cư dân {user_id}", commune_id, village.id
        await uow.commit()
    return [Resident(fake, token, user_id) for user_id in user_ids]


@dataclass
class RestartRun:
    residents: list[Resident]
    stored: dict[str, tuple[str, str]]  # ticket code → (asker's chat, text) in the database afterwards
    took: list[float]  # seconds each restart took
    wall: float
    restarts: int


async def ask_through_restarts(count: int, questions: int, restarts: int, first_id: int) -> RestartRun:
    """`count` residents ask `questions` each through the real bot while a PostgreSQL of their own (never the shared
    server) is restarted `restarts` times, evenly through the acknowledged questions."""
    from tests.fixtures import add_commune
    from tests.private_postgres import private_postgres
    from tests.telegram_harness import BOT_USERNAME, TOKEN, running_bot

    async with private_postgres() as (pg, url):
        database = Database(make_engine(url))
        try:
            commune_id = await add_commune(database)
            async with running_bot(database) as (phone, app):
                people = await registered_residents(database, phone.fake, TOKEN, BOT_USERNAME, commune_id,
                                                    range(first_id, first_id + count))
                marks = [count * questions * (i + 1) // (restarts + 1) for i in range(restarts)]
                started = time.monotonic()
                _, took = await asyncio.gather(ask_all(people, questions), restart_at(pg, people, marks))
                wall = time.monotonic() - started
            stored = await stored_questions(database)
        finally:
            await database.dispose()
    return RestartRun(people, stored, took, wall, pg.restarts)


async def ask_all(residents, questions_each: int) -> None:
    async def one(resident) -> None:
        for n in range(questions_each):
            await resident.ask(f"Câu hỏi số {n} của cư dân {resident.user_id} về đất đai?")

    await asyncio.gather(*(one(resident) for resident in residents))


async def restart_at(pg, residents, marks: list[int]) -> list[float]:
    """Restart the server each time the questions acknowledged reach a mark; returns the seconds each restart took."""
    took = []
    for mark in marks:
        while sum(len(r.acknowledged) for r in residents) < mark:
            await asyncio.sleep(0.02)
        started = time.monotonic()
        await pg.restart()
        took.append(time.monotonic() - started)
    return took


async def stored_questions(database: Database) -> dict[str, tuple[str, str]]:
    """Ticket code → (asker's chat, text) as stored."""
    async with database.unit_of_work() as uow:
        rows = (await uow.session.execute(
            select(Question.code, ChannelAccount.chat_id, Question.text)
            .join(ChannelAccount, ChannelAccount.person_id == Question.asker_id))).all()
    return {code: (chat, text) for code, chat, text in rows}
