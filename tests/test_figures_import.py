"""``jaarplan import-figures``: a statistics site's CSV file into the workbook's Metingen sheet.

The CSV files in ``tests/data/figures/`` are made by hand in the shapes the
sites export (their README says which is which). The workbook is the default
plan's with the two indicator sheets added by openpyxl under the contract's
headers, a drop-down and a red-empty-cell rule on Metingen; one test imports
into the sheets `jaarplan new` writes and reads them back as the plan's. After an import the Metingen sheet is read
back, and every other part of the package must be byte for byte what it was.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import shutil
import subprocess
import textwrap
import types
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from jaarplan.cli import commands as cli
from jaarplan.commands.figures import import_figures
from jaarplan.errors import PlanError, Problems
from jaarplan.source import figures
from jaarplan.source.check import load_plan
from jaarplan.source.figure_mapping import MAPPING_FILE
from jaarplan.source.figures import FigureMapping, parse_number
from jaarplan.source.workbook import read_workbook
from jaarplan.store import files

from .conftest import SOURCE, without_fingerprints
from .ooxml_validation import assert_valid_ooxml, faults
from .system_tools import require_soffice

DATA = Path(__file__).parent / "data" / "figures"
THEME = "Kwaliteit Woonomgeving"  # a theme of the default plan, so the indicators check clean
PLAN_INDICATORS = [
    "Winkeldiefstallen",
    "Geweldsmisdrijven",
    "Vernielingen en beschadigingen",
    "Aantal hennepkwekerijen geruimd",
]
STATLINE = [
    "--area-column", "Regio's", "--year-column", "Perioden", "--indicator-column", "Soort misdrijf",
    "--value-column", "Misdrijven per 1 000 inwoners", "--own-area", "Utrecht (gemeente)",
    "--link", "Winkeldiefstal=Winkeldiefstallen", "--link", "Geweld=Geweldsmisdrijven",
]  # fmt: skip
WIDE = [
    "--area-column", "Gebied", "--year-column", "Periode", "--own-area", "Utrecht",
    "--link", "Winkeldiefstal (per 1 000 inwoners)=Winkeldiefstallen",
    "--link", "Vernielingen (per 1 000 inwoners)=Vernielingen en beschadigingen",
]  # fmt: skip
EXCEL = ["--area-column", "Gebied", "--year-column", "Jaar", "--indicator-column", "Indicator",
         "--value-column", "Waarde", "--own-area", "Súdwest-Fryslân"]  # fmt: skip


def add_indicator_sheets(workbook: Path, rows: list[tuple] = ()) -> None:
    """The Indicatoren and Metingen sheets by the contract's headers, guided as a user would find them."""
    book = load_workbook(workbook)
    sheet = book.create_sheet("Indicatoren")
    sheet.append(["Thema", "Doel", "Indicator", "Definitie", "Eenheid", "Bron", "Beter is", "Nulmeting",
                  "Jaar nulmeting", "Streefwaarde", "Jaar streefwaarde"])  # fmt: skip
    for name in PLAN_INDICATORS:
        sheet.append([THEME, "", name, "", "per 1.000 inwoners", "CBS / politie", "lager"])
    measurements = book.create_sheet("Metingen")
    measurements.append(["Indicator", "Gebied", "Jaar", "Waarde"])
    for row in rows:
        measurements.append(list(row))
    for cell in measurements["D"][1:]:
        cell.number_format = "0.0"
    choice = DataValidation(type="list", formula1="Indicatoren!$C$2:$C$100", allow_blank=True)
    choice.add("A2:A500")
    measurements.add_data_validation(choice)
    red = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    measurements.conditional_formatting.add("D2:D500", FormulaRule(formula=['AND($A2<>"",$D2="")'], fill=red))
    book.save(workbook)


@pytest.fixture(autouse=True)
def in_a_plan_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's default output folder (its lock) in a folder of the test's own, not in the repository."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A 2025 plan whose Metingen already holds two 2023 figures (one the CSV repeats, one it changes)."""
    folder = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "bron met spaties")))
    plan = folder / "plan.yaml"  # a plan year after the figures: measurements come after their year
    plan.write_text(plan.read_text(encoding="utf-8").replace("jaar: 2010", "jaar: 2025"), encoding="utf-8")
    add_indicator_sheets(
        folder / "jaarplan.xlsx",
        [("Winkeldiefstallen", "Gemeente", 2023, 5.0), ("Winkeldiefstallen", "Nederland", 2023, 3.9)],
    )
    return folder


