"""Raw WordprocessingML: runs, fields, footnotes and table flags, with names from the spec.

Most XML that goes into a document is written here, and every run that carries
a user's text. Two modules build elements of their own around it: ``word.toc``
(bookmarks, hyperlinks and the entry paragraphs of the table of contents) and
``diff.redline`` (revision marks on runs, rows and paragraph marks).
``word.matrix_rows`` cuts and splices the row loop's XML as text but adds none.
Everything a user typed goes through ``escape_text`` here, so text from the
workbook is text in Word: never markup, never a template tag.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from markupsafe import Markup

from jaarplan.model import FootnoteRef, RichText, Span

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE_TEXT_STYLE = "FootnoteText"
LANDSCAPE_FOOTNOTE_TEXT_STYLE = "VoetnoottekstLiggend"  # a footnote on a landscape page, in the text column
FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"


def escape_text(text: str) -> Markup:
    """Text for inside ``<w:t>``: XML-escaped, and safe from docxtpl's own markers.

    docxtpl turns ``{_{`` and friends in its output back into ``{{``; writing
    every underscore as a character reference means no cell text can form them.
    """
    return Markup(_escaped(text))


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("_", "&#95;")


def run_xml(span: Span) -> str:
    """One ``<w:r>`` for a span; line breaks inside it become ``<w:br/>``.

    A span with a revision becomes a tracked change: the run inside ``<w:ins>``,
    or inside ``<w:del>`` with its text as ``<w:delText>``. A span with a
    ``format_before`` gets a tracked formatting change (``w:rPrChange`` holding
    the old formatting). Ids, author and date are set afterwards by
    ``diff.redline.finish_revisions``.
    """
    text_tag = "w:delText" if span.revision == "del" else "w:t"
    if "\n" in span.text:
        pieces = (f'<{text_tag} xml:space="preserve">{_escaped(line)}</{text_tag}>' for line in span.text.split("\n"))
        text = "<w:br/>".join(pieces)
    else:  # most spans: one piece
        text = f'<{text_tag} xml:space="preserve">{_escaped(span.text)}</{text_tag}>'
    properties = _run_properties(span.italic, span.bold, span.superscript)
    if span.format_before is not None:
        before = _run_properties(*span.format_before)
        properties += f'<w:rPrChange w:id="0" w:author="" w:date=""><w:rPr>{before}</w:rPr></w:rPrChange>'
    run = f"<w:r><w:rPr>{properties}</w:rPr>{text}</w:r>" if properties else f"<w:r>{text}</w:r>"
    if span.revision in ("ins", "del"):
        return f'<w:{span.revision} w:id="0" w:author="" w:date="">{run}</w:{span.revision}>'
    return run


def _run_properties(italic: bool, bold: bool, superscript: bool) -> str:
    """The ``w:rPr`` children for a span's formatting, in schema order."""
    properties = ""
    if bold:
        properties += "<w:b/><w:bCs/>"
    if italic:
        properties += "<w:i/><w:iCs/>"
    if superscript:
        properties += '<w:vertAlign w:val="superscript"/>'
    return properties


def styled_run_xml(
    text: str, *, colour: str | None = None, bold: bool = False, strike: bool = False, underline: bool = False
) -> str:
    """One ``<w:r>`` with direct formatting, for reports: a coloured status symbol, a struck-out old word."""
    properties = "<w:b/><w:bCs/>" if bold else ""
    properties += "<w:strike/>" if strike else ""
    properties += f'<w:color w:val="{colour}"/>' if colour else ""
    properties += '<w:u w:val="single"/>' if underline else ""
    pieces = [f'<w:t xml:space="preserve">{escape_text(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{'<w:br/>'.join(pieces)}</w:r>"


def set_picture_descriptions(document: Document, descriptions: list[str]) -> None:
    """Give the document's pictures (``wp:docPr``, in body order) their text alternative, for Word and PDF."""
    doc_prs = document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    for doc_pr, description in zip(doc_prs, descriptions, strict=False):
        doc_pr.set("descr", description)


def footnote_reference_xml(footnote_id: int) -> str:
    return (
        f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr>'
        f'<w:footnoteReference w:id="{footnote_id}"/></w:r>'
    )


def runs_xml(text: RichText, footnote_id: Callable[[str], int]) -> Markup:
    """The runs of a RichText, for a docxtpl ``{{r ... }}`` tag."""
    if len(text.parts) == 1 and isinstance(text.parts[0], Span):  # most cells: one run
        return Markup(run_xml(text.parts[0]))
    xml = "".join(
        footnote_reference_xml(footnote_id(part.key)) if isinstance(part, FootnoteRef) else run_xml(part)
        for part in text.parts
    )
    return Markup(xml)


# --- footnotes -----------------------------------------------------------------

FOOTNOTES_PARTNAME = "/word/footnotes.xml"


def empty_footnotes_xml() -> bytes:
    """A footnotes part with only the two separators Word requires."""
    return (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()


def add_footnotes_part(document: Document) -> Part:
    """Give a document (the template) an empty footnotes part and the settings Word expects; returns the part.

    The settings' ``w:footnotePr`` names the two separators; one the document has
    already (with no part, it names separators that are not there) is replaced.
    """
    part = Part(PackURI(FOOTNOTES_PARTNAME), CONTENT_TYPE.WML_FOOTNOTES, empty_footnotes_xml(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    settings = document.settings.element
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings.append(footnote_pr)
    _reorder_settings(settings)
    return part


def add_footnote_styles(document: Document) -> None:
    """Give a document the footnote styles the plan's footnotes use, as far as it lacks them.

    A template restyled elsewhere (or made without footnotes) may have none: without
    them a footnote's number would stand full size in the text. Sizes as in
    ``tools/make_template.py``: 8 pt text, a superscript reference.
    """
    styles = document.styles.element
    have = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    if FOOTNOTE_TEXT_STYLE not in have:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{FOOTNOTE_TEXT_STYLE}">'
                '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
                '<w:pPr><w:spacing w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
                '<w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
            )
        )
    if FOOTNOTE_REFERENCE_STYLE not in have:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" '
                f'w:styleId="{FOOTNOTE_REFERENCE_STYLE}"><w:name w:val="footnote reference"/>'
                '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            )
        )


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_styles_with_effects(document: Document) -> None:
    """Remove the legacy ``stylesWithEffects`` part that python-docx's blank document carries.

    Word 2010 wrote it as a copy of the styles for Word 2007; Word reads ``styles.xml``
    and never needs it, but a copy that no longer matches the styles (ours are restyled)
    is a reason for Word to call the file damaged.
    """
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(rel_id)


def footnote_xml(footnote_id: int, paragraphs: list[str], style_id: str = FOOTNOTE_TEXT_STYLE) -> str:
    """A ``<w:footnote>``; the mark that Word numbers opens the first paragraph."""
    mark = (
        f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_REFERENCE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
    )
    style = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
    body = "".join(
        f"<w:p>{style}{mark if index == 0 else ''}{runs}</w:p>" for index, runs in enumerate(paragraphs or [""])
    )
    return f'<w:footnote {nsdecls("w")} w:id="{footnote_id}">{body}</w:footnote>'


def append_footnotes(document: Document, footnotes: list[str]) -> None:
    """Append ``<w:footnote>`` elements (from footnote_xml) to the document's footnotes part."""
    if not footnotes:
        return
    part = footnotes_part(document)
    if part is None:  # a template without footnotes of its own (as LibreOffice saves one): given them here
        part = add_footnotes_part(document)
    add_footnote_styles(document)  # a restyled template may keep the part but lose a style
    root = etree.fromstring(part.blob)
    for xml in footnotes:
        root.append(etree.fromstring(xml))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def footnotes_part(document: Document) -> Part | None:
    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
            return rel.target_part
    return None


def footnote_texts(document: Document) -> list[list[str]]:
    """The paragraphs' text of each real footnote (not the separators), in part order."""
    part = footnotes_part(document)
    if part is None:
        return []
    root = etree.fromstring(part.blob)
    notes = []
    for note in root.iter(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
            continue
        notes.append(["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in note.iter(qn("w:p"))])
    return notes


# --- fields, table flags, settings ------------------------------------------------


def paragraph_style_id(paragraph: etree._Element) -> str | None:
    """The style id in ``w:pPr/w:pStyle`` (any lxml paragraph, python-docx's or not)."""
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def style_outline_levels(document: Document) -> dict[str, int]:
    """Paragraph style id → outline level (1-based), following ``basedOn`` like Word does."""
    styles = {style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))}

    def level(style_id: str, seen: frozenset[str] = frozenset()) -> int | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return int(outline.get(qn("w:val"))) + 1
        based_on = style.find(qn("w:basedOn"))
        return None if based_on is None else level(based_on.get(qn("w:val")), seen | {style_id})

    levels = {style_id: level(style_id) for style_id in styles}
    return {style_id: value for style_id, value in levels.items() if value is not None}


FIELD_END_RUN = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field_start_runs(instruction: str, *, dirty: bool = False) -> list[str]:
    """The runs that open a complex field: its begin mark, its instruction, and the mark where its result starts.

    The result's runs and ``FIELD_END_RUN`` follow, in this paragraph or (a
    table of contents) a later one. ``dirty`` asks Word to recompute the result.
    """
    flag = ' w:dirty="true"' if dirty else ""
    return [
        f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {escape_text(instruction)} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    ]


def field_runs(instruction: str, result_run: str, *, dirty: bool = False) -> list[str]:
    """A whole complex field in one paragraph, showing ``result_run`` until Word recomputes it."""
    return [*field_start_runs(instruction, dirty=dirty), result_run, FIELD_END_RUN]


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a complex field (PAGE, NUMPAGES, TOC ...) with a placeholder result."""
    p = paragraph._p
    result = f'<w:r><w:t xml:space="preserve">{escape_text(placeholder)}</w:t></w:r>'
    for xml in field_runs(instruction, result, dirty=True):
        p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


def repeat_header_row(table: Table) -> None:
    """Mark the first row as a header row that Word repeats on every page (``w:tblHeader``)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def keep_rows_whole(table: Table) -> None:
    """Let no row break across pages (``w:cantSplit``): a row is read as one statement."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def let_row_split(row: etree._Element) -> None:
    """Take ``w:cantSplit`` off a row: a row taller than a page must flow over pages."""
    for flag in row.findall(f"{qn('w:trPr')}/{qn('w:cantSplit')}"):
        flag.getparent().remove(flag)


def style_font_sizes(document: Document) -> dict[str, float]:
    """Paragraph style id → font size in points, following ``basedOn``; the documents default for the rest."""
    styles = {style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))}
    default = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    default_size = int(default.get(qn("w:val"))) / 2 if default is not None else 10.0

    def size(style_id: str, seen: frozenset[str] = frozenset()) -> float:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return default_size
        own = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if own is not None:
            return int(own.get(qn("w:val"))) / 2
        based_on = style.find(qn("w:basedOn"))
        return default_size if based_on is None else size(based_on.get(qn("w:val")), seen | {style_id})

    return {style_id: size(style_id) for style_id in styles}


def set_table_grid(table: Table, widths_twips: list[int]) -> None:
    """Set the column widths Word and LibreOffice lay out with (``w:tblGrid``) and a fixed layout."""
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_twips, strict=True):
        grid_col.set(qn("w:w"), str(width))
    table.autofit = False  # python-docx keeps the one w:tblLayout the schema allows: fixed
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths_twips)}" w:type="dxa"/>'))
    _reorder(tbl_pr, _TBLPR_ORDER)


def set_column_widths(table: Table, widths_emu: list[int]) -> None:
    """Column widths in EMU for the grid and for every cell (Word reads the cells, LibreOffice the grid)."""
    set_table_grid(table, [int(width / 635) for width in widths_emu])  # 635 EMU to a twip
    for row in table.rows:
        for cell, width in zip(row.cells, widths_emu, strict=False):
            cell.width = width


def set_style_font(style_element: etree._Element, font: str) -> None:
    """Give a style one font by name, dropping theme fonts that would override it."""
    r_pr = style_element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), font)


def shade_cell(cell_tc: etree._Element, fill: str) -> None:
    tc_pr = cell_tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def set_update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh fields (table of contents, page numbers) when it opens the file."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    _reorder_settings(settings)


def set_auto_hyphenation(document: Document) -> None:
    """Hyphenate automatically: narrow matrix columns meet long Dutch compounds."""
    settings = document.settings.element
    settings.append(parse_xml(f'<w:autoHyphenation {nsdecls("w")} w:val="true"/>'))
    _reorder_settings(settings)


def set_document_defaults(document: Document, *, language: str, font: str) -> None:
    """Set the default language (spelling, hyphenation, PDF language) and font of every run."""
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in [*r_pr.findall(qn("w:lang")), *r_pr.findall(qn("w:rFonts"))]:
        r_pr.remove(old)
    r_pr.insert(
        0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>')
    )
    r_pr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/>'))


# CT_Settings is a sequence: Word rejects children out of schema order. Names without a
# prefix are in the w: namespace; extension elements (w14:, w15:, ...) are not listed and
# go last, where their schemas put them.
_SETTINGS_ORDER = [
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "m:mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "sl:schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
]  # fmt: skip


_TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
]  # fmt: skip


def _reorder_settings(settings: etree._Element) -> None:
    _reorder(settings, _SETTINGS_ORDER)


def _reorder(parent: etree._Element, order: list[str]) -> None:
    """Put children in schema order; Word rejects a sequence out of order."""
    rank = {qn(name if ":" in name else f"w:{name}"): index for index, name in enumerate(order)}
    children = sorted(parent, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        parent.remove(child)
        parent.append(child)
