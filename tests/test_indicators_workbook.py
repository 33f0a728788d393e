"""The indicator sheets (issue 24): Indicatoren and Metingen written guided, read back, checked, kept by Calc.

Workbooks are written with ``write_workbook`` (as ``new`` and the example
script write them), then read back with jaarplan's own reader, with openpyxl
(drop-downs, red marks, the Toelichting) and after LibreOffice Calc saved
them. The checks are run through ``check_source``, as ``jaarplan check``
runs them, and each message is looked for at its sheet and cell.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jaarplan.cli import main
from jaarplan.commands.create import BBV_INDICATORS, new_plan
from jaarplan.errors import Problem, Problems
from jaarplan.model import Indicator, Measurement, PlanTexts
from jaarplan.office import pdf
from jaarplan.source.check import check_source, load_plan
from jaarplan.source.fingerprint import fingerprint
from jaarplan.source.metadata import read_metadata
from jaarplan.source.workbook import (
    INDICATOR_COLUMNS,
    MEASUREMENT_COLUMNS,
    SHEET_INDICATORS,
    SHEET_MEASUREMENTS,
    read_workbook,
)
from jaarplan.source.xlsx.writer import write_workbook

from .conftest import REPO, SOURCE
from .ooxml_validation import assert_valid_ooxml
from .system_tools import require_pdf_tools
from .test_workbook_look import EXCEL_LINE, calc_layout, excel_lines

EXAMPLE = REPO / "examples" / "voorbeeldgemeente" / "bron"
PLAN_YEAR = 2010  # the seed plan's year


def seed_texts() -> PlanTexts:
    problems = Problems()
    texts = read_workbook(SOURCE / "jaarplan.xlsx", problems)
    assert not problems.has_errors
    return texts


def some_indicators(texts: PlanTexts) -> list[Indicator]:
    """Two indicators of the seed plan's first theme (one measuring its first Doel), with figures."""
    theme = texts.themes[0]
    return [
        Indicator(
            "Diefstallen uit woning",
            theme.title,
            unit="per 1.000 inwoners",
            source="CBS / politie",
            definition="Geregistreerde woninginbraken per 1.000 inwoners.",
            goal=" ".join(theme.goals[0].title.text.split()),
            baseline=3.4,
            baseline_year=2008,
            target=2.5,
            target_year=2011,
            measurements=[Measurement(2008, 3.4), Measurement(2009, 3.1), Measurement(2009, 2.2, "Nederland")],
        ),
        Indicator(
            "% inwoners dat zich veilig voelt",
            theme.title,
            unit="%",
            source="Veiligheidsmonitor",
            higher_is_better=True,
            baseline=0.0,  # a figure of 0 is a figure
            baseline_year=2009,
            target=12.5,
            target_year=2010,
            measurements=[Measurement(2009, 0.0), Measurement(2010, 7.25)],
        ),
    ]


def unplaced(indicators: list[Indicator]) -> list[Indicator]:
    """``indicators`` without where they were read (Indicator.location compares; the cells and measurements' not)."""
    return [replace(indicator, location=None) for indicator in indicators]


def write_source(folder: Path, indicators: list[Indicator] | None = None) -> Path:
    """A copy of the seed source whose workbook is written afresh, with ``indicators``."""
    shutil.copytree(SOURCE, folder)
    texts = seed_texts()
    metadata = read_metadata(SOURCE / "plan.yaml")
    indicators = some_indicators(texts) if indicators is None else indicators
    write_workbook(
        replace(texts, indicators=indicators), folder / "jaarplan.xlsx", metadata.clusters, metadata.statuses
    )
    return folder


