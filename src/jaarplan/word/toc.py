"""The table of contents, written out: an entry per heading, each with its page number.

Word only fills a TOC field when someone presses F9 (or agrees to a prompt), and
LibreOffice never does on its own. So the build writes the field's result
itself: every heading gets a bookmark, every entry a hyperlink to it and a
``PAGEREF`` field whose shown value is the page on which LibreOffice laid the
heading out (see ``commands.build.paginate_document``). Without known pages the entries carry no
number and Word is asked to update the fields when it opens the file.

The field runs come from ``word.ooxml`` (``field_start_runs``, ``field_runs``); the
bookmarks, hyperlinks and entry paragraphs around them are written here. The TOC
field begins in the first entry's paragraph and ends in the last, so it cannot be
appended to one paragraph as ``ooxml.add_field`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from jaarplan.word.ooxml import (
    FIELD_END_RUN,
    escape_text,
    field_runs,
    field_start_runs,
    paragraph_style_id,
    set_update_fields_on_open,
    style_outline_levels,
)

BOOKMARK_PREFIX = "_TocJaarplan"
ENTRY_STYLE = "TOC{level}"  # style ids of Word's built-in "toc 1", "toc 2"
MAX_LEVEL = 2


@dataclass(frozen=True)
class Heading:
    """A heading as the table of contents lists it."""

    text: str
    level: int
    bookmark: str


def fill(document: Document, pages: list[int] | None = None) -> list[Heading]:
    """Write the entries of the document's TOC field; return the headings it lists, in order.

    ``pages`` holds a page number per heading; None leaves the numbers to Word.
    Calling it again replaces the entries, so a second pass can correct numbers.
    """
    headings = _mark_headings(document)
    field = _toc_field_paragraph(document)
    if field is None or not headings:
        return headings
    if pages is not None and len(pages) != len(headings):
        raise ValueError(f"{len(pages)} page numbers for {len(headings)} headings")
    numbers = pages if pages is not None else [None] * len(headings)
    _replace_field_result(field, _instruction(field), list(zip(headings, numbers, strict=True)))
    if pages is None:
        set_update_fields_on_open(document)
    else:
        _drop_update_fields_on_open(document)
    return headings


def has_table_of_contents(document: Document) -> bool:
    return _toc_field_paragraph(document) is not None


def _outline_levels(document: Document) -> dict[str, int]:
    """The heading styles the table of contents lists: style id → level 1 or 2."""
    return {style_id: level for style_id, level in style_outline_levels(document).items() if level <= MAX_LEVEL}


def heading_paragraphs(document: Document) -> list[etree._Element]:
    """The body paragraphs in a heading style that the table of contents lists (levels 1 and 2)."""
    levels = _outline_levels(document)
    return [paragraph for paragraph in document.element.body.iterchildren(qn("w:p")) if _level(paragraph, levels)]


def _level(paragraph: etree._Element, levels: dict[str, int]) -> int | None:
    return levels.get(paragraph_style_id(paragraph) or "")


def _mark_headings(document: Document) -> list[Heading]:
    """Give every heading with text a fresh bookmark (earlier ones are removed, so names stay unique)."""
    _remove_our_bookmarks(document)
    levels = _outline_levels(document)
    headings = []
    for paragraph in heading_paragraphs(document):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t"))).strip()
        if not text:
            continue
        bookmark = f"{BOOKMARK_PREFIX}{len(headings) + 1:05d}"
        _add_bookmark(paragraph, bookmark, 900_000 + len(headings))
        headings.append(Heading(text, _level(paragraph, levels), bookmark))
    return headings


def _remove_our_bookmarks(document: Document) -> None:
    body = document.element.body
    ids = set()
    for start in list(body.iter(qn("w:bookmarkStart"))):
        if (start.get(qn("w:name")) or "").startswith(BOOKMARK_PREFIX):
            ids.add(start.get(qn("w:id")))
            start.getparent().remove(start)
    for end in list(body.iter(qn("w:bookmarkEnd"))):
        if end.get(qn("w:id")) in ids:
            end.getparent().remove(end)


def _add_bookmark(paragraph: etree._Element, name: str, bookmark_id: int) -> None:
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{bookmark_id}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{bookmark_id}"/>')
    properties = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if properties is None else 1, start)
    paragraph.append(end)


def _toc_field_paragraph(document: Document) -> etree._Element | None:
    """The body paragraph where the TOC field begins (the template's placeholder or earlier entries)."""
    for paragraph in document.element.body.iterchildren(qn("w:p")):
        for instruction in paragraph.iter(qn("w:instrText")):
            if (instruction.text or "").strip().startswith("TOC"):
                return paragraph
    return None


def _instruction(paragraph: etree._Element) -> str:
    """The TOC field's own instruction: its instrText up to its ``separate`` mark, not the entries' PAGEREFs."""
    parts = []
    for node in paragraph.iter(qn("w:instrText"), qn("w:fldChar")):
        if node.tag == qn("w:fldChar") and node.get(qn("w:fldCharType")) == "separate":
            break
        if node.tag == qn("w:instrText"):
            parts.append(node.text or "")
    return "".join(parts).strip()


def _entry_xml(heading: Heading, page: int | None) -> str:
    """The runs of one entry: the heading text, a tab, and the page as a PAGEREF field."""
    number = "" if page is None else str(page)
    page_field = "".join(field_runs(f"PAGEREF {heading.bookmark} \\h", f"<w:r><w:t>{number}</w:t></w:r>"))
    return (
        f'<w:hyperlink w:anchor="{heading.bookmark}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{escape_text(heading.text)}</w:t></w:r>'
        "<w:r><w:tab/></w:r>"
        f"{page_field}</w:hyperlink>"
    )


def _replace_field_result(first: etree._Element, instruction: str, entries: list[tuple[Heading, int | None]]) -> None:
    """Replace the TOC field (one paragraph, or the entry paragraphs of an earlier pass) by new entries.

    The field opens in the first entry's paragraph and closes in the last one,
    as Word writes it, so Word and LibreOffice both still see one TOC field.
    """
    body = first.getparent()
    old = _field_paragraphs(first)
    index = body.index(old[0])
    for paragraph in old:
        body.remove(paragraph)
    begin = "".join(field_start_runs(instruction))
    for position, (heading, page) in enumerate(entries):
        head = begin if position == 0 else ""
        tail = FIELD_END_RUN if position == len(entries) - 1 else ""
        style = ENTRY_STYLE.format(level=heading.level)
        properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        xml = f"<w:p {nsdecls('w')}>{properties}{head}{_entry_xml(heading, page)}{tail}</w:p>"
        body.insert(index + position, parse_xml(xml))


def _field_paragraphs(first: etree._Element) -> list[etree._Element]:
    """The paragraphs from the one where a field begins to the one where it ends."""
    paragraphs = []
    depth = 0
    paragraph = first
    while paragraph is not None:
        paragraphs.append(paragraph)
        for char in paragraph.iter(qn("w:fldChar")):
            kind = char.get(qn("w:fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth <= 0:
            break
        paragraph = paragraph.getnext()
    return paragraphs


def _drop_update_fields_on_open(document: Document) -> None:
    """The numbers are right: spare the reader Word's "update fields?" prompt."""
    for element in document.settings.element.findall(qn("w:updateFields")):
        element.getparent().remove(element)
