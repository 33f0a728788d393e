"""The matrix rows: written as XML text apart from the document tree, and spliced in when the document is saved.

A regional plan has up to 20,000 rows. As an lxml tree their XML (60 MB)
takes over 600 MiB, and docxtpl's passes over the whole rendered text (its
listing regexes, its table fix-up, the body swap) took most of a build. So
the template's row loop is cut out of the body docxtpl renders: each theme's
rows are rendered on their own, from the same Jinja text docxtpl would have
used, into UTF-8 kept aside (compressed), and the body holds a marker
(``<!--jaarplan-rows-N-->``) where they go. Saving writes them at their
markers (``RowsDocumentPart``). The rows are the XML docxtpl wrote, a row
restyled in Word included; a template without the usual loop is rendered by
docxtpl alone. A row whose tags are its values and ``loop.first`` (what
``{% vm %}`` writes) is rendered by Jinja once, with a slot per value; every
row is then that skeleton with its values in place.

Also here: the estimate of a row's height, so that a row taller than a page
loses ``w:cantSplit`` and flows over pages instead of being cut off. For rows
kept apart the estimate is made from the plan's texts where each value lands
in the row (``RowShape``), and only for a theme whose longest values could
come near a page; only a theme with a row too tall is parsed.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from types import SimpleNamespace
from typing import IO

import jinja2
from docx.document import Document
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from lxml import etree
from markupsafe import Markup, escape

from jaarplan.model import RichText
from jaarplan.word import ooxml

ROW_VALUES = ("goal", "specific", "measurable", "acceptable", "realistic", "time_bound", "deadline", "progress")
ROWS_KEY = "matrix_rows"  # the theme's variable that stands where its rows go

# The rows as docxtpl patches ``{%tr for goal in theme.goals %}{%tr for row in goal.rows %}`` … ``{%tr endfor
# %}{%tr endfor %}``: two loops around whole table rows, with no other loop inside.
_ROW_LOOP = re.compile(
    r"\{%\s*for\s+(?P<goal>\w+)\s+in\s+(?P<theme>\w+)\.goals\s*%\}"
    r"\{%\s*for\s+(?P<row>\w+)\s+in\s+(?P=goal)\.rows\s*%\}"
    r"(?P<rows><w:tr[ >](?:(?!\{%\s*(?:end)?for\b).)*</w:tr>)"
    r"\{%\s*endfor\s*%\}\{%\s*endfor\s*%\}",
    re.DOTALL,
)
_MARKER = "<!--jaarplan-rows-{}-->"
_MARKER_BYTES = re.compile(rb"<!--jaarplan-rows-(\d+)-->")
_MARKER_TEXT = re.compile(r"jaarplan-rows-(\d+)")
# What docxtpl still changes in its rendered text (``word.render._Template.finish_like_docxtpl``): tabs, line and
# page breaks in text (its listing pass), and its escaped tags, turned back into Jinja's.
DOCXTPL_LISTING_CHARACTERS = "\n\t\a\f"
DOCXTPL_ESCAPED_TAGS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_SLOT = "\ue000{}\ue001"  # a value's place in a probe row: private-use characters no template holds
_SLOTS = re.compile("\ue000([\\w.]+)\ue001")
_GOAL = "goal."  # a slot's name for a value of the goal (``{{ goal.title }}``) rather than of the row
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)

W_TBL, W_TR, W_TC, W_P = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:p")
W_CANT_SPLIT = f"{qn('w:trPr')}/{qn('w:cantSplit')}"
W_GRID_SPAN = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
W_SECTION_BREAK = f"{qn('w:pPr')}/{qn('w:sectPr')}"
W_VAL, W_W, W_BR = qn("w:val"), qn("w:w"), qn("w:br")
TEXT_TAGS = (qn("w:t"), qn("w:delText"), W_BR)


def cut_row_loops(
    body: str,
    environment: jinja2.Environment,
    finish: Callable[[str], str],
    font_sizes: dict[str, float],
    sections: list[etree._Element],
) -> tuple[list[RowLoop], str] | None:
    """The row loops of a body as docxtpl patched it, and the body with a marker in the place of each.

    The jaarplan has one row loop, the progress report two (Aandachtspunten
    and Per thema); each loop's ``within`` names the list its theme comes
    from. The loops keep their rows in one list, numbered in the order they
    are written. None when the body has no such loop, or one whose rows need
    docxtpl's passes over the whole document (see ``_writable_apart``).
    ``finish`` is docxtpl's treatment of rendered text; ``font_sizes`` (per
    paragraph style) and the template's ``sections`` (``w:sectPr``: the only
    pages the document can have) are for the height estimate.
    """
    found = list(_ROW_LOOP.finditer(body))
    if not found or not all(_writable_apart(one, found, body) for one in found):
        return None
    kept: list[bytes] = []
    tallest: list[float] = []
    loops = []
    for one in found:
        try:
            loop = environment.from_string(one.group(0))
        except jinja2.TemplateSyntaxError:
            return None  # docxtpl reports it, with the lines around it
        rows = RowLoop(
            loop, one["theme"], body[: body.index(">") + 1], finish, rows=kept, tallest=tallest,
            least_room=_least_room(sections), within=_list_around(one, body),
        )  # fmt: skip
        _probe(rows, one, _grid(_table_around(one, body)), font_sizes)
        loops.append(rows)
    pieces, start = [], 0
    for one in found:
        marker = "{{ %s.%s }}" % (one["theme"], ROWS_KEY)  # noqa: UP031 (Jinja's braces)
        pieces += [body[start : one.start()], marker]
        start = one.end()
    return loops, "".join([*pieces, body[start:]])


def _list_around(found: re.Match, body: str) -> str | None:
    """The list the loop's theme comes from: ``attention`` in ``{% for theme in attention %}`` before it."""
    loops = re.findall(rf"\{{%-?\s*for\s+{found['theme']}\s+in\s+([\w.]+)\s*-?%\}}", body[: found.start()])
    return loops[-1] if loops else None


