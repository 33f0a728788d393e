"""The cells of an .xlsx as jaarplan reads them, without openpyxl.

An .xlsx is a zip of XML parts: ``xl/workbook.xml`` names the sheets in
order, ``xl/_rels/workbook.xml.rels`` says which part holds each, the shared
strings part holds the texts that cells point to, and ``xl/styles.xml`` the
number formats and fonts that cells point to. Each sheet jaarplan wants is
read in one pass with lxml's ``iterparse``, every row cleared once read, so
memory holds the cells that have a value and never the XML. What jaarplan
does not read (drawings, conditional formats, print settings, pivot tables,
extensions) is never parsed.

The values are what openpyxl gave for the same XML (jaarplan read with it
before; ``tests/test_same_document.py`` holds the reader to that): text with
its runs of italic, bold and superscript, numbers as int or float, numbers in
a date format as dates, and beside a formula the value Excel last computed.
Every XML or zip error becomes one Dutch PlanError; lxml is told not to
resolve entities, load a DTD or go on the network, and a DTD anywhere is
refused as an XML bomb.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from jaarplan.errors import Location, PlanError, Problems
from jaarplan.source.xlsx.strict import TransitionalStream, is_strict, transitional

DAMAGED = "de werkmap is beschadigd en kan niet worden gelezen; open hem in Excel of LibreOffice en sla hem opnieuw op"
STRICT_UNREADABLE = (
    "de werkmap is opgeslagen als 'Strict Open XML' en kan niet worden gelezen; sla hem op als gewone werkmap "
    "(Excel: Opslaan als › Excel-werkmap (*.xlsx), niet 'Strict Open XML-spreadsheet'; LibreOffice: Bestand › "
    "Opslaan als › Excel 2007-365 (.xlsx))"
)
XML_BOMB = "de werkmap bevat XML die niet is toegestaan (zoals een XML-bom) en wordt niet gelezen"
SHEET_SKIPPED = (
    "een werkblad is in de werkmap onvolledig vastgelegd en wordt overgeslagen; open de werkmap in Excel "
    "en sla hem opnieuw op"
)
NOT_A_DATE = (
    "het getal {number} staat in datumopmaak, maar is geen datum (Excel toont ########); de cel blijft leeg in het "
    "document: typ de datum opnieuw, of haal de datumopmaak weg"
)
NOT_DATES = (
    "{count} cellen in datumopmaak bevatten een getal dat geen datum is ({cells}; Excel toont ########); ze blijven "
    "leeg in het document: typ de datums opnieuw, of haal de datumopmaak weg"
)
NOT_DATES_NAMED = 3  # cells named in the message; the first is its place
AN_ERROR = (
    "de cel toont {code} (een formule die geen uitkomst heeft); de cel blijft leeg in het document: "
    "verbeter de formule, of typ de waarde"
)
ERRORS = (
    "{count} cellen tonen een foutwaarde ({cells}), van formules die geen uitkomst hebben; ze blijven leeg in het "
    "document: verbeter de formules, of typ de waarden"
)
# Excel keeps its error values in English in the file; Dutch Excel shows them so.
DUTCH_ERRORS = {
    "#VALUE!": "#WAARDE!",
    "#N/A": "#N/B",
    "#DIV/0!": "#DEEL/0!",
    "#REF!": "#VERW!",
    "#NAME?": "#NAAM?",
    "#NUM!": "#GETAL!",
    "#NULL!": "#LEEG!",
    "#SPILL!": "#OVERLOOP!",
    "#CALC!": "#BEREKENEN!",
}  # any other: "een foutwaarde", never the English code

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (f"{_MAIN}{name}" for name in ("row", "c", "v", "f", "is"))
_RUN, _RUN_FONT, _TEXT, _PHONETIC = (f"{_MAIN}{name}" for name in ("r", "rPr", "t", "rPh"))
_STRING_ITEM, _MERGE = f"{_MAIN}si", f"{_MAIN}mergeCell"
_ITALIC, _BOLD, _VERT_ALIGN = (f"{_MAIN}{name}" for name in ("i", "b", "vertAlign"))
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_FALSE = frozenset(("0", "false", "f", ""))  # how openpyxl's Bool reads an attribute; absent is true

# A run of text in a cell: (text, italic, bold, vertAlign); None takes the cell style's. As in openpyxl (and
# Excel), a run with its own font (<rPr>) is italic or bold only when that font says so; a run without
# one has the cell's font; a vertAlign the run does not set is the cell's.
Run = tuple[str, bool | None, bool | None, str | None]
Value = (
    str | tuple[Run, ...] | int | float | bool | datetime.datetime | datetime.date | datetime.time | datetime.timedelta
)


@dataclass(frozen=True)
class Style:
    """What a cell's style (its ``cellXfs`` entry) gives it: number format and font."""

    number_format: str = "General"
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    is_date: bool = False  # a number in this format is a date (or a time)
    is_timedelta: bool = False  # ... a duration: [h]:mm


