"""The workbook as people see it: words whole in their columns, rows as tall as their text, borders and bands.

Measured as Calc shows the workbook: words with the real Liberation Sans font
file (fonttools; Calc shows Arial in it, Excel's Arial has the same widths),
and row heights against the height LibreOffice itself fits to each row (UNO,
``tests/calc_rows.py``). Every workbook here is freshly written, so the tests
check the writer (tests/test_build.py checks the committed workbook is what
it writes): the default plan, the default plan with an e-mail address in a
Stand van zaken cell (a token no column should widen for), and plans made
from other texts: the example plan and the regional test plan with a long
Dutch word and such an address.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from jaarplan.errors import Problems
from jaarplan.importer.from_word import import_document
from jaarplan.model import PlanTexts, RichText
from jaarplan.office import pdf
from jaarplan.source.metadata import read_metadata
from jaarplan.source.workbook import SHEET_MATRIX, WORKBOOK_MATRIX_COLUMNS, read_workbook
from jaarplan.source.xlsx import layout
from jaarplan.source.xlsx.writer import MATRIX_WIDTHS, write_workbook

from .conftest import REPO, SOURCE
from .fixtures.regional import regional_texts
from .fixtures.shapes import write_shape
from .system_tools import poppler, require_pdf_tools, skip_missing

SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's python3-uno belongs to the system Python
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
CALC_POINTS_PER_WIDTH = 5.55  # Calc: a column width unit is the digit width of Arial 10 (UNO says so)
PADDING = 6.0  # points of a cell beside the text, left and right together
FILTER_BUTTON = 14.0  # the autofilter's button at the right end of a header cell
SHEETS_WITHOUT_FILTER = {"Toelichting"}
EXCEL_LINE = 12.75  # points a wrapped line of Arial 10 takes in Excel
WRAP_PADDING = 4.0  # points of a cell that no program wraps text into
WIDEST_COLUMN = 30  # a column other than Specifiek widens no further: a longer token wraps
MAX_ROW_HEIGHT = 409.0  # Excel's limit: text beyond it is cut off
ADDRESS = "Contactpersoon: j.jansen@veiligheidsregionoordhollandnoord.nl"
LONG_WORD = "aansprakelijkheidsverzekering"


@cache
def _font(bold: bool) -> tuple[dict[int, str], object, int]:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    files = [folder / name for folder in FONT_FOLDERS if (folder / name).is_file()]
    if not files:
        skip_missing(f"{name} is not installed (apt-get install fonts-liberation2)")
    font = TTFont(files[0])
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def points(text: str, bold: bool = False) -> float:
    """Width of ``text`` in Liberation Sans 10 pt, from the font file's advance widths."""
    cmap, metrics, units = _font(bold)
    return sum(metrics[cmap.get(ord(char), cmap[ord("?")])][0] for char in text) * 10 / units


def column_room(width: float) -> float:
    """Points of text in a column of ``width``: the narrower of Calc (5.55 pt a unit) and Excel (7 px + 5 px)."""
    return min(CALC_POINTS_PER_WIDTH * width, (7 * width + 5) * 0.75) - PADDING


def unbreakable(text: str) -> list[str]:
    """What a line can not break inside: a run between spaces, cut after a hyphen or a slash."""
    return [piece for word in text.split() for piece in re.split(r"(?<=[-/])(?=\w)", word)]


def default_texts() -> PlanTexts:
    problems = Problems()
    texts = read_workbook(SOURCE / "jaarplan.xlsx", problems)
    assert not problems.has_errors
    return texts


def write_default(path: Path, texts: PlanTexts | None = None) -> Path:
    """The default plan written afresh, as tools/seed_to_source.py writes source/jaarplan.xlsx."""
    metadata = read_metadata(SOURCE / "plan.yaml")
    write_workbook(texts or default_texts(), path, metadata.clusters, metadata.statuses)
    return path