def saved_by_calc(workbook: Path, folder: Path) -> Path:
    """``workbook`` opened and saved as .xlsx by LibreOffice Calc (headless, a throw-away profile)."""
    require_pdf_tools()
    subprocess.run(
        [str(pdf.find_soffice()), f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder / "calc"), str(workbook)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / "calc" / workbook.name


# --- written and read back -------------------------------------------------------


def test_a_plan_without_indicators_writes_the_workbook_it_wrote_before(tmp_path: Path) -> None:
    written = write_source(tmp_path / "bron", indicators=[]) / "jaarplan.xlsx"
    made, committed = load_workbook(written), load_workbook(SOURCE / "jaarplan.xlsx")
    assert made.sheetnames == committed.sheetnames
    assert SHEET_INDICATORS not in made.sheetnames and SHEET_MEASUREMENTS not in made.sheetnames
    for name in committed.sheetnames:
        assert [[c.value for c in row] for row in made[name].iter_rows()] == [
            [c.value for c in row] for row in committed[name].iter_rows()
        ], name
    assert read_workbook(written, Problems()).indicators == []


def test_the_indicators_read_back_with_their_measurements_and_cells(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron")
    checked = check_source(folder)
    assert checked.plan is not None, [str(p) for p in checked.problems if p.is_error]
    read = checked.plan.indicators
    assert unplaced(read) == some_indicators(seed_texts())  # every field, the measurements in order
    assert [m.area for m in read[0].measurements] == ["Gemeente", "Gemeente", "Nederland"]
    assert read[1].baseline == 0.0 and read[1].measurements[1].value == 7.25
    assert read[0].location.sheet == SHEET_INDICATORS and read[0].location.cell == "C2"
    assert {field: loc.cell for field, loc in read[1].cell_locations.items()} == {
        "theme": "A3", "goal": "B3", "name": "C3", "definition": "D3", "unit": "E3", "source": "F3",
        "higher_is_better": "G3", "baseline": "H3", "baseline_year": "I3", "target": "J3", "target_year": "K3",
    }  # fmt: skip
    assert [(m.location.sheet, m.location.cell) for m in read[1].measurements] == [
        (SHEET_MEASUREMENTS, "C5"),
        (SHEET_MEASUREMENTS, "C6"),
    ]
    assert not [
        p for p in checked.problems if p.location and p.location.sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS)
    ]


def test_the_sheets_are_guided_with_drop_downs_red_marks_and_toelichting(tmp_path: Path) -> None:
    book = load_workbook(write_source(tmp_path / "bron") / "jaarplan.xlsx")
    indicators, measurements, lists = book[SHEET_INDICATORS], book[SHEET_MEASUREMENTS], book["Lijsten"]
    assert [c.value for c in indicators[1]] == list(INDICATOR_COLUMNS)
    assert [c.value for c in measurements[1]] == list(MEASUREMENT_COLUMNS)
    assert book.sheetnames.index(SHEET_INDICATORS) == book.sheetnames.index("Voetnoten") + 1
    assert book.active.title == "Matrix"
    _assert_guided(book)
    assert [lists.cell(row, 4).value for row in (1, 2, 3)] == ["Beter is", "hoger", "lager"]
    assert [lists.cell(row, 2).value for row in range(2, 2 + len(seed_texts().themes))] == [
        t.title for t in seed_texts().themes
    ]
    widths = {letter: indicators.column_dimensions[letter].width for letter in "ABCDEFGHIJK"}
    assert widths["D"] >= 30 and all(width >= 8 for width in widths.values())  # Definitie has room to read
    assert indicators.freeze_panes == "A2" and indicators.auto_filter.ref.startswith("A1:K")
    guide = [(row[0].value, row[1].value) for row in book["Toelichting"].iter_rows(min_row=2)]
    for header in INDICATOR_COLUMNS:
        if header not in ("Jaar nulmeting", "Jaar streefwaarde"):  # explained with their figure
            assert (SHEET_INDICATORS, header) in guide, header
    for header in MEASUREMENT_COLUMNS:
        assert (SHEET_MEASUREMENTS, header) in guide, header
    assert ("Lijsten", "Beter is") in guide


def _assert_guided(book) -> None:
    """The drop-downs and red marks of both sheets, as openpyxl reads them from the file."""
    validations = {
        (sheet, str(dv.sqref).split(":")[0]): dv.formula1
        for sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS)
        for dv in book[sheet].data_validations.dataValidation
    }
    assert validations[(SHEET_INDICATORS, "A2")].lstrip("=") == "Lijsten!$B$2:$B$500"  # the plan's themes
    assert validations[(SHEET_INDICATORS, "G2")].lstrip("=") == "Lijsten!$D$2:$D$3"  # hoger, lager
    assert validations[(SHEET_MEASUREMENTS, "A2")].lstrip("=").startswith("Indicatoren!$C$2:$C$")
    marks = {
        (sheet, str(rule_range.sqref).split(":")[0]): rule_range.rules[0].formula[0]
        for sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS)
        for rule_range in book[sheet].conditional_formatting
    }
    assert {cell for sheet, cell in marks if sheet == SHEET_INDICATORS} == {"A2", "C2", "G2", "I2", "K2"}
    assert {cell for sheet, cell in marks if sheet == SHEET_MEASUREMENTS} == {"A2", "B2", "C2", "D2"}
    assert "LEN($A2)=0" in marks[(SHEET_INDICATORS, "A2")].replace(" ", "")
    assert "LEN($I2)=0" in marks[(SHEET_INDICATORS, "I2")] and "LEN($H2)>0" in marks[(SHEET_INDICATORS, "I2")]


