"""Local Zalo servers (Bot Platform and OA Open API v3) for tests, benchmarks and the offline sandbox."""
from .bot_platform import FakeZaloBot
from .oa import FakeZaloOA

__all__ = ["FakeZaloBot", "FakeZaloOA"]
