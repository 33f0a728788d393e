"""The progress report reads as it did before its rows were written apart (issue 23).

``tests/data/golden/progress-report.json`` is what the report of the generated
plan (``tests/fixtures/progress.py``: every status, blank Doelen, rich text,
footnote references, line breaks, changes since an earlier version) showed when
written by docxtpl alone (commit 4a69e95): every paragraph and table cell in
body order, each run's text with its formatting (bold, colour, strike, …), the
merges of the Doel column, and the chart's text alternative. So text, symbols
and counts are compared with a reading made by the code before, not by the code
under test. Regenerate only on purpose, when the report is meant to change:

    python -m tests.test_report_same --regenerate
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from jaarplan.report.document import write_progress_report

from .conftest import REPO
from .fixtures.progress import PEILDATUM, write_progress_plan

GOLDEN = REPO / "tests" / "data" / "golden" / "progress-report.json"
WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _runs(element: etree._Element) -> list[str]:
    """Each run as "text|formatting": its line breaks as newlines, its w:rPr children with their w:val."""
    runs = []
    for run in element.iter(qn("w:r")):
        text = "".join("\n" if part.tag == qn("w:br") else part.text or "" for part in run.iter(qn("w:t"), qn("w:br")))
        properties = run.find(qn("w:rPr"))
        marks = [] if properties is None else [etree.QName(mark).localname for mark in properties]
        values = [] if properties is None else [mark.get(qn("w:val")) or "" for mark in properties]
        formatting = ",".join(f"{mark}={value}" if value else mark for mark, value in zip(marks, values, strict=True))
        if text or formatting:
            runs.append(f"{text}|{formatting}")
    return runs


def _paragraph(paragraph: etree._Element) -> dict[str, object]:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return {"style": None if style is None else style.get(qn("w:val")), "runs": _runs(paragraph)}


def _cell(cell: etree._Element) -> dict[str, object]:
    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return {
        "merge": None if merge is None else (merge.get(qn("w:val")) or "continue"),
        "paragraphs": [_runs(paragraph) for paragraph in cell.iter(qn("w:p"))],
    }


def reading(document_path: Path) -> dict[str, object]:
    """What the report shows, in body order: paragraphs, and tables as rows of cells."""
    body = Document(str(document_path)).element.body
    blocks: list[object] = []
    for child in body:
        if child.tag == qn("w:p"):
            blocks.append(_paragraph(child))
        elif child.tag == qn("w:tbl"):
            blocks.append([[_cell(cell) for cell in row.findall(qn("w:tc"))] for row in child.iter(qn("w:tr"))])
    pictures = [doc_pr.get("descr") for doc_pr in body.iter(WP_DOC_PR)]
    return {"blocks": blocks, "pictures": pictures}


def report_of_generated_plan() -> Path:
    """The report written in the current folder (relative: the version compared with is named in it)."""
    now = write_progress_plan(Path("nu"))
    write_progress_plan(Path("eerder"), earlier=True)
    return write_progress_report(now, Path("output"), reference_date=PEILDATUM, since="eerder").document


def test_the_report_of_a_generated_plan_reads_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    found = reading(report_of_generated_plan())
    assert found["pictures"] == expected["pictures"]
    assert len(found["blocks"]) == len(expected["blocks"])
    for number, (block, before) in enumerate(zip(found["blocks"], expected["blocks"], strict=True)):
        assert block == before, f"block {number} differs"


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        found = reading(report_of_generated_plan())
    GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(GOLDEN)
