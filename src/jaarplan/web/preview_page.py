"""Bekijken: the plan as the published web page (``webpage.page.render_page``), to read before building."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from jaarplan.commands.workspace import checked_source, latest_documents
from jaarplan.web.state import MENU, settings
from jaarplan.webpage.page import Download, Link, Navigation, download_label, render_page, stylesheet

blueprint = Blueprint("preview", __name__)


@blueprint.route("/bekijken")
def page():
    """The same page ``jaarplan html`` publishes, under the werkomgeving's menu, its footer linking the latest files."""
    config = settings()
    plan = checked_source(config.source).plan
    if plan is None:
        return render_template("bekijken.html")
    documents = latest_documents(plan, config.output)
    downloads = [
        Download(url_for("overview.download", kind=kind), download_label(path))
        for kind, path in (("word", documents.word), ("pdf", documents.pdf))
        if path is not None
    ]
    menu = Navigation(
        "Hoofdmenu", [Link(url_for(endpoint), label, endpoint == "preview.page") for endpoint, label in MENU]
    )
    page = render_page(plan, downloads=downloads, stylesheet_href=url_for("preview.page_stylesheet"), navigation=menu)
    return Response(page, mimetype="text/html")


@blueprint.route("/bekijken/opmaak.css")
def page_stylesheet():
    """The page's CSS as a file: the security policy allows no style inside the page."""
    return Response(stylesheet(), mimetype="text/css")
