"""The send-ready PDF and the filled table of contents, checked with poppler and pypdf.

These tests need LibreOffice and poppler-utils. CI installs both (``.ci/run``);
elsewhere they are skipped with the reason, never silently passed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from jaarplan.cli.commands import main
from jaarplan.commands.build import BuildResult, build, layout_hint
from jaarplan.errors import PlanError
from jaarplan.office import pdf
from jaarplan.store.archive import verify

from .conftest import SOURCE, TEMPLATE, beyond_the_default
from .docx_reading import is_toc_entry, paragraph_text
from .ooxml_validation import assert_valid_ooxml
from .pdf_structure import tag_counts
from .system_tools import poppler, require_pdf_tools
from .waiting import wait_until, wait_until_gone

HEADER = "Gezamenlijk jaarplan 2010 – versie 2.2"
HEADINGS = 13


def _pages(pdf_file: Path) -> list[list[str]]:
    """The text lines of every page, as pdftotext lays them out."""
    text = poppler("pdftotext", "-layout", pdf_file, "-")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")[:-1]]


def _body_lines(page: list[str]) -> list[str]:
    """A page's lines without the running header and the page footer."""
    return [line for line in page if line != HEADER and not re.fullmatch(r"pagina \d+ van \d+", line)]


def _toc_entries(pages: list[list[str]]) -> list[tuple[str, int]]:
    toc_page = next(page for page in pages if "Inhoudsopgave" in page)
    entries = []
    for line in toc_page:
        match = re.fullmatch(r"(.+?)\s*\.{2,}\s*(\d+)", line)
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries


def test_table_of_contents_shows_the_pages_the_headings_stand_on(delivered: BuildResult) -> None:
    pages = _pages(delivered.pdf)
    entries = _toc_entries(pages)
    assert len(entries) == HEADINGS
    assert entries[0] == ("Aanleiding", 3)
    toc_page = next(number for number, page in enumerate(pages, 1) if "Inhoudsopgave" in page)
    for title, page_number in entries:
        standing = [n for n, page in enumerate(pages, 1) if n > toc_page and title in page]
        assert standing and standing[0] == page_number, f"{title!r}: toc says {page_number}, stands on {standing}"


def test_page_x_of_y_is_right_on_every_page(delivered: BuildResult) -> None:
    pages = _pages(delivered.pdf)
    assert len(pages) >= 8
    assert not any(line.startswith("pagina ") for line in pages[0])  # the title page has no footer
    for number, page in enumerate(pages[1:], 2):
        assert f"pagina {number} van {len(pages)}" in page


