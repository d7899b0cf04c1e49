"""The cyclic garbage collector around a server's start-up.

Importing the bot builds some 140,000 objects that live as long as the process (classes, mappers, route tables,
catalogs) and next to no garbage, yet the collector walked them some 300 times as they piled up: about 0.1 s of a
0.6 s start. So a server's modules load with the collector paused and are then frozen, out of its sight; once the
process serves, `settle` makes the one full collection (freeing the cycles imports and start-up left, ~1,800 objects
and nearly 1 MB) and freezes what is alive, so later collections walk only what updates create."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """What is imported inside is never walked by the collector."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def settle() -> None:
    """Once serving: collect what start-up left, then freeze what is still alive."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
