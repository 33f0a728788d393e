"""What ``jaarplan diff`` prints: context cut between whole words, and a loose workbook called what it is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.office import pdf
from jaarplan.text import shorten

from .conftest import TEMPLATE
from .indicator_plans import EXAMPLE

LONG_GOAL = "Het verslaglegging-overleg over de looptijd van het convenant en de voortgangsrapportages per kwartaal"


@pytest.fixture
def printed(source_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``jaarplan diff LOOSE.xlsx SOURCE`` after one word changed in a long theme text and a long Doel added."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))  # the terminal report is the point
    loose = tmp_path / "los" / "jaarplan kopie.xlsx"  # a workbook alone, without plan.yaml
    loose.parent.mkdir()
    shutil.copyfile(source_copy / "jaarplan.xlsx", loose)
    book = load_workbook(source_copy / "jaarplan.xlsx", rich_text=True)
    themes = book["Thema's"]
    assert "wordt opgepakt" in str(themes["C9"].value)
    themes["C9"] = str(themes["C9"].value).replace("wordt opgepakt", "wordt stevig opgepakt", 1)
    book["Matrix"].append(["Veelplegers", LONG_GOAL, "Een plan per kwartaal"])
    book.save(source_copy / "jaarplan.xlsx")
    arguments = ["diff", str(loose), str(source_copy), "--output", str(tmp_path / "uit"), "--template", str(TEMPLATE)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_context_around_a_change_is_cut_between_words(printed: list[str]) -> None:
    (changed,) = [line for line in printed if "stevig+}" in line]
    assert "…" in changed  # a long paragraph, cut around the change
    assert not re.search(r"\w…|…\w", changed), changed  # never "…sduur in de" or "versl…"
    (added,) = [line for line in printed if "regel toegevoegd" in line]
    quoted = re.search(r"doel '([^']*)'", added).group(1)
    assert quoted.endswith("…") and LONG_GOAL.startswith(quoted[:-1]) and LONG_GOAL[len(quoted) - 1] == " "


def test_a_loose_workbook_is_called_a_workbook_not_version_0_0(printed: list[str], tmp_path: Path) -> None:
    loose = (tmp_path / "los" / "jaarplan kopie.xlsx").as_posix()
    (title,) = [line for line in printed if line.startswith("Wijzigingen van ")]
    assert title.startswith(f"Wijzigingen van werkmap {loose} (zonder plan.yaml, dus zonder versie) naar versie 2.2")
    assert "0.0" not in "\n".join(printed)
    assert "Documentgegevens:" not in printed  # plan.yaml's title, partners, … are not in a workbook to compare
    (written,) = [line for line in printed if line.startswith("Geschreven: ")]
    assert written.endswith(" - wijzigingen werkmap jaarplan kopie → versie 2.2.docx")


def test_shorten_cuts_after_a_whole_word() -> None:
    assert shorten(LONG_GOAL) == "Het verslaglegging-overleg over de looptijd van…"
    assert shorten("kort") == "kort"
    assert shorten("a" * 80, 20) == "a" * 19 + "…"  # one word longer than the room: cut inside it


def test_a_changed_indicator_is_a_difference_named_in_words_and_the_redline_has_the_new_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streefwaarde and a measurement changed, nothing else: diff names both, and the redline shows the new table."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))
    old = shutil.copytree(EXAMPLE, tmp_path / "bron")
    new = shutil.copytree(EXAMPLE, tmp_path / "bron nieuw")
    book = load_workbook(new / "jaarplan.xlsx", rich_text=True)
    indicators, measurements = book["Indicatoren"], book["Metingen"]
    assert (indicators["C2"].value, indicators["J2"].value) == ("Diefstallen uit woning", 2.5)
    indicators["J2"] = 2.0
    row = next(r for r in measurements.iter_rows(min_row=2) if (r[0].value, r[1].value, r[2].value) ==
               ("Diefstallen uit woning", "Gemeente", 2025))  # fmt: skip
    assert row[3].value == 2.7
    row[3].value = 3.3
    book.save(new / "jaarplan.xlsx")
    output = tmp_path / "uit"
    arguments = ["diff", str(old), str(new), "--output", str(output), "--template", str(TEMPLATE)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert "Geen verschillen" not in result.output
    assert "  indicator 'Diefstallen uit woning' gewijzigd:" in result.output.splitlines()
    assert "    streefwaarde: 2,5 (2026) → 2 (2026)" in result.output.splitlines()
    assert "    meting 2025 (Gemeente): 2,7 → 3,3" in result.output.splitlines()
    (redline,) = output.rglob("*.docx")
    rows = [
        [cell.text for cell in table.rows[1].cells]
        for table in docx.Document(redline).tables
        if table.rows[0].cells[0].text == "Indicator" and table.rows[1].cells[0].text == "Diefstallen uit woning"
    ]
    assert rows and rows[0][3:5] == ["3,3 (2025)", "2 (2026)"], rows
