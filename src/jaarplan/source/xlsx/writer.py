"""The workbook as the tool writes it: the plan's texts, laid out and guided for the people who edit it.

Every workbook jaarplan writes (the default, ``new``, ``import``) has a
Toelichting sheet that explains each sheet and column, drop-down lists for
Cluster, Thema and Status (from the sheet Lijsten), frozen headers, font,
widths and wrapping on whole columns, rows that grow with their text, an
autofilter, a landscape print setup, and required cells that are empty
shown in red. What it writes reads back (``source.workbook.read_workbook``) to the
same texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from pathlib import Path

from jaarplan.collector import numpy_hidden
from jaarplan.model import (
    DEFAULT_STATUSES,
    STATUS_COLUMN,
    Chapter,
    Footnote,
    FootnoteRef,
    Indicator,
    PlanTexts,
    RichText,
    StatusKind,
    Theme,
)
from jaarplan.source.workbook import (
    CHAPTER_COLUMNS,
    DIRECTIONS,
    FOOTNOTE_COLUMNS,
    INDICATOR_COLUMNS,
    MEASUREMENT_COLUMNS,
    SHEET_CHAPTERS,
    SHEET_FOOTNOTES,
    SHEET_INDICATORS,
    SHEET_MATRIX,
    SHEET_MEASUREMENTS,
    SHEET_THEMES,
    THEME_COLUMNS,
    WORKBOOK_MATRIX_COLUMNS,
)
from jaarplan.source.xlsx import layout

with numpy_hidden():  # openpyxl without numpy: see collector.numpy_hidden
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.indexed_list import IndexedList
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.dimensions import RowDimension
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_GUIDE = "Toelichting"
SHEET_LISTS = "Lijsten"
LIST_COLUMNS = ("Clusters", "Thema's", "Statussen")
DIRECTION_LIST = "Beter is"  # a fourth list on Lijsten, only in a workbook with the indicator sheets
# Usual widths, widened by layout for longer words. Not kept within the page at 80 % as the Matrix is: that
# would narrow Definitie to its longest word; this sheet prints fitted to the page's width, a little smaller.
INDICATOR_WIDTHS = (16, 22, 26, 36, 16, 18, 8, 10, 9, 11, 10)
MEASUREMENT_WIDTHS = (40, 16, 8, 12)

# Arial is on every Windows and Mac; LibreOffice shows it with Liberation Sans, which has the
# same widths (Calibri, Excel's default, is missing on many Linux desktops).
FONT_NAME = "Arial"
FONT_SIZE = 10
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")
MISSING_FILL = PatternFill("solid", fgColor="FFC7CE")
MISSING_FONT = Font(color="9C0006")
MATRIX_WIDTHS = (14, 18, 30, 16, 14, 14, 14, 12, 17, 11)  # usual widths: layout widens them for longer words
ROOM = 500  # rows below the last one that still get drop-downs and red marks, for what users add

GUIDE = [
    ("", "", "Deze werkmap is de bron van het jaarplan. Bewerk de bladen Hoofdstukken, Thema's, Matrix en "
     "Voetnoten; 'jaarplan build' maakt er het Word-document van. Titel, versie, datum en auteur staan in "
     "plan.yaml, naast deze werkmap."),
    ("", "", "Een rood gekleurde cel is verplicht maar nog leeg. 'jaarplan check' controleert de hele werkmap "
     "en noemt elk probleem met blad en cel."),
    ("", "", "Cursief, vet en superscript die u binnen een cel maakt, komen zo in Word. Een nieuwe regel "
     "binnen een cel (Alt+Enter) wordt een regelafbreking."),
    (SHEET_CHAPTERS, "Hoofdstuk", "De naam van het hoofdstuk (zoals Aanleiding, Afstemming, Proces), alleen "
     "op de eerste rij; de rijen eronder horen bij hetzelfde hoofdstuk."),
    (SHEET_CHAPTERS, "Tekst", "Eén alinea per rij."),
    (SHEET_THEMES, "Thema", "De naam van het thema, alleen op de eerste rij van het thema. Nieuw thema? "
     "Zet de naam ook op het blad Lijsten, dan staat het in de keuzelijst op het blad Matrix."),
    (SHEET_THEMES, "Cluster", "Kies uit de lijst. De clusters staan in plan.yaml (en op het blad Lijsten)."),
    (SHEET_THEMES, "Tekst", "Eén alinea per rij: de toelichting bij het thema."),
    (SHEET_THEMES, "Zie ook", "Een verwijzing naar een ander thema, één per rij."),
    (SHEET_MATRIX, "Thema", "Kies het thema uit de lijst, op elke rij (dan werkt het filter)."),
    (SHEET_MATRIX, "Doel", "Het doel, op de eerste rij ervan. Laat de cel leeg voor de volgende regels van "
     "hetzelfde doel, of voeg de cellen samen: in Word wordt het één samengevoegde cel."),
    (SHEET_MATRIX, "Specifiek", "Wat gaan de partners precies doen?"),
    (SHEET_MATRIX, "Meetbaar", "Waaraan is te zien dat het gelukt is?"),
    (SHEET_MATRIX, "Acceptabel", "Staan de partners erachter?"),
    (SHEET_MATRIX, "Realistisch", "Is het haalbaar, en waarom?"),
    (SHEET_MATRIX, "Tijdgebonden", "In welke periode?"),
    (SHEET_MATRIX, "Deadline", "Wanneer het af is. Een datum verschijnt in Word als '31 december 2010'."),
    (SHEET_MATRIX, "Stand van zaken", "Waar staat het nu? Bij een nieuw planjaar ('jaarplan new') leeg."),
    (SHEET_MATRIX, STATUS_COLUMN, "Kies uit de lijst hoe de regel ervoor staat (zoals gereed, op schema, aandacht, "
     "achter, nog niet gestart); leeg is 'geen status'. Alleen voor de voortgangsrapportage ('jaarplan "
     "voortgang'): het jaarplan zelf toont deze kolom niet. Bij aandacht of achter legt Stand van zaken uit "
     "waarom. De lijst, symbolen en kleuren staan in plan.yaml (statussen)."),
    (SHEET_FOOTNOTES, "Voetnoot", "Het nummer van de voetnoot. In een tekst plaatst u hem met [voetnoot 1]."),
    (SHEET_FOOTNOTES, "Tekst", "De tekst van de voetnoot, één alinea per rij. Word nummert de voetnoten zelf."),
    (SHEET_LISTS, "Clusters", "De keuzelijst voor Cluster op het blad Thema's."),
    (SHEET_LISTS, "Thema's", "De keuzelijst voor Thema op het blad Matrix."),
    (SHEET_LISTS, "Statussen", "De keuzelijst voor Status op het blad Matrix (uit plan.yaml, statussen)."),
]  # fmt: skip


# Explained only in a workbook with the indicator sheets (a plan with indicators, and every ``jaarplan new``).
INDICATOR_GUIDE = [
    (SHEET_INDICATORS, "", "Cijfers die laten zien of het plan werkt: de BBV-beleidsindicatoren (zoals "
     "Winkeldiefstallen per 1.000 inwoners) en eigen indicatoren. Eén rij per indicator; de metingen staan op het "
     "blad Metingen. Geen indicatoren? Haal de rijen weg; de lege bladen mogen blijven staan."),
    (SHEET_INDICATORS, "Thema", "Kies het thema uit de lijst: de indicator komt in het jaarplan na de matrix van "
     "dat thema."),
    (SHEET_INDICATORS, "Doel", "Mag leeg blijven. Meet de indicator één Doel, typ dan de tekst van dat Doel zoals "
     "op het blad Matrix."),
    (SHEET_INDICATORS, "Indicator", "De naam van de indicator, elke naam één keer. Met deze naam staan de "
     "metingen op het blad Metingen."),
    (SHEET_INDICATORS, "Definitie", "Wat precies wordt geteld of gemeten."),
    (SHEET_INDICATORS, "Eenheid", "Zoals 'per 1.000 inwoners', '%' of 'aantal'."),
    (SHEET_INDICATORS, "Bron", "Waar het cijfer vandaan komt, zoals 'CBS / politie (waarstaatjegemeente.nl)'."),
    (SHEET_INDICATORS, "Beter is", "Kies hoger of lager: welke kant op het cijfer beter wordt."),
    (SHEET_INDICATORS, "Nulmeting", "Het cijfer bij de start, met het jaar ervan in Jaar nulmeting (vóór of in "
     "het planjaar). Mag leeg blijven zolang het er niet is."),
    (SHEET_INDICATORS, "Streefwaarde", "Het cijfer dat het plan wil halen, met het jaar in Jaar streefwaarde (in "
     "of na het planjaar). Een getal typt u met een komma: 12,5."),
    (SHEET_MEASUREMENTS, "", "Eén rij per meting: een indicator, een gebied en een jaar. 'jaarplan check' meldt "
     "een meting die twee keer staat of na het planjaar valt."),
    (SHEET_MEASUREMENTS, "Indicator", "Kies de indicator uit de lijst (de namen van het blad Indicatoren)."),
    (SHEET_MEASUREMENTS, "Gebied", "Gemeente voor de eigen gemeente; anders de naam van het gebied om mee te "
     "vergelijken, zoals Nederland of de regio."),
    (SHEET_MEASUREMENTS, "Jaar", "Het jaar waarover het cijfer gaat, zoals 2024."),
    (SHEET_MEASUREMENTS, "Waarde", "Het cijfer, met een komma voor decimalen: 12,5."),
    (SHEET_LISTS, DIRECTION_LIST, "De keuzelijst voor Beter is op het blad Indicatoren."),
]  # fmt: skip


# Explained only in a workbook that has carried columns (an imported plan's "Trekker"), after Status.
CARRIED_GUIDE = (SHEET_MATRIX, "Kolommen na Status", "Kolommen die het geïmporteerde plan had en jaarplan niet kent "
                 "(zoals Trekker of Partners): jaarplan neemt ze mee, maar het jaarplan zelf toont ze niet. U mag ze "
                 "houden, aanvullen of weghalen.")  # fmt: skip


def write_workbook(
    texts: PlanTexts,
    path: Path,
    clusters: list[str] | None = None,
    statuses: tuple[StatusKind, ...] = DEFAULT_STATUSES,
    *,
    indicator_sheets: bool | None = None,
) -> None:
    """Write a guided workbook that reads back to the same texts.

    The sheets Indicatoren and Metingen are written when the plan has
    indicators, or with ``indicator_sheets`` (``jaarplan new``); else the
    workbook is the one written before they existed.
    """
    with_indicators = bool(texts.indicators) if indicator_sheets is None else indicator_sheets
    clusters = clusters if clusters is not None else list(dict.fromkeys(t.cluster for t in texts.themes if t.cluster))
    status_names = [kind.name for kind in statuses]
    book = Workbook()
    _arial_by_default(book)
    book.remove(book.active)
    carried = carried_columns(texts.themes)
    _guide_sheet(book, bool(carried), with_indicators)
    chapters = _table_sheet(book, SHEET_CHAPTERS, CHAPTER_COLUMNS, (20, 95), _chapter_rows(texts.chapters))
    themes = _table_sheet(book, SHEET_THEMES, THEME_COLUMNS, (24, 20, 70, 30), _theme_rows(texts.themes))
    # Matrix: usual widths, widened by layout for the longest word, kept within the page at 80 % or more
    # (Specifiek gives room first, never below its longest word); Deadline and Status hold short texts.
    # Carried columns (an imported plan's "Trekker") come after Status at layout.MODEST width, so they widen
    # the sheet only when there are any and give way before Specifiek.
    matrix = _table_sheet(
        book,
        SHEET_MATRIX,
        (*WORKBOOK_MATRIX_COLUMNS, *carried),
        MATRIX_WIDTHS,
        _matrix_rows(texts.themes, carried),
        group_column=WORKBOOK_MATRIX_COLUMNS.index("Doel"),
        shrinkable=WORKBOOK_MATRIX_COLUMNS.index("Specifiek"),
    )
    _table_sheet(book, SHEET_FOOTNOTES, FOOTNOTE_COLUMNS, (12, 100), _footnote_rows(texts.footnotes))
    if with_indicators:
        _indicator_sheets(book, texts.indicators)
    lists = [clusters, [theme.title for theme in texts.themes], status_names]
    if with_indicators:
        lists.append(list(DIRECTIONS))
    _table_sheet(
        book,
        SHEET_LISTS,
        (*LIST_COLUMNS, DIRECTION_LIST)[: len(lists)],
        (40, 50, 20, 12)[: len(lists)],
        _list_rows(lists),
        group_column=None,
    )

    _drop_down(themes, "B", f"{SHEET_LISTS}!$A$2:$A${ROOM}", "Cluster", "Kies een cluster uit de lijst (blad Lijsten).")
    _drop_down(matrix, "A", f"{SHEET_LISTS}!$B$2:$B${ROOM}", "Thema", "Kies een thema uit de lijst (blad Lijsten).")
    _drop_down(
        matrix,
        "J",
        f"{SHEET_LISTS}!$C$2:$C${len(status_names) + 1}",
        STATUS_COLUMN,
        "Kies een status uit de lijst (blad Lijsten); leeg is 'geen status'.",
    )
    _mark_missing(chapters, "A", "AND(ROW()=2,LEN($A2)=0,LEN($B2)>0)")
    _mark_missing(themes, "A", "AND(ROW()=2,LEN($A2)=0,COUNTA($B2:$D2)>0)")
    _mark_missing(themes, "B", "AND(LEN($A2)>0,LEN($B2)=0)")
    _mark_missing(matrix, "A", "AND(LEN($A2)=0,COUNTA($B2:$J2)>0)")
    _mark_missing(matrix, "B", "AND(LEN($B2)=0,COUNTA($C2:$J2)>0,OR(ROW()=2,$A2<>$A1))")
    book.active = book.sheetnames.index(SHEET_MATRIX)
    book.save(path)


def _arial_by_default(book: Workbook) -> None:
    """Make Arial 10 the workbook's Normal font (openpyxl starts from Calibri 11).

    Excel and Calc measure a column width unit in the Normal style's font. Where
    Calibri is missing (many Linux desktops) Calc falls back to a wider font, the
    columns grow and the matrix no longer fits the width of the printed page.
    """
    book._fonts = IndexedList([BODY_FONT])  # openpyxl has no public way to set the default font
    book._named_styles["Normal"].font = copy(BODY_FONT)


def _guide_sheet(book: Workbook, carried: bool, indicators: bool) -> None:
    rows = [*GUIDE, CARRIED_GUIDE] if carried else list(GUIDE)
    if indicators:
        lists = next(index for index, row in enumerate(rows) if row[0] == SHEET_LISTS)
        rows[lists:lists] = INDICATOR_GUIDE[:-1]  # after Voetnoten, before the lists, as the sheets stand
        rows.append(INDICATOR_GUIDE[-1])
    _table_sheet(book, SHEET_GUIDE, ("Werkblad", "Kolom", "Uitleg"), (16, 18, 90), iter(rows), filtered=False)


def _list_rows(columns: list[list[str]]) -> Iterator[tuple[object, ...]]:
    for index in range(max(len(column) for column in columns)):
        yield tuple(column[index] if index < len(column) else None for column in columns)


def _table_sheet(
    book: Workbook,
    title: str,
    columns: tuple[str, ...],
    widths: tuple[int, ...],
    rows: Iterator[tuple[object, ...]],
    group_column: int | None = 0,
    filtered: bool = True,
    shrinkable: int | None = None,
) -> Worksheet:
    """A sheet with a styled, frozen header row, wrapped columns, widths, an autofilter and print setup.

    Font, wrapping and width belong to the whole column, so a row typed below
    the last one wraps too. Widths and heights come from ``layout``: wide
    enough for each column's longest word, rows as tall as their wrapped text
    and no fixed height, so edited, they grow. ``group_column`` starts a
    band of rows (a Doel, a theme) where its value changes. A sheet with a
    ``shrinkable`` column (of long texts) keeps its widths within the page at
    the promised print scale (``layout.within_page``).
    """
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    cells = [[_cell_value(value) for value in row] for row in rows]
    for row in cells:
        sheet.append(row)
    values = [tuple(_shown(value) for value in row) for row in cells]
    widths = (*widths, *[layout.MODEST] * (len(columns) - len(widths)))  # a column added without a usual width
    needed = layout.needed_widths(columns, values, filtered=filtered)
    if shrinkable is None:
        measured = layout.column_widths(widths, needed)
    else:
        measured = layout.within_page(widths, needed, layout.header_widths(columns, filtered), shrinkable)
    _column_styles(sheet, measured)
    _row_heights(sheet, columns, values, measured, filtered)
    layout.borders_and_bands(sheet, len(columns), _group_starts(values, group_column))
    sheet.freeze_panes = "A2"
    if filtered:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 2)}"
    layout.print_setup(sheet)
    return sheet


def _column_styles(sheet: Worksheet, widths: tuple[float, ...]) -> None:
    """Width, font and wrapping on whole columns, and on each written cell (Calc reads the cell's own)."""
    for column, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.width = width
        dimension.font = BODY_FONT
        dimension.alignment = WRAP
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = BODY_FONT
            cell.alignment = WRAP


def _row_heights(
    sheet: Worksheet,
    columns: tuple[str, ...],
    values: list[tuple[object, ...]],
    widths: tuple[float, ...],
    filtered: bool,
) -> None:
    """Each row starts as tall as its wrapped text (the header in bold, beside its filter button)."""
    header = layout.row_height(columns, widths, bold=True, filtered=filtered)
    sheet.row_dimensions[1] = _GrowingRow(sheet, index=1, ht=header)
    for number, row in enumerate(values, start=2):
        sheet.row_dimensions[number] = _GrowingRow(sheet, index=number, ht=layout.row_height(row, widths))


def _group_starts(values: list[tuple[object, ...]], column: int | None) -> list[bool]:
    """Per row: does a new group begin here (its ``column`` filled, and not as the row above)?"""
    starts, previous = [], None
    for row in values:
        value = row[column] if column is not None and column < len(row) else None
        starts.append(value not in (None, "") and value != previous)
        previous = value if value not in (None, "") else previous
    return starts


def _shown(value: object) -> object:
    """The text a cell shows, for measuring: rich text as its plain text."""
    return str(value) if isinstance(value, CellRichText) else value


class _GrowingRow(RowDimension):
    """A row with a starting height that is no fixed height (no ``customHeight``).

    Excel and LibreOffice show the height the file gives (neither measures the
    text of a whole sheet when it opens it), and grow the row again when its
    text is edited; openpyxl's rows with a height would be fixed.
    """

    @property
    def customHeight(self) -> bool:  # openpyxl's attribute name
        return False


def _drop_down(sheet: Worksheet, column: str, source: str, name: str, message: str) -> None:
    """A list drop-down on a column; a value outside the list warns but is allowed (check has the last word)."""
    validation = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=f"Onbekend: {name}",
        error=message,
        promptTitle=name,
        prompt=message,
        showInputMessage=True,
    )
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}{sheet.max_row + ROOM}")


