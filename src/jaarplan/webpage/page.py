"""Plan to a static web page: the whole plan as accessible HTML, from the same model as the Word document.

The page is rendered with Jinja2 (autoescape on) from ``assets/``,
shipped inside the package. Every piece of user text is escaped once, here or
by the template, so a cell holding ``<script>`` or ``{{ }}`` is shown, never
run. Footnotes are numbered per reference in document order, as Word does.

``render_page`` is the library entry point (the CLI's ``html`` and the web
app both use it); ``write_site`` puts a page, its stylesheet and the plan's
Word/PDF files in one folder that works from disk or any web server.
"""

from __future__ import annotations

import datetime
import html
import re
import shutil
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from jaarplan.indicators import COMPARISON_HEADER, TABLE_HEADERS, IndicatorLine, lines_by_theme, measurement_table
from jaarplan.model import FootnoteRef, Goal, Plan, RichText, Span, Theme
from jaarplan.store.files import write_atomically
from jaarplan.text import dutch_date

ASSETS = "assets"
PAGE_TEMPLATE = "page.html"
STYLESHEET = "style.css"
INDEX = "index.html"

# The matrix columns the published plan shows, in order: the same eight as the Word template.
# Listed here, not taken from the workbook's columns, so an internal column never reaches the page.
DOEL = "Doel"
PUBLISHED_COLUMNS = (
    ("Specifiek", "specific"),
    ("Meetbaar", "measurable"),
    ("Acceptabel", "acceptable"),
    ("Realistisch", "realistic"),
    ("Tijdgebonden", "time_bound"),
    ("Deadline", "deadline"),
    ("Stand van zaken", "progress"),
)
HISTORY_COLUMNS = ("Versie", "Datum", "Auteur", "Omschrijving")


@dataclass(frozen=True)
class Download:
    """A file of the same version offered in the page's footer: where it is (a URL) and what it is."""

    href: str
    label: str  # e.g. "Word-document (.docx, 64 kB)"


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    current: bool = False


@dataclass(frozen=True)
class Navigation:
    """A menu above the page, for a caller that shows it among its own pages (the werkomgeving's Bekijken)."""

    label: str  # the menu's accessible name, e.g. "Hoofdmenu"
    links: Sequence[Link]


def render_page(
    plan: Plan,
    *,
    built_on: datetime.date | None = None,
    downloads: Sequence[Download] = (),
    stylesheet_href: str | None = STYLESHEET,
    navigation: Navigation | None = None,
    theme_href: Callable[[int], str] | None = None,
) -> str:
    """The plan as one HTML page (a ``str``), the same content as the Word document.

    ``built_on`` is the date in the footer (today when None); ``downloads``
    are linked there. With ``stylesheet_href`` None the CSS is put inside the
    page (a ``<style>`` element), for a caller that serves one page and no
    files, such as the web app. ``navigation`` is a menu above the page (none on the published page).
    With ``theme_href`` the page holds the title block and the chapters, and
    its contents list, per cluster, links each theme (by its number from 1)
    to a page of its own (``render_theme_page``): for a plan too large for
    one page in a browser (20,000 rows are 20 MB of HTML).
    """
    shown = () if theme_href is not None else range(1, len(plan.themes) + 1)
    context = _PageContext(plan).build(shown)
    context["clusters"] = _clusters(context["themes"], theme_href) if theme_href is not None else None
    return _render(context, built_on, downloads, stylesheet_href, navigation)


def render_theme_page(
    plan: Plan,
    number: int,
    *,
    contents_href: str,
    theme_href: Callable[[int], str],
    built_on: datetime.date | None = None,
    downloads: Sequence[Download] = (),
    stylesheet_href: str | None = STYLESHEET,
    navigation: Navigation | None = None,
) -> str:
    """Theme ``number`` (from 1) of a plan shown a theme per page: its text, matrix and footnotes.

    Linked to the contents (``contents_href``, the page ``render_page`` made
    with ``theme_href``) and to the themes before and after it; the rest as for ``render_page``.
    """
    context = _PageContext(plan).build([number], with_chapters=False)
    themes = context["themes"]
    context["theme_page"] = {
        "contents_href": contents_href,
        "previous": _link(themes[number - 2], theme_href) if number > 1 else None,
        "next": _link(themes[number], theme_href) if number < len(themes) else None,
    }
    context["themes"] = [themes[number - 1]]
    return _render(context, built_on, downloads, stylesheet_href, navigation)


