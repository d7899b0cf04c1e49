"""A province's data for bench/scale.py, loaded with COPY: communes (through the product's own add_commune), staff,
residents with their chat account and consent, sessions, questions with their audit events, outbox rows and
"me too" supporters. Deterministic (seeded); every commune's questions are regenerated, not held in memory."""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

import asyncpg

from handlers.commune.topics import DEFAULT_DEPARTMENT, DEFAULT_DEPARTMENTS, Topic
from storage.db import Database

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Vietnam
HISTORY_DAYS = 700  # questions spread over the last two years
VILLAGES = 10
SESSIONS = 8
DEPARTMENTS = [code for code, _ in DEFAULT_DEPARTMENTS]
TOPICS = list(Topic)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Nông", "Lương"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Quốc Bảo", "Thị Hoa", "Văn Sơn", "Thị Thư", "Minh Tuấn"]
ASKED = ["Bao giờ các hộ tái định cư ở thôn {v} được cấp giấy chứng nhận quyền sử dụng đất? Gia đình tôi đã nộp "
         "đủ hồ sơ từ năm ngoái nhưng chưa nhận được thông báo nào.",
         "Đường liên thôn qua thôn {v} bị sạt lở sau mưa lũ, xe máy đi lại rất nguy hiểm, đề nghị xã sớm sửa chữa.",
         "Mẹ tôi năm nay 80 tuổi, xin hỏi thủ tục để được nhận trợ cấp người cao tuổi và thời gian giải quyết.",
         "Mức bồi thường khi thu hồi đất làm dự án ở thôn {v} thấp hơn giá thị trường, đề nghị xem xét lại.",
         "Trạm bơm nước của thôn {v} hỏng đã hai tháng, bà con không có nước tưới cho vụ đông.",
         "Đề nghị tăng cường tuần tra ban đêm vì gần đây có nhiều vụ mất trộm gia súc ở thôn {v}."]
ANSWER = ("UBND xã đã giao bộ phận chuyên môn kiểm tra thực tế; kết quả: hồ sơ của gia đình đã đủ điều kiện, đề nghị "
          "ông/bà đến Trung tâm phục vụ hành chính công để nhận kết quả trong giờ hành chính.")
CLOSED = (("answered", 0.75), ("declined", 0.08), ("forwarded", 0.09), ("merged", 0.08))


@dataclass(frozen=True)
class Sizes:
    communes: int = 100
    residents: int = 200_000
    questions: int = 1_000_000
    followed: int = 100_000  # waiting for a written answer (assigned / reopened), across all communes
    report: int = 10_000  # questions of the one big session /report is measured on
    deliveries_per_question: float = 1.0
    supported_share: float = 0.1


@dataclass
class Commune:
    id: int
    villages: list[int]
    residents: range  # person ids
    staff: dict[str, int]  # role or "officer:<department>" or "head:<village id>" → person id
    sessions: list[int]
    questions: range  # question ids: interleaved with the other communes', as they arrive over time


def copy_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def load(database: Database, url: str, sizes: Sizes) -> tuple[list[Commune], int]:
    """Fill an empty, migrated database; returns the communes and the bot's row id."""
    communes, bot_id = await _communes(database, sizes)
    connection = await asyncpg.connect(copy_url(url))
    try:
        await connection.execute("SET synchronous_commit = off")
        try:  # the generator keeps every reference valid; skipping the row-by-row checks loads 3× faster
            await connection.execute("SET session_replication_role = replica")
        except asyncpg.PostgresError:
            pass
        for table, columns, rows in _tables(communes, bot_id, sizes):
            started = time.perf_counter()
            count = await _copy(connection, table, columns, rows)
            print(f"  loaded {count:>9,} {table} rows in {time.perf_counter() - started:5.1f} s", flush=True)
        await _after_load(connection, communes)
    finally:
        await connection.close()
    return communes, bot_id


async def _copy(connection, table: str, columns: list[str], rows: Iterator[tuple]) -> int:
    counted = 0

    def counting():
        nonlocal counted
        for row in rows:
            counted += 1
            yield row

    await connection.copy_records_to_table(table, records=counting(), columns=columns)
    return counted


async def _communes(database: Database, sizes: Sizes) -> tuple[list[Commune], int]:
    """Communes through the product's add_commune (departments and policies included), then the id plan."""
    per_resident, per_question = sizes.residents // sizes.communes, sizes.questions // sizes.communes
    staff_each = 2 + len(DEPARTMENTS) + VILLAGES
    communes = []
    async with database.unit_of_work() as uow:
        bot_id = (await uow.repo.ensure_bot("telegram", "7100000001", "province_scale_bot")).id
        for c in range(sizes.communes):
            row = await uow.repo.add_commune(f"{90000 + c}", f"Xã Thử {c + 1}",
                                             [f"Thôn {k + 1}" for k in range(VILLAGES)], DEFAULT_DEPARTMENTS)
            villages = [v.id for v in await uow.repo.villages(row.id)]
            first_staff = sizes.residents + c * staff_each + 1
            roles = ["chair", "secretary", *(f"officer:{d}" for d in DEPARTMENTS), *(f"head:{v}" for v in villages)]
            communes.append(Commune(row.id, villages, range(c * per_resident + 1, (c + 1) * per_resident + 1),
                                    {role: first_staff + k for k, role in enumerate(roles)},
                                    list(range(c * SESSIONS + 1, (c + 1) * SESSIONS + 1)),
                                    range(c + 1, sizes.communes * per_question + 1, sizes.communes)))
        await uow.commit()
    return communes, bot_id


