"""One plan, one version lifecycle: two plan years in one folder, the numbers a release takes, a killed release.

Every command runs as a user types it (the CLI through click's runner, a
release killed with a real SIGKILL in a process of its own); what it wrote is
read back from plan.yaml, the archive, the documents and the Versies page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands import workspace
from jaarplan.commands.build import build
from jaarplan.office import pdf
from jaarplan.source.metadata import read_metadata
from jaarplan.store import archive
from jaarplan.store.logbook import entries
from jaarplan.word.same_document import document_status

from .conftest import SOURCE
from .waiting import wait_until
from .web_support import NEW_PROGRESS, _users_file_content, csrf_of, fixed_workbook
from .web_support import Plan as WebPlan

EDITOR = "jan.meijer"
PASSWORD = "correct paard batterij"


@pytest.fixture(autouse=True)
def without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same steps without a PDF, seconds faster; tests/test_pdf.py covers LibreOffice."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, "/geen/soffice")


def jaarplan(*arguments: object, code: int = 0) -> list[str]:
    """Run the command as typed; its lines (stdout and stderr), after checking its exit code."""
    result = CliRunner().invoke(main, [str(argument) for argument in arguments])
    assert result.exit_code == code, result.output
    return result.output.splitlines()


def edit_cell(source: Path, cell: str, text: str) -> None:
    """An edit in Calc or Excel: one Stand van zaken cell of the Matrix sheet."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    book["Matrix"][cell] = text
    book.save(source / "jaarplan.xlsx")


def all_text(path: Path) -> str:
    document = Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def history(source: Path) -> list[str]:
    return [entry.version for entry in read_metadata(source / "plan.yaml").history]


def web_client(source: Path, output: Path, users: Path):
    """A bewerker logged in to the werkomgeving on the plan in ``source``."""
    client = WebPlan(source, output, users).app().test_client()
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    client.post("/inloggen", data={"naam": EDITOR, "wachtwoord": PASSWORD, "csrf": token})
    return client


def versies_page(source: Path, output: Path, users: Path) -> list[str]:
    """The version numbers the werkomgeving's Versies page lists for the plan in ``source``."""
    html = web_client(source, output, users).get("/versies").get_data(as_text=True)
    return re.findall(r'<th scope="row" data-label="Versie">([^<]*)</th>', html)


# --- 1. versions belong to their plan -------------------------------------------------------------