def _render(
    context: dict[str, object],
    built_on: datetime.date | None,
    downloads: Sequence[Download],
    stylesheet_href: str | None,
    navigation: Navigation | None,
) -> str:
    context.setdefault("clusters", None)
    context.setdefault("theme_page", None)
    context.update(
        built_on=dutch_date(built_on or datetime.date.today()),
        downloads=list(downloads),
        stylesheet_href=stylesheet_href,
        inline_css=Markup(stylesheet()) if stylesheet_href is None else None,
        navigation=navigation,
    )
    return _environment().get_template(PAGE_TEMPLATE).render(context)


def _link(theme: dict[str, object], theme_href: Callable[[int], str]) -> dict[str, str]:
    return {"title": theme["title"], "href": theme_href(theme["number"])}


def _clusters(themes: list[dict[str, object]], theme_href: Callable[[int], str]) -> list[dict[str, object]]:
    """The themes' links grouped by cluster, in the order the clusters first come."""
    clusters: dict[str, list[dict[str, str]]] = {}
    for theme in themes:
        clusters.setdefault(theme["cluster"], []).append(_link(theme, theme_href))
    return [
        {"name": name, "id": f"cluster-{index}", "themes": links}
        for index, (name, links) in enumerate(clusters.items(), 1)
    ]


def stylesheet() -> str:
    """The page's CSS (screen, phone and print), as shipped in the package."""
    return resources.files("jaarplan.webpage").joinpath(ASSETS, STYLESHEET).read_text(encoding="utf-8")


