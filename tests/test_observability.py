"""What an operator sees of a running bot, over HTTP like Prometheus and a load balancer: /metrics (updates, handling
time, sends and 429s per bot, the outbox, deadlines per commune, the reminder pass), /healthz naming the part that
is unwell, and LOG_FORMAT=json lines that follow one update to the messages it caused, with nothing personal."""
from __future__ import annotations

import io
import json
import logging
from datetime import datetime, timedelta, timezone

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select, update

from bot.admin import add_commune
from bot.logs import setup_logging
from storage.models import Delivery, Person, Question
from tests.fixtures import poll
from tests.telegram_harness import TOKEN, ask_as_resident, resident_registers, running_bot, staff_joins

BOT = TOKEN.split(":")[0]


async def scrape(app) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics: (name, sorted labels) → value."""
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{app.metrics_port}/metrics") as response:
            assert response.status == 200
            text = await response.text()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def healthz(app) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{app.web_port}/healthz") as response:
            return response.status, await response.json()


def sample(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_updates_sends_429s_the_outbox_and_deadlines_per_commune(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, metrics_port=0) as (phone, app):
        before = await scrape(app)
        resident = phone.person(5301, "An")
        await ask_as_resident(phone, resident)
        phone.fake.refuse_sends(1, retry_after=1)  # the next reply meets flood control once, then goes through
        await phone.say(resident, "/help")
        async with db.unit_of_work() as uow:  # one open question past its due date, one due today
            await uow.session.execute(update(Question).values(state="assigned", due_on=datetime.now(timezone.utc).date()
                                                              - timedelta(days=3)))
            await uow.commit()
        await app.run_reminders()
        after = await scrape(app)

    handled = (sample(after, "doithoai_updates_total", channel="telegram", outcome="handled")
               - sample(before, "doithoai_updates_total", channel="telegram", outcome="handled"))
    assert handled >= 11  # registering (5), asking (5), /help
    assert sample(after, "doithoai_update_seconds_count", channel="telegram") >= handled
    assert sample(after, "doithoai_messages_sent_total", channel="telegram", bot=BOT) \
        - sample(before, "doithoai_messages_sent_total", channel="telegram", bot=BOT) >= 6
    assert sample(after, "doithoai_rate_limited_total", channel="telegram", bot=BOT) \
        - sample(before, "doithoai_rate_limited_total", channel="telegram", bot=BOT) == 1
    assert sample(after, "doithoai_deadlines_overdue", commune="25252") == 1
    assert sample(after, "doithoai_deadlines_due", commune="25252") == 0
    assert ("doithoai_outbox_messages", (("status", "pending"),)) in after
    assert sample(after, "doithoai_last_reminder_pass_timestamp_seconds") > before.get(
        ("doithoai_last_reminder_pass_timestamp_seconds", ()), 0)
    assert not any(TOKEN.split(":")[1] in str(key) for key in after)  # the bot is named by its id, not its token


async def test_healthz_names_a_bot_whose_api_fails_and_a_lagging_worker_then_recovers(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        status, body = await healthz(app)
        assert (status, body["ok"], body["database"], body["bots"], body["worker"]) == \
            (200, True, "ok", {f"telegram:{BOT}": "ok"}, "ok")

        resident = phone.person(5302, "Bình")
        phone.fake.fail_sends(ratio=1.0, status=502)  # Telegram's API answers 502 to every send
        phone.fake.inject_message(TOKEN, resident, "/start")

        async def failing():
            status, body = await healthz(app)
            return body if status == 503 and body["bots"][f"telegram:{BOT}"] != "ok" else None
        body = await poll(failing, what="healthz reporting the failing API")
        assert body["bots"] == {f"telegram:{BOT}": "failing: HTTP 502"} and body["database"] == "ok"

        phone.fake.calm()  # the API is back: the queued welcome goes out and the bot is healthy again
        await phone.fake.wait_for_sent(TOKEN, resident, 2, timeout=60)

        async def healthy():
            status, body = await healthz(app)
            return body if status == 200 else None
        assert (await poll(healthy, what="healthz healthy again"))["bots"] == {f"telegram:{BOT}": "ok"}

        async with db.unit_of_work() as uow:  # a message for a bot whose worker is down, due ten minutes ago
            other = await uow.repo.ensure_bot("telegram", "777000", "other_bot")
            uow.session.add(Delivery(bot_id=other.id, channel="telegram", chat_id="1", kind="reply",
                                     payload={"text": "x"}, not_before=datetime.now(timezone.utc)
                                     - timedelta(minutes=10)))
            await uow.commit()
        status, body = await healthz(app)
        assert (status, body["ok"], body["worker"], body["database"]) == (503, False, "lagging", "ok")
        assert body["outbox_lag_seconds"] >= 600
        async with aiohttp.ClientSession() as http:  # what the load balancer asks: the replica can take updates
            async with http.get(f"http://127.0.0.1:{app.web_port}/healthz?parts=database,bots") as response:
                assert response.status == 200 and (await response.json())["worker"] == "lagging"


async def test_json_logs_follow_an_update_to_the_message_it_caused_and_hold_nothing_personal(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    stream = io.StringIO()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "telegram", "sqlalchemy", "httpx")}
    handler = setup_logging("DEBUG", [TOKEN], stream=stream, log_format="json")
    try:
        async with running_bot(db) as (phone, app):
            resident = phone.person(5303, "An")
            await ask_as_resident(phone, resident)
            async with db.unit_of_work() as uow:
                await uow.session.execute(update(Person).where(Person.full_name == "Nguyễn Văn An")
                                          .values(phone="0912345678"))
                await uow.commit()
            secretary = phone.person(5304, "Thư")
            await staff_joins(phone, db, secretary)
            await phone.say(secretary, "/q TT-0001")
            await phone.press(secretary, "Answer")
            await phone.say(secretary, "Hồ sơ của ông đã được duyệt.", expect=2)
            await phone.wait_for_text(resident, "Hồ sơ của ông đã được duyệt.")
            async def answer_sent():  # the fake has it; the worker records "sent" right after
                async with db.unit_of_work() as uow:
                    return await uow.session.scalar(
                        select(Delivery.trace_id).where(Delivery.chat_id == str(resident), Delivery.status == "sent",
                                                        Delivery.kind == "ticket.answer"))
            traced = await poll(answer_sent, what="the answer recorded as sent")
            await poll(lambda: _async(f'"trace_id": "{traced}"' in stream.getvalue()
                                      and "sent kind=ticket.answer" in stream.getvalue()),
                       what="the delivery's log line")
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines and all({"time", "level", "logger", "message", "trace_id"} <= set(line) for line in lines)
    assert traced
    caused = [line["message"] for line in lines if line["trace_id"] == traced]
    assert any(m.startswith("update handled") for m in caused)  # the secretary's answer…
    assert any(m.startswith("delivery") and "sent" in m for m in caused)  # …and the message it sent the resident
    everything = stream.getvalue()
    for private in ("Nguyễn Văn An", "Lê Thị Thư", "0912345678", "Bao giờ được cấp sổ đỏ", "Hồ sơ của ông",
                    TOKEN.split(":")[1]):
        assert private not in everything


async def _async(value):
    return value

