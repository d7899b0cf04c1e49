"""Prometheus metrics (/metrics on METRICS_PORT): what the process counts as it goes (updates, handling time,
Bot API sends and 429s) and what the database says at scrape time (outbox depth, deadlines, the worker's lag).

Counters live on this module's registry; the database gauges are refreshed by `scrape` just before rendering."""
from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.process_collector import ProcessCollector
from sqlalchemy import func, select

from handlers.questions.rules import OPEN_STATES
from storage.db import Database
from storage.models import Commune, Delivery, Question

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)

UPDATES = Counter("doithoai_updates", "Updates received, by channel and outcome "
                  "(handled, duplicate, throttled, refused, failed)", ["channel", "outcome"], registry=REGISTRY)
HANDLING = Histogram("doithoai_update_seconds", "Time to handle one update (dispatch and commit, before the replies "
                     "are sent)", ["channel"], registry=REGISTRY,
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
SENT = Counter("doithoai_messages_sent", "Messages the platform accepted, per bot", ["channel", "bot"],
               registry=REGISTRY)
RATE_LIMITED = Counter("doithoai_rate_limited", "429 answers (flood control), per bot", ["channel", "bot"],
                       registry=REGISTRY)
LAST_REMINDER_PASS = Gauge("doithoai_last_reminder_pass_timestamp_seconds",
                           "When the session reminder pass last finished (Unix time)", registry=REGISTRY)
OUTBOX = Gauge("doithoai_outbox_messages", "Outbox rows by status", ["status"], registry=REGISTRY)
OUTBOX_LAG = Gauge("doithoai_outbox_lag_seconds", "How long the oldest due unsent outbox row has waited",
                   registry=REGISTRY)
DEADLINES_DUE = Gauge("doithoai_deadlines_due", "Open questions due today, per commune", ["commune"],
                      registry=REGISTRY)
DEADLINES_OVERDUE = Gauge("doithoai_deadlines_overdue", "Open questions past their due date, per commune",
                          ["commune"], registry=REGISTRY)
OUTBOX_STATUSES = ("pending", "sending", "sent", "held", "unreachable", "failed")


def reminder_pass_done() -> None:
    LAST_REMINDER_PASS.set(time.time())


def count_send(channel: str, bot: str, status: int) -> None:
    """One platform answer to a send: accepted, or refused for flooding."""
    if status == 200:
        SENT.labels(channel, bot).inc()
    elif status == 429:
        RATE_LIMITED.labels(channel, bot).inc()


async def outbox_lag(database: Database, now: datetime) -> float:
    """Seconds the oldest due, unsent row has waited (0 when none is due)."""
    async with database.engine.connect() as connection:
        oldest = await connection.scalar(select(func.min(Delivery.not_before))
                                         .where(Delivery.status == "pending", Delivery.not_before <= now))
    return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0


async def scrape(database: Database, now: datetime) -> bytes:
    """The text exposition, with the database gauges read now."""
    today = now.astimezone(VIETNAM).date()
    open_states = [str(state) for state in OPEN_STATES]
    due = func.count().filter(Question.due_on == today)
    overdue = func.count().filter(Question.due_on < today)
    async with database.engine.connect() as connection:
        statuses = dict((await connection.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status))).all())
        deadlines = (await connection.execute(
            select(Commune.code, due, overdue).join(Question, Question.commune_id == Commune.id)
            .where(Question.state.in_(open_states), Question.due_on <= today).group_by(Commune.code))).all()
    for status in {*OUTBOX_STATUSES, *statuses}:
        OUTBOX.labels(status).set(statuses.get(status, 0))
    DEADLINES_DUE.clear()
    DEADLINES_OVERDUE.clear()
    for code, due_today, past in deadlines:
        DEADLINES_DUE.labels(code).set(due_today)
        DEADLINES_OVERDUE.labels(code).set(past)
    OUTBOX_LAG.set(await outbox_lag(database, now))
    return generate_latest(REGISTRY)

