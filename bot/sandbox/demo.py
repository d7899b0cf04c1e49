"""`doithoai demo-data`: a commune with villages, staff who have joined, an announced session and questions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select

from bot.telegram.parse import CHANNEL
from handlers.conversation.i18n import VIETNAM
from handlers.people.rules import ANNOUNCEMENTS, DIALOGUE, NOTICE_VERSION, TRANSFER
from handlers.commune.topics import DEFAULT_DEPARTMENTS
from handlers.invitations.rules import ORGANISATIONS, Category, new_token, token_hash
from storage.db import Database
from storage.models import Commune, StaffMember

SANDBOX_TOKEN = "7000000001:SANDBOX-local-only-token"
SANDBOX_BOT_ID = SANDBOX_TOKEN.split(":")[0]
SANDBOX_BOT_USERNAME = "doithoai_sandbox_bot"
COMMUNE_CODE, COMMUNE_NAME = "06421", "Thiện Tân"  # Xã Thiện Tân, Lạng Sơn, in the official list
PROVINCE_CODE, PROVINCE_NAME = "20", "Lạng Sơn"
VILLAGES = ("Thôn Lân Luông", "Thôn Bến Đá", "Thôn Đồng Mới")
DEMO_ADDRESS = "Thôn Lân Luông, xã Thiện Tân, tỉnh Lạng Sơn"  # an example: a commune sets its own


@dataclass(frozen=True)
class DemoPerson:
    user_id: int
    name: str
    village: str | None = None
    role: str | None = None  # a staff role; None for a resident
    department: str | None = None
    phone: str | None = None


PEOPLE = (
    DemoPerson(910001, "Nguyễn Văn An", VILLAGES[0], phone="0912345678"),
    DemoPerson(910002, "Phạm Thị Hoa", VILLAGES[1]),
    DemoPerson(910003, "Nông Văn Sơn", VILLAGES[0], role="village_head"),
    DemoPerson(910004, "Lê Thị Thư", role="secretary"),
    DemoPerson(910005, "Hoàng Văn Minh", role="chair"),
    DemoPerson(910006, "Trần Quốc Bảo", role="officer", department="kinh-te"),
    DemoPerson(910007, "Vi Thị Mai", role="front"),  # Ủy ban MTTQ xã: /gathered, /followup, /scorecard
    DemoPerson(910008, "Hoàng Văn Lực", role="council"),  # HĐND xã: reports, /followup, /scorecard
    DemoPerson(910009, "Lương Văn Tiến", role="party"),  # Đảng ủy xã: reports, /scorecard
    DemoPerson(910010, "Đinh Thị Lan", role="support"),  # tổ giúp việc: the queue, merging, the speaker list
    DemoPerson(910011, "Mã Văn Khánh", role="province"),  # cán bộ tỉnh: /province
)
QUESTIONS = (  # (asker's user id, topic, text)
    (910001, "land", "Bao giờ các hộ tái định cư ở thôn Lân Luông được cấp giấy chứng nhận quyền sử dụng đất?"),
    (910002, "infra", "Đường liên thôn qua Bến Đá bị sạt lở sau mưa lũ, khi nào xã cho sửa?"),
    (910002, "social", "Mẹ tôi 80 tuổi, làm thế nào để được nhận trợ cấp người cao tuổi?"),
)


async def database_is_empty(database: Database) -> bool:
    async with database.unit_of_work() as uow:
        return not await uow.session.scalar(select(func.count()).select_from(Commune))


async def load_demo_data(database: Database, now: datetime | None = None) -> str:
    """Load the demo commune once; its people are chat accounts of the sandbox bot."""
    now = now or datetime.now(timezone.utc)
    async with database.unit_of_work() as uow:
        repo = uow.repo
        if await repo.commune_by_code(COMMUNE_CODE):
            return f"Demo commune {COMMUNE_CODE} is already loaded."
        commune = await repo.add_commune(COMMUNE_CODE, COMMUNE_NAME, VILLAGES, DEFAULT_DEPARTMENTS, kind="xa",
                                         province_code=PROVINCE_CODE, province_name=PROVINCE_NAME)
        commune.address = DEMO_ADDRESS
        # a recorded voter count, so residents can try a request for an extraordinary session
        await repo.set_policy(commune.id, "petition.voter_count", "4850",
                              "Danh sách cử tri của xã (số liệu minh họa cho bản dùng thử)")
        villages = {v.name: v.id for v in await repo.villages(commune.id)}
        bot = await repo.ensure_bot(CHANNEL, SANDBOX_BOT_ID, SANDBOX_BOT_USERNAME)
        people = {}
        for demo in PEOPLE:
            account = await repo.touch_account(bot.id, CHANNEL, str(demo.user_id), str(demo.user_id), "vi")
            person = await repo.create_person(account, NOTICE_VERSION, "demo-data",
                                              purposes=(DIALOGUE, TRANSFER, ANNOUNCEMENTS))
            person.full_name, person.phone, person.commune_id = demo.name, demo.phone, commune.id
            person.announcements = True  # the demo residents chose announcements
            person.village_id = villages.get(demo.village) if demo.village else None
            people[demo.user_id] = person
            if demo.role:
                village_id = person.village_id if demo.role == "village_head" else None
                uow.session.add(StaffMember(commune_id=commune.id, person_id=person.id, role=demo.role,
                                            department_code=demo.department, village_id=village_id,
                                            province=PROVINCE_CODE if demo.role == "province" else None))
        session = await repo.add_session(**_announced_session(commune.id, now))
        for user_id, topic, text in QUESTIONS:
            asker = people[user_id]
            await repo.create_question(commune_id=commune.id, asker_id=asker.id, village_id=asker.village_id,
                                       session_id=session.id, topic=topic, text=text, actor_id=asker.id)
        await _invitations(repo, commune.id, session.id, people, now)
        await _published_session(repo, commune.id, people, now)
        await uow.commit()
    return (f"Loaded demo commune {COMMUNE_CODE} {COMMUNE_NAME}: {len(VILLAGES)} villages, {len(PEOPLE)} people, "
            f"1 announced session, {len(QUESTIONS)} questions.")


def _announced_session(commune_id: int, now: datetime) -> dict:
    day = (now.astimezone(VIETNAM) + timedelta(days=14)).date()
    starts_at = datetime.combine(day, time(8, 0), VIETNAM)
    return {"commune_id": commune_id, "title": "Hội nghị đối thoại quý IV năm 2026", "kind": "periodic",
            "state": "announced", "starts_at": starts_at, "venue": "Hội trường UBND xã Thiện Tân",
            "intake_opens_at": now - timedelta(days=1), "intake_closes_at": starts_at - timedelta(days=3)}


async def _invitations(repo, commune_id: int, session_id: int, people: dict, now: datetime) -> None:
    """The session's invitation list: the village head, the askers, the organisations and a guest; chat
    invitations sent to those with an account, and the village head already checked in at the desk."""
    rows = [dict(category=Category.VILLAGE_HEAD, person=people[910003]),
            dict(category=Category.ASKER, person=people[910001]), dict(category=Category.ASKER, person=people[910002])]
    rows += [dict(category=Category.ORGANISATION, title=words.format(unit="xã")) for _, words in ORGANISATIONS]
    rows.append(dict(category=Category.GUEST, name="Vi Văn Tường", title="Giám đốc Hợp tác xã Đồng Tiến"))
    for row in rows:
        person = row.pop("person", None)
        sent = dict(token_hash=token_hash(new_token()), sent_at=now) if person else {}
        await repo.add_invitation(commune_id=commune_id, session_id=session_id, person_id=person and person.id,
                                  village_id=person and person.village_id, **row, **sent)
    head = next(r for r in await repo.invitations(session_id) if r.category == Category.VILLAGE_HEAD)
    head.checked_in_at, head.checked_in_by = now, people[910004].id
# last quarter's session: (asker's user id, topic, text, state, the answer or the body it was forwarded to)
PUBLISHED_QUESTIONS = (
    (910001, "infra", "Đèn chiếu sáng đường trục thôn Lân Luông hỏng đã lâu, bao giờ được thay?", "answered",
     "UBND xã đã bố trí kinh phí, thay toàn bộ đèn hỏng trong tháng này."),
    (910002, "infra", "Quốc lộ 4B đoạn qua thôn Bến Đá xuống cấp, đề nghị sửa chữa.", "forwarded",
     "Sở Xây dựng tỉnh Lạng Sơn"),
)


async def _published_session(repo, commune_id: int, people: dict, now: datetime) -> None:
    """Last quarter's session, held, concluded and published: what the commune's public results page shows
    (/ket-qua/06421) and what the results notice and loudspeaker text are made from."""
    starts_at = datetime.combine((now.astimezone(VIETNAM) - timedelta(days=40)).date(), time(8, 0), VIETNAM)
    session = await repo.add_session(commune_id=commune_id, title="Hội nghị đối thoại quý III năm 2026",
                                     kind="periodic", state="concluded", starts_at=starts_at,
                                     venue="Hội trường UBND xã Thiện Tân", started_at=starts_at,
                                     ended_at=starts_at + timedelta(hours=3), attendance=96)
    for user_id, topic, text, state, answer in PUBLISHED_QUESTIONS:
        asker = people[user_id]
        question = await repo.create_question(commune_id=commune_id, asker_id=asker.id, village_id=asker.village_id,
                                              session_id=session.id, topic=topic, text=text, actor_id=asker.id)
        question.state, question.done_at = state, starts_at + timedelta(days=3)
        question.answer, question.forwarded_to = (answer, None) if state == "answered" else (None, answer)
    await repo.save_conclusion(session.id, text="UBND xã tiếp thu đầy đủ các ý kiến của Nhân dân; kiến nghị về quốc "
                               "lộ đã được chuyển Sở Xây dựng tỉnh xem xét, giải quyết.",
                               published_at=starts_at + timedelta(days=3), notice_no=12, minutes_no=8)
