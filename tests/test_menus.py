"""Each role's command menu and /help list the commands that role may use: no fewer (11 routed commands were in no
menu) and no more (menus were role-blind: a village head was offered /newsession and /conclude)."""
from __future__ import annotations

import re

from tests.fixtures import Chat, community

REFUSED = re.compile(r"Sorry, (only|this command is only|your role does not|the scorecard is)|Only commune staff|"
                     r"Staff accounts cannot")


def menu_of(chat: Chat) -> list[str]:
    """The commands of the menu the chat was last given."""
    menu = [outcome.menu for outcome in chat.outcomes if outcome.menu is not None][-1]
    return [name for name, _ in menu.commands]


async def test_a_village_head_is_offered_proxy_and_sheet_but_not_planning_or_concluding(db):
    _, people = await community(db)
    head = menu_of(people["head"])
    assert {"proxy", "sheet", "queue", "q", "linkvillage"} <= set(head)
    assert not {"newsession", "conclude", "reach", "next", "staff", "scorecard"} & set(head)


async def test_the_chair_is_offered_every_command_of_a_chair_and_none_of_a_village_head(db):
    _, people = await community(db)
    chair = menu_of(people["chair"])
    missing_before = {"start", "workday", "speakers", "claim", "reclassify", "reception", "minutes", "linkvillage",
                      "unlinkvillage"}
    assert missing_before <= set(chair)
    assert not {"proxy", "sheet", "link"} & set(chair)


async def test_help_lists_the_commands_of_the_persons_roles(db):
    _, people = await community(db)
    head_help = await people["head"].send("/help")
    assert "/proxy" in head_help and "/sheet" in head_help and "/newsession" not in head_help
    resident_help = await people["an"].send("/help")
    assert "/ask" in resident_help and "/link" in resident_help
    assert "/queue" not in resident_help and "/proxy" not in resident_help


async def test_no_command_a_menu_offers_is_refused_to_that_chat(db):
    _, people = await community(db)
    for who in ("chair", "secretary", "officer", "head", "an"):
        chat = people[who]
        names = menu_of(chat) if who != "an" else [line.split()[0][1:] for line in
                                                   (await chat.send("/help")).splitlines() if line.startswith("/")]
        for name in names:
            reply = await chat.send(f"/{name}")
            assert not REFUSED.search(reply), f"{who} is offered /{name} but told: {reply}"
            await chat.send("/cancel")
