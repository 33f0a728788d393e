"""Waiting in tests: for a condition or a line of output, never a fixed time, and always with a deadline.

A fixed sleep is too short on a busy CI machine and wasted on a quick one; a
wait without a deadline hangs the suite instead of failing it. These fail
with what they saw last.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(read: Callable[[], T], until: Callable[[T], bool], within: float, what: str) -> T:
    """``read()`` every 0.1 s until ``until`` holds for its value, which is returned; fail after ``within`` s.

    ``what`` says what was awaited, for the failure: "the job waits for the lock".
    """
    deadline = time.monotonic() + within
    while True:
        value = read()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within:g} s: {what}; last seen: {value!r}")
        time.sleep(0.1)


def wait_until_gone(pids: list[int], within: float) -> None:
    """Return once none of ``pids`` runs any more; fail, naming those still running, after ``within`` seconds."""
    wait_until(lambda: [pid for pid in pids if _running(pid)], lambda alive: not alive, within, f"{pids} end")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def first_line(process: subprocess.Popen, within: float) -> str:
    """The first line ``process`` writes to its stdout pipe (text mode), without the line end.

    Fails when none comes within ``within`` seconds (the process stays running:
    the caller's ``finally`` stops it), and, when the process ended without one,
    says how it ended.
    """
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(within)
    if not lines:
        raise AssertionError(f"no line of output within {within:g} s from {process.args}")
    if not lines[0]:
        raise AssertionError(f"{process.args} ended (exit code {process.wait(timeout=10)}) before writing a line")
    return lines[0].rstrip("\r\n")