def _changed_after_jinja(xml: str) -> bool:
    """Whether docxtpl's steps after Jinja (``finish``) would change this text (``in`` is fast on long text)."""
    if any(character in xml for character in DOCXTPL_LISTING_CHARACTERS):
        return True
    return "_" in xml and any(tag in xml for tag in DOCXTPL_ESCAPED_TAGS)  # an underscore in text is &#95;


def _writable_apart(found: re.Match, loops: list[re.Match], body: str) -> bool:
    """The rows can be written apart: in a table, rows only (no picture, no table in a cell), used nowhere else.

    docxtpl renumbers pictures (``wp:docPr``) and fixes tables whose rows do
    not match their grid; rows written apart go through neither, so they must
    need neither: every row of the table covers its grid exactly. ``loops``
    are all the row loops of the body, each cut out.
    """
    rest, start = [], 0
    for loop in loops:
        rest.append(body[start : loop.start()])
        start = loop.end()
    rest = "".join([*rest, body[start:]])
    rows = found["rows"]
    if re.search(rf"\b{found['goal']}\.rows\b|\.{ROWS_KEY}\b", rest):
        return False
    if "<w:tbl>" in rows or "<w:tbl " in rows or "docPr" in rows:
        return False
    table = _table_around(found, body)
    if table is None:
        return False
    columns = len(_grid(table))
    return all(_row_columns(row) == columns for row in re.findall(r"<w:tr[ >].*?</w:tr>", table, re.DOTALL))


def _table_around(found: re.Match, body: str) -> str | None:
    """The text of the table the loop stands in (up to its end tag)."""
    starts = [table.start() for table in re.compile(r"<w:tbl[ >]").finditer(body, 0, found.start())]
    end = body.find("</w:tbl>", found.end())
    if not starts or end < 0 or body.find("</w:tbl>", starts[-1], found.start()) >= 0:
        return None
    return body[starts[-1] : end]


def _grid(table: str) -> list[int]:
    """The column widths in a table's ``w:tblGrid`` (twips)."""
    return [int(width) for width in re.findall(r'<w:gridCol\b[^>]*\bw:w="(\d+)"', table)]


def _row_columns(row: str) -> int:
    """The grid columns a row's cells cover (a cell's ``w:gridSpan``, else one)."""
    cells = re.findall(r"<w:tc[ >].*?</w:tc>", row, re.DOTALL)
    spans = (re.search(r'<w:gridSpan w:val="(\d+)"', cell) for cell in cells)
    return sum(int(span.group(1)) if span else 1 for span in spans)