def _mark_missing(sheet: Worksheet, column: str, formula: str) -> None:
    """Colour a required cell red while it is empty (Excel and LibreOffice evaluate the formula per row)."""
    rule = FormulaRule(formula=[formula], fill=MISSING_FILL, font=MISSING_FONT)
    sheet.conditional_formatting.add(f"{column}2:{column}{sheet.max_row + ROOM}", rule)


def _indicator_sheets(book: Workbook, indicators: list[Indicator]) -> None:
    """Indicatoren and Metingen, guided as the Matrix: drop-downs, red empty required cells, measured widths.

    Columns in the order of the contract (``INDICATOR_COLUMNS``); the reader
    finds them by header, so a user may move them (the drop-downs and red
    marks then stay where they were written).
    """
    sheet = _table_sheet(
        book,
        SHEET_INDICATORS,
        INDICATOR_COLUMNS,
        INDICATOR_WIDTHS,
        _indicator_rows(indicators),
    )
    measurements = _table_sheet(
        book, SHEET_MEASUREMENTS, MEASUREMENT_COLUMNS, MEASUREMENT_WIDTHS, _measurement_rows(indicators)
    )
    _drop_down(sheet, "A", f"{SHEET_LISTS}!$B$2:$B${ROOM}", "Thema", "Kies een thema uit de lijst (blad Lijsten).")
    _drop_down(sheet, "G", f"{SHEET_LISTS}!$D$2:$D$3", "Beter is", "Kies hoger of lager: welke kant op is beter?")
    _drop_down(
        measurements,
        "A",
        f"{SHEET_INDICATORS}!$C$2:$C${len(indicators) + 1 + ROOM}",
        "Indicator",
        "Kies een indicator van het blad Indicatoren.",
    )
    _mark_missing(sheet, "A", "AND(LEN($A2)=0,COUNTA($B2:$K2)>0)")
    _mark_missing(sheet, "C", "AND(LEN($C2)=0,COUNTA($A2:$K2)>0)")
    _mark_missing(sheet, "G", "AND(LEN($G2)=0,COUNTA($A2:$K2)>0)")
    _mark_missing(sheet, "I", "AND(LEN($I2)=0,LEN($H2)>0)")
    _mark_missing(sheet, "K", "AND(LEN($K2)=0,LEN($J2)>0)")
    for column in "ABCD":
        _mark_missing(measurements, column, f"AND(LEN(${column}2)=0,COUNTA($A2:$D2)>0)")


