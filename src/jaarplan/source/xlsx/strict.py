"""Strict Open XML read as the ordinary (Transitional) kind: the names translated as each part is read.

Excel and Word can save as "Strict Open XML" (ISO/IEC 29500-1 Strict). The
parts, the packaging (content types, ``_rels``) and the markup are the
Transitional ones (Part 4), but every namespace and relationship type of the
standard's own schemas lives under ``http://purl.oclc.org/ooxml/``:
``…/spreadsheetml/main`` for ``http://schemas.openxmlformats.org/spreadsheetml/2006/main``,
``…/officeDocument/relationships/worksheet`` for
``…/officeDocument/2006/relationships/worksheet``. Two names differ beyond
the year: ``extendedProperties`` and ``customProperties`` are written
``extended-properties`` and ``custom-properties`` in Transitional. The
packaging's own namespaces (Part 2: content types, relationships, core
properties) are the same in both.

So a Strict package is read by rewriting those URIs, each a whole attribute
value in quotes (a namespace declaration or a relationship's ``Type``), to
their Transitional twins, and handing the result to the ordinary reader:
``xlsx.cells`` streams a sheet through ``TransitionalStream``, the Word
importer opens ``transitional_package`` with python-docx. What Strict
changes in content is already read: a date in a cell is ISO 8601 (``t="d"``),
an on/off value ``true``/``false``. Nothing is written back: the user's file
stays as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO

_STRICT = re.compile(rb"""(["'])http://purl\.oclc\.org/ooxml/(\w{1,40})/(relationships/)?(\w{1,40})\1""")
_RENAMED = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}
_CHUNK = 64 * 1024


def is_strict(archive: zipfile.ZipFile) -> bool:
    """Whether the package's main part is related by a Strict relationship type (``_rels/.rels``)."""
    try:
        relations = archive.read("_rels/.rels")
    except KeyError:
        return False
    return b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in relations


def _transitional_uri(match: re.Match[bytes]) -> bytes:
    quote, area, relationships, name = match.groups()
    return b"%shttp://schemas.openxmlformats.org/%s/2006/%s%s%s" % (
        quote,
        area,
        relationships or b"",
        _RENAMED.get(name, name),
        quote,
    )


def transitional(xml: bytes) -> bytes:
    """One part's XML with its Strict namespaces and relationship types written as Transitional."""
    return _STRICT.sub(_transitional_uri, xml)


class TransitionalStream(io.RawIOBase):
    """A part being read, translated on the way: for a sheet too large to hold twice.

    Translated up to the last ``>`` read so far; a URI in quotes holds no
    ``>``, so none is ever cut in two. The rest waits for the next chunk.
    """

    def __init__(self, source: IO[bytes]) -> None:
        super().__init__()
        self.source = source
        self.ready = b""
        self.waiting = b""
        self.ended = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.source.close()
        super().close()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self.ready and not self.ended:
            chunk = self.source.read(_CHUNK)
            data = self.waiting + chunk
            if not chunk:
                self.ended = True
                self.ready, self.waiting = transitional(data), b""
            else:
                cut = data.rfind(b">") + 1
                self.ready, self.waiting = transitional(data[:cut]), data[cut:]
        size = min(len(buffer), len(self.ready))
        buffer[:size] = self.ready[:size]
        self.ready = self.ready[size:]
        return size


def transitional_package(archive: zipfile.ZipFile) -> io.BytesIO:
    """The whole package rewritten as Transitional, in memory: for a reader that opens a package itself."""
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for member in archive.infolist():
            data = archive.read(member)
            if member.filename.endswith((".xml", ".rels")) or member.filename == "[Content_Types].xml":
                data = transitional(data)
            target.writestr(member, data)
    copy.seek(0)
    return copy