@dataclass
class RowLoop:
    """A row loop of the template, rendered per theme into UTF-8 XML kept apart from the document tree.

    The loops of one document share ``rows`` and ``tallest`` (a marker's number is its place in them).
    """

    loop: jinja2.Template
    theme_name: str
    body_tag: str  # the patched body's start tag: it declares the namespace prefixes the rows use
    finish: Callable[[str], str]  # docxtpl's steps after Jinja
    # The row(s) of a goal's first row and of a next one, as Jinja writes them with a slot for each value:
    # static text at even places, a value's name at odd ones (``_probe``). None: Jinja writes every row.
    skeletons: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    shapes: tuple[list[RowShape], list[RowShape]] | None = None  # the same, for the height estimate
    rows: list[bytes] = field(default_factory=list)  # per theme, in document order: compressed (``_kept``)
    tallest: list[float] = field(default_factory=list)  # per theme: its tallest row that may not split (twips)
    least_room: float = 0.0  # the room on the template's smallest page (twips): a row below it fits anywhere
    within: str | None = None  # the list the loop's theme comes from (``{% for theme in themes %}``)
    slots: tuple[str, ...] = ()  # the values the skeletons hold: a row's attribute, or "goal." and a goal's key

    def write(
        self, theme: dict[str, object], plan: dict[str, object], cells: list[list[dict[str, RichText]]] | None
    ) -> Markup:
        """Render the theme's rows and keep them; return the marker that stands for them in the body.

        ``theme`` is the theme's template context (its goals with their rows),
        ``cells`` the same rows' texts, per goal, for the height estimate
        (named as the slots); None when no row's height is to be estimated.
        """
        longest = dict.fromkeys(self.slots, 0)  # per value: its longest XML in this theme
        if self.skeletons is None:
            xml = self.loop.render({"plan": plan, self.theme_name: theme})
        else:
            xml = "".join(self._filled(theme["goals"], longest))
        if cells is None:
            self.tallest.append(0.0)
            xml = self.finish(xml) if _changed_after_jinja(xml) else xml
        elif _changed_after_jinja(xml):
            xml = self.finish(xml)
            self.tallest.append(math.inf)  # text as rendered, not as in the plan: let_long_rows_flow looks
        elif self.shapes is not None and self._at_most(longest) <= self.least_room:
            self.tallest.append(0.0)  # no row comes near a page: no need to estimate each
        else:
            self.tallest.append(self._tallest(cells))
        self.rows.append(_kept(xml.encode()))
        return Markup(_MARKER.format(len(self.rows) - 1))

    def _filled(self, goals: list[dict[str, list]], longest: dict[str, int]) -> Iterator[str]:
        """The rows' XML: each row's skeleton with its values (a row's attributes, a goal's keys) in place.

        What Jinja writes for these rows (autoescape: a value that is no
        Markup is escaped), without a Jinja call per value. ``longest`` learns
        each value's longest XML.
        """
        for goal in goals:
            for index, row in enumerate(goal["rows"]):
                for odd, piece in _alternating(self.skeletons[index > 0]):
                    if odd:
                        own = piece.startswith(_GOAL)
                        value = _as_markup(_value(goal, piece[len(_GOAL) :]) if own else _value(row, piece))
                        longest[piece] = max(longest[piece], len(value))
                        yield value
                    else:
                        yield piece

    def _at_most(self, longest: dict[str, int]) -> float:
        """An upper bound of the theme's tallest row that may not split, from its values' longest XML."""
        return max(
            (shape.height_at_most(longest) for shapes in self.shapes for shape in shapes if not shape.may_split),
            default=0.0,
        )

    def _tallest(self, goals: list[list[dict[str, RichText]]]) -> float:
        """The estimated height of the theme's tallest row that may not split; infinite when not known."""
        if self.shapes is None:
            return math.inf
        first, next_ones = ([shape for shape in shapes if not shape.may_split] for shapes in self.shapes)
        heights = (
            shape.height(row)
            for rows in goals
            for index, row in enumerate(rows)
            for shape in (first if index == 0 else next_ones)
        )
        return max(heights, default=0.0)

    def number(self, marker: etree._Element) -> int | None:
        """The theme number a body comment marks, or None for another comment."""
        found = _MARKER_TEXT.fullmatch(marker.text or "")
        return int(found.group(1)) if found else None

    def parsed(self, number: int) -> etree._Element:
        """A theme's rows as elements, children of a stand-in body that declares their prefixes."""
        xml = self.body_tag.encode() + zlib.decompress(self.rows[number]) + b"</w:body>"
        return etree.fromstring(xml, _FRAGMENT_PARSER)

    def holds(self, number: int, texts: tuple[bytes, ...]) -> bool:
        """Whether a theme's rows hold any of ``texts`` in their XML: found without parsing them."""
        xml = zlib.decompress(self.rows[number])
        return any(text in xml for text in texts)

    def change(self, number: int, changed: Callable[[etree._Element], bool]) -> None:
        """Let ``changed`` edit each row of a theme (True when it did); the rows are written again only then."""
        body = self.parsed(number)
        if any([changed(row) for row in body.iterchildren(W_TR)]):
            xml = etree.tostring(body)
            self.rows[number] = _kept(xml[xml.index(b">") + 1 : xml.rindex(b"</w:body>")])

    def put_in_tree(self, document: Document) -> None:
        """Move every theme's rows into the document tree, where its marker stands (for the redline)."""
        for marker in list(document.element.body.iter(etree.Comment)):
            number = self.number(marker)
            if number is None:
                continue
            for row in list(self.parsed(number)):
                marker.addprevious(row)
            marker.getparent().remove(marker)
        self.rows.clear()