def _figure(value: float | None) -> int | float | None:
    """A figure as a number cell: 12 rather than 12.0 (shown alike; the file holds what was typed)."""
    return int(value) if value is not None and float(value).is_integer() else value


def _indicator_rows(indicators: list[Indicator]) -> Iterator[tuple[object, ...]]:
    for indicator in indicators:
        yield (
            indicator.theme or None,
            indicator.goal or None,
            indicator.name or None,
            indicator.definition or None,
            indicator.unit or None,
            indicator.source or None,
            "hoger" if indicator.higher_is_better else "lager",
            _figure(indicator.baseline),
            indicator.baseline_year,
            _figure(indicator.target),
            indicator.target_year,
        )


def _measurement_rows(indicators: list[Indicator]) -> Iterator[tuple[object, ...]]:
    """Per indicator its measurements, in the order read (the Indicator column repeated, so a filter works)."""
    for indicator in indicators:
        for measurement in indicator.measurements:
            yield (indicator.name, measurement.area, measurement.year, _figure(measurement.value))


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


def carried_columns(themes: list[Theme]) -> tuple[str, ...]:
    """The headers of the carried columns of every matrix row, in the order they first occur."""
    return tuple(dict.fromkeys(name for t in themes for g in t.goals for r in g.rows for name, _ in r.carried))


