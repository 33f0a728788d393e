"""Voortgang: summary per cluster, Aandachtspunten, indicators and what changed (``report.summary``), the report.

What changed is told since the last archived version, the one the voortgangsrapportage compares with.
"""

from __future__ import annotations

import datetime

from flask import Blueprint, redirect, render_template, url_for

from jaarplan.commands.workspace import checked_source, issue_progress_report
from jaarplan.errors import PlanError
from jaarplan.indicators import COMPARISON_HEADER, RULE, TABLE_HEADERS, lines_by_theme, measurement_table
from jaarplan.model import Plan
from jaarplan.report.document import earlier_version
from jaarplan.report.summary import progress_report
from jaarplan.web.auth import current_user
from jaarplan.web.state import Settings, jobs, office, settings

blueprint = Blueprint("progress", __name__)


@blueprint.route("/voortgang")
def page():
    config = settings()
    plan = checked_source(config.source).plan
    report = None
    if plan is not None:
        report = progress_report(plan, plan.metadata.reference_date or datetime.date.today(), _earlier(config))
    return render_template(
        "voortgang.html",
        report=report,
        indicators=list(lines_by_theme(plan.indicators).items()) if plan is not None else [],
        rule=RULE,
        indicator_columns=(*TABLE_HEADERS, COMPARISON_HEADER),
        measurement_table=measurement_table,
    )


def _earlier(config: Settings) -> tuple[Plan, str] | None:
    """The last archived version to compare with, as the report's; None without one or an unreadable archive."""
    try:
        return earlier_version(None, config.source, config.output)
    except PlanError:
        return None  # the report names what is wrong; the page still shows the progress


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
