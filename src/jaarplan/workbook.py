"""The master workbook: ``jaarplan.xlsx`` to the plan's texts and matrices, and back.

Every sheet is a table with a header row. A key column (Thema, Doel, ...) may
be typed once with blanks below it, or merged over its rows in Excel: openpyxl
gives a merged range's value to its top cell and None to the rest, so both
read the same. Formatting made with Excel inside a cell (italic, bold,
superscript) becomes Span formatting; ``[voetnoot 1]`` marks a footnote
reference to the sheet Voetnoten.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .errors import Location, PlanError
from .metadata import dutch_date
from .model import Chapter, Footnote, FootnoteRef, Goal, MatrixRow, RichText, Span, Theme

WORKBOOK_FILE = "jaarplan.xlsx"

SHEET_CHAPTERS = "Hoofdstukken"
SHEET_THEMES = "Thema's"
SHEET_MATRIX = "Matrix"
SHEET_FOOTNOTES = "Voetnoten"

CHAPTER_COLUMNS = ("Hoofdstuk", "Tekst")
THEME_COLUMNS = ("Thema", "Cluster", "Tekst", "Zie ook")
MATRIX_COLUMNS = (
    "Thema", "Doel", "Specifiek", "Meetbaar", "Acceptabel",
    "Realistisch", "Tijdgebonden", "Deadline", "Stand van zaken",
)  # fmt: skip
FOOTNOTE_COLUMNS = ("Voetnoot", "Tekst")

# The MatrixRow fields in the order of the matrix columns after Doel.
ROW_FIELDS = ("specific", "measurable", "acceptable", "realistic", "time_bound", "deadline", "progress")

FOOTNOTE_MARK = re.compile(r"\[voetnoot\s*([^\]\s][^\]]*)\]", re.IGNORECASE)
# Characters that pasted text brings along and that Word cannot hold or show.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class PlanTexts:
    """What the workbook holds: everything of the plan but its metadata."""

    chapters: list[Chapter]
    themes: list[Theme]
    footnotes: dict[str, Footnote]


@dataclass
class _Row:
    """One data row of a sheet: its cells by header, and where it is."""

    number: int
    cells: dict[str, Cell]
    sheet: Worksheet
    path: Path

    def text(self, header: str) -> RichText:
        return cell_text(self.cells[header])

    def at(self, header: str) -> Location:
        return Location(self.path, self.sheet.title, self.cells[header].coordinate)


# --- reading ---------------------------------------------------------------


def read_workbook(path: Path) -> PlanTexts:
    """Read chapters, themes with their matrices, and footnotes from the workbook."""
    book = _open(path)
    themes = _read_themes(_table(book, path, SHEET_THEMES, THEME_COLUMNS))
    _read_matrix(_table(book, path, SHEET_MATRIX, MATRIX_COLUMNS), themes, path)
    return PlanTexts(
        chapters=_read_chapters(_table(book, path, SHEET_CHAPTERS, CHAPTER_COLUMNS)),
        themes=list(themes.values()),
        footnotes=_read_footnotes(_table(book, path, SHEET_FOOTNOTES, FOOTNOTE_COLUMNS)),
    )


def _open(path: Path) -> Workbook:
    if not path.exists():
        raise PlanError("de werkmap ontbreekt", Location(path))
    try:
        return load_workbook(path, rich_text=True, data_only=True)
    except PermissionError:
        raise PlanError("de werkmap kan niet worden gelezen (geen toegang)", Location(path)) from None
    except Exception as error:  # openpyxl raises many kinds for a file that is no .xlsx
        raise PlanError(
            f"dit is geen Excel-werkmap (.xlsx) die gelezen kan worden ({type(error).__name__})",
            Location(path),
        ) from None


def _table(book: Workbook, path: Path, sheet_name: str, columns: tuple[str, ...]) -> list[_Row]:
    """The data rows of a sheet, after checking that each expected column is there."""
    if sheet_name not in book.sheetnames:
        hint = difflib.get_close_matches(sheet_name, book.sheetnames, n=1)
        suggestion = f"; bedoelt u '{hint[0]}'?" if hint else ""
        raise PlanError(f"het werkblad '{sheet_name}' ontbreekt{suggestion}", Location(path))
    sheet = book[sheet_name]
    header = {_header_text(cell.value): cell.column for cell in sheet[1] if cell.value is not None}
    missing = [name for name in columns if name not in header]
    if missing:
        problems = []
        for name in missing:
            hint = difflib.get_close_matches(name, [h for h in header if h not in columns], n=1, cutoff=0.5)
            suggestion = f"; staat er '{hint[0]}'? Noem de kolom '{name}'" if hint else ""
            problems.append(
                PlanError(f"kolom '{name}' ontbreekt in de kopregel{suggestion}", Location(path, sheet_name, "1"))
            )
        raise PlanError.collected(problems)
    rows = []
    for cells in sheet.iter_rows(min_row=2):
        by_header = {name: cells[header[name] - 1] for name in columns if header[name] - 1 < len(cells)}
        if len(by_header) < len(columns) or all(_is_blank(cell) for cell in by_header.values()):
            continue
        rows.append(_Row(cells[0].row, by_header, sheet, path))
    return rows


def _header_text(value: object) -> str:
    return " ".join(str(value).split())


def _is_blank(cell: Cell) -> bool:
    return not cell_text(cell)


def _read_chapters(rows: list[_Row]) -> list[Chapter]:
    chapters: list[Chapter] = []
    for row in rows:
        title = row.text("Hoofdstuk").text.strip()
        if title:
            chapters.append(Chapter(title, location=row.at("Hoofdstuk")))
        elif not chapters:
            raise PlanError("tekst zonder hoofdstuk: vul eerst de kolom Hoofdstuk in", row.at("Hoofdstuk"))
        if text := row.text("Tekst"):
            chapters[-1].paragraphs.append(text)
    return chapters


def _read_themes(rows: list[_Row]) -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    current: Theme | None = None
    for row in rows:
        title = row.text("Thema").text.strip()
        if title:
            if title in themes:
                raise PlanError(f"thema '{title}' staat twee keer op dit blad", row.at("Thema"))
            current = themes[title] = Theme(title, row.text("Cluster").text.strip(), location=row.at("Thema"))
        elif current is None:
            raise PlanError("tekst zonder thema: vul eerst de kolom Thema in", row.at("Thema"))
        if text := row.text("Tekst"):
            current.paragraphs.append(text)
        if see_also := row.text("Zie ook"):
            current.see_also.append(see_also)
    return themes


def _read_matrix(rows: list[_Row], themes: dict[str, Theme], path: Path) -> None:
    """Attach each matrix row to its theme's goals; a blank Doel continues the one above."""
    theme: Theme | None = None
    goal: Goal | None = None
    for row in rows:
        title = row.text("Thema").text.strip()
        if title:
            if title not in themes:
                hint = difflib.get_close_matches(title, list(themes), n=1)
                suggestion = f"; bedoelt u '{hint[0]}'?" if hint else ""
                raise PlanError(f"onbekend thema '{title}' (niet op blad {SHEET_THEMES}){suggestion}", row.at("Thema"))
            if themes[title] is not theme:
                theme = themes[title]
                goal = None
        elif theme is None:
            raise PlanError("rij zonder thema: vul de kolom Thema in", row.at("Thema"))
        goal_title = row.text("Doel")
        if goal_title:
            goal = Goal(goal_title, location=row.at("Doel"))
            theme.goals.append(goal)
        elif goal is None:
            raise PlanError("Doel ontbreekt, maar de rij heeft andere tekst", row.at("Doel"))
        cells = {field: row.text(header) for field, header in zip(ROW_FIELDS, MATRIX_COLUMNS[2:], strict=True)}
        goal.rows.append(MatrixRow(**cells, location=row.at("Specifiek")))