class RowsDocumentPart(DocumentPart):
    """The main document part with its matrix rows kept apart, written at their markers when saved.

    Everything else is the part python-docx loaded (its tree, relationships,
    styles), so python-docx's API works on it as on any document.
    """

    rows: list[bytes]
    loop: RowLoop  # what wrote them: to parse and change a theme's rows (``kept_rows``)
    _markers_only = False  # while python-docx writes the package: the tree alone, rows follow (``save``)

    @property
    def blob(self) -> bytes:
        xml = serialize_part_xml(self._element)
        return xml if self._markers_only else b"".join(self._pieces(xml))

    def save(self, path_or_stream: str | PathLike | IO[bytes]) -> None:
        """Save the package, this part's XML streamed into its zip entry: 60 MB never whole in memory.

        python-docx writes the package (this part without its rows) into
        memory; its entries are then copied, and this part's written piece by
        piece, rows in place.
        """
        package = io.BytesIO()
        self._markers_only = True
        try:
            super().save(package)
        finally:
            self._markers_only = False
        with zipfile.ZipFile(package) as written, zipfile.ZipFile(path_or_stream, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in written.infolist():
                copy = zipfile.ZipInfo(entry.filename, entry.date_time)
                copy.compress_type, copy.external_attr = entry.compress_type, entry.external_attr
                if entry.filename != self.partname.membername:
                    target.writestr(copy, written.read(entry))
                    continue
                with target.open(copy, "w") as stream:
                    for piece in self._pieces(written.read(entry)):
                        stream.write(piece)

    def _pieces(self, xml: bytes) -> Iterator[bytes]:
        """The part's XML in pieces: the tree's between the markers, each marker's rows."""
        for index, piece in enumerate(_MARKER_BYTES.split(xml)):
            yield zlib.decompress(self.rows[int(piece)]) if index % 2 else piece


def _kept(xml: bytes) -> bytes:
    """Rows to keep until saved: zlib's fastest level makes 60 MB of rows a few MB in 0.05 s."""
    return zlib.compress(xml, 1)


def write_rows_when_saved(document: Document, rows: RowLoop) -> None:
    """Let saving ``document`` write the kept rows at their markers (python-docx saves a part's ``blob``)."""
    part = document.part
    part.__class__ = RowsDocumentPart  # the loaded part itself: every relationship already points at it
    part.rows = rows.rows
    part.loop = rows


def kept_rows(document: Document) -> RowLoop | None:
    """The loop whose rows ``document`` keeps apart until saved (``change`` edits a theme's); None: all in the tree."""
    part = document.part
    return part.loop if isinstance(part, RowsDocumentPart) else None


# --- a row taller than a page --------------------------------------------------------------------
# Estimating a row's height without a layout engine: generous, so a row that might not fit on a
# page is let go rather than cut off (Word does not show what does not fit of a row that may not split).
CHARACTER_WIDTH_EM = 0.55  # Arial's average is about 0.5 em
LINE_HEIGHT_EM = 1.25
CELL_MARGINS_TWIPS = 2 * 108 + 40  # Word's default left and right cell margins, and some slack
FITS_ON_A_PAGE = 0.8  # of the page's text height, less the header row

# A row as the estimate sees it: per cell its width (twips) and per paragraph its font size (twips) and text.
Cells = list[tuple[int, list[tuple[float, str]]]]


def let_long_rows_flow(document: Document, font_sizes: dict[str, float], rows: RowLoop | None = None) -> None:
    """Keep the template's whole rows (``w:cantSplit``) but for a row taller than a page: that one flows.

    Rows kept apart (``rows``) are judged where their marker stands; a theme's
    rows are parsed only when the estimate from its texts finds one too tall.
    """
    body = document.element.body
    sections = _sections(body)
    for table in body.iter(W_TBL):
        widths = [int(column.get(W_W)) for column in table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        section = sections.get(table)
        room = FITS_ON_A_PAGE * _text_height(section if section is not None else _section_after(table, body))

        def flowed(row: etree._Element, widths: list[int] = widths, room: float = room) -> bool:
            if row.find(W_CANT_SPLIT) is None or _height(_row_cells(row, widths, font_sizes)) <= room:
                return False
            ooxml.let_row_split(row)
            return True

        for row in table.findall(W_TR):
            flowed(row)
        for marker in table.iterchildren(etree.Comment) if rows is not None else ():
            number = rows.number(marker)
            if number is not None and rows.tallest[number] > room:
                rows.change(number, flowed)


def _sections(body: etree._Element) -> dict[etree._Element, etree._Element]:
    """Per table in the body, the section it stands in: the first section break after it, else the body's."""
    section = body.find(qn("w:sectPr"))
    found = {}
    for element in reversed(body):
        if element.tag == W_TBL:
            found[element] = section
        else:
            section = next(element.iterfind(W_SECTION_BREAK), section)
    return found


def _least_room(sections: list[etree._Element]) -> float:
    """The room for a row on the smallest of these pages; none when one has no size or margins."""
    try:
        return FITS_ON_A_PAGE * min((_text_height(section) for section in sections), default=0.0)
    except (AttributeError, TypeError, ValueError):
        return 0.0


def _section_after(table: etree._Element, body: etree._Element) -> etree._Element:
    """The section a table in a cell stands in, found the same way."""
    following = (found for sibling in table.itersiblings() for found in sibling.iterfind(W_SECTION_BREAK))
    return next(following, body.find(qn("w:sectPr")))


def _text_height(section: etree._Element) -> float:
    """Twips between the top and bottom margin of a section."""
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
    return int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))