def write_site(
    plan: Plan,
    folder: Path,
    *,
    documents: Sequence[Path] = (),
    built_on: datetime.date | None = None,
) -> Path:
    """Write ``index.html`` and its stylesheet into ``folder``, with copies of ``documents`` linked from the footer.

    The folder is self-contained (no fonts, scripts or files from elsewhere):
    it can be opened from disk or copied to any web server as it is. Each file
    is written whole or not at all. Returns the path of ``index.html``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    downloads = []
    for document in documents:
        write_atomically(folder / document.name, lambda path, source=document: shutil.copyfile(source, path))
        downloads.append(Download(_href(document.name), download_label(document)))
    page = render_page(plan, built_on=built_on, downloads=downloads)
    write_atomically(folder / STYLESHEET, lambda path: path.write_text(stylesheet(), encoding="utf-8"))
    index = folder / INDEX
    write_atomically(index, lambda path: path.write_text(page, encoding="utf-8"))
    return index


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("jaarplan.webpage", ASSETS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _href(file_name: str) -> str:
    """A relative URL for a file beside the page (spaces and the like percent-encoded)."""
    return quote(file_name)


def download_label(document: Path) -> str:
    """How the footer names a file: its kind, extension and size, e.g. "Word-document (.docx, 64 kB)"."""
    kind = "PDF-document" if document.suffix.lower() == ".pdf" else "Word-document"
    size = max(1, round(document.stat().st_size / 1000))
    return f"{kind} ({document.suffix.lower()}, {size} kB)"


# --- the template's variables ---------------------------------------------------


@dataclass
class _PageContext:
    """Builds the template's variables in document order, so footnotes number as they do in Word."""

    plan: Plan
    footnotes: list[dict[str, object]] = field(default_factory=list)
    _anchors: set[str] = field(default_factory=set)
    _indicators: dict[str, list[IndicatorLine]] | None = None

    def build(self, shown: Collection[int], with_chapters: bool = True) -> dict[str, object]:
        """The chapters (with ``with_chapters``) and every theme; only the themes numbered in ``shown`` whole.

        Footnotes are numbered in the order of what is shown, so on a page of one theme they begin at 1.
        """
        metadata = self.plan.metadata
        chapters = [
            {"title": chapter.title, "id": self._anchor(chapter.title), "paragraphs": self._all(chapter.paragraphs)}
            for chapter in (self.plan.chapters if with_chapters else ())
        ]
        themes = [
            self._theme(theme, number) if number in shown else self._heading(theme, number)
            for number, theme in enumerate(self.plan.themes, start=1)
        ]
        return {
            "plan": {
                "title": metadata.full_title,
                "partners": metadata.partners,
                "version": metadata.version,
                "version_line": Markup('Versie {}, <span class="date">{}</span>, {}').format(
                    metadata.version, dutch_date(metadata.date), metadata.author
                ),
                "distribution": metadata.distribution,
                "is_concept": metadata.is_concept,
                "history": [
                    (entry.version, dutch_date(entry.date), entry.author, entry.description)
                    for entry in metadata.history
                ],
            },
            "history_columns": HISTORY_COLUMNS,
            "chapters": chapters,
            "themes": themes,
            "footnotes": self.footnotes,
            "doel": DOEL,
            "columns": [label for label, _ in PUBLISHED_COLUMNS],
            "indicator_columns": (*TABLE_HEADERS, COMPARISON_HEADER),
        }

    def _heading(self, theme: Theme, number: int) -> dict[str, object]:
        """What the contents list needs of a theme shown on a page of its own."""
        return {"title": theme.title, "id": self._anchor(theme.title), "number": number, "cluster": theme.cluster}

    def _theme(self, theme: Theme, number: int) -> dict[str, object]:
        return {
            **self._heading(theme, number),
            "paragraphs": self._all(theme.paragraphs),
            "see_also": self._all(theme.see_also),
            "matrix": f"matrix-{number}",
            "goals": [self._goal(goal, f"matrix-{number}-doel-{index}") for index, goal in enumerate(theme.goals, 1)],
            "indicators": [self._indicator(line, f"indicatoren-{number}-{index}") for index, line in
                           enumerate(self._theme_indicators(theme), 1)],
        }  # fmt: skip

    def _theme_indicators(self, theme: Theme) -> list[IndicatorLine]:
        if self._indicators is None:
            self._indicators = lines_by_theme(self.plan.indicators)
        return self._indicators.get(theme.title, [])

    @staticmethod
    def _indicator(line: IndicatorLine, anchor: str) -> dict[str, object]:
        """The indicator's row of the theme's table, and its measurements as a table: the chart for a screen reader."""
        return {"id": anchor, "cells": line.cells, "measurements": measurement_table(line.indicator)}

    def _goal(self, goal: Goal, anchor: str) -> dict[str, object]:
        title = self.inline(goal.title)
        rows = [[self.inline(getattr(row, name)) for _, name in PUBLISHED_COLUMNS] for row in goal.rows]
        return {"id": anchor, "title": title, "rows": rows}

    def _all(self, paragraphs: list[RichText]) -> list[Markup]:
        return [self.inline(paragraph) for paragraph in paragraphs]

    def inline(self, text: RichText) -> Markup:
        """A paragraph's or cell's content as HTML: formatting as elements, footnote references as links."""
        return Markup(
            "".join(
                self._footnote_reference(part.key) if isinstance(part, FootnoteRef) else span_html(part)
                for part in text.parts
            )
        )

    def _footnote_reference(self, key: str) -> Markup:
        number = len(self.footnotes) + 1
        footnote = self.plan.footnotes[key]
        self.footnotes.append(
            {"number": number, "paragraphs": [inline_without_notes(paragraph) for paragraph in footnote.paragraphs]}
        )
        return Markup(
            f'<sup class="noteref"><a id="verwijzing-{number}" href="#voetnoot-{number}">'
            f'<span class="visually-hidden">voetnoot </span>{number}</a></sup>'
        )

    def _anchor(self, title: str) -> str:
        """A readable, unique fragment id for a heading ("huiselijk-geweld"), for the contents and for links."""
        base = slug(title) or "kop"
        anchor, number = base, 2
        while anchor in self._anchors:
            anchor, number = f"{base}-{number}", number + 1
        self._anchors.add(anchor)
        return anchor


def span_html(span: Span) -> Markup:
    """One span: text escaped, line breaks as ``<br>``, Word's formatting as ``<b>``, ``<i>``, ``<sup>``.

    Built as plain strings with ``html.escape`` and marked safe once: markupsafe's
    ``join`` escapes piece by piece and was most of the time of a large page.
    """
    content = "<br>".join(html.escape(line, quote=True) for line in span.text.split("\n"))
    for applies, tag in ((span.superscript, "sup"), (span.italic, "i"), (span.bold, "b")):
        if applies:
            content = f"<{tag}>{content}</{tag}>"
    if span.revision in ("ins", "del"):
        content = f"<{span.revision}>{content}</{span.revision}>"
    return Markup(content)


def inline_without_notes(text: RichText) -> Markup:
    """A footnote's own text (a footnote cannot hold a footnote: validate.py refuses that)."""
    return Markup("".join(span_html(part) for part in text.parts if isinstance(part, Span)))


def slug(title: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Uitgaan/Horeca" -> "uitgaan-horeca"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def site_folder_name(document_name: str) -> str:
    """The site's folder beside the documents: "… - versie 2.2.docx" -> "… - versie 2.2 (web)"."""
    return f"{Path(document_name).stem} (web)"
