"""The master workbook: ``jaarplan.xlsx`` to the plan's texts and matrices, and back.

Every sheet is a table with a header row. A key column (Thema, Doel, ...) may
be typed once with blanks below it, or merged over its rows in Excel: a merged
range's value is in its top cell and the rest are empty (``xlsx.cells``),
so both read the same. Formatting made with Excel inside a cell (italic, bold,
superscript) becomes Span formatting; ``[voetnoot 1]`` marks a footnote
reference to the sheet Voetnoten. The cells come from ``xlsx.cells``,
which reads the .xlsx itself (no openpyxl on the way in).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from jaarplan.collector import collector_paused
from jaarplan.errors import Location, Problems, Reason, RowLocations
from jaarplan.model import (
    EMPTY,
    MATRIX_COLUMNS,
    OWN_AREA,
    ROW_FIELDS,
    ROW_HEADERS,
    STATUS_COLUMN,
    Chapter,
    Footnote,
    FootnoteRef,
    Goal,
    Indicator,
    MatrixRow,
    Measurement,
    PlanTexts,
    RichText,
    Span,
    Theme,
)
from jaarplan.source.xlsx.cells import Cell, Run, Sheet, Style, Workbook, column_letter
from jaarplan.source.xlsx.safe_open import open_workbook
from jaarplan.text import dutch_date, shorten

WORKBOOK_FILE = "jaarplan.xlsx"

SHEET_CHAPTERS = "Hoofdstukken"
SHEET_THEMES = "Thema's"
SHEET_MATRIX = "Matrix"
SHEET_FOOTNOTES = "Voetnoten"

CHAPTER_COLUMNS = ("Hoofdstuk", "Tekst")
THEME_COLUMNS = ("Thema", "Cluster", "Tekst", "Zie ook")
WORKBOOK_MATRIX_COLUMNS = (*MATRIX_COLUMNS, STATUS_COLUMN)
FOOTNOTE_COLUMNS = ("Voetnoot", "Tekst")
SHEETS = (SHEET_CHAPTERS, SHEET_THEMES, SHEET_MATRIX, SHEET_FOOTNOTES)
# The indicator sheets (issue 24): optional; a workbook without them reads as before. Columns found by header.
SHEET_INDICATORS = "Indicatoren"
SHEET_MEASUREMENTS = "Metingen"
INDICATOR_COLUMNS = (
    "Thema", "Doel", "Indicator", "Definitie", "Eenheid", "Bron", "Beter is",
    "Nulmeting", "Jaar nulmeting", "Streefwaarde", "Jaar streefwaarde",
)  # fmt: skip
INDICATOR_OPTIONAL = ("Doel",)  # a sheet may go without this column: no indicator then measures one Doel
MEASUREMENT_COLUMNS = ("Indicator", "Gebied", "Jaar", "Waarde")
DIRECTIONS = {"hoger": True, "lager": False}  # the "Beter is" words and Indicator.higher_is_better
INDICATOR_FIELDS = {  # Indicator field -> its header, for cell_locations
    "theme": "Thema", "goal": "Doel", "name": "Indicator", "definition": "Definitie", "unit": "Eenheid",
    "source": "Bron", "higher_is_better": "Beter is", "baseline": "Nulmeting", "baseline_year": "Jaar nulmeting",
    "target": "Streefwaarde", "target_year": "Jaar streefwaarde",
}  # fmt: skip
SHEET_LISTS = "Lijsten"  # the drop-down lists of a workbook jaarplan wrote (``xlsx.writer``); not read as content


NO_RESULT = (
    "formule zonder berekende waarde; open de werkmap in Excel of LibreOffice en sla hem op, "
    "dan wordt de uitkomst bewaard"
)  # a formula's cell as a script wrote it: Excel and Calc store the result only when they save

FOOTNOTE_MARK = re.compile(r"\[voetnoot\s*([^\]\s][^\]]*)\]", re.IGNORECASE)


@dataclass(frozen=True)
class YearChange:
    """A concept's new year and the old years its cells should no longer name (last year, the year it came from)."""

    old: tuple[int, ...]
    new: int

    def named_in(self, text: str) -> list[int]:
        """The old years ``text`` names as a number of its own ("2010", not "20105"), in order."""
        return [year for year in self.old if str(year) in text and re.search(rf"(?<!\d){year}(?!\d)", text)]


