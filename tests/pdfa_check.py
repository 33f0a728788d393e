"""A PDF/A-2 check for the tests: what ISO 19005-2 requires that can be read from the file itself.

No independent PDF/A validator can be installed from the registries this
project uses (veraPDF, the reference, comes only from Maven or its own
installer; the PyPI packages that mention it call its Java program), so
``assert_pdfa2`` reads the file with pypdf and checks the rules that the
file's objects show. Each failure names the clause of ISO 19005-2 (or, for
``LANGUAGE`` and the structure tree, what this project asks on top of
level B) and where in the file it was found; all failures are told at once.

Which rules it checks, and which it cannot (they need the content streams or
the font programs interpreted, as veraPDF does): docs/architecture.md, "The
archival PDF (PDF/A-2)". Clause numbers are those of ISO 19005-2:2011.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

LANGUAGE = "nl-NL"

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
DC = "http://purl.org/dc/elements/1.1/"
XMP = "http://ns.adobe.com/xap/1.0/"
PDF = "http://ns.adobe.com/pdf/1.3/"
# The schemas XMP predefines (ISO 19005-2, 6.6.2.3.1: XMP Specification 2005) and PDF/A's own.
PREDEFINED_SCHEMAS = {
    DC,
    XMP,
    PDF,
    PDFAID,
    "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/",
    "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
    "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/exif/1.0/",
    "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/xap/1.0/g/img/",
    "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    "http://ns.adobe.com/xap/1.0/sType/Version#",
    "http://ns.adobe.com/xap/1.0/sType/Job#",
    "http://ns.adobe.com/xap/1.0/sType/Font#",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    "http://www.aiim.org/pdfa/ns/extension/",
    "http://www.aiim.org/pdfa/ns/schema#",
    "http://www.aiim.org/pdfa/ns/property#",
    "http://www.aiim.org/pdfa/ns/type#",
    "http://www.aiim.org/pdfa/ns/field#",
}
FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
}
EXTERNAL_ACTIONS = {"/GoToR", "/GoToE"}
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie"}
# The annotation types of ISO 32000-1 (12.5.6) that PDF/A-2 allows (6.3.1); any other is refused.
ALLOWED_ANNOTATIONS = {
    "/Text",
    "/Link",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Stamp",
    "/Caret",
    "/Ink",
    "/Popup",
    "/FileAttachment",
    "/Widget",
    "/PrinterMark",
    "/TrapNet",
    "/Watermark",
    "/Redact",
}
# What a permissions dictionary may hold (6.1.12).
PERMISSIONS = {"/UR3", "/DocMDP"}
BLEND_MODES = {
    "/Normal",
    "/Compatible",
    "/Multiply",
    "/Screen",
    "/Overlay",
    "/Darken",
    "/Lighten",
    "/ColorDodge",
    "/ColorBurn",
    "/HardLight",
    "/SoftLight",
    "/Difference",
    "/Exclusion",
    "/Hue",
    "/Saturation",
    "/Color",
    "/Luminosity",
}
ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4, b"Lab ": 3}
# Annotation flags (ISO 32000-1, 12.5.3): Invisible, Hidden, Print, NoZoom, NoRotate, NoView, ToggleNoView.
INVISIBLE, HIDDEN, PRINT, NO_ZOOM, NO_ROTATE, NO_VIEW, TOGGLE_NO_VIEW = 1, 2, 4, 8, 16, 32, 256
# Document information entries and the XMP property each must equal (6.6.3).
INFO_IN_XMP = {
    "/Title": (DC, "title"),
    "/Author": (DC, "creator"),
    "/Subject": (DC, "description"),
    "/Keywords": (PDF, "Keywords"),
    "/Creator": (XMP, "CreatorTool"),
    "/Producer": (PDF, "Producer"),
    "/CreationDate": (XMP, "CreateDate"),
    "/ModDate": (XMP, "ModifyDate"),
}


def assert_pdfa2(path: Path) -> None:
    """Fail, naming every broken rule, unless ``path`` is PDF/A-2 (A, B or U) as far as the file shows.

    Also asks what the project's archival PDF promises on top of level B: the
    structure tree (tagged), a title and the language ``LANGUAGE``.
    """
    problems = pdfa2_problems(path)
    if problems:
        listed = "\n".join(f"- {problem}" for problem in problems)
        raise AssertionError(f"{path.name} is not PDF/A-2 ({len(problems)} problems):\n{listed}")


def pdfa2_problems(path: Path) -> list[str]:
    """Every rule ``assert_pdfa2`` checks that ``path`` breaks, each as one line naming its clause."""
    data = path.read_bytes()
    problems = _file_structure(data)
    reader = PdfReader(path)
    if "/Encrypt" in reader.trailer:
        return [*problems, "6.1.3: encrypted (/Encrypt in the trailer); not read any further"]
    catalog = reader.trailer["/Root"].get_object()
    problems += _trailer(reader)
    xmp = _xmp(catalog, problems)
    if xmp is not None:
        problems += _xmp_identification(xmp) + _xmp_schemas(xmp) + _info_matches_xmp(reader, xmp)
    problems += _output_intents(catalog)
    problems += _tagged(catalog, xmp) + _catalog_entries(catalog)
    for where, value in _objects(reader):
        problems += _object_problems(where, value)
    for number, page in enumerate(reader.pages, 1):
        problems += _page(number, page)
    return problems


def _file_structure(data: bytes) -> list[str]:
    """6.1.2 and 6.1.3: the header, the binary comment after it, nothing after the last %%EOF."""
    problems = []
    header = re.match(rb"%PDF-1\.([0-9])(?:\r\n|\r|\n)%([^\r\n]*)", data)
    if header is None or int(header.group(1)) > 7:
        problems.append("6.1.2: the header is no '%PDF-1.n' (n at most 7) followed by a comment line")
    elif sum(byte > 127 for byte in header.group(2)[:4]) < 4:
        problems.append("6.1.2: the comment after the header has no four bytes above 127")
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
        problems.append("6.1.3: data after the last %%EOF (or no %%EOF at all)")
    return problems


def _true(value: object) -> bool:
    """A PDF boolean that is true: pypdf's ``BooleanObject(False)`` is truthy in Python, so never ask ``bool()``."""
    return isinstance(value, BooleanObject) and value.value is True


