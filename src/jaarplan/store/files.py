"""Files written whole or not at all: a temporary file beside the target, moved into place.

Knows nothing of Word, so writing the users file or a web page imports no
python-docx; ``store.publish`` adds the rule for issued documents.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jaarplan.errors import Location, PlanError

CANNOT_WRITE = "kan niet worden geschreven; is het nog geopend (in Word of een PDF-lezer), of is de map alleen-lezen?"


def write_atomically(target: Path, write: Callable[[Path], None], *, mode: int | None = None) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place.

    A crash or Ctrl-C leaves the old file as it was, never half a new one;
    the rename is atomic because both names are in one folder. ``mode`` (such
    as 0o600 for a file only its owner may read) is set before the rename, so
    the file is never readable by others, not even for a moment.
    """
    with temporary_beside(target) as temporary:
        write(temporary)
        move_into_place(temporary, target, mode=mode)


def check_replaceable(target: Path) -> None:
    """A PlanError now if ``target`` exists and cannot be replaced (Word or a PDF reader holds it on Windows).

    Opening it for appending is refused exactly while another program has it
    open without sharing, as Word does; nothing is written.
    """
    if not target.exists():
        return
    try:
        with target.open("ab"):
            pass
    except PermissionError:
        raise PlanError(f"het bestand {CANNOT_WRITE} Er is nog niets gewijzigd.", Location(target)) from None


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to "name (vervangen 2026-11-29 14.05.09).ext" beside it; never over an earlier copy.

    Two replacements in one second (a script, a double click) give "… 14.05.09 2).ext" for the second:
    the name is claimed exclusively first, so even two processes at once each keep their own copy.
    """
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    for number in range(1, 1000):
        backup = path.with_name(f"{path.stem} (vervangen {stamp}{f' {number}' if number > 1 else ''}){path.suffix}")
        try:
            os.close(os.open(backup, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue
        except OSError:
            raise PlanError(f"de kopie {CANNOT_WRITE}", Location(backup)) from None
        try:
            shutil.copy2(path, backup)
        except OSError:
            backup.unlink(missing_ok=True)  # an empty file would look like a backup
            raise PlanError(f"de kopie {CANNOT_WRITE}", Location(backup)) from None
        return backup
    raise PlanError("er staan al 999 kopieën van dit bestand van deze seconde; ruim ze op", Location(path))


@contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A temporary file name in the target's folder, removed on the way out if still there."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".~jaarplan-", suffix=target.suffix, dir=target.parent)
    except OSError:
        raise PlanError(f"de map {CANNOT_WRITE}", Location(target.parent)) from None
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def move_into_place(temporary: Path, target: Path, *, mode: int | None = None) -> None:
    try:
        os.chmod(temporary, _file_mode() if mode is None else mode)
        os.replace(temporary, target)
    except PermissionError:
        raise PlanError(f"het bestand {CANNOT_WRITE}", Location(target)) from None


def _file_mode() -> int:
    """The mode a newly created file gets (mkstemp's temporary files are private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def folder_mode() -> int:
    """The mode a newly made folder gets (mkdtemp's folders are private to the owner): as readable as the rest."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask
