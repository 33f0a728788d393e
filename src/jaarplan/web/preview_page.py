"""Bekijken: the plan as the published web page (``webpage.page.render_page``), to read before building.

A plan of more than ``LARGE_PLAN_ROWS`` matrix rows is shown a theme per page
(``/bekijken/thema/<n>``) behind a contents page grouped by cluster: the whole
of 20,000 rows is 20 MB of HTML, which took a browser 11 s to load. The
published page (``jaarplan html``) stays one page, as do ordinary plans here.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for

from jaarplan.commands.workspace import checked_source, latest_documents
from jaarplan.model import Plan
from jaarplan.web.state import MENU, settings
from jaarplan.webpage.page import (
    Download,
    Link,
    Navigation,
    download_label,
    render_page,
    render_theme_page,
    stylesheet,
)

blueprint = Blueprint("preview", __name__)

LARGE_PLAN_ROWS = 2_000  # about 2 MB of HTML: still quick to load, and the size of a large municipal plan


@blueprint.route("/bekijken")
def page():
    """The same page ``jaarplan html`` publishes, under the werkomgeving's menu, its footer linking the latest files.

    For a large plan: the title block, chapters and a contents list whose themes link to their own pages.
    """
    plan = checked_source(settings().source).plan
    if plan is None:
        return render_template("bekijken.html")
    theme_href = _theme_href if _is_large(plan) else None
    page = render_page(plan, theme_href=theme_href, **_page_options(plan))
    return Response(page, mimetype="text/html")


@blueprint.route("/bekijken/thema/<int:number>")
def theme(number: int):
    """One theme of the plan (numbered from 1 in plan order) on a page of its own, as a large plan is shown."""
    plan = checked_source(settings().source).plan
    if plan is None:
        return render_template("bekijken.html")
    if not 1 <= number <= len(plan.themes):
        abort(404)
    contents = url_for("preview.page")
    page = render_theme_page(plan, number, contents_href=contents, theme_href=_theme_href, **_page_options(plan))
    return Response(page, mimetype="text/html")


@blueprint.route("/bekijken/opmaak.css")
def page_stylesheet():
    """The page's CSS as a file: the security policy allows no style inside the page."""
    return Response(stylesheet(), mimetype="text/css")


def _is_large(plan: Plan) -> bool:
    return sum(len(goal.rows) for theme in plan.themes for goal in theme.goals) > LARGE_PLAN_ROWS


def _theme_href(number: int) -> str:
    return url_for("preview.theme", number=number)


def _page_options(plan: Plan) -> dict[str, object]:
    """The werkomgeving's menu (Bekijken current, also on a theme's page), the latest Word and PDF files
    for the footer, and the stylesheet as a file."""
    documents = latest_documents(plan, settings().output)
    downloads = [
        Download(url_for("overview.download", kind=kind), download_label(path))
        for kind, path in (("word", documents.word), ("pdf", documents.pdf))
        if path is not None
    ]
    menu = Navigation(
        "Hoofdmenu", [Link(url_for(endpoint), label, endpoint == "preview.page") for endpoint, label in MENU]
    )
    return {"downloads": downloads, "stylesheet_href": url_for("preview.page_stylesheet"), "navigation": menu}
