"""Fuzz bench: generated updates (Telegram, Zalo Bot Platform, Zalo OA) through the real parsers, the Zalo
conversation layer and the dispatcher, on a throwaway PostgreSQL database.

The generators and the world are the test suite's (tests/fuzz_inputs.py, tests/fuzz_world.py): the commune's
resident, staff, strangers and a village group send text, commands with junk arguments, forged and malformed
buttons, contacts, files and stickers, some after their chat is forced into a random conversation state. Prints the
counts; unexpected errors, apologies, leaks and changes to the bystanders' rows must all be 0 (exit status 1
otherwise).

    .venv/bin/python bench/fuzz.py [--updates 100000] [--seed 1] [--workers 3]
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402
from handlers import dispatch  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from tests.fuzz_inputs import RandomSource, Runner, generate, problems  # noqa: E402
from tests.fuzz_world import CHANNELS, build_world, protected_rows  # noqa: E402


class Tally(logging.Handler):
    """Counts records at ERROR and above (the unexpected-error path logs one per failed update)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def count_refusals(counts: Counter) -> None:
    """Wrap dispatch's refusal path (a DomainError turned into a polite reply) to count it."""
    refuse = dispatch._refuse

    async def counted(*args, **kwargs):
        counts["refusals"] += 1
        return await refuse(*args, **kwargs)

    dispatch._refuse = counted


async def worker(number: int, runner: Runner, world, share: int, seed: int, counts: Counter, kinds: Counter,
                 samples: dict[str, tuple[int, str]]) -> None:
    source, channel = RandomSource(seed * 1000 + number), CHANNELS[number % len(CHANNELS)]
    for n in range(share):
        item = generate(source, world, channel, update_id=(number + 1) * 10_000_000 + n)
        result = await runner.run(item)
        counts["updates"] += 1
        counts["replies"] += result.replies
        kinds[f"{channel}:{result.kind}"] += 1
        found = problems(item, result, world)
        if result.error is not None:
            counts["unexpected errors"] += 1
        counts["apologies and leaks"] += len(found) - (result.error is not None)
        for problem in found:  # one example of each kind of finding, with how often it happened
            key = problem[:70]
            seen, example = samples.get(key, (0, f"{item!r}\n  → {problem[:600]}"))
            samples[key] = (seen + 1, example)
        if counts["updates"] % 10_000 == 0:
            print(f"  … {counts['updates']} updates", flush=True)


async def main(updates: int, seed: int, workers: int) -> int:
    tally = Tally()  # the only handler: ERROR records are counted, not printed
    logging.getLogger().addHandler(tally)
    logging.getLogger().setLevel(logging.ERROR)
    counts, kinds, samples = Counter(), Counter(), {}
    count_refusals(counts)
    async with scratch_database() as url:
        database = Database(make_engine(url))
        try:
            world = await build_world(database)
            before = await protected_rows(database, world)
            runner = Runner(database, world)
            started = time.perf_counter()
            shares = [updates // workers + (1 if i < updates % workers else 0) for i in range(workers)]
            await asyncio.gather(*(worker(i, runner, world, share, seed, counts, kinds, samples)
                                   for i, share in enumerate(shares)))
            elapsed = time.perf_counter() - started
            after = await protected_rows(database, world)
            changed = {name: sorted(set(rows) ^ set(before[name])) for name, rows in after.items()
                       if rows != before[name]}
        finally:
            await database.dispose()
    errors = counts["unexpected errors"] + len(tally.records)
    print(f"updates: {counts['updates']} in {elapsed:.0f} s ({counts['updates'] / elapsed:.0f}/s), "
          f"{workers} workers, seed {seed}")
    print("by event kind: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))
    print(f"replies: {counts['replies']}, refusals: {counts['refusals']}")
    print(f"unexpected errors: {errors} (raised {counts['unexpected errors']}, logged {len(tally.records)})")
    print(f"apologies and leaks shown: {counts['apologies and leaks']}")
    print(f"protected rows changed: {', '.join(changed) or 'none'}")
    for name, rows in changed.items():
        print(f"  {name}: " + "\n    ".join(row[:300] for row in rows[:6]))
    for seen, example in sorted(samples.values(), reverse=True)[:12]:
        print(f"{seen} × {example}")
    logged = Counter(str(r.exc_info[1]).splitlines()[0][:150] if r.exc_info else r.getMessage() for r in tally.records)
    for message, seen in logged.most_common(12):
        print(f"logged {seen} ×: {message}")
    return 1 if errors or counts["apologies and leaks"] or changed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3, help="concurrent senders; worker i uses channel i mod 3")
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.updates, arguments.seed, arguments.workers)))
