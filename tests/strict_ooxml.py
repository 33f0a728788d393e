"""A Transitional .xlsx or .docx rewritten as "Strict Open XML", as Excel and Word save it, for reading back.

ISO/IEC 29500-1 Strict keeps the parts and the packaging (Part 2: content
types, the ``_rels`` namespace, core properties) of Transitional (Part 4) but
moves every namespace and relationship type of its own schemas under
``http://purl.oclc.org/ooxml/``. The table below is written out name by name
from the two schema sets, apart from the jaarplan code that translates back.
Strict also marks the main part (``conformance="strict"``), writes a date in
a cell as ISO 8601 (``t="d"``) and knows no ``left``/``right`` justification
(``start``/``end``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_OOXML = "http://schemas.openxmlformats.org"
_STRICT = "http://purl.oclc.org/ooxml"
NAMESPACES = {
    f"{_OOXML}/spreadsheetml/2006/main": f"{_STRICT}/spreadsheetml/main",
    f"{_OOXML}/wordprocessingml/2006/main": f"{_STRICT}/wordprocessingml/main",
    f"{_OOXML}/officeDocument/2006/relationships": f"{_STRICT}/officeDocument/relationships",
    f"{_OOXML}/officeDocument/2006/math": f"{_STRICT}/officeDocument/math",
    f"{_OOXML}/officeDocument/2006/extended-properties": f"{_STRICT}/officeDocument/extendedProperties",
    f"{_OOXML}/officeDocument/2006/custom-properties": f"{_STRICT}/officeDocument/customProperties",
    f"{_OOXML}/officeDocument/2006/docPropsVTypes": f"{_STRICT}/officeDocument/docPropsVTypes",
    f"{_OOXML}/officeDocument/2006/bibliography": f"{_STRICT}/officeDocument/bibliography",
    f"{_OOXML}/officeDocument/2006/customXml": f"{_STRICT}/officeDocument/customXml",
    f"{_OOXML}/drawingml/2006/main": f"{_STRICT}/drawingml/main",
    f"{_OOXML}/drawingml/2006/wordprocessingDrawing": f"{_STRICT}/drawingml/wordprocessingDrawing",
    f"{_OOXML}/drawingml/2006/picture": f"{_STRICT}/drawingml/picture",
    f"{_OOXML}/drawingml/2006/chart": f"{_STRICT}/drawingml/chart",
    f"{_OOXML}/schemaLibrary/2006/main": f"{_STRICT}/schemaLibrary/main",
}
_RELATIONSHIPS = f"{_OOXML}/officeDocument/2006/relationships/"
RELATIONSHIP_TYPES = {
    f"{_RELATIONSHIPS}{name}": f"{_STRICT}/officeDocument/relationships/{strict}"
    for name, strict in {
        "officeDocument": "officeDocument",
        "extended-properties": "extendedProperties",
        "custom-properties": "customProperties",
        "worksheet": "worksheet",
        "sharedStrings": "sharedStrings",
        "styles": "styles",
        "theme": "theme",
        "settings": "settings",
        "webSettings": "webSettings",
        "fontTable": "fontTable",
        "numbering": "numbering",
        "footnotes": "footnotes",
        "endnotes": "endnotes",
        "header": "header",
        "footer": "footer",
        "hyperlink": "hyperlink",
        "image": "image",
        "comments": "comments",
        "customXml": "customXml",
        "customXmlProps": "customXmlProps",
    }.items()
}


def to_strict(path: Path) -> Path:
    """Rewrite the package at ``path`` as Strict Open XML, in place; every relationship type must be known."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename.endswith((".xml", ".rels")):
                data = _strict_part(info.filename, data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)
    return path


def _strict_part(name: str, xml: str) -> str:
    if name.endswith(".rels"):
        xml = re.sub(r'Type="([^"]+)"', lambda match: f'Type="{_relationship_type(match.group(1))}"', xml)
    for transitional, strict in NAMESPACES.items():
        xml = xml.replace(f'"{transitional}"', f'"{strict}"')
    if name == "xl/workbook.xml":
        xml = re.sub(r"<workbook\b", '<workbook conformance="strict"', xml, count=1)
    if name == "word/document.xml":
        xml = re.sub(r"<w:document\b", '<w:document w:conformance="strict"', xml, count=1)
    if name.startswith("word/"):
        xml = xml.replace('<w:jc w:val="left"/>', '<w:jc w:val="start"/>')
        xml = xml.replace('<w:jc w:val="right"/>', '<w:jc w:val="end"/>')
    return xml


def _relationship_type(transitional: str) -> str:
    if not transitional.startswith(_RELATIONSHIPS):
        return transitional  # the packaging's own (core properties), the same in Strict
    assert transitional in RELATIONSHIP_TYPES, f"no Strict twin written down for {transitional}"
    return RELATIONSHIP_TYPES[transitional]
