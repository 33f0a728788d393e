"""Plan to .docx: fill the docxtpl template, then add what Jinja cannot (footnotes, properties).

Every value handed to the template is already XML (``word.ooxml.escape_text`` or
``word.ooxml.runs_xml``) and the template is rendered with autoescape, so nothing a
user typed can become markup or a template tag. The matrix rows are rendered
with the template's own row loop, but apart from the body (``word.matrix_rows``).

``_Template`` overrides docxtpl's internals (``build_xml``, ``resolve_listing``,
``map_tree``) and relies on how it patches ``{%tr %}``, ``{% vm %}`` and ``{{r }}``;
that is why ``pyproject.toml`` pins docxtpl's minor version.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import jinja2
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from jaarplan.errors import Location, PlanError, Problem
from jaarplan.indicators import IndicatorLine, lines_by_theme, shown
from jaarplan.model import EMPTY, Chapter, Goal, Metadata, Plan, RichText, Theme
from jaarplan.text import dutch_date
from jaarplan.word import matrix_rows, ooxml, toc
from jaarplan.word.matrix_rows import (
    DOCXTPL_ESCAPED_TAGS,
    DOCXTPL_LISTING_CHARACTERS,
    ROW_VALUES,
    ROWS_KEY,
    RowLoop,
    let_long_rows_flow,
    write_rows_when_saved,
)
from jaarplan.word.template import JAARPLAN_TEMPLATE, find_template, missing_tags, outdated_template


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


def render_document(
    plan: Plan,
    template: Path | None = None,
    written: Callable[[int, int], None] | None = None,
    *,
    rows_in_tree: bool = False,
) -> Document:
    """The plan as a Word document in memory: template filled, footnotes and properties set.

    The table of contents lists the headings without page numbers; ``toc.fill``
    adds them once a layout pass (``office.pdf``) has counted the pages. ``written`` is
    told (rows done, rows in all) as the matrix rows are written.

    The matrix rows stay XML text outside the document tree (a tree of 20,000
    rows takes over 600 MiB) and are written into ``word/document.xml`` when
    the document is saved; ``document.element`` holds everything else. With
    ``rows_in_tree`` they are in the tree, for a caller that edits them (the
    redline). A template without the usual row loop is filled by docxtpl alone,
    rows in the tree.
    """
    template = find_template(JAARPLAN_TEMPLATE, template)
    numbering = _FootnoteNumbering(plan)
    font_sizes: dict[str, float] = {}
    rows: RowLoop | None = None

    def context(loaded: _Template) -> dict[str, object]:
        nonlocal rows
        font_sizes.update(ooxml.style_font_sizes(loaded.docx))  # per style id, so also: which styles it has
        notes = ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE if ooxml.LANDSCAPE_FOOTNOTE_TEXT_STYLE in font_sizes else None
        loops = loaded.cut_row_loops(font_sizes, lambda found: len(found) == 1)
        rows = loops[0] if loops else None
        return _context(plan, numbering, notes, _row_counter(plan, written), rows)

    document = fill_template(template, context).docx
    ooxml.append_footnotes(document, numbering.footnotes_xml())
    if rows is not None and rows_in_tree:
        rows.put_in_tree(document)
        rows = None
    let_long_rows_flow(document, font_sizes, rows)
    if rows is not None:
        write_rows_when_saved(document, rows)
    _set_properties(document, plan)
    toc.fill(document)
    return document


class _CountedRows(list):
    """A goal's rows that tell ``count`` each time the template's loop has written one."""

    def __init__(self, rows: list, count: Callable[[], None]) -> None:
        super().__init__(rows)
        self._count = count

    def __iter__(self) -> Iterator:
        for row in super().__iter__():
            yield row
            self._count()


def _row_counter(plan: Plan, written: Callable[[int, int], None] | None) -> Callable[[list], list]:
    """What wraps a goal's rows so writing them reports (rows done, rows in all) to ``written``."""
    if written is None:
        return lambda rows: rows
    total = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    done = itertools.count(1)
    return lambda rows: _CountedRows(rows, lambda: written(next(done), total))


