"""Read a built .docx back in body order: paragraphs, and tables as rows of cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree


@dataclass
class Cell:
    text: str
    merge: str | None  # None, "restart" or "continue"
    italic: list[str]
    superscript: list[str]
    footnote_refs: int


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def runs_with(p: etree._Element, tag: str, value: str | None = None) -> list[str]:
    """Texts of the runs whose rPr has ``tag`` (and ``w:val`` == value if given)."""
    found = []
    for r in p.iter(qn("w:r")):
        r_pr = r.find(qn("w:rPr"))
        mark = None if r_pr is None else r_pr.find(qn(tag))
        if mark is not None and (value is None or mark.get(qn("w:val")) == value):
            found.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
    return found


def paragraph_style(p: etree._Element) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def is_toc_entry(p: etree._Element) -> bool:
    """A table of contents entry (Word's styles "toc 1", "toc 2" have the ids TOC1, TOC2)."""
    return re.fullmatch(r"TOC\d", paragraph_style(p) or "") is not None


def body_blocks(document) -> list[object]:
    """Paragraph elements and tables (lists of rows of Cell) in body order; table of contents left out."""
    blocks: list[object] = []
    for child in document.element.body:
        if child.tag == qn("w:p") and not is_toc_entry(child):
            blocks.append(child)
        elif child.tag == qn("w:tbl"):
            blocks.append([_row(tr) for tr in child.iter(qn("w:tr"))])
    return blocks


def _row(tr: etree._Element) -> list[Cell]:
    cells = []
    for tc in tr.findall(qn("w:tc")):
        v_merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        merge = None if v_merge is None else (v_merge.get(qn("w:val")) or "continue")
        cells.append(
            Cell(
                text="\n".join(paragraph_text(p) for p in tc.iter(qn("w:p"))),
                merge=merge,
                italic=runs_with(tc, "w:i"),
                superscript=runs_with(tc, "w:vertAlign", "superscript"),
                footnote_refs=len(list(tc.iter(qn("w:footnoteReference")))),
            )
        )
    return cells


def is_matrix(block: object) -> bool:
    """A table block from body_blocks whose header starts with Doel (not the Versiebeheer table)."""
    return isinstance(block, list) and bool(block) and block[0][0].text == "Doel"


def matrix_tables(document) -> list:
    """The SMART matrices of a document, as python-docx tables."""
    return [table for table in document.tables if table.rows[0].cells[0].text == "Doel"]
