"""Outages on demand: sends answered with 429 or a 5xx, as Telegram answers under load or in an incident.

Switches count down (`refuse_next`, `fail_next`: exactly the next N sends fail) or draw at random (`ratio`, with a
seed so a run can be repeated). A refused or failed send delivers nothing, as on the real API. A 500 answers with
Telegram's JSON error; 502, 503 and 504 with the HTML page of the proxy in front of it, which is what a client
sees when the Bot API servers are down.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from .errors import ApiError, too_many_requests

GATEWAY_PAGES = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


class GatewayError(ApiError):
    """A 5xx from the proxy in front of the Bot API: an HTML body, not Telegram's JSON."""

    def html(self) -> str:
        title = f"{self.code} {self.description}"
        return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
                "<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n")


def server_error(status: int) -> ApiError:
    if status in GATEWAY_PAGES:
        return GatewayError(status, GATEWAY_PAGES[status])
    if 500 <= status < 600:
        return ApiError(status, "Internal Server Error")
    raise ValueError(f"a server error has a 5xx status, not {status}")


@dataclass
class Faults:
    """What the next sends answer; `injected` counts the faults given ("429", "5xx")."""

    refuse_next: int = 0
    refuse_ratio: float = 0.0
    retry_after: int = 1
    fail_next: int = 0
    fail_ratio: float = 0.0
    fail_status: int = 502
    injected: Counter = field(default_factory=Counter)
    draw: random.Random = field(default_factory=lambda: random.Random(0))

    def refuse(self, count: int = 0, *, retry_after: int = 1, ratio: float = 0.0) -> None:
        """The next `count` sends (and then a `ratio` share of sends) answer 429 with this retry_after."""
        if count < 0 or not 0 <= ratio <= 1 or retry_after < 1:
            raise ValueError("count >= 0, 0 <= ratio <= 1, retry_after >= 1")
        self.refuse_next, self.refuse_ratio, self.retry_after = count, ratio, retry_after

    def fail(self, count: int = 0, *, status: int = 502, ratio: float = 0.0) -> None:
        """The next `count` sends (and then a `ratio` share of sends) answer this 5xx status."""
        server_error(status)  # refuses a status that is not 5xx
        if count < 0 or not 0 <= ratio <= 1:
            raise ValueError("count >= 0 and 0 <= ratio <= 1")
        self.fail_next, self.fail_ratio, self.fail_status = count, ratio, status

    def calm(self) -> None:
        """Every switch off."""
        self.refuse_next = self.fail_next = 0
        self.refuse_ratio = self.fail_ratio = 0.0

    def check(self) -> None:
        """Raise the fault due for this send, if any (outages first: a server that is down refuses nothing)."""
        if self.fail_next or (self.fail_ratio and self.draw.random() < self.fail_ratio):
            self.fail_next = max(self.fail_next - 1, 0)
            self.injected["5xx"] += 1
            raise server_error(self.fail_status)
        if self.refuse_next or (self.refuse_ratio and self.draw.random() < self.refuse_ratio):
            self.refuse_next = max(self.refuse_next - 1, 0)
            self.injected["429"] += 1
            raise too_many_requests(self.retry_after)