def fill_template(template: Path, context: Callable[[DocxTemplate], dict[str, object]]) -> DocxTemplate:
    """Load a docxtpl template and render it with autoescape; a broken template is a PlanError.

    ``context`` gets the loaded template, for values that need it (docxtpl's InlineImage).
    """
    document = _load_template(template)
    try:
        document.render(context(document), document.jinja_env, autoescape=True)
    except jinja2.TemplateSyntaxError as error:
        raise PlanError(f"fout in de sjabloon: {error.message}{_template_context(error)}", Location(template)) from None
    except jinja2.TemplateError as error:
        raise PlanError(f"de sjabloon kan niet worden ingevuld: {error}", Location(template)) from None
    return document


class _Template(DocxTemplate):
    """docxtpl whose matrix rows are written apart from the body (``word.matrix_rows``).

    ``cut_row_loops`` cuts the template's row loops out of the body; the body
    docxtpl then renders (``build_xml``) holds a marker per theme instead of
    thousands of rows, so docxtpl's passes over the whole text stay small.
    """

    def __init__(self, template_file: Path) -> None:
        super().__init__(template_file)
        self.jinja_env = jinja2.Environment(autoescape=True)  # what docxtpl makes for autoescape, shared with the rows
        self._body_without_rows: str | None = None

    def cut_row_loops(
        self, font_sizes: dict[str, float], wanted: Callable[[list[RowLoop]], bool]
    ) -> list[RowLoop] | None:
        """The row loops, cut out of the body to be written apart; None when the template has none we know.

        ``wanted`` says whether the caller knows how to fill the loops found
        (the jaarplan: one; the progress report: one per list); when not, docxtpl renders them.
        """
        body = self.patch_xml(self.get_xml())
        sections = list(self.docx.element.body.iter(qn("w:sectPr")))
        cut = matrix_rows.cut_row_loops(body, self.jinja_env, self.finish_like_docxtpl, font_sizes, sections)
        if cut is None or not wanted(cut[0]):
            return None
        loops, self._body_without_rows = cut
        return loops

    def build_xml(self, context: dict[str, object], jinja_env: jinja2.Environment | None = None) -> str:
        if self._body_without_rows is None:
            return super().build_xml(context, jinja_env)
        return self.render_xml_part(self._body_without_rows, self.docx._part, context, jinja_env)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's pass for tabs and breaks in values, skipped when there are none: a regex per paragraph."""
        return super().resolve_listing(xml) if any(sign in xml for sign in DOCXTPL_LISTING_CHARACTERS) else xml

    def finish_like_docxtpl(self, xml: str) -> str:
        """What docxtpl does to its rendered text after Jinja (``render_xml_part``): markers back, tabs and breaks."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        for escaped, tag in DOCXTPL_ESCAPED_TAGS.items():
            xml = xml.replace(escaped, tag)
        return self.resolve_listing(xml)

    def map_tree(self, tree: etree._Element) -> None:
        """Put the rendered body in the document; linear also for a body with every row in it.

        docxtpl moves the body in with ``replace``; lxml then reconciles
        namespaces node by node, which took 12 s of a 32 s build of 10,000
        rows. For such a body (rows not written apart) the whole document is
        parsed once instead; a body without rows is quicker to move, and
        without a second tree.
        """
        if self._body_without_rows is not None:
            super().map_tree(tree)
            return
        root = self.docx.element
        marker = "<!--jaarplan-body-->"
        placeholder = etree.Comment("jaarplan-body")
        root.replace(root.body, placeholder)
        document_xml = etree.tostring(root, encoding="unicode")
        new_root = parse_xml(document_xml.replace(marker, etree.tostring(tree, encoding="unicode")))
        self.docx.part._element = new_root
        self.docx._element = new_root
        self.docx._Document__body = None


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


def _context(
    plan: Plan,
    numbering: _FootnoteNumbering,
    theme_notes_style: str | None,
    counted: Callable[[list], list],
    rows: RowLoop | None,
) -> dict[str, object]:
    """The template's variables, built in document order so footnotes number in order.

    Footnotes referenced from a theme (on the template's landscape pages) take
    ``theme_notes_style``, when the template has it: the text column of those pages.
    ``counted`` wraps a goal's rows to count them as they are written. With
    ``rows`` each theme's rows are written as soon as they are known (in
    document order, so footnotes still number in order), and the theme keeps
    only their marker: the context never holds every row at once.
    """
    metadata = plan.metadata
    text = ooxml.escape_text
    plan_context = {
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
    }
    chapters = [_chapter_context(chapter, numbering) for chapter in plan.chapters]
    numbering.style_id = theme_notes_style or numbering.style_id  # footnotes referenced from here on
    indicators = lines_by_theme(plan.indicators)
    themes = [
        _theme_context(theme, numbering, counted, rows, plan_context, indicators.get(theme.title, []))
        for theme in plan.themes
    ]
    return {"plan": plan_context, "chapters": chapters, "themes": themes}


def _chapter_context(chapter: Chapter, numbering: _FootnoteNumbering) -> dict[str, object]:
    return {
        "title": ooxml.escape_text(chapter.title),
        "paragraphs": [numbering.runs(paragraph) for paragraph in chapter.paragraphs],
    }


def _theme_context(
    theme: Theme,
    numbering: _FootnoteNumbering,
    counted: Callable[[list], list],
    rows: RowLoop | None,
    plan: dict[str, object],
    indicators: list[IndicatorLine],
) -> dict[str, object]:
    goals = [_row_texts(goal) for goal in theme.goals]
    context = {
        "title": ooxml.escape_text(theme.title),
        "cluster": ooxml.escape_text(theme.cluster),
        "paragraphs": [numbering.runs(paragraph) for paragraph in theme.paragraphs],
        "see_also": [numbering.runs(paragraph) for paragraph in theme.see_also],
        "goals": [
            {
                "rows": counted(
                    [_row_values(cells, numbering, row.carried) for cells, row in zip(texts, goal.rows, strict=True)]
                )
            }
            for texts, goal in zip(goals, theme.goals, strict=True)  # texts: a goal's rows, not the RowLoop `rows`
        ],
        "indicators": [_indicator_context(line) for line in indicators],
    }
    if rows is not None:
        context[ROWS_KEY] = rows.write(context, plan, goals)
        context["goals"] = [{} for _ in goals]  # written; the template still asks whether there are any
    return context


def template_warnings(plan: Plan, template: Path) -> list[Problem]:
    """A template from before the indicators (no ``theme.indicators``) leaves a plan's indicators out: say so."""
    count = len(shown(plan.indicators))
    if not count or not missing_tags(template, ("theme.indicators",)):
        return []
    left_out = "de indicator staat" if count == 1 else f"de {count} indicatoren staan"
    return [
        outdated_template(
            template,
            JAARPLAN_TEMPLATE,
            f"{left_out} niet in het jaarplan.",
            "tools/make_template.py",
            "het blok 'Indicatoren bij …' (na de matrix van een thema)",
        )
    ]


