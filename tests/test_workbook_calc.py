"""The workbook in LibreOffice Calc: saved by Calc itself, built from, and printed.

A Calc user often lacks Calibri and prints the Matrix sheet for a meeting.
The workbook jaarplan writes (here the default ``source/jaarplan.xlsx``) is
saved through LibreOffice (``soffice --convert-to xlsx``) and read back.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from jaarplan.commands.build import build
from jaarplan.diff.compare import format_changes
from jaarplan.office import pdf
from jaarplan.source.check import load_plan
from jaarplan.source.workbook import SHEET_MATRIX

from .conftest import SOURCE, TEMPLATE
from .system_tools import poppler, require_pdf_tools

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
LIBERATION_SANS_HEIGHT = 1.117  # ascent + descent of a word box, in font sizes (poppler's -bbox)


def _soffice(folder: Path, *arguments: str) -> None:
    """Run LibreOffice headless with a throw-away profile, as a user's Calc would save or print."""
    profile = (folder / "profiel").as_uri()
    subprocess.run(
        [str(pdf.find_soffice()), f"-env:UserInstallation={profile}", "--headless", *arguments],
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def calc_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``source/`` whose workbook was opened and saved as .xlsx by LibreOffice Calc."""
    require_pdf_tools()
    folder = tmp_path_factory.mktemp("calc")
    source = Path(shutil.copytree(SOURCE, folder / "source"))
    _soffice(
        folder,
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(folder / "calc"),
        str(SOURCE / "jaarplan.xlsx"),
    )
    shutil.copyfile(folder / "calc" / "jaarplan.xlsx", source / "jaarplan.xlsx")
    return source


def test_a_workbook_saved_by_calc_builds_the_same_plan(calc_source: Path, tmp_path: Path) -> None:
    original, saved = load_plan(SOURCE).plan, load_plan(calc_source).plan
    assert [t.title for t in saved.themes] == [t.title for t in original.themes]
    for before, after in zip(original.themes, saved.themes, strict=True):
        texts = list(zip(before.paragraphs + before.see_also, after.paragraphs + after.see_also, strict=True))
        rows = [
            (a, b)
            for goal_a, goal_b in zip(before.goals, after.goals, strict=True)
            for row_a, row_b in zip(goal_a.rows, goal_b.rows, strict=True)
            for a, b in zip((goal_a.title, *row_a.cells()), (goal_b.title, *row_b.cells()), strict=True)
        ]
        for a, b in texts + rows:
            assert a.text == b.text and format_changes(a, b) == []  # italics and superscripts survive Calc
    result = build(calc_source, tmp_path / "uit", TEMPLATE)
    assert result.document.is_file()


def _rows(workbook: Path, sheet_number: int) -> list[dict[str, str]]:
    with zipfile.ZipFile(workbook) as archive:
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet_number}.xml"))
    return [dict(row.attrib) for row in root.iter(f"{MAIN}row")]


def _workbook(which: str, request: pytest.FixtureRequest) -> Path:
    """The workbook as jaarplan wrote it, or as Calc saved it."""
    return (SOURCE if which == "written" else request.getfixturevalue("calc_source")) / "jaarplan.xlsx"


def _matrix_sheet_number(workbook: Path) -> int:
    return load_workbook(workbook).sheetnames.index(SHEET_MATRIX) + 1


@pytest.mark.parametrize("which", ["written", "saved by Calc"])
def test_rows_have_no_fixed_height(which: str, request: pytest.FixtureRequest) -> None:
    """A row's height is where it starts, not fixed: Excel and Calc grow it when its text grows."""
    workbook = (
        SOURCE / "jaarplan.xlsx" if which == "written" else request.getfixturevalue("calc_source") / "jaarplan.xlsx"
    )
    rows = _rows(workbook, _matrix_sheet_number(workbook))
    assert len(rows) > 30
    assert not [row["r"] for row in rows if row.get("customHeight") in ("1", "true")]
    # The rows start tall enough for their text in Arial (Liberation Sans in Calc): the longest has many lines.
    assert max(float(row.get("ht", 0)) for row in rows) > 150


@pytest.mark.parametrize("which", ["written", "saved by Calc"])
def test_font_wrap_and_width_belong_to_whole_columns(which: str, request: pytest.FixtureRequest) -> None:
    """A row typed below the last one wraps in the same font: the columns carry it, not only today's cells."""
    workbook = _workbook(which, request)
    columns = _column_styles(workbook, _matrix_sheet_number(workbook))
    assert sorted(columns) == list(range(1, 11))  # Thema … Stand van zaken, Status
    for number, (wrap, font, width) in columns.items():
        assert wrap and font == "Arial" and width > 10, number
    sheet = load_workbook(workbook)[SHEET_MATRIX]
    assert {cell.font.name for row in sheet.iter_rows(min_row=2) for cell in row if cell.value} == {"Arial"}


def _column_styles(workbook: Path, sheet_number: int) -> dict[int, tuple[bool, str, float]]:
    """Column number → (wraps, font name, width) of its column style, read from the XML as Excel reads it."""
    with zipfile.ZipFile(workbook) as archive:
        sheet = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet_number}.xml"))
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    fonts = [getattr(font.find(f"{MAIN}name"), "attrib", {}).get("val", "") for font in styles.find(f"{MAIN}fonts")]
    formats = list(styles.find(f"{MAIN}cellXfs"))
    columns = {}
    for column in sheet.iter(f"{MAIN}col"):
        style = formats[int(column.get("style", 0))]
        alignment = style.find(f"{MAIN}alignment")
        wrap = alignment is not None and alignment.get("wrapText") in ("1", "true")
        for number in range(int(column.get("min")), int(column.get("max")) + 1):
            columns[number] = (wrap, fonts[int(style.get("fontId", 0))], float(column.get("width")))
    return columns


