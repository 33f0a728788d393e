"""The werkomgeving's Controle is its check of the source, kept until a file the check reads changes.

That is also what lies beside the workbook (workbook_file.check_beside): the lock
files of Excel and LibreOffice, and a jaarplan.ods saved by Calc.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from jaarplan.commands.workspace import checked_source

from .web_support import EDITOR_NAME, PASSWORD, Plan, csrf_of, make_plan

LIBREOFFICE_LOCK = ".~lock.jaarplan.xlsx#"
OPEN_IN_CALC = "de werkmap is geopend in LibreOffice door Jan de Vries (sinds 02.01.2026 10:15)"
ODS_NEWER = "'jaarplan.ods' (opgeslagen "


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return make_plan(tmp_path)


def controle(plan: Plan) -> str:
    """The Controle page as a logged-in user sees it."""
    client = plan.app().test_client()
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    client.post("/inloggen", data={"naam": EDITOR_NAME, "wachtwoord": PASSWORD, "csrf": token})
    response = client.get("/controle")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_controle_says_when_the_workbook_is_opened_in_calc_and_no_longer_when_it_is_closed(plan: Plan) -> None:
    assert OPEN_IN_CALC not in controle(plan)
    lock = plan.source / LIBREOFFICE_LOCK
    lock.write_text("Jan de Vries,jan,werkplek-12,02.01.2026 10:15,file:///home/jan/.config/libreoffice/4;")
    assert OPEN_IN_CALC in controle(plan)
    assert any(OPEN_IN_CALC in problem.message for problem in checked_source(plan.source).problems)
    lock.unlink()
    assert OPEN_IN_CALC not in controle(plan)


def test_controle_refuses_the_workbook_once_calc_saved_a_newer_jaarplan_ods(plan: Plan) -> None:
    first = checked_source(plan.source)
    assert first.plan is not None and ODS_NEWER not in controle(plan)
    ods = plan.source / "jaarplan.ods"
    ods.write_bytes(b"PK\x03\x04 saved by Calc")
    later = (plan.source / "jaarplan.xlsx").stat().st_mtime + 60
    os.utime(ods, (later, later))
    again = checked_source(plan.source)
    assert again.plan is None and any(ODS_NEWER in problem.message for problem in again.problems)
    assert ODS_NEWER in controle(plan)
