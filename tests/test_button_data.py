"""Forged, malformed and stale button data: a polite "out of date", never an error, and nothing changes."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tests.fixtures import NOW, Chat, add_commune, add_session, ask, join_staff, make_deps, register
from tests.snapshot import snapshot

pytestmark = pytest.mark.usefixtures("channel")  # every table on Telegram and both Zalo adapters

STALE = "no longer active"
APOLOGY = "something went wrong"

# Data no button of ours ever carried: unknown verbs, missing or extra parts, non-ASCII digits, ids beyond
# PostgreSQL's integer, negative numbers, huge pages, 10,000 characters.
MALFORMED = [
    "qa:bogus:1", "qa:answer", "qa:answer:x", "qa:reopen:1", "qa:answer:1:2", "pe", "pe:bogus:1", "pe:sign:",
    "qdep", "qdep:1", "qdep:x:van-phong", "ask:s:abc", "ask:s:-1", "ask:t:bogus", "ask:bogus", "mt:p:x",
    "mt:p:99999999999999999999", "mt:-1", "mt:²", "qd:٣", "qd:99999999999", "qd:1:2", "qx:", "qcx:", "qcx:x",
    "qu:open:-:0:99999999999", "qu:bogus:-:0:0", "qu:open:-:x:0", "qf:z:open:-:0", "qf:s", "ss:do:1:explode",
    "ss:zap:1", "ss:edit:1:bogus", "fb:1:z", "fb:x:s", "sp:abs:x", "sp:s:x", "sp:zap:1", "consent:maybe",
    "lang:xx", "ns:kind:bad", "ns:v:x", "ns:co:bogus", "cc:zap:1", "cc:ok:x", "rs:ics:x", "rs:zap:1", "lv:x",
    "village:x", "commune:x", "me:bogus", "nt:maybe", "px:bogus", "px:t:bogus", "sup:x", "ask", "", ":", "::",
    "x" * 10_000, "qd:" + "9" * 10_000, "st:rm:²", "st:rm:99999999999", "st:zap:1", "lk:ok:x", "lk:maybe:1", "mt:1\n", "qd: 1", "qd:+1", "qd:0x1", "ask:s:1.5", "ﬀ:1", "qd:1\x00",
]


async def test_malformed_button_data_is_out_of_date_and_changes_nothing(db, caplog):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "6001")
    await register(resident)
    await ask(resident, "Câu hỏi của tôi")
    secretary, _ = await join_staff(db, deps, "6002", "secretary")
    before = await snapshot(db)
    caplog.set_level(logging.ERROR)
    for chat in (resident, secretary):
        for data in MALFORMED:
            reply = await chat.press_data(data)
            assert STALE in reply and APOLOGY not in reply, (chat.user_id, data[:40], reply)
    assert await snapshot(db) == before
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    await resident.send("/mytickets")
    assert "TT-0001" in await resident.press("Open TT-0001")  # the real buttons still work


async def test_well_formed_buttons_for_someone_elses_things_reveal_nothing(db):
    await add_commune(db)
    deps = await make_deps(db)
    owner, other = Chat(deps, "6101"), Chat(deps, "6102")
    await register(owner, name="Chủ Câu Hỏi")
    await register(other, name="Người Khác")
    await ask(owner, "Bí mật của tôi")
    elsewhere = await add_commune(db, code="11111", name="Xã Khác", villages=("Thôn Khác",))
    await add_session(db, elsewhere, title="Phiên họp bí mật của xã khác")
    before = await snapshot(db)
    for data in ("mt:1", "fb:1:s", "fb:1:n", "qd:1", "qx:1", "qa:answer:1", "qdep:1:van-phong", "qcx:1",
                 "village:3", "commune:2", "lv:3", "rs:ics:1", "sp:s:1", "ask:s:1", "pe:sign:1", "sp:abs:1",
                 "cc:ok:1", "ss:open:1"):
        reply = await other.press_data(data)
        assert "Bí mật" not in reply and "bí mật" not in reply and "Chủ Câu Hỏi" not in reply, (data, reply)
        assert APOLOGY not in reply and not any(r.attachment for r in other.outcomes[-1].replies), (data, reply)
    assert await snapshot(db) == before


async def test_a_forged_session_button_for_another_villages_session_is_refused(db):
    commune_id = await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "6201")
    await register(resident, village="Bến Đá")  # village 2
    async with db.unit_of_work() as uow:  # a session for village 1 only
        other_village = await uow.repo.save_session(
            None, [1], commune_id=commune_id, title="Đối thoại thôn Lân Luông", state="announced",
            starts_at=NOW + timedelta(days=10), venue="Nhà văn hoá thôn")
        await uow.commit()
    await resident.send("/ask")
    assert "ask:s:0" in resident.buttons() and f"ask:s:{other_village.id}" not in resident.buttons()
    assert STALE in await resident.press_data(f"ask:s:{other_village.id}")
    await resident.send("/speak")
    assert STALE in await resident.press_data(f"sp:s:{other_village.id}")
    async with db.unit_of_work() as uow:
        assert await uow.repo.speaker_of(other_village.id, 1) is None
