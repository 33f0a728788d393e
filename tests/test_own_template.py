"""A template of the user's own (``build --template``) that lacks what ours has still builds the plan."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from jaarplan.cli.commands import main
from jaarplan.office import pdf
from jaarplan.word import ooxml

from .conftest import SOURCE, TEMPLATE
from .ooxml_validation import assert_valid_ooxml

FOOTNOTE_STYLES = (ooxml.FOOTNOTE_TEXT_STYLE, ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE, ooxml.FOOTNOTE_REFERENCE_STYLE)


def template_without_footnotes(target: Path) -> Path:
    """Our template as a template saved without footnotes comes: no footnotes part, settings or styles."""
    document = Document(TEMPLATE)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
            document.part.drop_rel(rel_id)
    settings = document.settings.element
    for footnote_pr in settings.findall(qn("w:footnotePr")):
        settings.remove(footnote_pr)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in FOOTNOTE_STYLES:
            styles.remove(style)
    document.save(target)
    assert "word/footnotes.xml" not in zipfile.ZipFile(target).namelist()
    return target


def style(document, style_id: str):
    return next(s for s in document.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id)


def test_a_template_without_footnotes_builds_the_plan_with_its_footnotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_document
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))
    template = template_without_footnotes(tmp_path / "eigen sjabloon.docx")
    output = tmp_path / "uit"
    result = CliRunner().invoke(
        main, ["build", "--source", str(SOURCE), "--template", str(template), "--output", str(output)]
    )
    assert result.exit_code == 0 and result.exception is None, result.output
    [built] = output.glob("*.docx")
    document = Document(built)
    expected = ooxml.footnote_texts(default_document)  # as our template has them
    assert expected and ooxml.footnote_texts(document) == expected
    references = document.element.body.iter(qn("w:footnoteReference"))
    assert len(list(references)) == len(expected)
    reference = style(document, ooxml.FOOTNOTE_REFERENCE_STYLE)  # the number in the text stays superscript
    assert reference.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}").get(qn("w:val")) == "superscript"
    assert style(document, ooxml.FOOTNOTE_TEXT_STYLE).find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == "16"
    separators = document.settings.element.findall(f"{qn('w:footnotePr')}/{qn('w:footnote')}")
    assert [note.get(qn("w:id")) for note in separators] == ["-1", "0"]
    assert_valid_ooxml(built)


def test_a_template_with_footnotes_but_without_their_styles_gets_the_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))
    document = Document(TEMPLATE)
    styles = document.styles.element
    for found in styles.findall(qn("w:style")):
        if found.get(qn("w:styleId")) == ooxml.FOOTNOTE_REFERENCE_STYLE:
            styles.remove(found)
    document.save(template := tmp_path / "herstijld.docx")
    assert "word/footnotes.xml" in zipfile.ZipFile(template).namelist()
    output = tmp_path / "uit"
    result = CliRunner().invoke(
        main, ["build", "--source", str(SOURCE), "--template", str(template), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    [built] = output.glob("*.docx")
    reference = style(Document(built), ooxml.FOOTNOTE_REFERENCE_STYLE)
    assert reference.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}").get(qn("w:val")) == "superscript"