@dataclass
class _Source:
    """The workbook being read, and where its problems go."""

    path: Path
    book: Workbook
    problems: Problems
    years: YearChange | None = None  # warn for each cell that still names an old year
    # Equal spans as one object (a Span is frozen, so it is safe to share): a plan repeats many, such as an
    # italic "zie convenant" in every row, and each made once saves time and memory. A RichText with text
    # is never shared (only EMPTY, which no paragraph list holds): compare and redline pair them by identity.
    spans: dict[tuple[str, bool, bool, bool], Span] = field(default_factory=dict)

    def cell_text(self, cell: Cell | None, row: _Row, header: str) -> RichText:
        """A cell's text; formulas give Excel's last result, pasted debris is cleaned with a warning."""
        if cell is None:
            return EMPTY
        text = self._formatted_text(cell)
        if text is None:
            text = self._read_text(cell, row, header)
        named = self.years.named_in(text.text) if self.years else []
        if named:
            self.problems.warn(
                f"noemt nog {' en '.join(map(str, named))}; pas de tekst aan voor {self.years.new} als dat nodig is",
                row.at(header),
                about=text.text,
                reason=Reason.LAST_YEAR,
            )
        return text

    def span(self, text: str, italic: bool, bold: bool, superscript: bool) -> Span:
        """The one Span of this text and formatting."""
        key = (text, italic, bold, superscript)
        span = self.spans.get(key)
        if span is None:
            span = self.spans[key] = Span(text, italic, bold, superscript)
        return span

    def _formatted_text(self, cell: Cell) -> RichText | None:
        """A typed text with nothing to clean and no footnote mark: a Span per run that holds text; else None.

        What ``_read_text`` gives for it, with no step between: most cells are
        such texts, and a 20,000-row matrix has 160,000 of them.
        """
        value = cell.value
        if cell.formula is not None:
            return None
        if isinstance(value, str):
            raw = value
        elif isinstance(value, tuple):
            raw = "".join([run[0] for run in value])
        else:
            return None
        if "[" in raw or not _is_plain(raw):
            return None
        style = cell.style
        italic, bold, superscript = style.italic, style.bold, style.superscript
        if isinstance(value, str):
            return RichText((self.span(value, italic, bold, superscript),) if value else ())
        spans = [  # _run_span's rule, written out here: this loop runs for most runs of a plan
            self.span(
                text,
                italic if run_italic is None else run_italic,
                bold if run_bold is None else run_bold,
                vert_align == "superscript" if vert_align else superscript,
            )
            for text, run_italic, run_bold, vert_align in value
            if text
        ]
        return RichText(tuple(spans))

    def _read_text(self, cell: Cell, row: _Row, header: str) -> RichText:
        if cell.formula is not None:
            if cell.value is None:
                self.problems.error(NO_RESULT, row.at(header))
                return RichText()
            return RichText.plain(_value_text(cell.value, cell.style.number_format))
        raw = _raw_text(cell.value)
        if _is_plain(raw):  # nothing to clean, nothing to say
            return _cell_text(cell, cleaned=True)
        text = _cell_text(cell, cleaned=False)
        if "\v" in _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), raw):
            self.problems.warn(
                "een regeleinde uit Word (verticale tab) is overgenomen als regeleinde in de cel",
                row.at(header),
                about=text.text,
            )
        if removed := unwanted_characters(raw):
            self.problems.warn(
                f"onzichtbare tekens uit geplakte tekst verwijderd: {', '.join(removed)}",
                row.at(header),
                about=text.text,
            )
        return text


@dataclass(frozen=True)
class _Table:
    """A sheet read as a table: which column holds each header."""

    sheet: str
    columns: dict[str, int]  # header → column number, for the columns the sheet has
    letters: dict[str, str]  # header → column letter, for locations
    carried: tuple[str, ...] = ()  # the other headers, whose columns are carried along (``MatrixRow.carried``)


@dataclass
class _Row:
    """One data row of a sheet: its cells by header, and where it is."""

    number: int
    cells: dict[int, Cell]  # the row's cells that hold something, by column number
    table: _Table
    source: _Source

    def cell(self, header: str) -> Cell | None:
        column = self.table.columns.get(header)
        return None if column is None else self.cells.get(column)

    def text(self, header: str) -> RichText:
        return self.source.cell_text(self.cell(header), self, header)

    def texts(self, headers: tuple[str, ...]) -> list[RichText]:
        """``text`` of each of ``headers`` (columns the sheet has), in one go: a matrix row's seven cells."""
        cells, columns, cell_text = self.cells, self.table.columns, self.source.cell_text
        return [cell_text(cells.get(columns[header]), self, header) for header in headers]

    def at(self, header: str) -> Location:
        return Location(self.source.path, self.table.sheet, f"{self.table.letters[header]}{self.number}")

    def at_each(self, headers: tuple[str, ...]) -> RowLocations:
        """``at`` of each of ``headers``, made when asked for."""
        letters = self.table.letters
        return RowLocations(self.source.path, self.table.sheet, self.number, tuple([letters[h] for h in headers]))

    def first_filled(self, headers: tuple[str, ...]) -> str | None:
        """The first of ``headers`` whose cell holds text in this row."""
        return next((h for h in headers if (cell := self.cell(h)) is not None and _has_value(cell)), None)


# --- reading ---------------------------------------------------------------


