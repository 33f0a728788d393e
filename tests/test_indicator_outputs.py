"""Issue 24, the outputs: the on-course verdict, and the indicator tables of the jaarplan document.

The verdicts are checked against a calculation written out here on its own (the
line from nulmeting to streefwaarde, by hand), never by calling ``indicators.verdict``;
the document's tables are read back from the saved .docx. The progress report,
the web page and the werkomgeving have their own tests
(``test_indicator_report.py``, ``test_indicator_pages.py``).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from jaarplan.commands.build import build, convert_to_pdf
from jaarplan.indicators import verdict
from jaarplan.model import Indicator, Measurement
from jaarplan.source.check import load_plan
from jaarplan.word.render import render_document, template_warnings

from .conftest import TEMPLATE
from .docx_reading import body_blocks, is_matrix, paragraph_text
from .indicator_plans import (
    BEFORE_INDICATORS,
    EXAMPLE,
    EXPECTED,
    seed_plan,
    the_template_warning,
    with_indicators,
    with_old_template,
)
from .ooxml_validation import assert_valid_ooxml
from .pdf_structure import tag_counts
from .system_tools import poppler, require_pdf_tools

HEADERS = ["Indicator", "Eenheid", "Nulmeting (jaar)", "Laatste meting (jaar)", "Streefwaarde (jaar)",
           "Ter vergelijking"]  # fmt: skip


def expected_label(start, start_year, goal, goal_year, higher, own: list[tuple[int, float]]) -> str:
    """The verdict worked out apart from the code: the path's value in the latest own year, by hand."""
    if start is None or start_year is None:
        return "geen nulmeting en streefwaarde" if goal is None or goal_year is None else "geen nulmeting"
    if goal is None or goal_year is None:
        return "geen streefwaarde"
    later = [(year, value) for year, value in own if year > start_year]
    if not later:
        return "geen meting"
    year, value = max(later, key=lambda pair: pair[0])
    fraction = min(1.0, (year - start_year) / (goal_year - start_year)) if goal_year > start_year else 1.0
    on_line = start + fraction * (goal - start)
    # compared as printed, to two decimals: 8,67 measured where the line is 8,666… reads as on it, and is
    better = (lambda a, b: round(a, 2) >= round(b, 2)) if higher else (lambda a, b: round(a, 2) <= round(b, 2))
    if better(value, goal):
        return "streefwaarde gehaald"
    return "op koers" if better(value, on_line) else "achter op koers"


CASES = [
    # (nulmeting, jaar, streefwaarde, jaar, hoger is beter, own measurements, other areas)
    (10.0, 2020, 6.0, 2024, False, [(2021, 9.0)], []),  # line says 9: exactly on it
    (10.0, 2020, 6.0, 2024, False, [(2021, 9.01)], []),  # a hair above the line, lower is better
    (10.0, 2020, 6.0, 2024, False, [(2022, 7.0), (2021, 9.9)], [(2022, 1.0)]),  # latest by year, not by order
    (10.0, 2020, 6.0, 2024, False, [(2022, 9.0)], [(2022, 7.0)]),  # Nederland on course: no matter
    (10.0, 2020, 6.0, 2024, False, [(2023, 5.5)], []),  # beyond the streefwaarde
    (60.0, 2019, 80.0, 2023, True, [(2021, 69.0)], []),  # higher is better, line 70
    (60.0, 2019, 80.0, 2023, True, [(2021, 71.5)], []),
    (60.0, 2019, 80.0, 2023, True, [(2025, 79.0)], []),  # after the streefwaarde's year: the streefwaarde
    (60.0, 2019, 80.0, 2023, True, [(2019, 90.0)], []),  # only in the nulmeting's year
    (60.0, 2019, 80.0, 2023, True, [], [(2021, 70.0)]),  # only Nederland
    (60.0, 2019, None, None, True, [(2021, 70.0)], []),
    (None, None, 80.0, 2023, True, [(2021, 70.0)], []),
    (None, None, None, None, True, [(2021, 70.0)], []),
    (3.0, 2020, 1.0, 2020, False, [(2021, 2.0)], []),  # streefwaarde in the nulmeting's year
    (1234.0, 2020, 1500.0, 2022, True, [(2021, 1367.0)], []),  # 1367 exactly on the line
    (10.0, 2020, 6.0, 2023, False, [(2021, 8.67)], []),  # line 8,666…: printed 8,67 as the measurement
    (10.0, 2020, 6.0, 2023, False, [(2021, 8.68)], []),  # printed 8,68 against 8,67: behind
    (60.0, 2020, 70.0, 2023, True, [(2021, 63.33)], []),  # line 63,333…: on it as printed
]


@pytest.mark.parametrize("case", CASES)
def test_the_verdict_agrees_with_a_calculation_by_hand(case) -> None:
    start, start_year, goal, goal_year, higher, own, other = case
    indicator = Indicator(
        "Proef", "Thema", higher_is_better=higher, baseline=start, baseline_year=start_year, target=goal,
        target_year=goal_year,
        measurements=[Measurement(y, v) for y, v in own] + [Measurement(y, v, "Nederland") for y, v in other],
    )  # fmt: skip
    assert verdict(indicator).label == expected_label(start, start_year, goal, goal_year, higher, own)


def test_the_verdict_says_why_in_words() -> None:
    behind = Indicator("Proef", "Thema", baseline=10, baseline_year=2020, target=6, target_year=2024,
                       measurements=[Measurement(2022, 9.5)])  # fmt: skip
    assert verdict(behind).explanation == (
        "De meting van 2022 is 9,5; op de lijn van nulmeting naar streefwaarde hoort in 2022 8 (lager is beter)."
    )
    assert verdict(behind).behind