def _tables(communes: list[Commune], bot_id: int, sizes: Sizes):
    yield "person", ["id", "commune_id", "village_id", "full_name", "phone", "created_at"], _people(communes)
    account = ["id", "bot_id", "channel", "external_user_id", "chat_id", "person_id", "language", "last_seen_at"]
    yield "channel_account", account, ((pid, bot_id, "telegram", str(pid), str(pid), pid, "vi", NOW)
                                       for pid in _person_ids(communes))
    yield "consent", ["person_id", "purpose", "text_version", "evidence", "agreed_at"], (
        (pid, "dialogue", "2026-11-v1", f"telegram update {pid * 7 + 1000}", NOW) for pid in _person_ids(communes))
    yield "staff_member", ["commune_id", "person_id", "role", "department_code", "village_id"], _staff(communes)
    yield "dialogue_session", ["id", "commune_id", "title", "kind", "state", "starts_at", "venue"], _sessions(communes)
    yield "question", QUESTION_COLUMNS, (_question_row(q) for c in communes for q in _questions(c, sizes))
    yield "question_event", ["question_id", "actor_id", "action", "from_state", "to_state", "at"], (
        e for c in communes for q in _questions(c, sizes) for e in _events(q, c))
    yield "delivery", DELIVERY_COLUMNS, (d for c in communes for q in _questions(c, sizes)
                                         for d in _deliveries(q, bot_id, sizes))
    yield "question_supporter", ["question_id", "person_id", "created_at"], (
        s for c in communes for q in _questions(c, sizes) for s in _supporters(q, c, sizes))


def _person_ids(communes: list[Commune]) -> Iterator[int]:
    for c in communes:
        yield from c.residents
    for c in communes:
        yield from sorted(c.staff.values())


def _people(communes: list[Commune]) -> Iterator[tuple]:
    for c in communes:
        for pid in c.residents:
            yield (pid, c.id, c.villages[pid % VILLAGES], _name(pid), f"09{pid:08d}",
                   NOW - timedelta(days=pid % HISTORY_DAYS))
    for c in communes:
        for role, pid in c.staff.items():
            village = int(role.split(":")[1]) if role.startswith("head:") else None
            yield pid, c.id, village, _name(pid), f"08{pid:08d}", NOW - timedelta(days=HISTORY_DAYS)


def _name(pid: int) -> str:
    return f"{SURNAMES[pid % len(SURNAMES)]} {GIVEN[pid // 7 % len(GIVEN)]}"


def _staff(communes: list[Commune]) -> Iterator[tuple]:
    for c in communes:
        for role, pid in c.staff.items():
            kind, _, detail = role.partition(":")
            if kind == "officer":
                yield c.id, pid, "officer", detail, None
            elif kind == "head":
                yield c.id, pid, "village_head", None, int(detail)
            else:
                yield c.id, pid, kind, None, None


