"""A manager's /invites: the commune's staff invitations still waiting to be redeemed, each revocable in the bot,
audited; a revoked invitation no longer works. (The command added by editing people/ alone.)"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admin import invite_staff
from storage.models import StaffAudit, StaffInvite
from tests.fixtures import Chat, agree_to_notice, community, converse

pytestmark = pytest.mark.usefixtures("channel")


async def test_a_manager_lists_the_waiting_invitations_and_revokes_one(db):
    deps, people = await community(db)  # its four staff redeemed theirs: those are not waiting any more
    link = await invite_staff(db, "25252", "officer", "hanh-chinh-cong", None, "doithoai_test_bot")
    await invite_staff(db, "25252", "village_head", None, "Thôn Bến Đá", "doithoai_test_bot")
    secretary = people["secretary"]
    await converse(secretary, [
        ("/invites", ["Invitations waiting (2)", "Department officer · Trung tâm phục vụ hành chính công", "Village head · Thôn Bến Đá"]),
        ("[Revoke #5]", "Invitation #5 (Department officer) was revoked"),
        ("/invites", ["Invitations waiting (1)", "Village head"]),
    ])
    async with db.unit_of_work() as uow:
        revoked = await uow.session.scalar(select(StaffInvite).where(StaffInvite.id == 5))
        audit = (await uow.session.scalars(select(StaffAudit).where(StaffAudit.action == "revoke"))).all()
    assert revoked.revoked_at is not None
    assert [(a.actor, a.role, a.detail) for a in audit] == [("person:2", "officer", "invite 5")]
    newcomer = Chat(deps, "8101")
    await newcomer.send("/start " + link.rsplit("start=", 1)[1])
    await agree_to_notice(newcomer)
    assert "not valid or has already been used" in await newcomer.send("Đỗ Văn Mới")


async def test_an_invitation_already_used_or_revoked_cannot_be_revoked_again(db):
    _, people = await community(db)
    await invite_staff(db, "25252", "officer", "hanh-chinh-cong", None, "doithoai_test_bot")
    chair, secretary = people["chair"], people["secretary"]
    await chair.send("/invites")
    await secretary.send("/invites")
    await chair.press("Revoke #5")
    assert "already revoked; nothing was changed" in await secretary.press("Revoke #5")


async def test_invites_are_for_managers_only(db):
    _, people = await community(db)
    assert "only the chairperson, the secretary or the administrator" in await people["head"].send("/invites")
    assert "only the chairperson, the secretary or the administrator" in await people["an"].send("/invites")
    assert "/invites" not in await people["head"].send("/help")
    assert "/invites" in await people["chair"].send("/help")