def _read_footnotes(rows: list[_Row]) -> dict[str, Footnote]:
    footnotes: dict[str, Footnote] = {}
    current: Footnote | None = None
    for row in rows:
        key = row.text("Voetnoot").text.strip()
        if key:
            if key in footnotes:
                raise PlanError(f"voetnoot '{key}' staat twee keer op dit blad", row.at("Voetnoot"))
            current = footnotes[key] = Footnote(key, location=row.at("Voetnoot"))
        elif current is None:
            raise PlanError("tekst zonder voetnootnummer: vul de kolom Voetnoot in", row.at("Voetnoot"))
        if text := row.text("Tekst"):
            current.paragraphs.append(text)
    return footnotes


# --- cell values -------------------------------------------------------------


def cell_text(cell: Cell) -> RichText:
    """A cell's value as RichText: numbers as typed, dates in Dutch, Excel formatting kept."""
    value = cell.value
    if value is None:
        return RichText()
    font = cell.font
    base = Span("", italic=bool(font.i), bold=bool(font.b), superscript=font.vertAlign == "superscript")
    if isinstance(value, CellRichText):
        spans = [_block_span(block, base) for block in value]
    else:
        spans = [Span(_value_text(value, cell.number_format), base.italic, base.bold, base.superscript)]
    return RichText(tuple(_with_footnote_refs(spans)))


def _block_span(block: str | TextBlock, base: Span) -> Span:
    if isinstance(block, str):
        return Span(clean_text(block), base.italic, base.bold, base.superscript)
    font = block.font
    return Span(
        clean_text(block.text),
        italic=base.italic if font.i is None else bool(font.i),
        bold=base.bold if font.b is None else bool(font.b),
        superscript=font.vertAlign == "superscript" if font.vertAlign else base.superscript,
    )


