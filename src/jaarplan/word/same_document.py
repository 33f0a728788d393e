"""Are two built Word documents the same plan? Equal apart from what the building machine puts in.

A rebuild of an issued version must not count as a change because LibreOffice
filled in other page numbers or the clock moved on; ``store.publish`` asks this
module before it replaces or archives a document.
"""

from __future__ import annotations

import filecmp
import re
import zipfile
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path
from typing import IO

from defusedxml import ElementTree
from lxml import etree

from jaarplan.word.ooxml import W_NS, paragraph_style_id

CORE_PROPERTIES = "docProps/core.xml"  # creation time and the like: differs between equal builds
DOCUMENT = "word/document.xml"
MACHINE_DEPENDENT = (CORE_PROPERTIES, "word/settings.xml")
BODY_ELEMENTS = [f"{{{W_NS}}}{name}" for name in ("p", "tbl", "sdt", "sectPr")]  # what a body mostly holds
CONTENT_STATUS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}contentStatus"


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


def document_status(document: Path) -> str | None:
    """The status (concept, definitief) in a .docx's core properties; None if unreadable."""
    try:
        with zipfile.ZipFile(document) as archive:
            root = ElementTree.fromstring(archive.read(CORE_PROPERTIES))
    except Exception:  # a damaged or foreign file counts as issued: never replace it unasked
        return None
    status = root.find(CONTENT_STATUS)
    return None if status is None else (status.text or "").strip()