def with_cell(texts: PlanTexts, field: str, text: str) -> PlanTexts:
    """``texts`` with ``text`` in the ``field`` cell of the first Matrix row."""
    goal = texts.themes[0].goals[0]
    goal.rows[0] = replace(goal.rows[0], **{field: RichText.plain(text)})
    return texts


@pytest.fixture(scope="module")
def default_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default plan's workbook as the writer writes it now."""
    return write_default(tmp_path_factory.mktemp("default") / "jaarplan.xlsx")


@pytest.fixture(
    scope="module", params=["default", "default-with-address", "example", "regional-long-words", "imported-carried"]
)
def workbook(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default workbook, and workbooks the writer made from other plans' texts.

    "imported-carried": a plan imported from Word with columns carried along after Status
    (Trekker, Partners), which take their share of the page like any other column.
    """
    path = tmp_path_factory.mktemp(request.param) / "jaarplan.xlsx"
    if request.param == "imported-carried":
        texts = import_document(write_shape("headings", path.parent / "plan.docx")).texts
        rows = [row for theme in texts.themes for goal in theme.goals for row in goal.rows]
        assert {name for row in rows for name, _ in row.carried} == {"Trekker", "Partners"}
        write_workbook(texts, path)
        return path
    if request.param == "default":
        return write_default(path)
    if request.param == "default-with-address":
        return write_default(path, with_cell(default_texts(), "progress", ADDRESS))
    if request.param == "example":
        problems = Problems()
        texts = read_workbook(REPO / "examples" / "voorbeeldgemeente" / "bron" / "jaarplan.xlsx", problems)
        assert not problems.has_errors
    else:
        texts = with_cell(with_cell(regional_texts(), "realistic", f"Een {LONG_WORD}."), "progress", ADDRESS)
    write_workbook(texts, path)
    return path


def test_no_word_breaks_inside_and_every_header_reads_whole(workbook: Path) -> None:
    """Theme names and ordinary Dutch words fit their column; a header fits beside its filter button."""
    too_narrow = []
    for sheet in load_workbook(workbook):
        for column in sheet.iter_cols():
            width = sheet.column_dimensions[column[0].column_letter].width
            header = str(column[0].value)
            button = 0.0 if sheet.title in SHEETS_WITHOUT_FILTER else FILTER_BUTTON
            if points(header, bold=True) + button > column_room(width):
                too_narrow.append((sheet.title, header, "kop"))
            texts = [str(cell.value) for cell in column[1:] if cell.value is not None]
            pieces = [piece for text in texts for piece in unbreakable(text)]
            if sheet.title == SHEET_MATRIX and header != "Specifiek":  # a token wider than the widest column wraps
                pieces = [piece for piece in pieces if points(piece) <= column_room(WIDEST_COLUMN)]
            longest = max(pieces, key=points, default="")
            if points(longest) > column_room(width):
                too_narrow.append((sheet.title, header, longest))
    assert too_narrow == []


def test_every_generated_plan_holds_a_word_that_widens_its_column(workbook: Path) -> None:
    """So the check above is real: some column is wider than the writer's usual width for it."""
    sheet = load_workbook(workbook)[SHEET_MATRIX]
    widths = [sheet.column_dimensions[column[0].column_letter].width for column in sheet.iter_cols()]
    usual = (14, 18, 30, 16, 14, 14, 14, 12, 17, 11)
    widths = widths[: len(usual)]  # carried columns after Status have no usual width of their own
    assert any(width > least for width, least in zip(widths, usual, strict=True) if least != 30)
    if "long-words" in workbook.parent.name:
        realistic = WORKBOOK_MATRIX_COLUMNS.index("Realistisch")
        assert column_room(widths[realistic]) >= points(LONG_WORD)


def wrapped_lines(text: str, room: float) -> int:
    """Lines of ``text`` wrapped at spaces (and after hyphens and slashes) in ``room`` points."""
    lines = 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0.0
        for index, word in enumerate(paragraph.split(" ")):
            for position, piece in enumerate(re.split(r"(?<=[-/])(?=\w)", word)):
                gap = points(" ") if used and position == 0 and index else 0.0
                if used and used + gap + points(piece) > room:
                    lines, used, gap = lines + 1, 0.0, 0.0
                used += gap + points(piece)
                while used > room:  # a piece wider than the column breaks
                    lines, used = lines + 1, used - room
    return lines


def excel_lines(sheet: Worksheet) -> dict[int, int]:
    """Per row below the header: the lines Excel wraps its tallest cell into (7 px a width unit + 5 px, 96 dpi)."""
    rooms = [
        min(CALC_POINTS_PER_WIDTH * width, (7 * width + 5) * 0.75) - WRAP_PADDING
        for width in (sheet.column_dimensions[column[0].column_letter].width for column in sheet.iter_cols())
    ]
    return {
        row[0].row: max(
            (wrapped_lines(str(cell.value), room) for cell, room in zip(row, rooms, strict=True) if cell.value),
            default=1,
        )
        for row in sheet.iter_rows(min_row=2)
    }


def test_rows_are_tall_enough_for_excel_and_never_cut_off(workbook: Path) -> None:
    """Excel shows 12.75 pt a line and wraps in narrower columns than Calc; no row at Excel's 409 pt limit."""
    short, cut = [], []
    for sheet in load_workbook(workbook):
        for number, lines in excel_lines(sheet).items():
            height = sheet.row_dimensions[number].height
            if height < EXCEL_LINE * lines:
                short.append((sheet.title, number, height, lines))
            if height >= MAX_ROW_HEIGHT:
                cut.append((sheet.title, number))
    assert (short, cut) == ([], [])


def test_the_matrix_prints_at_eight_points_or_more(workbook: Path) -> None:
    """Fitted to the width of landscape A4 less 1 cm margins (757 pt), the columns shrink to no less than 80 %."""
    sheet = load_workbook(workbook)[SHEET_MATRIX]
    widths = [sheet.column_dimensions[column[0].column_letter].width for column in sheet.iter_cols()]
    assert sum(widths) * CALC_POINTS_PER_WIDTH * 0.8 <= (29.7 - 2.0) / 2.54 * 72


def _run(command: list[str]) -> str:
    """Run ``command``; its stdout, or a failure that shows what it said on stderr."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command[0]} ended with {done.returncode}:\n{done.stderr}"
    return done.stdout


def test_extra_matrix_columns_wrap_rather_than_print_smaller(default_workbook: Path) -> None:
    """Columns an imported plan carries along start at a modest width and give way before Specifiek does."""
    sheet = load_workbook(default_workbook)[SHEET_MATRIX]
    extra = {"Opmerking": "Afgestemd met de wijkagent.", "Bron": "Jaarverslag 2025", "Wijk": "Noord"}
    header = (*WORKBOOK_MATRIX_COLUMNS, *extra)
    rows = [(*(cell.value for cell in row), *extra.values()) for row in sheet.iter_rows(min_row=2)]
    needed = layout.needed_widths(header, rows)
    widths = layout.within_page(
        (*MATRIX_WIDTHS, *[layout.MODEST] * len(extra)), needed, layout.header_widths(header), header.index("Specifiek")
    )
    assert sum(widths) * CALC_POINTS_PER_WIDTH * 0.8 <= (29.7 - 2.0) / 2.54 * 72
    specific = header.index("Specifiek")
    assert widths[specific] >= needed[specific] and min(widths) >= 8


def calc_layout(workbook: Path, folder: Path) -> dict:
    """What LibreOffice says of each sheet: column widths, and per row the height written and the height fitted."""
    if shutil.which("soffice") is None:  # calc_rows.py starts it by name
        skip_missing("LibreOffice (soffice) is not on PATH (apt-get install libreoffice-calc-nogui)")
    if not SYSTEM_PYTHON.exists() or subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"]).returncode != 0:
        skip_missing("Debian's python3-uno is not installed (apt-get install python3-uno)")
    return json.loads(
        _run([str(SYSTEM_PYTHON), str(REPO / "tests" / "calc_rows.py"), str(workbook), str(folder / "profiel")])
    )


def test_rows_start_within_a_fifth_of_the_height_calc_fits_to_their_text(
    default_workbook: Path, tmp_path: Path
) -> None:
    """Every row of every sheet of the default plan, the header rows too (points: written, fitted by Calc).

    Where Excel's narrower column wraps a text into more lines than Calc does,
    the row is as tall as Excel needs (text cut off in Excel is worse than air
    in Calc), and no taller.
    """
    calc = calc_layout(default_workbook, tmp_path)
    assert set(calc) >= {"Toelichting", SHEET_MATRIX}
    book = load_workbook(default_workbook)
    off = {}
    for sheet, found in calc.items():
        excel = excel_lines(book[sheet])
        for number, (written, fitted) in enumerate(found["rows"], start=1):
            in_excel = EXCEL_LINE * excel.get(number, 1) + 2.0  # written in points, read back in 1/100 mm
            if not (0.8 <= written / fitted <= 1.2 or fitted <= written <= in_excel + 0.5):
                off[sheet, number] = (round(written, 1), round(fitted, 1), round(in_excel, 1))
    assert off == {}
    assert len(calc[SHEET_MATRIX]["rows"]) > 30


def test_rows_of_one_doel_share_a_band_and_every_cell_has_a_thin_border(default_workbook: Path) -> None:
    sheet = load_workbook(default_workbook)[SHEET_MATRIX]
    bands: list[set[str | None]] = []
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.border.left.style == cell.border.bottom.style == "thin", cell.coordinate
        if row[1].value:  # a new Doel
            bands.append(set())
        bands[-1].add(row[0].fill.fgColor.rgb if row[0].fill.fill_type else None)
    assert all(len(colours) == 1 for colours in bands)  # one band per Doel
    sequence = [colours.pop() for colours in bands]
    assert all(a != b for a, b in pairwise(sequence))  # the next Doel on the other band
    assert None in sequence and len(set(sequence)) == 2


def test_calc_prints_the_matrix_with_ruled_rows(default_workbook: Path, tmp_path: Path) -> None:
    """On paper the rows are ruled apart: thin lines across the table, not only the header's bar."""
    require_pdf_tools()
    book = load_workbook(default_workbook, rich_text=True)
    for other in [name for name in book.sheetnames if name != SHEET_MATRIX]:
        del book[other]
    book.save(tmp_path / "matrix.xlsx")
    profile = f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}"
    _run([str(pdf.find_soffice()), profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
          str(tmp_path / "matrix.xlsx")])  # fmt: skip
    poppler("pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", tmp_path / "matrix.pdf", tmp_path / "pagina")
    (image,) = tmp_path.glob("pagina*.pgm")
    width, height, pixels = _pgm(image.read_bytes())
    lines, previous = 0, False
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        ruled = sum(1 for value in row if value < 225) > width * 0.6  # a line or the header across the page
        lines += ruled and not previous
        previous = ruled
    assert lines >= 4  # the header's bar and the rules below at least three rows (without borders: the bar alone)


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of a binary PGM (pdftoppm -gray)."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert header is not None
    width, height = int(header.group(1)), int(header.group(2))
    return width, height, data[header.end() : header.end() + width * height]


def test_the_font_metrics_are_what_their_script_writes(tmp_path: Path) -> None:
    """tools/make_font_metrics.py reproduces the committed widths from the installed Liberation Sans files."""
    _font(False)  # skips (fails in CI) without the font files
    folder = next(folder for folder in FONT_FOLDERS if (folder / "LiberationSans-Regular.ttf").is_file())
    made = tmp_path / "font_metrics.py"
    _run([sys.executable, str(REPO / "tools" / "make_font_metrics.py"), str(folder), str(made)])
    committed = REPO / "src" / "jaarplan" / "source" / "xlsx" / "font_metrics.py"
    assert made.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
