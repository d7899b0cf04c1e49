"""/queue: open questions for staff, filterable by state, topic and village, paged with buttons."""
from __future__ import annotations

from dataclasses import dataclass, replace

from handlers.commune.topics import Topic, topic_label
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.errors import StaleButton
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.ports import QueueFilter
from handlers.conversation.replies import Button, Reply, buttons_in_rows
from handlers.questions.access import require_queue
from handlers.questions.buttons import QUESTION, QUEUE, QUEUE_FILTER
from handlers.questions.rules import OPEN_STATES, TicketState
from handlers.questions.views import state_label

PAGE = 8
OPEN = "open"
ANY = "-"


@dataclass(frozen=True)
class View:
    state: str = OPEN
    topic: str = ANY
    village: int = 0
    page: int = 0
    order: str = ""  # "" oldest first, "s" most supported ("me too") first

    def data(self) -> str:
        return QUEUE.build(state=self.state, topic=self.topic, village=self.village, page=self.page,
                           order=self.order)

    def filter_data(self, which: str) -> str:
        return QUEUE_FILTER.build(which=which, state=self.state, topic=self.topic, village=self.village)


async def show_queue(event: Event, ctx: Context) -> list[Reply]:
    require_queue(ctx)
    return [await _render(ctx, View(), edit=False)]


async def queue_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    require_queue(ctx)
    shown = QUEUE_FILTER.parse(event.data)
    if shown is not None:
        return [await _filter_menu(ctx, View(shown.state, shown.topic, shown.village), shown.which)]
    pressed = QUEUE.of(event)
    view = View(pressed.state, pressed.topic, pressed.village, pressed.page, pressed.order)
    return [await _render(ctx, view, edit=True)]


def _store_filter(ctx: Context, view: View):
    member = require_queue(ctx)
    states = tuple(OPEN_STATES) if view.state == OPEN else (view.state,)
    department = member.department_code if member.role == Role.OFFICER else None
    village = member.village_id if member.role == Role.VILLAGE_HEAD else view.village or None
    return member.commune_id, QueueFilter(states=tuple(str(s) for s in states),
                                          topic=None if view.topic == ANY else view.topic,
                                          village_id=village, department_code=department,
                                          by_support=view.order == "s")


async def _render(ctx: Context, view: View, edit: bool) -> Reply:
    t = ctx.t
    commune_id, flt = _store_filter(ctx, view)
    questions, total = await ctx.repo.queue(commune_id, flt, PAGE, view.page * PAGE)
    villages = {v.id: v.name for v in await ctx.repo.villages(commune_id)}
    if view.village and view.village not in villages:  # a forged or outdated filter: another commune's village
        raise StaleButton()
    state_text = t("open") if view.state == OPEN else state_label(view.state, t)
    lines = [t("Questions — {state}: {n}").format(state=state_text, n=total)]
    if view.topic != ANY:
        lines.append(t("Field: {topic}").format(topic=topic_label(view.topic, t)))
    if view.village:
        lines.append(t("Village: {village}").format(village=villages.get(view.village, "?")))
    if not questions:
        lines.append(t("Nothing here."))
    support = await ctx.repo.support_counts([q.id for q in questions])
    rows = [[Button(_label(q, t, villages, support.get(q.id, 0)), QUESTION.build(id=q.id))] for q in questions]
    nav = []
    if view.page > 0:
        nav.append(Button("◀", replace(view, page=view.page - 1).data()))
    if (view.page + 1) * PAGE < total:
        nav.append(Button("▶", replace(view, page=view.page + 1).data()))
    if nav:
        rows.append(nav)
    rows.append([Button(t("Status"), view.filter_data("s")), Button(t("Field"), view.filter_data("t")),
                 Button(t("Village"), view.filter_data("v"))])
    toggle = t("Order: oldest first") if view.order else t("Order: most supported first")
    rows.append([Button(toggle, replace(view, page=0, order="" if view.order else "s").data())])
    return ctx.reply("\n".join(lines), rows, edit=edit)


def _label(question, t, villages: dict[int, str], support: int) -> str:
    code = f"{question.code} (+{support})" if support else question.code  # supporters besides the asker
    return f"{code} · {topic_label(question.topic, t)} · {villages.get(question.village_id, '')}"[:60]


async def _filter_menu(ctx: Context, view: View, which: str) -> Reply:
    t = ctx.t
    if which == "s":
        options = [(t("open"), replace(view, state=OPEN))]
        options += [(state_label(s, t), replace(view, state=s.value)) for s in TicketState]
    elif which == "t":
        options = [(t("All fields"), replace(view, topic=ANY))]
        options += [(topic_label(tp, t), replace(view, topic=tp.value)) for tp in Topic]
    else:
        villages = await ctx.repo.villages(require_queue(ctx).commune_id)
        options = [(t("All villages"), replace(view, village=0))]
        options += [(v.name, replace(view, village=v.id)) for v in villages]
    buttons = [Button(label[:60], option.data()) for label, option in options]
    return Reply(t("Show:"), buttons=buttons_in_rows(buttons, 2), edit=True)
