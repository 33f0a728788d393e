"""plan.yaml: every mistake in it is a FOUT line with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jaarplan.cli import main
from jaarplan.errors import PlanError
from jaarplan.metadata import read_metadata


def check_output(source: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    return result.exit_code, result.output.splitlines()


def edited(source: Path, old: str, new: str) -> Path:
    path = source / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- the reader -----------------------------------------------------------------------------------


def test_a_control_character_typed_in_plan_yaml_is_a_fout_with_line_and_position(source_copy: Path) -> None:
    path = edited(source_copy, 'partners: "Politie, OM', 'partners: "Politie,\x07 OM')
    exit_code, lines = check_output(source_copy)
    assert exit_code == 1
    where = f"{path.as_posix()}, regel {line_of(path, 'partners:')}"
    assert (
        f"FOUT  {where}: onzichtbaar besturingsteken U+0007 op positie 20 van deze regel; dat mag niet in "
        "plan.yaml: haal het weg (een teksteditor die onzichtbare tekens toont, helpt)"
    ) in lines
    assert not any("Error" in line or "Traceback" in line for line in lines)


def test_a_control_character_written_as_an_escape_is_a_fout_not_a_crash_in_build(source_copy: Path) -> None:
    path = edited(source_copy, 'titel: "Gezamenlijk jaarplan"', 'titel: "Gezamenlijk\\a jaarplan"')
    edited(source_copy, '    auteur: "JM"', '    auteur: "J\\x1bM"')
    exit_code, lines = check_output(source_copy)
    assert exit_code == 1
    said = "het besturingsteken U+{:04X}, dat niet in een Word-document kan; haal het weg"
    title, author = line_of(path, "titel:"), line_of(path, "x1bM")
    assert f"FOUT  {path.as_posix()}, regel {title}: 'titel' bevat {said.format(7)}" in lines
    assert f"FOUT  {path.as_posix()}, regel {author}: 'auteur' bevat {said.format(0x1B)}" in lines
    built = CliRunner().invoke(main, ["build", "--source", str(source_copy), "--output", str(source_copy / "uit")])
    assert built.exit_code == 1 and isinstance(built.exception, SystemExit)  # FOUT lines, not lxml's ValueError
    assert "'titel' bevat het besturingsteken U+0007" in built.output


def test_a_severity_that_is_a_digit_but_no_number_is_a_fout(source_copy: Path) -> None:
    path = edited(source_copy, "ernst: 0", "ernst: ²")
    with pytest.raises(PlanError) as raised:
        read_metadata(path)
    assert raised.value.message == "'ernst' moet een geheel getal zijn (0 = goed, hoger = slechter), niet '²'"
    assert raised.value.location.line == line_of(path, "ernst: ²")