def read_workbook(
    path: Path,
    problems: Problems,
    read: Callable[[int, int], None] | None = None,
    *,
    years: YearChange | None = None,
) -> PlanTexts:
    """Read chapters, themes with their matrices, and footnotes from the workbook.

    Problems go to ``problems`` and reading goes on, so the user sees them all;
    only a file that is no workbook at all stops here (PlanError). ``read`` is
    told (rows done, rows in all) as the matrix is read, for progress. With
    ``years``, every cell that names one of its old years gets a warning:
    a plan for a new year still speaking of the one it came from.
    """
    with collector_paused():
        return _read_workbook(path, problems, read, years)


def _read_workbook(
    path: Path, problems: Problems, read: Callable[[int, int], None] | None, years: YearChange | None
) -> PlanTexts:
    wanted = (*SHEETS, SHEET_LISTS, SHEET_INDICATORS, SHEET_MEASUREMENTS)
    book = open_workbook(path, wanted, problems=problems)  # the other sheets are not read
    if not set(SHEETS) & set(book.sheet_names):  # no jaarplan
        for sheet_name in SHEETS:
            _missing_sheet(problems, path, sheet_name, book.sheet_names)
        return PlanTexts([], [], {}, matrix_read=False)
    source = _Source(path, book, problems, years)
    for sheet in book.sheets.values():
        if sheet.name in SHEETS and not sheet.is_chart and sheet.state != "visible":
            problems.warn(
                "het werkblad is verborgen (in Excel of LibreOffice), maar wordt wel gelezen",
                Location(path, sheet.name),
            )
    theme_rows = _table(source, SHEET_THEMES, THEME_COLUMNS)
    themes = _read_themes(theme_rows or [])
    _check_theme_list(source, themes)
    matrix_rows = _table(source, SHEET_MATRIX, MATRIX_COLUMNS, optional=(STATUS_COLUMN,), carry_others=True)
    matrix_read = theme_rows is not None and matrix_rows is not None
    misspelt = _read_matrix(matrix_rows, themes, read) if matrix_read else set()  # else all "unknown theme"
    return PlanTexts(
        chapters=_read_chapters(_table(source, SHEET_CHAPTERS, CHAPTER_COLUMNS) or []),
        themes=list(themes.values()),
        footnotes=_read_footnotes(_table(source, SHEET_FOOTNOTES, FOOTNOTE_COLUMNS) or []),
        matrix_read=matrix_read,
        misspelt=frozenset(misspelt),
        indicators=_read_indicators(replace(source, years=None)),  # a year in a figure is no leftover of last year
    )


def _table(
    source: _Source,
    sheet_name: str,
    columns: tuple[str, ...],
    optional: tuple[str, ...] = (),
    *,
    carry_others: bool = False,
) -> list[_Row] | None:
    """The data rows of a sheet, after checking that each expected column is there (else None).

    An ``optional`` column that is missing gives None cells, and a warning when
    a header looks like it or it is the Matrix's Status.
    With ``carry_others`` every other column with a header is read too, as a
    carried column (the Matrix's "Trekker" or "Partners" from an imported plan).
    Only rows that hold a value are visited: a sheet whose used range claims a
    million rows (one formatted cell far below) costs nothing extra.
    """
    path, book = source.path, source.book
    if sheet_name not in book.sheets:
        _missing_sheet(source.problems, path, sheet_name, book.sheet_names)
        return None
    sheet = book.sheets[sheet_name]
    if sheet.is_chart:
        source.problems.error(
            f"'{sheet_name}' is hier een grafiekblad, geen werkblad met een tabel; geef de grafiek een andere naam "
            f"en zet de tabel op een werkblad '{sheet_name}'",
            Location(path, sheet_name),
        )
        return None
    header = {_header_text(cell): column for column, cell in sorted(_filled_cells(sheet, 1).items())}
    missing = [name for name in columns if name not in header]
    for name in missing:
        others = [text for text in header if text not in columns]
        hint = difflib.get_close_matches(name, others, n=1, cutoff=0.5)
        if hint:
            message = f"kolom '{name}' ontbreekt; staat er '{hint[0]}'? Noem de kolom '{name}'"
            source.problems.error(message, Location(path, sheet_name, f"{column_letter(header[hint[0]])}1"))
        else:
            message = f"kolom '{name}' ontbreekt in de kopregel (rij 1)"
            source.problems.error(message, Location(path, sheet_name, "1"))
    if missing:
        return None
    others = [text for text in header if text not in columns]
    for name in optional:
        if name not in header:
            _warn_missing_optional(source, sheet_name, name, columns[-1], others)
    carried = tuple(name for name in others if name not in optional) if carry_others else ()
    columns_at = {name: header[name] for name in (*columns, *optional, *carried) if name in header}
    letters = {name: column_letter(column) for name, column in columns_at.items()}
    table = _Table(sheet_name, columns_at, letters, carried)
    wanted = set(columns_at.values())
    rows = []
    for number in sorted(sheet.rows):
        cells = sheet.rows[number]
        if number == 1 or not any(column in wanted and _has_value(cell) for column, cell in cells.items()):
            continue
        if number in sheet.hidden_rows:
            source.problems.warn(
                f"rij {number} is verborgen of weggefilterd (in Excel of LibreOffice), maar komt wel in het document",
                Location(path, sheet_name, f"A{number}"),
            )
        rows.append(_Row(number, cells, table, source))
    return rows