def _sessions(communes: list[Commune]) -> Iterator[tuple]:
    for c in communes:
        for k, sid in enumerate(c.sessions):
            starts = NOW - timedelta(days=HISTORY_DAYS - k * HISTORY_DAYS // SESSIONS)
            yield (sid, c.id, f"Hội nghị đối thoại định kỳ lần {k + 1}", "periodic", "concluded", starts,
                   "Hội trường UBND xã")


@dataclass(frozen=True)
class Q:
    id: int
    commune_id: int
    number: int
    session_id: int | None
    asker_id: int
    village_id: int
    topic: str
    state: str
    department: str | None
    due_on: date | None
    created_at: datetime
    merged_into: int | None


def _questions(c: Commune, sizes: Sizes) -> Iterator[Q]:
    """The commune's questions, oldest first, identical on every call: the newest `followed` share wait for a written
    answer (due from 3 days ago to 40 days ahead) or are new (3 % of them), older ones are closed; commune 1's first
    `report` sit in one session."""
    rng = random.Random(c.id)
    count, followed = len(c.questions), sizes.followed // sizes.communes
    report = sizes.report if c.id == 1 else 0
    for n, qid in enumerate(c.questions):
        roll = rng.random()
        asker = c.residents[rng.randrange(len(c.residents))]
        topic = rng.choice(TOPICS)
        department = DEFAULT_DEPARTMENT.get(topic, "van-phong")
        if n >= count - followed:
            state, due = ("assigned" if roll < 0.9 else "reopened"), NOW.date() + timedelta(days=rng.randint(-3, 40))
        elif n >= count - followed - followed * 3 // 100:
            state, due, department = "new", None, None
        else:
            state, due = _closed(rng.random()), None
        session = c.sessions[0] if n < report else (None if roll < 0.2 else c.sessions[1 + n % (SESSIONS - 1)])
        created = NOW - timedelta(minutes=(count - n) * HISTORY_DAYS * 1440 // max(count, 1))
        merged = c.questions[rng.randrange(n)] if state == "merged" and n else None
        yield Q(qid, c.id, n + 1, session, asker, c.villages[asker % VILLAGES], topic,
                "answered" if state == "merged" and merged is None else state, department, due, created, merged)


def _closed(roll: float) -> str:
    for state, share in CLOSED:
        if roll < share:
            return state
        roll -= share
    return "answered"


QUESTION_COLUMNS = ["id", "commune_id", "session_id", "code", "asker_id", "village_id", "topic", "text", "state",
                    "department_code", "due_on", "answer", "decline_reason", "forwarded_to", "merged_into_id",
                    "created_at", "updated_at", "done_at", "satisfaction"]


def _question_row(q: Q) -> tuple:
    text = ASKED[q.id % len(ASKED)].format(v=f"Thôn {q.village_id % VILLAGES + 1}")
    answered = q.state == "answered"
    done = q.created_at + timedelta(days=12) if answered else None
    return (q.id, q.commune_id, q.session_id, f"TT-{q.number:05d}", q.asker_id, q.village_id, q.topic, text, q.state,
            q.department, q.due_on, ANSWER if answered else None,
            "Nội dung không thuộc thẩm quyền của UBND xã." if q.state == "declined" else None,
            "UBND tỉnh Lạng Sơn" if q.state == "forwarded" else None, q.merged_into, q.created_at,
            done or q.created_at, done, ("satisfied", "partly", "not", None)[q.id % 4] if answered else None)


def _events(q: Q, c: Commune) -> Iterator[tuple]:
    yield q.id, q.asker_id, "create", None, "new", q.created_at
    if q.state == "new":
        return
    secretary = c.staff["secretary"]
    if q.department:
        yield q.id, secretary, "assign", "new", "assigned", q.created_at + timedelta(days=1)
    if q.state not in ("assigned",):
        action = {"answered": "answer", "declined": "decline", "forwarded": "forward", "merged": "merge",
                  "reopened": "reopen"}[q.state]
        yield q.id, secretary, action, "assigned", q.state, q.created_at + timedelta(days=12)


DELIVERY_COLUMNS = ["commune_id", "bot_id", "channel", "chat_id", "kind", "payload", "status", "attempts",
                    "not_before", "platform_message_id", "created_at", "sent_at"]


def _deliveries(q: Q, bot_id: int, sizes: Sizes) -> Iterator[tuple]:
    """What the asker was told: its state changes, one message each (about `deliveries_per_question` a question)."""
    if q.state == "new" or (q.id * 7919) % 1000 >= sizes.deliveries_per_question * 1000:
        return
    text = (f"Câu hỏi TT-{q.number:05d} của Ông/Bà đã được giao cho bộ phận {q.department or 'Văn phòng'} giải "
            f"quyết. Hạn trả lời: chậm nhất ngày {(q.created_at + timedelta(days=14)):%d/%m/%Y}.")
    payload = json.dumps({"text": text, "buttons": [[[f"TT-{q.number:05d}", f"mt:{q.id}"]]]}, ensure_ascii=False)
    at = q.created_at + timedelta(days=1)
    yield (q.commune_id, bot_id, "telegram", str(q.asker_id), "ticket.assign", payload, "sent", 1, at,
           str(q.id * 3), at, at + timedelta(seconds=2))


def _supporters(q: Q, c: Commune, sizes: Sizes) -> Iterator[tuple]:
    if (q.id * 2654435761) % 10_000 >= sizes.supported_share * 10_000:
        return
    rng = random.Random(q.id)
    people = {c.residents[rng.randrange(len(c.residents))] for _ in range(rng.randint(1, 3))} - {q.asker_id}
    for pid in sorted(people):
        yield q.id, pid, q.created_at + timedelta(hours=3)


async def _after_load(connection, communes: list[Commune]) -> None:
    for table in ("person", "channel_account", "consent", "staff_member", "dialogue_session", "question",
                  "question_event", "delivery"):
        await connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 1) FROM {table}))")
    await connection.execute("UPDATE commune SET next_ticket_no = 1 + (SELECT count(*) FROM question "
                             "WHERE question.commune_id = commune.id)")
    started = time.perf_counter()
    await connection.execute("VACUUM ANALYZE")  # as autovacuum would have left it: statistics, visibility map
    print(f"  VACUUM ANALYZE in {time.perf_counter() - started:.1f} s", flush=True)