def _row_cells(row: etree._Element, widths: list[int], font_sizes: dict[str, float]) -> Cells:
    """A row's cells as the estimate sees them."""
    cells: Cells = []
    column = 0
    for cell in row.findall(W_TC):
        span = cell.find(W_GRID_SPAN)
        count = int(span.get(W_VAL)) if span is not None else 1
        width = max(sum(widths[column : column + count]) - CELL_MARGINS_TWIPS, 200)
        column += count
        paragraphs = []
        for paragraph in cell.iter(W_P):
            size = font_sizes.get(ooxml.paragraph_style_id(paragraph) or "Normal", 11.0) * 20  # twips
            text = "".join("\n" if t.tag == W_BR else t.text or "" for t in paragraph.iter(*TEXT_TAGS))
            paragraphs.append((size, text))
        cells.append((width, paragraphs))
    return cells


def _height(cells: Cells) -> float:
    """Twips the row's tallest cell is estimated to take."""
    tallest = 0.0
    for width, paragraphs in cells:
        height = 0.0
        for size, text in paragraphs:
            height += _lines(text, size, width) * LINE_HEIGHT_EM * size
        tallest = max(tallest, height)
    return tallest


def _lines(text: str, size: float, width: int) -> int:
    """Lines a paragraph's text is estimated to wrap to in a cell ``width`` twips wide, at ``size`` twips."""
    return sum(max(1, -(-int(len(line) * CHARACTER_WIDTH_EM * size) // width)) for line in text.split("\n"))


@dataclass(frozen=True)
class RowShape:
    """A rendered row with a slot where each value's text lands: its height estimated without parsing it.

    ``cells`` is as in ``Cells``, each paragraph's text split at its slots:
    static text at even places, a value's name at odd ones.
    """

    may_split: bool  # no ``w:cantSplit``: never needs to flow
    cells: tuple[tuple[int, tuple[tuple[float, tuple[str, ...]], ...]], ...]

    def height(self, values: dict[str, RichText]) -> float:
        """What ``_height`` gives the row rendered with these values (as ``_row_cells`` would read it)."""
        cells = [
            (width, [(size, _with_values(pieces, values)) for size, pieces in texts]) for width, texts in self.cells
        ]
        return _height(cells)

    def height_at_most(self, longest: dict[str, int]) -> float:
        """At least ``height`` for any values whose XML is at most ``longest[name]`` characters long."""
        tallest = 0.0
        for width, paragraphs in self.cells:
            height = 0.0
            for size, pieces in paragraphs:
                lines = _at_most_lines("".join(pieces[0::2]), [longest[name] for name in pieces[1::2]], size, width)
                height += lines * LINE_HEIGHT_EM * size
            tallest = max(tallest, height)
        return tallest


def _with_values(pieces: tuple[str, ...], values: dict[str, RichText]) -> str:
    """A paragraph's text split at its slots (``RowShape``), each slot's value's text put in."""
    return "".join(
        (values[piece].text if piece in values else "") if odd else piece for odd, piece in _alternating(pieces)
    )


def _value(holder: object, name: str) -> object:
    """``holder.name`` as Jinja looks it up: an attribute, else a key; what is neither writes nothing."""
    if isinstance(holder, dict):
        return holder.get(name, "")
    return getattr(holder, name, "")


def _as_markup(value: object) -> Markup:
    """A value as Jinja's autoescape writes it: Markup as it is, anything else escaped."""
    return value if isinstance(value, Markup) else escape(value)


def _at_most_lines(text: str, values: list[int], size: float, width: int) -> float:
    """At most how many lines ``_lines`` gives a paragraph of static ``text`` and values of these XML lengths.

    Per line ``_lines`` counts at most one more than its characters' share of
    the width; a value's XML holds each of its characters and, for each line
    break, ``<w:br/>``: seven characters.
    """
    share = CHARACTER_WIDTH_EM * size / width
    return 1 + text.count("\n") + len(text) * share + sum(values) * max(share, 1 / len("<w:br/>"))


def _alternating(pieces: tuple[str, ...]) -> Iterator[tuple[bool, str]]:
    return ((index % 2 == 1, piece) for index, piece in enumerate(pieces))


def _probe(rows: RowLoop, found: re.Match, widths: list[int], font_sizes: dict[str, float]) -> None:
    """Render the loop once with a slot for each value: the rows' skeletons and, from them, their shapes.

    Only for rows whose tags are values of the row or the goal and
    ``loop.first`` (what ``{% vm %}`` writes): then a row is its skeleton
    with each value in its slot, as Jinja writes it. Otherwise Jinja writes
    every theme's rows, and they are parsed to estimate their height.
    """
    tags = [" ".join(tag.split()) for tag in re.findall(r"\{[{%](.*?)[}%]\}", found["rows"], re.DOTALL)]
    value = re.compile(rf"(?:{found['row']}|(?P<goal>{found['goal']}))\.(?P<name>\w+)")
    values = [value.fullmatch(tag) for tag in tags]
    loop_tags = ("if loop.first", "else", "endif")
    if any(tag not in loop_tags and not known for tag, known in zip(tags, values, strict=True)):
        return
    names = {(_GOAL if known["goal"] else "") + known["name"] for known in values if known}
    if _GOAL + "rows" in names:
        return
    slots = {name: Markup(_SLOT.format(name)) for name in names if not name.startswith(_GOAL)}
    goal = {name[len(_GOAL) :]: Markup(_SLOT.format(name)) for name in names if name.startswith(_GOAL)}
    one, two = (
        rows.loop.render({rows.theme_name: {"goals": [goal | {"rows": [_Probe(slots)] * count}]}}) for count in (1, 2)
    )
    if not two.startswith(one) or _changed_after_jinja(two):
        return
    rows.skeletons = (tuple(_SLOTS.split(one)), tuple(_SLOTS.split(two[len(one) :])))
    rows.shapes = tuple(_shapes(skeleton, rows.body_tag, widths, font_sizes) for skeleton in rows.skeletons)
    rows.slots = tuple(sorted(names))


class _Probe(SimpleNamespace):
    """A probe row: its values as attributes, as the rows' own values are (``word.render._RowValues``)."""

    def __init__(self, slots: dict[str, Markup]) -> None:
        super().__init__(**slots)


def _shapes(
    skeleton: tuple[str, ...], body_tag: str, widths: list[int], font_sizes: dict[str, float]
) -> list[RowShape]:
    """The shapes of a skeleton's rows, each value a run holding its slot (the place of its text)."""
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    xml = "".join(run.format(_SLOT.format(piece)) if odd else piece for odd, piece in _alternating(skeleton))
    return [
        RowShape(
            row.find(W_CANT_SPLIT) is None,
            tuple(
                (width, tuple((size, tuple(_SLOTS.split(text))) for size, text in paragraphs))
                for width, paragraphs in _row_cells(row, widths, font_sizes)
            ),
        )
        for row in etree.fromstring(f"{body_tag}{xml}</w:body>".encode(), _FRAGMENT_PARSER).findall(W_TR)
    ]
