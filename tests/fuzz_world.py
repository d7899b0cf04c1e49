"""The world the fuzz suite plays in: a commune whose people send generated updates, and bystanders whose rows no
update may touch — a resident of the same commune who sends nothing, and a whole other commune, served by bots of
its own (so nobody here can register into it: whatever of it reaches them is a leak).

Shared by tests/test_fuzz.py and bench/fuzz.py. Rows are written directly (not through the flows) so a world is
built in a fraction of a second, the same way every time."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from handlers.commune.topics import DEFAULT_DEPARTMENTS
from handlers.conversation.context import BotInfo, Deps
from storage.db import Database
from storage.models import BotCommune, ChannelAccount, Consent, Person, StaffMember

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Vietnam
BOT_ID = "700000"
OTHER_BOT_ID = "800000"  # the other commune's bots
BOT_USERNAME = "doithoai_test_bot"
CHANNELS = ("telegram", "zalo_bot", "zalo_oa")
GROUP_CHAT = "-1001234"
SECRET = "BÍ-MẬT-XÃ-KHÁC"  # in the other commune's texts: no reply to anyone here may ever contain it


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    """Ids the generators aim at: the actors' own, the bystander's, and the other commune's."""

    deps: Deps
    commune: int = 0
    other_commune: int = 0
    actors: dict[str, str] = field(default_factory=dict)  # role → user id (= private chat id)
    bystander: str = ""  # user id of the resident who sends nothing
    bystander_person: int = 0
    hidden_from_residents: tuple[str, ...] = ()  # the bystander's name and phone (staff of the commune may see them)
    never_shown: tuple[str, ...] = (SECRET,)  # the other commune's texts, names and phones
    villages: list[int] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    petitions: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    own_sessions: list[int] = field(default_factory=list)  # the commune's, not the other commune's
    own_questions: list[int] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)

    def bot(self, channel: str) -> BotInfo:
        return self.deps.bots[(channel, BOT_ID)]


async def build_world(database: Database, clock: Clock | None = None) -> World:
    """Two communes with people, sessions, questions and petitions, and a bot on each channel."""
    bots, other_bots = {}, {}
    async with database.unit_of_work() as uow:
        here = await uow.repo.add_commune("25252", "Thiện Tân", ("Thôn Lân Luông", "Thôn Bến Đá"), DEFAULT_DEPARTMENTS)
        there = await uow.repo.add_commune("11111", "Xã Khác", ("Thôn Khác",), DEFAULT_DEPARTMENTS)
        for channel in CHANNELS:
            ours = await uow.repo.ensure_bot(channel, BOT_ID, BOT_USERNAME)
            theirs = await uow.repo.ensure_bot(channel, OTHER_BOT_ID, "xa_khac_bot")
            uow.session.add_all([BotCommune(bot_id=ours.id, commune_id=here.id),
                                 BotCommune(bot_id=theirs.id, commune_id=there.id)])
            bots[(channel, BOT_ID)] = BotInfo(ours.id, BOT_USERNAME, channel)
            other_bots[channel] = theirs.id
        await uow.commit()
    world = World(Deps(unit_of_work=database.unit_of_work, bots=bots, clock=clock or Clock()),
                  commune=here.id, other_commune=there.id)
    async with database.unit_of_work() as uow:
        session, repo = uow.session, uow.repo
        villages = {v.name: v.id for c in (here.id, there.id) for v in await repo.villages(c)}
        world.villages = sorted(villages.values())
        world.departments = [code for code, _ in DEFAULT_DEPARTMENTS]
        people = {}
        for key, user, commune, village, name, role, extra in (
                ("resident", "1001", here.id, "Thôn Lân Luông", "Nguyễn Văn An", None, {}),
                ("secretary", "1002", here.id, None, "Lê Thư Ký", "secretary", {}),
                ("officer", "1003", here.id, None, "Trần Địa Chính", "officer", {"department_code": "kinh-te"}),
                ("head", "1004", here.id, "Thôn Lân Luông", "Hoàng Trưởng Thôn", "village_head", {}),
                ("bystander", "1005", here.id, "Thôn Bến Đá", "Trần Thị Bình Yên", None, {}),
                ("other resident", "2001", there.id, "Thôn Khác", "Đinh Văn Xa", None, {}),
                ("other secretary", "2002", there.id, None, "Mai Thư Xa", "secretary", {})):
            person = Person(commune_id=commune, village_id=villages.get(village), full_name=name,
                            phone="+8491" + user + "999")
            session.add(person)
            await session.flush()
            people[key] = person
            session.add(Consent(person_id=person.id, purpose="dialogue", text_version="2026-11-v1", evidence="fuzz"))
            for channel in CHANNELS:
                bot = bots[(channel, BOT_ID)].row_id if commune == here.id else other_bots[channel]
                session.add(ChannelAccount(bot_id=bot, channel=channel, external_user_id=user, chat_id=user,
                                           person_id=person.id, language="vi"))
            if role:
                village_id = villages["Thôn Lân Luông"] if role == "village_head" else None
                session.add(StaffMember(commune_id=commune, person_id=person.id, role=role, village_id=village_id,
                                        **extra))
            if key in ("resident", "secretary", "officer", "head"):
                world.actors[key] = user
        world.bystander, world.bystander_person = "1005", people["bystander"].id
        world.hidden_from_residents = (people["bystander"].full_name, people["bystander"].phone)
        world.never_shown = (SECRET, *(p.full_name for k, p in people.items() if k.startswith("other")),
                             *(p.phone for k, p in people.items() if k.startswith("other")))
        await _sessions_and_questions(world, repo, people, here.id, there.id, villages)
        await uow.commit()
    return world