def run(*arguments: str | Path, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, ["import-figures", *map(str, arguments)], input=input)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def measurements(workbook: Path) -> list[tuple]:
    sheet = load_workbook(workbook)["Metingen"]
    return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def parts(workbook: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(workbook) as package:
        return {name: package.read(name) for name in package.namelist()}


def metingen_part(workbook: Path) -> str:
    book = load_workbook(workbook)
    return f"xl/worksheets/sheet{book.sheetnames.index('Metingen') + 1}.xml"


@pytest.mark.parametrize(
    ("csv_name", "options", "expected"),
    [
        pytest.param(
            "statline-long.csv", STATLINE,
            [("Winkeldiefstallen", "Gemeente", 2023, 4.7), ("Winkeldiefstallen", "Nederland", 2023, 3.9),
             ("Winkeldiefstallen", "Gemeente", 2024, 4.2), ("Geweldsmisdrijven", "Gemeente", 2023, 6.1),
             ("Geweldsmisdrijven", "Gemeente", 2024, 5.8)],
            id="long-semicolon-bom-decimal-comma-2024JJ00",
        ),
        pytest.param(
            "waarstaat-wide.csv",
            WIDE,
            [("Winkeldiefstallen", "Gemeente", 2023, 4.7), ("Winkeldiefstallen", "Nederland", 2023, 3.9),
             ("Winkeldiefstallen", "Gemeente", 2022, 5.1), ("Winkeldiefstallen", "Gemeente", 2024, 4.2),
             ("Vernielingen en beschadigingen", "Gemeente", 2022, 7.3),
             ("Vernielingen en beschadigingen", "Nederland", 2023, 5.0),
             ("Vernielingen en beschadigingen", "Gemeente", 2024, 6.9)],
            id="wide-comma-quoted",
        ),
        pytest.param(
            "excel-cp1252.csv", EXCEL,
            [("Winkeldiefstallen", "Gemeente", 2023, 5.0), ("Winkeldiefstallen", "Nederland", 2023, 3.9),
             ("Winkeldiefstallen", "Gemeente", 2024, 3.5), ("Winkeldiefstallen", "Nederland", 2024, 3.9),
             ("Aantal hennepkwekerijen geruimd", "Gemeente", 2024, 1234.0)],
            id="long-cp1252-thousands-dot",
        ),
    ],
)  # fmt: skip
def test_each_shape_lands_in_metingen(source: Path, csv_name: str, options: list[str], expected: list[tuple]) -> None:
    code, output = run(DATA / csv_name, "--source", source, *options)
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx") == expected
    assert "1 ontbrekende waarde(n) (punt of leeg) overgeslagen" in output


def test_new_replaced_and_unchanged_are_counted(source: Path) -> None:
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 0, output
    assert "Metingen: 3 nieuw, 1 vervangen, 1 ongewijzigd" in output
    assert "Niet ingelezen: 'Totaal misdrijven' (1 waarde(n))" in output
    # walk finding 5: the names to link to come with it, not only after a wrong --link
    assert f"De indicatoren van het plan zijn: {'; '.join(repr(name) for name in PLAN_INDICATORS)}" in output


def test_nothing_else_of_the_workbook_changes(source: Path) -> None:
    workbook = source / "jaarplan.xlsx"
    before, plan_before = parts(workbook), load_plan(source).plan
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    after = parts(workbook)
    changed = metingen_part(workbook)
    assert list(after) == list(before)
    assert [name for name in before if before[name] != after[name]] == [changed]
    plan_after = load_plan(source).plan
    assert dataclasses.replace(plan_after, indicators=[]) == dataclasses.replace(plan_before, indicators=[])
    bare = [[dataclasses.replace(i, measurements=[]) for i in plan.indicators] for plan in (plan_before, plan_after)]
    assert bare[0] == bare[1]  # the indicators themselves (once the workbook reader reads them) stay as they were
    sheet = load_workbook(workbook)["Metingen"]
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["A2:A500"]
    assert [str(rule.sqref) for rule in sheet.conditional_formatting] == ["D2:D500"]
    assert sheet["D6"].number_format == "0.0"  # a new row styled as the one above it
    assert b'<dimension ref="A1:D8"/>' in after[changed]  # the used range holds the new rows
    assert_valid_ooxml(workbook)


def test_a_backup_is_kept_and_a_file_with_nothing_new_leaves_the_workbook_alone(source: Path) -> None:
    workbook = source / "jaarplan.xlsx"
    original = workbook.read_bytes()
    run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    backups = list(source.glob("jaarplan (vervangen *).xlsx"))
    assert [backup.read_bytes() for backup in backups] == [original]
    imported = workbook.read_bytes()
    code, output = run(DATA / "statline-long.csv", "--source", source)
    assert code == 0, output
    assert "0 nieuw, 0 vervangen, 5 ongewijzigd" in output and "Kopie" not in output
    assert workbook.read_bytes() == imported


def test_two_imports_in_one_second_keep_two_backups(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Walk finding 6: the second backup of one second replaced the first, and the state between was gone."""

    class OneSecond(datetime.datetime):
        @classmethod
        def now(cls, tz=None) -> datetime.datetime:
            return cls(2026, 12, 5, 0, 30, 31)

    monkeypatch.setattr(files, "datetime", types.SimpleNamespace(datetime=OneSecond))  # this module's clock only
    workbook = source / "jaarplan.xlsx"
    original = workbook.read_bytes()
    assert run(DATA / "statline-long.csv", "--source", source, *STATLINE)[0] == 0
    between = workbook.read_bytes()
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    first, second = (
        source / "jaarplan (vervangen 2026-12-05 00.30.31).xlsx",
        "jaarplan (vervangen 2026-12-05 00.30.31 2).xlsx",
    )
    assert first.read_bytes() == original and (source / second).read_bytes() == between
    assert f"Kopie van de werkmap bewaard als: {source / second}" in output


def test_a_backup_that_cannot_be_written_leaves_no_empty_copy(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk or a virus scanner during the copy: a Dutch message, and no empty file that looks like a backup."""

    def full_disk(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.shutil, "copy2", full_disk)
    before = sorted(path.name for path in source.iterdir())
    with pytest.raises(PlanError, match="kan niet worden geschreven"):
        files.keep_backup(source / "jaarplan.xlsx")
    assert sorted(path.name for path in source.iterdir()) == before


def test_a_workbook_saved_by_calc_takes_the_figures_too(source: Path, tmp_path: Path) -> None:
    soffice = require_soffice()
    subprocess.run(
        [str(soffice), f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "calc"), str(source / "jaarplan.xlsx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    shutil.copyfile(tmp_path / "calc" / "jaarplan.xlsx", source / "jaarplan.xlsx")
    before, found_before = parts(source / "jaarplan.xlsx"), faults(source / "jaarplan.xlsx")
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx")[-1] == ("Geweldsmisdrijven", "Gemeente", 2024, 5.8)
    after = parts(source / "jaarplan.xlsx")
    assert [name for name in before if before[name] != after[name]] == [metingen_part(source / "jaarplan.xlsx")]
    # Calc's own file lacks a theme part (a finding before the import too); the import adds none
    assert faults(source / "jaarplan.xlsx") == found_before


@pytest.mark.parametrize(("lock", "program"), [("~$jaarplan.xlsx", "Excel"), (".~lock.jaarplan.xlsx#", "LibreOffice")])
def test_an_open_workbook_is_refused_and_left_alone(source: Path, lock: str, program: str) -> None:
    (source / lock).write_text(",Marieke de Vries,pc,04.12.2026 10:00,file:///x;", encoding="utf-8")
    original = (source / "jaarplan.xlsx").read_bytes()
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 1
    assert f"jaarplan.xlsx: de werkmap is geopend in {program}" in output
    assert "sluit de werkmap eerst (sla uw wijzigingen op) en lees de cijfers dan opnieuw in" in output
    assert (source / "jaarplan.xlsx").read_bytes() == original
    assert not list(source.glob("*vervangen*")) and not (source / MAPPING_FILE).exists()


def test_next_year_the_kept_mapping_needs_no_options(source: Path, tmp_path: Path) -> None:
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE, "--link", "Totaal misdrijven=")
    assert code == 0, output
    assert f"Koppeling bewaard in {source / MAPPING_FILE}" in output
    next_year = tmp_path / "statline-2025.csv"
    text = (DATA / "statline-long.csv").read_text(encoding="utf-8-sig").replace("2024JJ00", "2025JJ00")
    next_year.write_text(text.replace('"4,2"', '"3,6"'), encoding="utf-8-sig")
    code, output = run(next_year, "--source", source)
    assert code == 0, output
    assert ("Winkeldiefstallen", "Gemeente", 2025, 3.6) in measurements(source / "jaarplan.xlsx")
    assert "Niet ingelezen" not in output and "Koppeling bewaard" not in output


def test_in_a_terminal_the_mapping_is_asked_in_dutch(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    # gebied: column 2, jaar: 1, wide: n, own municipality: area 1 (Utrecht); then per unknown column its indicator
    answers = "1\n2\nn\n1\n1\n3\n"
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, input=answers)
    assert code == 0, output
    assert "Welke kolom is het gebied" in output and "Welk gebied is uw eigen gemeente?" in output
    assert "Welke indicator is 'Winkeldiefstal (per 1 000 inwoners)'?" in output
    assert ("Vernielingen en beschadigingen", "Gemeente", 2024, 6.9) in measurements(source / "jaarplan.xlsx")
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source)
    assert code == 0 and "7 ongewijzigd" in output, output


def csv_file(tmp_path: Path, text: str | bytes, name: str = "cijfers.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


LONG = ["--area-column", "Gebied", "--year-column", "Jaar", "--indicator-column", "Indicator",
        "--value-column", "Waarde", "--own-area", "Utrecht"]  # fmt: skip
HEADER = "Indicator;Gebied;Jaar;Waarde\n"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024;4,2\nWinkeldiefstallen,Utrecht,2023,4\n",
                     "regel 3", "deze regel ('Winkeldiefstallen,Utrecht,2023,4') heeft 1 kolom, de kopregel 4 "
                     "(gescheiden door een puntkomma)", id="wrong-separator"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024;4,2\nWinkeldiefstallen;Utrecht;2023;veel\n",
                     "regel 3, kolom 4 (Waarde)", "'veel' is geen getal", id="not-a-number"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024KW01;4,2\n",
                     "regel 2, kolom 3 (Jaar)", "de periode '2024KW01' is een kwartaal", id="quarter"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;vorig jaar;4,2\n",
                     "regel 2, kolom 3 (Jaar)", "'vorig jaar' is geen jaar", id="no-year"),
        pytest.param("", "cijfers.csv", "het CSV-bestand is leeg", id="empty"),
        pytest.param("Indicator Gebied Jaar Waarde\nWinkeldiefstallen Utrecht 2024 4\n", "regel 1",
                     "geen kopregel met kolommen gevonden", id="no-separator"),
        pytest.param(b"PK\x03\x04" + bytes(200), "cijfers.csv", "dit is een Excel-werkmap", id="xlsx-as-csv"),
        pytest.param(b"\xd0\xcf\x11\xe0" + bytes(200), "cijfers.csv", "dit is geen tekstbestand", id="binary"),
        pytest.param(HEADER + 'Winkeldiefstallen;"Utrecht;2024;4,2\n', "regel 2", "een aanhalingsteken",
                     id="open-quote"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024;4\nWinkeldiefstallen;Utrecht;2024JJ00;5\n",
                     "regel 3, kolom 4 (Waarde)",
                     "'Winkeldiefstallen' heeft voor Gemeente in 2024 twee waarden in het bestand (ook op regel 2)",
                     id="twice"),
        pytest.param(HEADER + "Winkeldiefstallen;Neder\x0bland;2024;4,2\n", "regel 2, kolom 2 (Gebied)",
                     "de naam van het gebied 'Neder?land' bevat een onzichtbaar stuurteken (U+000B",
                     id="control-character"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024;4,7\nWinkeldiefstallen;Utrecht;2023;0.125\n",
                     "regel 3, kolom 4 (Waarde)", "dit bestand schrijft getallen met een decimale komma ('4,7' op "
                     "regel 2) én met een decimale punt ('0.125' op regel 3)", id="comma-and-point"),
        pytest.param(HEADER + "Winkeldiefstallen;Utrecht;2024;2.125\nWinkeldiefstallen;Utrecht;2023;4\n",
                     "regel 2, kolom 4 (Waarde)", "'2.125' kan 2125 zijn (met een punt voor de duizendtallen) of "
                     "2,125 (met een decimale punt)", id="only-thousands-or-decimal"),
    ],
)  # fmt: skip
def test_each_mistake_in_the_file_is_dutch_with_its_line_and_column(
    source: Path, tmp_path: Path, text: str | bytes, where: str, message: str
) -> None:
    original = (source / "jaarplan.xlsx").read_bytes()
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 1
    assert output.startswith("FOUT  "), output
    assert f"{where}: {message}" in output, output
    assert "Traceback" not in output
    assert (source / "jaarplan.xlsx").read_bytes() == original