def test_delivered_docx_has_the_numbers_without_updating(delivered: BuildResult) -> None:
    document = Document(delivered.document)
    body = document.element.body
    entries = [p for p in body.iter(qn("w:p")) if is_toc_entry(p)]
    numbers = [int(re.search(r"(\d+)$", paragraph_text(p)).group(1)) for p in entries]
    assert [(paragraph_text(p)[: -len(str(n))], n) for p, n in zip(entries, numbers, strict=True)] == _toc_entries(
        _pages(delivered.pdf)
    )
    assert document.settings.element.find(qn("w:updateFields")) is None
    toc_fields = [t.text.strip() for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert toc_fields == ['TOC \\o "1-2" \\h \\z \\u']
    # Each number is a PAGEREF field to a bookmark on its heading, so Word can refresh it too.
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    references = [t.text.split()[1] for p in entries for t in p.iter(qn("w:instrText")) if "PAGEREF" in t.text]
    assert len(references) == HEADINGS and set(references) <= bookmarks


def test_delivered_docx_with_its_page_numbers_passes_the_validator(delivered: BuildResult) -> None:
    assert_valid_ooxml(delivered.document)


def test_pdf_is_tagged_with_title_language_and_bookmarks(delivered: BuildResult) -> None:
    info = poppler("pdfinfo", delivered.pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Gezamenlijk jaarplan 2010$", info, re.MULTILINE)
    reader = PdfReader(delivered.pdf)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl-NL"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["Aanleiding", "Afstemming", "Proces"] and len(titles) == HEADINGS


def test_matrix_header_cells_are_tagged_as_table_headers(delivered: BuildResult) -> None:
    kinds = tag_counts(delivered.pdf)
    assert kinds.get("/Table") == 9 + 1  # nine matrices and the Versiebeheer table
    assert kinds.get("/TH") == 9 * 8 + 4  # every header cell: eight per matrix, four of Versiebeheer


def test_no_blank_page_and_real_text(delivered: BuildResult) -> None:
    pages = _pages(delivered.pdf)
    assert len(pages) >= 8
    for number, page in enumerate(pages, 1):
        assert _body_lines(page), f"page {number} has nothing but header and footer"
    images = poppler("pdfimages", "-list", delivered.pdf)
    assert len(images.strip().splitlines()) == 2  # pdfimages' column heads only: no pictures of text


def test_no_word_outside_its_page(delivered: BuildResult) -> None:
    bbox = poppler("pdftotext", "-bbox", delivered.pdf, "-")
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", bbox))
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    words = 0
    for page in root.iterfind(".//x:page", namespace):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iterfind("x:word", namespace):
            words += 1
            box = [float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")]
            assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height, word.text
    assert words > 2500


def test_no_heading_left_alone_at_the_bottom_of_a_page(delivered: BuildResult) -> None:
    titles = {title for title, _ in _toc_entries(_pages(delivered.pdf))}
    assert len(titles) == HEADINGS
    for number, page in enumerate(_pages(delivered.pdf), 1):
        body = _body_lines(page)
        assert body[-1] not in titles, f"heading {body[-1]!r} ends page {number}"


def test_pdf_command_converts_an_existing_document(delivered: BuildResult, tmp_path: Path) -> None:
    copy = Path(shutil.copy(delivered.document, tmp_path / "ter kennisname raad.docx"))
    result = CliRunner().invoke(main, ["pdf", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Geschreven:" in result.output
    # LibreOffice opening the delivered .docx shows the same filled table of contents.
    assert _toc_entries(_pages(tmp_path / "ter kennisname raad.pdf")) == _toc_entries(_pages(delivered.pdf))


def test_without_libreoffice_one_dutch_sentence_and_the_docx_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen" / "soffice"))
    result = CliRunner().invoke(
        main, ["build", "--pdf", "--source", str(SOURCE), "--output", str(tmp_path), "--template", str(TEMPLATE)]
    )
    assert result.exit_code == 1
    assert "LibreOffice is niet gevonden" in result.output and "Traceback" not in result.output
    assert (tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.docx").is_file()
    assert not (tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.pdf").exists()
    result = CliRunner().invoke(main, ["pdf", str(tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.docx")])
    assert result.exit_code == 1 and "LibreOffice is niet gevonden" in result.output


def _fake_soffice(folder: Path, script: str) -> Path:
    """A stand-in for soffice: a shell script, so the test needs no LibreOffice."""
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a shell script")
def test_libreoffice_error_text_is_passed_on(tmp_path: Path) -> None:
    soffice = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with pytest.raises(PlanError, match="foutcode 1: Error: source file could not be loaded"):
        pdf.convert(soffice, tmp_path / "plan.docx", tmp_path)


HANGING = 'echo $$ > "$(dirname "$0")/pids"; sleep 60 & echo $! >> "$(dirname "$0")/pids"; wait'


def _started(pid_file: Path) -> None:
    """Wait (up to 30 s) until the HANGING stand-in has written both its pids: its shell's and its sleep's."""
    wait_until(
        lambda: pid_file.read_text().split() if pid_file.exists() else [],
        lambda pids: len(pids) >= 2,
        within=30,
        what=f"{pid_file} names the stand-in's two processes",
    )


def _wait_all_gone(pid_file: Path) -> None:
    """Wait (up to five seconds) until every process the stand-in started has ended."""
    wait_until_gone([int(line) for line in pid_file.read_text().split()], within=5)


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a shell script")
def test_libreoffice_that_hangs_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    soffice = _fake_soffice(tmp_path, HANGING)
    with pytest.raises(PlanError, match="na 1 seconden nog niet klaar"):
        pdf.convert(soffice, tmp_path / "plan.docx", tmp_path, timeout=1)
    _wait_all_gone(tmp_path / "pids")


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a shell script")
def test_ctrl_c_stops_libreoffice_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    soffice = _fake_soffice(tmp_path, HANGING)
    original = subprocess.Popen.communicate

    def interrupted(self: subprocess.Popen, *args: object, **kwargs: object) -> object:
        if kwargs.get("timeout"):
            _started(tmp_path / "pids")
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pdf.convert(soffice, tmp_path / "plan.docx", tmp_path)
    _wait_all_gone(tmp_path / "pids")


@pytest.mark.skipif(os.name == "nt", reason="the stand-in soffice is a shell script")
def test_libreoffice_without_output_says_so(tmp_path: Path) -> None:
    soffice = _fake_soffice(tmp_path, "echo 'convert plan.docx -> plan.pdf using filter'")
    with pytest.raises(PlanError, match=r"geen PDF gemaakt.*convert plan\.docx"):
        pdf.convert(soffice, tmp_path / "plan.docx", tmp_path)


def test_a_rebuild_without_libreoffice_is_the_same_issued_version(
    delivered: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page numbers LibreOffice fills in do not make an issued version 'other content'."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, "/geen/soffice")
    again = build(SOURCE, delivered.document.parent, TEMPLATE, paginate=True)
    assert again.backups == [] and again.document == delivered.document


def test_a_rebuilt_issued_version_delivers_the_archived_files_byte_for_byte(delivered: BuildResult) -> None:
    """LibreOffice stamps every PDF with its time; the issued files are what a rebuild delivers, unchanged."""
    again = build(SOURCE, delivered.document.parent, TEMPLATE, with_pdf=True, paginate=True)
    folder = delivered.document.parent / "archief" / "versie-2.2"
    assert again.pdf.read_bytes() == (folder / again.pdf.name).read_bytes()
    assert again.document.read_bytes() == (folder / again.document.name).read_bytes()
    assert again.backups == [] and verify(folder) == []


def test_the_archive_has_the_pdf_and_verifies(delivered: BuildResult) -> None:
    folder = delivered.archive or delivered.document.parent / "archief" / "versie-2.2"
    assert (folder / delivered.pdf.name).is_file()
    assert verify(folder) == []


def test_a_pdf_made_later_joins_the_archive(tmp_path: Path) -> None:
    require_pdf_tools()
    first = build(SOURCE, tmp_path, TEMPLATE)  # no PDF yet
    assert sorted(p.name for p in first.archive.iterdir() if p.suffix == ".pdf") == []
    later = build(SOURCE, tmp_path, TEMPLATE, with_pdf=True, paginate=True)
    assert (first.archive / later.pdf.name).is_file() and verify(first.archive) == []


def test_pdf_command_numbers_the_contents_of_a_document_built_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pdf_tools()
    with monkeypatch.context() as patch:
        patch.setenv(pdf.SOFFICE_VARIABLE, "/geen/soffice")
        document = build(SOURCE, tmp_path, TEMPLATE, paginate=True).document
    before = document.read_bytes()
    result = CliRunner().invoke(main, ["pdf", str(document)])
    assert result.exit_code == 0, result.output
    entries = _toc_entries(_pages(document.with_suffix(".pdf")))
    assert len(entries) == HEADINGS and entries[0] == ("Aanleiding", 3)
    assert document.read_bytes() == before  # the .docx is left as it is


def test_the_web_page_offers_the_word_and_pdf_files_of_its_version(delivered: BuildResult) -> None:
    """`jaarplan html` after `build --pdf`: both documents copied beside the page and linked from its footer."""
    from urllib.parse import unquote

    from jaarplan.commands.build import publish_site

    site = publish_site(SOURCE, delivered.document.parent)
    assert site.documents == [delivered.document, delivered.pdf] and not beyond_the_default(site.warnings)
    html = site.page.read_text(encoding="utf-8")
    links = re.findall(r'<li><a href="([^"]+)">(Word|PDF)-document \((\.docx|\.pdf), \d+ kB\)</a></li>', html)
    assert [(kind, suffix) for _, kind, suffix in links] == [("Word", ".docx"), ("PDF", ".pdf")]
    for href, _, _ in links:
        copied = site.page.parent / unquote(href)
        original = delivered.document.with_suffix(copied.suffix)
        assert copied.read_bytes() == original.read_bytes()


def test_a_large_document_gets_more_time_and_the_user_is_told_it_takes_minutes(tmp_path: Path) -> None:
    small, large = tmp_path / "klein.docx", tmp_path / "groot.docx"
    for path, megabytes in ((small, 0.2), (large, 60)):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b" " * int(megabytes * 1_000_000))
    assert pdf.time_limit(small) < pdf.TIMEOUT_SECONDS + 5  # the default plan: the usual five minutes
    assert pdf.time_limit(large) == pytest.approx(pdf.TIMEOUT_SECONDS + 4 * 60 * pdf.SECONDS_PER_MEGABYTE)
    assert pdf.time_limit(tmp_path / "ontbreekt.docx") == pdf.TIMEOUT_SECONDS
    assert layout_hint(small) == ""
    assert layout_hint(large) == " (een groot document: reken op 4 minuten of meer)"  # 20,000 rows: 60 MB
