"""The streaming reader and the row writer give the document that openpyxl and docxtpl's row loop gave.

The golden files in ``tests/data/golden/`` are the canonical XML (C14N 2.0) of
the body and the footnotes of three builds made before issue 15's fast reader
and writer (commit 5469132): the default plan, and the regional sample
(``tests/fixtures/regional.py``) as openpyxl writes it (inline rich text) and
as LibreOffice Calc saves it (shared strings with rich runs). Rich text, merged
and blank Doel cells, a merged Thema, numbers, a date, line breaks, a hidden
row and footnotes are all in them. Regenerate only on purpose, when the output
is meant to change:

    python -m tests.test_same_document --regenerate
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from jaarplan.commands.build import build

from .conftest import REPO, SOURCE, TEMPLATE

GOLDEN = REPO / "tests" / "data" / "golden"
REGIONAL = REPO / "tests" / "data" / "regional"
CASES = {"default": SOURCE, "regional-openpyxl": REGIONAL / "openpyxl", "regional-calc": REGIONAL / "calc"}
PARTS = ("word/document.xml", "word/footnotes.xml")


def canonical_parts(document: Path) -> dict[str, str]:
    """Each compared part as canonical XML, one element per line so a difference shows where it is."""
    with zipfile.ZipFile(document) as archive:
        parts = {name: etree.fromstring(archive.read(name)) for name in PARTS}
    return {name: etree.tostring(root, method="c14n2").decode().replace("><", ">\n<") for name, root in parts.items()}


def golden_file(case: str, part: str) -> Path:
    return GOLDEN / f"{case}.{Path(part).stem}.xml"


def built(case: str, output: Path) -> Path:
    return build(CASES[case], output, TEMPLATE).document  # no layout pass: the TOC has no page numbers


@pytest.mark.parametrize("case", CASES)
def test_build_gives_the_same_document_as_before(case: str, tmp_path: Path) -> None:
    for part, xml in canonical_parts(built(case, tmp_path)).items():
        expected = golden_file(case, part).read_text(encoding="utf-8")
        if xml != expected:
            new, old = xml.splitlines(), expected.splitlines()
            line = next((n for n, (a, b) in enumerate(zip(new, old, strict=False)) if a != b), min(len(new), len(old)))
            pytest.fail(
                f"{part} of '{case}' differs from {golden_file(case, part).name} at line {line + 1}:\n"
                f"before: {old[max(0, line - 2) : line + 3]}\nnow:    {new[max(0, line - 2) : line + 3]}"
            )


def regenerate(scratch: Path) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        for part, xml in canonical_parts(built(case, scratch / case)).items():
            golden_file(case, part).write_text(xml, encoding="utf-8")
            print(golden_file(case, part))


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        regenerate(Path(scratch))