def _indicator_context(line: IndicatorLine) -> dict[str, Markup]:
    """An indicator's row of the theme's indicator table (after its matrix): its cells as escaped text."""
    fields = ("name", "unit", "baseline", "latest", "target", "comparison")
    return {name: ooxml.escape_text(cell) for name, cell in zip(fields, line.cells, strict=True)}


class _RowValues(SimpleNamespace):
    """A row's values (``ROW_VALUES``) for the template, as attributes.

    Jinja looks ``row.specific`` up as an attribute first; on a dict every
    lookup raised an AttributeError first: 0.4 s of 20,000 rows.
    """


class _Carried(Mapping[str, Markup]):
    """A row's carried columns (``MatrixRow.carried``) for a template that asks: ``{{r row.carried['Trekker'] }}``.

    Rendered only when asked, so a column no template prints numbers no footnote;
    a column the row lacks is empty.
    """

    def __init__(self, carried: tuple[tuple[str, RichText], ...], numbering: _FootnoteNumbering) -> None:
        self._texts = dict(carried)
        self._numbering = numbering

    def __getitem__(self, name: str) -> Markup:
        text = self._texts.get(name)
        return Markup("") if text is None else self._numbering.runs(text)

    def __contains__(self, name: object) -> bool:
        return name in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _row_values(
    row: dict[str, RichText], numbering: _FootnoteNumbering, carried: tuple[tuple[str, RichText], ...] = ()
) -> _RowValues:
    values = {name: numbering.runs(text) for name, text in row.items()}
    return _RowValues(**values, carried=_Carried(carried, numbering))


def _row_texts(goal: Goal) -> list[dict[str, RichText]]:
    """A goal's rows as the template names their values; only the first carries the Doel (``{% vm %}`` merges)."""
    return [
        dict(zip(ROW_VALUES, (goal.title if index == 0 else EMPTY, *row.cells()), strict=True))
        for index, row in enumerate(goal.rows)
    ]


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
