"""Every broken input of the corpus gives exactly its lines, and the CLI its exit code."""

from __future__ import annotations

import datetime
import functools
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli import main
from jaarplan.commands.build import build
from jaarplan.errors import Location, Problem
from jaarplan.source.check import check_source
from jaarplan.source.xlsx.cells import is_date_format
from jaarplan.text import dutch_date

from .broken_inputs import CASES, WORD_CASES, Case, WordCase, expected_lines
from .conftest import SOURCE, TEMPLATE, without_fingerprints
from .docx_reading import matrix_tables

# The default plan's own warning: it ships no marks as seen, so a user sees it (a real question).
DEFAULT_WARNING = (
    "WAARSCHUWING  source/jaarplan.xlsx › Matrix!H30: Deadline 'Eind 2009' valt in 2009, niet in het planjaar 2010; "
    "de voortgangsrapportage rekent met 31 december 2009. Klopt het jaar?"
)
# The corpus is about each break: in its copies that warning is marked as seen, as a user would.
DEFAULT_SEEN = """gezien:
- cel: Matrix!H30
  melding: Deadline 'Eind 2009' valt in 2009, niet in het planjaar 2010; de voortgangsrapportage rekent met 31
    december 2009. Klopt het jaar?
  tekst: Eind 2009
"""


def broken_copy(case: Case, tmp_path: Path) -> Path:
    source = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))
    (source / "gezien.yaml").write_text(DEFAULT_SEEN, encoding="utf-8")
    case.breaks(source)
    return source


def check_lines(source: Path) -> list[str]:
    """What ``jaarplan check`` prints per problem, with the copy's folder shown as ``source``."""
    checked = check_source(source)
    return [f"{p.severity.value}  {p}".replace(source.as_posix(), "source") for p in checked.problems]


def test_the_default_plan_has_one_warning_of_its_own(tmp_path: Path) -> None:
    source = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))
    checked = check_source(source)
    assert [f"{p.severity.value}  {p}".replace(source.as_posix(), "source") for p in checked.problems] == [
        DEFAULT_WARNING
    ]
    assert checked.seen == []


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_input_gives_its_message_and_place(case: Case, tmp_path: Path) -> None:
    source = broken_copy(case, tmp_path)
    assert check_lines(source) == expected_lines(case, source)


@pytest.mark.parametrize("case", WORD_CASES, ids=[case.name for case in WORD_CASES])
def test_word_plan_import_gives_its_lines_and_exit_code(case: WordCase, built_default: Path, tmp_path: Path) -> None:
    document = case.writes(built_default, tmp_path)
    result = CliRunner().invoke(main, ["import", str(document), str(tmp_path / "bron")])
    lines = [line for line in result.output.splitlines() if line.startswith(("FOUT", "WAARSCHUWING"))]
    assert lines == [line.format(file=document.as_posix()) for line in case.expected]
    assert result.exit_code == case.exit_code and "Traceback" not in result.output


def test_a_number_that_can_be_no_date_stays_out_of_the_document(tmp_path: Path) -> None:
    """The cells are empty in the built matrix, and no English error code (#VALUE!) stands anywhere in it."""
    source = broken_copy(next(case for case in CASES if case.name.startswith("date serials out of range")), tmp_path)
    built = build(source, tmp_path / "uit", TEMPLATE).document
    with zipfile.ZipFile(built) as archive:
        assert b"#VALUE!" not in archive.read("word/document.xml")
    first_matrix = matrix_tables(Document(built))[0]
    headers = [cell.text for cell in first_matrix.rows[0].cells]
    column = headers.index(load_workbook(source / "jaarplan.xlsx")["Matrix"]["H1"].value)
    assert [row.cells[column].text for row in first_matrix.rows[1:3]] == ["", ""]


def test_an_error_value_stays_out_of_the_document(tmp_path: Path) -> None:
    """No English error code (#VALUE!, #N/A) stands in the built document; the cells are empty."""
    source = broken_copy(next(case for case in CASES if case.name.startswith("error values in cells")), tmp_path)
    built = build(source, tmp_path / "uit", TEMPLATE).document
    with zipfile.ZipFile(built) as archive:
        xml = archive.read("word/document.xml")
    assert b"#VALUE!" not in xml and b"#N/A" not in xml
    first_matrix = matrix_tables(Document(built))[0]
    headers = [cell.text for cell in first_matrix.rows[0].cells]
    column = headers.index(load_workbook(source / "jaarplan.xlsx")["Matrix"]["H1"].value)
    assert [row.cells[column].text for row in first_matrix.rows[1:3]] == ["", ""]