def test_a_huge_file_is_refused_before_it_is_read(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figures, "MAX_BYTES", 1024)
    code, output = run(
        csv_file(tmp_path, HEADER + "Winkeldiefstallen;Utrecht;2024;4\n" * 100), "--source", source, *LONG
    )
    assert code == 1
    assert "het bestand is 3 kB; een CSV-export met cijfers is veel kleiner (hoogstens 1 kB)" in output


def test_a_mapping_to_an_indicator_the_plan_lacks_lists_the_plans(source: Path) -> None:
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE, "--link", "Geweld=Geweld")
    assert code == 1
    assert (
        "jaarplan.xlsx › Indicatoren: 'Geweld' is gekoppeld aan 'Geweld', maar dat is geen indicator van het plan "
        "(koppeling gegeven bij de opdracht of in cijfers.yaml); de indicatoren van het plan zijn: "
        "'Winkeldiefstallen'; 'Geweldsmisdrijven'; 'Vernielingen en beschadigingen'; 'Aantal hennepkwekerijen geruimd'"
    ) in output


def test_the_readme_example_mapping_is_what_the_import_keeps(source: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    (source / MAPPING_FILE).write_text(textwrap.dedent(example), encoding="utf-8")
    code, output = run(DATA / "statline-long.csv", "--source", source, "--link", "Geweld=Geweldsmisdrijven")
    assert code == 0, output
    assert "3 nieuw, 1 vervangen, 1 ongewijzigd" in output and "Niet ingelezen" not in output


def test_an_unknown_own_municipality_is_warned_with_the_areas_in_the_file(source: Path) -> None:
    code, output = run(
        DATA / "waarstaat-wide.csv", "--source", source, *WIDE[:4], *WIDE[6:], "--own-area", "Utrecht (gem)"
    )
    assert code == 0, output
    assert output.startswith("WAARSCHUWING  "), output
    assert (
        "de eigen gemeente 'Utrecht (gem)' staat niet in kolom 'Gebied' (daar staan: "
        "'Utrecht', 'Nederland'); alleen de cijfers van die gebieden zijn ingelezen, onder hun eigen naam"
    ) in output


def test_a_file_of_comparison_areas_only_is_read_under_their_names(source: Path, tmp_path: Path) -> None:
    """Nederland's figures alone (the municipality's come later): read, with a warning, never as 'Gemeente'."""
    text = HEADER + "Winkeldiefstallen;Nederland;2024;3,8\nWinkeldiefstallen;Nederland;2023;3,9\n"
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 0, output
    assert "de eigen gemeente 'Utrecht' staat niet in kolom 'Gebied' (daar staan: 'Nederland')" in output
    assert measurements(source / "jaarplan.xlsx")[1:] == [
        ("Winkeldiefstallen", "Nederland", 2023, 3.9),
        ("Winkeldiefstallen", "Nederland", 2024, 3.8),
    ]


def test_the_library_names_no_command_line_option(source: Path) -> None:
    """import_figures is a library call a web face may make: its messages say what is missing, not '--…'."""
    with pytest.raises(PlanError) as raised:
        import_figures(DATA / "waarstaat-wide.csv", source, FigureMapping(area="Gebied"))
    assert "nog niet gekozen: jaar, eigen gemeente (de kolommen van het bestand: 'Gebied'" in raised.value.message
    with pytest.raises(PlanError) as raised:
        import_figures(DATA / "waarstaat-wide.csv", source, FigureMapping("Gebied", "Periode", "Utrecht"))
    assert "geen enkele waarde" in raised.value.message and "--" not in raised.value.message


def test_without_a_choice_and_no_terminal_the_message_names_the_options(source: Path) -> None:
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source)
    assert code == 1
    assert "nog niet gekozen: gebied, jaar, eigen gemeente" in output and "--area-column KOLOM" in output


