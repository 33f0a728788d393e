"""Every broken input of the corpus gives exactly its lines, and the CLI its exit code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.source.check import check_source

from .broken_inputs import CASES, Case, expected_lines
from .conftest import SOURCE, without_fingerprints


def broken_copy(case: Case, tmp_path: Path) -> Path:
    source = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))
    case.breaks(source)
    return source


def check_lines(source: Path) -> list[str]:
    """What ``jaarplan check`` prints per problem, with the copy's folder shown as ``source``."""
    checked = check_source(source)
    return [f"{p.severity.value}  {p}".replace(source.as_posix(), "source") for p in checked.problems]


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_input_gives_its_message_and_place(case: Case, tmp_path: Path) -> None:
    source = broken_copy(case, tmp_path)
    assert check_lines(source) == expected_lines(case, source)


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


def _holds_the_cause(message: str, cell, header: str) -> bool:
    """Whether ``cell`` (under column ``header``) is where the cause of ``message`` is."""
    quoted = re.findall(r"'([^']*)'", message)
    text = "" if cell.value is None else str(cell.value)
    if missing := re.match(r"(\w+) ontbreekt", message) or re.search(r"heeft geen (Doel)", message):
        return header == missing.group(1) and not text.strip()
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
    return False


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_message_names_the_cell_that_holds_its_cause(case: Case, tmp_path: Path) -> None:
    """Not just any cell of the row: the Doel that is empty, the cluster that is unknown, the formula."""
    source = broken_copy(case, tmp_path)
    problems = [
        p for p in check_source(source).problems if p.location and re.fullmatch(r"[A-Z]+\d+", p.location.cell or "")
    ]
    if not problems:
        return
    book = load_workbook(source / "jaarplan.xlsx", rich_text=False)
    for problem in problems:
        sheet = book[problem.location.sheet]
        cell = sheet[problem.location.cell]
        header = str(sheet.cell(row=1, column=cell.column).value)
        assert _holds_the_cause(problem.message, cell, header), f"{problem.location}: {problem.message}"
