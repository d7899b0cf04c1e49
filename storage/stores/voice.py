"""Storage for questions asked by voice: the recording's reference (and a Zalo recording's bytes), the transcript."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import VoiceQuestion

CLAIM_LEASE = timedelta(minutes=15)  # a recording claimed this long ago by a process that died is taken again


class VoiceStore:
    session: AsyncSession

    async def add_voice(self, **fields: Any) -> VoiceQuestion:
        voice = VoiceQuestion(**fields)
        self.session.add(voice)
        await self.session.flush()
        return voice

    async def voice_of(self, question_id: int) -> VoiceQuestion | None:
        return await self.session.scalar(select(VoiceQuestion).where(VoiceQuestion.question_id == question_id))

    async def get_voice(self, voice_id: int, *, lock: bool = False) -> VoiceQuestion | None:
        stmt = select(VoiceQuestion).where(VoiceQuestion.id == voice_id)
        return await self.session.scalar(stmt.with_for_update() if lock else stmt)

    async def claim_voices(self, bot_ids: list[int], now: datetime, limit: int = 4) -> list[VoiceQuestion]:
        """Recordings on these bots waiting to be kept or transcribed, leased to this process (others skip them
        until the lease runs out)."""
        stmt = (select(VoiceQuestion)
                .where(VoiceQuestion.bot_id.in_(bot_ids),
                       or_(VoiceQuestion.transcript_state == "pending", VoiceQuestion.keep_state == "waiting"),
                       or_(VoiceQuestion.claimed_at.is_(None), VoiceQuestion.claimed_at < now - CLAIM_LEASE))
                .order_by(VoiceQuestion.id).limit(limit).with_for_update(skip_locked=True))
        voices = list((await self.session.scalars(stmt)).all())
        if voices:
            await self.session.execute(update(VoiceQuestion).where(VoiceQuestion.id.in_([v.id for v in voices]))
                                       .values(claimed_at=now))
        return voices

    async def keep_audio(self, voice: Any, audio: bytes | None, state: str) -> None:
        voice.audio, voice.keep_state, voice.claimed_at = audio, state, None
        await self.session.flush()

    async def set_transcript(self, voice: Any, state: str, text: str | None, now: datetime) -> None:
        voice.transcript_state, voice.updated_at, voice.claimed_at = state, now, None
        if text is not None:
            voice.transcript = text
        await self.session.flush()
