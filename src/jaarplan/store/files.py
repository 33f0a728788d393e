"""Where built files land: written whole or not at all, and an issued version never lost.

A document whose status is *definitief* has been sent out; a rebuild that
would change it is refused unless the user asks to overwrite, and then the
old file is kept beside it as a backup. A concept may be rebuilt freely.
"""

from __future__ import annotations

import datetime
import filecmp
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import IO

from defusedxml import ElementTree
from lxml import etree

from jaarplan.errors import Location, PlanError
from jaarplan.word.ooxml import paragraph_style_id

CANNOT_WRITE = "kan niet worden geschreven; is het nog geopend (in Word of een PDF-lezer), of is de map alleen-lezen?"
ISSUED_VERSION = (
    "bestaat al als uitgegeven (definitieve) versie met een andere inhoud en wordt niet vervangen; verhoog de "
    "versie in plan.yaml, of bouw met --overwrite (de oude blijft dan als kopie bewaard)"
)
CORE_PROPERTIES = "docProps/core.xml"  # creation time and the like: differs between equal builds
DOCUMENT = "word/document.xml"
MACHINE_DEPENDENT = (CORE_PROPERTIES, "word/settings.xml")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_ELEMENTS = [f"{{{W_NS}}}{name}" for name in ("p", "tbl", "sdt", "sectPr")]  # what a body mostly holds
CONTENT_STATUS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}contentStatus"


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``target``, then rename it into place.

    A crash or Ctrl-C leaves the old file as it was, never half a new one;
    the rename is atomic because both names are in one folder.
    """
    with _temporary_beside(target) as temporary:
        write(temporary)
        _move_into_place(temporary, target)


@dataclass(frozen=True)
class Published:
    backup: Path | None  # the replaced issued document, kept beside it
    differs_from_archive: bool  # the archived copy of this version has other content (overwrite was asked)


def publish_document(
    target: Path, write: Callable[[Path], None], *, overwrite: bool, archived: Path | None = None
) -> Published:
    """Write a .docx at ``target`` without losing an issued version.

    An existing definitief document, or the ``archived`` copy of this version,
    with other content stops the build unless ``overwrite``; then the old
    document at ``target`` is kept as a backup (the archive is never touched).
    With the same content as the archived copy, that copy is what lands at
    ``target``, byte for byte, so its checksum in ``SHA256SUMS`` holds.
    """
    with _temporary_beside(target) as temporary:
        write(temporary)
        differs_from_archive = archived is not None and not same_content(temporary, archived)
        if archived is not None and not differs_from_archive:
            shutil.copyfile(archived, temporary)
        replaces_issued = target.exists() and _status(target) != "concept" and not same_content(temporary, target)
        if (replaces_issued or differs_from_archive) and not overwrite:
            raise PlanError(ISSUED_VERSION, Location(target if replaces_issued else archived))
        backup = keep_backup(target) if replaces_issued else None
        _move_into_place(temporary, target)
    return Published(backup, differs_from_archive)


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to "name (vervangen 2026-11-29 14.05.09).ext" beside it."""
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    backup = path.with_name(f"{path.stem} (vervangen {stamp}){path.suffix}")
    shutil.copy2(path, backup)
    return backup


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
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


def _move_into_place(temporary: Path, target: Path) -> None:
    try:
        os.chmod(temporary, _file_mode())
        os.replace(temporary, target)
    except PermissionError:
        raise PlanError(f"het bestand {CANNOT_WRITE}", Location(target)) from None


def _file_mode() -> int:
    """The mode a newly created file gets (mkstemp's temporary files are private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def same_content(new: Path, old: Path) -> bool:
    """Equal documents, apart from what depends on the machine that built them.

    Left out: the timestamps in the core properties, the settings (Word's
    "update fields" prompt is there only when LibreOffice was missing) and the
    table of contents entries, whose page numbers LibreOffice fills in.
    """
    try:
        if filecmp.cmp(new, old, shallow=False):
            return True  # the same file (a rebuild delivers the archived copy): no need to read the XML
        with zipfile.ZipFile(new) as a, zipfile.ZipFile(old) as b:
            if set(a.namelist()) != set(b.namelist()):
                return False
            for name in a.namelist():
                if name in MACHINE_DEPENDENT:
                    continue
                if name == DOCUMENT:
                    with a.open(name) as first, b.open(name) as second:
                        pieces = zip_longest(_without_contents_entries(first), _without_contents_entries(second))
                        if any(x != y for x, y in pieces):
                            return False
                elif a.read(name) != b.read(name):
                    return False
            return True
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return False


def _without_contents_entries(xml: IO[bytes]) -> Iterator[bytes]:
    """The document's XML in pieces, one per body element, without the table of contents entries.

    Read as a stream: each body element is emptied once given out, so a
    document of 20,000 matrix rows never becomes a whole tree (600 MiB). The
    rest (the root, the body) comes last as canonical XML, which leaves out
    where a writer repeated namespace declarations: documents written by
    another version of jaarplan compare as equal.
    """
    body = f"{{{W_NS}}}body"
    done = None  # the last body element given out, emptied: removed when the next one ends
    events = etree.iterparse(xml, events=("end",), tag=BODY_ELEMENTS, resolve_entities=False, huge_tree=True)
    for _, element in events:
        parent = element.getparent()
        if parent is None or parent.tag != body:
            continue  # a paragraph or table in a cell: part of its body element
        for before in list(element.itersiblings(preceding=True))[::-1]:
            if before is not done:  # an element of a kind not listed: given out when the next one ends
                yield etree.tostring(before)
            parent.remove(before)
        for entry in [p for p in element.iter(f"{{{W_NS}}}p") if p is not element and _is_contents_entry(p)]:
            entry.getparent().remove(entry)
        if not _is_contents_entry(element):
            yield etree.tostring(element)
        element.clear(keep_tail=True)
        done = element
    if done is not None:
        done.getparent().remove(done)
    yield etree.tostring(events.root, method="c14n")


def _is_contents_entry(element: etree._Element) -> bool:
    return element.tag == f"{{{W_NS}}}p" and re.fullmatch(r"TOC\d", paragraph_style_id(element) or "") is not None


def _status(document: Path) -> str | None:
    """The status (concept, definitief) in a .docx's core properties; None if unreadable."""
    try:
        with zipfile.ZipFile(document) as archive:
            root = ElementTree.fromstring(archive.read(CORE_PROPERTIES))
    except Exception:  # a damaged or foreign file counts as issued: never replace it unasked
        return None
    status = root.find(CONTENT_STATUS)
    return None if status is None else (status.text or "").strip()
