"""Matrix rows written apart from the document tree (issue 15): the same rows, whatever the template's row says.

``tests/test_same_document.py`` holds the default and a regional plan to the
documents built before; these cases add what it does not show: many rows, a
row taller than a page among them, a row restyled in Word, a template whose
row loop jaarplan does not know, the redline's rows in the tree, and
comparing two large documents.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from lxml import etree

from jaarplan.commands.build import build
from jaarplan.model import Goal, MatrixRow, Plan, RichText, Theme
from jaarplan.source.check import load_plan
from jaarplan.word import ooxml
from jaarplan.word.matrix_rows import RowsDocumentPart
from jaarplan.word.render import render_document
from jaarplan.word.same_document import same_content

from .conftest import SOURCE, TEMPLATE
from .docx_reading import matrix_tables
from .test_same_document import canonical_parts

LONG_TEXT = " ".join(f"Zin {n} van 400: de partners bespreken elke week de voortgang." for n in range(1, 401))
CANT_SPLIT = f"{qn('w:trPr')}/{qn('w:cantSplit')}"


@pytest.fixture(scope="module")
def default_plan() -> Plan:
    return load_plan(SOURCE).plan


def many_rows(
    plan: Plan, themes: int, goals: int, rows: int, long: dict[tuple[int, int, int], str] | None = None
) -> Plan:
    """The default plan with generated themes; ``long`` puts a text at (theme, goal, row): row 0's goes in Doel."""
    long = long or {}

    def text(theme: int, goal: int, row: int, column: str) -> RichText:
        if column == ("goal" if row == 0 else "progress") and (theme, goal, row) in long:
            return RichText.plain(long[theme, goal, row])
        return RichText.plain(f"{column} {theme}.{goal}.{row}")

    generated = [
        Theme(
            f"Thema {theme}",
            plan.themes[0].cluster,
            [RichText.plain(f"Tekst van thema {theme}.")],
            goals=[
                Goal(
                    text(theme, goal, 0, "goal"),
                    [MatrixRow(*(text(theme, goal, row, column) for column in COLUMNS)) for row in range(rows)],
                )
                for goal in range(goals)
            ],
        )
        for theme in range(themes)
    ]
    return replace(plan, themes=[*plan.themes, *generated])


COLUMNS = ("specific", "measurable", "acceptable", "realistic", "time_bound", "deadline", "progress")


def saved(plan: Plan, path: Path, template: Path = TEMPLATE, **options: bool) -> Path:
    render_document(plan, template, **options).save(path)
    return path


def body_rows(document: Path) -> list[etree._Element]:
    """Every matrix row of a saved document read back from its word/document.xml (header rows left out)."""
    with zipfile.ZipFile(document) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), etree.XMLParser(huge_tree=True))
    tables = [table for table in root.iter(qn("w:tbl")) if _text(table.find(qn("w:tr"))).startswith("Doel")]
    return [row for table in tables for row in table.findall(qn("w:tr"))[1:]]


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_every_row_of_a_large_plan_is_written_in_order_into_well_formed_xml(default_plan: Plan, tmp_path: Path) -> None:
    plan = many_rows(default_plan, themes=100, goals=4, rows=5)
    document = render_document(plan, TEMPLATE)
    assert isinstance(document.part, RowsDocumentPart)  # the rows were kept apart from the tree
    document.save(tmp_path / "groot.docx")
    rows = body_rows(tmp_path / "groot.docx")  # parses: the spliced XML is well-formed
    expected = [row for theme in plan.themes for goal in theme.goals for row in goal.rows]
    assert len(rows) == len(expected) > 2000
    texts = [_text(row.findall(qn("w:tc"))[1]) for row in rows]
    assert texts == [row.specific.text for row in expected]
    with zipfile.ZipFile(tmp_path / "groot.docx") as archive:
        written = archive.read("word/document.xml")
    assert b"jaarplan-rows" not in written  # no marker left
    assert document.part.blob == written  # the part's XML for python-docx is what saving streamed
    document.save(tmp_path / "nogmaals.docx")  # a build saves twice when LibreOffice counts the pages
    assert canonical_parts(tmp_path / "nogmaals.docx") == canonical_parts(tmp_path / "groot.docx")


def test_only_rows_taller_than_a_page_lose_cant_split(default_plan: Plan, tmp_path: Path) -> None:
    # A long Doel (the first row of its goal) and a long Stand van zaken (a later row), in different themes.
    plan = many_rows(default_plan, themes=5, goals=3, rows=4, long={(1, 2, 0): LONG_TEXT, (3, 0, 2): LONG_TEXT})
    streamed = saved(plan, tmp_path / "apart.docx")
    flowing = [row for row in body_rows(streamed) if row.find(CANT_SPLIT) is None]
    assert [LONG_TEXT in _text(row) for row in flowing] == [True, True]
    assert "goal 3.0.0" not in _text(flowing[0]) and "progress 3.0.2" not in _text(flowing[1])
    # The estimate made from the plan's texts decides as the one made from the rows in the tree.
    in_tree = saved(plan, tmp_path / "boom.docx", rows_in_tree=True)
    assert canonical_parts(streamed) == canonical_parts(in_tree)