def _trailer(reader: PdfReader) -> list[str]:
    return [] if "/ID" in reader.trailer else ["6.1.3: no /ID in the trailer"]


def _xmp(catalog: DictionaryObject, problems: list[str]) -> ElementTree.Element | None:
    """The catalog's XMP packet, parsed; its stream's and header's problems added to ``problems``."""
    if "/Metadata" not in catalog:
        problems.append("6.6.2.1: no XMP metadata (/Metadata) in the catalog")
        return None
    stream = catalog["/Metadata"].get_object()
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        problems.append("6.6.2.1: the metadata stream lacks /Type /Metadata and /Subtype /XML")
    if "/Filter" in stream:
        problems.append("6.6.2.1: the metadata stream is filtered (/Filter)")
    packet = stream.get_data()
    start = re.search(rb"<\?xpacket begin=[^>]*\?>", packet)
    if start and re.search(rb"\b(bytes|encoding)=", start.group(0)):
        problems.append("6.6.2.1: the xpacket header has a 'bytes' or 'encoding' attribute")
    try:
        return ElementTree.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", packet).strip())
    except ElementTree.ParseError as error:
        problems.append(f"6.6.2.1: the XMP metadata is no well-formed XML ({error})")
        return None


def _xmp_values(xmp: ElementTree.Element, namespace: str, name: str) -> list[str]:
    """A property's values, written as element or as attribute of rdf:Description (lists flattened).

    Of a language alternative (dc:title in Dutch and English) only the
    x-default item: that is the one the document information must equal (6.6.3).
    """
    tag = f"{{{namespace}}}{name}"
    values = []
    for description in xmp.iter(f"{RDF}Description"):
        if tag in description.attrib:
            values.append(description.attrib[tag])
        for element in description.findall(tag):
            items = element.findall(f".//{RDF}li")
            default = [item for item in items if item.get(XML_LANG) == "x-default"]
            items = default or items
            values.extend(item.text or "" for item in items) if items else values.append(element.text or "")
    return values