DEFAULT_STYLE = Style()


@dataclass(slots=True)
class Cell:
    """A cell that holds something.

    ``value`` is a str, or a tuple of ``Run`` when the text has runs of its
    own formatting, or a number, bool or date. A formula cell has ``formula``
    (``=...`` as typed) and as value what Excel computed last, None if the
    file holds none.
    """

    value: Value | None
    style: Style = DEFAULT_STYLE
    formula: str | None = None


@dataclass
class Sheet:
    """One sheet: its state, and the cells that hold something by row and column (1-based)."""

    name: str
    state: str = "visible"  # or "hidden", "veryHidden"
    is_chart: bool = False  # a chart sheet: no cells
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    part: str = ""  # the package part that holds it ("xl/worksheets/sheet7.xml"), for a writer that edits it

    def cell(self, row: int, column: int) -> Cell | None:
        return self.rows.get(row, {}).get(column)


@dataclass
class Workbook:
    """The sheets of a workbook by name, in order; only the wanted ones hold cells."""

    sheets: dict[str, Sheet]

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)


def read_cells(path: Path, wanted: Collection[str] | None = None, problems: Problems | None = None) -> Workbook:
    """Read the sheets named in ``wanted`` (all when None); the other sheets are named, not read.

    A sheet the workbook names but does not hold is left out with a warning.
    A damaged file is a PlanError that says so in Dutch.
    """
    problems = problems if problems is not None else Problems()
    strict = False
    try:
        with zipfile.ZipFile(path) as archive:
            strict = is_strict(archive)
            return _Reader(archive, Location(path), problems, strict).read(wanted)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError):
        raise PlanError(STRICT_UNREADABLE if strict else DAMAGED, Location(path)) from None
    except (NotImplementedError, RuntimeError):  # a zip member compressed in a way zipfile lacks, or encrypted
        raise PlanError(STRICT_UNREADABLE if strict else DAMAGED, Location(path)) from None


