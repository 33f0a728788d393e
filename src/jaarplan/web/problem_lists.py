"""Long lists of problems: a page shows the first few hundred with the total, the whole list is a CSV download.

A workbook can hold 100,000 problems (a sheet pasted a hundred times); a
table of all of them is a page of tens of megabytes no one reads. The CSV is
``commands.workspace.problems_csv``: Excel opens it as it is.
"""

from __future__ import annotations

from flask import Response

from jaarplan.commands.workspace import problems_csv
from jaarplan.errors import Problem

SHOWN_PROBLEMS = 200


def csv_download(problems: list[Problem], name: str) -> Response:
    """Every problem as a CSV attachment named ``name``."""
    response = Response(problems_csv(problems), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response
