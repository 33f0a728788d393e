"""Plan to .docx: fill the docxtpl template, then add what Jinja cannot (footnotes, properties).

Every value handed to the template is already XML (``ooxml.escape_text`` or
``ooxml.runs_xml``) and the template is rendered with autoescape, so nothing a
user typed can become markup or a template tag.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from . import contents, ooxml
from .errors import Location, PlanError
from .metadata import dutch_date
from .model import Chapter, Goal, Metadata, Plan, RichText, Theme
from .template import JAARPLAN_TEMPLATE, find_template


@dataclass
class _FootnoteNumbering:
    """Hands out a Word footnote id per reference, in the order the references are met."""

    plan: Plan
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    style_id: str = ooxml.FOOTNOTE_TEXT_STYLE  # the paragraph style of notes referenced from here on
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __call__(self, key: str) -> int:
        footnote_id = next(self._ids)
        self.notes.append((footnote_id, key, self.style_id))
        return footnote_id

    def runs(self, text: RichText) -> Markup:
        return ooxml.runs_xml(text, self)

    def footnotes_xml(self) -> list[str]:
        return [
            ooxml.footnote_xml(
                footnote_id, [ooxml.runs_xml(p, self._nested) for p in self.plan.footnotes[key].paragraphs], style_id
            )
            for footnote_id, key, style_id in self.notes
        ]

    @staticmethod
    def _nested(key: str) -> int:
        raise PlanError(f"een voetnoot verwijst naar voetnoot '{key}'; voetnoten in voetnoten kan Word niet tonen")


class _Template(DocxTemplate):
    """docxtpl with a linear body swap.

    docxtpl moves the rendered body into the document with ``replace``; lxml
    then reconciles namespaces node by node, which took 12 s of a 32 s build
    of 10,000 rows. Parsing the whole document once, with python-docx's
    parser, costs a fraction and grows linearly.
    """

    def map_tree(self, tree: etree._Element) -> None:
        root = self.docx.element
        marker = "<!--jaarplan-body-->"
        placeholder = etree.Comment("jaarplan-body")
        root.replace(root.body, placeholder)
        document_xml = etree.tostring(root, encoding="unicode")
        new_root = parse_xml(document_xml.replace(marker, etree.tostring(tree, encoding="unicode")))
        self.docx.part._element = new_root
        self.docx._element = new_root
        self.docx._Document__body = None


def render_document(
    plan: Plan, template: Path | None = None, written: Callable[[int, int], None] | None = None
) -> Document:
    """The plan as a Word document in memory: template filled, footnotes and properties set.

    The table of contents lists the headings without page numbers; ``contents.fill``
    adds them once a layout pass (``pdf``) has counted the pages. ``written`` is
    told (rows done, rows in all) as the template writes the matrix rows.
    """
    template = find_template(JAARPLAN_TEMPLATE, template)
    numbering = _FootnoteNumbering(plan)
    font_sizes: dict[str, float] = {}

    def context(loaded: DocxTemplate) -> dict[str, object]:
        font_sizes.update(ooxml.style_font_sizes(loaded.docx))  # per style id, so also: which styles it has
        notes = ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE if ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE in font_sizes else None
        values = _context(plan, numbering, notes)
        if written is not None:
            _count_rows(values, written)
        return values

    document = fill_template(template, context)
    ooxml.append_footnotes(document.docx, numbering.footnotes_xml())
    _let_long_rows_flow(document.docx, font_sizes)
    _set_properties(document.docx, plan)
    contents.fill(document.docx)
    return document.docx


class _CountedRows(list):
    """A goal's rows that tell ``count`` each time the template's loop has written one."""

    def __init__(self, rows: list, count: Callable[[], None]) -> None:
        super().__init__(rows)
        self._count = count

    def __iter__(self) -> Iterator:
        for row in super().__iter__():
            yield row
            self._count()


def _count_rows(context: dict[str, object], written: Callable[[int, int], None]) -> None:
    """Wrap every goal's rows so rendering reports (rows done, rows in all) to ``written``."""
    goals = [goal for theme in context["themes"] for goal in theme["goals"]]
    total = sum(len(goal["rows"]) for goal in goals)
    done = itertools.count(1)
    for goal in goals:
        goal["rows"] = _CountedRows(goal["rows"], lambda: written(next(done), total))