class _Reader:
    """One workbook being read: its parts, its styles and shared strings, the dates that could not be.

    A Strict workbook (``strict``) has its parts translated to Transitional as they are read.
    """

    def __init__(self, archive: zipfile.ZipFile, where: Location, problems: Problems, strict: bool = False) -> None:
        self.archive = archive
        self.strict = strict
        self.where = where
        self.problems = problems
        self.names = set(archive.namelist())
        self.styles: list[Style] = [DEFAULT_STYLE]
        self.strings: list[str | tuple[Run, ...]] = []
        self.epoch = _WINDOWS_EPOCH
        self.not_dates: dict[str, list[tuple[str, float]]] = {}  # per sheet: (cell, number) in a date format, no date
        self.errors: dict[str, list[tuple[str, str]]] = {}  # per sheet: (cell, Dutch error value)

    def read(self, wanted: Collection[str] | None) -> Workbook:
        workbook = self._xml("xl/workbook.xml")
        relations = self._relations("xl/_rels/workbook.xml.rels")
        properties = workbook.find(f"{_MAIN}workbookPr")
        if properties is not None and properties.get("date1904", "0") not in _FALSE:
            self.epoch = _MAC_EPOCH
        sheets: dict[str, Sheet] = {}
        parts: dict[str, str] = {}
        skipped = False
        for element in workbook.iter(f"{_MAIN}sheet"):
            name, relation = element.get("name", ""), relations.get(element.get(_RELATIONSHIP_ID, ""))
            if relation is None or relation[1] not in self.names:
                skipped = True
                continue
            kind, part = relation
            sheets[name] = Sheet(name, element.get("state", "visible"), is_chart="chartsheet" in kind, part=part)
            parts[name] = part
        if skipped:
            self.problems.warn(SHEET_SKIPPED, self.where)
        reading = [name for name in sheets if (wanted is None or name in wanted) and not sheets[name].is_chart]
        if reading:
            self._read_styles(next((p for k, p in relations.values() if k.endswith("/styles")), "xl/styles.xml"))
            strings = next((p for k, p in relations.values() if k.endswith("/sharedStrings")), None)
            self._read_strings(strings or "xl/sharedStrings.xml")
        for name in reading:
            with self._open(parts[name]) as source:
                self._read_sheet(source, sheets[name])
        for name, cells in self.not_dates.items():
            self._warn_not_dates(name, cells)
        for name, errors in self.errors.items():
            self._warn_errors(name, errors)
        return Workbook(sheets)

    def _warn_errors(self, sheet: str, errors: list[tuple[str, str]]) -> None:
        """One warning per sheet at its first error value, each named as Dutch Excel shows it (not ``#VALUE!``)."""
        where = Location(self.where.file, sheet, errors[0][0])
        if len(errors) == 1:
            code = errors[0][1]
            self.problems.warn(AN_ERROR.format(code=f"de foutwaarde {code}" if code else "een foutwaarde"), where)
            return
        named = ", ".join(f"{cell}: {code or 'foutwaarde'}" for cell, code in errors[:NOT_DATES_NAMED])
        more = ", …" if len(errors) > NOT_DATES_NAMED else ""
        self.problems.warn(ERRORS.format(count=len(errors), cells=named + more), where)

    def _warn_not_dates(self, sheet: str, cells: list[tuple[str, float]]) -> None:
        """One warning per sheet at its first such cell, each number said as read (not Excel's ``#VALUE!``)."""
        where = Location(self.where.file, sheet, cells[0][0])
        if len(cells) == 1:
            self.problems.warn(NOT_A_DATE.format(number=excel_number(cells[0][1])), where)
            return
        named = ", ".join(f"{cell}: {excel_number(number)}" for cell, number in cells[:NOT_DATES_NAMED])
        more = ", …" if len(cells) > NOT_DATES_NAMED else ""
        self.problems.warn(NOT_DATES.format(count=len(cells), cells=named + more), where)

    # --- the small parts, read whole --------------------------------------------------------------

    def _open(self, name: str) -> IO[bytes]:
        source = self.archive.open(name)
        return TransitionalStream(source) if self.strict else source

    def _xml(self, name: str) -> etree._Element:
        data = self.archive.read(name)
        root = etree.fromstring(transitional(data) if self.strict else data, etree.XMLParser(**_PARSER_OPTIONS))
        self._refuse_dtd(root)
        return root

    def _refuse_dtd(self, root: etree._Element) -> None:
        """Office never writes a DTD; ``check_workbook_file`` looks at each part's head, this at the rest."""
        if root.getroottree().docinfo.doctype:
            raise PlanError(XML_BOMB, self.where)

    def _relations(self, name: str) -> dict[str, tuple[str, str]]:
        return relations_of(self._xml(name), name)

    def _read_styles(self, name: str) -> None:
        """Each cell style's number format and font, as openpyxl's stylesheet gave them."""
        if name not in self.names:
            return
        root = self._xml(name)
        custom = {
            int(element.get("numFmtId", "0")): element.get("formatCode", "")
            for element in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt")
        }
        fonts = [_font(element) for element in root.iterfind(f"{_MAIN}fonts/{_MAIN}font")]
        styles = []
        for element in root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"):
            number = int(element.get("numFmtId", "0"))
            code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
            font_id = int(element.get("fontId", "0"))
            italic, bold, superscript = fonts[font_id] if 0 <= font_id < len(fonts) else (False, False, False)
            styles.append(
                Style(
                    code if code is not None else "General",
                    italic,
                    bold,
                    superscript,
                    is_date_format(code),
                    is_timedelta_format(code),
                )
            )
        self.styles = styles or [DEFAULT_STYLE]

    def _read_strings(self, name: str) -> None:
        if name not in self.names:
            return
        with self._open(name) as source:
            for element in self._elements(source, _STRING_ITEM):
                self.strings.append(text_value(element))
                element.clear()

    def _elements(self, source: IO[bytes], *tags: str) -> Iterator[etree._Element]:
        """The elements with ``tags`` as each ends; earlier siblings are dropped, so the tree stays small."""
        events = etree.iterparse(source, events=("end",), tag=tags, **_PARSER_OPTIONS)
        checked = False
        for _, element in events:
            if not checked:
                self._refuse_dtd(element)
                checked = True
            yield element
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]

    # --- a worksheet, row by row ------------------------------------------------------------------

    def _read_sheet(self, source: IO[bytes], sheet: Sheet) -> None:
        merges: list[str] = []
        row_number = 0
        for element in self._elements(source, _ROW, _MERGE):
            if element.tag == _MERGE:
                merges.append(element.get("ref", ""))
                continue
            number = element.get("r")
            row_number = row_number + 1 if number is None else _row_number(number)
            if element.get("hidden", "0") not in _FALSE:
                sheet.hidden_rows.add(row_number)
            self._read_row(element, row_number, sheet)
            element.clear()
        for merge in merges:
            _unmerge(sheet.rows, merge)

    def _read_row(self, row: etree._Element, row_number: int, sheet: Sheet) -> None:
        """The cells of one ``<row>`` that hold a value or a formula, into ``sheet.rows``.

        Only the row's own children are looked at, as openpyxl did. A cell with
        no child holds nothing (a formatted blank, most of a sheet's cells) and
        costs no more than its reference.
        """
        column = 0
        for cell in row:
            if cell.tag != _CELL:  # <extLst>
                continue
            reference = cell.get("r")
            if reference is None:
                column += 1
            else:
                row_number, column = _coordinate(reference)
            if len(cell):
                self._keep(sheet, cell, row_number, column)

    def _keep(self, sheet: Sheet, cell: etree._Element, row: int, column: int) -> None:
        """One ``<c>`` with children: its value (``<v>`` or ``<is>``) and formula (``<f>``), if any."""
        raw: str | None = None
        inline: etree._Element | None = None
        formula: str | None = None
        for part in cell:
            tag = part.tag
            if tag == _VALUE:
                raw = part.text
            elif tag == _INLINE:
                inline = part
            elif tag == _FORMULA:
                formula = "=" + (part.text or "")
        style_id = cell.get("s")
        style = self.styles[int(style_id)] if style_id else self.styles[0]
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            value = None if inline is None else text_value(inline)
        elif not raw:
            value = None
        elif kind == "n":
            value = _number(raw)
            if style.is_date:
                value = self._date(value, style, sheet.name, row, column)
                formula = None if value is None else formula  # kept out whole, not "a formula without its value"
        elif kind == "s":
            value = self.strings[int(raw)]
        elif kind == "b":
            value = bool(int(raw))
        elif kind == "d":
            value = from_iso8601(raw)
        elif kind == "e":  # an error value such as #VALUE!: kept out whole, named in Dutch in a warning
            code = DUTCH_ERRORS.get(raw.strip(), "")
            self.errors.setdefault(sheet.name, []).append((f"{column_letter(column)}{row}", code))
            return
        else:  # "str" (a formula's text)
            value = raw
        if value is not None or formula is not None:
            cells = sheet.rows.get(row)
            if cells is None:
                cells = sheet.rows[row] = {}
            cells[column] = Cell(value, style, formula)

    def _date(self, serial: float, style: Style, sheet: str, row: int, column: int) -> Value | None:
        """The date (or time, or duration) of a number in a date format; None when it can be none.

        openpyxl gave Excel's English ``#VALUE!`` there, which then stood in
        the document; the cell is left empty instead (a formula's too), and
        the warning says what number it held.
        """
        try:
            return from_excel(serial, self.epoch, timedelta=style.is_timedelta)
        except (OverflowError, ValueError):
            self.not_dates.setdefault(sheet, []).append((f"{column_letter(column)}{row}", serial))
            return None


