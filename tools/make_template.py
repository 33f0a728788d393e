"""Write ``templates/jaarplan.docx``, the docxtpl Word template, from code.

The template holds layout, styles and docxtpl tags only: no text of the plan.
A civil servant may restyle the written file in Word (fonts, colours, a logo,
margins); this script is how the first version was made and how to start over.

    python tools/make_template.py [BESTAND.docx]

Without a file it writes the two copies that are committed: ``templates/jaarplan.docx``
(the one people restyle) and ``src/jaarplan/word/templates/jaarplan.docx`` (shipped with
the package, so ``jaarplan`` finds a template from any folder).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jaarplan.indicators import COMPARISON_HEADER, TABLE_HEADERS
from jaarplan.model import MATRIX_COLUMNS, ROW_FIELDS
from jaarplan.word import ooxml
from jaarplan.word.template import PACKAGED_TEMPLATES

FONT = "Arial"
DARK_BLUE = RGBColor(0x1F, 0x4E, 0x79)
HEADER_FILL = "1F4E79"
THEME_TEXT_STYLE = "Thematekst"
MATRIX_HEADERS = MATRIX_COLUMNS[1:]  # the workbook's headers, without Thema
MATRIX_FIELDS = ("goal", *ROW_FIELDS)
# Landscape A4 less 2 cm margins leaves 25.7 cm, sized for what the columns hold at 8.5 pt:
# Specifiek the most text; Deadline the longest Dutch date ("30 september 2010", 2.6 cm and
# the cell margins) on one line; the others a long compound such as "veiligheidsoverleg"
# (Dutch hyphenation breaks longer ones).
MATRIX_WIDTHS_CM = (3.1, 4.9, 3.1, 2.9, 2.9, 2.8, 3.1, 2.9)
INDICATOR_TABLE_STYLE = "Indicatortabel"
INDICATOR_HEADERS = (*TABLE_HEADERS, COMPARISON_HEADER)
INDICATOR_FIELDS = ("name", "unit", "baseline", "latest", "target", "comparison")
INDICATOR_WIDTHS_CM = (6.5, 3.5, 3.2, 3.4, 3.4, 5.7)  # the landscape text width, 25.7 cm
HISTORY_HEADERS = ("Versie", "Datum", "Auteur", "Omschrijving")
HISTORY_FIELDS = ("version", "date", "author", "description")
HISTORY_WIDTHS_CM = (1.8, 3.6, 1.8, 8.8)  # the portrait text width, 16 cm
TEXT_WIDTH_CM = 16.0  # prose on every page: about 85 characters a line at 11 pt, as on the portrait pages
LANDSCAPE_TEXT_WIDTH_CM = 29.7 - 2 * 2.0


def make_template(target: Path) -> None:
    document = Document()
    ooxml.drop_styles_with_effects(document)
    _define_styles(document)
    ooxml.set_document_defaults(document, language="nl-NL", font=FONT)
    ooxml.add_footnotes_part(document)
    ooxml.set_update_fields_on_open(document)
    ooxml.set_auto_hyphenation(document)

    front = document.sections[0]
    _page_setup(front, landscape=False)
    front.different_first_page_header_footer = True
    _header_footer(front)

    _title_page(document)
    _version_history(document)
    _table_of_contents(document)
    _chapters(document)

    themes = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(themes, landscape=True)
    themes.different_first_page_header_footer = False
    _themes(document)

    save_template(document, target)


def _define_styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    for style in styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.element.rPr is not None:
            ooxml.set_style_font(style.element, FONT)
    ooxml.set_style_font(normal.element, FONT)
    for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("TOC Heading", 16)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = DARK_BLUE
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    styles["Subtitle"].font.italic = False

    version = styles.add_style("Versieregel", WD_STYLE_TYPE.PARAGRAPH)
    version.base_style = normal
    version.font.size = Pt(12)
    version.paragraph_format.space_before = Pt(24)

    distribution = styles.add_style("Verzending", WD_STYLE_TYPE.PARAGRAPH)
    distribution.base_style = normal
    distribution.font.italic = True
    distribution.paragraph_format.space_before = Pt(12)

    cluster = styles.add_style("Cluster", WD_STYLE_TYPE.PARAGRAPH)
    cluster.base_style = normal
    cluster.font.italic = True
    cluster.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    cluster.paragraph_format.keep_with_next = True

    # The prose of a theme stands on a landscape page (for its matrix) but keeps the portrait
    # text width: a line of 150 characters is hard to read.
    theme_text = styles.add_style(THEME_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    theme_text.base_style = normal
    theme_text.paragraph_format.right_indent = Cm(LANDSCAPE_TEXT_WIDTH_CM - TEXT_WIDTH_CM)

    see_also = styles.add_style("Zie ook", WD_STYLE_TYPE.PARAGRAPH)
    see_also.base_style = theme_text

    matrix = styles.add_style("Matrixtekst", WD_STYLE_TYPE.PARAGRAPH)
    matrix.base_style = normal
    matrix.font.size = Pt(8.5)
    matrix.paragraph_format.space_after = Pt(0)
    matrix.paragraph_format.line_spacing = 1.0

    matrix_header = styles.add_style("Matrixkop", WD_STYLE_TYPE.PARAGRAPH)
    matrix_header.base_style = matrix
    matrix_header.font.bold = True
    matrix_header.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    indicator_header = styles.add_style("Indicatorkop", WD_STYLE_TYPE.PARAGRAPH)
    indicator_header.base_style = normal
    indicator_header.font.bold = True
    indicator_header.paragraph_format.space_before = Pt(12)
    indicator_header.paragraph_format.keep_with_next = True
    _indicator_table_style(document)

    footnote_text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    footnote_text.element.set(qn("w:styleId"), ooxml.FOOTNOTE_TEXT_STYLE)
    footnote_text.base_style = normal
    footnote_text.font.size = Pt(8)
    footnote_text.paragraph_format.space_after = Pt(2)
    footnote_text.paragraph_format.line_spacing = 1.0

    wide_footnote = styles.add_style("Voetnoottekst liggend", WD_STYLE_TYPE.PARAGRAPH)
    wide_footnote.element.set(qn("w:styleId"), ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE)
    wide_footnote.base_style = footnote_text
    wide_footnote.paragraph_format.right_indent = Cm(LANDSCAPE_TEXT_WIDTH_CM - TEXT_WIDTH_CM)

    footnote_reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    footnote_reference.element.set(qn("w:styleId"), ooxml.FOOTNOTE_REFERENCE_STYLE)
    footnote_reference.font.superscript = True

    # Entries of the table of contents (Word's built-in "toc 1", "toc 2"): the page number
    # right-aligned at the portrait text width, dots leading to it.
    for level in (1, 2):
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.element.set(qn("w:styleId"), f"TOC{level}")
        entry.base_style = normal
        entry.paragraph_format.left_indent = Cm(0.5 * (level - 1))
        entry.paragraph_format.space_after = Pt(3)
        entry.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    unnumbered = styles.add_style("Kop zonder nummer", WD_STYLE_TYPE.PARAGRAPH)
    unnumbered.base_style = styles["TOC Heading"]  # looks like a heading, stays out of the table of contents
    unnumbered.paragraph_format.space_after = Pt(6)

    concept = styles.add_style("Conceptmarkering", WD_STYLE_TYPE.CHARACTER)
    concept.font.bold = True
    concept.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _page_setup(section, *, landscape: bool) -> None:
    short, long = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long, short
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.0)


def save_template(document, target: Path) -> None:
    """Saved without the author, title or comments of whoever ran the tool, in Dutch: every template the same way."""
    document.core_properties.title = ""
    document.core_properties.author = ""
    document.core_properties.comments = ""
    document.core_properties.language = "nl-NL"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)


def _header_footer(section) -> None:
    """Title and version on every page but the title page; a concept says CONCEPT on every page."""
    header = section.header.paragraphs[0]
    header.add_run("{% if plan.is_concept %}")
    header.add_run("CONCEPT", style="Conceptmarkering")
    header.add_run(" – {% endif %}{{ plan.title }} – versie {{ plan.version }}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if section.different_first_page_header_footer:
        first = section.first_page_header.paragraphs[0]
        first.add_run("{% if plan.is_concept %}")
        first.add_run("CONCEPT", style="Conceptmarkering")
        first.add_run("{% endif %}")
        first.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("pagina ")
    ooxml.add_field(footer, "PAGE", "1")
    footer.add_run(" van ")
    ooxml.add_field(footer, "NUMPAGES", "1")


def _title_page(document: Document) -> None:
    title = document.add_paragraph("{{ plan.title }}", style="Title")
    title.paragraph_format.space_before = Pt(160)
    document.add_paragraph("{{ plan.partners }}", style="Subtitle")
    document.add_paragraph("Versie {{ plan.version }}, {{ plan.date }}, {{ plan.author }}", style="Versieregel")
    document.add_paragraph("{%p if plan.distribution %}")
    document.add_paragraph("{{ plan.distribution }}", style="Verzending")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _version_history(document: Document) -> None:
    """The Versiebeheer table from plan.yaml's ``versies``; left out while the list is empty."""
    document.add_paragraph("{%p if plan.history %}")
    document.add_paragraph("Versiebeheer", style="Kop zonder nummer")
    table = document.add_table(rows=4, cols=len(HISTORY_HEADERS))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.width = Cm(HISTORY_WIDTHS_CM[column])
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Matrixkop" if index == 0 else "Matrixtekst"]
            if index == 0:
                paragraph.add_run(HISTORY_HEADERS[column])
                ooxml.shade_cell(cell._tc, HEADER_FILL)
            elif index == 2:
                paragraph.add_run(f"{{{{ entry.{HISTORY_FIELDS[column]} }}}}")
            elif column == 0:
                paragraph.add_run("{%tr for entry in plan.history %}" if index == 1 else "{%tr endfor %}")
    ooxml.repeat_header_row(table)
    ooxml.keep_rows_whole(table)
    ooxml.set_table_grid(table, [int(Cm(width).twips) for width in HISTORY_WIDTHS_CM])
    document.add_paragraph("{%p endif %}")


