"""The archival PDF (PDF/A-2b): the check of tests/pdfa_check.py passes it, and it is the same document.

The jaarplan exported with ``archival=True`` (``office.session.export_pdf``
through a warm LibreOffice, ``commands.build.convert_to_pdf``, and
``office.pdf.convert`` without UNO) must pass ``assert_pdfa2`` and keep
what the everyday PDF has: the tag tree, the title, nl-NL, the bookmarks
and every page with its text and its look. The check itself is shown to
fail: on the everyday PDF, and on copies of the archival one each broken in
one rule.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from jaarplan.commands.build import BuildResult, convert_to_pdf
from jaarplan.office import pdf
from jaarplan.office.session import NO_UNO, PYTHON_VARIABLE, Office, export_pdf

from .pdfa_check import assert_pdfa2
from .system_tools import poppler


@pytest.fixture(scope="module")
def archival(delivered: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The delivered jaarplan as PDF/A-2, through a warm LibreOffice, as ``aanbieden`` makes it."""
    folder = tmp_path_factory.mktemp("archief")
    told: list[str] = []
    with Office(pdf.require_soffice()) as office:
        made = export_pdf(office, delivered.document, folder, told.append, archival=True)
    assert told == []  # through UNO: no warning about the slower way
    return made


def _structure_kinds(path: Path) -> list[str]:
    """The structure types of the tag tree, in document order."""
    kinds: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                kinds.append(str(node["/S"]))
            walk(node.get("/K"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return kinds


def _pages_text(path: Path) -> list[str]:
    return poppler("pdftotext", "-layout", path, "-").split("\f")[:-1]


def _pages_words(path: Path) -> list[str]:
    """Each page's words; a leader in the table of contents as one "…" (its dots depend on the way laid out)."""
    return [" ".join(re.sub(r"\.{3,}", " … ", page).split()) for page in _pages_text(path)]


def test_archival_pdf_passes_the_pdfa2_check(archival: Path) -> None:
    assert_pdfa2(archival)
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", poppler("pdfinfo", "-meta", archival))


def test_archival_pdf_keeps_tags_title_language_and_bookmarks(archival: Path, delivered: BuildResult) -> None:
    info = poppler("pdfinfo", archival)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Gezamenlijk jaarplan 2010$", info, re.MULTILINE)
    catalog = PdfReader(archival).trailer["/Root"]
    assert catalog["/Lang"] == "nl-NL"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)  # bool() of false is True
    kinds = _structure_kinds(archival)
    assert kinds == _structure_kinds(delivered.pdf)
    assert kinds.count("/Table") == 10 and kinds.count("/TH") == 76  # as tests/test_pdf.py counts them
    outline = [item.title for item in PdfReader(archival).outline if not isinstance(item, list)]
    assert outline == [item.title for item in PdfReader(delivered.pdf).outline if not isinstance(item, list)]


def test_archival_pdf_has_every_page_with_the_same_text_and_look(
    archival: Path, delivered: BuildResult, tmp_path: Path
) -> None:
    pages = _pages_text(archival)
    assert len(pages) == len(_pages_text(delivered.pdf)) >= 8
    assert pages == _pages_text(delivered.pdf)
    for name, made in (("archief", archival), ("gewoon", delivered.pdf)):
        poppler("pdftoppm", "-r", "60", "-png", made, tmp_path / name)
    archived = sorted(tmp_path.glob("archief-*.png"))
    assert len(archived) == len(pages)
    for picture in archived:  # poppler draws both the same, pixel for pixel
        assert picture.read_bytes() == (tmp_path / picture.name.replace("archief", "gewoon")).read_bytes(), picture.name


def test_the_everyday_pdf_stays_as_it_was_and_the_check_rejects_it(delivered: BuildResult) -> None:
    catalog = PdfReader(delivered.pdf).trailer["/Root"]
    assert "/Metadata" not in catalog and "/OutputIntents" not in catalog
    assert pdf.export_options() is pdf.PDF_EXPORT_OPTIONS  # the build's own options, untouched
    assert pdf.export_options(pdf.LINE_ART_EXPORT_OPTIONS) is pdf.LINE_ART_EXPORT_OPTIONS
    with pytest.raises(AssertionError) as rejected:
        assert_pdfa2(delivered.pdf)
    message = str(rejected.value)
    assert "is not PDF/A-2" in message
    assert "6.6.2.1: no XMP metadata (/Metadata) in the catalog" in message
    assert "6.2.3: no /GTS_PDFA1 output intent" in message


def test_pdf_command_makes_pdfa_too(delivered: BuildResult, tmp_path: Path) -> None:
    """``jaarplan pdf``'s library call with ``archival``: beside the .docx, through its own LibreOffice."""
    copy = Path(shutil.copy(delivered.document, tmp_path / "ter kennisname raad.docx"))
    beside = convert_to_pdf(copy, archival=True)
    assert beside == copy.with_suffix(".pdf")
    assert_pdfa2(beside)
    assert _pages_words(beside) == _pages_words(delivered.pdf)


@pytest.mark.skipif(os.name == "nt", reason="the Python without UNO is a shell script")
def test_without_uno_the_archival_pdf_is_made_by_converting(
    delivered: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``soffice --convert-to`` gets the same options: ``export_pdf``'s fallback and ``convert_to_pdf``'s passes."""
    without_uno = tmp_path / "python"
    without_uno.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n', encoding="utf-8")
    without_uno.chmod(0o755)
    monkeypatch.setenv(PYTHON_VARIABLE, str(without_uno))
    copy = Path(shutil.copy(delivered.document, tmp_path / "ter kennisname raad.docx"))
    told: list[str] = []
    (tmp_path / "los").mkdir()
    with Office(pdf.require_soffice()) as office:
        converted = export_pdf(office, copy, tmp_path / "los", told.append, archival=True)
    assert told == [f"WAARSCHUWING  {NO_UNO}"]
    assert_pdfa2(converted)
    paginated = convert_to_pdf(copy, told.append, archival=True)  # a table of contents: converted until it holds
    assert any("ronde 2" in line for line in told)
    assert_pdfa2(paginated)
    assert _pages_words(converted) == _pages_words(paginated) == _pages_words(delivered.pdf)


def _font_not_embedded(writer: PdfWriter) -> None:
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            del descriptor[NameObject("/FontFile2")]
            return


def _set_xmp(old: bytes, new: bytes) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        stream = writer.root_object["/Metadata"].get_object()
        assert old in stream.get_data()
        stream.set_data(stream.get_data().replace(old, new))

    return change


def _open_action(**entries: str) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        action = DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})
        writer.root_object[NameObject("/OpenAction")] = action

    return change


def _catalog(key: str, value: object | None) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        if value is None:
            del writer.root_object[NameObject(key)]
        else:
            writer.root_object[NameObject(key)] = value

    return change


def _first_annotation(**entries: object) -> Callable[[PdfWriter], None]:
    """Set ``entries`` on the first annotation (a link of the table of contents); None removes one."""

    def change(writer: PdfWriter) -> None:
        annotation = next(item.get_object() for page in writer.pages for item in page.get("/Annots", []))
        for key, value in entries.items():
            if value is None:
                annotation.pop(NameObject(f"/{key}"), None)
            else:
                annotation[NameObject(f"/{key}")] = value

    return change


def _first_page(key: str, value: object) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        writer.pages[0][NameObject(key)] = value

    return change


def _image(interpolate: bool) -> Callable[[PdfWriter], None]:
    """A 1×1 grey image in the first page's resources, with ``/Interpolate`` given as a PDF boolean."""

    def change(writer: PdfWriter) -> None:
        image = DecodedStreamObject()
        image.set_data(b"\x80")
        image.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(1),
                NameObject("/Height"): NumberObject(1),
                NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/Interpolate"): BooleanObject(interpolate),
            }
        )
        resources = writer.pages[0]["/Resources"].get_object()
        images = resources.setdefault(NameObject("/XObject"), DictionaryObject())
        images.get_object()[NameObject("/ImTest")] = writer._add_object(image)

    return change


