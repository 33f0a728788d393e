"""Every kind of file jaarplan writes passes openxml-audit (see ``ooxml_validation``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from jaarplan.commands.create import import_plan, new_plan
from jaarplan.commands.versions import diff
from jaarplan.office import pdf

from .conftest import SOURCE, TEMPLATE
from .ooxml_validation import ARTEFACTS, assert_valid_ooxml, findings


def test_the_default_build(built_default: Path) -> None:
    assert_valid_ooxml(built_default)


def test_the_template() -> None:
    assert_valid_ooxml(TEMPLATE)


def test_the_default_source_workbook() -> None:
    assert_valid_ooxml(SOURCE / "jaarplan.xlsx")


def test_a_new_workbook_empty_and_from_a_source(tmp_path: Path) -> None:
    new_plan(tmp_path / "leeg", from_source=None, year=2011)
    new_plan(tmp_path / "volgend", from_source=SOURCE, year=2011)
    assert_valid_ooxml(tmp_path / "leeg" / "jaarplan.xlsx")
    assert_valid_ooxml(tmp_path / "volgend" / "jaarplan.xlsx")


def test_an_imported_workbook(built_default: Path, tmp_path: Path) -> None:
    import_plan(built_default, tmp_path / "terug")
    assert_valid_ooxml(tmp_path / "terug" / "jaarplan.xlsx")


def test_the_redline_with_every_kind_of_revision(source_copy: Path, tmp_path: Path) -> None:
    """Changed words, a word made italic, a removed and an added row, a removed and an added theme."""
    new = Path(shutil.copytree(source_copy, tmp_path / "nieuw"))
    book = load_workbook(new / "jaarplan.xlsx", rich_text=True)
    matrix = book["Matrix"]
    matrix["C20"] = str(matrix["C20"].value).replace("Uitvoeren", "Naleven", 1)
    matrix.delete_rows(14)
    matrix.append(["Veelplegers", "Nazorg voor ex-gedetineerden", "Elke ex-gedetineerde een nazorgplan", "100%"])
    before, after = str(book["Thema's"]["C2"].value).split("negatief", 1)
    book["Thema's"]["C2"] = CellRichText([before, TextBlock(InlineFont(i=True), "negatief"), after])  # w:rPrChange
    book["Thema's"].delete_rows(12)
    book["Thema's"].append(["Cybercrime", "criminaliteit", "Nieuw thema over online criminaliteit."])
    matrix.append(["Cybercrime", "Minder online fraude", "Voorlichting aan ouderen"])
    book.save(new / "jaarplan.xlsx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))
        redline = diff(str(source_copy), str(new), tmp_path / "uit", TEMPLATE).redline
    assert_valid_ooxml(redline)


def test_the_artefacts_are_the_validators_own(tmp_path: Path) -> None:
    """Each listed artefact is found on the blank file of the library that writes ours: not our doing."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "tekst"
    book.save(tmp_path / "leeg.xlsx")
    blank = findings(tmp_path / "leeg.xlsx")
    for artefact in ARTEFACTS:
        assert any(artefact.matches(finding) for finding in blank), artefact.reason
