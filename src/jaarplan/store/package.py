"""The package for the raadsinformatiesysteem: one folder in ``output/aanbieden/`` and a .zip of it.

The folder is filled under a hidden name and then takes the place of an
older one, so nobody uploads half a package. The .zip is deterministic: its
entries in name order, each with the same fixed time and permissions, so the
same files give the same .zip, byte for byte (and the same checksum). The
time is the version's own date at noon: Explorer shows a date that means
something (1-1-1980, the earliest a zip can hold, looked broken). A zip's times
carry no time zone and are shown as they are, so any hour keeps the date; noon
is simply the middle of it.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.store.files import CANNOT_WRITE, folder_mode, write_atomically

PACKAGES_FOLDER = "aanbieden"
ZIP_HOUR = 12  # noon of the version's date: no clock in the file
ZIP_MODE = 0o644 << 16  # rw-r--r-- for unzip on Linux and macOS


def write_package(folder: Path, files: dict[str, Path | bytes], dated: datetime.date) -> Path:
    """Write ``folder`` with ``files`` (name → a file to copy, or the bytes) and its .zip beside it; return the zip.

    An existing folder of the same name is replaced whole. Every entry of the zip is ``dated`` at noon.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        os.chmod(staging, folder_mode())  # readable as the rest of the output, not mkdtemp's owner-only
        for name, content in files.items():
            if isinstance(content, bytes):
                (staging / name).write_bytes(content)
            else:
                shutil.copyfile(content, staging / name)
        _replace_folder(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    target = folder.with_name(folder.name + ".zip")
    write_atomically(target, lambda path: write_zip(folder, path, dated))
    return target


def _replace_folder(staging: Path, folder: Path) -> None:
    """Put ``staging`` in the place of ``folder``; the old one is moved aside first, then removed."""
    old = None
    try:
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}-oud-", dir=folder.parent))
            os.replace(folder, old / folder.name)
        os.replace(staging, folder)
    except PermissionError:
        if old is not None and not folder.exists():
            os.replace(old / folder.name, folder)  # put the old package back
        raise PlanError(f"de map {CANNOT_WRITE}", Location(folder)) from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_zip(folder: Path, target: Path, dated: datetime.date) -> None:
    """The files of ``folder`` as a .zip in ``target``: name order, each ``dated`` at noon, no folder entry."""
    date_time = (dated.year, dated.month, dated.day, ZIP_HOUR, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.iterdir(), key=lambda path: path.name):
            if not path.is_file():
                continue
            info = zipfile.ZipInfo(f"{folder.name}/{path.name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ZIP_MODE
            info.create_system = 3  # Unix, on every system: the attributes mean the same everywhere
            archive.writestr(info, path.read_bytes(), compresslevel=9)
