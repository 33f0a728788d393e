"""An issued version is a fact of the plan: known to check, whatever the output folder, rebuilt byte for byte."""

from __future__ import annotations

import gc
import hashlib
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.commands.versions import release
from jaarplan.errors import Problem, Reason
from jaarplan.office import pdf
from jaarplan.source.check import check_source
from jaarplan.source.fingerprint import fingerprint
from jaarplan.store.archive import verify

from .conftest import SOURCE, beyond_the_default

NEXT_CONCEPT = "Versie 2.2 is uitgegeven en de bron is daarna gewijzigd: dit is het concept van versie 2.3."


@pytest.fixture(autouse=True)
def without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, "/geen/soffice")


def edit_cell(source: Path, cell: str = "I2", text: str = "Bijgewerkt na de uitgifte") -> None:
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    book["Matrix"][cell] = text
    book.save(source / "jaarplan.xlsx")


def test_the_default_plan_carries_the_fingerprint_of_version_2_2() -> None:
    assert 'inhoud: "sha256:' in (SOURCE / "plan.yaml").read_text(encoding="utf-8")
    assert beyond_the_default(check_source(SOURCE).problems) == []


def test_a_fingerprint_leaves_the_cycle_collector_as_it_found_it() -> None:
    plan = check_source(SOURCE).plan

    class Request:  # a werkomgeving's other request, alive meanwhile: a cycle only the collector frees
        def __init__(self) -> None:
            self.itself = self

    other = Request()
    gone = weakref.ref(other)
    assert fingerprint(plan) == fingerprint(plan)  # paused while it runs (lean.collector_paused) ...
    assert gc.isenabled()  # ... on again afterwards ...
    del other
    gc.collect()
    assert gone() is None  # ... and what was alive meanwhile is still the collector's to free


def test_check_calls_an_edit_after_an_issued_version_the_next_concept(issued_copy: Path) -> None:
    edit_cell(issued_copy)
    result = CliRunner().invoke(main, ["check", "--source", str(issued_copy)])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Versie 2.2")]
    assert line.startswith(NEXT_CONCEPT)
    assert f"jaarplan release --source {issued_copy.as_posix()} --author" in line  # never another plan's source
    assert "--overwrite" not in result.output and "status: concept" not in result.output


def test_build_after_an_edit_is_concept_2_3_and_2_2_stays_as_issued(issued_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "uit"
    issued = build(issued_copy, output)  # 2.2 delivered and archived
    kept = {path: path.read_bytes() for path in [issued.document, *issued.archive.rglob("*")] if path.is_file()}
    plan_yaml = (issued_copy / "plan.yaml").read_bytes()
    edit_cell(issued_copy)
    concept = build(issued_copy, output)
    assert concept.document.name == "Gezamenlijk jaarplan 2010 - versie 2.3.docx" and concept.archive is None
    headers = [" ".join(p.text for p in section.header.paragraphs) for section in Document(concept.document).sections]
    assert "CONCEPT – Gezamenlijk jaarplan 2010 – versie 2.3" in headers
    assert (issued_copy / "plan.yaml").read_bytes() == plan_yaml  # nothing edited by hand, nothing by jaarplan
    assert {path: path.read_bytes() for path in kept} == kept
    assert sorted(path.name for path in (output / "archief").iterdir()) == ["versie-2.2"]


def test_status_concept_on_an_issued_number_builds_the_next_concept(issued_copy: Path, tmp_path: Path) -> None:
    """Following the old advice ('status: concept') no longer ends in a second FOUT after the layout."""
    output = tmp_path / "uit"
    build(issued_copy, output)
    plan_yaml = issued_copy / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("status: definitief", "status: concept"))
    edit_cell(issued_copy)
    result = build(issued_copy, output)
    assert result.document.name.endswith("versie 2.3.docx") and result.plan.metadata.is_concept


def test_overwrite_builds_a_changed_issued_version_but_never_archives_it(issued_copy: Path, tmp_path: Path) -> None:
    edit_cell(issued_copy)
    result = build(issued_copy, tmp_path / "elders", overwrite=True)
    assert result.document.is_file() and result.archive is None
    assert not (tmp_path / "elders" / "archief").exists()
    assert any(
        "met --overwrite wordt versie 2.2 toch gebouwd, maar niet gearchiveerd" in p.message for p in result.warnings
    )


def test_a_concept_may_change(issued_copy: Path) -> None:
    edit_cell(issued_copy)
    plan_yaml = issued_copy / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("status: definitief", "status: concept"))
    checked = check_source(issued_copy)
    assert checked.plan is not None and not any(problem.is_error for problem in checked.problems)


def test_release_records_the_fingerprint_and_the_next_edit_is_caught(issued_copy: Path, tmp_path: Path) -> None:
    edit_cell(issued_copy)
    release(issued_copy, tmp_path / "uit", author="JM", description="Stand van zaken bijgewerkt")
    text = (issued_copy / "plan.yaml").read_text(encoding="utf-8")
    assert text.count('inhoud: "sha256:') == 2 and 'versie: "2.3"' in text
    assert beyond_the_default(check_source(issued_copy).problems) == []
    edit_cell(issued_copy, "I3", "Nog een wijziging")
    checked = check_source(issued_copy)
    assert not_last_year(beyond_the_default(checked.problems)) == [] and checked.follows == "2.3"
    assert (checked.plan.metadata.version, checked.plan.metadata.status) == ("2.4", "concept")