def test_two_plan_years_in_one_folder_each_see_only_their_own_versions(tmp_path: Path) -> None:
    source, output, bron = tmp_path / "source", tmp_path / "output", tmp_path / "bron-2011"
    shutil.copytree(SOURCE, source)
    users = tmp_path / "gebruikers.json"
    users.write_bytes(_users_file_content())
    jaarplan("build", "--source", source, "--output", output)  # the 2010 plan's 2.2, archived as always
    assert (output / "archief" / "versie-2.2" / "bron" / "plan.yaml").is_file()

    jaarplan("new", bron, "--from", source, "--year", 2011)
    jaarplan("build", "--source", bron, "--output", output)
    jaarplan("release", "--source", bron, "--output", output, "--author", "JM", "--description", "Eerste versie")
    edit_cell(bron, "I2", "Eerste kwartaal: gestart")
    built = jaarplan("build", "--source", bron, "--output", output)
    assert f"Geschreven: {output / 'Gezamenlijk jaarplan 2011 - versie 1.1.docx'}" in built
    jaarplan("release", "--source", bron, "--output", output, "--author", "JM", "--description", "Stand bijgewerkt")
    assert history(bron) == ["1.0", "1.1"] and history(source) == ["2.2"]

    # numbering: 2.2 is the 2010 plan's; for 2011 it would skip numbers, which is what the refusal says
    refused = jaarplan(
        "release", "--source", bron, "--output", output, "--author", "JM", "--description", "x", "--version", "2.2",
        code=1,
    )  # fmt: skip
    assert refused == ["FOUT  versie 2.2 slaat nummers over; de volgende versie is 1.2 of 2.0"]

    # voortgang: since this plan's last issued version; --sinds knows only this plan's versions
    report = jaarplan("voortgang", "--source", bron, "--output", output)
    text = all_text(Path(report[-2].removeprefix("Geschreven: ")))
    assert "versie 1.1" in text and "versie 2.2" not in text
    wrong = jaarplan("voortgang", "--source", bron, "--output", output, "--sinds", "2.2", code=1)
    assert "gearchiveerde versies: 1.0, 1.1)" in wrong[-1]
    ten = jaarplan("voortgang", "--source", source, "--output", output)
    assert "versie 2.2" in all_text(Path(ten[-2].removeprefix("Geschreven: ")))  # the 2010 archive still found

    # diff: a number is one of the plan in --source; across plans only when asked, and the title says so
    same = jaarplan("diff", "1.0", "--source", bron, "--output", output)
    assert same[-1].endswith("Gezamenlijk jaarplan 2011 - wijzigingen versie 1.0 → versie 1.1.docx")
    other = jaarplan("diff", "1.1", "--source", source, "--output", output, code=1)
    assert other[-1].endswith("versie 1.1 staat niet in het archief van dit plan (gearchiveerde versies: 2.2)")
    across = jaarplan("diff", "2.2", bron, "--source", source, "--output", output)
    redline = Path(across[-1].removeprefix("Geschreven: "))
    assert redline.name == (
        "Gezamenlijk jaarplan 2011 - wijzigingen Gezamenlijk jaarplan 2010 versie 2.2 → "
        "Gezamenlijk jaarplan 2011 versie 1.1.docx"
    )
    assert "(twee verschillende plannen)" in all_text(redline)

    # the werkomgeving's Versies page, for either plan
    assert versies_page(bron, output, users) == ["1.1", "1.0"]
    assert versies_page(source, output, users) == ["2.2"]


def test_an_archive_made_before_kenmerken_stays_its_plans_own(tmp_path: Path) -> None:
    """A 2011 plan made by an older jaarplan (no kenmerk) archived 1.0 beside 2010's 2.2: neither claims the other."""
    source, output, old = tmp_path / "source", tmp_path / "output", tmp_path / "oud-2011"
    shutil.copytree(SOURCE, source)
    jaarplan("build", "--source", source, "--output", output)
    jaarplan("new", old, "--from", source, "--year", 2011)
    plan_yaml = old / "plan.yaml"
    plan_yaml.write_text(re.sub(r"(?m)^(# Kenmerk.*\n)?kenmerk: .*\n", "", plan_yaml.read_text("utf-8")), "utf-8")
    jaarplan("release", "--source", old, "--output", output, "--author", "JM", "--description", "Eerste")
    assert sorted(path.name for path in (output / "archief").iterdir()) == ["versie-1.0", "versie-2.2"]
    assert (
        "gearchiveerde versies: 1.0)"
        in jaarplan("voortgang", "--source", old, "--output", output, "--sinds", "2.2", code=1)[-1]
    )
    assert (
        "gearchiveerde versies: 2.2)"
        in jaarplan("voortgang", "--source", source, "--output", output, "--sinds", "1.0", code=1)[-1]
    )


# --- 2. from "I changed the plan" to the next version ---------------------------------------------


