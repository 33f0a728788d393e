"""Werkmap: download the workbook, upload a new one (checked first), kept copies to restore after a confirmation."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from jaarplan.commands.workspace import (
    Restored,
    accept_upload,
    restore_copy,
    workbook_copies,
    workbook_copy,
    workbook_tag,
)
from jaarplan.errors import PlanError, Reason
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.web.auth import audit, current_user, editor_required
from jaarplan.web.jobs import FAILED
from jaarplan.web.problem_lists import SHOWN_PROBLEMS
from jaarplan.web.state import jobs, settings

blueprint = Blueprint("workbook", __name__)
RESTORED = "teruggezet"  # the flash category: the notice comes from the session, never from the address


def _page(**context):
    config = settings()
    return render_template(
        "werkmap.html",
        tag=workbook_tag(config.source),
        copies=workbook_copies(config.output),
        restored=get_flashed_messages(category_filter=[RESTORED]),
        shown_problems=SHOWN_PROBLEMS,
        **context,
    )


@blueprint.route("/werkmap")
def page():
    return _page()


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
    except PlanError as error:  # the workbook changed since it was downloaded, or the plan stays busy
        return _page(refused=[jobs().paths.hide(str(problem)) for problem in error.problems]), 409
    if result.accepted:
        return _page(upload=result, name=name), 200
    # The problems stay on the server a while, by a random id, so the whole list can be downloaded.
    kept = jobs().keep_finished("check", user.name, FAILED, problems=result.checked.problems, subject=name)
    return _page(upload=result, name=name, problems_id=kept.id), 422


@blueprint.route("/werkmap/kopie/<copy_id>")
def download_copy(copy_id: str):
    try:
        copy = workbook_copy(settings().output, copy_id)
    except PlanError:
        return _page(refused=["Deze bewaarde werkmap bestaat niet."]), 404
    audit("download", f"bewaarde werkmap {copy.id}")
    return send_file(copy.path, as_attachment=True, download_name=f"jaarplan-{copy.id}.xlsx")


@blueprint.route("/werkmap/kopie/<copy_id>/terugzetten")
@editor_required
def confirm_restore(copy_id: str):
    """Ask first: restoring replaces the workbook the whole team works on."""
    try:
        copy = workbook_copy(settings().output, copy_id)
    except PlanError:
        return _page(refused=["Deze bewaarde werkmap bestaat niet."]), 404
    return render_template("terugzetten.html", copy=copy)


@blueprint.route("/werkmap/kopie/<copy_id>/terugzetten", methods=["POST"])
@editor_required
def restore(copy_id: str):
    config = settings()
    try:
        restored = restore_copy(config.source, config.output, copy_id, who=current_user().name)
    except PlanError as error:  # no such copy, or the plan stays busy (409)
        status = 404 if error.reason is Reason.NOT_FOUND else 409
        return _page(refused=[jobs().paths.hide(str(problem)) for problem in error.problems]), status
    flash(_restored_text(restored), RESTORED)
    return redirect(url_for("workbook.page"), code=303)


def _restored_text(done: Restored) -> str:
    """What the server did, in words: which workbook is back, and where the replaced one is."""
    copy = done.restored
    known = ", ".join(
        part for part in (copy.name, f"geplaatst door {copy.placed_by}" if copy.placed_by else "") if part
    )
    return (
        f"De werkmap van {copy.saved:%d-%m-%Y} om {copy.saved:%H:%M}{f' ({known})' if known else ''} is weer de "
        f"huidige werkmap. De werkmap die er stond, is bewaard: bovenaan bij de bewaarde werkmappen "
        f"({done.kept.saved:%d-%m-%Y %H:%M})."
    )


def _display_name(filename: str) -> str:
    """The uploaded file's own name, for messages only (it never becomes a path)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:100] or WORKBOOK_FILE
