"""How the written workbook looks: column widths, row heights, borders, bands and the print setup.

Measured, not guessed: text is measured with Arial's advance widths
(``font_metrics``, the widths of Liberation Sans, which Calc shows for Arial),
so a column is wide enough for the longest word it holds and a row starts as
tall as its wrapped text. Calc and Excel differ a little:

- A column of width ``w`` is ``w`` × 5.55 pt in Calc (the digit width of
  Arial 10) and (7 ``w`` + 5) px at 96 dpi in Excel; a word must fit the
  narrower of the two, less the cell's padding.
- A wrapped line is 11.2 pt in Calc and 12.75 pt in Excel, and Excel's
  columns hold less text (above 12 units). Neither fits a row's height to
  its text when it opens a file, so the height written is the one shown:
  the text wrapped in the narrower of the two, at 12.75 pt a line, which
  Excel needs and Calc shows with some air (about 15 % more than it fits;
  more where Excel wraps into more lines: a cut-off line in Excel is worse).
- The autofilter's button covers the right end of a header cell, so a header
  word must fit beside it.

Heights are written without ``customHeight``: a row grows again when its text
is edited, and Calc saves it that way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from jaarplan.collector import numpy_hidden
from jaarplan.source.xlsx.font_metrics import BOLD, REGULAR, UNITS_PER_EM

with numpy_hidden():  # openpyxl without numpy: see collector.numpy_hidden
    from openpyxl.styles import Border, PatternFill, Side
    from openpyxl.worksheet.worksheet import Worksheet

FONT_SIZE = 10
CALC_POINTS_PER_WIDTH = 5.55  # Calc: a width unit is the digit width of Arial 10
EXCEL_PIXELS_PER_WIDTH, EXCEL_PIXELS_EXTRA = 7, 5  # Excel at 96 dpi: 7 px a unit plus 5 px
CELL_PADDING = 6.0  # points left and right of a word, together, to be safe in both programs
CALC_PADDING = 4.0  # points of a cell that Calc does not wrap text into (fitted to its row heights)
FILTER_BUTTON = 14.0  # points: Calc's and Excel's autofilter button in a header cell
LINE_HEIGHT = 12.75  # points per wrapped line (Calc 11.2, Excel 12.75): Excel's, or it shows a line fewer
ROW_PADDING = 2.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_WIDTH = 60  # a longer "word" (a web address) may break rather than widen a column without end
WIDEN_CAP = 30  # on a sheet printed at a promised scale: a column that is not the long texts' widens no further
MODEST = 12  # the width a column without a usual one starts at (extra Matrix columns), and gives way to first
NARROWEST = 8  # the least width a column is narrowed to, to keep that scale
UNKNOWN_CHARACTER = 1139  # the width of a digit, for a letter outside the table

PRINTABLE_WIDTH = (29.7 - 2 * 1.0) / 2.54 * 72  # points: landscape A4 less 1 cm margins
PRINT_SCALE_MIN = 0.8  # printed text no smaller than 8 pt
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAND = PatternFill("solid", fgColor="EAF1F8")  # a light blue, every other group of rows

# Where a line may break inside a "word": after a hyphen or a slash, as Calc and Excel break it.
BREAKS_AFTER = re.compile(r"(?<=[-/])(?=\w)")


def text_width(text: str, bold: bool = False) -> float:
    """Points that ``text`` takes in Arial 10 (bold or regular) on one line."""
    table = BOLD if bold else REGULAR
    return sum(table.get(char, UNKNOWN_CHARACTER) for char in text) * FONT_SIZE / UNITS_PER_EM


def words(text: str) -> list[str]:
    """The pieces a line can not break inside: split at spaces, and after a hyphen or a slash."""
    return [piece for word in text.split() for piece in BREAKS_AFTER.split(word)]


def column_points(width: float) -> float:
    """Points of text a column of ``width`` units holds on one line, in the narrower of Calc and Excel."""
    calc = CALC_POINTS_PER_WIDTH * width
    excel = (EXCEL_PIXELS_PER_WIDTH * width + EXCEL_PIXELS_EXTRA) * 0.75
    return min(calc, excel) - CELL_PADDING


def line_points(width: float) -> float:
    """Points of text a wrapped line holds in a column of ``width`` units, in the narrower of Calc and Excel."""
    calc = CALC_POINTS_PER_WIDTH * width
    excel = (EXCEL_PIXELS_PER_WIDTH * width + EXCEL_PIXELS_EXTRA) * 0.75
    return min(calc, excel) - CALC_PADDING


def width_for(points: float) -> float:
    """The least column width (in whole units) whose text room holds ``points``."""
    width = 1
    while column_points(width) < points and width < MAX_WIDTH:
        width += 1
    return width


def header_widths(header: Sequence[str], filtered: bool = True) -> tuple[int, ...]:
    """Per column: the least width that holds its header on one line, beside the filter button, so it reads whole."""
    return tuple(width_for(text_width(text, bold=True) + (FILTER_BUTTON if filtered else 0.0)) for text in header)


def needed_widths(header: Sequence[str], rows: Sequence[Sequence[object]], filtered: bool = True) -> tuple[int, ...]:
    """Per column: the least width that holds its longest word, and its header (``header_widths``)."""
    widths = []
    for index, heading in enumerate(header_widths(header, filtered)):
        texts = [str(row[index]) for row in rows if index < len(row) and row[index] not in (None, "")]
        longest = max((text_width(word) for text in texts for word in words(text)), default=0.0)
        widths.append(max(width_for(longest), heading))
    return tuple(widths)


def column_widths(usual: Sequence[float], needed: Sequence[float]) -> tuple[float, ...]:
    """Per column: its usual width, or wider where its longest word would break or its header wrap."""
    return tuple(max(least, need) for least, need in zip(usual, needed, strict=True))


def within_page(
    usual: Sequence[float], needed: Sequence[float], headers: Sequence[float], shrinkable: int
) -> tuple[float, ...]:
    """Widths that print the sheet fitted to the page's width at 80 % or more.

    ``needed`` per column holds its longest word and header, ``headers`` its
    header alone; ``shrinkable`` is the column of long texts (Specifiek).
    Another column widens for its longest word up to ``WIDEN_CAP`` only: a
    longer token (an e-mail address) wraps there rather than squeeze the
    long texts. Over the page, in this order, widest first: a column whose
    longest word breaks anyway narrows to its usual width (or its header's);
    the long texts' column narrows, never below its own longest word; the other
    columns wider than their longest word and header narrow to them (so carried
    columns after Status cost room the others did not need, not a header read
    in two lines); the columns that
    widened give it back; then the other columns down to ``MODEST``, and at
    last any column down to ``NARROWEST``: so columns added later (extra
    Matrix columns) wrap at a modest width instead of printing smaller.
    """
    widths = [
        max(least, need) if index == shrinkable else max(least, min(need, WIDEN_CAP))
        for index, (least, need) in enumerate(zip(usual, needed, strict=True))
    ]
    widest = math.floor(PRINTABLE_WIDTH / PRINT_SCALE_MIN / CALC_POINTS_PER_WIDTH)
    excess = sum(widths) - widest
    floors = (
        [
            max(usual[i], headers[i]) if needed[i] > widths[i] else widths[i] for i in range(len(widths))
        ],  # breaks anyway
        [max(needed[i], NARROWEST) if i == shrinkable else widths[i] for i in range(len(widths))],
        [min(widths[i], max(needed[i], NARROWEST)) for i in range(len(widths))],  # wider than their words give way
        [usual[i] if i != shrinkable else widths[i] for i in range(len(widths))],  # the widened give it back
        [min(widths[i], MODEST) if i != shrinkable else widths[i] for i in range(len(widths))],
        [NARROWEST] * len(widths),  # the last resort
    )
    for floor in floors:
        excess = _narrow_widest(widths, floor, excess)
    return tuple(widths)


def _narrow_widest(widths: list[float], floors: Sequence[float], excess: float) -> float:
    """Take ``excess`` units from the widest columns still above their floor, one at a time; what is left over."""
    while excess > 0:
        room = [index for index, width in enumerate(widths) if width - 1 >= floors[index]]
        if not room:
            break
        index = max(room, key=lambda i: widths[i])
        widths[index] -= 1
        excess -= 1
    return excess


def wrapped_lines(text: str, room: float, bold: bool = False) -> int:
    """Lines that ``text`` takes when wrapped at word boundaries in ``room`` points."""
    lines = 0
    space = text_width(" ", bold)
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            for position, piece in enumerate(BREAKS_AFTER.split(word)):
                width = text_width(piece, bold)
                gap = space if used and position == 0 else 0.0
                if used and used + gap + width > room:
                    lines += 1
                    used, gap = 0.0, 0.0
                used += gap + width
                while used > room > 0:  # a word longer than the column breaks
                    lines += 1
                    used -= room
    return lines


def row_height(values: Sequence[object], widths: Sequence[float], bold: bool = False, filtered: bool = False) -> float:
    """Points for the tallest wrapped cell of a row."""
    button = FILTER_BUTTON if filtered else 0.0
    lines = max(
        (
            wrapped_lines(str(value), line_points(width) - button, bold)
            for value, width in zip(values, widths, strict=False)
            if value not in (None, "")
        ),
        default=1,
    )
    return min(LINE_HEIGHT * lines + ROW_PADDING, MAX_ROW_HEIGHT)


def borders_and_bands(sheet: Worksheet, columns: int, starts_group: list[bool]) -> None:
    """Thin borders around every cell of the table, and every other group of rows on a light band.

    ``starts_group`` says per row below the header whether it begins a new
    group (a Doel, a theme, a chapter), so the rows of one group read as one.
    """
    banded = False
    for number, starts in enumerate(starts_group, start=2):
        banded = banded != starts  # flips at the start of each group
        for column in range(1, columns + 1):
            cell = sheet.cell(row=number, column=column)
            cell.border = GRID
            if banded:
                cell.fill = BAND
    for column in range(1, columns + 1):
        sheet.cell(row=1, column=column).border = GRID


def print_setup(sheet: Worksheet) -> None:
    """Landscape A4, the header row on every page, the columns fitted to the page's width.

    The Matrix's widths keep that fit at 80 % or more (``within_page``), so
    printed text stays 8 pt or larger; the pages run on downwards.
    """
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins.left = sheet.page_margins.right = 1.0 / 2.54
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
