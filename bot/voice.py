"""Voice questions off the hot path: a loop takes the recordings waiting on the bots this process serves, fetches
each from the bot that received it, keeps a Zalo recording's bytes (its web address may expire) and, when a speech
model is loaded, runs it in a thread and offers the transcript to the asker (handlers/questions/voice.py). A failure
leaves the question as it is: staff listen."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Awaitable, Callable

import aiohttp

from bot.speech import Transcriber
from storage.db import Database

log = logging.getLogger(__name__)
Fetch = Callable[[str], Awaitable[bytes]]  # a file id (or a Zalo address) → the recording's bytes
MAX_FETCH_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download; a longer recording is not transcribed


@dataclass
class VoiceWorker:
    database: Database
    clock: Callable[[], datetime]
    transcriber: Transcriber | None = None
    keep_max_bytes: int = 10 * 1024 * 1024  # a Zalo recording larger than this is not kept (staff get its link)
    fetchers: dict[int, Fetch] = field(default_factory=dict)  # bot row id → how that bot fetches its files
    on_queued: Callable[[], None] = lambda: None  # wake the delivery workers

    async def run_once(self) -> int:
        """Keep and transcribe what is waiting on the bots this process serves; returns the transcripts offered."""
        if not self.fetchers:
            return 0
        from handlers.questions.voice import offer_transcript  # a handler module: loaded on the first pass

        async with self.database.unit_of_work() as uow:
            voices = await uow.repo.claim_voices(list(self.fetchers), self.clock())
            claimed = [(v.id, v.bot_id, v.file_id, v.keep_state == "waiting", v.transcript_state == "pending")
                       for v in voices]
            await uow.commit()
        offered = 0
        for voice_id, bot_id, file_id, to_keep, to_hear in claimed:
            audio = await self._fetch(voice_id, bot_id, file_id)
            text = await self._hear(voice_id, audio) if to_hear and audio else ""
            async with self.database.unit_of_work() as uow:
                voice = await uow.repo.get_voice(voice_id, lock=True)
                if voice is not None and to_keep:
                    fits = audio is not None and len(audio) <= self.keep_max_bytes
                    await uow.repo.keep_audio(voice, audio if fits else None,
                                              "kept" if fits else "failed" if audio is None else "too_big")
                if voice is not None and to_hear and voice.transcript_state == "pending":
                    offered += await offer_transcript(uow.repo, voice, text, self.clock())
                await uow.commit()
        if offered:
            self.on_queued()
        return offered

    async def _fetch(self, voice_id: int, bot_id: int, file_id: str) -> bytes | None:
        """The recording, or None when it could not be fetched (logged without its content or address)."""
        if not file_id:
            return None  # deleted when the asker withdrew their consent
        try:
            audio = await self.fetchers[bot_id](file_id)
        except Exception as error:
            log.warning("voice question %s: the recording could not be fetched (%s)", voice_id, type(error).__name__)
            return None
        return audio if len(audio) <= MAX_FETCH_BYTES else None

    async def _hear(self, voice_id: int, audio: bytes) -> str:
        """The transcript, or "" (the question stays as it is: staff listen)."""
        if self.transcriber is None:
            return ""
        try:
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
    """A recording at a web address (Zalo's), read up to MAX_FETCH_BYTES (one byte more shows it is too long)."""
    async def fetch(url: str) -> bytes:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
            async with http.get(url) as response:
                response.raise_for_status()
                return await response.content.read(MAX_FETCH_BYTES + 1)
    return fetch
