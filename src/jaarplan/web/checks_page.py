"""Controle: every FOUT and WAARSCHUWING of the source as a table, sortable by each column; all as CSV."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from jaarplan.commands.workspace import checked_source, mark_warning_seen
from jaarplan.errors import PlanError, Problem, Reason
from jaarplan.source.seen import cell_name
from jaarplan.web.auth import audit, current_user, editor_required
from jaarplan.web.problem_lists import SHOWN_PROBLEMS, csv_download
from jaarplan.web.state import settings

blueprint = Blueprint("checks", __name__)

COLUMNS = {
    "soort": lambda problem: problem.severity.value,
    "bestand": lambda problem: problem.location.file.name if problem.location and problem.location.file else "",
    "blad": lambda problem: (problem.location.sheet or "") if problem.location else "",
    "cel": lambda problem: _cell_key(problem.location.cell if problem.location else None),
    "melding": lambda problem: problem.message.lower(),
}


def _cell_key(cell: str | None) -> tuple[int, str, int]:
    """B10 after B9: column letters by length then name, then the row as a number."""
    if not cell:
        return (0, "", 0)
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (len(letters), letters, int(digits) if digits.isdigit() else 0)


def _sorted(problems: list[Problem]) -> tuple[list[Problem], str, bool]:
    """The problems in the order the address asks for (``sorteer``, ``richting``), with that order."""
    column = request.args.get("sorteer", "")
    descending = request.args.get("richting") == "af"
    if column in COLUMNS:
        problems = sorted(problems, key=COLUMNS[column], reverse=descending)
    return problems, column, descending


@blueprint.route("/controle")
def page():
    """The first SHOWN_PROBLEMS in the order asked for, and the total: a workbook can have 100,000."""
    checked = checked_source(settings().source)
    problems, column, descending = _sorted(checked.problems)
    return render_template(
        "controle.html",
        checked=checked,
        problems=problems,
        column=column,
        descending=descending,
        columns=COLUMNS,
        cell_name=cell_name,
        shown=SHOWN_PROBLEMS,
    )


@blueprint.route("/controle/gezien", methods=["POST"])
@editor_required
def mark_seen():
    """A bewerker marks one warning as seen; the page shows the table without it, and the count."""
    config = settings()
    cell = request.form.get("cel", "")
    try:
        mark_warning_seen(config.source, config.output, cell, who=current_user().name)
    except PlanError as error:
        checked = checked_source(config.source)
        refused = [str(problem) for problem in error.problems]  # the CLI's words name its options: not here
        if error.reason is Reason.NOT_FOUND:
            refused = [f"Bij {cell} staat nu geen waarschuwing om als gezien te markeren; de tabel is bijgewerkt."]
        page = render_template(
            "controle.html",
            checked=checked,
            problems=checked.problems,
            column="",
            descending=False,
            columns=COLUMNS,
            cell_name=cell_name,
            shown=SHOWN_PROBLEMS,
            refused=refused,
        )
        return page, 409
    return redirect(url_for("checks.page"), code=303)


@blueprint.route("/controle/meldingen.csv")
def download():
    """Every problem, in the page's order, as the CSV Excel opens."""
    problems, _, _ = _sorted(checked_source(settings().source).problems)
    audit("download", "meldingen.csv")
    return csv_download(problems, "meldingen.csv")
