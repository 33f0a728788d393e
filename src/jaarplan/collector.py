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
        self.kept = False
        self.freezing = False  # only inside ``frozen_after_reads``: a process that ends with its command

    @contextmanager
    def __call__(self, kept: bool = True) -> Iterator[None]:
        """``kept``: what is made in the block stays (a plan read); inside ``frozen_after_reads``, it is frozen."""
        with self.lock:
            if not self.reads:
                self.was_enabled = gc.isenabled()
                if self.was_enabled and kept and self.freezing:
                    gc.collect()  # garbage from before is not frozen with the plan
                gc.disable()
            self.reads += 1
            self.kept = self.kept or kept
        try:
            yield
        finally:
            with self.lock:
                self.reads -= 1
                if not self.reads and self.was_enabled:
                    if self.kept and self.freezing:
                        gc.freeze()  # what was read stays: no later collection need walk it again
                    self.kept = False
                    gc.enable()

    @contextmanager
    def frozen_after_reads(self) -> Iterator[None]:
        """In this block, what exists after a plan read is frozen (``gc.freeze``): for one CLI command only.

        A freeze takes every object of the process, not only the plan, and for
        good: in a process that goes on (``jaarplan serve``, a program using the
        library) it would keep other work's reference cycles from ever being
        collected. A command's process ends with the command, so there it only saves time.
        """
        with self.lock:
            self.freezing = True
        try:
            yield
        finally:
            with self.lock:
                self.freezing = False


# Reading makes a few million small objects that all stay (cells, spans, locations) and none that form
# cycles; the collector would walk them again and again as they grow (2 of 5 seconds of a 20,000-row
# read), so it is paused. Reference counting does not pause: freed objects still go at once, and a plan
# dropped later (the werkomgeving reads many) is freed by reference counting too, having no cycles.
# Afterwards the collector would walk what was read a few times more (young, then older, then at its next
# full collection while the document is written: 2 of 5 seconds of a 20,000-row build). A CLI command
# avoids that by freezing what exists after the read (``frozen_after_reads``; collected first, so no
# garbage of before is frozen, and cheap, since an earlier plan is frozen too); the library on its own
# never freezes, since that would reach objects that are not its own. The fingerprint of a plan
# (``source.fingerprint.fingerprint``) makes a million short-lived dicts and lists as JSON data, which the collector
# would walk the same way (0.4 s); those are gone afterwards, so nothing is frozen for it (``kept=False``).
collector_paused = _CollectorPause()
