"""Write ``templates/voortgang.docx``, the docxtpl Word template of the voortgangsrapportage, from code.

Like the jaarplan's template it holds layout, styles and tags only, shares
that template's styles (``make_template``), and may be restyled in Word; this
script is how the first version was made and how to start over.

    python tools/make_status_template.py [BESTAND.docx]

Without a file it writes the two copies that are committed: ``templates/voortgang.docx``
(the one people restyle) and ``src/jaarplan/word/templates/voortgang.docx`` (shipped with the
package, found by ``word.template.find_template("voortgang.docx")``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_template import (
    FONT,
    HEADER_FILL,
    _define_styles,
    _page_setup,
    indicator_style_table,
    new_table,
    save_template,
    shaded_header,
)

from jaarplan.indicators import RULE
from jaarplan.word import ooxml
from jaarplan.word.template import PACKAGED_TEMPLATES

# Portrait A4 less 2.5 cm margins: 16 cm of text width.
ACTION_HEADERS = ("Doel", "Specifiek", "Status", "Deadline", "Stand van zaken")
ACTION_FIELDS = ("goal", "specific", "status", "deadline", "progress")
ACTION_WIDTHS_CM = (3.4, 4.0, 2.6, 2.1, 3.9)
BEHIND_HEADERS = ("Indicator", "Thema", "Oordeel")
BEHIND_FIELDS = ("name", "theme", "explanation")
BEHIND_WIDTHS_CM = (4.4, 3.4, 8.2)


def make_status_template(target: Path) -> None:
    document = Document()
    ooxml.drop_styles_with_effects(document)
    _define_styles(document)
    ooxml.set_document_defaults(document, language="nl-NL", font=FONT)
    ooxml.set_auto_hyphenation(document)
    styles = document.styles
    styles["Heading 2"].font.size = Pt(12)
    styles["Heading 2"].paragraph_format.keep_with_next = True
    caption = styles.add_style("Bijschrift", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = styles["Normal"]
    caption.font.size = Pt(8.5)
    caption.font.italic = True

    section = document.sections[0]
    _page_setup(section, landscape=False)
    _header_footer(section)
    _title_block(document)
    _summary(document)
    _attention(document)
    _per_theme(document)
    _indicators(document)
    _changes(document)

    save_template(document, target)


def _header_footer(section) -> None:
    header = section.header.paragraphs[0]
    header.add_run("Voortgangsrapportage {{ plan.title }} – peildatum {{ report.reference_date }}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("pagina ")
    ooxml.add_field(footer, "PAGE", "1")
    footer.add_run(" van ")
    ooxml.add_field(footer, "NUMPAGES", "1")


def _title_block(document) -> None:
    document.add_paragraph("Voortgangsrapportage", style="Title")
    document.add_paragraph("{{ plan.title }}", style="Subtitle")
    document.add_paragraph("{{ plan.partners }}")
    document.add_paragraph(
        "Peildatum {{ report.reference_date }}. Gebaseerd op versie {{ plan.version }} ({{ plan.status }}, "
        "{{ plan.date }}), auteur {{ plan.author }}.",
        style="Versieregel",
    )


def _summary(document) -> None:
    document.add_paragraph("Samenvatting", style="Heading 1")
    document.add_paragraph("{{ summary.sentence }}")
    table = document.add_table(rows=4, cols=6)
    table.style = document.styles["Table Grid"]
    header = (
        "Cluster",
        "{%tc for column in summary.columns %}",
        "{{r column }}",
        "{%tc endfor %}",
        "verlopen",
        "totaal",
    )
    body = ("{{r line.label }}", "{%tc for count in line.counts %}", "{{ count }}", "{%tc endfor %}")
    body += ("{{ line.overdue }}", "{{ line.total }}")
    widths = (4.0, 0.5, 2.0, 0.5, 2.0, 2.0)
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.width = Cm(widths[column])
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Matrixkop" if index == 0 else "Matrixtekst"]
            if index == 0:
                paragraph.add_run(header[column])
                ooxml.shade_cell(cell._tc, HEADER_FILL)
            elif index == 2:
                paragraph.add_run(body[column])
            elif column == 0:
                paragraph.add_run("{%tr for line in summary.lines %}" if index == 1 else "{%tr endfor %}")
    ooxml.repeat_header_row(table)
    chart = document.add_paragraph("{{ chart }}")
    chart.paragraph_format.space_before = Pt(12)
    chart.paragraph_format.keep_with_next = True
    document.add_paragraph("{{ chart_caption }}", style="Bijschrift")


def _action_table(document) -> None:
    """Doel (merged over its actions), Specifiek, Status (symbol and word), Deadline, Stand van zaken."""
    table, cells = new_table(document, 6, ACTION_WIDTHS_CM, "Table Grid")
    loops = {1: "{%tr for goal in theme.goals %}", 2: "{%tr for row in goal.rows %}"}
    for index, column, cell, paragraph in cells:
        if index == 0:
            shaded_header(document, cell, ACTION_HEADERS[column])
        elif index == 3:
            if column == 0:
                paragraph.add_run("{% vm %}{{r goal.title }}")
            else:
                paragraph.add_run(f"{{{{r row.{ACTION_FIELDS[column]} }}}}")
        elif column == 0:
            paragraph.add_run(loops.get(index, "{%tr endfor %}"))
    ooxml.repeat_header_row(table)
    ooxml.set_table_grid(table, [int(Cm(width).twips) for width in ACTION_WIDTHS_CM])


def _attention(document) -> None:
    document.add_paragraph("Aandachtspunten", style="Heading 1").paragraph_format.page_break_before = True
    document.add_paragraph(
        "Elke actie met de status aandacht of achter, en elke actie waarvan de deadline voor de peildatum ligt "
        "en die niet gereed is (verlopen)."
    )
    document.add_paragraph("{%p for theme in attention %}")
    document.add_paragraph("{{ theme.title }}", style="Heading 2")
    _action_table(document)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if attention_indicators %}")
    document.add_paragraph("Indicatoren achter op koers", style="Heading 2")
    _behind_table(document)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if not attention and not attention_indicators %}")
    document.add_paragraph("Geen aandachtspunten op de peildatum.")
    document.add_paragraph("{%p endif %}")


def _behind_table(document) -> None:
    """The indicators achter op koers: name, theme and the verdict's sentence (``indicators.Verdict``)."""
    indicator_style_table(document, BEHIND_HEADERS, BEHIND_FIELDS, BEHIND_WIDTHS_CM, "attention_indicators")


