"""Transcripts of voice questions, off the hot path: a loop takes the recordings waiting for one, fetches each from
the bot that received it, runs the speech model in a thread, and attaches the text to the question, asking the asker
to confirm it (handlers/questions/voice.py). A failure leaves the question as it is: staff listen."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Awaitable, Callable

import aiohttp

from bot.speech import Transcriber
from handlers.questions.voice import offer_transcript
from storage.db import Database

log = logging.getLogger(__name__)
Fetch = Callable[[str], Awaitable[bytes]]  # a file id (or a Zalo address) → the recording's bytes
MAX_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download; a longer recording is not transcribed


@dataclass
class VoiceTranscripts:
    database: Database
    transcriber: Transcriber
    clock: Callable[[], datetime]
    fetchers: dict[int, Fetch] = field(default_factory=dict)  # bot row id → how that bot fetches its files
    on_queued: Callable[[], None] = lambda: None  # wake the delivery workers

    async def run_once(self) -> int:
        """Transcribe what is waiting on the bots this process serves; returns how many were offered."""
        if not self.fetchers:
            return 0
        async with self.database.unit_of_work() as uow:
            voices = await uow.repo.claim_voices(list(self.fetchers), self.clock())
            claimed = [(v.id, v.bot_id, v.file_id) for v in voices]
            await uow.commit()
        offered = 0
        for voice_id, bot_id, file_id in claimed:
            text = await self._transcribe(voice_id, bot_id, file_id)
            async with self.database.unit_of_work() as uow:
                voice = await uow.repo.get_voice(voice_id, lock=True)
                if voice is not None and voice.transcript_state == "working":
                    offered += await offer_transcript(uow.repo, voice, text, self.clock())
                await uow.commit()
        if offered:
            self.on_queued()
        return offered

    async def _transcribe(self, voice_id: int, bot_id: int, file_id: str) -> str:
        """The transcript, or "" when the recording could not be fetched or heard (logged without its content)."""
        try:
            audio = await self.fetchers[bot_id](file_id)
            if len(audio) > MAX_BYTES:
                log.warning("voice question %s not transcribed: the recording is over %s bytes", voice_id, MAX_BYTES)
                return ""
            return await asyncio.to_thread(self.transcriber.transcribe, audio)
        except Exception as error:
            log.warning("voice question %s not transcribed (%s): staff listen to it", voice_id, type(error).__name__)
            return ""


def telegram_fetch(bot) -> Fetch:
    """A Telegram bot's own file ids, downloaded through getFile."""
    async def fetch(file_id: str) -> bytes:
        file = await bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())
    return fetch


def web_fetch(timeout: float = 30.0) -> Fetch:
    """A recording at a web address (Zalo's), read up to MAX_BYTES."""
    async def fetch(url: str) -> bytes:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
            async with http.get(url) as response:
                response.raise_for_status()
                return await response.content.read(MAX_BYTES + 1)
    return fetch