def relations_of(root: etree._Element, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) of the ``.rels`` part ``name`` (parsed: ``root``), as openpyxl
    resolves a target against the part's folder; external targets left out."""
    folder = posixpath.dirname(posixpath.dirname(name))
    relations = {}
    for element in root.iter(_PACKAGE_RELATIONSHIP):
        target = element.get("Target", "")
        if element.get("TargetMode") == "External":
            continue
        part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        relations[element.get("Id", "")] = (element.get("Type", ""), part)
    return relations


def rels_part(part: str) -> str:
    """The name of the ``.rels`` part that holds ``part``'s relationships."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def text_value(element: etree._Element) -> str | tuple[Run, ...]:
    """The text of an ``<is>`` or ``<si>``: a str, or its runs when it has runs of its own formatting.

    As openpyxl: a plain ``<t>`` wins over runs, phonetic guides (``<rPh>``, each
    with one ``<t>``) are left out, ``_x005F_`` (an escaped underscore) loses its
    ``x005F_``, and a single run without a font of its own is a str. One flat
    walk over the descendants: lxml makes an iterator per call, so nesting costs.
    """
    if len(element) == 1 and element[0].tag == _TEXT:  # most texts: no runs
        return _unescape_underscore(element[0].text or "")
    plain: str | None = None
    runs: list[Run] = []
    text: str | None = None  # the current run's text; None before the first run
    italic: bool | None = None
    bold: bool | None = None
    vert_align: str | None = None
    phonetic = False  # the next <t> is a phonetic guide's
    parts = element.iter()
    next(parts)  # the element itself: not one of the tags below (iterdescendants() is slower to start)
    for part in parts:
        tag = part.tag
        if tag == _TEXT:
            if phonetic:
                phonetic = False
            elif text is None:
                plain = part.text
            else:
                text = part.text or ""
        elif tag == _RUN:
            if text is not None:
                runs.append((_unescape_underscore(text), italic, bold, vert_align))
            text, italic, bold, vert_align = "", None, None, None
        elif tag == _RUN_FONT:
            italic = bold = False
        elif tag == _ITALIC:
            italic = part.get("val", "1") not in _FALSE
        elif tag == _BOLD:
            bold = part.get("val", "1") not in _FALSE
        elif tag == _VERT_ALIGN:
            vert_align = part.get("val")
            vert_align = None if vert_align == "none" else vert_align
        elif tag == _PHONETIC:
            phonetic = True
    if text is not None:
        runs.append((_unescape_underscore(text), italic, bold, vert_align))
    if plain:
        return _unescape_underscore(plain)
    if len(runs) == 1 and runs[0][1:] == (None, None, None):
        return runs[0][0]
    return tuple(runs) if runs else ""


def _unescape_underscore(text: str) -> str:
    return text.replace("x005F_", "") if "x005F_" in text else text


def _font(element: etree._Element) -> tuple[bool, bool, bool]:
    """(italic, bold, superscript) of a ``<font>`` in the stylesheet."""
    italic = element.find(_ITALIC)
    bold = element.find(_BOLD)
    vert_align = element.find(_VERT_ALIGN)
    return (
        italic is not None and italic.get("val", "1") not in _FALSE,
        bold is not None and bold.get("val", "1") not in _FALSE,
        vert_align is not None and vert_align.get("val") == "superscript",
    )


# --- coordinates ---------------------------------------------------------------------------------

_COLUMNS: dict[str, int] = {}
_COORDINATE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _coordinate(reference: str) -> tuple[int, int]:
    """``"C12"`` → (12, 3)."""
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = _COLUMNS[letters] = column_number(letters)
    return int(reference[len(letters) :]), column


def column_number(letters: str) -> int:
    """``"C"`` → 3; anything that is no column of Excel's (A to XFD) is a damaged file."""
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isupper()):
        raise ValueError(letters)
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    if number > 16384:
        raise ValueError(letters)
    return number