def _warn_missing_optional(source: _Source, sheet_name: str, name: str, after: str, others: list[str]) -> None:
    hint = difflib.get_close_matches(name, others, n=1, cutoff=0.6)
    if hint:
        message = f"kolom '{name}' ontbreekt; staat er '{hint[0]}'? Noem de kolom '{name}'"
    elif name != STATUS_COLUMN:
        return  # left out on purpose (Indicatoren's Doel): nothing to say
    else:
        message = (
            f"kolom '{name}' ontbreekt; elke regel heeft nu 'geen status'. Voeg in rij 1 na '{after}' "
            f"een kolom '{name}' toe (het jaarplan zelf verandert er niet door)"
        )
    source.problems.warn(message, Location(source.path, sheet_name, "1"))


def _missing_sheet(problems: Problems, path: Path, sheet_name: str, names: list[str]) -> None:
    hint = difflib.get_close_matches(sheet_name, names, n=1)
    suggestion = f"; heet het nu '{hint[0]}'? Noem het werkblad '{sheet_name}'" if hint else ""
    problems.error(f"het werkblad '{sheet_name}' ontbreekt{suggestion}", Location(path))


def _filled_cells(sheet: Sheet, row: int) -> dict[int, Cell]:
    """The cells of ``row`` that hold a value, by column."""
    return {column: cell for column, cell in sheet.rows.get(row, {}).items() if _has_value(cell)}


def _has_value(cell: Cell) -> bool:
    """Whether a cell holds more than spaces: a formula always does (its text is the formula)."""
    value = cell.value
    if cell.formula is not None:
        return True
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple):
        return bool(_raw_text(value).strip())
    return value is not None


def _as_written(cell: Cell) -> str:
    """A header's or a list's cell as text: its formula as typed, its text without formatting, or its value."""
    if cell.formula is not None:
        return cell.formula
    return _raw_text(cell.value) if isinstance(cell.value, tuple) else str(cell.value)


def _header_text(cell: Cell) -> str:
    return " ".join(_as_written(cell).split())


def _read_chapters(rows: list[_Row]) -> list[Chapter]:
    chapters: list[Chapter] = []
    for row in rows:
        title = row.text("Hoofdstuk").text.strip()
        if title:
            chapters.append(Chapter(title, location=row.at("Hoofdstuk")))
        elif not chapters:
            row.source.problems.error(
                "Hoofdstuk ontbreekt, maar de rij heeft tekst; vul eerst de kolom Hoofdstuk in", row.at("Tekst")
            )
            chapters.append(Chapter("", location=row.at("Hoofdstuk")))  # keeps reading; never built
        if text := row.text("Tekst"):
            chapters[-1].paragraphs.append(text)
            chapters[-1].paragraph_locations.append(row.at("Tekst"))
    return [chapter for chapter in chapters if chapter.title]


def _read_themes(rows: list[_Row]) -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    current: Theme | None = None
    for row in rows:
        title = row.text("Thema").text.strip()
        if title:
            if title in themes:
                first = themes[title].location
                row.source.problems.error(
                    f"thema '{title}' staat twee keer op dit blad (ook op {first.cell if first else '?'})",
                    row.at("Thema"),
                )
                current = Theme(title, "")  # the duplicate's rows are read, not kept
            else:
                cluster = row.text("Cluster").text.strip()
                current = themes[title] = Theme(
                    title, cluster, location=row.at("Thema"), cluster_location=row.at("Cluster")
                )
        elif current is None:
            row.source.problems.error(
                "Thema ontbreekt, maar de rij heeft tekst; vul eerst de kolom Thema in", row.at("Thema")
            )
            current = Theme("", "")
        if text := row.text("Tekst"):
            current.paragraphs.append(text)
            current.paragraph_locations.append(row.at("Tekst"))
        if see_also := row.text("Zie ook"):
            current.see_also.append(see_also)
            current.see_also_locations.append(row.at("Zie ook"))
    return themes


def _check_theme_list(source: _Source, themes: dict[str, Theme]) -> None:
    """Warn for a theme the drop-down list on the sheet Lijsten does not offer (a workbook without one is fine)."""
    sheet = source.book.sheets.get(SHEET_LISTS)
    if sheet is None or sheet.is_chart:
        return
    column = next((c for c, cell in _filled_cells(sheet, 1).items() if _header_text(cell) == "Thema's"), None)
    if column is None:
        return
    listed = {
        _as_written(cell).strip()
        for number, cells in sheet.rows.items()
        if number > 1 and (cell := cells.get(column)) is not None and _has_value(cell)
    }
    for title, theme in themes.items():
        if title and title not in listed:
            source.problems.warn(
                f"thema '{title}' staat niet op het blad {SHEET_LISTS} (kolom Thema's), dus de keuzelijst in de kolom "
                f"Thema op het blad {SHEET_MATRIX} biedt het niet aan; zet het daar bij",
                theme.location,
            )


