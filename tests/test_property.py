"""Any text in any text cell: it appears literally in Word and on the web page, or the user gets a FOUT line.

Never a crash, and never markup or script: the page is read back from Chromium's DOM.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from jaarplan.commands.build import build
from jaarplan.source.check import check_source
from jaarplan.webpage.page import render_page

from .browser import open_page
from .conftest import SOURCE, TEMPLATE, without_fingerprints
from .docx_reading import matrix_tables
from .page_reading import page_table

# openpyxl refuses to write these; Excel stores them as _xHHHH_, and so does this test.
ILLEGAL_IN_OPENPYXL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# Cells and where their text lands in the first matrix: (sheet, cell, table row, table column).
TEXT_CELLS = [("Matrix", "C2", 1, 1), ("Matrix", "I3", 2, 7), ("Matrix", "B2", 1, 0)]


def as_excel_writes_it(text: str) -> str:
    return ILLEGAL_IN_OPENPYXL.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)


def as_word_shows_it(text: str) -> str:
    """What a reader should see: line ends as line breaks, tabs as spaces, invisible debris gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n" or not (unicodedata.category(ch) in ("Cc", "Cs") or ch in INVISIBLE or ch in "\ufffe\uffff")
    )


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=st.text(min_size=1, max_size=60), where=st.sampled_from(TEXT_CELLS))
@example("regel_x\x0bnog een\x0cpagina", TEXT_CELLS[0])
@example("nul\x00byte en \x1f", TEXT_CELLS[1])
@example("{{ plan.title }} {% if true %}x{% endif %} {#c#}", TEXT_CELLS[0])
@example("<w:t>&amp; 'b & w' \"raad\"</w:t>", TEXT_CELLS[2])
@example("\ufffe\uffff niet-tekens", TEXT_CELLS[0])
@example("zero\u200bwidth\ufeff", TEXT_CELLS[1])
@example("tab\there\r\nen verder", TEXT_CELLS[0])
@example("ẞ 😀 עברית مرحبا \U0001f3f3\ufe0f\u200d\U0001f308", TEXT_CELLS[2])
@example("[voetnoot 9]", TEXT_CELLS[0])
@example("zie [Voetnoot 1] hier", TEXT_CELLS[1])
@example("[voetnoot] en [voetnoot ]", TEXT_CELLS[2])
@example("<script>alert('x')</script><img src=x onerror=alert(1)>", TEXT_CELLS[1])
@example('</td></tr></table><b>vet</b> &amp; &lt; &#95; "{{ }}"', TEXT_CELLS[2])
def test_any_text_appears_literally_or_gives_a_fout_line(
    blank_page, text: str, where: tuple[str, str, int, int]
) -> None:
    assume(not re.search(r"_x[0-9A-Fa-f]{4}_", text))  # Excel itself would have escaped such a literal
    assume(as_word_shows_it(text).strip())  # a blank Doel is another rule (continuation row)
    sheet, cell, table_row, table_column = where
    with tempfile.TemporaryDirectory() as folder:
        source = without_fingerprints(Path(shutil.copytree(SOURCE, Path(folder) / "source")))
        book = load_workbook(source / "jaarplan.xlsx")
        book[sheet][cell] = as_excel_writes_it(text)
        book.save(source / "jaarplan.xlsx")

        checked = check_source(source)
        if checked.plan is None:  # the one refusal any text can cause: a footnote mark without its footnote
            assert re.search(r"\[voetnoot", text, re.IGNORECASE), [str(p) for p in checked.problems]
            assert all(p.location and p.location.file for p in checked.problems if p.is_error)
            return
        result = build(source, Path(folder) / "out", TEMPLATE)
        document = Document(result.document)  # python-docx can reopen it
        cell = matrix_tables(document)[0].cell(table_row, table_column)
        if next(cell._tc.iter(qn("w:footnoteReference")), None) is not None:
            # A footnote mark that resolved became a Word footnote (its text: test_fidelity.py); any other
            # text, a "[voetnoot]" that is no mark included, appears literally.
            assert re.search(r"\[voetnoot\s*[^\]\s]", text, re.IGNORECASE), cell.text
            return
        shown = cell.text
        assert shown == as_word_shows_it(text)
        assert on_the_web_page(blank_page, render_page(checked.plan), table_row, table_column) == shown


@pytest.fixture(scope="module")
def blank_page(browser):
    """One page for all examples (a new browser context costs a second); every dialog is recorded."""
    with open_page(browser) as page:
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page


def on_the_web_page(page, html: str, table_row: int, table_column: int) -> str:
    """The cell's text as Chromium's DOM holds it; fails if anything in the page ran or became an element."""
    page.set_content(html)
    assert page.locator("script, img, table.matrix b").count() == 0
    assert not page.dialogs
    return page_table(page, "table.matrix")[table_row][table_column].text