def column_letter(number: int) -> str:
    """3 → ``"C"``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _row_number(text: str) -> int:
    """A row's ``r``: openpyxl also took ``"3.0"``."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


def _unmerge(rows: dict[int, dict[int, Cell]], reference: str) -> None:
    """A merged range keeps the value of its top-left cell; the others are empty.

    Bounded by the cells the sheet holds: ``B1:B1048576`` costs what the
    sheet's rows cost, not a million positions.
    """
    corners = [_COORDINATE.fullmatch(part) for part in reference.split(":")]
    if not 1 <= len(corners) <= 2 or not all(corners):
        return
    (first_row, first_column), (last_row, last_column) = (
        (int(corner.group(2)), column_number(corner.group(1))) for corner in (corners[0], corners[-1])
    )
    top, bottom = sorted((first_row, last_row))
    left, right = sorted((first_column, last_column))
    if bottom - top < len(rows):
        numbers: Iterator[int] | list[int] = iter(range(top, bottom + 1))
    else:
        numbers = [number for number in rows if top <= number <= bottom]
    for number in numbers:
        cells = rows.get(number)
        if not cells:
            continue
        covered = [column for column in cells if left <= column <= right and (number, column) != (top, left)]
        for column in covered:
            del cells[column]
        if not cells:
            del rows[number]