def _read_matrix(rows: list[_Row], themes: dict[str, Theme], read: Callable[[int, int], None] | None) -> set[str]:
    """Attach each matrix row to its theme's goals; a blank Doel continues the one above, in the same theme.

    Rows of a theme may stand anywhere: a row with a Doel typed below other
    themes joins its theme as a new goal (ordered as typed). A row without Doel
    there has no goal to continue, and the message says why. An unknown theme
    is reported once, at its first row, with the number of rows that repeat it,
    and is the only message for those rows: a typo in some of a theme's rows
    continues the goal around it, so no "Doel ontbreekt" follows from it.
    Returns the themes an unknown name was close to: their rows may be there.
    """
    nowhere = Theme("", "")  # rows that cannot be placed are read (for their messages) into this
    unknown: dict[str, tuple[int, int]] = {}  # name -> (index of its problem, rows)
    rows_of: dict[str, list[int]] = {}  # known theme -> its row numbers so far
    run = ""  # the theme (as typed) of the rows just above
    goal: Goal | None = None
    meant: set[str] = set()
    for done, row in enumerate(rows, 1):
        if read is not None:
            read(done, len(rows))
        title = row.text("Thema").text.strip() or run
        if not title:
            row.source.problems.error("Thema ontbreekt: vul de kolom Thema in", row.at("Thema"))
        if title and title not in themes:
            meant.update(_report_unknown_theme(title, themes, unknown, row))
        if not _same_run(run, title, themes):
            goal = None
        theme = themes.get(title, nowhere)
        cells = dict(zip(ROW_FIELDS, row.texts(ROW_HEADERS), strict=True))
        if goal_title := row.text("Doel"):
            goal = Goal(goal_title, location=row.at("Doel"))
            theme.goals.append(goal)
        elif goal is None:
            if theme is not nowhere and (filled := row.first_filled((*ROW_HEADERS, STATUS_COLUMN))):
                _report_missing_goal(row, title, filled, rows_of.get(title, []))
            goal = Goal(RichText())
            nowhere.goals.append(goal)
        at = row.at_each(ROW_HEADERS)
        location = row.at("Specifiek")
        carried = tuple((name, text) for name in row.table.carried if (text := row.text(name)))
        goal.rows.append(MatrixRow(**cells, location=location, cell_locations=at, carried=carried, **_status(row)))
        if theme is not nowhere:
            rows_of.setdefault(title, []).append(row.number)
        run = title
    return meant


def _same_run(previous: str, title: str, themes: dict[str, Theme]) -> bool:
    """Whether a row continues the rows above: the same theme, or a typo of it on either side."""
    if previous == title:
        return True
    typo = previous not in themes or title not in themes
    return bool(previous) and typo and difflib.SequenceMatcher(None, previous, title).ratio() >= 0.8


def _report_missing_goal(row: _Row, title: str, filled: str, earlier: list[int]) -> None:
    """A row without Doel that continues nothing: the first of its theme, or apart from its theme's rows."""
    if earlier:
        rows = f"rij {earlier[0]}" if len(earlier) == 1 else f"rijen {earlier[0]}–{earlier[-1]}"
        message = (
            f"deze rij van thema '{title}' staat niet bij de andere rijen van dat thema ({rows}) en heeft geen "
            "Doel; zet de rij onder het Doel waar hij bij hoort, of vul een Doel in"
        )
    else:
        message = f"Doel ontbreekt, maar de rij heeft {filled}-tekst"
    row.source.problems.error(message, row.at("Doel"))


def _status(row: _Row) -> dict[str, object]:
    """The Status cell as typed (spaces collapsed) and where it is; nothing when the column is missing."""
    if STATUS_COLUMN not in row.table.columns:
        return {}
    return {"status": " ".join(row.text(STATUS_COLUMN).text.split()), "status_location": row.at(STATUS_COLUMN)}


def _report_unknown_theme(
    title: str, themes: dict[str, Theme], unknown: dict[str, tuple[int, int]], row: _Row
) -> list[str]:
    """Report a theme name the Thema's sheet does not have; return the theme it resembles (if any)."""
    problems = row.source.problems
    index, count = unknown.get(title, (len(problems.found), 0))
    unknown[title] = (index, count + 1)
    hint = difflib.get_close_matches(title, list(themes), n=1)
    suggestion = f"; bedoelt u '{hint[0]}'?" if hint else ""
    rows = f", {count + 1} rijen" if count else ""
    message = f"onbekend thema '{title}' (niet op blad {SHEET_THEMES}{rows}){suggestion}"
    if count:
        problems.found[index] = replace(problems.found[index], message=message)
    else:
        problems.error(message, row.at("Thema"))
    return hint


