"""Timed session work at the commune's policy times: closing the question intake (with a summary for staff) and
reminding residents the day before. Called by a scheduler with the current time; runs once per session."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from handlers.commune.policy import load_session_policy
from handlers.commune.words import kind_of
from handlers.commune.topics import topic_label
from handlers.conversation.i18n import Translator, translator
from handlers.sessions.rules import SessionState, resident_reminder_at
from handlers.sessions.views import place_of, title_of


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Do what is due at `now`; returns the number of messages queued."""
    queued = 0
    async with unit_of_work() as uow:
        repo = uow.repo
        for session in await repo.sessions_due((SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED), now):
            if session.state == SessionState.ANNOUNCED and session.intake_closes_at and \
                    session.intake_closes_at <= now:
                await repo.record_session_transition(session, SessionState.INTAKE_CLOSED, None,
                                                     note="intake window ended", staff_reminded_at=now)
                queued += await _tell_staff(repo, session)
            policy = await load_session_policy(repo, session.commune_id)
            if session.residents_reminded_at is None and resident_reminder_at(session.starts_at, policy) <= now:
                session.residents_reminded_at = now
                queued += await _remind_residents(repo, session)
        await uow.commit()
    return queued


async def _tell_staff(repo: Any, session: Any) -> int:
    counts = await repo.question_counts(session.id)
    names = await repo.village_names(session.commune_id)

    def render(t: Translator) -> str:
        by_topic, by_village = Counter(), Counter()
        for topic, village_id, n in counts:
            by_topic[topic_label(topic, t)] += n
            by_village[names.get(village_id, t("no village"))] += n
        lines = [t("Questions are closed for session #{id} ({title}): {n} questions.").format(
            id=session.id, title=title_of(session, t, t.kind), n=sum(by_topic.values()))]
        lines += [t("By field:")] + [f"• {k}: {v}" for k, v in sorted(by_topic.items())]
        lines += [t("By village:")] + [f"• {k}: {v}" for k, v in sorted(by_village.items())]
        return "\n".join(lines)

    return await _send_each(repo, await repo.managers_of(session.commune_id), session, "session.intake_closed",
                            render, opted_in_only=False, villages=[])


async def _remind_residents(repo: Any, session: Any) -> int:
    def render(t: Translator) -> str:
        if session.online:
            return t("Reminder: the {title} is tomorrow, {when}, online in this chat.").format(
                title=title_of(session, t, t.kind), when=t.datetime(session.starts_at))
        return t("Reminder: the {title} is tomorrow, {when}, at {place}.").format(
            title=title_of(session, t, t.kind), when=t.moment(session.starts_at), place=place_of(session, t))

    villages = await repo.session_village_ids(session)
    return await _send_each(repo, await repo.askers_in(session.id), session, "session.reminder", render,
                            opted_in_only=True, villages=villages)


async def _send_each(repo: Any, person_ids: list[int], session: Any, kind: str, render: Any, *,
                     opted_in_only: bool, villages: list[int]) -> int:
    """One message per person, in their chat's language and the commune's words: the listed people plus, for
    residents, subscribers."""
    commune_kind = await kind_of(repo, session.commune_id)
    accounts = await repo.resident_audience(session.commune_id, villages, person_ids=person_ids,
                                            opted_in_only=opted_in_only)
    rows = [{"bot_id": a.bot_id, "channel": a.channel, "chat_id": a.chat_id, "kind": kind,
             "commune_id": session.commune_id, "village_id": a.village_id,
             "payload": {"text": render(translator(a.language, commune_kind))}}
            for a in accounts if a.unreachable_at is None]
    return await repo.enqueue_many(rows)