def test_calc_shows_the_indicator_sheets_with_rows_as_tall_as_their_text(tmp_path: Path) -> None:
    """The example's sheets as LibreOffice lays them out: each row within a fifth of the height Calc fits to it."""
    problems = Problems()
    texts = read_workbook(EXAMPLE / "jaarplan.xlsx", problems)
    assert not problems.has_errors and texts.indicators
    workbook = tmp_path / "jaarplan.xlsx"
    write_workbook(texts, workbook, read_metadata(EXAMPLE / "plan.yaml").clusters)
    calc = calc_layout(workbook, tmp_path)
    book = load_workbook(workbook)
    off = {}
    for sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS):
        excel = excel_lines(book[sheet])
        for number, (written, fitted) in enumerate(calc[sheet]["rows"], start=1):
            in_excel = EXCEL_LINE * excel.get(number, 1) + 2.0
            if not (0.8 <= written / fitted <= 1.2 or fitted <= written <= in_excel + 0.5):
                off[sheet, number] = (round(written, 1), round(fitted, 1))
    assert off == {}
    assert len(calc[SHEET_INDICATORS]["rows"]) == 7 and len(calc[SHEET_MEASUREMENTS]["rows"]) == 48
    definition = calc[SHEET_INDICATORS]["columns"][INDICATOR_COLUMNS.index("Definitie")]
    assert definition >= 30 * 5.55  # Calc gives Definitie the room the writer did (points)