def test_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = runner.invoke(main, ["check", "--source", str(SOURCE)])
    assert clean.exit_code == 0 and "Geen fouten" in clean.output

    warned = broken_copy(next(case for case in CASES if case.name == "hidden row"), tmp_path / "w")
    result = runner.invoke(main, ["check", "--source", str(warned)])
    assert result.exit_code == 0 and "WAARSCHUWING" in result.output

    broken = broken_copy(next(case for case in CASES if case.name == "header retyped"), tmp_path / "f")
    result = runner.invoke(main, ["check", "--source", str(broken)])
    assert result.exit_code == 1 and "FOUT" in result.output and "Traceback" not in result.output

    assert runner.invoke(main, ["check", "--sourse", "x"]).exit_code == 2


def test_build_runs_the_same_checks_first(tmp_path: Path) -> None:
    source = broken_copy(next(case for case in CASES if case.name == "continuation row before any Doel"), tmp_path)
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Matrix!B2: Doel ontbreekt, maar de rij heeft Specifiek-tekst" in result.output
    assert not (tmp_path / "out").exists()


def test_source_given_a_file_names_the_folder_that_holds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOURCE, tmp_path / "plan")
    result = CliRunner().invoke(main, ["check", "--source", "plan/jaarplan.xlsx"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "FOUT  plan/jaarplan.xlsx: dit is een bestand, geen map; de bronmap (--source) is de map met jaarplan.xlsx "
        "en plan.yaml: dit bestand staat in 'plan' (--source plan)"
    )
    missing = CliRunner().invoke(main, ["check", "--source", "bron-2011"])
    assert missing.output.splitlines()[0] == (
        f"FOUT  bron-2011: de bronmap bestaat niet (gezocht: {(tmp_path / 'bron-2011').as_posix()}); de bronmap "
        "(--source) is de map met jaarplan.xlsx en plan.yaml"
    )


# One line of ``jaarplan check``: severity, file, then " › sheet" or " › sheet!cell", then ", regel N".
LINE = re.compile(
    r"(?P<severity>FOUT|WAARSCHUWING)  (?P<file>source/[^ :,]+)(?: › (?P<sheet>[^!:]+?)(?:!(?P<cell>[A-Z]*\d+))?)?"
    r"(?:, regel (?P<line>\d+))?: (?P<message>.*)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Place:
    """A problem as its parts: what the werkomgeving sorts and links by (the cell), not only how it prints."""

    severity: str
    file: str
    sheet: str | None
    cell: str | None
    line: int | None
    message: str


def expected_places(case: Case, source: Path) -> list[Place]:
    places = []
    for text in expected_lines(case, source):
        parsed = LINE.fullmatch(text)
        assert parsed, f"the corpus line does not read as severity, place and message: {text}"
        line = parsed["line"] and int(parsed["line"])
        places.append(Place(*parsed.group("severity", "file", "sheet", "cell"), line, parsed["message"]))
    return places


def place_of(problem: Problem, source: Path) -> Place:
    location = problem.location or Location()
    assert location.part is None, f"a check of the source names no part of a Word document: {problem}"
    file = None if location.file is None else location.file.as_posix().replace(source.as_posix(), "source")
    return Place(problem.severity.value, file, location.sheet, location.cell, location.line, problem.message)


def _cell_holds_the_cause(message: str, cell, header: str) -> bool:
    """Whether ``cell`` (under column ``header``) is where the cause of ``message`` is."""
    quoted = re.findall(r"'([^']*)'", message)
    text = "" if cell.value is None else str(cell.value)
    if missing := re.match(r"(\w+) ontbreekt, maar de rij heeft (\w+)-tekst", message):
        above = cell.parent.cell(row=cell.row - 1, column=cell.column)  # a goal starts where its theme does
        first = _beside(above, "Thema") != _beside(cell, "Thema")
        return header == missing[1] and not text.strip() and bool(_beside(cell, missing[2])) and first
    if message.startswith("Thema ontbreekt, maar de rij heeft tekst"):
        return header == "Thema" and not text.strip() and any(_beside(cell, str(c.value)) for c in cell.parent[1])
    if message.endswith(" en heeft geen Doel; zet de rij onder het Doel waar hij bij hoort, of vul een Doel in"):
        return header == "Doel" and not text.strip() and _beside(cell, "Thema") == quoted[0]
    if message.startswith(("onbekend thema", "onbekend cluster", "thema '", "onbekende status", "status '")):
        return text.strip() == quoted[0]
    if message.startswith("kolom "):
        return text.strip() == quoted[1]
    if message.startswith("formule"):
        return cell.data_type == "f"
    if message.startswith(("onzichtbare tekens", "een regeleinde uit Word")):
        return any((ord(ch) < 32 and ch not in "\n\t") or ch in "\u200b\ufeff" for ch in text) or "_x00" in text
    if message.startswith("verwijzing naar voetnoot"):
        return f"[voetnoot {quoted[0]}]" in text
    if message.startswith("rij "):
        return cell.parent.row_dimensions[cell.row].hidden
    if "foutwaarde" in message:
        return cell.data_type == "e"
    if "in datumopmaak" in message:  # openpyxl, the independent reader, calls such a number an error
        return is_date_format(cell.number_format) and cell.data_type == "e" and cell.value == "#VALUE!"
    if message.startswith("Deadline '"):  # as the cell shows it: a real date as the plan writes one
        shown = dutch_date(cell.value) if isinstance(cell.value, datetime.date) else text
        return header == "Deadline" and shown.strip() == quoted[0]
    return False


def _beside(cell, header: str) -> str:
    """The text in ``cell``'s row under the column headed ``header``."""
    column = next(heading.column for heading in cell.parent[1] if heading.value == header)
    value = cell.parent.cell(row=cell.row, column=column).value
    return "" if value is None else str(value).strip()


def _line_holds_the_cause(message: str, lines: list[str], number: int) -> bool:
    """Whether line ``number`` of plan.yaml (``lines``) is where the cause of ``message`` is."""
    line = lines[number - 1]
    if line.lstrip().startswith("#"):
        return False
    if message.startswith("geen geldige YAML op of vlak vóór deze regel"):  # the bracket that is never closed
        return any("[" in text for text in lines[max(number - 3, 0) : number])
    if message.endswith(" ontbreekt"):  # a key that is not there: the line where the keys begin
        return number == next(index for index, text in enumerate(lines, 1) if re.match(r"\w+:", text))
    quoted = re.findall(r"'([^']*)'", message)[0]  # the key ('versie' moet ...) or the value ('30-6-2026' is ...)
    return re.search(rf"(^|[\s-]){re.escape(quoted)}(:|\s|$)", line) is not None


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_problem_carries_its_place_and_the_place_holds_its_cause(case: Case, tmp_path: Path) -> None:
    """File, sheet, cell and line are the problem's own fields, and the cell or line is the one to fix.

    Not just any cell of the row: the Doel that is empty, the cluster that is
    unknown, the formula; the line with the misspelt key, not the line after it.
    """
    source = broken_copy(case, tmp_path)
    problems = check_source(source).problems
    assert [place_of(problem, source) for problem in problems] == expected_places(case, source)
    # Each file read once, and only when a problem points into it.
    workbook = functools.cache(lambda: load_workbook(source / "jaarplan.xlsx", rich_text=False))
    lines = functools.cache(lambda: (source / "plan.yaml").read_text(encoding="utf-8").splitlines())
    for problem in problems:
        location = problem.location or Location()
        if location.cell and re.fullmatch(r"[A-Z]+\d+", location.cell):
            sheet = workbook()[location.sheet]
            cell = sheet[location.cell]
            header = str(sheet.cell(row=1, column=cell.column).value)
            assert _cell_holds_the_cause(problem.message, cell, header), str(problem)
        elif location.line is not None:
            assert _line_holds_the_cause(problem.message, lines(), location.line), str(problem)