def _matrix_rows(themes: list[Theme], carried: tuple[str, ...]) -> Iterator[tuple[object, ...]]:
    """Thema on every row (so a filter works), Doel once with blanks below, then Status and carried columns."""
    for theme in themes:
        for goal in theme.goals:
            for index, row in enumerate(goal.rows):
                known = (theme.title, goal.title if index == 0 else None, *row.cells(), row.status or None)
                extra = dict(row.carried)
                yield (*known, *(extra.get(name) for name in carried))


def _footnote_rows(footnotes: dict[str, Footnote]) -> Iterator[tuple[object, ...]]:
    for footnote in footnotes.values():
        for index, paragraph in enumerate(footnote.paragraphs):
            yield (footnote.key if index == 0 else None, paragraph)


class _RunFont(InlineFont):
    """A rich text run's font, its elements in the order the Open XML SDK expects (openpyxl puts rFont first)."""

    __elements__ = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
                    "rFont", "family", "charset", "scheme")  # fmt: skip
    __nested__ = InlineFont.__nested__  # openpyxl's metaclass finds these only on the class that declares them


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
            font = _RunFont(  # named: a run without a font name is shown in Calc's default, a serif
                rFont=FONT_NAME,
                sz=FONT_SIZE,
                i=part.italic or None,
                b=part.bold or None,
                vertAlign="superscript" if part.superscript else None,
            )
            blocks.append(TextBlock(font, part.text))
        else:
            blocks.append(part.text)
    if all(isinstance(block, str) for block in blocks):
        return "".join(blocks)  # type: ignore[arg-type]
    return CellRichText(blocks)