def _value_text(value: object, number_format: str) -> str:
    if isinstance(value, datetime.datetime):
        return dutch_date(value.date())
    if isinstance(value, datetime.date):
        return dutch_date(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    return clean_text(str(value))


def _number_text(value: float, number_format: str) -> str:
    """A number as a Dutch reader expects it: 650, 0,5 or 33%."""
    if "%" in number_format:
        value *= 100
        suffix = "%"
    else:
        suffix = ""
    if float(value).is_integer():
        return f"{int(value)}{suffix}"
    return f"{round(value, 10):g}".replace(".", ",") + suffix


def clean_text(text: str) -> str:
    """Drop characters that pasted text brings along and Word cannot hold or show."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\t", " ")
    text = text.translate(_INVISIBLE)
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def _with_footnote_refs(spans: list[Span]) -> Iterator[Span | FootnoteRef]:
    for span in spans:
        position = 0
        for match in FOOTNOTE_MARK.finditer(span.text):
            if match.start() > position:
                yield Span(span.text[position : match.start()], span.italic, span.bold, span.superscript)
            yield FootnoteRef(match.group(1).strip())
            position = match.end()
        if position < len(span.text):
            yield Span(span.text[position:], span.italic, span.bold, span.superscript)


# --- writing -----------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")


def write_workbook(texts: PlanTexts, path: Path) -> None:
    """Write a workbook that reads back to the same texts, laid out for people."""
    book = Workbook()
    book.remove(book.active)
    _write_sheet(book, SHEET_CHAPTERS, CHAPTER_COLUMNS, (24, 120), _chapter_rows(texts.chapters))
    _write_sheet(book, SHEET_THEMES, THEME_COLUMNS, (34, 28, 100, 50), _theme_rows(texts.themes))
    _write_sheet(book, SHEET_MATRIX, MATRIX_COLUMNS, (28, 30, 50, 30, 24, 30, 28, 14, 24), _matrix_rows(texts.themes))
    _write_sheet(book, SHEET_FOOTNOTES, FOOTNOTE_COLUMNS, (12, 120), _footnote_rows(texts.footnotes))
    book.active = book.sheetnames.index(SHEET_MATRIX)
    book.save(path)


def _chapter_rows(chapters: list[Chapter]) -> Iterator[tuple[object, ...]]:
    for chapter in chapters:
        for index, paragraph in enumerate(chapter.paragraphs or [RichText()]):
            yield (chapter.title if index == 0 else None, paragraph)


def _theme_rows(themes: list[Theme]) -> Iterator[tuple[object, ...]]:
    for theme in themes:
        count = max(len(theme.paragraphs), len(theme.see_also), 1)
        for index in range(count):
            first = index == 0
            yield (
                theme.title if first else None,
                theme.cluster if first else None,
                theme.paragraphs[index] if index < len(theme.paragraphs) else None,
                theme.see_also[index] if index < len(theme.see_also) else None,
            )


def _matrix_rows(themes: list[Theme]) -> Iterator[tuple[object, ...]]:
    """Thema on every row (so a filter works), Doel once with blanks below."""
    for theme in themes:
        for goal in theme.goals:
            for index, row in enumerate(goal.rows):
                yield (theme.title, goal.title if index == 0 else None, *row.cells())


def _footnote_rows(footnotes: dict[str, Footnote]) -> Iterator[tuple[object, ...]]:
    for footnote in footnotes.values():
        for index, paragraph in enumerate(footnote.paragraphs):
            yield (footnote.key if index == 0 else None, paragraph)


def _write_sheet(
    book: Workbook,
    title: str,
    columns: tuple[str, ...],
    widths: tuple[int, ...],
    rows: Iterator[tuple[object, ...]],
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for values in rows:
        sheet.append([_cell_value(value) for value in values])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 2)}"


def _cell_value(value: object) -> object:
    """RichText to what openpyxl writes: a plain string, or rich text with Excel formatting."""
    if not isinstance(value, RichText):
        return value
    if not value:
        return None
    blocks: list[str | TextBlock] = []
    for part in value.parts:
        if isinstance(part, FootnoteRef):
            blocks.append(f"[voetnoot {part.key}]")
        elif part.italic or part.bold or part.superscript:
            font = InlineFont(
                i=part.italic or None, b=part.bold or None, vertAlign="superscript" if part.superscript else None
            )
            blocks.append(TextBlock(font, part.text))
        else:
            blocks.append(part.text)
    if all(isinstance(block, str) for block in blocks):
        return "".join(blocks)  # type: ignore[arg-type]
    return CellRichText(blocks)