# --- numbers and dates, as openpyxl reads them (openpyxl.utils.datetime, openpyxl.styles.numbers) ----

_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
_MAC_EPOCH = datetime.datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86400

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)', 42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}  # fmt: skip
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


def is_date_format(code: str | None) -> bool:
    """Whether a number in this format is a date or time: a d, m, y, h or s outside quotes and [locale]."""
    if code is None:
        return False
    return _DATE_PART.search(_LITERAL_OR_LOCALE.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    return code is not None and _TIMEDELTA.search(code.split(";")[0]) is not None


def excel_number(number: float) -> str:
    """A number as Dutch Excel shows it: a decimal comma, no exponent for what fits in 15 digits, else ``-1E+300``."""
    text = f"{number:.15g}" if isinstance(number, float) else str(number)
    return text.replace(".", ",").replace("e", "E")


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def from_excel(
    value: float, epoch: datetime.datetime = _WINDOWS_EPOCH, timedelta: bool = False
) -> datetime.datetime | datetime.time | datetime.timedelta:
    """An Excel date serial as a datetime (a time below 1; with Excel's 1900 leap-year bug)."""
    if timedelta:
        duration = datetime.timedelta(days=value)
        if duration.microseconds:
            duration = datetime.timedelta(
                seconds=duration.total_seconds() // 1, microseconds=round(duration.microseconds, -3)
            )
        return duration
    day, fraction = divmod(value, 1)
    difference = datetime.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and difference.days == 0:
        minutes, seconds = divmod(difference.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, difference.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + datetime.timedelta(days=day) + difference


_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?"
)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_iso8601(text: str) -> datetime.datetime | datetime.date | datetime.time | datetime.timedelta:
    """A ``t="d"`` cell's value: an ISO 8601 date, time, date and time, or duration."""
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = match.groupdict(0)
        number = {key: int(parts[key]) if parts[key] else 0 for key in ("year", "month", "day", "hour", "minute")}
        second = int(parts["second"]) if parts["second"] else 0
        microsecond = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        if not parts["date"]:
            return datetime.time(number["hour"], number["minute"], second, microsecond)
        if not parts["time"]:
            return datetime.date(number["year"], number["month"], number["day"])
        return datetime.datetime(
            number["year"], number["month"], number["day"], number["hour"], number["minute"], second, microsecond
        )
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return datetime.timedelta(**{key: float(value) for key, value in match.groupdict(0).items() if value})
    raise ValueError(text)
