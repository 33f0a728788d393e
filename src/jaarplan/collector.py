"""Start-up and big plans kept cheap: openpyxl imported without numpy; the cycle collector paused.

openpyxl imports numpy whenever it is installed (matplotlib brings it along),
only to accept numpy numbers as cell values, which jaarplan never writes; that
import alone costs 0.1-0.4 s. Only writing a workbook imports openpyxl
(``xlsx.writer``, for ``new`` and ``import``), inside ``numpy_hidden()``;
reading one (``check``, ``build``) does not import it at all (``xlsx.cells``).

``collector_paused``: see the comment above it.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def numpy_hidden() -> Iterator[None]:
    """Imports made in this block find no numpy (openpyxl's "try: import numpy" takes its except branch).

    A process that has numpy already keeps it.
    """
    if "numpy" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules["numpy"]


class _CollectorPause:
    """The cycle collector paused while a plan is read or fingerprinted (in any thread); on after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reads = 0
        self.was_enabled = True
        self.freeze = False

    @contextmanager
    def __call__(self, kept: bool = True) -> Iterator[None]:
        """``kept``: what is made in the block stays (a plan read), so it is frozen afterwards."""
        with self.lock:
            if not self.reads:
                self.was_enabled = gc.isenabled()
                if self.was_enabled and kept:
                    gc.collect()  # garbage from before (a server's requests) is not frozen with the plan
                gc.disable()
            self.reads += 1
            self.freeze = self.freeze or kept
        try:
            yield
        finally:
            with self.lock:
                self.reads -= 1
                if not self.reads and self.was_enabled:
                    if self.freeze:
                        gc.freeze()  # what was read stays: no later collection need walk it again
                    self.freeze = False
                    gc.enable()


# Reading makes a few million small objects that all stay (cells, spans, locations) and none that form
# cycles; the collector would walk them again and again as they grow (2 of 5 seconds of a 20,000-row
# read), and once more at its next full collection while the document is written. So it is paused, and
# afterwards what exists is moved out of its sight (``gc.freeze``; collected first, so no garbage of
# before is frozen, and cheap, since an earlier plan is frozen too). Freed objects still go at once:
# reference counting does not pause, and a plan dropped later (the werkomgeving reads many) is freed
# by reference counting too, having no cycles. The fingerprint of a plan (``source.fingerprint.fingerprint``) makes a
# million short-lived dicts and lists as JSON data, which the collector would walk the same way (0.4 s);
# those are gone afterwards, so nothing is frozen for it (``kept=False``).
collector_paused = _CollectorPause()
