"""Voortgang: summary per cluster, Aandachtspunten, indicators and what changed (``report.summary``), the report.

What changed is told since the last archived version, the one the voortgangsrapportage compares with.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from jaarplan.commands.workspace import checked_source, issue_progress_report, progress_view
from jaarplan.indicators import COMPARISON_HEADER, RULE, TABLE_HEADERS, lines_by_theme, measurement_table
from jaarplan.web.auth import current_user
from jaarplan.web.state import jobs, office, settings

blueprint = Blueprint("progress", __name__)


@blueprint.route("/voortgang")
def page():
    config = settings()
    plan = checked_source(config.source).plan
    view = progress_view(config.source, config.output)
    return render_template(
        "voortgang.html",
        report=view.report,
        comparison_problem=view.comparison_problem,
        indicators=list(lines_by_theme(plan.indicators).items()) if plan is not None else [],
        rule=RULE,
        indicator_columns=(*TABLE_HEADERS, COMPARISON_HEADER),
        measurement_table=measurement_table,
    )


@blueprint.route("/voortgang/rapportage", methods=["POST"])
def make_report():
    """The voortgangsrapportage (Word, and PDF with LibreOffice) as a job; reading it is a lezer's right too."""
    config, user, warm = settings(), current_user(), office()
    job = jobs().start(
        "report",
        user.name,
        lambda job: issue_progress_report(config.source, config.output, who=user.name, progress=job.say, office=warm),
    )
    return redirect(url_for("overview.job_page", job_id=job.id), code=303)