def _read_footnotes(rows: list[_Row]) -> dict[str, Footnote]:
    footnotes: dict[str, Footnote] = {}
    current: Footnote | None = None
    for row in rows:
        key = row.text("Voetnoot").text.strip()
        if key:
            if key in footnotes:
                row.source.problems.error(f"voetnoot '{key}' staat twee keer op dit blad", row.at("Voetnoot"))
            current = footnotes.setdefault(key, Footnote(key, location=row.at("Voetnoot")))
        elif current is None:
            row.source.problems.error(
                "Voetnoot ontbreekt, maar de rij heeft tekst; vul de kolom Voetnoot in", row.at("Voetnoot")
            )
            current = Footnote("")
        if text := row.text("Tekst"):
            current.paragraphs.append(text)
    return footnotes


# --- indicators ---------------------------------------------------------------


def _read_indicators(source: _Source) -> list[Indicator]:
    """The sheets Indicatoren and Metingen: each indicator with its measurements attached, by name.

    Both sheets are optional (a plan without indicators reads as before). What
    one cell can tell is said here, at that cell: a value that is no number, a
    year that is no year, a "Beter is" that is neither hoger nor lager, a
    measurement of an indicator the sheet Indicatoren does not have. The rules
    across cells (themes, Doelen, years of the plan, duplicates, direction) are
    ``source.indicators``'.
    """
    sheets = source.book.sheets
    if SHEET_INDICATORS not in sheets and SHEET_MEASUREMENTS not in sheets:
        return []
    required = tuple(header for header in INDICATOR_COLUMNS if header not in INDICATOR_OPTIONAL)
    rows = _table(source, SHEET_INDICATORS, required, optional=INDICATOR_OPTIONAL)
    indicators = [_read_indicator(row) for row in rows or []]
    if SHEET_MEASUREMENTS in sheets:
        by_name: dict[str, Indicator] = {}
        for indicator in indicators:
            by_name.setdefault(indicator.name, indicator)  # a duplicate name is the checks' error
        areas = {OWN_AREA.casefold(): OWN_AREA}  # each area by its first spelling: "nederland" is "Nederland"
        for row in _table(source, SHEET_MEASUREMENTS, MEASUREMENT_COLUMNS) or []:
            _read_measurement(row, by_name, areas, known=rows is not None)
    return indicators


def _read_indicator(row: _Row) -> Indicator:
    name = _single_line(row, "Indicator")
    if not name:
        row.source.problems.error("Indicator ontbreekt, maar de rij heeft tekst; vul de naam in", row.at("Indicator"))
    indicator = Indicator(
        name=name,
        theme=_single_line(row, "Thema"),
        goal=_single_line(row, "Doel"),
        definition=row.text("Definitie").text.strip(),
        unit=_single_line(row, "Eenheid"),
        source=_single_line(row, "Bron"),
        higher_is_better=_direction(row),
        baseline=_number(row, "Nulmeting"),
        baseline_year=_year(row, "Jaar nulmeting"),
        target=_number(row, "Streefwaarde"),
        target_year=_year(row, "Jaar streefwaarde"),
        location=row.at("Indicator"),
        cell_locations={
            name: row.at(header) for name, header in INDICATOR_FIELDS.items() if header in row.table.letters
        },  # not the Doel when the sheet has no such column
    )
    return indicator


def _read_measurement(row: _Row, indicators: dict[str, Indicator], areas: dict[str, str], *, known: bool) -> None:
    """Attach one row of Metingen to its indicator; a row that cannot be placed is said and left out.

    Gebied is compared without regard to capitals, and written as it was first
    (``areas``): the outputs and the check for twice measured see one area.
    """
    problems = row.source.problems
    name = _single_line(row, "Indicator")
    year = _year(row, "Jaar")
    value = _number(row, "Waarde")
    area = _single_line(row, "Gebied")
    if not name:
        problems.error("Indicator ontbreekt, maar de rij heeft een meting; vul de naam in", row.at("Indicator"))
        return
    indicator = indicators.get(name)
    if indicator is None:
        if known:  # else the sheet Indicatoren could not be read, and its own error says why
            hint = difflib.get_close_matches(name, list(indicators), n=1, cutoff=0.6)
            first = f"; zet de indicator eerst op het blad {SHEET_INDICATORS}"
            suggestion = f"; bedoelt u '{hint[0]}'?" if hint else first
            problems.error(
                f"meting van onbekende indicator '{name}' (niet op blad {SHEET_INDICATORS}){suggestion}",
                row.at("Indicator"),
            )
        return
    if year is None:
        if row.cell("Jaar") is None or not _has_value(row.cell("Jaar")):  # typed wrong: _year said so
            problems.warn(f"Jaar ontbreekt voor {name}: typ het jaar van de meting (zoals 2024); de rij telt niet "
                          "mee tot er een jaar staat", row.at("Jaar"))  # fmt: skip
        return
    if value is None:
        if row.cell("Waarde") is None or not _has_value(row.cell("Waarde")):
            problems.warn(f"geen Waarde voor {name} in {year}; de rij telt niet mee tot er een getal staat",
                          row.at("Waarde"))  # fmt: skip
        return
    if not area:
        problems.warn(f"Gebied is leeg; de meting telt als '{OWN_AREA}' (de eigen gemeente)", row.at("Gebied"))
    else:
        area = areas.setdefault(area.casefold(), area)
    indicator.measurements.append(Measurement(year, value, area or OWN_AREA, location=row.at("Jaar")))