def test_matrix_prints_landscape_at_a_readable_size_with_its_header_on_every_page(
    calc_source: Path, tmp_path: Path
) -> None:
    book = load_workbook(calc_source / "jaarplan.xlsx", rich_text=True)
    sheet = book[SHEET_MATRIX]
    assert sheet.page_setup.orientation == "landscape"
    # fitted to the page's width, running on downwards: the columns' widths keep that at 80 % or more
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    specific = [str(row[2].value) for row in sheet.iter_rows(min_row=2) if row[2].value]
    for other in [name for name in book.sheetnames if name != SHEET_MATRIX]:
        del book[other]
    book.save(tmp_path / "matrix.xlsx")
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "matrix.xlsx"))
    bbox = poppler("pdftotext", "-bbox", tmp_path / "matrix.pdf", "-")
    pages = list(ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", bbox)).iterfind(".//x:page", XHTML))
    assert len(pages) >= 3
    heights = []
    column = []  # the words of the Specifiek column, page by page, line by line
    for page in pages:
        assert float(page.get("width")) > float(page.get("height"))  # landscape
        words = [
            (w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "yMax"))) for w in page.iterfind("x:word", XHTML)
        ]
        texts = [text for text, *_ in words]
        assert {"Thema", "Doel", "Specifiek", "Meetbaar", "Deadline", "Status"} <= set(texts)  # the whole header
        heights += [bottom - top for _, _, top, bottom in words]
        left = next(x for text, x, *_ in words if text == "Specifiek") - 3
        right = next(x for text, x, *_ in words if text == "Meetbaar") - 3
        lines: list[list[tuple[float, str]]] = []  # a superscript stands a little higher: same line
        line_top = -100.0
        for top, x, text in sorted((top, x, text) for text, x, top, _ in words if left <= x < right):
            if top - line_top > 5:
                lines.append([])
                line_top = top
            lines[-1].append((x, text))
        column += [text for line in lines for _, text in sorted(line) if text != "Specifiek"]
    assert statistics.median(heights) / LIBERATION_SANS_HEIGHT >= 8  # points: printed at 8 pt or more
    printed = re.sub(r"\W", "", " ".join(column))
    assert [cell[:40] for cell in specific if re.sub(r"\W", "", cell) not in printed] == []  # no row clipped
