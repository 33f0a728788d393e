"""Progress of long steps for a person watching: a line at every tenth, never one per row.

A step reports "``done`` of ``total``" through a ``Counter``; it turns that into
a Dutch line for the build's ``progress`` callback (the terminal, or the
werkomgeving) only when the step is long enough to wait for.
"""

from __future__ import annotations

from collections.abc import Callable

from jaarplan.text import dutch_number

LONG = 1000  # rows: a step with fewer is over before anyone looks
STEPS = 10  # a line at every tenth


class Counter:
    """Called with (done, total) as a step goes; tells ``progress`` at every tenth of a long step."""

    def __init__(self, progress: Callable[[str], None], what: str, long: int = LONG) -> None:
        self.progress = progress
        self.what = what
        self.long = long  # fewer than this: no lines (a chart takes far longer than a row, so charts say less)
        self._told = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.long:
            return
        step = max(total // STEPS, 1)
        if done == total or done >= self._told + step:
            if done > self._told:
                self.progress(f"  {dutch_number(done)} van {dutch_number(total)} {self.what}")
            self._told = done
