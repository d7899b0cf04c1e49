"""How many signatures an extraordinary-session request needs. Pure."""
from __future__ import annotations

import math


def signatures_needed(voter_count: int, percent: int) -> int:
    """At least `percent` % of the commune's voters, rounded up; 0 when the voter count is not recorded."""
    if voter_count <= 0 or percent <= 0:
        return 0
    return math.ceil(voter_count * percent / 100)


def reached(signatures: int, needed: int) -> bool:
    return needed > 0 and signatures >= needed
