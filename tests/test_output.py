"""Nothing lost: atomic writes, issued versions never silently replaced, locked files explained."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.errors import PlanError
from jaarplan.store import files

from .conftest import TEMPLATE
from .docx_reading import matrix_tables

NAME = "Gezamenlijk jaarplan 2010 - versie 2.2.docx"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The output folder, apart from the source copy."""
    return tmp_path / "uit"


def edit_cell(source: Path, text: str) -> None:
    book = load_workbook(source / "jaarplan.xlsx")
    book["Matrix"]["C2"] = text
    book.save(source / "jaarplan.xlsx")


def set_status(source: Path, status: str) -> None:
    path = source / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: definitief", f"status: {status}"), "utf-8")


def test_same_content_rebuilds_quietly(source_copy: Path, out: Path) -> None:
    first = build(source_copy, out, TEMPLATE)
    second = build(source_copy, out, TEMPLATE)
    assert second.backups == [] and sorted(p.name for p in out.iterdir() if p.is_file()) == [NAME]
    assert first.document == second.document


def test_issued_version_with_other_content_is_refused(source_copy: Path, out: Path) -> None:
    issued = build(source_copy, out, TEMPLATE).document
    before = issued.read_bytes()
    shutil.rmtree(out / "archief")  # an output folder from before archives: the definitief document is the guard
    edit_cell(source_copy, "Een latere wijziging")
    with pytest.raises(PlanError, match="uitgegeven \\(definitieve\\) versie met een andere inhoud"):
        build(source_copy, out, TEMPLATE)
    assert issued.read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [NAME]  # no temporary file left behind


def test_overwrite_keeps_the_old_one_as_backup(source_copy: Path, out: Path) -> None:
    issued = build(source_copy, out, TEMPLATE).document
    before = issued.read_bytes()
    edit_cell(source_copy, "Een latere wijziging")
    result = CliRunner().invoke(
        main,
        ["build", "--source", str(source_copy), "--output", str(out), "--template", str(TEMPLATE), "--overwrite"],
    )
    assert result.exit_code == 0, result.output
    backups = [p for p in out.iterdir() if "(vervangen " in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert f"Oude versie bewaard als: {backups[0]}" in result.output
    assert matrix_tables(Document(issued))[0].cell(1, 1).text == "Een latere wijziging"


def test_a_concept_is_replaced_freely(source_copy: Path, out: Path) -> None:
    set_status(source_copy, "concept")
    build(source_copy, out, TEMPLATE)
    edit_cell(source_copy, "Nog aan het schrijven")
    result = build(source_copy, out, TEMPLATE)
    assert result.backups == []
    assert matrix_tables(Document(result.document))[0].cell(1, 1).text == "Nog aan het schrijven"


def test_interrupted_build_leaves_the_old_document_intact(
    source_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_status(source_copy, "concept")  # a concept would be replaced, if the build got that far
    document = build(source_copy, out, TEMPLATE).document
    before = document.read_bytes()
    edit_cell(source_copy, "Halverwege afgebroken")

    def save_half_then_interrupt(self: object, path: str | os.PathLike) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half")
        raise KeyboardInterrupt

    monkeypatch.setattr("docx.document.Document.save", save_half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(source_copy, out, TEMPLATE)
    assert document.read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [document.name]  # concept 2.3: 2.2 was issued


def test_document_open_in_word_gives_a_clear_message(
    source_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(source: str, target: str) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(files.os, "replace", locked)
    result = CliRunner().invoke(
        main, ["build", "--source", str(source_copy), "--output", str(out), "--template", str(TEMPLATE)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"FOUT  {out / NAME}: het bestand kan niet worden geschreven; is het nog geopend" in result.output
    assert not out.exists() or list(out.iterdir()) == []  # the temporary file (and the lock) cleaned up


def test_read_only_folder_gives_a_clear_message(source_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)  # as a read-only folder does, also for root
    result = CliRunner().invoke(
        main, ["build", "--source", str(source_copy), "--output", str(out), "--template", str(TEMPLATE)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"FOUT  {out}: de map kan niet worden geschreven; is het nog geopend" in result.output


def test_an_archived_version_is_not_silently_rebuilt(source_copy: Path, out: Path) -> None:
    issued = build(source_copy, out, TEMPLATE)
    archived = sorted((p.name, p.read_bytes()) for p in issued.archive.rglob("*") if p.is_file())
    assert [name for name, _ in archived] == sorted([NAME, "SHA256SUMS", "jaarplan.xlsx", "plan.yaml"])
    edit_cell(source_copy, "Stilletjes gewijzigd")
    issued.document.unlink()  # even with the output copy gone, the archive remembers
    concept = build(source_copy, out, TEMPLATE).plan.metadata  # issued before fingerprints: the archive tells
    assert (concept.version, concept.status) == ("2.3", "concept")
    again = build(source_copy, out, TEMPLATE, overwrite=True)
    assert [w.message for w in again.warnings if "archief" in w.message]
    assert sorted((p.name, p.read_bytes()) for p in issued.archive.rglob("*") if p.is_file()) == archived
