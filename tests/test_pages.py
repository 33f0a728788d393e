"""Pages fit for the college and the raad: whole matrix rows, Dutch hyphenation, dates on one line, readable prose.

Read back from PDFs that LibreOffice makes: the default plan (``delivered``,
shared with test_pdf.py) and a plan with dates in Deadline and one matrix row
of 400 sentences, longer than a page.
"""

from __future__ import annotations

import datetime
import re
import shutil
import statistics
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from jaarplan.commands.build import BuildResult, build
from jaarplan.word.ooxml import footnote_texts, paragraph_style_id

from .conftest import SOURCE, TEMPLATE, without_fingerprints
from .docx_reading import matrix_tables
from .system_tools import poppler, require_pdf_tools

DATES = {  # Deadline cells
    "H3": datetime.datetime(2010, 12, 31),
    "H5": datetime.datetime(2010, 9, 30),
    "H20": datetime.datetime(2010, 11, 15),
}
LONG_CELL = "C12"  # Specifiek of a Huiselijk geweld row
SENTENCES = [f"Zin {n} van 400: de partners bespreken elke week de voortgang van de aanpak." for n in range(1, 401)]
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="session")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The default plan with three dates typed in Deadline and a row of 400 sentences, as PDF."""
    require_pdf_tools()
    folder = tmp_path_factory.mktemp("lang")
    source = without_fingerprints(Path(shutil.copytree(SOURCE, folder / "source")))  # edited: not the issued 2.2
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    matrix = book["Matrix"]
    assert matrix["H1"].value == "Deadline"
    for cell, date in DATES.items():
        matrix[cell] = date
    matrix[LONG_CELL] = " ".join(SENTENCES)
    book.save(source / "jaarplan.xlsx")
    return build(source, folder / "uit", TEMPLATE, with_pdf=True, paginate=True)


def _text(pdf_file: Path, *options: str) -> str:
    return poppler("pdftotext", *options, pdf_file, "-")


def _words_by_page(pdf_file: Path) -> list[list[tuple[str, float, float]]]:
    """Every page's words with their left and top edge, in reading order."""
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", _text(pdf_file, "-bbox")))
    return [
        [(word.text or "", float(word.get("xMin")), float(word.get("yMin"))) for word in page.iterfind("x:word", XHTML)]
        for page in root.iterfind(".//x:page", XHTML)
    ]


def _letters(text: str) -> str:
    """Letters and digits only: what is left of a text however lines and pages broke it."""
    return re.sub(r"[\W_]", "", text).lower()


def _matrix_rows(document) -> list[list[str]]:
    """The text of each matrix body row's cells in the built .docx."""
    return [
        ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.findall(qn("w:tc"))]
        for table in matrix_tables(document)
        for tr in table._tbl.findall(qn("w:tr"))[1:]
    ]


def test_a_matrix_row_that_fits_on_a_page_is_not_split(delivered: BuildResult) -> None:
    """Each long cell of each row stands whole on one page: no scraps under the next page's header."""
    pages = [_letters(page) for page in _text(delivered.pdf).split("\f")]
    cells = [cell for row in _matrix_rows(Document(delivered.document)) for cell in row if len(cell) > 30]
    assert len(cells) > 40
    split = [cell[:40] for cell in cells if not any(_letters(cell) in page for page in pages)]
    assert split == []


def test_matrix_rows_may_not_split_in_the_docx(delivered: BuildResult) -> None:
    """``w:cantSplit`` on every matrix row, so Word keeps them whole too."""
    tables = matrix_tables(Document(delivered.document))
    rows = [row for table in tables for row in table._tbl.findall(qn("w:tr"))]
    assert len(tables) == 9 and len(rows) == 9 + 34  # each theme's matrix: its header row and its body rows
    loose = [index for index, row in enumerate(rows) if row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None]
    assert loose == []


def test_a_row_longer_than_a_page_flows_over_pages_and_loses_no_text(long_plan: BuildResult) -> None:
    long_rows = [
        tr
        for table in matrix_tables(Document(long_plan.document))
        for tr in table._tbl.findall(qn("w:tr"))
        if "Zin 400 van 400" in "".join(t.text or "" for t in tr.iter(qn("w:t")))
    ]
    assert len(long_rows) == 1 and long_rows[0].find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None
    # The Specifiek column, page after page, without its repeated header: all 400 sentences in order.
    column = []
    pages_with_sentences = 0
    for words in _words_by_page(long_plan.pdf):
        header = [(x, y) for text, x, y in words if text == "Specifiek"]
        if not header:
            continue
        left = header[0][0] - 3
        right = min(x for text, x, _ in words if text == "Meetbaar") - 3
        inside = [text for text, x, y in words if left <= x < right and text != "Specifiek"]
        pages_with_sentences += any(text == "400:" for text in inside)
        column += inside
    assert _letters(" ".join(SENTENCES)) in _letters(" ".join(column))
    assert pages_with_sentences >= 3


