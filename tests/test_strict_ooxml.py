"""Strict Open XML: a workbook and a Word plan saved as Strict read exactly as their Transitional originals.

The Strict copies are made in test code (``tests/strict_ooxml.py``: namespaces
and relationship types as the Strict schemas name them), then read back
cell by cell and paragraph by paragraph. A Strict file whose parts cannot be
read says it is Strict and how to save it as an ordinary file.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from jaarplan.cli.commands import main
from jaarplan.commands.create import import_plan
from jaarplan.errors import PlanError
from jaarplan.importer.from_word import STRICT_UNREADABLE as WORD_STRICT_UNREADABLE
from jaarplan.source.check import check_source, load_plan
from jaarplan.source.xlsx import strict as strict_module
from jaarplan.source.xlsx.cells import STRICT_UNREADABLE, read_cells
from jaarplan.source.xlsx.strict import TransitionalStream, transitional

from .broken_inputs import patch_zip
from .conftest import SOURCE, beyond_the_default, without_fingerprints
from .strict_ooxml import to_strict
from .test_start import plan_data
from .test_workbook_cells import workbook

PACKAGE_RELATIONSHIPS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def strict_source(tmp_path: Path) -> Path:
    source = without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))
    to_strict(source / "jaarplan.xlsx")
    return source


def test_the_strict_copies_hold_no_transitional_name(built_default: Path, tmp_path: Path) -> None:
    """The copies are really Strict: no URI of the ordinary schemas is left, only the packaging's (Part 2) and
    markup compatibility's, which Strict keeps; not just the names in the table, any left out of it."""
    workbook = strict_source(tmp_path) / "jaarplan.xlsx"
    document = to_strict(Path(shutil.copy(built_default, tmp_path / "strict.docx")))
    for path, main_part in ((workbook, b"spreadsheetml/main"), (document, b"wordprocessingml/main")):
        with zipfile.ZipFile(path) as archive:
            text = b"".join(archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels")))
        assert b"purl.oclc.org/ooxml/" + main_part in text and b'conformance="strict"' in text
        left = set(re.findall(rb"http://schemas\.openxmlformats\.org/[^\"' ]*", text))
        assert {uri for uri in left if not uri.startswith(KEPT_IN_STRICT)} == set(), path.name


KEPT_IN_STRICT = (
    b"http://schemas.openxmlformats.org/package/",
    b"http://schemas.openxmlformats.org/markup-compatibility/",
)


def test_every_cell_of_a_strict_workbook_reads_as_in_the_original(tmp_path: Path) -> None:
    original, strict = read_cells(SOURCE / "jaarplan.xlsx"), read_cells(strict_source(tmp_path) / "jaarplan.xlsx")
    assert strict.sheet_names == original.sheet_names
    cells = 0
    for name, sheet in original.sheets.items():
        assert strict.sheets[name].rows == sheet.rows, name  # value, runs, style and formula of every cell
        assert (strict.sheets[name].state, strict.sheets[name].hidden_rows) == (sheet.state, sheet.hidden_rows)
        cells += sum(len(row) for row in sheet.rows.values())
    assert cells > 300


def test_a_strict_workbook_is_checked_and_read_as_the_same_plan(tmp_path: Path) -> None:
    source = strict_source(tmp_path)
    assert beyond_the_default(check_source(source).problems) == []  # the default plan's own Deadline warning aside
    assert plan_data(load_plan(source).plan) == plan_data(load_plan(SOURCE).plan)


def test_a_strict_date_is_iso_8601_and_reads_as_the_serial_of_the_original(tmp_path: Path) -> None:
    serial = '<sheetData><row r="1"><c r="A1" s="2"><v>40543.5</v></c></row></sheetData>'
    iso = '<sheetData><row r="1"><c r="A1" s="2" t="d"><v>2010-12-31T12:00:00</v></c></row></sheetData>'
    ordinary = workbook(tmp_path / "t.xlsx", {"Blad": serial})
    strict = workbook(tmp_path / "s.xlsx", {"Blad": iso})
    with zipfile.ZipFile(strict, "a") as archive:  # the package's own relationships, which name the main part
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
    to_strict(strict)
    expected = datetime.datetime(2010, 12, 31, 12)
    assert [read_cells(path).sheets["Blad"].cell(1, 1).value for path in (ordinary, strict)] == [expected] * 2


def test_a_strict_word_plan_imports_as_the_original(built_default: Path, tmp_path: Path) -> None:
    strict = to_strict(Path(shutil.copy(built_default, tmp_path / "strict.docx")))
    with pytest.raises(KeyError, match="no relationship of type"):  # python-docx alone does not read Strict
        Document(str(strict))
    assert import_plan(strict, tmp_path / "uit-strict") == []
    assert import_plan(built_default, tmp_path / "uit-gewoon") == []
    imported, original = (load_plan(tmp_path / name).plan for name in ("uit-strict", "uit-gewoon"))
    imported.metadata.plan_id = original.metadata.plan_id = ""  # each import is a plan of its own (lifecycle)
    assert plan_data(imported) == plan_data(original) == plan_data(load_plan(SOURCE).plan)
    paragraphs = [p for part in (*imported.chapters, *imported.themes) for p in part.paragraphs]
    rows = [row for theme in imported.themes for goal in theme.goals for row in goal.rows]
    assert len(paragraphs) > 10 and len(rows) > 30 and imported.footnotes  # equal, and not equally empty


def test_a_strict_workbook_that_cannot_be_read_says_it_is_strict(tmp_path: Path) -> None:
    source = strict_source(tmp_path)
    patch_zip(source / "jaarplan.xlsx", "xl/worksheets/sheet4.xml", b"</sheetData>", b"</sheetDat>")
    with pytest.raises(PlanError) as raised:
        read_cells(source / "jaarplan.xlsx")
    assert raised.value.message == STRICT_UNREADABLE
    assert "'Strict Open XML'" in STRICT_UNREADABLE and "Excel-werkmap (*.xlsx)" in STRICT_UNREADABLE


def test_a_strict_word_plan_that_cannot_be_read_says_it_is_strict(built_default: Path, tmp_path: Path) -> None:
    strict = to_strict(Path(shutil.copy(built_default, tmp_path / "strict.docx")))
    patch_zip(strict, "word/document.xml", b"</w:body>", b"</w:bod>")
    result = CliRunner().invoke(main, ["import", str(strict), str(tmp_path / "bron")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == f"FOUT  {strict.as_posix()}: {WORD_STRICT_UNREADABLE}"
    assert "Word-document (*.docx), niet 'Strict Open XML-document'" in WORD_STRICT_UNREADABLE


def test_a_part_translated_as_it_streams_equals_the_part_translated_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks end anywhere, also inside a namespace URI; the stream cuts only after a ``>``."""
    declarations = "".join(f' xmlns:n{n}="http://purl.oclc.org/ooxml/spreadsheetml/main"' for n in range(50))
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200))
    xml = f'<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"{declarations}>{rows}</worksheet>'.encode()
    expected = transitional(xml)
    assert expected.count(b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"') == 51
    for chunk in (7, 64, 1000):
        monkeypatch.setattr(strict_module, "_CHUNK", chunk)
        stream = TransitionalStream(io.BytesIO(xml))
        read = b"".join(iter(functools.partial(stream.read, 13), b""))
        assert read == expected, chunk


def test_a_uri_cut_at_any_chunk_boundary_translates_as_the_whole() -> None:
    """Every chunk size up to past the longest URI, so each URI is cut at every place in turn."""
    uris = [
        "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/customXml",
    ]
    xml = "".join(f'<r t="{uri}">{"x" * n}</r>' for n, uri in enumerate(uris * 3)).encode()
    expected = transitional(xml)
    assert b"purl.oclc.org" not in expected
    for chunk in range(1, strict_module.LONGEST_MATCH + 40):
        stream = TransitionalStream(io.BytesIO(xml), chunk)
        assert b"".join(iter(functools.partial(stream.read, 5), b"")) == expected, chunk


def test_a_long_stretch_without_a_uri_is_not_scanned_again_and_again() -> None:
    """A 40 MB string in one cell holds no ``>``: what waits for the next chunk stays a URI's length, not all of it."""
    xml = b'<c t="inlineStr"><is><t>' + b"a" * (1024 * 1024) + b'</t></is></c><x r="http://purl.oclc.org/ooxml/a/b"/>'
    stream = TransitionalStream(io.BytesIO(xml), 4096)
    read, longest_wait = [], 0
    while piece := stream.read(4096):
        read.append(piece)
        longest_wait = max(longest_wait, len(stream.waiting))
    assert b"".join(read) == transitional(xml)
    assert longest_wait < strict_module.LONGEST_MATCH


def test_the_transitional_copy_holds_only_referenced_parts_and_stores_pictures(
    built_default: Path, tmp_path: Path
) -> None:
    """A member no relationship reaches is never unpacked; a picture is not deflated a second time."""
    strict = to_strict(Path(shutil.copy(built_default, tmp_path / "strict.docx")))
    with zipfile.ZipFile(strict, "a") as archive:
        archive.writestr("word/media/los.bin", b"niemand verwijst hiernaar")
    with zipfile.ZipFile(strict) as archive, zipfile.ZipFile(strict_module.transitional_package(archive)) as copy:
        kept = {info.filename: info.compress_type for info in copy.infolist()}
        assert set(kept) == set(archive.namelist()) - {"word/media/los.bin"}
    assert kept["docProps/thumbnail.jpeg"] == zipfile.ZIP_STORED
    assert kept["word/document.xml"] == kept["[Content_Types].xml"] == zipfile.ZIP_DEFLATED
