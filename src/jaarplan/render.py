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
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from . import contents, ooxml
from .errors import Location, PlanError
from .metadata import dutch_date
from .model import Chapter, Goal, Plan, RichText, Theme
from .template import JAARPLAN_TEMPLATE, find_template


@dataclass
class _FootnoteNumbering:
    """Hands out a Word footnote id per reference, in the order the references are met."""

    plan: Plan
    notes: list[tuple[int, str]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __call__(self, key: str) -> int:
        footnote_id = next(self._ids)
        self.notes.append((footnote_id, key))
        return footnote_id

    def runs(self, text: RichText) -> Markup:
        return ooxml.runs_xml(text, self)

    def footnotes_xml(self) -> list[str]:
        return [
            ooxml.footnote_xml(
                footnote_id, [ooxml.runs_xml(p, self._nested) for p in self.plan.footnotes[key].paragraphs]
            )
            for footnote_id, key in self.notes
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
    context = _context(plan, numbering)
    if written is not None:
        _count_rows(context, written)
    document = fill_template(template, lambda _: context)
    ooxml.append_footnotes(document.docx, numbering.footnotes_xml())
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


def _context(plan: Plan, numbering: _FootnoteNumbering) -> dict[str, object]:
    """The template's variables, built in document order so footnotes number in order."""
    metadata = plan.metadata
    text = ooxml.escape_text
    return {
        "plan": {
            "title": text(metadata.full_title),
            "partners": text(metadata.partners),
            "version": text(metadata.version),
            "date": text(dutch_date(metadata.date)),
            "author": text(metadata.author),
            "status": text(metadata.status),
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
        "themes": [_theme_context(theme, numbering) for theme in plan.themes],
    }


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
    properties = document.core_properties
    properties.title = metadata.full_title
    properties.subject = metadata.partners
    properties.author = metadata.author
    properties.last_modified_by = metadata.author
    properties.version = metadata.version
    properties.content_status = metadata.status
    properties.language = "nl-NL"
    properties.keywords = f"jaarplan {metadata.year}; versie {metadata.version}"
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now
    properties.revision = 1
