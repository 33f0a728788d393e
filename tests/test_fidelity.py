"""The built default document holds every paragraph and cell of the seed, in order, formatted."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from jaarplan.word import ooxml

from .conftest import SEED
from .docx_reading import body_blocks, is_matrix, matrix_tables, paragraph_text, runs_with

ITALIC = re.compile(r"\*([^*]+)\*")
SUPERSCRIPT = re.compile(r" \^(\w+)")
FOOTNOTE_REF = re.compile(r" ?¹ ?")


def plain(seed_text: str) -> str:
    """Seed markup to the text Word shows (the spaces around ^e and ¹ are the rendering's)."""
    return FOOTNOTE_REF.sub("", SUPERSCRIPT.sub(r"\1", ITALIC.sub(r"\1", seed_text)))


def seed_items() -> tuple[list[object], list[str]]:
    """Body items (paragraph lines and tables as rows of cells) and footnote lines of the seed."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body: list[object] = []
    footnote: list[str] = []
    in_footnote = False
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith("Cluster: "):
            in_footnote = False
        if line.startswith("¹"):
            in_footnote = True
            line = line[1:].strip()
        if in_footnote:
            footnote.append(line)
        elif "\t" in line:
            row = (line.split("\t") + [""] * 8)[:8]
            if body and isinstance(body[-1], list):
                body[-1].append(row)
            else:
                body.append([row])
        else:
            body.append(line)
    return body, footnote


def test_every_seed_paragraph_and_cell_appears_in_order(default_document) -> None:
    assert_holds_the_seed(default_document)


def assert_holds_the_seed(document) -> None:
    """Every paragraph and matrix cell of the seed, in order, with Doel merged over its rows."""
    blocks = [block if isinstance(block, list) else paragraph_text(block) for block in body_blocks(document)]
    assert_blocks_hold_the_seed(blocks)


def assert_blocks_hold_the_seed(blocks: list[object]) -> None:
    """The same check on any reading in body order: paragraph texts (str) and tables (rows of Cell).

    Used for the .docx (docx_reading) and the web page (page_reading).
    """
    expected, _ = seed_items()
    actual = iter(blocks)
    for item in expected:
        for block in actual:
            if isinstance(item, str) and isinstance(block, str) and block == plain(item):
                break
            if isinstance(item, list) and is_matrix(block):
                assert len(block) == len(item), f"table starting {item[1][0]!r} has another row count"
                for seed_row, row in zip(item[1:], block[1:], strict=True):
                    texts = [cell.text for cell in row]
                    if not seed_row[0]:
                        assert row[0].merge == "continue"
                    assert texts[1:] == [plain(cell) for cell in seed_row[1:]]
                    assert texts[0] == plain(seed_row[0])
                header = [cell.text for cell in block[0]]
                assert header == [plain(h).replace("Stand v. zaken", "Stand van zaken") for h in item[0]]
                break
        else:
            raise AssertionError(f"not found in order: {item!r:.80}")


def test_title_block_and_version_line(default_document) -> None:
    texts = [p.text for p in default_document.paragraphs[:6]]
    assert texts[:3] == [
        "Gezamenlijk jaarplan 2010",
        "Politie, OM en gemeente Alkmaar",
        "Versie 2.2, 24 november 2009, JM",
    ]
    assert default_document.paragraphs[0].style.name == "Title"


def test_seed_italics_are_italic_runs(default_document) -> None:
    expected = [fragment for line in SEED.read_text(encoding="utf-8").splitlines() for fragment in ITALIC.findall(line)]
    body = default_document.element.body
    italic = runs_with(body, "w:i")
    for fragment in expected[:-1]:  # the last one stands in the footnote
        assert fragment in italic
    assert len(expected) == 8


def test_superscript_e_and_footnote(default_document) -> None:
    body = default_document.element.body
    assert "e" in runs_with(body, "w:vertAlign", "superscript")
    refs = list(body.iter(qn("w:footnoteReference")))
    assert len(refs) == 1
    cell = refs[0].getparent().getparent().getparent()
    assert cell.tag == qn("w:tc")
    assert "faciliteert de Proftuin Mensenhandel." in paragraph_text(refs[0].getparent().getparent())
    _, footnote_lines = seed_items()
    notes = ooxml.footnote_texts(default_document)
    assert len(notes) == 1
    assert [text.strip() for text in notes[0]] == [plain(line) for line in footnote_lines]


def test_nine_matrices_with_merged_doel_and_repeating_header(default_document) -> None:
    tables = matrix_tables(default_document)
    assert len(tables) == 9
    for table in tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
        assert table.rows[0].cells[0].text == "Doel"
    merges = [
        tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        for table in tables
        for tr in table._tbl.iter(qn("w:tr"))
        for tc in tr.findall(qn("w:tc"))[:1]
    ]
    assert sum(1 for m in merges if m is not None and m.get(qn("w:val")) == "continue") == 19
