"""Voortgang: summary per cluster, Aandachtspunten and indicators (``report.summary``), the report to download."""

from __future__ import annotations

import datetime

from flask import Blueprint, redirect, render_template, url_for

from jaarplan.commands.workspace import checked_source, issue_progress_report
from jaarplan.indicators import COMPARISON_HEADER, RULE, TABLE_HEADERS, lines_by_theme, measurement_table
from jaarplan.report.summary import progress_report
from jaarplan.web.auth import current_user
from jaarplan.web.state import jobs, office, settings

blueprint = Blueprint("progress", __name__)


@blueprint.route("/voortgang")
def page():
    plan = checked_source(settings().source).plan
    report = None
    if plan is not None:
        report = progress_report(plan, plan.metadata.reference_date or datetime.date.today())
    return render_template(
        "voortgang.html",
        report=report,
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