def _single_line(row: _Row, header: str) -> str:
    """A cell's text with its spaces and line ends collapsed: a name, as it is matched.

    A typed text with nothing to clean is taken as it is: Metingen repeats the
    indicator's name on each of (in a large plan) tens of thousands of rows.
    """
    cell = row.cell(header)
    if cell is None:
        return ""
    value = cell.value
    if cell.formula is None and isinstance(value, str) and _is_plain(value):
        return " ".join(value.split())
    return " ".join(row.text(header).text.split())


def _direction(row: _Row) -> bool:
    """The "Beter is" cell: hoger → True, lager → False; empty is "lager" with a warning, another word an error."""
    word = _single_line(row, "Beter is").casefold()
    if word in DIRECTIONS:
        return DIRECTIONS[word]
    if not word:
        row.source.problems.warn(
            "'Beter is' is leeg; kies 'hoger' of 'lager' (tot dan rekent jaarplan met 'lager')", row.at("Beter is")
        )
    else:
        row.source.problems.error(
            f"Beter is '{shorten(word)}' is geen keuze; kies 'hoger' (een hogere waarde is beter) of 'lager'",
            row.at("Beter is"),
        )
    return False


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(,\d+)?")  # 12 or 12,5
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234 or 1.234,5
_POINT_NUMBER = re.compile(r"[+-]?\d*\.\d+")  # 12.5, as some exports write it


def _number(row: _Row, header: str) -> float | None:
    """A figure: a number cell, or a number typed as text ("12,5", "1.234,5"); None when empty or not a number.

    A cell in a percentage format holds a hundredth (12 % is 0.12): its value is
    read as shown, 12. "1.234" is left out with an error: Dutch for 1234, or a
    decimal point for 1,234, and both are usual in these figures.
    """
    cell = row.cell(header)
    if cell is None or not _has_value(cell) or _without_result(cell, row, header):
        return None
    value = cell.value
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        return _not_a_number(row, header, _value_text(value, cell.style.number_format))
    if isinstance(value, int | float):
        return float(round(value * 100, 10)) if "%" in cell.style.number_format else float(value)
    text = _raw_text(value)
    typed = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if _PLAIN_NUMBER.fullmatch(typed):
        return float(typed.replace(",", "."))
    if _GROUPED_NUMBER.fullmatch(typed):
        if "," in typed:
            return float(typed.replace(".", "").replace(",", "."))
        row.source.problems.error(
            f"'{typed}' kan {typed.replace('.', '')} zijn of {typed.replace('.', ',')}; typ het getal zonder punt "
            f"({typed.replace('.', '')}) of met een komma ({typed.replace('.', ',')})",
            row.at(header),
        )
        return None
    if _POINT_NUMBER.fullmatch(typed):
        return float(typed)
    return _not_a_number(row, header, text)


def _not_a_number(row: _Row, header: str, shown: str) -> None:
    hint = " zonder %-teken (de eenheid staat bij de indicator)" if "%" in shown else ""
    row.source.problems.error(
        f"{header} '{shorten(shown.strip())}' is geen getal; typ een getal{hint}, zoals 12 of 12,5", row.at(header)
    )


def _year(row: _Row, header: str) -> int | None:
    """A whole year (1900–2100), as a number or as text; None when empty or no year (with an error)."""
    cell = row.cell(header)
    if cell is None or not _has_value(cell) or _without_result(cell, row, header):
        return None
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and not cell.style.is_date:
        year = int(value) if float(value).is_integer() else None
    else:
        text = _raw_text(value) if isinstance(value, str | tuple) else _value_text(value, cell.style.number_format)
        year = int(text.strip()) if text.strip().isdigit() else None
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    shown = _value_text(value, cell.style.number_format) if not isinstance(value, str | tuple) else _raw_text(value)
    row.source.problems.error(
        f"{header} '{shorten(shown.strip())}' is geen jaartal; typ een heel jaar, zoals 2024", row.at(header)
    )
    return None


def _without_result(cell: Cell, row: _Row, header: str) -> bool:
    """A formula no spreadsheet has calculated yet: said as for any text cell (``NO_RESULT``), not as "no number"."""
    if cell.formula is None or cell.value is not None:
        return False
    row.source.problems.error(NO_RESULT, row.at(header))
    return True


FIRST_YEAR, LAST_YEAR = 1900, 2100  # what a year of a figure can be; the plan's own years are the checks'


# --- cell values -------------------------------------------------------------