def test_a_workbook_without_metingen_says_what_to_do(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SOURCE, tmp_path / "bron"))
    book = load_workbook(folder / "jaarplan.xlsx")
    book.create_sheet("Indicatoren").append(["Thema", "Indicator"])
    book["Indicatoren"].append(["Veilig", "Winkeldiefstallen"])
    book.save(folder / "jaarplan.xlsx")
    with pytest.raises(PlanError) as raised:
        import_figures(
            DATA / "excel-cp1252.csv", folder, FigureMapping("Gebied", "Jaar", "Súdwest-Fryslân", "Indicator", "Waarde")
        )
    assert "de werkmap heeft geen werkblad 'Metingen'; voeg een werkblad 'Metingen' toe" in raised.value.message
    assert "jaarplan new" in raised.value.message


@pytest.mark.parametrize(
    ("text", "decimal_comma", "number"),
    [("1.234,5", True, 1234.5), ("12,5", True, 12.5), ("12.5", True, 12.5), ("-3", True, -3.0), ("1.234", True, 1234.0),
     ("1,234", False, 1234.0), ("12.5", False, 12.5), ("1 234,5", True, 1234.5), ("veel", True, None),
     ("1.23,4", True, None), ("12,5%", True, 12.5)],
)  # fmt: skip
def test_numbers_as_statistics_sites_write_them(text: str, decimal_comma: bool, number: float | None) -> None:
    assert parse_number(text, decimal_comma) == number


