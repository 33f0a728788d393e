"""Werkmap: download the workbook, upload a new one (checked first), kept copies to restore."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, send_file, url_for

from jaarplan.commands.workspace import accept_upload, restore_copy, workbook_copies, workbook_copy, workbook_tag
from jaarplan.errors import PlanError, Reason
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.web.auth import audit, current_user, editor_required
from jaarplan.web.state import settings

blueprint = Blueprint("workbook", __name__)


def _page(**context):
    config = settings()
    return render_template(
        "werkmap.html", tag=workbook_tag(config.source), copies=workbook_copies(config.output), **context
    )


@blueprint.route("/werkmap")
def page():
    return _page(restored=request.args.get("teruggezet"))


@blueprint.route("/werkmap/jaarplan.xlsx")
def download():
    audit("download", WORKBOOK_FILE)
    return send_file(settings().source / WORKBOOK_FILE, as_attachment=True, download_name=WORKBOOK_FILE)


@blueprint.route("/werkmap", methods=["POST"])
@editor_required
def upload():
    config, user = settings(), current_user()
    uploaded = request.files.get("werkmap")
    if uploaded is None or not uploaded.filename:
        return _page(refused=["Kies eerst een werkmap (.xlsx) om te plaatsen."]), 400
    name = _display_name(uploaded.filename)
    try:
        result = accept_upload(
            config.source,
            config.output,
            uploaded.read(),
            based_on=request.form.get("versie", ""),
            who=user.name,
            name=name,
        )
    except PlanError as error:
        return _page(refused=[str(problem) for problem in error.problems]), 409
    return _page(upload=result, name=name), 200 if result.accepted else 422


@blueprint.route("/werkmap/kopie/<copy_id>")
def download_copy(copy_id: str):
    try:
        copy = workbook_copy(settings().output, copy_id)
    except PlanError:
        return _page(refused=["Deze bewaarde werkmap bestaat niet."]), 404
    audit("download", f"bewaarde werkmap {copy.id}")
    return send_file(copy.path, as_attachment=True, download_name=f"jaarplan-{copy.id}.xlsx")


@blueprint.route("/werkmap/kopie/<copy_id>/terugzetten", methods=["POST"])
@editor_required
def restore(copy_id: str):
    config = settings()
    try:
        restore_copy(config.source, config.output, copy_id, who=current_user().name)
    except PlanError as error:  # no such copy, or the plan stays busy (409)
        status = 404 if error.reason is Reason.NOT_FOUND else 409
        return _page(refused=[str(problem) for problem in error.problems]), status
    return redirect(url_for("workbook.page", teruggezet=copy_id), code=303)


def _display_name(filename: str) -> str:
    """The uploaded file's own name, for messages only (it never becomes a path)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:100] or WORKBOOK_FILE
