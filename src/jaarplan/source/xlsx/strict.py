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

A package is a zip: its declared sizes are checked (``check_package_sizes``,
also for the ordinary workbook) before anything is unpacked, and the copy for
python-docx holds only the parts reached from ``_rels/.rels`` through the
relationships, as python-docx itself would load them, so a large member that
nothing refers to is never unpacked. The stream keeps back only as many bytes
as the longest Strict URI could still need, so a long stretch without a URI
(a 40 MB string in one cell) is translated in one pass.

It serves the Word importer too but lives here, as does
``safe_open.is_encrypted_office_file``: the top level is kept for the plain
data every layer shares (model, errors, text), which knows no file format, and
``office`` runs LibreOffice. ``source/xlsx`` is the lowest layer that reads an
Office package, and the importer stands above it, so the layers hold.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import IO
from urllib.parse import unquote

from lxml import etree

from jaarplan.errors import Location, PlanError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # a 20,000-row plan unpacks to about 20 MB
MAX_COMPRESSION_RATIO = 200  # XML compresses 10 to 30 times; far beyond that is a bomb
BOMB_FROM_BYTES = 50 * 1024 * 1024  # below this a high ratio does no harm

_STRICT = re.compile(rb"""(["'])http://purl\.oclc\.org/ooxml/(\w{1,40})/(relationships/)?(\w{1,40})\1""")
# The longest text _STRICT can match: quote, prefix, 40, "/", "relationships/", 40, quote.
LONGEST_MATCH = 1 + len(b"http://purl.oclc.org/ooxml/") + 40 + 1 + len(b"relationships/") + 40 + 1
_RENAMED = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}
_CHUNK = 64 * 1024
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_package_sizes(members: list[zipfile.ZipInfo], where: Location, subject: str, pronoun: str) -> None:
    """Refuse a package whose declared sizes say it unpacks far too large (a zip bomb), before unpacking it.

    ``subject`` and ``pronoun`` name the file in the message: "de werkmap"/"hij", "het Word-document"/"het".
    """
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > BOMB_FROM_BYTES and unpacked / packed > MAX_COMPRESSION_RATIO):
        raise PlanError(
            f"{subject} zou uitgepakt {unpacked // (1024 * 1024)} MB worden; zo groot is geen jaarplan "
            f"(mogelijk een zip-bom) en {pronoun} wordt niet gelezen",
            where,
        )


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

    Each chunk is translated up to ``LONGEST_MATCH - 1`` bytes before its end
    (or the end of a URI that runs past that point): a URI that starts there
    may still be cut in two, so those bytes wait for the next chunk. What
    waits never grows beyond that, so every byte is scanned about once.
    """

    def __init__(self, source: IO[bytes], chunk: int = 0) -> None:
        super().__init__()
        self.source = source
        self.chunk = chunk or _CHUNK
        self.ready = b""
        self.offset = 0
        self.waiting = b""
        self.ended = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.source.close()
        super().close()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self.offset == len(self.ready) and not self.ended:
            chunk = self.source.read(self.chunk)
            self.ended = not chunk
            self.ready, self.waiting = _translate_safe_part(self.waiting + chunk, self.ended)
            self.offset = 0
        size = min(len(buffer), len(self.ready) - self.offset)
        buffer[:size] = self.ready[self.offset : self.offset + size]
        self.offset += size
        return size


def _translate_safe_part(data: bytes, ended: bool) -> tuple[bytes, bytes]:
    """(translated, waiting): all of ``data`` translated at the end, else all but what a URI may still need."""
    if ended:
        return transitional(data), b""
    safe = max(0, len(data) - (LONGEST_MATCH - 1))
    pieces, done = [], 0
    for match in _STRICT.finditer(data):
        if match.start() >= safe:
            break
        pieces += [data[done : match.start()], _transitional_uri(match)]
        done = match.end()
    cut = max(safe, done)
    pieces.append(data[done:cut])
    return b"".join(pieces), data[cut:]


def transitional_package(archive: zipfile.ZipFile) -> io.BytesIO:
    """The parts python-docx would load, rewritten as Transitional, in memory: for a reader that opens a package.

    Check the sizes first (``check_package_sizes``). Only the parts reached
    through the relationships are copied; XML is deflated again, images and
    other binary parts are stored as they are (deflating them again gains
    nothing).
    """
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w") as target:
        for name in reachable_parts(archive):
            data = archive.read(name)
            xml = name.endswith((".xml", ".rels"))
            target.writestr(
                name, transitional(data) if xml else data, zipfile.ZIP_DEFLATED if xml else zipfile.ZIP_STORED
            )
    copy.seek(0)
    return copy


def reachable_parts(archive: zipfile.ZipFile) -> list[str]:
    """``[Content_Types].xml`` and the parts reached from the package's ``_rels/.rels``, with their ``.rels``."""
    names = set(archive.namelist())
    found = {"[Content_Types].xml"} & names
    todo = [""]  # the package itself
    while todo:
        rels = _rels_name(todo.pop())
        if rels not in names or rels in found:
            continue
        found.add(rels)
        for target in _internal_targets(archive.read(rels), rels):
            if target in names and target not in found:
                found.add(target)
                todo.append(target)
    return [name for name in archive.namelist() if name in found]


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _internal_targets(xml: bytes, rels: str) -> list[str]:
    """The part names a ``.rels`` part points at (not external links), relative to its source part's folder."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return []
    base = posixpath.dirname(posixpath.dirname(rels))
    targets = []
    for relation in root.iter(_RELATIONSHIP):
        target = unquote(relation.get("Target", ""))
        if relation.get("TargetMode") == "External" or not target:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(base, target)
        targets.append(posixpath.normpath(path))
    return targets
