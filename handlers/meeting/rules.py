"""The speaker queue's order (đăng ký phát biểu). Pure rules, no I/O.

The rule for absences: a speaker who is not there when called is marked absent and goes behind everyone still
waiting; once the waiting list is exhausted the absent are called again in their original order. A speaker absent
more times than the commune's `speaker.absent_recalls` policy allows (default 1 recall) is dropped. A skipped
speaker (the secretary passes over them, for example because their question was already answered) is not called
again."""
from __future__ import annotations

from enum import StrEnum
from typing import Any, Sequence


class SpeakerStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SPOKE = "spoke"
    ABSENT = "absent"
    SKIPPED = "skipped"
    DROPPED = "dropped"


STILL_IN_LINE = (SpeakerStatus.WAITING, SpeakerStatus.ABSENT)


def next_in_line(slots: Sequence[Any]) -> Any | None:
    """The next speaker to call: the lowest waiting number, else the lowest absent one (a recall)."""
    for status in STILL_IN_LINE:
        candidates = [s for s in slots if s.status == status]
        if candidates:
            return min(candidates, key=lambda s: s.number)
    return None


def status_after_absence(absences: int, recalls: int) -> SpeakerStatus:
    """After the speaker's `absences`-th absence: recalled later while recalls remain, else dropped."""
    return SpeakerStatus.ABSENT if absences <= recalls else SpeakerStatus.DROPPED