def fill_template(template: Path, context: Callable[[DocxTemplate], dict[str, object]]) -> DocxTemplate:
    """Load a docxtpl template and render it with autoescape; a broken template is a PlanError.

    ``context`` gets the loaded template, for values that need it (docxtpl's InlineImage).
    """
    document = _load_template(template)
    try:
        document.render(context(document), autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise PlanError(f"fout in de sjabloon: {error.message}{_template_context(error)}", Location(template)) from None
    except jinja2.TemplateError as error:
        raise PlanError(f"de sjabloon kan niet worden ingevuld: {error}", Location(template)) from None
    return document


def _load_template(template: Path) -> _Template:
    try:
        document = _Template(template)
        document.init_docx()
    except Exception:  # python-docx raises several kinds for a file that is no .docx
        raise PlanError(
            "dit is geen Word-sjabloon (.docx) die gelezen kan worden: het bestand is beschadigd of geen Word-document",
            Location(template),
        ) from None
    return document


def _template_context(error: jinja2.TemplateError) -> str:
    lines = [line.strip() for line in getattr(error, "docx_context", []) if line.strip()]
    return f", bij: {' '.join(lines)[:200]}" if lines else ""


def _context(plan: Plan, numbering: _FootnoteNumbering, theme_notes_style: str | None = None) -> dict[str, object]:
    """The template's variables, built in document order so footnotes number in order.

    Footnotes referenced from a theme (on the template's landscape pages) take
    ``theme_notes_style``, when the template has it: the text column of those pages.
    """
    metadata = plan.metadata
    text = ooxml.escape_text
    return {
        "plan": {
            **title_block_context(metadata),
            "is_concept": metadata.is_concept,
            "distribution": text(metadata.distribution),
            "history": [
                {
                    "version": text(entry.version),
                    "date": text(dutch_date(entry.date)),
                    "author": text(entry.author),
                    "description": text(entry.description),
                }
                for entry in metadata.history
            ],
        },
        "chapters": [_chapter_context(chapter, numbering) for chapter in plan.chapters],
        "themes": _themes_context(plan.themes, numbering, theme_notes_style),
    }


def _themes_context(
    themes: list[Theme], numbering: _FootnoteNumbering, notes_style: str | None
) -> list[dict[str, object]]:
    """The themes' variables; footnotes referenced from here on take ``notes_style``, if given."""
    numbering.style_id = notes_style or numbering.style_id
    return [_theme_context(theme, numbering) for theme in themes]


def _chapter_context(chapter: Chapter, numbering: _FootnoteNumbering) -> dict[str, object]:
    return {
        "title": ooxml.escape_text(chapter.title),
        "paragraphs": [numbering.runs(paragraph) for paragraph in chapter.paragraphs],
    }


def _theme_context(theme: Theme, numbering: _FootnoteNumbering) -> dict[str, object]:
    return {
        "title": ooxml.escape_text(theme.title),
        "cluster": ooxml.escape_text(theme.cluster),
        "paragraphs": [numbering.runs(paragraph) for paragraph in theme.paragraphs],
        "see_also": [numbering.runs(paragraph) for paragraph in theme.see_also],
        "goals": [_goal_context(goal, numbering) for goal in theme.goals],
    }


def _goal_context(goal: Goal, numbering: _FootnoteNumbering) -> dict[str, object]:
    """Rows for the template; only the first carries the Doel (``{% vm %}`` merges the rest)."""
    rows = []
    for index, row in enumerate(goal.rows):
        rows.append(
            {
                "goal": numbering.runs(goal.title) if index == 0 else Markup(""),
                "specific": numbering.runs(row.specific),
                "measurable": numbering.runs(row.measurable),
                "acceptable": numbering.runs(row.acceptable),
                "realistic": numbering.runs(row.realistic),
                "time_bound": numbering.runs(row.time_bound),
                "deadline": numbering.runs(row.deadline),
                "progress": numbering.runs(row.progress),
            }
        )
    return {"rows": rows}


def _set_properties(document: Document, plan: Plan) -> None:
    metadata = plan.metadata
    set_core_properties(document, metadata, metadata.full_title, f"jaarplan {metadata.year}; versie {metadata.version}")
    document.core_properties.content_status = metadata.status


def title_block_context(metadata: Metadata) -> dict[str, str]:
    """The title block's fields as escaped text: the same ``plan.*`` tags in every template."""
    text = ooxml.escape_text
    return {
        "title": text(metadata.full_title),
        "partners": text(metadata.partners),
        "version": text(metadata.version),
        "date": text(dutch_date(metadata.date)),
        "author": text(metadata.author),
        "status": text(metadata.status),
    }


def set_core_properties(document: Document, metadata: Metadata, title: str, keywords: str) -> None:
    """What Word's File > Properties and a PDF reader show: title, partners, author, version, nl-NL, now."""
    properties = document.core_properties
    properties.title = title
    properties.subject = metadata.partners
    properties.author = metadata.author
    properties.last_modified_by = metadata.author
    properties.version = metadata.version
    properties.language = "nl-NL"
    properties.keywords = keywords
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now
    properties.revision = 1


# Estimating a row's height without a layout engine: generous, so a row that might not fit on a
# page is let go rather than cut off (Word does not show what does not fit of a row that may not split).
CHARACTER_WIDTH_EM = 0.55  # Arial's average is about 0.5 em
LINE_HEIGHT_EM = 1.25
CELL_MARGINS_TWIPS = 2 * 108 + 40  # Word's default left and right cell margins, and some slack
FITS_ON_A_PAGE = 0.8  # of the page's text height, less the header row
TEXT_TAGS = (qn("w:t"), qn("w:delText"), qn("w:br"))


def _let_long_rows_flow(document: Document, font_sizes: dict[str, float]) -> None:
    """Keep the template's whole rows (``w:cantSplit``) but for a row taller than a page: that one flows."""
    body = document.element.body
    for table in body.iter(qn("w:tbl")):
        widths = [int(column.get(qn("w:w"))) for column in table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        room = FITS_ON_A_PAGE * _text_height(table, body)
        for row in table.findall(qn("w:tr")):
            if row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None and (
                _row_height(row, widths, font_sizes) > room
            ):
                ooxml.let_row_split(row)


def _text_height(table: etree._Element, body: etree._Element) -> float:
    """Twips between the top and bottom margin of the section the table stands in."""
    section = next(
        (found for sibling in table.itersiblings() for found in sibling.iterfind(f"{qn('w:pPr')}/{qn('w:sectPr')}")),
        body.find(qn("w:sectPr")),
    )
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
    return int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))


def _row_height(row: etree._Element, widths: list[int], font_sizes: dict[str, float]) -> float:
    """Twips the row's tallest cell is estimated to take."""
    tallest = 0.0
    column = 0
    for cell in row.findall(qn("w:tc")):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        count = int(span.get(qn("w:val"))) if span is not None else 1
        width = max(sum(widths[column : column + count]) - CELL_MARGINS_TWIPS, 200)
        column += count
        height = 0.0
        for paragraph in cell.iter(qn("w:p")):
            size = font_sizes.get(ooxml.paragraph_style_id(paragraph) or "Normal", 11.0) * 20  # twips
            text = "".join("\n" if t.tag == qn("w:br") else t.text or "" for t in paragraph.iter(*TEXT_TAGS))
            lines = sum(max(1, -(-int(len(line) * CHARACTER_WIDTH_EM * size) // width)) for line in text.split("\n"))
            height += lines * LINE_HEIGHT_EM * size
        tallest = max(tallest, height)
    return tallest
