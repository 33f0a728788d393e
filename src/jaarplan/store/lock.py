"""One build or release at a time per plan: a lock file in the output folder, held by the OS.

The lock is an OS file lock (``flock`` on Linux/macOS, ``msvcrt.locking`` on
Windows) on ``output/.jaarplan.lock``, so it holds across processes (the CLI
and the werkomgeving, several server processes) and is let go by the OS when
a process dies: a crash never leaves a plan locked. Who holds it is written
beside it, so a second caller can be told whom it waits for. That file is
written just after the lock is taken and removed just before it is let go, so
a caller that finds the plan locked but no (whole) name yet waits a moment for
it rather than telling "onbekend", or the name of the one before.

A name can outlive its holder: a killed process never removes it, and Windows
refuses to remove a file another process is reading. So the name carries the
holder's process id, machine and a token, and counts only while that process
lives and, in this process, while that token still holds the lock.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from jaarplan.errors import Location, PlanError

LOCK_FILE = ".jaarplan.lock"
HOLDER_FILE = ".jaarplan.lock.wie"
POLL_SECONDS = 0.2
HOLDER_PATIENCE_SECONDS = 2.0  # how long a waiter waits for a new holder to write its name


@dataclass(frozen=True)
class Holder:
    """Who holds the lock and since when, as told to those who wait."""

    who: str
    what: str
    since: str  # ISO time

    def __str__(self) -> str:
        since = self.since[11:16] if len(self.since) >= 16 else self.since
        return f"{self.what} door {self.who} (sinds {since})" if since else f"{self.what} door {self.who}"


_HELD: set[str] = set()  # tokens of the locks this process holds now


def _try_lock(handle: IO[bytes]) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def current_holder(output: Path) -> Holder | None:
    """Who holds the plan's lock now, or None when nobody does."""
    lock_file = output / LOCK_FILE
    if not lock_file.exists():
        return None
    deadline = time.monotonic() + HOLDER_PATIENCE_SECONDS
    with lock_file.open("a+b") as handle:
        while True:
            if _try_lock(handle):
                _unlock(handle)
                return None
            holder = _read_holder(output)
            if holder is not None or time.monotonic() > deadline:
                return holder or UNKNOWN_HOLDER
            time.sleep(POLL_SECONDS / 4)  # taken a moment ago: its holder is writing its name


UNKNOWN_HOLDER = Holder("onbekend", "een build", "")


def _read_holder(output: Path) -> Holder | None:
    """The holder as it wrote itself down; None while a lock just taken has no (living) name yet."""
    try:
        data = json.loads((output / HOLDER_FILE).read_text(encoding="utf-8"))
        holder = Holder(str(data["who"]), str(data["what"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return holder if _still_holds(data) else None


def _still_holds(data: dict) -> bool:
    """Whether a written name is of a holder that may still hold the lock (not one killed or gone)."""
    pid, host = data.get("pid"), data.get("host")
    if not isinstance(pid, int) or host != socket.gethostname():
        return True  # written elsewhere (a shared folder): nothing to check it against
    if pid == os.getpid():
        return data.get("token") in _HELD
    return _alive(pid)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if os.name == "nt":  # pragma: no cover - Windows only (os.kill(pid, 0) would send it Ctrl+C there)
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        process = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not process:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(process, ctypes.byref(code))
        kernel.CloseHandle(process)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _write_holder(output: Path, holder: Holder) -> str:
    """Write down who holds the lock just taken; the token that makes the name count."""
    token = secrets.token_hex(8)
    _HELD.add(token)
    record = {**holder.__dict__, "pid": os.getpid(), "host": socket.gethostname(), "token": token}
    # Written in place, not renamed: a reader may hold it open (Windows refuses a rename then),
    # and a half-written name does not parse, so a waiter just reads again.
    (output / HOLDER_FILE).write_text(json.dumps(record), encoding="utf-8")
    return token


def _forget_holder(output: Path, token: str) -> None:
    """Remove the name before the lock goes, so nobody reads a name that no longer holds.

    Where Windows refuses the removal (a reader has it open) the name is emptied instead.
    """
    _HELD.discard(token)
    path = output / HOLDER_FILE
    try:
        path.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            path.write_text("", encoding="utf-8")


@contextmanager
def plan_lock(
    output: Path,
    who: str,
    what: str,
    *,
    on_wait: Callable[[Holder], None] | None = None,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold the plan's lock for the block; wait while another build or release holds it.

    ``on_wait`` is told once whom this caller waits for. With ``timeout`` (seconds)
    a PlanError says who still holds it when the time is up.
    """
    created = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = (output / LOCK_FILE).open("a+b")
    except OSError:
        raise PlanError("de uitvoermap kan niet worden geschreven", Location(output)) from None
    try:
        with handle:
            _acquire(handle, output, on_wait, timeout)
            token = ""
            try:
                token = _write_holder(output, Holder(who, what, datetime.datetime.now().isoformat(timespec="seconds")))
                yield
            finally:
                _forget_holder(output, token)
                _unlock(handle)
    finally:
        if created:
            _remove_if_only_lock(output)


def _remove_if_only_lock(output: Path) -> None:
    """A failed first build leaves no output folder behind, as before there was a lock."""
    names = {path.name for path in output.iterdir()}
    if names <= {LOCK_FILE, HOLDER_FILE}:
        for name in names:
            (output / name).unlink(missing_ok=True)
        output.rmdir()


def _acquire(handle: IO[bytes], output: Path, on_wait: Callable[[Holder], None] | None, timeout: float | None) -> None:
    told = False
    started = time.monotonic()
    while not _try_lock(handle):
        holder = _read_holder(output)
        if holder is None and time.monotonic() - started < HOLDER_PATIENCE_SECONDS:
            time.sleep(POLL_SECONDS / 4)  # taken a moment ago: its holder is writing its name
            continue
        if not told and on_wait is not None:
            on_wait(holder or UNKNOWN_HOLDER)
            told = True
        if timeout is not None and time.monotonic() - started > timeout:
            raise PlanError(f"het plan is bezet: {holder or UNKNOWN_HOLDER}; probeer het zo opnieuw", Location(output))
        time.sleep(POLL_SECONDS)