def _xmp_identification(xmp: ElementTree.Element) -> list[str]:
    """6.6.4: pdfaid:part 2 and a conformance level."""
    problems = []
    part = _xmp_values(xmp, PDFAID, "part")
    if part != ["2"]:
        problems.append(f"6.6.4: pdfaid:part is {part or 'missing'}, not 2")
    conformance = _xmp_values(xmp, PDFAID, "conformance")
    if len(conformance) != 1 or conformance[0] not in {"A", "B", "U"}:
        problems.append(f"6.6.4: pdfaid:conformance is {conformance or 'missing'}, not A, B or U")
    return problems


def _xmp_schemas(xmp: ElementTree.Element) -> list[str]:
    """6.6.2.3: every property from a predefined schema or one the packet declares in pdfaExtension."""
    declared = {item.text for item in xmp.iter("{http://www.aiim.org/pdfa/ns/schema#}namespaceURI") if item.text}
    used = set()
    for description in xmp.iter(f"{RDF}Description"):
        names = list(description.attrib) + [child.tag for child in description]
        used |= {name[1:].split("}")[0] for name in names if name.startswith("{") and not name.startswith(RDF)}
    return [
        f"6.6.2.3.1: XMP properties of {namespace}, neither a predefined schema nor a declared extension"
        for namespace in sorted(used - PREDEFINED_SCHEMAS - declared)
    ]


def _info_matches_xmp(reader: PdfReader, xmp: ElementTree.Element) -> list[str]:
    """6.6.3: each entry of the document information dictionary equals its XMP property."""
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else {}
    problems = []
    for key, (namespace, name) in INFO_IN_XMP.items():
        if key not in info:
            continue
        values = _xmp_values(xmp, namespace, name)
        wanted = str(info[key])
        if key.endswith("Date"):
            same = len(values) == 1 and _pdf_date(wanted) == _xmp_date(values[0])
        else:
            same = values == [wanted]
        if not same:
            problems.append(f"6.6.3: {key} {wanted!r} in /Info differs from {name} {values} in the XMP")
    return problems


def _pdf_date(text: str) -> datetime.datetime | None:
    """A PDF date (``D:YYYYMMDDHHmmSSOHH'mm'``, parts from the right optional) as an aware datetime."""
    match = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Z+-])(\d\d)?'?(\d\d)?'?)?", text)
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    offset = datetime.timedelta(hours=int(zone_hours or 0), minutes=int(zone_minutes or 0))
    zone = datetime.timezone(-offset if sign == "-" else offset)
    return datetime.datetime(
        int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone
    )


