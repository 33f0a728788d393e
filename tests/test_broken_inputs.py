"""Every broken input of the corpus gives exactly its lines, and the CLI its exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jaarplan.cli import main
from jaarplan.pipeline import check_source

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
    assert "Matrix!C2: Doel ontbreekt, maar de rij heeft Specifiek-tekst" in result.output
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
