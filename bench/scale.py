"""Data at province scale: a resident's /mytickets, a staffer's /queue, a session's /report and the follow-up pass,
measured on a scratch database holding 100 communes, 200,000 residents and 1,000,000 questions (loaded with COPY).

Each figure is the product's own code on the real schema (Alembic head): "database" times the repository calls the
handler makes, in one unit of work; "whole update" runs the command through handlers.dispatch.handle (state, person,
handler, rendering; no network). Goals: /mytickets p95 ≤ 10 ms and /queue first page ≤ 30 ms at the database (the
server's time; the bot's own view of it is printed beside), the data of a /report of 10,000 questions ≤ 2 s (its
chart and spreadsheet are timed apart), the follow-up pass over 100,000 open questions ≤ 10 s.

    .venv/bin/python bench/scale.py                      # full size (5 to 10 minutes on 2 cores; about 1.5 GB)
    .venv/bin/python bench/scale.py --scale 0.05         # a quick run: 5 communes, 10,000 residents, 50,000 questions
    .venv/bin/python bench/scale.py --revision 0006      # the schema before this bench's indexes (0007)
    .venv/bin/python bench/scale.py --explain            # EXPLAIN (ANALYZE, BUFFERS) of every measured SELECT
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_data import NOW, Sizes, load  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from handlers.conversation.context import BotInfo, Deps  # noqa: E402
from handlers.dispatch import handle  # noqa: E402
from handlers.conversation.events import Command, ConversationRef  # noqa: E402
from handlers.conclusions.followup import tick  # noqa: E402
from handlers.conversation.i18n import VIETNAM  # noqa: E402
from handlers.conversation.ports import QueueFilter  # noqa: E402
from handlers.conclusions.reports import report_rows  # noqa: E402  (the data /report loads)
from handlers.conclusions.session_report import chart, workbook  # noqa: E402
from handlers.questions.rules import OPEN_STATES  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402

BOT = ("telegram", "7100000001")
PAGE_MYTICKETS, PAGE_QUEUE = 5, 8  # handlers.questions.my_tickets.PAGE, handlers.questions.queue.PAGE
_updates = itertools.count(1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self, database: Database, communes, bot_id: int, samples: int, explain: bool) -> None:
        self.database, self.communes, self.samples, self.explain = database, communes, samples, explain
        self.deps = Deps(unit_of_work=database.unit_of_work, bots={BOT: BotInfo(bot_id, "province_scale_bot", BOT[0])},
                         clock=lambda: NOW)
        self.rng = random.Random(15)
        self.rows: list[tuple[str, str, str, str]] = []  # (measure, figure, goal, verdict)

    def record(self, measure: str, times: list[float], goal_ms: float | None = None, unit: str = "ms") -> None:
        if len(times) > 1:
            figure = (f"p50 {percentile(times, 50):.1f} · p95 {percentile(times, 95):.1f} · "
                      f"p99 {percentile(times, 99):.1f} {unit} (n={len(times)})")
            judged = percentile(times, 95)
        else:
            figure, judged = f"{times[0]:.1f} {unit}", times[0]
        goal = f"≤ {goal_ms:g} {unit}" if goal_ms else ""
        verdict = ("ok" if judged <= goal_ms else "OVER") if goal_ms else ""
        self.rows.append((measure, figure, goal, verdict))
        print(f"  {measure}: {figure} {goal} {verdict}", flush=True)

    async def timed_uow(self, work) -> float:
        started = time.perf_counter()
        async with self.database.unit_of_work() as uow:
            await work(uow)
        return (time.perf_counter() - started) * 1000

    async def timed_update(self, person_id: int, command: str, args: str = "") -> float:
        ref = ConversationRef(BOT[0], BOT[1], str(person_id), str(person_id))
        started = time.perf_counter()
        outcome = await handle(Command(ref=ref, update_id=f"scale-{next(_updates)}", language="vi", name=command,
                                       args=args), self.deps)
        elapsed = (time.perf_counter() - started) * 1000
        assert outcome.replies, f"/{command} gave no reply"
        return elapsed

    async def captured(self, work) -> tuple[float, list[tuple[str, object]]]:
        """Run the work timed, with the SQL statements it sent and their parameters."""
        seen: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, parameters))

        event.listen(self.database.engine.sync_engine, "before_cursor_execute", capture)
        try:
            elapsed = await self.timed_uow(work)
        finally:
            event.remove(self.database.engine.sync_engine, "before_cursor_execute", capture)
        return elapsed, [(sql, params) for sql, params in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]

    async def measured(self, work) -> tuple[float, float]:
        """(client ms, server ms) for one unit of work: the wall time around it, as this process sees it; and the
        server's planning + execution time of its statements, run again under EXPLAIN ANALYZE with the same
        parameters (so on a shared, loaded machine the server's part is not lost in the client's waiting)."""
        client, statements = await self.captured(work)
        server = 0.0
        async with self.database.engine.connect() as connection:
            for statement, parameters in statements:
                plan = (await connection.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement,
                                                         parameters)).scalar()
                plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                server += plan["Planning Time"] + plan["Execution Time"]
            await connection.rollback()
        return client, server

    async def record_measured(self, measure: str, works: list, goal_ms: float) -> None:
        pairs = [await self.measured(work) for work in works]
        self.record(f"{measure}, database (server time)", [server for _, server in pairs], goal_ms)
        self.record(f"{measure}, database (seen by the bot)", [client for client, _ in pairs])

    async def plans(self, label: str, work) -> None:
        """EXPLAIN (ANALYZE, BUFFERS) of each SELECT the work runs, with the parameters it ran with."""
        if not self.explain:
            return
        _, statements = await self.captured(work)
        seen = set()
        async with self.database.engine.connect() as connection:
            for statement, parameters in statements:
                if statement in seen:
                    continue
                seen.add(statement)
                result = await connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                print(f"\n--- {label}\n{statement}\n" + "\n".join(row[0] for row in result), flush=True)
            await connection.rollback()

    # --- the measures ----------------------------------------------------------------------------------------
    async def my_tickets(self) -> None:
        people = [c.residents[self.rng.randrange(len(c.residents))] for c in self.communes for _ in range(4)]
        people = [self.rng.choice(people) for _ in range(self.samples)]

        def work(person_id):
            async def run(uow):
                repo = uow.repo
                questions, _ = await repo.questions_of(person_id, PAGE_MYTICKETS, 0)
                supported = await repo.supported_questions(person_id, PAGE_MYTICKETS)
                for q in supported + questions:
                    await repo.department_name(q.commune_id, q.department_code)
            return run

        await self.plans("/mytickets", work(people[0]))
        await self.record_measured("/mytickets", [work(p) for p in people], 10)
        self.record("/mytickets, whole update", [await self.timed_update(p, "mytickets") for p in people])

    async def queue(self) -> None:
        open_states = tuple(str(s) for s in OPEN_STATES)
        variants = {"manager": lambda c: QueueFilter(states=open_states),
                    "officer (department)": lambda c: QueueFilter(states=open_states, department_code="kinh-te"),
                    "village head (village)": lambda c: QueueFilter(states=open_states, village_id=c.villages[3]),
                    "most supported first": lambda c: QueueFilter(states=open_states, by_support=True)}
        for name, make in variants.items():
            def work(commune, flt):
                async def run(uow):
                    repo = uow.repo
                    questions, _ = await repo.queue(commune.id, flt, PAGE_QUEUE, 0)
                    await repo.villages(commune.id)
                    await repo.support_counts([q.id for q in questions])
                return run

            picks = [self.rng.choice(self.communes) for _ in range(self.samples // 2)]
            await self.plans(f"/queue {name}", work(picks[0], make(picks[0])))
            await self.record_measured(f"/queue first page, {name}", [work(c, make(c)) for c in picks], 30)
        chairs = [self.rng.choice(self.communes).staff["chair"] for _ in range(self.samples // 2)]
        self.record("/queue, chair, whole update", [await self.timed_update(p, "queue") for p in chairs])

    async def report(self, size: int) -> None:
        commune = self.communes[0]
        session_id = commune.sessions[0]
        loaded = {}

        async def work(uow):
            session = await uow.repo.get_session(session_id)
            ctx = SimpleNamespace(repo=uow.repo)  # all report_rows reads of its context
            loaded["rows"], loaded["session"] = await report_rows(ctx, session, True), session

        await self.plans("/report", work)
        self.record(f"/report of {size:,} questions: data (handlers.conclusions.reports.report_rows)",
                    [await self.timed_uow(work)], 2000)
        rows, session = loaded["rows"], loaded["session"]
        assert len(rows) == size, f"the report session holds {len(rows)} questions, not {size}"
        started = time.perf_counter()
        chart("Hội nghị", rows)
        png = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        workbook(f"Hội nghị ({session.starts_at.astimezone(VIETNAM):%d/%m/%Y})", rows, NOW.date(), True)
        xlsx = (time.perf_counter() - started) * 1000
        self.record("/report: chart PNG (matplotlib)", [png])
        self.record("/report: spreadsheet (openpyxl)", [xlsx])
        whole = await self.timed_update(commune.staff["chair"], "report", str(session_id))
        self.record(f"/report of {size:,} questions, whole update (data, chart, spreadsheet)", [whole])

    async def follow_up(self, followed: int) -> None:
        for label, now in ((f"follow-up pass, {followed:,} open, nothing due", NOW - timedelta(days=10)),
                           (f"follow-up pass, {followed:,} open, sending the day's reminders", NOW),
                           ("follow-up pass, a minute later (quiet)", NOW + timedelta(minutes=1))):
            started = time.perf_counter()
            queued = await tick(self.database.unit_of_work, now)
            self.record(f"{label}: {queued:,} messages", [(time.perf_counter() - started) * 1000], 10_000)


async def sizes_table(database: Database) -> list[tuple[str, int, int]]:
    """(table, rows, bytes with indexes and TOAST) for every table with rows."""
    sql = ("SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c "
           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
           "ORDER BY pg_total_relation_size(c.oid) DESC")
    async with database.engine.connect() as connection:
        return [(name, rows, size) for name, rows, size in (await connection.execute(text(sql))).all() if rows > 0]


def print_tables(bench: Bench, sizes: list[tuple[str, int, int]], total: int) -> None:
    width = max(len(r[0]) for r in bench.rows)
    print(f"\n{'measure':<{width}}  {'figure':<52} goal")
    for measure, figure, goal, verdict in bench.rows:
        print(f"{measure:<{width}}  {figure:<52} {goal} {verdict}")
    print(f"\n{'table':<22} {'rows':>12} {'MB':>9} {'bytes/row':>10}   (with indexes and TOAST)")
    for name, rows, size in sizes:
        print(f"{name:<22} {rows:>12,} {size / 2**20:>9,.1f} {size / rows:>10,.0f}")
    print(f"{'database':<22} {'':>12} {total / 2**20:>9,.1f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.05 for a quick run)")
    parser.add_argument("--samples", type=int, default=400, help="requests per latency figure")
    parser.add_argument("--revision", default="head", help="migrate the scratch database only this far")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the measured SELECTs")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (its URL is printed)")
    args = parser.parse_args()
    full = Sizes()
    sizes = replace(full, communes=max(1, round(full.communes * args.scale)),
                    residents=round(full.residents * args.scale), questions=round(full.questions * args.scale),
                    followed=round(full.followed * args.scale), report=min(full.report, round(full.questions *
                                                                                              args.scale)))
    print(f"{sizes.communes} communes, {sizes.residents:,} residents, {sizes.questions:,} questions "
          f"({sizes.followed:,} waiting for a written answer), schema {args.revision}", flush=True)
    async with scratch_database(args.revision, keep=args.keep) as url:
        if args.keep:
            print(f"  scratch database kept: {url}")
        database = Database(make_engine(url))
        started = time.perf_counter()
        communes, bot_id = await load(database, url, sizes)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
        bench = Bench(database, communes, bot_id, args.samples, args.explain)
        load_before = os.getloadavg()[0]
        await bench.my_tickets()
        await bench.queue()
        await bench.report(min(sizes.report, sizes.questions // sizes.communes))
        await bench.follow_up(sizes.followed)
        async with database.engine.connect() as connection:
            total = await connection.scalar(text("SELECT pg_database_size(current_database())"))
        print_tables(bench, await sizes_table(database), total)
        print(f"\nload average (1 min) on this machine's {os.cpu_count()} cores: {load_before:.1f} before the "
              f"measures, {os.getloadavg()[0]:.1f} after")
        await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
