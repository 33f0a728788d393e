"""Write ``templates/raadsinformatiebrief.docx``, the docxtpl Word template of the covering letter, from code.

Like the jaarplan's template it holds layout, named styles and tags only (no
direct formatting: restyle the styles in Word, and every letter follows), and
shares that template's styles (``make_template``); this script is how the
first version was made and how to start over.

    python tools/make_letter_template.py [BESTAND.docx]

Without a file it writes the two copies that are committed: ``templates/raadsinformatiebrief.docx``
(the one people restyle) and ``src/jaarplan/word/templates/raadsinformatiebrief.docx`` (shipped with
the package, found by ``word.template.find_template("raadsinformatiebrief.docx")``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_template import FONT, _define_styles, _page_setup, save_template

from jaarplan.word import ooxml
from jaarplan.word.letter import LETTER_TEMPLATE
from jaarplan.word.template import PACKAGED_TEMPLATES

LABEL_WIDTH_CM = 4.0  # "Contactpersoon:" and a little air; the values start at one tab stop
FIELDS = (
    ("Aan", "letter.to"),
    ("Van", "letter.sender"),
    ("Contactpersoon", "letter.contact"),
    ("Datum", "letter.date"),
    ("Onderwerp", "letter.subject"),
)


def make_letter_template(target: Path) -> None:
    document = Document()
    ooxml.drop_styles_with_effects(document)
    _define_styles(document)
    _letter_styles(document)
    ooxml.set_document_defaults(document, language="nl-NL", font=FONT)
    ooxml.set_auto_hyphenation(document)
    section = document.sections[0]
    _page_setup(section, landscape=False)
    _header_footer(section)

    document.add_paragraph("Raadsinformatiebrief", style="Title")
    for label, tag in FIELDS:
        _field(document, label, tag)
    document.add_paragraph("{%p if letter.council_reference %}")
    _field(document, "Kenmerk raad", "letter.council_reference")
    document.add_paragraph("{%p endif %}")

    document.add_paragraph("Wat wij u vragen", style="Heading 1")
    document.add_paragraph("{{ letter.request }}")
    document.add_paragraph("Samenvatting", style="Heading 1")
    _each(document, "letter.summary", "Normal")
    document.add_paragraph("{{ letter.changes_heading }}", style="Heading 1")
    document.add_paragraph("{{ letter.changes_intro }}")
    _each(document, "letter.changes", "List Bullet")
    document.add_paragraph("Bijlagen", style="Heading 1")
    _each(document, "letter.attachments", "List Bullet")
    document.add_paragraph("Met vriendelijke groet,", style="Afsluiting")
    document.add_paragraph("{{ letter.sender }}")

    save_template(document, target)


def _letter_styles(document) -> None:
    """The letter's own styles: the lines of Aan, Van, … with their label, and the closing."""
    styles = document.styles
    details = styles.add_style("Briefgegeven", WD_STYLE_TYPE.PARAGRAPH)
    details.base_style = styles["Normal"]
    details.paragraph_format.space_after = Pt(2)
    details.paragraph_format.left_indent = Cm(LABEL_WIDTH_CM)
    details.paragraph_format.first_line_indent = Cm(-LABEL_WIDTH_CM)  # a long subject wraps under its value
    details.paragraph_format.tab_stops.add_tab_stop(Cm(LABEL_WIDTH_CM), WD_TAB_ALIGNMENT.LEFT)
    label = styles.add_style("Briefgegeven label", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    closing = styles.add_style("Afsluiting", WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = styles["Normal"]
    closing.paragraph_format.space_before = Pt(18)
    closing.paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.space_after = Pt(18)
    styles["List Bullet"].paragraph_format.space_after = Pt(3)
    for name in ("Header", "Footer"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # in the style: no direct formatting


def _field(document, label: str, tag: str) -> None:
    paragraph = document.add_paragraph(style="Briefgegeven")
    paragraph.add_run(f"{label}:", style="Briefgegeven label")
    paragraph.add_run(f"\t{{{{ {tag} }}}}")


def _each(document, items: str, style: str) -> None:
    """One paragraph of ``style`` per item of the list ``items``."""
    document.add_paragraph(f"{{%p for line in {items} %}}")
    document.add_paragraph("{{ line }}", style=style)
    document.add_paragraph("{%p endfor %}")


def _header_footer(section) -> None:
    header = section.header.paragraphs[0]
    header.add_run("Raadsinformatiebrief – {{ letter.subject }}")
    footer = section.footer.paragraphs[0]
    footer.add_run("pagina ")
    ooxml.add_field(footer, "PAGE", "1")
    footer.add_run(" van ")
    ooxml.add_field(footer, "NUMPAGES", "1")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        make_letter_template(Path(sys.argv[1]))
    else:
        repo = Path(__file__).resolve().parents[1]
        make_letter_template(repo / "templates" / LETTER_TEMPLATE)
        shutil.copyfile(repo / "templates" / LETTER_TEMPLATE, PACKAGED_TEMPLATES / LETTER_TEMPLATE)
