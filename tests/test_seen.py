"""Warnings marked as seen (``jaarplan check --gezien CEL``): hidden and counted, back when their cell changes.

The case of the issue: a 2011 plan made with ``jaarplan new --from source``
warns at every cell that still names 2010, some of them meant. Everything
runs through the CLI, as a user types it, and reads what it prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jaarplan.cli import main
from jaarplan.commands.build import build
from jaarplan.office import pdf
from jaarplan.source.check import check_source

from .conftest import SOURCE, TEMPLATE

OLD_YEAR = "noemt nog 2010; pas de tekst aan voor 2011 als dat nodig is"


@pytest.fixture
def plan_2011(tmp_path: Path) -> Path:
    made = CliRunner().invoke(main, ["new", str(tmp_path / "bron-2011"), "--from", str(SOURCE), "--year", "2011"])
    assert made.exit_code == 0, made.output
    return tmp_path / "bron-2011"


def check(source: Path, *options: str) -> tuple[list[str], str]:
    """``jaarplan check --source SOURCE OPTIONS``: the WAARSCHUWING/FOUT lines and the last line."""
    result = CliRunner().invoke(main, ["check", "--source", str(source), *options])
    lines = result.output.splitlines()
    return [line for line in lines if line.startswith(("WAARSCHUWING", "FOUT"))], lines[-1]


def cells(lines: list[str]) -> list[str]:
    return [match.group(1) for line in lines if (match := re.search(r" › (\S+!\w+\d+): ", line))]


def test_a_warning_marked_as_seen_is_counted_not_shown_until_its_cell_changes(plan_2011: Path) -> None:
    before, summary = check(plan_2011)
    old_year = [line for line in before if line.endswith(OLD_YEAR)]
    assert len(old_year) >= 12 and "Matrix!G6" in cells(old_year)
    assert "als gezien gemarkeerd" not in summary

    _, said = check(plan_2011, "--gezien", "Matrix!G6")
    shown, summary = check(plan_2011)
    assert "Matrix!G6" not in cells(shown) and len(shown) == len(before) - 1
    assert summary.endswith(
        f" {len(before) - 1} waarschuwing(en); 1 waarschuwing als gezien gemarkeerd, tonen met --toon-gezien."
    )
    assert said.startswith("1 waarschuwing(en) als gezien gemarkeerd (in ") or "Geen fouten" in said
    with_seen, _ = check(plan_2011, "--toon-gezien")
    assert any("Matrix!G6" in line and line.endswith(f"{OLD_YEAR} (gezien)") for line in with_seen)

    # The cell is edited (still naming 2010): the warning is about another text now, so it shows again.
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["G6"] = "Af te spreken in 2010 en 2011."
    book.save(plan_2011 / "jaarplan.xlsx")
    again, summary = check(plan_2011)
    assert "Matrix!G6" in cells(again) and "als gezien gemarkeerd" not in summary


def test_all_at_once_then_a_new_warning_stands_out(plan_2011: Path) -> None:
    before, _ = check(plan_2011)
    _, summary = check(plan_2011, "--gezien", "alle")
    assert summary.endswith(
        f" 0 waarschuwing(en); {len(before)} waarschuwingen als gezien gemarkeerd, tonen met --toon-gezien."
    )

    # A row inserted above moves every cell below it: the marks follow their texts on the sheet.
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"].insert_rows(2)
    book["Matrix"]["H40"] = "1 juli 2010"  # new: a Deadline naming the old year, far below the rest
    book["Matrix"]["A40"], book["Matrix"]["B40"] = "Veelplegers", "Nieuw doel"
    book.save(plan_2011 / "jaarplan.xlsx")
    shown, summary = check(plan_2011)
    assert (
        [line.split(": ", 1)[1][:35] for line in shown]
        == [  # only the new row's
            OLD_YEAR[:35],
            "Deadline '1 juli 2010' valt in 2010",
        ]
    )
    assert cells(shown) == ["Matrix!H40", "Matrix!H40"]
    assert f"{len(before)} waarschuwingen als gezien gemarkeerd" in summary


def test_seen_warnings_are_left_out_of_a_build_and_a_lock_file_cannot_be_marked(
    plan_2011: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(plan_2011, "--gezien", "alle")
    (plan_2011 / ".~lock.jaarplan.xlsx#").write_text("Jan,jan,pc,04.12.2026 10:15,profiel;", encoding="utf-8")
    shown, _ = check(plan_2011)
    assert [line.split(": ", 1)[1][:40] for line in shown] == ["de werkmap is geopend in LibreOffice doo"]
    result = build(plan_2011, tmp_path / "uit", TEMPLATE)
    assert [warning.message[:40] for warning in result.warnings] == ["de werkmap is geopend in LibreOffice doo"]
    seen = len(check_source(plan_2011).seen)
    assert result.seen == seen >= 12
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))  # the lines are the point here
    built = CliRunner().invoke(main, ["build", "--source", str(plan_2011), "--output", str(tmp_path / "cli")])
    assert built.exit_code == 0, built.output
    shown = f"jaarplan check --source {plan_2011.as_posix()} --toon-gezien"  # the hint acts on this plan
    assert f"{seen} waarschuwing(en) als gezien gemarkeerd (tonen: {shown})." in built.output
    assert built.output.count("WAARSCHUWING") == 2  # the open workbook, and no page numbers without LibreOffice


def test_showing_again_and_a_cell_without_warning(plan_2011: Path) -> None:
    before, _ = check(plan_2011)
    check(plan_2011, "--gezien", "alle")
    _, summary = check(plan_2011, "--niet-gezien", "matrix!$g$6")  # as Excel may write it, in any case
    assert summary.endswith(
        f" 1 waarschuwing(en); {len(before) - 1} waarschuwingen als gezien gemarkeerd, tonen met --toon-gezien."
    )
    check(plan_2011, "--niet-gezien", "alle")
    assert not (plan_2011 / "gezien.yaml").exists()

    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--gezien", "Matrix!Z99"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "FOUT  --gezien: bij 'Matrix!Z99' staat geen waarschuwing; waarschuwingen staan bij: " in result.output
    assert not (plan_2011 / "gezien.yaml").exists()


def test_a_mark_that_followed_its_text_is_undone_at_the_cell_shown(plan_2011: Path) -> None:
    check(plan_2011, "--gezien", "Matrix!G6")
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"].insert_rows(2)
    book.save(plan_2011 / "jaarplan.xlsx")
    with_seen, _ = check(plan_2011, "--toon-gezien")
    (hidden,) = [line for line in with_seen if line.endswith("(gezien)")]
    assert hidden.split(" › ")[1].startswith("Matrix!G7: ")
    _, summary = check(plan_2011, "--niet-gezien", "Matrix!G7")
    assert "als gezien gemarkeerd" not in summary and not (plan_2011 / "gezien.yaml").exists()


def test_an_unreadable_marks_file_shows_every_warning_with_a_warning(plan_2011: Path) -> None:
    before, _ = check(plan_2011)
    (plan_2011 / "gezien.yaml").write_text("gezien: [kapot", encoding="utf-8")
    shown, summary = check(plan_2011)
    assert len(shown) == len(before) + 1 and "Geen fouten" in summary
    assert any("gezien.yaml: dit bestand met als gezien gemarkeerde waarschuwingen kan niet" in line for line in shown)


def test_a_mark_hides_one_warning_so_a_new_row_copying_a_marked_text_still_shows(plan_2011: Path) -> None:
    check(plan_2011, "--gezien", "Matrix!G6")
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    matrix = book["Matrix"]
    matrix["A40"], matrix["B40"], matrix["G40"] = matrix["A6"].value, matrix["B6"].value, matrix["G6"].value
    book.save(plan_2011 / "jaarplan.xlsx")
    shown, summary = check(plan_2011)
    assert "Matrix!G40" in cells(shown) and "Matrix!G6" not in cells(shown)
    assert "1 waarschuwing als gezien gemarkeerd" in summary

    # A row inserted above both: the mark follows its own warning (now G7), the copy (now G41) still shows.
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"].insert_rows(2)
    book.save(plan_2011 / "jaarplan.xlsx")
    shown, summary = check(plan_2011)
    assert "Matrix!G41" in cells(shown) and "Matrix!G7" not in cells(shown)
    assert "1 waarschuwing als gezien gemarkeerd" in summary


def test_a_cell_typed_with_a_colon_or_excel_quotes_is_marked(plan_2011: Path) -> None:
    """Bash expands '!' even in double quotes: 'Matrix:G6' does as well; Excel writes 'Thema''s'!C5."""
    _, summary = check(plan_2011, "--gezien", "Matrix:G6", "--gezien", "'Thema''s'!$C$5")
    assert "2 waarschuwingen als gezien gemarkeerd" in summary
    shown, _ = check(plan_2011)
    assert "Matrix!G6" not in cells(shown) and "Thema's!C5" not in cells(shown)
    helped = CliRunner().invoke(main, ["check", "--help"])
    assert "Matrix:H30" in " ".join(helped.output.split())


def test_a_cell_without_a_warning_lists_the_cells_of_its_own_sheet_first(plan_2011: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--gezien", "Thema's!C9"])
    assert result.exit_code == 1
    assert "staan bij: Thema's!C5, Hoofdstukken!B3" in result.output and " en 8 andere" in result.output


def test_a_bare_cell_on_two_sheets_asks_for_the_sheet(plan_2011: Path) -> None:
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["C5"] = "Sinds 2010 beter"  # Thema's!C5 names 2010 too
    book.save(plan_2011 / "jaarplan.xlsx")
    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--gezien", "C5"])
    assert result.exit_code == 1 and not (plan_2011 / "gezien.yaml").exists()
    assert "FOUT  --gezien: bij 'C5' staat een waarschuwing op meer dan één blad; noem het blad erbij:" in result.output
    assert "'Matrix!C5' of 'Thema's!C5'" in result.output
    _, summary = check(plan_2011, "--gezien", "G6")  # one sheet has a warning there: enough
    assert "1 waarschuwing als gezien gemarkeerd" in summary


def test_showing_again_a_cell_that_is_not_marked_is_an_error(plan_2011: Path) -> None:
    check(plan_2011, "--gezien", "Matrix!G6")
    before = (plan_2011 / "gezien.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--niet-gezien", "Matrix!Z9"])
    assert result.exit_code == 1
    assert (
        "FOUT  --niet-gezien: bij 'Matrix!Z9' staat geen als gezien gemarkeerde waarschuwing; als gezien "
        "gemarkeerde waarschuwingen staan bij: Matrix!G6" in result.output
    )
    assert (plan_2011 / "gezien.yaml").read_text(encoding="utf-8") == before


def test_all_but_one_marks_all_then_shows_that_one(plan_2011: Path) -> None:
    before, _ = check(plan_2011)
    result = CliRunner().invoke(
        main, ["check", "--source", str(plan_2011), "--gezien", "alle", "--niet-gezien", "Matrix!G6"]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(before) - 1} waarschuwing(en) als gezien gemarkeerd" in result.output
    shown, summary = check(plan_2011)
    assert cells(shown) == ["Matrix!G6"]
    assert f"{len(before) - 1} waarschuwingen als gezien gemarkeerd" in summary


def test_a_damaged_marks_file_is_not_overwritten(plan_2011: Path) -> None:
    check(plan_2011, "--gezien", "Matrix!G6")
    damaged = (plan_2011 / "gezien.yaml").read_text(encoding="utf-8").replace("gezien:", "gezien: [", 1)
    (plan_2011 / "gezien.yaml").write_text(damaged, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--gezien", "Matrix!G9"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "gezien.yaml: dit bestand met als gezien gemarkeerde waarschuwingen kan niet" in result.output
    assert "schrijft het niet over" in result.output
    assert (plan_2011 / "gezien.yaml").read_text(encoding="utf-8") == damaged


def test_a_marks_file_that_cannot_be_written_is_a_dutch_error(plan_2011: Path) -> None:
    (plan_2011 / ".gezien.yaml.tmp").mkdir()  # as a locked or read-only file would on Windows
    result = CliRunner().invoke(main, ["check", "--source", str(plan_2011), "--gezien", "Matrix!G6"])
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert (
        "gezien.yaml: kan dit bestand niet schrijven (" in result.output and "Er is niets gemarkeerd" in result.output
    )
    assert not (plan_2011 / "gezien.yaml").exists()


def test_a_mark_whose_message_repeats_on_the_next_row_stays_with_its_own_row(plan_2011: Path) -> None:
    """'status achter maar Stand van zaken is leeg' on two rows: the same message, told apart by their row."""
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["J3"], book["Matrix"]["J4"] = "achter", "achter"
    book.save(plan_2011 / "jaarplan.xlsx")
    check(plan_2011, "--gezien", "Matrix!J4")
    book = load_workbook(plan_2011 / "jaarplan.xlsx", rich_text=True)
    book["Matrix"].insert_rows(2)
    book.save(plan_2011 / "jaarplan.xlsx")
    shown, summary = check(plan_2011)
    assert "Matrix!J4" in cells(shown) and "Matrix!J5" not in cells(shown)  # J3 moved to J4, the marked J4 to J5
    assert "1 waarschuwing als gezien gemarkeerd" in summary


@pytest.mark.parametrize("command", ["voortgang", "html"])
def test_voortgang_and_html_say_how_many_warnings_they_left_out(plan_2011: Path, tmp_path: Path, command: str) -> None:
    check(plan_2011, "--gezien", "alle")
    seen = len(check_source(plan_2011).seen)
    result = CliRunner().invoke(main, [command, "--source", str(plan_2011), "--output", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    shown = f"jaarplan check --source {plan_2011.as_posix()} --toon-gezien"  # the hint acts on this plan
    assert f"{seen} waarschuwing(en) als gezien gemarkeerd (tonen: {shown})." in result.output
    assert "WAARSCHUWING" not in result.output