def _indicators(document) -> None:
    """Per indicator its verdict in words, its numbers and its chart (left out for a plan without indicators)."""
    document.add_paragraph("{%p if indicators %}")
    document.add_paragraph("Indicatoren", style="Heading 1")
    document.add_paragraph(RULE)
    document.add_paragraph("{%p for indicator in indicators %}")
    block = (
        document.add_paragraph("{{ indicator.name }}", style="Heading 2"),
        document.add_paragraph("Thema: {{ indicator.theme }}", style="Cluster"),
        document.add_paragraph("{{r indicator.verdict }}"),
        document.add_paragraph("{{ indicator.numbers }}"),
    )
    for paragraph in block:  # heading, verdict, numbers and chart on one page, with the caption below
        paragraph.paragraph_format.keep_with_next = True
    # The chart in the numbers' paragraph after a line break, kept whole: LibreOffice let a chart in a
    # paragraph of its own go to the next page without the paragraphs kept with it.
    numbers = block[-1]
    numbers.paragraph_format.keep_together = True
    numbers.add_run("{% if indicator.chart %}")
    numbers.add_run().add_break()
    numbers.add_run("{{ indicator.chart }}{% endif %}")
    document.add_paragraph("{%p if indicator.chart %}")
    document.add_paragraph("{{ indicator.caption }}", style="Bijschrift")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")


def _per_theme(document) -> None:
    document.add_paragraph("Per thema", style="Heading 1")
    document.add_paragraph("{%p for theme in themes %}")
    document.add_paragraph("{{ theme.title }}", style="Heading 2")
    document.add_paragraph("Cluster: {{ theme.cluster }}", style="Cluster")
    document.add_paragraph("{%p if theme.goals %}")
    _action_table(document)
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")


def _changes(document) -> None:
    document.add_paragraph("{%p if changes %}")
    document.add_paragraph("Wat is veranderd sinds {{ changes.since }}", style="Heading 1")
    lists = (
        ("status", "Status gewijzigd", ("Thema", "Actie", "Was", "Nu"), ("theme", "action", "old", "new")),
        ("progress", "Stand van zaken bijgewerkt", ("Thema", "Actie", "Stand van zaken"), ("theme", "action", "diff")),
        ("added", "Nieuwe acties", ("Thema", "Doel", "Actie"), ("theme", "goal", "action")),
        ("removed", "Vervallen acties", ("Thema", "Doel", "Actie"), ("theme", "goal", "action")),
    )
    widths = {4: (3.4, 6.6, 3.0, 3.0), 3: (3.4, 4.3, 8.3)}
    for key, title, headers, fields in lists:
        document.add_paragraph(f"{{%p if changes.{key} %}}")
        document.add_paragraph(title, style="Heading 2")
        table = document.add_table(rows=4, cols=len(headers))
        table.style = document.styles["Table Grid"]
        table.autofit = False
        for index, row in enumerate(table.rows):
            for column, cell in enumerate(row.cells):
                cell.width = Cm(widths[len(headers)][column])
                paragraph = cell.paragraphs[0]
                paragraph.style = document.styles["Matrixkop" if index == 0 else "Matrixtekst"]
                if index == 0:
                    paragraph.add_run(headers[column])
                    ooxml.shade_cell(cell._tc, HEADER_FILL)
                elif index == 2:
                    paragraph.add_run(f"{{{{r item.{fields[column]} }}}}")
                elif column == 0:
                    paragraph.add_run(f"{{%tr for item in changes.{key} %}}" if index == 1 else "{%tr endfor %}")
        ooxml.repeat_header_row(table)
        ooxml.set_table_grid(table, [int(Cm(width).twips) for width in widths[len(headers)]])
        document.add_paragraph("{%p endif %}")
    _changed_indicators(document)
    document.add_paragraph("{%p if changes.nothing %}")
    document.add_paragraph("Geen wijzigingen in status, Stand van zaken, acties of indicatoren.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("Wat is veranderd", style="Heading 1")
    document.add_paragraph("Er is nog geen uitgegeven versie in het archief om mee te vergelijken.")
    document.add_paragraph("{%p endif %}")


def _changed_indicators(document) -> None:
    """The indicators' changes as the raadsinformatiebrief words them (``diff.plain.indicator_changes``)."""
    document.add_paragraph("{%p if changes.indicators %}")
    document.add_paragraph("Indicatoren", style="Heading 2")
    document.add_paragraph("{%p for line in changes.indicators %}")
    document.add_paragraph("{{ line }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        make_status_template(Path(sys.argv[1]))
    else:
        repo = Path(__file__).resolve().parents[1]
        make_status_template(repo / "templates" / "voortgang.docx")
        shutil.copyfile(repo / "templates" / "voortgang.docx", PACKAGED_TEMPLATES / "voortgang.docx")
