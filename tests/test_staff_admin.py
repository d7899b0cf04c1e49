"""Staff can be listed and removed, invites listed and revoked — by the command line and by a manager's /staff —,
each audited; a removed staffer loses every staff view at once; a village head's invite must name a village."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admin import AdminError, invite_staff, list_invites, list_staff, remove_staff, revoke_invite
from storage.models import StaffAudit, StaffMember
from tests.fixtures import Chat, add_commune, agree_to_notice, community, make_deps, staff

pytestmark = pytest.mark.usefixtures("channel")


async def audit(db) -> list[tuple[str, str, str]]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(StaffAudit).order_by(StaffAudit.id))).all()
        return [(row.actor.split(":")[0], row.action, row.role) for row in rows]


async def member_id(db, role: str) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(StaffMember.id).where(StaffMember.role == role))


async def test_a_village_head_invite_without_a_village_is_refused(db):
    await add_commune(db)
    with pytest.raises(AdminError, match="village"):
        await invite_staff(db, "25252", "village_head", None, None, "doithoai_test_bot")


async def test_the_command_line_lists_and_removes_staff_and_the_removed_officer_loses_every_staff_view(db):
    deps, people = await community(db)
    listing = await list_staff(db, "25252")
    assert "Trần Địa Chính" in listing and "officer" in listing and "kinh-te" in listing
    assert "Hoàng Trưởng Thôn" in listing and "Thôn Lân Luông" in listing
    officer = people["officer"]
    assert "Questions" in await officer.send("/queue")
    done = await remove_staff(db, "25252", await member_id(db, "officer"), "cli:ops")
    assert "Removed" in done and "Trần Địa Chính" in done
    assert "only for commune staff" in await officer.send("/queue")
    assert "only for commune staff" in await officer.send("/q TT-0001")
    menu = officer.outcomes[-2].menu  # the first update after removal resets the chat's command menu
    assert menu is not None and "queue" not in [name for name, _ in menu.commands]
    assert officer.outcomes[-1].menu is None  # once
    assert "Trần Địa Chính" not in await list_staff(db, "25252")
    assert ("cli", "remove", "officer") in await audit(db)


async def test_an_invite_is_listed_and_once_revoked_cannot_be_used(db):
    await add_commune(db)
    deps = await make_deps(db)
    link = await invite_staff(db, "25252", "secretary", None, None, "doithoai_test_bot")
    listing = await list_invites(db, "25252")
    assert "secretary" in listing and "open" in listing
    invite_id = int(listing.split("#", 1)[1].split()[0])
    assert "Revoked" in await revoke_invite(db, "25252", invite_id, "cli:ops")
    assert "revoked" in await list_invites(db, "25252")
    chat = Chat(deps, "2101")
    await chat.send("/start " + link.rsplit("start=", 1)[1])
    await agree_to_notice(chat)
    assert "not valid" in await chat.send("Lê Thư Ký")
    assert "only for commune staff" in await chat.send("/queue")
    assert [("cli", "invite", "secretary"), ("cli", "revoke", "secretary")] == await audit(db)


async def test_a_manager_lists_the_staff_and_removes_one_after_confirming(db):
    deps, people = await community(db)
    secretary = people["secretary"]
    shown = await secretary.send("/staff")
    for line in ("Phạm Chủ Tịch", "Chairperson", "Trần Địa Chính", "Department officer", "Phòng Kinh tế",
                 "Hoàng Trưởng Thôn", "Village head", "Thôn Lân Luông"):
        assert line in shown, line
    asked = await secretary.press("Hoàng Trưởng Thôn")
    assert "Remove Hoàng Trưởng Thôn" in asked
    assert "Nothing was changed" in await secretary.press("No")
    assert "Questions" in await people["head"].send("/queue")
    await secretary.send("/staff")
    await secretary.press("Hoàng Trưởng Thôn")
    assert "removed" in await secretary.press("Yes, remove")
    assert "only for commune staff" in await people["head"].send("/queue")
    assert "Sorry" in await people["head"].send("/proxy")
    assert ("person", "remove", "village_head") in await audit(db)


async def test_staff_management_is_refused_to_others_and_the_last_manager_cannot_remove_themselves(db):
    await add_commune(db)
    deps = await make_deps(db)
    chair = await staff(db, deps, "8101", "chair", "Phạm Chủ Tịch")
    officer = await staff(db, deps, "8102", "officer", "Trần Địa Chính", department="kinh-te")
    assert "Sorry" in await officer.send("/staff")
    assert "Sorry" in await officer.press_data(f"st:rm:{await member_id(db, 'chair')}")  # forged on purpose
    await chair.send("/staff")
    await chair.press("Phạm Chủ Tịch")
    assert "last" in await chair.press("Yes, remove")
    assert "Questions" in await chair.send("/queue")
    assert await audit(db) == [("cli", "invite", "chair"), ("cli", "invite", "officer")]
