"""Work that grows with the data costs a fixed number of SQL statements, not one or more per row (the province-scale
figures in bench/scale.py depend on it): a session's report, a resident's /mytickets, the follow-up pass."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, select

from handlers.conclusions.followup import tick
from storage.models import Person, Question
from tests.fixtures import NOW, community, open_session


@contextmanager
def statements(db):
    """Every SQL statement the database's engine runs inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def add_questions(db, n: int, session_id: int | None = None, asker_id: int | None = None,
                        due_in_days: int | None = None) -> None:
    """n questions, each from a new resident unless an asker is given, each with a different department."""
    departments = ["kinh-te", "hanh-chinh-cong", "van-phong", "van-hoa-xa-hoi", "cong-an"]
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        for i in range(n):
            asker = asker_id
            if asker is None:
                person = Person(commune_id=commune.id, full_name=f"Người hỏi {i}", phone=f"09{i:08d}")
                uow.session.add(person)
                await uow.session.flush()
                asker = person.id
            q = await uow.repo.create_question(commune_id=commune.id, asker_id=asker, village_id=None,
                                               session_id=session_id, topic="land", text=f"Câu hỏi {i}",
                                               actor_id=asker)
            q.department_code = departments[i % len(departments)]
            if due_in_days is not None:
                q.state, q.due_on = "assigned", NOW.date() + timedelta(days=due_in_days)
        await uow.commit()


async def test_a_session_report_costs_the_same_statements_for_3_or_33_questions(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + timedelta(days=10))
    counts = []
    for more in (3, 30):
        await add_questions(db, more, session_id)
        with statements(db) as seen:
            reply = await people["chair"].send(f"/report {session_id}")
        assert "questions" in reply
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


async def test_my_tickets_costs_the_same_statements_for_1_or_5_questions(db):
    deps, people = await community(db)
    async with db.unit_of_work() as uow:
        asker = await uow.session.scalar(select(Person.id).where(Person.full_name == "Nguyễn Văn An"))
    counts = []
    for more in (1, 4):
        await add_questions(db, more, asker_id=asker)
        with statements(db) as seen:
            await people["an"].send("/mytickets")
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


async def test_the_follow_up_pass_costs_the_same_statements_for_5_or_30_reminders(db):
    await community(db)
    counts = []
    for more in (5, 30):  # both over the same five departments
        async with db.unit_of_work() as uow:  # earlier questions are done: only the new ones are due
            for q in (await uow.session.scalars(select(Question))).all():
                q.state = "answered"
            await uow.commit()
        await add_questions(db, more, due_in_days=1)
        with statements(db) as seen:
            queued = await tick(db.unit_of_work, NOW)
        assert queued >= more  # one reminder per question at least (the secretary when a department has no officer)
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


async def test_two_follow_up_passes_at_once_send_each_reminder_once(db):
    """The pass locks only the questions it acts on, and judges them again once locked."""
    import asyncio

    from tests.fixtures import outbox

    await community(db)
    await add_questions(db, 12, due_in_days=1)
    await add_questions(db, 12, due_in_days=-3)  # overdue: the chair is told
    counts = await asyncio.gather(*(tick(db.unit_of_work, NOW) for _ in range(3)))
    reminders, escalations = await outbox(db, "followup.reminder"), await outbox(db, "followup.escalation")
    assert sum(counts) == len(reminders) + len(escalations)
    assert len(escalations) == 12 and len({text for _, _, text in escalations}) == 12
    assert len(reminders) == len(set(reminders)) >= 12
    assert await tick(db.unit_of_work, NOW) == 0


async def test_my_questions_are_counted_right_on_every_page_and_in_my_data(db):
    deps, people = await community(db)
    async with db.unit_of_work() as uow:
        asker = await uow.session.scalar(select(Person.id).where(Person.full_name == "Nguyễn Văn An"))
    await add_questions(db, 7, asker_id=asker)
    an = people["an"]
    assert "Your questions (7)" in await an.send("/mytickets")
    older = await an.press("Older ▶")
    assert "Your questions (7)" in older and older.count("TT-") == 2
    assert "Your questions (7)" in await an.press("Newer")
    assert "Questions sent: 7" in await an.send("/mydata")


async def steps_of_asking(db, chat, steps) -> list[int]:
    """Send or press each step; the statements each cost, with the bot's reply checked."""
    counts = []
    for action, what, expect in steps:
        with statements(db) as seen:
            reply = await (chat.send(what) if action == "send" else chat.press(what))
        assert expect in reply, reply
        counts.append(len(seen))
    return counts


async def test_a_question_costs_the_round_trips_it_always_did_and_no_more(db):
    """The hot path of every private update is one statement before the handler (the update recorded, the account,
    the chat's state, the person and their roles) and one after (the state); /ask adds one for its sessions, sending
    adds the deadline rules (policy and days off in one) and the question with its ticket number and its "create"
    event (one statement)."""
    deps, people = await community(db)
    counts = await steps_of_asking(db, people["an"], [
        ("send", "/ask", "No dialogue session is taking questions"),
        ("press", "General questions (no session)", "Which field"),
        ("press", "Land", "Please type your question"),
        ("send", "Bao giờ được cấp sổ đỏ cho thửa đất của tôi?", "Please check your question"),
        ("press", "Send", "Your code is TT-"),
    ])
    assert counts == [3, 2, 2, 2, 4], counts


async def test_a_question_for_a_session_costs_a_fixed_number_of_round_trips(db):
    deps, people = await community(db)
    await open_session(db, NOW + timedelta(days=10))
    counts = await steps_of_asking(db, people["an"], [
        ("send", "/ask", "Your question is for the session"),  # their village's only session: preselected
        ("press", "Land", "Please type your question"),
        ("send", "Bao giờ được cấp sổ đỏ cho thửa đất của tôi?", "Please check your question"),
        ("press", "Send", "Your code is TT-"),
    ])
    assert counts == [3, 2, 5, 5], counts


async def test_a_command_that_leaves_the_chat_at_rest_does_not_write_its_state_back(db):
    deps, people = await community(db)
    an = people["an"]
    with statements(db) as seen:
        assert "You have not sent any questions yet" in await an.send("/mytickets")
    assert not [s for s in seen if s.startswith("UPDATE conversation_state")], seen
    assert len(seen) == 3, seen  # the opening statement (with the person), their questions, those they support
    with statements(db) as seen:  # a step that moves the conversation writes it, and the next step finds it
        assert "No dialogue session is taking questions" in await an.send("/ask")
    assert [s for s in seen if s.startswith("UPDATE conversation_state")]
    assert "Which field" in await an.press("General questions (no session)")