def test_a_long_file_is_asked_for_too_and_a_skipped_name_is_kept(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    # gebied 3, jaar 2, long: j, indicator 1, waarde 4, own: 1; Winkeldiefstal 1, Geweld 2, Totaal misdrijven: skip
    code, output = run(DATA / "statline-long.csv", "--source", source, input="3\n2\nj\n1\n4\n1\n1\n2\n\n")
    assert code == 0, output
    assert "3 nieuw, 1 vervangen, 1 ongewijzigd" in output and "Niet ingelezen" not in output
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    code, output = run(DATA / "statline-long.csv", "--source", source)
    assert code == 0 and "Niet ingelezen" not in output, output


def test_excel_unicode_text_with_tabs_is_read(source: Path, tmp_path: Path) -> None:
    text = "Indicator\tGebied\tJaar\tWaarde\r\nWinkeldiefstallen\tUtrecht\t2025\t3,1\r\n"
    code, output = run(csv_file(tmp_path, b"\xff\xfe" + text.encode("utf-16-le")), "--source", source, *LONG)
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx")[-1] == ("Winkeldiefstallen", "Gemeente", 2025, 3.1)


def test_a_formula_in_waarde_stays_and_is_said(source: Path) -> None:
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"]["D2"] = "=10/2"
    book.save(source / "jaarplan.xlsx")
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 0, output
    assert "WAARSCHUWING  " in output and "Metingen!D2: de waarde is een formule en blijft staan" in output
    assert load_workbook(source / "jaarplan.xlsx")["Metingen"]["D2"].value == "=10/2"


def test_a_metingen_sheet_without_its_headers_says_which(source: Path) -> None:
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"]["D1"] = "Getal"
    book.save(source / "jaarplan.xlsx")
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 1
    assert "Metingen!1: kolom 'Waarde' ontbreekt in de kopregel (rij 1)" in output


def test_statline_open_data_with_codes_gets_area_names_kept_for_next_year(source: Path, tmp_path: Path) -> None:
    """StatLine's open data (the 'TypedDataSet') writes codes padded with spaces, an ID column, and periods JJ00."""
    text = (
        '"ID";"SoortMisdrijf";"RegioS";"Perioden";"GeregistreerdeMisdrijvenPer1000Inwoners_3"\n'
        '"0";"CRI1100   ";"GM0344  ";"2024JJ00";"4,2"\n'
        '"1";"CRI1100   ";"NL01    ";"2024JJ00";"3,8"\n'
    )
    options = ["--area-column", "RegioS", "--year-column", "Perioden", "--indicator-column", "SoortMisdrijf",
               "--value-column", "GeregistreerdeMisdrijvenPer1000Inwoners_3", "--own-area", "GM0344",
               "--link", "CRI1100=Winkeldiefstallen", "--area-name", "NL01=Nederland"]  # fmt: skip
    code, output = run(csv_file(tmp_path, text), "--source", source, *options)
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx")[-2:] == [
        ("Winkeldiefstallen", "Gemeente", 2024, 4.2),
        ("Winkeldiefstallen", "Nederland", 2024, 3.8),
    ]
    code, output = run(csv_file(tmp_path, text.replace("2024JJ00", "2025JJ00"), "2025.csv"), "--source", source)
    assert code == 0, output
    assert ("Winkeldiefstallen", "Nederland", 2025, 3.8) in measurements(source / "jaarplan.xlsx")