def _xmp_date(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _output_intents(catalog: DictionaryObject) -> list[str]:
    """6.2.3: a PDF/A output intent with an ICC profile that fits; all of them the same profile."""
    intents = [intent.get_object() for intent in catalog.get("/OutputIntents", [])]
    pdfa = [intent for intent in intents if intent.get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        return ["6.2.3: no /GTS_PDFA1 output intent"]
    profiles = [intent.get("/DestOutputProfile") for intent in pdfa]
    if any(profile is None for profile in profiles):
        return ["6.2.3: a /GTS_PDFA1 output intent without an ICC profile (/DestOutputProfile)"]
    problems = []
    if len({profile.get_object().get_data() for profile in profiles}) > 1:
        problems.append("6.2.3: the /GTS_PDFA1 output intents have different ICC profiles")
    profile = profiles[0].get_object()
    icc = profile.get_data()
    if len(icc) < 128 or icc[36:40] != b"acsp":
        return [*problems, "6.2.3: the output intent's profile is no ICC profile"]
    if not 2 <= icc[8] <= 4:
        problems.append(f"6.2.3: the ICC profile has version {icc[8]}, not 2 to 4")
    if icc[12:16] not in (b"mntr", b"prtr"):
        problems.append(f"6.2.3: the ICC profile's class is {icc[12:16]!r}, not monitor or printer")
    if profile.get("/N") != ICC_COMPONENTS.get(icc[16:20]):
        problems.append(f"6.2.3: /N {profile.get('/N')} does not fit the profile's colour space {icc[16:20]!r}")
    return problems


def _tagged(catalog: DictionaryObject, xmp: ElementTree.Element | None) -> list[str]:
    """What the archival PDF keeps of the everyday one: tags, title, language."""
    problems = []
    if "/StructTreeRoot" not in catalog:
        problems.append("tagged: no structure tree (/StructTreeRoot)")
    if not _true(catalog.get("/MarkInfo", {}).get("/Marked")):
        problems.append("tagged: /MarkInfo /Marked is not true")
    if catalog.get("/Lang") != LANGUAGE:
        problems.append(f"language: /Lang is {catalog.get('/Lang')!r}, not {LANGUAGE!r}")
    if xmp is not None and not any(value.strip() for value in _xmp_values(xmp, DC, "title")):
        problems.append("title: no dc:title in the XMP metadata")
    return problems


def _catalog_entries(catalog: DictionaryObject) -> list[str]:
    """What the catalog may not hold: 6.1.12 permissions, 6.4.1 NeedAppearances, 6.9 /AS, 6.10, 6.11."""
    problems = []
    permissions = catalog.get("/Perms")
    extra = sorted(set(permissions.get_object()) - PERMISSIONS) if permissions is not None else []
    if extra:
        problems.append(f"6.1.12: the permissions dictionary holds {', '.join(extra)}, not only /UR3 and /DocMDP")
    form = catalog.get("/AcroForm")
    if form is not None and _true(form.get_object().get("/NeedAppearances")):
        problems.append("6.4.1: /NeedAppearances true in the interactive form")
    content = catalog.get("/OCProperties")
    content = content.get_object() if content is not None else {}
    configurations = [content.get("/D"), *content.get("/Configs", [])]
    if any(config is not None and "/AS" in config.get_object() for config in configurations):
        problems.append("6.9: /AS in an optional content configuration")
    names = catalog.get("/Names")
    if names is not None and "/AlternatePresentations" in names.get_object():
        problems.append("6.10: /AlternatePresentations in the name dictionary")
    if "/Requirements" in catalog:
        problems.append("6.11: /Requirements in the catalog")
    return problems


def _objects(reader: PdfReader) -> Iterator[tuple[str, object]]:
    """Every dictionary, stream and string reachable from the trailer, once, with where it was found."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, object]] = [("trailer", reader.trailer)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            where = f"object {value.idnum}"
            value = value.get_object()
        yield where, value
        if isinstance(value, DictionaryObject):  # streams too
            stack.extend((f"{where} {key}", item) for key, item in value.items() if key != "/Parent")
        elif isinstance(value, ArrayObject):
            stack.extend((where, item) for item in value)


def _object_problems(where: str, value: object) -> list[str]:
    if isinstance(value, NameObject) and len(value.encode()) > 128:
        return [f"6.1.13: a name longer than 127 bytes ({where})"]
    if isinstance(value, (TextStringObject, ByteStringObject)) and len(_string_bytes(value)) > 32767:
        return [f"6.1.13: a string longer than 32,767 bytes ({where})"]
    if not isinstance(value, DictionaryObject):
        return []
    problems = _actions(where, value) + _external(where, value) + _xobject(where, value) + _font(where, value)
    if isinstance(value, StreamObject):
        problems += _stream(where, value)
    if value.get("/BM") is not None:
        modes = value["/BM"] if isinstance(value["/BM"], list) else [value["/BM"]]
        problems += [f"6.2.10: blend mode {mode} ({where})" for mode in modes if mode not in BLEND_MODES]
    if value.get("/Type") == "/Annot" or ("/Subtype" in value and "/Rect" in value):
        problems += _annotation(where, value)
    if "/XFA" in value or _true(value.get("/NeedsRendering")):
        problems.append(f"6.4.2: an XFA form ({where})")
    return problems


def _string_bytes(value: TextStringObject | ByteStringObject) -> bytes:
    return value.original_bytes if isinstance(value, TextStringObject) else bytes(value)


def _actions(where: str, value: DictionaryObject) -> list[str]:
    """6.5: no JavaScript, no forbidden actions, no additional actions; 6.4.1: no action on a form field."""
    problems = []
    kind = value.get("/S")
    if "/JS" in value or kind == "/JavaScript" or "/JavaScript" in value:
        problems.append(f"6.5.1: JavaScript ({where})")
    elif kind in FORBIDDEN_ACTIONS:
        problems.append(f"6.5.1: the action {kind} ({where})")
    elif kind == "/Named" and value.get("/N") not in NAMED_ACTIONS:
        problems.append(f"6.5.1: the named action {value.get('/N')} ({where})")
    if "/AA" in value:
        problems.append(f"6.5.2: additional actions (/AA) ({where})")
    if "/A" in value and (value.get("/Subtype") == "/Widget" or "/FT" in value):
        problems.append(f"6.4.1: a form field or widget with an action (/A) ({where})")
    return problems


def _external(where: str, value: DictionaryObject) -> list[str]:
    """No content from outside the file: embedded files, file: links, go-to's into other files."""
    problems = []
    if "/EmbeddedFiles" in value or "/EF" in value or value.get("/Type") == "/EmbeddedFile":
        problems.append(f"6.8: an embedded file ({where})")
    if value.get("/S") in EXTERNAL_ACTIONS:
        problems.append(f"external content: the action {value['/S']} into another file ({where})")
    target = str(value.get("/URI", "")).strip().lower() if value.get("/S") == "/URI" else ""
    if target.startswith(("file:", "\\\\")):  # a file on this machine or a Windows share (UNC path)
        problems.append(f"external content: a link to {value['/URI']} ({where})")
    return problems


def _stream(where: str, stream: StreamObject) -> list[str]:
    """6.1.7: the stream's data in the file, no LZW or Crypt filter."""
    problems = [
        f"6.1.7.1: stream data outside the file ({key}, {where})"
        for key in ("/F", "/FFilter", "/FDecodeParms")
        if key in stream
    ]
    filters = stream.get("/Filter")
    filters = filters if isinstance(filters, list) else [filters] if filters else []
    problems += [f"6.1.7.2: filter {name} ({where})" for name in filters if name in ("/LZWDecode", "/Crypt")]
    return problems


def _xobject(where: str, value: DictionaryObject) -> list[str]:
    """6.2.8 and 6.2.9: images and forms that look the same everywhere."""
    problems = []
    subtype = value.get("/Subtype")
    if value.get("/Type") == "/XObject" or subtype in ("/Image", "/Form", "/PS"):
        if subtype == "/PS" or value.get("/Subtype2") == "/PS":
            problems.append(f"6.2.9: a PostScript XObject ({where})")
        if "/OPI" in value:
            problems.append(f"6.2.9: /OPI ({where})")
        if subtype == "/Form" and "/Ref" in value:
            problems.append(f"6.2.9: a reference XObject (/Ref) ({where})")
        if subtype == "/Image" and "/Alternates" in value:
            problems.append(f"6.2.8: /Alternates on an image ({where})")
        if subtype == "/Image" and _true(value.get("/Interpolate")):
            problems.append(f"6.2.8: /Interpolate true on an image ({where})")
    return problems


def _font(where: str, value: DictionaryObject) -> list[str]:
    """6.2.11: every font but Type 3 embedded; the encodings TrueType fonts must have."""
    if value.get("/Type") != "/Font":
        return []
    subtype, name = value.get("/Subtype"), value.get("/BaseFont", where)
    if subtype in ("/Type3", "/Type0"):  # Type 3 glyphs are in the file; a Type 0 font's are in its descendant
        return []
    descriptor = value.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    problems = []
    if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
        problems.append(f"6.2.11.4.1: font {name} is not embedded ({where})")
    if subtype == "/CIDFontType2" and "/CIDToGIDMap" not in value:
        problems.append(f"6.2.11.3.2: font {name} has no /CIDToGIDMap ({where})")
    symbolic = int(descriptor.get("/Flags", 0)) & 4
    if subtype == "/TrueType" and not symbolic:
        encoding = value.get("/Encoding")
        if isinstance(encoding, IndirectObject):
            encoding = encoding.get_object()
        if isinstance(encoding, DictionaryObject):  # a Differences dictionary: its base encoding counts
            encoding = encoding.get("/BaseEncoding")
        if encoding not in ("/WinAnsiEncoding", "/MacRomanEncoding"):
            problems.append(f"6.2.11.6: non-symbolic TrueType font {name} has encoding {encoding} ({where})")
    return problems


def _annotation(where: str, value: DictionaryObject) -> list[str]:
    """6.3: allowed kinds, printed and visible (notes neither zoomed nor rotated), an appearance of the normal kind."""
    subtype = value.get("/Subtype")
    if subtype in FORBIDDEN_ANNOTATIONS:
        return [f"6.3.1: a {subtype} annotation ({where})"]
    if subtype not in ALLOWED_ANNOTATIONS:
        return [f"6.3.1: an annotation of a kind ISO 32000-1 does not define, {subtype} ({where})"]
    problems = []
    flags = int(value.get("/F", 0))
    if subtype == "/Text" and (flags & (NO_ZOOM | NO_ROTATE)) != NO_ZOOM | NO_ROTATE:
        problems.append(f"6.3.2: a /Text annotation that zooms or rotates (/F {flags}) ({where})")
    if subtype != "/Popup" and (not flags & PRINT or flags & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW)):
        problems.append(f"6.3.2: a {subtype} annotation not printed or hidden (/F {flags}) ({where})")
    appearance = value.get("/AP")
    if appearance is None and subtype not in ("/Popup", "/Link") and not _zero_area(value.get("/Rect")):
        problems.append(f"6.3.3: a {subtype} annotation without an appearance (/AP) ({where})")
    if appearance is not None and set(appearance.get_object()) - {"/N"}:
        problems.append(f"6.3.3: a {subtype} annotation with an appearance other than /N ({where})")
    return problems


def _zero_area(rect: object) -> bool:
    """An annotation rectangle without width and height (6.3.3 asks no appearance of it)."""
    rect = rect.get_object() if isinstance(rect, IndirectObject) else rect
    if not isinstance(rect, ArrayObject) or len(rect) != 4:
        return False
    left, bottom, right, top = (float(number) for number in rect)
    return left == right and bottom == top


def _page(number: int, page: DictionaryObject) -> list[str]:
    """6.1.13: a page from 3 to 14,400 units each way; 6.10: no presentation steps."""
    box = [float(value) for value in page.mediabox]
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    problems = []
    if not (3 <= width <= 14400 and 3 <= height <= 14400):
        problems.append(f"6.1.13: page {number} is {width:.0f} by {height:.0f} units (3 to 14,400)")
    if "/PresSteps" in page:
        problems.append(f"6.10: page {number} has presentation steps (/PresSteps)")
    return problems
