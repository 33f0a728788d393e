"""Where built files land: written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import Location, PlanError

CANNOT_WRITE = (
    "kan niet worden geschreven; is het bestand nog geopend (in Word of een PDF-lezer), of is de map alleen-lezen?"
)


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place.

    A crash or Ctrl-C leaves the old file as it was, never half a new one;
    the rename is atomic because both names are in one folder.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".~jaarplan-", suffix=target.suffix, dir=target.parent)
    except OSError:
        raise PlanError(f"de map {CANNOT_WRITE}", Location(target.parent)) from None
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, _file_mode())
        os.replace(temporary, target)
    except PermissionError:
        raise PlanError(f"het bestand {CANNOT_WRITE}", Location(target)) from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _file_mode() -> int:
    """The mode a newly created file gets (mkstemp's temporary files are private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