def test_no_date_wraps(long_plan: BuildResult, delivered: BuildResult) -> None:
    """A date in Deadline ("31 december 2010"), the title page and Versiebeheer each stand on one line."""
    expected = ["31 december 2010", "30 september 2010", "15 november 2010"]
    lines = _text(long_plan.pdf, "-layout").splitlines()
    for date in expected:
        assert any(date in line for line in lines), f"{date!r} wraps"
    lines = _text(delivered.pdf, "-layout").splitlines()
    assert sum("24 november 2009" in line for line in lines) == 2  # title page and Versiebeheer


def _vocabulary(document_file: Path) -> set[str]:
    """Every word the .docx holds, whole (also without its hyphens, as poppler may join them)."""
    document = Document(document_file)
    parts = [document.element] + [
        part._element for section in document.sections for part in (section.header, section.footer)
    ]
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))]
    texts += [t.text or "" for part in parts for t in part.iter(qn("w:t"))]  # a superscript "e" stands alone
    texts += [" ".join(note) for note in footnote_texts(document)]
    words = set()
    for text in texts:
        for word in text.split():
            word = _word(word)
            words.update({word, word.replace("-", ""), *(_word(piece) for piece in word.split("-"))})
    return words


def _word(text: str) -> str:
    """A word without the punctuation around it; a hyphen at its end stays (a hyphenated line end)."""
    text = text.replace("\u00ad", "-").replace("\u2010", "-")
    return re.sub(r"^[^\w]+|[^\w-]+$", "", text)


@pytest.mark.parametrize("which", ["delivered", "long_plan"])
def test_no_word_is_broken_without_a_hyphen(which: str, request: pytest.FixtureRequest) -> None:
    """Dutch hyphenation (hyphen-nl): a word broken at a line end carries a hyphen, and its parts join up.

    A part that is no word of the document must follow a part ending in a hyphen
    (within the last words: a page break puts the running header and the
    repeated table header between them).
    """
    built: BuildResult = request.getfixturevalue(which)
    vocabulary = _vocabulary(built.document)
    broken = []
    hyphenated = 0
    pending: list[str] = []  # recent words that end in a hyphen
    for words in _words_by_page(built.pdf):
        for raw in (text for text, _, _ in words):
            for word in map(_word, re.split(r"\.{2,}", raw)):  # dot leaders of the table of contents
                if not word or word.isdigit() or set(word) <= {".", "-"}:
                    continue
                if word.endswith("-"):
                    pending = [*pending[-40:], word]
                if {word, word.rstrip("-"), re.sub(r"\d+$", "", word)} & vocabulary:  # a footnote mark sticks
                    continue
                joined = [start for start in pending if start[:-1] + word in vocabulary or start + word in vocabulary]
                if joined:
                    hyphenated += 1
                    pending.remove(joined[-1])
                elif not word.endswith("-"):
                    broken.append(word)
    assert broken == []
    assert hyphenated > 20  # Dutch hyphenation is at work in the narrow columns


def test_prose_lines_are_readable(delivered: BuildResult) -> None:
    """Chapter and theme text on portrait and landscape pages: 60 to 90 characters a full line."""
    document = Document(delivered.document)
    prose = [
        p.text for p in document.paragraphs if paragraph_style_id(p._p) in (None, "Thematekst") and len(p.text) > 200
    ]
    assert len(prose) > 10
    starts = {text[:30] for text in prose}
    lengths = []
    for page in _text(delivered.pdf, "-layout").split("\f"):
        lines = [line.strip() for line in page.splitlines()]
        for index, line in enumerate(lines):
            if any(line.startswith(start[:20]) for start in starts):
                paragraph = []
                for following in lines[index:]:
                    if not following or "  " in following:
                        break
                    paragraph.append(len(following))
                lengths += paragraph[:-1]  # the last line of a paragraph is short by nature
    assert len(lengths) > 60
    assert 60 <= statistics.median(lengths) <= 90 and max(lengths) <= 95, lengths