def _table_of_contents(document: Document) -> None:
    document.add_paragraph("Inhoudsopgave", style="TOC Heading")
    toc = document.add_paragraph()
    ooxml.add_field(toc, 'TOC \\o "1-2" \\h \\z \\u', "De inhoudsopgave wordt bijgewerkt bij het openen.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _chapters(document: Document) -> None:
    document.add_paragraph("{%p for chapter in chapters %}")
    document.add_paragraph("{{ chapter.title }}", style="Heading 1")
    document.add_paragraph("{%p for paragraph in chapter.paragraphs %}")
    document.add_paragraph("{{r paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")


def _themes(document: Document) -> None:
    document.add_paragraph("{%p for theme in themes %}")
    document.add_paragraph("{{ theme.title }}", style="Heading 1")
    document.add_paragraph("Cluster: {{ theme.cluster }}", style="Cluster")
    document.add_paragraph("{%p for paragraph in theme.paragraphs %}")
    document.add_paragraph("{{r paragraph }}", style=THEME_TEXT_STYLE)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for paragraph in theme.see_also %}")
    document.add_paragraph("{{r paragraph }}", style="Zie ook")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if theme.goals %}")
    _matrix_table(document)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if theme.indicators %}")
    document.add_paragraph("Indicatoren bij {{ theme.title }}", style="Indicatorkop")
    _indicator_table(document)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")