def test_a_new_plan_is_0_x_and_its_first_issue_1_0_then_no_gaps(tmp_path: Path) -> None:
    bron, output = tmp_path / "bron-2011", tmp_path / "output"
    jaarplan("new", bron, "--from", SOURCE, "--year", 2011)
    assert read_metadata(bron / "plan.yaml").version == "0.1"
    jaarplan("release", "--source", bron, "--output", output, "--author", "JM", "--description", "Eerste")
    edit_cell(bron, "I2", "Een wijziging")
    plan_yaml = bron / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8").replace('versie: "1.0"', 'versie: "1.1"', 1)
    plan_yaml.write_text(text.replace("status: definitief", "status: concept"), encoding="utf-8")  # raised by hand
    jaarplan("release", "--source", bron, "--output", output, "--author", "JM", "--description", "Tweede")
    assert history(bron) == ["1.0", "1.1"]  # the hand-raised concept is issued under its own number, not 1.2
    edit_cell(bron, "I2", "Een grote herziening")
    jaarplan(
        "release", "--source", bron, "--output", output, "--author", "JM", "--description", "Nieuw", "--version", "2.0"
    )
    assert history(bron) == ["1.0", "1.1", "2.0"]
    document = Document(output / "Gezamenlijk jaarplan 2011 - versie 2.0.docx")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Versie")
    assert [row.cells[0].text for row in table.rows[1:]] == ["1.0", "1.1", "2.0"]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("99999999999999999999.1", "'99999999999999999999.1' is geen bruikbaar versienummer"),
        ("2.1", "versie 2.1 is niet hoger dan de laatst uitgegeven versie 2.2"),
        ("2.5", "versie 2.5 slaat nummers over"),
        ("4.0", "versie 4.0 slaat nummers over"),
        ("drie", "'drie' is geen bruikbaar versienummer"),
    ],
)
def test_an_impossible_number_is_refused_before_anything_is_written(tmp_path: Path, number: str, message: str) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    before = {path.name: path.read_bytes() for path in source.iterdir()}
    lines = jaarplan(
        "release", "--source", source, "--output", output, "--author", "JM", "--description", "x", "--version", number,
        code=1,
    )  # fmt: skip
    assert lines == [f"FOUT  {message}; de volgende versie is 2.3 of 3.0"]
    assert {path.name: path.read_bytes() for path in source.iterdir()} == before and not output.exists()


def test_releasing_what_was_issued_is_refused_in_dutch(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    lines = jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "x", code=1)
    assert lines == [
        "FOUT  de bron is gelijk aan versie 2.2, die al is uitgegeven; er is niets nieuws om uit te geven "
        "(wijzig eerst de werkmap of plan.yaml)"
    ]
    assert history(source) == ["2.2"]


def test_every_suggested_command_repeats_source_and_output(tmp_path: Path) -> None:
    """Copied literally in another folder, the advice acts on this plan, not on the default one."""
    source, output = tmp_path / "bron 2011", tmp_path / "uitvoer map"
    shutil.copytree(SOURCE, source)
    edit_cell(source, "I2", "Bijgewerkt")
    checked = jaarplan("check", "--source", source)
    built = jaarplan("build", "--source", source, "--output", output)
    quoted_source, quoted_output = f'"{source.as_posix()}"', f'"{output.as_posix()}"'
    suggestions = [line for line in checked + built if "jaarplan " in line and "--" in line]
    assert suggestions and all(f"--source {quoted_source}" in line for line in suggestions)
    assert f"jaarplan release --source {quoted_source} --output {quoted_output} --author INITIALEN" in built[-1]
    assert not any("--overwrite" in line or "status: concept" in line for line in checked + built)


# --- a release is all or nothing, also under SIGKILL --------------------------------------------

KILLED_AT = """
import os, signal, sys
from pathlib import Path
import {module} as target
real = target.{name}

def killed(*arguments, **keywords):
    if {after}:
        real(*arguments, **keywords)
    os.kill(os.getpid(), signal.SIGKILL)

target.{name} = killed
from jaarplan.cli.commands import run
run(sys.argv[1:], prog_name="jaarplan")
"""