def add_column(source: Path, header: str, cells: dict[int, str]) -> None:
    """A column of the user's own after Status on the Matrix sheet, with text in the given rows."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    sheet = book["Matrix"]
    column = next((cell.column for cell in sheet[1] if cell.value == header), sheet.max_column + 1)
    sheet.cell(1, column, header)
    for row, text in cells.items():
        sheet.cell(row, column, text)
    book.save(source / "jaarplan.xlsx")


@pytest.mark.parametrize("header", ["Opmerking intern", "Trekker"])
def test_a_column_of_ones_own_beside_an_issued_version_leaves_it_unchanged(issued_copy: Path, header: str) -> None:
    """Still issued version 2.2, not the next concept: a carried column is no content of the document."""
    add_column(issued_copy, header, {2: "Nog bellen met de wijkagent"})
    checked = check_source(issued_copy)
    assert beyond_the_default(checked.problems) == [] and not checked.follows
    assert (checked.plan.metadata.version, checked.plan.metadata.status) == ("2.2", "definitief")
    assert dict(checked.plan.themes[0].goals[0].rows[0].carried)[header].text == "Nog bellen met de wijkagent"
    add_column(issued_copy, header, {2: "Gebeld", 3: "Politie"})  # a changed and a new cell: still no content
    checked = check_source(issued_copy)
    assert (checked.plan.metadata.version, checked.plan.metadata.status) == ("2.2", "definitief")
    assert beyond_the_default(check_source(issued_copy, allow_changed_issue=True).problems) == []  # nor --overwrite


def test_a_fingerprint_typed_over_is_named(issued_copy: Path) -> None:
    plan_yaml = issued_copy / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8")
    plan_yaml.write_text(text.replace('inhoud: "sha256:', 'inhoud: "sha256:zz'), encoding="utf-8")
    (problem,) = check_source(issued_copy).problems
    assert (
        str(problem.location).endswith("plan.yaml, regel 27") and "'inhoud' moet het controlegetal" in problem.message
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_rebuilt_issued_version_is_the_archived_file_byte_for_byte(tmp_path: Path) -> None:
    first = build(SOURCE, tmp_path)
    archived = first.archive / first.document.name
    first.document.unlink()  # delivered copy lost, or a later build: both must give the archived bytes
    again = build(SOURCE, tmp_path)
    assert again.document.read_bytes() == archived.read_bytes()
    build(SOURCE, tmp_path)
    manifest = (first.archive / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{sha256(again.document)}  {again.document.name}" in manifest.splitlines()
    assert verify(first.archive) == []


def not_last_year(problems: list[Problem]) -> list[Problem]:
    """``problems`` without the reminders that a cell still names last year (a concept gets them)."""
    return [problem for problem in problems if problem.reason is not Reason.LAST_YEAR]


def test_the_next_concept_reminds_of_last_year_as_every_concept_does(issued_copy: Path) -> None:
    """README: 'check' repeats 'noemt nog 2009' while the plan is a concept, also the concept after an issue."""
    assert not_last_year(check_source(issued_copy).problems) == check_source(issued_copy).problems  # as issued
    edit_cell(issued_copy)
    checked = check_source(issued_copy)
    reminders = [problem for problem in checked.problems if problem.reason is Reason.LAST_YEAR]
    assert checked.plan.metadata.version == "2.3" and len(reminders) >= 5
    assert all(problem.message.startswith("noemt nog 2009; pas de tekst aan voor 2010") for problem in reminders)


def test_the_reminders_come_with_the_errors_of_an_edited_issued_version(issued_copy: Path) -> None:
    """All problems in one run: an error in the next concept does not hold its reminders back."""
    edit_cell(issued_copy)
    edit_cell(issued_copy, "J3", "klaar")  # no status: an error
    problems = check_source(issued_copy).problems
    assert any(problem.is_error for problem in problems)
    assert len([problem for problem in problems if problem.reason is Reason.LAST_YEAR]) >= 5


def test_a_release_refuses_initials_that_cannot_stand_on_a_title_page(issued_copy: Path, tmp_path: Path) -> None:
    """Issued is for good: a line break, an invisible character or a name instead of initials is refused first."""
    edit_cell(issued_copy)
    for author, said in (("J\nM", "regeleinde"), ("J\u200bM", "onzichtbaar teken"), ("A" * 21, "hoogstens 20")):
        result = CliRunner().invoke(
            main,
            [
                "release",
                "--source",
                str(issued_copy),
                "--output",
                str(tmp_path / "uit"),
                "--author",
                author,
                "--description",
                "x",
            ],
        )
        assert result.exit_code == 1 and said in result.output
        assert 'versie: "2.2"' in (issued_copy / "plan.yaml").read_text(encoding="utf-8")
        assert not (tmp_path / "uit" / "archief").exists() or not list(
            (tmp_path / "uit" / "archief").rglob("versie-2.3")
        )