def test_rows_in_the_tree_are_the_rows_written_apart(default_plan: Plan, tmp_path: Path) -> None:
    plan = many_rows(default_plan, themes=20, goals=2, rows=3)
    document = render_document(plan, TEMPLATE, rows_in_tree=True)
    assert type(document.part) is DocumentPart
    in_tree = sum(len(table.rows) - 1 for table in matrix_tables(document))
    assert in_tree == sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    document.save(tmp_path / "boom.docx")
    assert canonical_parts(tmp_path / "boom.docx") == canonical_parts(saved(plan, tmp_path / "apart.docx"))


def edited_template(tmp_path: Path, edit: Callable[[list], None]) -> Path:
    """A copy of the template with ``edit`` applied to the matrix table's rows (python-docx rows)."""
    document = Document(str(TEMPLATE))
    edit(next(table for table in document.tables if table.rows[0].cells[0].text == "Doel").rows)
    path = tmp_path / "sjabloon.docx"
    document.save(str(path))
    return path


def test_a_row_restyled_in_the_template_is_carried_to_every_row(tmp_path: Path) -> None:
    def restyle(rows: list) -> None:
        cells = rows[3]._tr.tc_lst  # the row with {{r row.specific }}
        assert "row.specific" in _text(cells[1])
        ooxml.shade_cell(cells[1], "FFF2CC")
        cells[6].find(qn("w:p")).find(qn("w:pPr")).find(qn("w:pStyle")).set(qn("w:val"), "Matrixkop")

    template = edited_template(tmp_path, restyle)
    document = build(SOURCE, tmp_path / "uit", template).document
    rows = body_rows(document)
    assert len(rows) > 20
    for row in rows:
        cells = row.findall(qn("w:tc"))
        assert cells[1].find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == "FFF2CC"
        assert ooxml.paragraph_style_id(cells[6].find(qn("w:p"))) == "Matrixkop"
        assert ooxml.paragraph_style_id(cells[5].find(qn("w:p"))) == "Matrixtekst"
    plain = build(SOURCE, tmp_path / "gewoon", TEMPLATE).document
    assert [_text(row) for row in rows] == [_text(row) for row in body_rows(plain)]


def test_a_template_with_another_row_loop_is_filled_by_docxtpl_alone(default_plan: Plan, tmp_path: Path) -> None:
    def other_loop(rows: list) -> None:
        paragraph = rows[2].cells[0].paragraphs[0]
        assert paragraph.text == "{%tr for row in goal.rows %}"
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = "{%tr for row in goal.rows if row %}"

    template = edited_template(tmp_path, other_loop)
    # A tab typed in a value becomes w:tab in docxtpl's listing pass, also for rows written apart.
    plan = many_rows(default_plan, themes=3, goals=2, rows=3, long={(1, 1, 2): LONG_TEXT, (2, 0, 1): "voor\tna"})
    document = render_document(plan, template)
    assert type(document.part) is DocumentPart  # every row in the tree, as docxtpl wrote it
    document.save(tmp_path / "docxtpl.docx")
    apart = saved(plan, tmp_path / "apart.docx")
    assert canonical_parts(tmp_path / "docxtpl.docx") == canonical_parts(apart)
    assert any(row.find(f".//{qn('w:tab')}") is not None for row in body_rows(apart))
    # Written by docxtpl the XML spells things otherwise (namespaces declared again on the body, "_" for
    # "&#95;"), as a document archived by an earlier jaarplan does: the same content all the same.
    assert same_content(tmp_path / "docxtpl.docx", apart)


def test_same_content_compares_large_documents_as_streams(default_plan: Plan, tmp_path: Path) -> None:
    plan = many_rows(default_plan, themes=50, goals=4, rows=5)
    first, second = saved(plan, tmp_path / "een.docx"), saved(plan, tmp_path / "twee.docx")
    assert same_content(first, second)
    last = plan.themes[-1]
    edited_row = replace(last.goals[-1].rows[-1], progress=RichText.plain("anders"))
    edited_goal = replace(last.goals[-1], rows=[*last.goals[-1].rows[:-1], edited_row])
    edited = replace(plan, themes=[*plan.themes[:-1], replace(last, goals=[*last.goals[:-1], edited_goal])])
    assert not same_content(saved(edited, tmp_path / "anders.docx"), first)
    shutil.copyfile(first, tmp_path / "kopie.docx")
    assert same_content(tmp_path / "kopie.docx", first)