async def _sessions_and_questions(world: World, repo, people: dict, here: int, there: int, villages: dict) -> None:
    starts = NOW + timedelta(days=10)
    for commune, state, title in ((here, "announced", "Đối thoại quý IV"), (here, "in_progress", "Đối thoại đang họp"),
                                  (here, "draft", "Bản nháp"), (there, "announced", f"Phiên {SECRET}")):
        row = await repo.save_session(None, [], commune_id=commune, title=title, state=state, starts_at=starts,
                                      venue="Hội trường", intake_closes_at=starts - timedelta(days=5))
        world.sessions.append(row.id)
        world.own_sessions += [row.id] if commune == here else []
    for key, commune, text in (("resident", here, "Đường thôn bị hỏng, khi nào sửa?"),
                               ("resident", here, "Đèn đường không sáng"),
                               ("bystander", here, "Trợ cấp lũ lụt bao giờ có?"),
                               ("other resident", there, f"Câu hỏi {SECRET}")):
        person = people[key]
        question = await repo.create_question(commune_id=commune, asker_id=person.id, village_id=person.village_id,
                                              session_id=world.sessions[0] if commune == here else world.sessions[3],
                                              topic="infra", text=text, actor_id=person.id)
        world.questions.append(question.id)
        world.own_questions += [question.id] if commune == here else []
        world.codes.append(question.code)
    answered = await repo.get_question(world.questions[1])
    await repo.record_transition(answered, action="answer", to_state="answered", actor_id=people["secretary"].id,
                                 note="Đã sửa", now=NOW, answer="Đã sửa xong", done_at=NOW)
    for commune, key in ((here, "bystander"), (there, "other resident")):
        petition = await repo.add_petition(commune, people[key].id, "Đối thoại về đất đai" if commune == here
                                           else f"Đề nghị {SECRET}")
        await repo.sign_petition(petition.id, people[key].id)
        world.petitions.append(petition.id)


# What no update from the actors may change: the bystander's own rows, and everything of the other commune.
PROTECTED = {
    "bystander": """select p.id, p.full_name, p.phone, p.commune_id, p.village_id, p.announcements,
                           (select json_agg(json_build_array(a.bot_id, a.chat_id, a.person_id, a.language)
                                            order by a.id) from channel_account a where a.person_id = p.id) accounts,
                           (select json_agg(c.text_version) from consent c where c.person_id = p.id) consents,
                           (select json_agg(q.text order by q.id) from question q where q.asker_id = p.id) asked
                    from person p where p.id = :bystander""",
    "bystander chats": """select s.bot_id, s.chat_id, s.state, s.data from conversation_state s
                          where s.chat_id = :chat""",
    "other commune": """select 'person' kind, to_jsonb(p) r from person p where p.commune_id = :other
                        union all select 'question', to_jsonb(q) - 'updated_at' from question q
                                  where q.commune_id = :other
                        union all select 'session', to_jsonb(s) from dialogue_session s where s.commune_id = :other
                        union all select 'staff', to_jsonb(m) from staff_member m where m.commune_id = :other
                        union all select 'petition', to_jsonb(pe) from petition pe where pe.commune_id = :other
                        union all select 'signature', to_jsonb(ps) from petition_signature ps
                                  join petition pe on pe.id = ps.petition_id where pe.commune_id = :other
                        union all select 'supporter', to_jsonb(qs) from question_supporter qs
                                  join question q on q.id = qs.question_id where q.commune_id = :other
                        union all select 'speaker', to_jsonb(sp) from speaker_slot sp
                                  join dialogue_session s on s.id = sp.session_id where s.commune_id = :other
                        union all select 'delivery', to_jsonb(d) from delivery d where d.commune_id = :other
                                  or d.chat_id in ('2001', '2002')
                        union all select 'group', to_jsonb(g) - 'linked_at' from village_group g
                                  where g.commune_id = :other""",
}


async def protected_rows(database: Database, world: World) -> dict[str, list[str]]:
    params = {"bystander": world.bystander_person, "chat": world.bystander, "other": world.other_commune}
    rows = {}
    async with database.engine.connect() as connection:
        for name, sql in PROTECTED.items():
            result = await connection.execute(text(f"select (to_jsonb(t))::text from ({sql}) t order by 1"), params)
            rows[name] = list(result.scalars().all())
    return rows