def release_killed(source: Path, output: Path, module: str, name: str, *, after: bool) -> None:
    """``jaarplan release`` in a process of its own, killed (SIGKILL) just before or after ``module.name`` runs."""
    script = KILLED_AT.format(module=module, name=name, after=after)
    arguments = ["--source", source, "--output", output, "--author", "JM", "--description", "Afgebroken"]
    environment = {**os.environ, pdf.SOFFICE_VARIABLE: "/geen/soffice"}
    process = subprocess.run(
        [sys.executable, "-c", script, "release", *map(str, arguments)],
        env=environment,
        capture_output=True,
        timeout=300,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_release_killed_before_its_archive_is_complete_leaves_plan_yaml_as_it_was(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    plan_yaml = (source / "plan.yaml").read_bytes()
    # the moment the old release was most exposed: after the layout, while the archive is being written
    release_killed(source, output, "jaarplan.store.archive", "write_manifest", after=False)
    assert (source / "plan.yaml").read_bytes() == plan_yaml
    assert not (output / "archief" / "versie-2.3").exists()
    lines = jaarplan("build", "--source", source, "--output", output)
    assert any(
        "een onderbroken uitgave van versie 2.3 kwam niet in het archief en is opgeruimd" in line for line in lines
    )
    assert not list((output / "archief").glob(".versie-*"))
    assert any("onderbroken uitgave" in entry.what for entry in entries(output))
    assert read_metadata(source / "plan.yaml").version == "2.2"
    jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "Opnieuw")
    assert history(source) == ["2.2", "2.3"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_release_killed_after_its_archive_is_finished_at_the_next_start_and_logged(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    release_killed(source, output, "jaarplan.commands.versions", "write_atomically", after=False)
    assert history(source) == ["2.2"]  # plan.yaml never names a version whose archive is not complete
    archived = output / "archief" / "versie-2.3"
    assert (archived / "SHA256SUMS").is_file()
    lines = jaarplan("build", "--source", source, "--output", output)
    assert any("versie 2.3 was al uitgegeven en compleet gearchiveerd" in line for line in lines)
    assert history(source) == ["2.2", "2.3"]
    assert (source / "plan.yaml").read_bytes() == (archived / "bron" / "plan.yaml").read_bytes()
    [backup] = source.glob("plan (vervangen *).yaml")  # the plan.yaml the journal named, kept
    assert read_metadata(backup).version == "2.2"
    assert any(entry.action == "herstel" and "versie 2.3" in entry.what for entry in entries(output))
    assert (output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx").is_file()


def set_field(source: Path, key: str, value: str) -> None:
    """An edit of plan.yaml in a text editor: one top-level field."""
    plan_yaml = source / "plan.yaml"
    text = plan_yaml.read_text("utf-8")
    plan_yaml.write_text(re.sub(rf"(?m)^{key}: .*$", f'{key}: "{value}"', text, count=1), "utf-8")


def test_a_copied_plan_folder_is_never_taken_over_by_the_release_of_its_original(tmp_path: Path) -> None:
    """The review's case: a copy shares the kenmerk and so the archive; its plan.yaml stays as it is, and it is told."""
    original, copy, output = tmp_path / "bron 2011", tmp_path / "bron 2011 regio", tmp_path / "output"
    jaarplan("new", original, "--from", SOURCE, "--year", 2011)
    shutil.copytree(original, copy)
    set_field(copy, "partners", "Regio Noord")
    copied_yaml = (copy / "plan.yaml").read_bytes()
    jaarplan("release", "--source", original, "--output", output, "--author", "JM", "--description", "Eerste")
    lines = jaarplan("build", "--source", copy, "--output", output)
    assert (copy / "plan.yaml").read_bytes() == copied_yaml
    assert not list(copy.glob("plan (vervangen *"))
    assert any("is deze map een kopie van een andere bronmap?" in line and "versie 1.0" in line for line in lines)
    assert not any("plan.yaml is nu bijgewerkt" in line for line in lines)
    assert not any(entry.action == "herstel" for entry in entries(output))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_plan_yaml_edited_after_a_killed_release_is_kept_and_the_user_told(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    release_killed(source, output, "jaarplan.commands.versions", "write_atomically", after=False)
    set_field(source, "partners", "Politie, gemeente en Regio Noord")  # edited before the next start
    edited = (source / "plan.yaml").read_bytes()
    lines = []
    build(source, output, progress=lines.append, who="Anna")  # as the werkomgeving builds, for its user
    assert (source / "plan.yaml").read_bytes() == edited
    assert any("plan.yaml is daarna gewijzigd; plan.yaml is daarom niet bijgewerkt" in line for line in lines)
    assert [entry.who for entry in entries(output) if entry.action == "herstel"] == ["Anna"]
    assert not (source / ".jaarplan-uitgave.json").exists()
    assert (output / "archief" / "versie-2.3" / "SHA256SUMS").is_file()  # the issued version stays as issued


def test_a_corrected_title_keeps_the_archive_of_a_plan_without_kenmerk(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    jaarplan("build", "--source", source, "--output", output)  # 2.2, archived in archief/versie-2.2 as always
    set_field(source, "titel", "Gezamenlijk Jaarplan")
    lines = jaarplan("diff", "2.2", "--source", source, "--output", output)
    assert any("versie 2.2" in line for line in lines)
    jaarplan("voortgang", "--source", source, "--output", output, "--sinds", "2.2")  # exit code 0: 2.2 is found


def test_check_and_build_say_the_next_concept_in_one_sentence(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    sentence = "Versie 2.2 is uitgegeven en de bron is daarna gewijzigd: dit is het concept van versie 2.3."
    assert any(line.startswith(sentence) for line in jaarplan("check", "--source", source))
    assert sentence in jaarplan("build", "--source", source, "--output", output)


def test_a_version_issued_before_fingerprints_and_edited_is_the_next_concept_without_overwrite(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    plan_yaml = source / "plan.yaml"
    plan_yaml.write_text(re.sub(r"(?m)^\s*inhoud: .*\n", "", plan_yaml.read_text("utf-8")), "utf-8")
    assert not read_metadata(plan_yaml).history[-1].fingerprint
    jaarplan("build", "--source", source, "--output", output)  # 2.2 archived, as an older jaarplan did
    edit_cell(source, "I2", "Bijgewerkt")
    built = jaarplan("build", "--source", source, "--output", output)
    assert "Versie 2.2 is uitgegeven en de bron is daarna gewijzigd: dit is het concept van versie 2.3." in built
    assert not any("--overwrite" in line for line in built)
    assert document_status(output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx") == "concept"
    jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "Bijgewerkt")
    assert history(source) == ["2.2", "2.3"]


def test_a_cli_release_is_in_the_logboek(tmp_path: Path) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "Stand  bij")
    [entry] = [entry for entry in entries(output) if entry.action == "release"]
    assert entry.what == "versie 2.3: Stand bij" and entry.who


# --- a document open in Word during a release -------------------------------------------------------


def word_holds(monkeypatch: pytest.MonkeyPatch, target: Path, *, from_start: bool) -> None:
    """What Windows does while Word has ``target`` open: it cannot be replaced, nor opened for writing.

    ``from_start=False``: Word opened it only after the release checked it (the delivery is refused, not the check).
    """
    real_replace, real_open = os.replace, Path.open

    def replace(source: object, destination: object) -> None:
        if Path(destination) == target:
            raise PermissionError(13, "Het proces heeft geen toegang tot het bestand", str(destination))
        real_replace(source, destination)

    def open_(path: Path, mode: str = "r", *arguments: object, **keywords: object):
        if from_start and path == target and any(letter in mode for letter in "wa+"):
            raise PermissionError(13, "Het proces heeft geen toegang tot het bestand", str(path))
        return real_open(path, mode, *arguments, **keywords)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "open", open_)


def test_a_document_open_in_word_refuses_the_release_before_anything_is_issued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    jaarplan("build", "--source", source, "--output", output)  # concept 2.3, now open in Word
    plan_yaml = (source / "plan.yaml").read_bytes()
    word_holds(monkeypatch, output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx", from_start=True)
    lines = jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "x", code=1)
    assert lines[-1].startswith("FOUT  ") and "nog geopend" in lines[-1] and "Er is nog niets gewijzigd" in lines[-1]
    assert (source / "plan.yaml").read_bytes() == plan_yaml
    assert not (output / "archief" / "versie-2.3").exists()
    assert not (source / ".jaarplan-uitgave.json").exists()


def test_a_document_opened_during_the_release_is_a_warning_and_the_next_build_delivers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    jaarplan("build", "--source", source, "--output", output)
    document = output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx"
    with monkeypatch.context() as word:
        word_holds(word, document, from_start=False)
        lines = jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "x")
    assert not any(line.startswith("FOUT") for line in lines)
    assert any(
        line.startswith("WAARSCHUWING")
        and "versie 2.3 is uitgegeven en gearchiveerd" in line
        and "bouw opnieuw" in line
        for line in lines
    )
    assert history(source) == ["2.2", "2.3"] and (output / "archief" / "versie-2.3" / "SHA256SUMS").is_file()
    assert [entry.what for entry in entries(output) if entry.action == "release"] == ["versie 2.3: x"]
    assert document_status(document) == "concept"  # Word kept it
    jaarplan("build", "--source", source, "--output", output)  # after closing Word
    assert document_status(document) == "definitief"


# --- the archive rename on Windows -------------------------------------------------------------------


def test_the_archive_rename_is_retried_while_another_program_holds_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")
    real_rename, refusals = os.rename, iter([True, True])

    def held(staging: object, folder: object) -> None:  # WinError 32 from Defender, twice
        if next(refusals, False):
            raise PermissionError(13, "Het proces heeft geen toegang tot het bestand", str(staging))
        real_rename(staging, folder)

    waits: list[float] = []
    monkeypatch.setattr(archive.time, "sleep", waits.append)
    monkeypatch.setattr(archive.os, "rename", held)
    jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "x")
    assert history(source) == ["2.2", "2.3"] and len(waits) == 2
    assert (output / "archief" / "versie-2.3" / "SHA256SUMS").is_file()


def test_an_archive_folder_held_for_good_is_a_dutch_refusal_and_nothing_is_issued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output"
    edit_cell(source, "I2", "Bijgewerkt")

    def held(staging: object, folder: object) -> None:
        raise PermissionError(13, "Het proces heeft geen toegang tot het bestand", str(staging))

    monkeypatch.setattr(archive.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(archive.os, "rename", held)
    lines = jaarplan("release", "--source", source, "--output", output, "--author", "JM", "--description", "x", code=1)
    assert lines[-1:] == [
        f"FOUT  {output / 'archief'}: het archief van versie 2.3 kon niet op zijn plaats worden gezet: een ander "
        "programma (een virusscanner, de zoekindex of de Verkenner) houdt de map vast; er is niets uitgegeven, "
        "probeer het over een minuut opnieuw"
    ]
    assert history(source) == ["2.2"] and not list((output / "archief").iterdir())
    assert not (source / ".jaarplan-uitgave.json").exists()


# --- the werkomgeving follows the same lifecycle --------------------------------------------------


@pytest.fixture
def issued_plan(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The 2010 plan with its fingerprint, 2.2 built and archived; and the users file."""
    source, output, users = Path(shutil.copytree(SOURCE, tmp_path / "source")), tmp_path / "output", tmp_path / "u.json"
    users.write_bytes(_users_file_content())
    jaarplan("build", "--source", source, "--output", output)
    return source, output, users


def finished(client, job_url: str) -> str:
    """The job page once its job has ended."""
    wait_until(lambda: client.get(f"{job_url}/status").get_json(), lambda status: status["finished"], 120, job_url)
    return client.get(job_url).get_data(as_text=True)


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style|head)\b.*?</\1>", "", html))


COMMAND_LINE = re.compile(r"jaarplan (build|release|check)|--[a-z]|status: concept")


def test_bouwen_after_an_upload_builds_the_next_concept_without_command_line_advice(issued_plan) -> None:
    source, output, users = issued_plan
    client = web_client(source, output, users)
    page = client.get("/werkmap").get_data(as_text=True)
    tag = re.search(r'name="versie" value="([^"]*)"', page).group(1)
    form = {"csrf": csrf_of(page), "werkmap": (io.BytesIO(fixed_workbook(source)), "jaarplan.xlsx"), "versie": tag}
    uploaded = client.post("/werkmap", data=form, content_type="multipart/form-data").get_data(as_text=True)
    plan_yaml = (source / "plan.yaml").read_bytes()
    job = client.post("/bouwen", data={"csrf": csrf_of(client.get("/").get_data(as_text=True))}).headers["Location"]
    done = finished(client, job)
    assert "Klaar: versie 2.3 is gebouwd" in done
    built = Document(output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx")
    assert NEW_PROGRESS in all_text(output / "Gezamenlijk jaarplan 2010 - versie 2.3.docx")
    assert "CONCEPT" in " ".join(p.text for p in built.sections[-1].header.paragraphs)
    assert (source / "plan.yaml").read_bytes() == plan_yaml
    pages = [uploaded, done] + [client.get(url).get_data(as_text=True) for url in ("/", "/controle", "/versies")]
    assert not [COMMAND_LINE.findall(visible_text(html)) for html in pages if COMMAND_LINE.search(visible_text(html))]


def filled_in_author(html: str) -> str:
    """The initials the Uitgeven confirmation fills in for the title page."""
    return re.search(r'name="auteur" value="([^"]*)"', html).group(1)


def test_uitgeven_on_ones_own_pc_asks_the_initials_with_the_last_author_filled_in(issued_plan) -> None:
    """Without a login the user is only the pc's account ('root' gave 'R' on the title page): the page asks."""
    source, output, users = issued_plan
    client = WebPlan(source, output, users).app(login_required=False).test_client()
    csrf = csrf_of(client.get("/versies").get_data(as_text=True))
    edit_cell(source, "I2", NEW_PROGRESS)
    form = {"csrf": csrf, "omschrijving": "Rooidagen", "versie": ""}
    asked = client.post("/versies/uitgeven", data=form)
    assert filled_in_author(asked.text) == "JM"  # who issued 2.2, not a letter of the account name
    form |= {"bevestigd": "ja", "stand": re.search(r'name="stand" value="([^"]*)"', asked.text).group(1)}
    empty = client.post("/versies/uitgeven", data=form | {"auteur": "  "})
    assert "Versie 2.3 uitgeven?" in empty.text and history(source) == ["2.2"]  # asked again, nothing issued
    confirmed = client.post("/versies/uitgeven", data=form | {"auteur": "AB"})
    assert "Klaar: versie 2.3 is gebouwd en gearchiveerd" in finished(client, confirmed.headers["Location"])
    assert read_metadata(source / "plan.yaml").history[-1].author == "AB"


def test_versies_release_block_names_the_author_and_says_when_there_is_nothing_new(issued_plan) -> None:
    """Walk finding 4: the block offered 2.3 by 'R' (the pc's account) for a source equal to 2.2."""
    source, output, users = issued_plan
    client = WebPlan(source, output, users).app(login_required=False).test_client()
    same = visible_text(client.get("/versies").text)
    assert (
        "De bron is gelijk aan versie 2.2, die al is uitgegeven; er is niets nieuws om uit te geven (wijzig eerst de "
        "werkmap of plan.yaml)." in same
    )
    assert "Verder: controleren en bevestigen" not in same and "uitgegeven als definitieve versie" not in same
    edit_cell(source, "I2", NEW_PROGRESS)
    changed = " ".join(visible_text(client.get("/versies").text).split())
    assert "wordt uitgegeven als definitieve versie 2.3" in changed
    assert "Auteur: JM (die van de vorige versie; bij het bevestigen kunt u het aanpassen)." in changed
    logged_in = " ".join(visible_text(web_client(source, output, users).get("/versies").text).split())
    logged_in = logged_in.replace(" .", ".")
    assert "Auteur: JM. U ziet eerst" in logged_in  # jan.meijer's own initials, as the README says


def test_a_save_while_versies_checks_is_not_taken_for_nothing_new(issued_plan, monkeypatch) -> None:
    """Review of walk finding 4: an edit saved between the check and the cache's key kept 'niets nieuws'."""
    source, output, _ = issued_plan
    real = workspace.checked_source
    saved_meanwhile = []

    def check_then_someone_saves(folder: Path):
        checked = real(folder)
        if not saved_meanwhile:
            edit_cell(source, "I2", NEW_PROGRESS)  # Calc saves just after the check read the file
            saved_meanwhile.append(True)
        return checked

    monkeypatch.setattr(workspace, "checked_source", check_then_someone_saves)
    assert "niets nieuws" in workspace.nothing_to_release_of(source, output)  # true of what was read
    assert workspace.nothing_to_release_of(source, output) == ""  # the saved edit is the next concept


def test_uitgeven_names_the_number_shows_the_changes_and_asks_first(issued_plan) -> None:
    source, output, users = issued_plan
    client = web_client(source, output, users)
    csrf = csrf_of(client.get("/versies").get_data(as_text=True))
    same = client.post("/versies/uitgeven", data={"csrf": csrf, "omschrijving": "x", "versie": ""})
    assert same.status_code == 409 and "de bron is gelijk aan versie 2.2, die al is uitgegeven" in same.text
    skipped = client.post("/versies/uitgeven", data={"csrf": csrf, "omschrijving": "x", "versie": "2.5"})
    assert skipped.status_code == 409 and "versie 2.5 slaat nummers over" in skipped.text
    assert not COMMAND_LINE.search(visible_text(same.text) + visible_text(skipped.text))

    edit_cell(source, "I2", NEW_PROGRESS)
    versies = client.get("/versies").get_data(as_text=True)
    assert "uitgegeven als definitieve versie <strong>2.3</strong>" in versies
    asked = client.post("/versies/uitgeven", data={"csrf": csrf, "omschrijving": "Rooidagen", "versie": ""})
    assert asked.status_code == 200 and "Versie 2.3 uitgeven?" in asked.text
    assert "Wat er veranderde sinds versie 2.2" in asked.text and f"<ins>{NEW_PROGRESS}</ins>" in asked.text
    assert not (output / "archief" / "versie-2.3").exists() and history(source) == ["2.2"]
    stand = re.search(r'name="stand" value="([^"]*)"', asked.text).group(1)
    author = filled_in_author(asked.text)
    assert author == "JM"  # the initials of who logged in

    edit_cell(source, "I3", "Nog iets")  # someone else changes the plan meanwhile: asked again, not issued
    form = {"csrf": csrf, "omschrijving": "Rooidagen", "versie": "", "bevestigd": "ja", "auteur": author}
    again = client.post("/versies/uitgeven", data=form | {"stand": stand})
    assert "intussen gewijzigd" in again.text and history(source) == ["2.2"]
    stand = re.search(r'name="stand" value="([^"]*)"', again.text).group(1)
    for wrong, said in (("A" * 21, "21 tekens lang; hoogstens 20"), ("J\nM", "regeleinde of een onzichtbaar teken")):
        refused = client.post("/versies/uitgeven", data=form | {"stand": stand, "auteur": wrong})
        assert said in refused.text and 'aria-invalid="true"' in refused.text and history(source) == ["2.2"]
    confirmed = client.post("/versies/uitgeven", data=form | {"stand": stand})
    assert "Klaar: versie 2.3 is gebouwd en gearchiveerd" in finished(client, confirmed.headers["Location"])
    assert history(source) == ["2.2", "2.3"]