def _cell_text(cell: Cell, cleaned: bool) -> RichText:
    """A cell's value as RichText: numbers as typed, dates in Dutch, Excel formatting kept.

    A run's italic, bold or superscript that the run leaves open is the cell
    style's. ``cleaned``: the text is known to need no ``clean_text``.
    """
    value = cell.value
    if value is None:
        return RichText()
    style = cell.style
    if isinstance(value, tuple):
        spans = [_run_span(run, style, cleaned) for run in value]
    elif cleaned and isinstance(value, str):
        spans = [Span(value, style.italic, style.bold, style.superscript)]
    else:
        spans = [Span(_value_text(value, style.number_format), style.italic, style.bold, style.superscript)]
    return RichText(tuple(_with_footnote_refs(spans)))


def _raw_text(value: object) -> str:
    if isinstance(value, tuple):
        return "".join([run[0] for run in value])
    return value if isinstance(value, str) else ""


def _run_span(run: Run, style: Style, cleaned: bool) -> Span:
    text, italic, bold, vert_align = run
    return Span(
        text if cleaned else clean_text(text),
        style.italic if italic is None else italic,
        style.bold if bold is None else bold,
        vert_align == "superscript" if vert_align else style.superscript,
    )


def _value_text(value: object, number_format: str) -> str:
    if isinstance(value, datetime.datetime):
        return dutch_date(value.date())
    if isinstance(value, datetime.date):
        return dutch_date(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    if isinstance(value, tuple):  # a formula's cached rich text (never written by Excel, but possible)
        return clean_text(_raw_text(value))
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


# Excel writes characters that XML cannot hold as _xHHHH_; openpyxl leaves them so.
_EXCEL_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|[Ff]{3}[EeFf])_")
_CHARACTER_NAMES = {
    "\f": "pagina-einde",
    "\u200b": "spatie zonder breedte",
    "\u200c": "scheidingsteken zonder breedte",
    "\u200d": "verbindingsteken zonder breedte",
    "\u2060": "woordverbinder",
    "\ufeff": "bytevolgordeteken",
    "\u00ad": "zacht afbreekstreepje",
}
# Characters that pasted text brings along and that Word cannot hold or show.
_INVISIBLE = dict.fromkeys(map(ord, _CHARACTER_NAMES))


# What clean_text removes: control characters (Unicode category Cc) but the line break, lone surrogates
# (Cs) and the non-characters U+FFFE and U+FFFF, which XML cannot hold (tests/test_workbook_cells.py
# checks the class against unicodedata for every code point).
_FORBIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A text without "_x" and without any of these is left as it is by clean_text, and has nothing that
# unwanted_characters names. All of them are Unicode's "Other" (C*), so a text that ``isprintable()``
# has none: the quick test for most texts.
_MAY_CHANGE = re.compile(_FORBIDDEN.pattern[:-1] + "".join(_CHARACTER_NAMES) + "]")


def _is_plain(text: str) -> bool:
    """Whether ``clean_text`` leaves ``text`` as it is (and ``unwanted_characters`` finds nothing)."""
    return "_x" not in text and (text.isprintable() or _MAY_CHANGE.search(text) is None)


def clean_text(text: str) -> str:
    """Drop characters that pasted text brings along and Word cannot hold or show.

    A vertical tab (Word's line break, pasted) becomes a line break; line ends
    become ``\n`` and tabs spaces, silently, because they look the same.
    """
    if _is_plain(text):
        return text
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\t", " ")
    return _FORBIDDEN.sub("", text.translate(_INVISIBLE))


def _is_forbidden(ch: str) -> bool:
    """Control characters, lone surrogates and the non-characters U+FFFE/U+FFFF: XML cannot hold them."""
    return _FORBIDDEN.match(ch) is not None or ch == "\n"


def unwanted_characters(text: str) -> list[str]:
    """Names of the characters ``clean_text`` removes or replaces that a user would not expect."""
    if _is_plain(text):
        return []
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
    names = []
    for ch in dict.fromkeys(text):
        if ch in "\r\n\t\v":  # line ends, tabs and Word's line break (\v) are kept as what they look like
            continue
        if ch in _CHARACTER_NAMES:
            names.append(_CHARACTER_NAMES[ch])
        elif _is_forbidden(ch):
            names.append(f"besturingsteken U+{ord(ch):04X}")
    return names


def _with_footnote_refs(spans: list[Span]) -> Iterator[Span | FootnoteRef]:
    for span in spans:
        if "[" not in span.text:  # no footnote mark: the span as it is (an empty one left out)
            if span.text:
                yield span
            continue
        position = 0
        for match in FOOTNOTE_MARK.finditer(span.text):
            if match.start() > position:
                yield Span(span.text[position : match.start()], span.italic, span.bold, span.superscript)
            yield FootnoteRef(match.group(1).strip())
            position = match.end()
        if position < len(span.text):
            yield Span(span.text[position:], span.italic, span.bold, span.superscript)