def test_a_link_without_its_equals_sign_says_how(source: Path) -> None:
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE, "--area-name", "NL01")
    assert code == 1
    assert "--area-name verwacht twee namen met '=' ertussen, zoals \"NL01=Nederland\"; niet 'NL01'" in output


def test_every_bad_value_is_said_at_once_up_to_a_limit(source: Path, tmp_path: Path) -> None:
    rows = "".join(f"Winkeldiefstallen;Utrecht;{2000 + n};veel\n" for n in range(25))
    code, output = run(
        csv_file(tmp_path, HEADER + "Winkeldiefstallen;Utrecht;2024KW01;4\n" + rows), "--source", source, *LONG
    )
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == 21
    assert "regel 2, kolom 3 (Jaar): de periode '2024KW01' is een kwartaal" in lines[0]
    assert "regel 3, kolom 4 (Waarde): 'veel' is geen getal" in lines[1]
    assert lines[-1] == "FOUT  en nog 6 fouten zoals hierboven in dit bestand"


def test_a_newer_ods_beside_the_workbook_is_refused(source: Path) -> None:
    ods = source / "jaarplan.ods"
    ods.write_bytes(b"PK")
    os.utime(ods, ((source / "jaarplan.xlsx").stat().st_mtime + 60,) * 2)
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 1
    assert "'jaarplan.ods' (opgeslagen " in output and "is nieuwer dan 'jaarplan.xlsx'" in output