def test_a_workbook_saved_by_calc_reads_the_same_indicators_and_keeps_its_guidance(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron")
    saved = saved_by_calc(folder / "jaarplan.xlsx", tmp_path)
    shutil.copyfile(saved, folder / "jaarplan.xlsx")
    checked = check_source(folder)
    assert checked.plan is not None, [str(p) for p in checked.problems if p.is_error]
    assert unplaced(checked.plan.indicators) == some_indicators(seed_texts())
    assert checked.plan.indicators[1].cell_locations["target"].cell == "J3"
    _assert_guided(load_workbook(folder / "jaarplan.xlsx"))


def test_figures_typed_as_text_read_as_dutch_numbers(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron")
    book = load_workbook(folder / "jaarplan.xlsx")
    sheet = book[SHEET_MEASUREMENTS]
    sheet["D2"] = "12,5"  # text with a decimal comma
    sheet["D3"] = " 1.234,5 "  # thousands point and decimal comma
    sheet["D4"] = 0.125  # a percentage cell: 12,5 % is 0.125
    sheet["D4"].number_format = "0.0%"
    sheet["C2"] = "2008"  # a year typed as text
    book[SHEET_INDICATORS]["J2"] = "2,75"
    book.save(folder / "jaarplan.xlsx")
    plan = load_plan(folder).plan
    first = plan.indicators[0]
    assert [m.value for m in first.measurements] == [12.5, 1234.5, 12.5]
    assert first.measurements[0].year == 2008 and first.target == 2.75
    # Calc saves them as it found them: text stays text, and reads the same
    shutil.copyfile(saved_by_calc(folder / "jaarplan.xlsx", tmp_path), folder / "jaarplan.xlsx")
    assert unplaced(load_plan(folder).plan.indicators) == unplaced(plan.indicators)


# --- the checks, each at its cell ----------------------------------------------------


def expected(lines: str) -> list[tuple[str, str, str, str]]:
    """``Blad!Cel  FOUT|WAARSCHUWING  words of the message`` a line, as (sheet, cell, severity, words)."""
    rows = []
    for line in lines.strip().splitlines():
        where, severity, words = line.split(maxsplit=2)
        sheet, cell = where.split("!")
        rows.append((sheet, cell, severity, words))
    return rows


EXPECTED = expected(
    """
    Indicatoren!A2 FOUT onbekend thema 'Woninginbrak'
    Indicatoren!B3 WAARSCHUWING is geen Doel van thema
    Indicatoren!C4 FOUT staat twee keer op dit blad (ook op C3)
    Indicatoren!G5 FOUT Beter is 'omhoog' is geen keuze
    Indicatoren!J3 FOUT Beter is 'lager', maar de streefwaarde (5) is hoger dan de nulmeting (3,4)
    Indicatoren!I6 FOUT nulmeting (2012) ligt na het planjaar 2010
    Indicatoren!A7 WAARSCHUWING heeft nog geen thema; kies het thema
    Indicatoren!H8 FOUT Nulmeting 'veel' is geen getal
    Indicatoren!H9 FOUT '1.234' kan 1234 zijn of 1,234
    Indicatoren!G10 WAARSCHUWING 'Beter is' is leeg; kies 'hoger' of 'lager'
    Indicatoren!C11 FOUT Indicator ontbreekt, maar de rij heeft tekst
    Metingen!D2 FOUT Waarde 'n.v.t.' is geen getal
    Metingen!C3 FOUT ligt na het planjaar 2010
    Metingen!C5 FOUT staat er twee keer (ook op C4)
    Metingen!A6 FOUT onbekende indicator 'Winkeldiefstal' (niet op blad Indicatoren); bedoelt u 'Winkeldiefstallen'?
    Metingen!C7 FOUT Jaar 'vorig jaar' is geen jaartal
    Metingen!D8 FOUT formule zonder berekende waarde; open de werkmap in Excel of LibreOffice
    Metingen!C9 FOUT formule zonder berekende waarde
    Metingen!C11 FOUT meting van 'Winkeldiefstallen' (Nederland, 2008) staat er twee keer (ook op C10)
    Metingen!C12 WAARSCHUWING Jaar ontbreekt voor Winkeldiefstallen
    Metingen!A13 FOUT onbekende indicator 'Zakkenrollerij' (niet op blad Indicatoren); zet de indicator eerst op
    """
)


@pytest.fixture(scope="module")
def checked_mistakes(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    """A source whose indicator sheets hold one mistake per row, checked as ``jaarplan check`` checks."""
    texts = seed_texts()
    theme, other = texts.themes[0].title, texts.themes[1].title
    other_goal = " ".join(texts.themes[1].goals[0].title.text.split())
    indicators = [
        Indicator("Woninginbraken", "Woninginbrak"),  # A2: a typo of the theme
        Indicator("Winkeldiefstallen", theme, goal=other_goal, baseline=3.4, baseline_year=2008, target=5,
                  target_year=2010),  # B3: another theme's Doel; J3: the target the wrong way
        Indicator("Winkeldiefstallen", other),  # C4: twice
        Indicator("Geweld", theme),  # G5: omhoog
        Indicator("Vernielingen", theme, baseline=2, baseline_year=2012),  # I6: after the plan year
        Indicator("Halt", ""),  # A7: no theme yet
        Indicator("Overlast", theme),  # H8: veel
        Indicator("Hennep", theme),  # H9: 1.234
        Indicator("Hennepkwekerijen", theme),  # G10: Beter is cleared
        Indicator("Weg", theme, baseline=3.4, baseline_year=2008, target=5, target_year=2010),  # C11: name cleared
    ]  # fmt: skip
    indicators[1].measurements.extend(
        [
            Measurement(2009, 1),
            Measurement(2011, 2),
            Measurement(2009, 3, "Nederland"),
            Measurement(2009, 4, "Nederland"),
        ]
    )
    folder = write_source(tmp_path_factory.mktemp("fouten") / "bron", indicators)
    book = load_workbook(folder / "jaarplan.xlsx")
    book[SHEET_INDICATORS]["G5"] = "omhoog"
    book[SHEET_INDICATORS]["H8"] = "veel"
    book[SHEET_INDICATORS]["H9"] = "1.234"
    book[SHEET_INDICATORS]["I9"] = 2009
    book[SHEET_INDICATORS]["G10"] = None
    book[SHEET_INDICATORS]["C11"] = None  # said once, by the reader: not also its streefwaarde the wrong way
    book[SHEET_MEASUREMENTS]["D2"] = "n.v.t."
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstal", "Gemeente", 2009, 1])  # row 6
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen", "Gemeente", "vorig jaar", 1])  # row 7
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen", "Gemeente", 2008, "=1+1"])  # row 8: never calculated
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen", "Gemeente", "=2000+7", 1])  # row 9
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen", " nederland ", 2008, 5])  # row 10
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen", "NEDERLAND", 2008, 6])  # row 11: the same area
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen"])  # row 12: prepared for next year
    book[SHEET_MEASUREMENTS].append(["Zakkenrollerij", "Gemeente", 2009, 1])  # row 13: like no indicator
    book.save(folder / "jaarplan.xlsx")
    return check_source(folder).problems


@pytest.mark.parametrize(("sheet", "cell", "severity", "words"), EXPECTED, ids=[f"{s}!{c}" for s, c, _, _ in EXPECTED])
def test_each_mistake_is_said_at_its_cell(
    checked_mistakes: list[Problem], sheet: str, cell: str, severity: str, words: str
) -> None:
    at_cell = [p for p in checked_mistakes if p.location and (p.location.sheet, p.location.cell) == (sheet, cell)]
    assert [(p.severity.value, words in p.message) for p in at_cell] == [(severity, True)], [str(p) for p in at_cell]


def test_no_other_message_about_the_indicators(checked_mistakes: list[Problem]) -> None:
    """Each mistake is said once, and nothing else is said about the sheets (one message per cause)."""
    said = {(p.location.sheet, p.location.cell) for p in checked_mistakes if p.location and p.location.sheet in
            (SHEET_INDICATORS, SHEET_MEASUREMENTS)}  # fmt: skip
    assert said == {(sheet, cell) for sheet, cell, _, _ in EXPECTED}


def test_a_plan_in_the_making_builds_without_nulmeting_streefwaarde_or_this_years_figure(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron", [Indicator("Winkeldiefstallen", seed_texts().themes[0].title)])
    book = load_workbook(folder / "jaarplan.xlsx")
    book[SHEET_MEASUREMENTS].append(["Winkeldiefstallen"])  # a row prepared for next year's figure
    book.save(folder / "jaarplan.xlsx")
    checked = check_source(folder)
    assert checked.plan is not None and checked.plan.indicators[0].measurements == []
    said = [p for p in checked.problems if p.location and p.location.sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS)]
    assert [(p.location.sheet, p.location.cell, p.is_error) for p in said] == [(SHEET_MEASUREMENTS, "C2", False)]


def test_an_area_is_one_area_whatever_its_capitals_in_its_first_spelling(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron")
    book = load_workbook(folder / "jaarplan.xlsx")
    book[SHEET_MEASUREMENTS].append(["% inwoners dat zich veilig voelt", " nederland ", 2009, 5])  # row 4: Nederland
    book[SHEET_MEASUREMENTS].append(["% inwoners dat zich veilig voelt", "gemeente", 2008, 1])
    book.save(folder / "jaarplan.xlsx")
    checked = check_source(folder)
    assert checked.plan is not None, [str(p) for p in checked.problems if p.is_error]
    areas = [m.area for m in checked.plan.indicators[1].measurements]
    assert areas == ["Gemeente", "Gemeente", "Nederland", "Gemeente"]
    assert {m.area for i in checked.plan.indicators for m in i.measurements} == {"Gemeente", "Nederland"}


def test_the_doel_column_may_be_left_out(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron")
    book = load_workbook(folder / "jaarplan.xlsx")
    book[SHEET_INDICATORS].delete_cols(INDICATOR_COLUMNS.index("Doel") + 1)
    book.save(folder / "jaarplan.xlsx")
    checked = check_source(folder)
    assert checked.plan is not None, [str(p) for p in checked.problems if p.is_error]
    assert unplaced(checked.plan.indicators) == [replace(i, goal="") for i in some_indicators(seed_texts())]
    assert "goal" not in checked.plan.indicators[0].cell_locations
    assert checked.plan.indicators[0].cell_locations["name"].cell == "B2"  # found by header, one column on
    assert not [p for p in checked.problems if p.location and p.location.sheet == SHEET_INDICATORS]


# --- the fingerprint --------------------------------------------------------------------


def test_the_seed_plan_keeps_its_issued_fingerprint_and_indicators_are_content(tmp_path: Path) -> None:
    plan = load_plan(SOURCE).plan
    issued = read_metadata(SOURCE / "plan.yaml").history[-1].fingerprint
    assert issued == "sha256:d09ff2cec30f01b6" and fingerprint(plan) == issued
    with_indicators = replace(plan, indicators=some_indicators(seed_texts()))
    assert fingerprint(with_indicators) != issued
    changed = some_indicators(seed_texts())
    changed[1].measurements[0] = Measurement(2009, 0.5)
    assert fingerprint(replace(plan, indicators=changed)) != fingerprint(with_indicators)
    zero, empty = some_indicators(seed_texts()), some_indicators(seed_texts())
    empty[1].baseline = None  # a nulmeting of 0 differs from none
    assert fingerprint(replace(plan, indicators=zero)) != fingerprint(replace(plan, indicators=empty))
    moved = some_indicators(seed_texts())
    moved[0].location = moved[0].measurements[0].location  # where it was read is no content
    assert fingerprint(replace(plan, indicators=moved)) == fingerprint(with_indicators)


# --- new, and the example ---------------------------------------------------------------


BBV = {
    "Verwijzingen Halt": ("per 1.000 jongeren van 12–17 jaar", "Stichting Halt"),
    "Winkeldiefstallen": ("per 1.000 inwoners", "CBS / politie"),
    "Geweldsmisdrijven": ("per 1.000 inwoners", "CBS / politie"),
    "Diefstallen uit woning": ("per 1.000 inwoners", "CBS / politie"),
    "Vernielingen en beschadigingen (in de openbare ruimte)": ("per 1.000 inwoners", "CBS / politie"),
}


def _assert_bbv(indicators: list[Indicator]) -> None:
    assert [i.name for i in indicators] == list(BBV)
    for indicator in indicators:
        unit, source = BBV[indicator.name]
        assert indicator.unit == unit and indicator.source.startswith(source), indicator
        assert "waarstaatjegemeente.nl" in indicator.source and len(indicator.definition) > 30
        assert not indicator.higher_is_better and indicator.theme == ""
        values = (indicator.baseline, indicator.baseline_year, indicator.target, indicator.target_year)
        assert values == (None, None, None, None) and indicator.measurements == []


def test_new_offers_the_five_bbv_indicators_and_asks_for_their_theme(tmp_path: Path) -> None:
    assert new_plan(tmp_path / "nieuw", from_source=None, year=2027) == []
    problems = Problems()
    texts = read_workbook(tmp_path / "nieuw" / "jaarplan.xlsx", problems)
    _assert_bbv(unplaced(texts.indicators))
    assert not problems.found  # "Beter is" is filled in: lager
    assert_valid_ooxml(tmp_path / "nieuw" / "jaarplan.xlsx")
    plan_yaml = tmp_path / "nieuw" / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace('auteur: ""', 'auteur: "OOV"'), "utf-8")
    _assert_asks_for_theme(check_source(tmp_path / "nieuw").problems)  # with an author, the checks run
    assert len(BBV_INDICATORS) == 5


def test_the_bbv_indicators_ask_for_their_theme_once_the_plan_has_themes(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "bron", [replace(i, measurements=[]) for i in BBV_INDICATORS])
    _assert_asks_for_theme(check_source(folder).problems)


def _assert_asks_for_theme(problems: list[Problem]) -> None:
    """The five BBV rows each ask for their theme, a warning at A2..A6, and nothing else is said of the sheet."""
    asked = [p for p in problems if p.location and p.location.sheet == SHEET_INDICATORS]
    assert [(p.location.cell, "kies het thema" in p.message, p.is_error) for p in asked] == [
        (f"A{row}", True, False) for row in range(2, 7)
    ]


def test_new_from_a_plan_without_indicators_gets_the_sheets_empty(tmp_path: Path) -> None:
    warnings = new_plan(tmp_path / "2011", from_source=SOURCE, year=2011)
    assert not [w for w in warnings if w.location and w.location.sheet in (SHEET_INDICATORS, SHEET_MEASUREMENTS)]
    book = load_workbook(tmp_path / "2011" / "jaarplan.xlsx")
    assert [c.value for c in book[SHEET_INDICATORS][1]] == list(INDICATOR_COLUMNS)
    assert book[SHEET_INDICATORS].max_row == 1 and book[SHEET_MEASUREMENTS].max_row == 1
    _assert_guided(book)  # ready to fill: drop-downs and red marks are there
    assert read_workbook(tmp_path / "2011" / "jaarplan.xlsx", Problems()).indicators == []


def test_new_from_a_plan_with_indicators_keeps_them_with_their_figures(tmp_path: Path) -> None:
    old = load_plan(EXAMPLE).plan
    warnings = new_plan(tmp_path / "2027", from_source=EXAMPLE, year=2027)
    new = read_workbook(tmp_path / "2027" / "jaarplan.xlsx", Problems()).indicators
    assert unplaced(new) == unplaced(old.indicators)
    assert not [w for w in warnings if w.location and w.location.sheet == SHEET_MEASUREMENTS]


def latest(indicator: Indicator) -> float:
    """The municipality's latest figure."""
    return max((m for m in indicator.measurements if m.area == "Gemeente"), key=lambda m: m.year).value


def test_the_example_has_indicators_with_figures_one_off_course_and_the_seed_has_none() -> None:
    checked = check_source(EXAMPLE)
    assert checked.plan is not None and not [p for p in checked.problems if p.location and p.location.sheet in
                                             (SHEET_INDICATORS, SHEET_MEASUREMENTS)]  # fmt: skip
    indicators = checked.plan.indicators
    assert 4 <= len(indicators) <= 6
    for indicator in indicators:
        own = [m.year for m in indicator.measurements if m.area == "Gemeente"]
        assert 3 <= len(own) <= 5, indicator.name
    assert sum(any(m.area == "Nederland" for m in i.measurements) for i in indicators) >= 4
    off_course = [
        i.name
        for i in indicators
        if i.baseline is not None and (latest(i) < i.baseline if i.higher_is_better else latest(i) > i.baseline)
    ]  # worse than the nulmeting by "Beter is": off course whatever the path to the streefwaarde
    assert off_course == ["Vernielingen en beschadigingen (in de openbare ruimte)"]
    assert load_plan(SOURCE).plan.indicators == []
    assert SHEET_INDICATORS not in load_workbook(SOURCE / "jaarplan.xlsx").sheetnames
    assert_valid_ooxml(EXAMPLE / "jaarplan.xlsx")


def test_check_counts_the_indicators_and_their_measurements() -> None:
    result = CliRunner().invoke(main, ["check", "--source", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "10 matrixregels, 6 indicator(en) met 47 meting(en), 2 waarschuwing(en)" in result.output
    seed = CliRunner().invoke(main, ["check", "--source", str(SOURCE)]).output
    assert "indicator" not in seed  # a plan without indicators says what it always said
