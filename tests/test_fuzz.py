"""Fuzz: generated Telegram updates and Zalo events through the real parsers and dispatcher on PostgreSQL.

Properties, per example (a short run of updates from the commune's resident, staff, strangers and a group, some
after forcing the chat into a random conversation state): nothing raises, nothing is logged as an error, nobody is
shown the unexpected-error apology, another commune's texts or names, or (residents and groups) the bystander's
name or phone; and the bystander's rows and the other commune's rows never change.

Hypothesis draws the seed of each run of updates, derandomized, so every test run replays the same runs and a
failure names its seed and the update that failed; the world persists across runs within a test, which is also
why seeds (not individual draws) are what hypothesis varies: a shrunk draw would replay against a changed world.
A time-bounded slice runs here; bench/fuzz.py runs 100,000 updates with the same generators. A finding gets its
fix and a regression example in tests/test_fuzz_findings.py."""
from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_inputs import RandomSource, Runner, generate, problems
from tests.fuzz_world import CHANNELS, build_world, protected_rows

EXAMPLES = 12
UPDATES_PER_EXAMPLE = 25


class Errors(logging.Handler):
    """Every record logged at ERROR or above, by any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def fuzz(db):
    world = await build_world(db)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    yield world, Runner(db, world), await protected_rows(db, world), errors
    logging.getLogger().removeHandler(errors)


@pytest.mark.parametrize("channel", CHANNELS)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(seed=st.integers(0, 2**32 - 1))
async def test_generated_updates_never_fail_never_apologise_and_touch_nobody_elses_data(db, fuzz, channel, seed):
    world, runner, protected, errors = fuzz
    source = RandomSource(seed)
    for _ in range(UPDATES_PER_EXAMPLE):
        runner.updates = getattr(runner, "updates", 0) + 1
        item = generate(source, world, channel, update_id=10_000 + runner.updates)
        logged = len(errors.records)
        result = await runner.run(item)
        found = problems(item, result, world) + [f"logged: {r.getMessage()}" for r in errors.records[logged:]]
        assert found == [], f"{item!r}\n→ {result.kind}: {found}"
    assert await protected_rows(db, world) == protected