def test_a_comma_file_with_decimal_points_and_a_comma_in_a_name(source: Path, tmp_path: Path) -> None:
    """A comma in a quoted name is no decimal comma: 1.234 stays one point two three four."""
    text = (
        'Indicator,Gebied,Jaar,Waarde\nWinkeldiefstallen,"Utrecht, gemeente",2024,1.234\n'
        "Winkeldiefstallen,Nederland,2024,12.5\n"
    )
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG[:-1], "Utrecht, gemeente")
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx")[-2:] == [
        ("Winkeldiefstallen", "Gemeente", 2024, 1.234),
        ("Winkeldiefstallen", "Nederland", 2024, 12.5),
    ]


def test_the_first_row_of_figures_takes_the_style_of_its_column(tmp_path: Path) -> None:
    """An empty Metingen whose Waarde column has a number format (as a user or the writer may set it)."""
    folder = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "bron")))
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("jaar: 2010", "jaar: 2025"), encoding="utf-8")
    add_indicator_sheets(folder / "jaarplan.xlsx")
    book = load_workbook(folder / "jaarplan.xlsx")
    sheet = book["Metingen"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "General"
    sheet.column_dimensions["D"].number_format = "0.00"
    book.save(folder / "jaarplan.xlsx")
    code, output = run(DATA / "excel-cp1252.csv", "--source", folder, *EXCEL)
    assert code == 0, output
    assert load_workbook(folder / "jaarplan.xlsx")["Metingen"]["D2"].number_format == "0.00"


def test_a_table_over_metingen_grows_with_the_new_rows(source: Path) -> None:
    """A user who made Metingen an Excel table (Opmaken als tabel) keeps it over every row, filter included."""
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"].add_table(Table(displayName="Metingen_tabel", ref="A1:D3"))
    book.save(source / "jaarplan.xlsx")
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    table = load_workbook(source / "jaarplan.xlsx")["Metingen"].tables["Metingen_tabel"]
    assert (table.ref, table.autoFilter.ref) == ("A1:D8", "A1:D8")
    assert_valid_ooxml(source / "jaarplan.xlsx")


def test_more_figures_than_metingen_takes_at_once_are_refused(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figures, "MAX_MEASUREMENTS", 3)
    original = (source / "jaarplan.xlsx").read_bytes()
    code, output = run(DATA / "statline-long.csv", "--source", source, *STATLINE)
    assert code == 1
    assert "het bestand geeft 5 cijfers voor de indicatoren van het plan; meer dan 3 tegelijk" in output
    assert (source / "jaarplan.xlsx").read_bytes() == original


def test_figures_in_a_plan_made_by_new_are_read_as_its_measurements(tmp_path: Path) -> None:
    """`jaarplan new` writes the two sheets with the five BBV indicators; the import fills them, the plan reads them."""
    folder = tmp_path / "nieuw plan"
    code, output = run_command("new", folder, "--year", "2025")
    assert code == 0, output
    code, output = run(DATA / "statline-long.csv", "--source", folder, *STATLINE)
    assert code == 0, output
    assert "Metingen: 5 nieuw, 0 vervangen, 0 ongewijzigd" in output
    problems = Problems()
    texts = read_workbook(folder / "jaarplan.xlsx", problems)  # the plan itself waits for an author yet
    assert not problems.has_errors, problems.found
    read = {i.name: [(m.year, m.area, m.value) for m in i.measurements] for i in texts.indicators if i.measurements}
    assert read == {
        "Winkeldiefstallen": [(2023, "Gemeente", 4.7), (2023, "Nederland", 3.9), (2024, "Gemeente", 4.2)],
        "Geweldsmisdrijven": [(2023, "Gemeente", 6.1), (2024, "Gemeente", 5.8)],
    }
    assert_valid_ooxml(folder / "jaarplan.xlsx")


def run_command(*arguments: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(map(str, arguments)))
    return result.exit_code, result.output


def test_a_semicolon_file_with_decimal_points_is_read_as_written(source: Path, tmp_path: Path) -> None:
    """0.125 shows a decimal point, so 2.125 in the same file is 2.125 too (not 2125)."""
    text = HEADER + "Winkeldiefstallen;Utrecht;2024;2.125\nWinkeldiefstallen;Nederland;2024;0.125\n"
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 0, output
    assert measurements(source / "jaarplan.xlsx")[2:] == [
        ("Winkeldiefstallen", "Gemeente", 2024, 2.125),
        ("Winkeldiefstallen", "Nederland", 2024, 0.125),
    ]


@pytest.mark.parametrize(
    "title",
    ['"Geregistreerde criminaliteit; soort misdrijf, regio";;;\n', "Geregistreerde criminaliteit; soort misdrijf\n"],
    ids=["excel-title-with-separators", "unquoted-title"],
)
def test_a_title_above_and_a_source_below_are_left_out(source: Path, tmp_path: Path, title: str) -> None:
    text = title + ";;;\n" + HEADER + "Winkeldiefstallen;Utrecht;2024;4,2\nBron: CBS;;;\n"
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 0, output
    assert "1 nieuw" in output and "ontbrekende" not in output, output
    assert measurements(source / "jaarplan.xlsx")[2:] == [("Winkeldiefstallen", "Gemeente", 2024, 4.2)]


def test_a_title_line_does_not_move_the_line_a_mistake_is_said_at(source: Path, tmp_path: Path) -> None:
    text = '"Titel; met puntkomma";;;\n' + HEADER + "Winkeldiefstallen;Utrecht;2024;veel\n"
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 1
    assert "regel 3, kolom 4 (Waarde): 'veel' is geen getal" in output, output


def test_every_line_of_another_width_is_said(source: Path, tmp_path: Path) -> None:
    text = HEADER + "Winkeldiefstallen;Utrecht;2024\nWinkeldiefstallen;Utrecht;2023;4,2\nWinkeldiefstallen;x;2022;4;5\n"
    code, output = run(csv_file(tmp_path, text), "--source", source, *LONG)
    assert code == 1
    assert "regel 2: deze regel ('Winkeldiefstallen;Utrecht;2024') heeft 3 kolommen" in output, output
    assert "regel 4: deze regel ('Winkeldiefstallen;x;2022;4;5') heeft 5 kolommen" in output, output


def test_the_sheets_own_filter_grows_with_the_new_rows(source: Path) -> None:
    """Data › Filter on Metingen (as jaarplan new writes it) covers the imported rows too."""
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"].auto_filter.ref = "A1:D3"
    book.save(source / "jaarplan.xlsx")
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    assert load_workbook(source / "jaarplan.xlsx")["Metingen"].auto_filter.ref == "A1:D8"


def test_a_metingen_with_rows_without_their_number_is_refused(source: Path) -> None:
    """The schema lets a row or cell leave out its reference; jaarplan does not guess where a new row goes."""
    workbook = source / "jaarplan.xlsx"
    part = metingen_part(workbook)
    members = parts(workbook)
    members[part] = members[part].replace(b'<row r="3"', b"<row", 1).replace(b' r="A3"', b"", 1)
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    original = workbook.read_bytes()
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 1
    assert "jaarplan.xlsx › Metingen: in het werkblad Metingen staan rijen of cellen zonder hun nummer" in output
    assert workbook.read_bytes() == original


def test_a_figure_typed_twice_in_metingen_is_said_with_both_rows(source: Path) -> None:
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"].append(["Winkeldiefstallen", "Gemeente", 2023, 9.9])
    book.save(source / "jaarplan.xlsx")
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    assert (
        "Metingen!A4: 'Winkeldiefstallen' voor Gemeente in 2023 staat twee keer in Metingen (rij 2 en rij 4); "
        "alleen rij 2 heeft het cijfer uit het CSV-bestand gekregen"
    ) in output


def test_copying_the_package_leaves_the_source_entries_as_they_were(source: Path, tmp_path: Path) -> None:
    from jaarplan.source.xlsx.measurements import _copy_package

    workbook = source / "jaarplan.xlsx"
    with zipfile.ZipFile(workbook) as package:
        before = [(i.filename, i.header_offset, i.compress_size, i.CRC) for i in package.infolist()]
        _copy_package(package, tmp_path / "kopie.xlsx", {metingen_part(workbook): b"<x/>" * 1000})
        after = [(i.filename, i.header_offset, i.compress_size, i.CRC) for i in package.infolist()]
    assert after == before


def test_the_filters_hidden_name_grows_with_the_new_rows(source: Path) -> None:
    """Excel and Calc keep a filter's range in the hidden name _xlnm._FilterDatabase too: it follows the filter."""
    book = load_workbook(source / "jaarplan.xlsx")
    book["Metingen"].auto_filter.ref = "A1:D3"
    book.save(source / "jaarplan.xlsx")
    assert b"!$A$1:$D$3</definedName>" in parts(source / "jaarplan.xlsx")["xl/workbook.xml"]
    code, output = run(DATA / "waarstaat-wide.csv", "--source", source, *WIDE)
    assert code == 0, output
    workbook = parts(source / "jaarplan.xlsx")["xl/workbook.xml"]
    assert b'name="_xlnm._FilterDatabase"' in workbook and b"!$A$1:$D$8</definedName>" in workbook
    assert_valid_ooxml(source / "jaarplan.xlsx")
