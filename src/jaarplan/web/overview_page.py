"""Overzicht: the plan at a glance (and its indicators achter op koers), Bouwen, the latest documents, long work."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, send_file, url_for

from jaarplan.commands.workspace import build_plan, checked_source, latest_documents
from jaarplan.indicators import shown, verdict
from jaarplan.store.lock import current_holder
from jaarplan.web.auth import audit, current_user, editor_required
from jaarplan.web.problem_lists import SHOWN_PROBLEMS, csv_download
from jaarplan.web.state import jobs, office, settings

blueprint = Blueprint("overview", __name__)


@blueprint.route("/")
def page():
    config = settings()
    checked = checked_source(config.source)
    errors = sum(problem.is_error for problem in checked.problems)
    indicators = shown(checked.plan.indicators) if checked.plan is not None else []
    return render_template(
        "overzicht.html",
        checked=checked,
        errors=errors,
        warnings=len(checked.problems) - errors,
        documents=latest_documents(checked.plan, config.output),
        busy=current_holder(config.output),
        running=jobs().unfinished(),
        indicators=len(indicators),
        behind=sum(verdict(indicator).behind for indicator in indicators),
    )


@blueprint.route("/bouwen", methods=["POST"])
@editor_required
def start_build():
    config, user, warm = settings(), current_user(), office()
    job = jobs().start(
        "build",
        user.name,
        lambda job: build_plan(
            config.source,
            config.output,
            config.template,
            who=user.name,
            progress=job.say,
            on_wait=job.wait,
            office=warm,
        ),
    )
    return redirect(url_for("overview.job_page", job_id=job.id), code=303)


@blueprint.route("/download/<any(word, pdf):kind>")
def download(kind: str):
    config = settings()
    documents = latest_documents(checked_source(config.source).plan, config.output)
    path = documents.word if kind == "word" else documents.pdf
    if path is None:
        abort(404)
    audit("download", path.name)
    return send_file(path, as_attachment=True, download_name=path.name)


@blueprint.route("/taken/<job_id>")
def job_page(job_id: str):
    return render_template("taak.html", job=_job(job_id), shown_problems=SHOWN_PROBLEMS)


@blueprint.route("/taken/<job_id>/meldingen.csv")
def job_problems(job_id: str):
    """Every problem of a job, as the CSV Excel opens: its page shows the first SHOWN_PROBLEMS."""
    job = _job(job_id)
    audit("download", job.problems_file)
    return csv_download(job.problems, job.problems_file)


@blueprint.route("/taken/<job_id>/status")
def job_status(job_id: str):
    job = _job(job_id)
    return jsonify(state=job.state, finished=job.finished, messages=job.messages)


@blueprint.route("/taken/<job_id>/<any(word, pdf, redline, zip):kind>")
def job_file(job_id: str, kind: str):
    """A file a finished job wrote, by the job's id: the path never comes from the request."""
    job = _job(job_id)
    result = job.result if job.finished else None
    path = {
        "word": getattr(result, "document", None),
        "pdf": getattr(result, "pdf", None),
        "redline": getattr(result, "redline", None),
        "zip": getattr(result, "zip", None),  # the package of an offer
    }[kind]
    if path is None or not path.is_file():
        abort(404)
    audit("download", path.name)
    return send_file(path, as_attachment=True, download_name=path.name)


def _job(job_id: str):
    job = jobs().get(job_id)
    if job is None:
        abort(404)
    return job
