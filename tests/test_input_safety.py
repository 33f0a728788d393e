"""Cell values read as a person typed them, and hostile input that must not hurt."""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from jaarplan.commands.build import build
from jaarplan.errors import PlanError
from jaarplan.source.check import check_source
from jaarplan.source.xlsx import safe_open, strict

from .broken_inputs import patch_zip
from .conftest import SOURCE, TEMPLATE, beyond_the_default
from .docx_reading import body_blocks, is_matrix


def first_matrix(document_path: Path) -> list:
    return next(block for block in body_blocks(Document(document_path)) if is_matrix(block))


def test_dates_in_dutch_and_numbers_as_typed(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    matrix = book["Matrix"]
    matrix["H2"] = datetime.datetime(2010, 12, 31)
    matrix["D2"] = 650
    matrix["E2"] = 650.0
    matrix["F2"] = 0.25
    matrix["F2"].number_format = "0%"
    matrix["G2"] = 2.5
    book.save(source_copy / "jaarplan.xlsx")
    row = first_matrix(build(source_copy, tmp_path, TEMPLATE).document)[1]
    assert [cell.text for cell in row[2:8]] == ["650", "650", "25%", "2,5", "31 december 2010", row[7].text]


def test_formula_with_a_cached_value_gives_that_value(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"]["H2"] = "FORMULEPLEK"
    book.save(source_copy / "jaarplan.xlsx")
    with zipfile.ZipFile(source_copy / "jaarplan.xlsx") as archive:
        member = next(n for n in archive.namelist() if b"FORMULEPLEK" in archive.read(n) and "sheet" in n)
        xml = archive.read(member)
    cell = re.search(rb'<c r="H2"[^>]*>.*?</c>', xml).group(0)
    formula = b'<c r="H2" t="str"><f>"eind "&amp;2010</f><v>eind 2010</v></c>'
    patch_zip(source_copy / "jaarplan.xlsx", member, cell, formula)
    checked = check_source(source_copy)
    assert beyond_the_default(checked.problems) == []
    row = first_matrix(build(source_copy, tmp_path, TEMPLATE).document)[1]
    assert row[6].text == "eind 2010"


def test_zip_bomb_is_refused_before_unpacking(source_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real cap is 512 MB; a test-sized bomb against a test-sized cap checks the same rule.
    monkeypatch.setattr(strict, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    with zipfile.ZipFile(source_copy / "jaarplan.xlsx", "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/bom.bin", b"\0" * (8 * 1024 * 1024))
    messages = [str(problem) for problem in check_source(source_copy).problems]
    assert len(messages) == 1
    assert re.search(r"jaarplan\.xlsx: de werkmap zou uitgepakt 8 MB worden; .*zip-bom", messages[0])


def test_used_range_of_a_million_rows_costs_nothing(source_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"]["I1048576"].font = Font(bold=True)  # a formatted, empty cell at Excel's last row
    book.save(source_copy / "jaarplan.xlsx")
    cells_made = 0
    original = Worksheet.cell

    def counting_cell(self: Worksheet, *args: object, **kwargs: object) -> object:
        nonlocal cells_made
        cells_made += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Worksheet, "cell", counting_cell)
    checked = check_source(source_copy)
    assert beyond_the_default(checked.problems) == []
    assert sum(len(goal.rows) for theme in checked.plan.themes for goal in theme.goals) == 34
    assert cells_made < 2_000  # the filled rows only, not a million


def test_template_syntax_error_names_template_and_tag(tmp_path: Path) -> None:
    template = Path(shutil.copy(TEMPLATE, tmp_path / "kapot.docx"))
    patch_zip(template, "word/document.xml", b"{{ plan.partners }}", b"{{ plan.partners }")
    with pytest.raises(PlanError) as caught:
        build(SOURCE, tmp_path / "out", template)
    message = str(caught.value)
    assert "kapot.docx: fout in de sjabloon" in message and "{{ plan.partners }" in message


def test_excel_lock_file_picked_as_workbook(tmp_path: Path) -> None:
    lock = tmp_path / "~$jaarplan.xlsx"
    lock.write_bytes(b"\x0aJ. Modder" + b" " * 40)
    with pytest.raises(PlanError, match=r"slotbestand dat Excel maakt zolang een werkmap open is"):
        safe_open.open_workbook(lock)
