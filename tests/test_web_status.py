"""The werkomgeving's status codes follow the kind of error (PlanError.reason), never the words of its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from jaarplan.commands import workspace
from jaarplan.commands.build import build
from jaarplan.office.session import pdf
from jaarplan.store.lock import plan_lock

from .conftest import TEMPLATE
from .web_support import EDITOR_NAME, PASSWORD, Plan, csrf_of, make_plan


def legacy_folder(output: Path, version: str) -> Path:
    """Where a plan without kenmerk (the 2010 plan) keeps a version, as before kenmerken: output/archief/versie-X.Y."""
    return output / "archief" / f"versie-{version}"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))  # archived without a PDF
    return make_plan(tmp_path)


def logged_in(plan: Plan):
    client = plan.app().test_client()
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    response = client.post("/inloggen", data={"naam": EDITOR_NAME, "wachtwoord": PASSWORD, "csrf": token})
    assert response.status_code == 303
    return client


def test_an_archived_file_that_is_not_there_is_404_and_a_damaged_archive_409(plan: Plan) -> None:
    build(plan.source, plan.output, TEMPLATE)  # archives version 2.2: Word, workbook and plan.yaml, no PDF
    client = logged_in(plan)
    assert client.get("/versies/2.2/word").status_code == 200
    assert client.get("/versies/9.9/word").status_code == 404
    missing = client.get("/versies/2.2/pdf")
    assert missing.status_code == 404 and "versie 2.2 heeft in het archief geen pdf" in missing.get_data(as_text=True)
    (legacy_folder(plan.output, "2.2") / "notitie.txt").write_text("erbij gezet", encoding="utf-8")
    damaged = client.get("/versies/2.2/word")  # the message says "staat niet in SHA256SUMS": still damage
    assert damaged.status_code == 409 and "notitie.txt staat niet in SHA256SUMS" in damaged.get_data(as_text=True)


def test_restoring_a_kept_workbook_while_the_plan_stays_busy_is_409(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = plan.output / workspace.COPIES_FOLDER
    copies.mkdir(parents=True)
    (copies / "jaarplan-2026-01-02-030405.xlsx").write_bytes((plan.source / "jaarplan.xlsx").read_bytes())
    monkeypatch.setattr(workspace, "UPLOAD_WAIT_SECONDS", 0.2)
    client = logged_in(plan)
    token = csrf_of(client.get("/werkmap").get_data(as_text=True))
    assert client.post("/werkmap/kopie/2026-01-02-999999/terugzetten", data={"csrf": token}).status_code == 404
    with plan_lock(plan.output, "piet", "een build"):
        busy = client.post("/werkmap/kopie/2026-01-02-030405/terugzetten", data={"csrf": token})
    assert busy.status_code == 409 and "het plan is bezet: een build door piet" in busy.get_data(as_text=True)
    restored = client.post("/werkmap/kopie/2026-01-02-030405/terugzetten", data={"csrf": token})
    assert restored.status_code == 303