def _dictionary(**entries: object) -> DictionaryObject:
    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


BROKEN = {
    "unchanged": (lambda writer: None, None),
    "JavaScript": (
        _open_action(S=NameObject("/JavaScript"), JS=TextStringObject("app.alert(1);")),
        "6.5.1: JavaScript",
    ),
    "file link": (_open_action(S=NameObject("/URI"), URI=TextStringObject("file:///C:/plan.docx")), "external content"),
    "font left out": (_font_not_embedded, "is not embedded"),  # not the font's name: LibreOffice picks it
    "PDF/A-1": (_set_xmp(b"<pdfaid:part>2<", b"<pdfaid:part>1<"), "6.6.4: pdfaid:part is ['1'], not 2"),
    "encrypted": (lambda writer: writer.encrypt("", algorithm="RC4-128"), "6.1.3: encrypted"),
    "untagged": (_catalog("/StructTreeRoot", None), "tagged: no structure tree"),
    "English": (_catalog("/Lang", TextStringObject("en-US")), "language: /Lang is 'en-US', not 'nl-NL'"),
    "no output intent": (_catalog("/OutputIntents", None), "6.2.3: no /GTS_PDFA1 output intent"),
    "hidden link": (_first_annotation(F=NumberObject(0)), "6.3.2: a /Link annotation not printed or hidden (/F 0)"),
    # pypdf's BooleanObject(False) is true for Python: each false below must count as false
    "Marked false": (_catalog("/MarkInfo", _dictionary(Marked=BooleanObject(False))), "/MarkInfo /Marked is not true"),
    "Interpolate true": (_image(True), "6.2.8: /Interpolate true on an image"),
    "Interpolate false": (_image(False), None),
    "NeedsRendering false": (_catalog("/NeedsRendering", BooleanObject(False)), None),
    "NeedAppearances": (
        _catalog("/AcroForm", _dictionary(Fields=ArrayObject(), NeedAppearances=BooleanObject(True))),
        "6.4.1: /NeedAppearances true",
    ),
    "file link with a leading space": (
        _open_action(S=NameObject("/URI"), URI=TextStringObject(" file:///C:/plan.docx")),
        "external content: a link to  file:///C:/plan.docx",
    ),
    "UNC path": (
        _open_action(S=NameObject("/URI"), URI=TextStringObject("\\\\server\\share\\plan.docx")),
        "external content: a link to \\\\server",
    ),
    "unknown annotation": (_first_annotation(Subtype=NameObject("/Foo")), "6.3.1: an annotation of a kind"),
    "note without appearance": (
        _first_annotation(Subtype=NameObject("/Text"), AP=None),
        "6.3.3: a /Text annotation without an appearance (/AP)",
    ),
    "note that zooms": (_first_annotation(Subtype=NameObject("/Text")), "6.3.2: a /Text annotation that zooms"),
    "form field with an action": (
        _first_annotation(FT=NameObject("/Tx"), A=_dictionary(S=NameObject("/GoTo"))),
        "6.4.1: a form field or widget with an action (/A)",
    ),
    "widget with an action": (
        _first_annotation(Subtype=NameObject("/Widget"), A=_dictionary(S=NameObject("/GoTo"))),
        "6.4.1: a form field or widget with an action (/A)",
    ),
    "optional content /AS": (
        _catalog("/OCProperties", _dictionary(OCGs=ArrayObject(), D=_dictionary(AS=ArrayObject()))),
        "6.9: /AS in an optional content configuration",
    ),
    "presentation steps": (_first_page("/PresSteps", _dictionary()), "6.10: page 1 has presentation steps"),
    "alternate presentations": (
        _catalog("/Names", _dictionary(AlternatePresentations=_dictionary())),
        "6.10: /AlternatePresentations",
    ),
    "requirements": (_catalog("/Requirements", ArrayObject()), "6.11: /Requirements in the catalog"),
    "permissions": (
        _catalog("/Perms", _dictionary(Foo=_dictionary())),
        "6.1.12: the permissions dictionary holds /Foo",
    ),
    "second dc:title language": (  # only x-default must equal /Title (6.6.3); here it comes second
        _set_xmp(b"<dc:title>\n    <rdf:Alt>", b'<dc:title><rdf:Alt><rdf:li xml:lang="en-GB">Joint plan</rdf:li>'),
        None,
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_the_check_names_the_rule_a_copy_breaks(archival: Path, tmp_path: Path, case: str) -> None:
    """Each copy breaks one rule; the unchanged copy (written by pypdf too) shows the rest still holds."""
    change, expected = BROKEN[case]
    writer = PdfWriter(clone_from=archival)
    change(writer)
    copy = tmp_path / "kopie.pdf"
    writer.write(copy)
    if expected is None:
        assert_pdfa2(copy)
        return
    with pytest.raises(AssertionError, match=re.escape(expected)):
        assert_pdfa2(copy)


def test_the_check_wants_a_line_break_after_the_header(archival: Path, tmp_path: Path) -> None:
    """``%PDF-1.n%âãÏÓ``, the binary comment on the header's own line, is no PDF/A header (6.1.2)."""
    data = archival.read_bytes()
    header = re.match(rb"%PDF-1\.\d\n%[^\n]*", data)
    assert header is not None
    joined = header.group(0).replace(b"\n", b"") + b" "  # as long as before: the offsets still hold
    copy = tmp_path / "kopie.pdf"
    copy.write_bytes(joined + data[header.end() :])
    with pytest.raises(AssertionError, match=re.escape("6.1.2: the header is no '%PDF-1.n'")):
        assert_pdfa2(copy)