def _indicator_table_style(document: Document) -> None:
    """The indicator tables' look as a table style, so one change in Word restyles them all.

    Borders, cell margins and the header row's fill and white bold text are the
    style's (the header as its ``firstRow`` part), none of it set on the table itself.
    """
    style = document.styles.add_style(INDICATOR_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    style.element.append(
        parse_xml(
            f"<w:tblPr {namespace}><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>"
            '<w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    )
    style.element.append(
        parse_xml(
            f'<w:tblStylePr {namespace} w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr></w:tblStylePr>'
        )
    )


def _indicator_table(document: Document) -> None:
    """Header row, then a row per indicator of the theme (``word.render`` gives its cells as text)."""
    table = indicator_style_table(
        document, INDICATOR_HEADERS, INDICATOR_FIELDS, INDICATOR_WIDTHS_CM, "theme.indicators"
    )
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def new_table(document: Document, rows: int, widths_cm: tuple[float, ...], style: str):
    """A table of fixed column widths in a table style, and (row, column, cell, its paragraph in Matrixtekst)."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = document.styles[style]
    table.autofit = False
    cells = []
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[column])
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Matrixtekst"]
            cells.append((index, column, cell, paragraph))
    return table, cells


def shaded_header(document: Document, cell, text: str) -> None:
    """A header cell drawn on the table itself (Matrixkop on the dark fill), as the matrix and action tables have."""
    paragraph = cell.paragraphs[0]
    paragraph.style = document.styles["Matrixkop"]
    paragraph.add_run(text)
    ooxml.shade_cell(cell._tc, HEADER_FILL)


def indicator_style_table(
    document: Document, headers: tuple[str, ...], fields: tuple[str, ...], widths_cm: tuple[float, ...], items: str
):
    """A table in the style ``Indicatortabel``: a header row, then one row per ``indicator in items``.

    The rows are header, ``{%tr for %}``, the row of ``{{ indicator.field }}`` cells, ``{%tr endfor %}``;
    the jaarplan's indicator table and the report's "Indicatoren achter op koers" are both made here.
    """
    table, cells = new_table(document, 4, widths_cm, INDICATOR_TABLE_STYLE)
    loop_rows = {1: f"{{%tr for indicator in {items} %}}", 3: "{%tr endfor %}"}
    for index, column, _, paragraph in cells:
        if index == 0:
            paragraph.add_run(headers[column])
        elif index == 2:
            paragraph.add_run(f"{{{{ indicator.{fields[column]} }}}}")
        elif column == 0:
            paragraph.add_run(loop_rows[index])
    ooxml.repeat_header_row(table)
    ooxml.keep_rows_whole(table)
    ooxml.set_table_grid(table, [int(Cm(width).twips) for width in widths_cm])
    return table


def _matrix_table(document: Document) -> None:
    """Header row, then a row per matrix row inside two loops; Doel merges over its rows."""
    table, cells = new_table(document, 6, MATRIX_WIDTHS_CM, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    loop_rows = {1: "{%tr for goal in theme.goals %}", 2: "{%tr for row in goal.rows %}", 4: "{%tr endfor %}"}
    for index, column, cell, paragraph in cells:
        if index == 0:
            shaded_header(document, cell, MATRIX_HEADERS[column])
        elif index == 3:
            if column == 0:
                paragraph.add_run("{% vm %}")
            paragraph.add_run(f"{{{{r row.{MATRIX_FIELDS[column]} }}}}")
        elif column == 0:
            paragraph.add_run(loop_rows.get(index, "{%tr endfor %}"))
    ooxml.repeat_header_row(table)
    ooxml.keep_rows_whole(table)  # word.matrix_rows lets a row taller than a page flow again
    ooxml.set_table_grid(table, [int(Cm(width).twips) for width in MATRIX_WIDTHS_CM])


if __name__ == "__main__":
    if len(sys.argv) > 1:
        make_template(Path(sys.argv[1]))
    else:
        repo = Path(__file__).resolve().parents[1]
        make_template(repo / "templates" / "jaarplan.docx")
        shutil.copyfile(repo / "templates" / "jaarplan.docx", PACKAGED_TEMPLATES / "jaarplan.docx")