def test_a_verdict_never_calls_behind_what_its_sentence_prints_as_equal() -> None:
    """The verdict compares at the printed precision: "8,67; … hoort in 2021 8,67" is on the line, not behind."""
    on_line = Indicator("Proef", "Thema", baseline=10, baseline_year=2020, target=6, target_year=2023,
                        measurements=[Measurement(2021, 8.67)])  # fmt: skip
    found = verdict(on_line)
    assert found.explanation == (
        "De meting van 2021 is 8,67; op de lijn van nulmeting naar streefwaarde hoort in 2021 8,67 (lager is beter)."
    )
    assert found.label == "op koers"


def test_a_value_on_the_line_rounded_as_excel_does_is_on_course() -> None:
    """Walk 2: the line at 3,175 was printed and judged as 3,17 (float rounding), so 3,18 read "achter op koers".

    By hand and in Excel (AFRONDEN) 3,175 is 3,18: a measurement of 3,18 is on the line.
    """
    tie = Indicator("Proef", "Thema", baseline=3.35, baseline_year=2020, target=3.0, target_year=2022,
                    measurements=[Measurement(2021, 3.18)])  # fmt: skip
    found = verdict(tie)
    assert found.explanation.endswith("hoort in 2021 3,18 (lager is beter).")
    assert found.label == "op koers"


def indicator_tables(document) -> list[tuple[str, list]]:
    """Each indicator table with the paragraph above it and the table block before that (its theme's matrix)."""
    blocks = body_blocks(document)
    found = []
    for index, block in enumerate(blocks):
        if isinstance(block, list) and block[0][0].text == "Indicator":
            found.append((paragraph_text(blocks[index - 1]), blocks[index - 2], block))
    return found


@pytest.fixture(scope="module")
def built_with_indicators(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ind") / "met indicatoren.docx"
    render_document(with_indicators(), TEMPLATE).save(target)
    return target


def test_each_theme_has_its_indicator_table_after_its_matrix(built_with_indicators: Path) -> None:
    plan = seed_plan()
    tables = indicator_tables(docx.Document(built_with_indicators))
    assert [caption for caption, _, _ in tables] == [f"Indicatoren bij {theme.title}" for theme in plan.themes[:2]]
    for _, before, _ in tables:
        assert is_matrix(before)  # the caption stands right after the theme's matrix
    rows = [[cell.text for cell in row] for _, _, table in tables for row in table]
    assert rows == [HEADERS, *map(list, EXPECTED[:3]), HEADERS, list(EXPECTED[3])]


def test_the_table_takes_the_templates_table_style(built_with_indicators: Path) -> None:
    document = docx.Document(built_with_indicators)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indicator"]
    assert {table.style.name for table in tables} == {"Indicatortabel"}
    style = document.styles["Indicatortabel"].element
    header = style.find(f"{qn('w:tblStylePr')}[@{qn('w:type')}='firstRow']")
    assert header is not None and header.find(f".//{qn('w:shd')}").get(qn("w:fill")) == "1F4E79"
    for table in tables:  # nothing set on the table itself, so restyling the style restyles them
        assert table._tbl.find(f".//{qn('w:shd')}") is None
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on a new page


def test_the_document_with_indicators_is_valid(built_with_indicators: Path) -> None:
    assert_valid_ooxml(built_with_indicators)


def test_a_plan_without_indicators_renders_as_before(tmp_path: Path) -> None:
    plan = seed_plan()
    assert not plan.indicators
    render_document(plan, TEMPLATE).save(tmp_path / "zonder.docx")
    with zipfile.ZipFile(tmp_path / "zonder.docx") as archive:
        body = archive.read("word/document.xml").decode()
    assert "Indicator" not in body and "indicator" not in body


def test_the_pdf_tags_the_indicator_tables_with_their_header_cells(built_with_indicators: Path, tmp_path: Path) -> None:
    require_pdf_tools()
    work = tmp_path / built_with_indicators.name
    shutil.copyfile(built_with_indicators, work)
    made = convert_to_pdf(work)
    assert re.search(r"^Tagged:\s+yes$", poppler("pdfinfo", made), re.MULTILINE)
    kinds = tag_counts(made)
    assert kinds.get("/Table") == 9 + 1 + 2  # the matrices, Versiebeheer, and two themes' indicator tables
    assert kinds.get("/TH") == 9 * 8 + 4 + 2 * 6  # six header cells per indicator table, repeated as headers
    text = poppler("pdftotext", made, "-")
    assert "Nederland: 2,75 (2008)" in text and "1.234 (2009)" in text


def test_a_template_from_before_the_indicators_is_named_in_a_warning(tmp_path: Path) -> None:
    """A restyled template without the indicator block built silently without the tables; now build says so."""
    template, source = with_old_template(tmp_path, "jaarplan.docx")
    result = build(source, tmp_path / "output", template)
    count = len(load_plan(source).plan.indicators)
    warned = the_template_warning(result.warnings)
    assert warned.startswith(f"{template.as_posix()}: deze sjabloon is van voor de indicatoren: de {count} ")
    assert "staan niet in het jaarplan" in warned
    assert "'Indicatoren bij …'" in warned and "python tools/make_template.py" in warned
    assert not indicator_tables(docx.Document(result.document))


def test_the_current_template_gives_no_such_warning(tmp_path: Path) -> None:
    result = build(shutil.copytree(EXAMPLE, tmp_path / "bron"), tmp_path / "output", TEMPLATE)
    assert not [w for w in result.warnings if "sjabloon" in w.message]
    assert not template_warnings(seed_plan(), BEFORE_INDICATORS / "jaarplan.docx")  # no indicators: nothing left out
