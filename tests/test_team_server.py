"""The werkomgeving on a team server, attacked as a security tester would: against a real ``jaarplan serve``.

Every server here is started as the README says: ``jaarplan serve`` in the
plan's folder, with the default relative ``source``, ``output`` and
``gebruikers.json`` (``web_support.served``). Requests are plain HTTP
(``web_support.Visitor``), so a test sends what an attacker would: a saved
cookie, a forged Host, a proxy's header, forty logins at once.
"""

from __future__ import annotations

import contextlib
import getpass
import shutil
import stat
import subprocess
import sys
import threading
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
import waitress
from click.testing import CliRunner

from jaarplan.cli.commands import main
from jaarplan.commands.build import BuildResult
from jaarplan.store.logbook import entries, record
from jaarplan.web.app import SECRET_FILE, create_app
from jaarplan.web.sessions import MOST_SESSIONS_PER_USER, SessionStore
from jaarplan.web.state import Settings, state_of
from jaarplan.web.users import LoginThrottle, read_users

from .conftest import SOURCE
from .waiting import wait_until
from .web_support import EDITOR_NAME, PASSWORD, READER_NAME, Visitor, csrf_of, make_plan, served

NEW_PASSWORD = "een heel ander wachtwoord"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A plan folder as a team server has it: source/, gebruikers.json with a bewerker and a lezer, no output yet."""
    make_plan(tmp_path)
    return tmp_path


def follow_job(visitor: Visitor, location: str) -> dict:
    status = wait_until(
        lambda: visitor.get(f"{location}/status").text, lambda text: '"finished":true' in text, 120, "the job ends"
    )
    return {"text": status}


# --- 1. started as the README says, every download works -----------------------------------------------------------


def test_every_download_works_when_served_from_the_plan_folder_with_relative_folders(
    tmp_path: Path, delivered: BuildResult
) -> None:
    shutil.copytree(SOURCE, tmp_path / "source")
    shutil.copytree(delivered.document.parent, tmp_path / "output")  # Word, PDF and the archived version 2.2
    with served(tmp_path) as server:
        visitor = server.visitor()
        assert visitor.get("/werkmap/jaarplan.xlsx").body == (tmp_path / "source" / "jaarplan.xlsx").read_bytes()
        assert visitor.get("/download/word").body == delivered.document.read_bytes()
        assert visitor.get("/download/pdf").body.startswith(b"%PDF")
        for kind, start in (("word", b"PK"), ("pdf", b"%PDF"), ("werkmap", b"PK"), ("plan", b"# Documentgegevens")):
            reply = visitor.get(f"/versies/2.2/{kind}")
            assert reply.status == 200 and reply.body.startswith(start), (kind, reply.status, reply.text[:200])
        started = visitor.post("/bouwen", {"csrf": visitor.csrf()})
        assert started.status == 303
        job = started.headers["location"]
        follow_job(visitor, job)
        word = visitor.get(f"{job}/word")
        assert word.status == 200 and word.body.startswith(b"PK")
        assert "Traceback" not in server.said()


# --- 2. sessions end: logout, a new password or role, idleness -------------------------------------------------------


def test_a_cookie_saved_before_logout_opens_nothing_afterwards(team: Path) -> None:
    with served(team, "--login") as server:
        visitor = server.visitor()
        assert visitor.log_in().status == 303
        token = visitor.csrf("/versies")
        saved = visitor.copy()
        assert saved.get("/versies").status == 200
        assert visitor.post("/uitloggen", {"csrf": token}).status == 303
        assert saved.get("/versies").status == 302
        refused = saved.post("/bouwen", {"csrf": token})  # the old CSRF token and the old cookie together
        assert refused.status == 302 and refused.headers["location"].startswith("/inloggen")


def test_a_new_password_or_role_ends_that_users_sessions_only(team: Path) -> None:
    with served(team, "--login") as server:
        editor, reader = server.visitor(), server.visitor()
        assert editor.log_in(EDITOR_NAME).status == 303 and reader.log_in(READER_NAME).status == 303
        add = ["user", "add", EDITOR_NAME, "--rol", "bewerker", "--users", str(team / "gebruikers.json")]
        assert CliRunner().invoke(main, add, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n").exit_code == 0
        assert editor.get("/").status == 302
        assert reader.get("/").status == 200  # the others stay logged in
        assert editor.log_in(EDITOR_NAME, PASSWORD).status == 401  # the old password no longer works
        assert editor.log_in(EDITOR_NAME, NEW_PASSWORD).status == 303
        promote = ["user", "add", READER_NAME, "--rol", "bewerker", "--users", str(team / "gebruikers.json")]
        assert CliRunner().invoke(main, promote, input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
        assert reader.get("/").status == 302  # a new role: log in again, and get it
        assert editor.get("/").status == 200


def test_a_session_ends_after_an_hour_without_requests(team: Path) -> None:
    plan = make_plan(team / "plan")
    app = plan.app()
    now = [1000.0]
    state_of(app).sessions.clock = lambda: now[0]
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    client.post("/inloggen", data={"naam": READER_NAME, "wachtwoord": PASSWORD, "csrf": csrf_of(page)})
    now[0] += 59 * 60
    assert client.get("/").status_code == 200  # each request keeps it alive
    now[0] += 59 * 60
    assert client.get("/").status_code == 200
    now[0] += 60 * 60 + 1
    assert client.get("/").status_code == 302


# --- 2. the login throttle: counted atomically, per name and address, never locking the team out -------------------


def test_forty_parallel_wrong_logins_get_five_tries_and_the_colleagues_still_log_in(team: Path) -> None:
    with served(team, "--login") as server:
        attacker = server.visitor()
        token = csrf_of(attacker.get("/inloggen").text)
        statuses: list[int] = []

        def guess(number: int) -> None:
            form = {"naam": EDITOR_NAME, "wachtwoord": f"geraden {number}", "csrf": token}
            statuses.append(attacker.copy().post("/inloggen", form).status)

        threads = [threading.Thread(target=guess, args=(number,)) for number in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert Counter(statuses) == {401: 5, 429: 35}
        colleague = server.visitor()  # the same address, as behind the team's reverse proxy
        assert colleague.log_in(READER_NAME).status == 303
        refused = server.visitor().log_in(EDITOR_NAME)  # even the right password: else guessing would go on
        assert refused.status == 429 and "Probeer het over" in refused.text
    logged = Counter((entry.who, entry.action) for entry in entries(team / "output", 100))
    assert logged[EDITOR_NAME, "inloggen mislukt"] == 5
    assert logged[EDITOR_NAME, "inloggen geremd"] == 1  # once per wait: a flood of refusals does not fill the logboek
    assert logged[READER_NAME, "inloggen"] == 1


# --- 2. what happened can be seen afterwards -------------------------------------------------------------------------


def test_logins_downloads_compares_and_logouts_are_in_the_logboek_and_the_access_log(team: Path) -> None:
    with served(team, "--login") as server:
        visitor = server.visitor()
        assert visitor.log_in(EDITOR_NAME, "fout wachtwoord").status == 401
        assert visitor.log_in().status == 303
        assert visitor.get("/werkmap/jaarplan.xlsx").status == 200
        compare = visitor.post("/versies/vergelijken", {"csrf": visitor.csrf(), "oud": "2.1", "nieuw": "2.2"})
        assert compare.status == 303
        follow_job(visitor, compare.headers["location"])
        session_cookie = visitor.cookie
        assert visitor.post("/uitloggen", {"csrf": visitor.csrf()}).status == 303
        said = server.said()
    actions = [(entry.who, entry.action) for entry in entries(team / "output")][::-1]
    assert actions[:5] == [
        (EDITOR_NAME, "inloggen mislukt"),
        (EDITOR_NAME, "inloggen"),
        (EDITOR_NAME, "download"),
        (EDITOR_NAME, "vergelijken"),
        (EDITOR_NAME, "uitloggen"),
    ]
    assert all("(vanaf 127.0.0.1)" in entry.what for entry in entries(team / "output"))
    assert f'127.0.0.1 {EDITOR_NAME} "GET /werkmap/jaarplan.xlsx" 200' in said
    assert '127.0.0.1 - "POST /inloggen" 401' in said
    logboek = (team / "output" / "logboek.jsonl").read_text(encoding="utf-8")
    for secret in (PASSWORD, "fout wachtwoord", session_cookie.split("=", 1)[1][:20]):
        assert secret not in said and secret not in logboek


def test_a_path_with_a_newline_cannot_forge_a_line_in_the_access_log(team: Path) -> None:
    forged = f'127.0.0.1 {EDITOR_NAME} "POST /versies/uitgeven" 303 -'
    with served(team, "--login") as server:
        for control in ("%0A", "%0D", "%0D%0A"):
            reply = server.visitor().get(f"/x{control}{urllib.parse.quote(forged)}{control}")
            assert reply.status in (302, 404)
        said = server.said()
    lines = said.splitlines()
    assert not any(line.startswith(forged) for line in lines), said
    assert sum("%0A" in line or "%0D" in line for line in lines) >= 3  # each request one line, its path encoded


# --- 2. files: the users file owner-only, the session key out of the shared output folder --------------------------


def test_the_users_file_is_for_its_owner_only_and_the_session_key_stays_out_of_output(team: Path) -> None:
    users = team / "gebruikers.json"
    result = CliRunner().invoke(main, ["user", "add", "piet", "--users", str(users)], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    (team / "output").mkdir()
    (team / "output" / SECRET_FILE).write_bytes(b"een oude sleutel die iedereen heeft")
    with served(team, "--login") as server:
        assert server.visitor().log_in().status == 303
    assert not (team / "output" / SECRET_FILE).exists()
    key = team / SECRET_FILE  # beside gebruikers.json
    assert len(key.read_bytes()) == 32 and stat.S_IMODE(key.stat().st_mode) == 0o600


# --- 2. safe by default under any WSGI server -------------------------------------------------------------------------


def test_create_app_under_another_wsgi_server_asks_everyone_to_log_in(team: Path) -> None:
    settings = Settings(team / "source", team / "output", users_file=team / "gebruikers.json")  # login by default
    running = waitress.create_server(create_app(settings), host="127.0.0.1", port=0)

    def run() -> None:
        with contextlib.suppress(OSError):  # close() from this thread ends the server's select() with EBADF
            running.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        reply = Visitor(running.effective_port).get("/")
        assert reply.status == 302 and reply.headers["location"].startswith("/inloggen")
    finally:
        running.close()


def test_without_login_only_this_pc_is_a_bewerker(team: Path) -> None:
    client = make_plan(team / "plan").app(login_required=False).test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    refused = client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert refused.status_code == 403 and "alleen op deze pc" in refused.get_data(as_text=True)
    proxied = client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"X-Forwarded-For": "10.1.2.3"})
    assert proxied.status_code == 403


def test_a_request_a_proxy_passed_on_is_no_bewerker_without_login(team: Path) -> None:
    with served(team) as server:  # as on one's own PC, but with a proxy put in front of it by mistake
        visitor = server.visitor()
        assert visitor.get("/").status == 200
        headers = (
            {"X-Forwarded-For": "10.1.2.3"},
            {"Forwarded": "for=10.1.2.3"},
            {"X-Real-IP": "10.1.2.3"},
            {"X-Forwarded-Proto": "https"},  # nginx's plain proxy_pass sends no address, an https one this
            {"X-Forwarded-Host": "jaarplan.gemeente.test"},
            {"Via": "1.1 proxy"},
        )
        for header in headers:
            refused = visitor.get("/", headers=header)
            assert refused.status == 403 and "alleen op deze pc" in refused.text, header
            assert 'name="csrf"' not in refused.text
        assert "een proxy die X-Forwarded-For niet meestuurt, maakt iedereen die hij doorlaat bewerker" in server.said()


def test_behind_a_proxy_on_loopback_a_server_name_or_https_means_everyone_logs_in(team: Path) -> None:
    for option in (["--server-name", "jaarplan.gemeente.test"], ["--https"]):
        with served(team, *option) as server:
            reply = server.visitor("localhost").get("/")
            assert reply.status == 302 and reply.headers["location"].startswith("/inloggen"), option
            assert "Inloggen met de gebruikers uit" in server.said()


# --- 3. who may claim to be whom -------------------------------------------------------------------------------------


def test_the_proxy_user_header_is_trusted_from_the_proxy_only_and_without_it_a_login_is_needed(team: Path) -> None:
    header = {"X-Remote-User": READER_NAME}
    with served(team, "--proxy-user-header", "X-Remote-User") as server:  # the proxy on this server: 127.0.0.1
        visitor = server.visitor()
        assert f"{READER_NAME} (L, lezer)" in visitor.get("/", headers=header).text
        missing = visitor.get("/")
        assert missing.status == 302 and missing.headers["location"].startswith("/inloggen")  # not "root, bewerker"
        assert "kop X-Remote-User wordt alleen vertrouwd van de proxy op: 127.0.0.1, ::1" in server.said()
        forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}  # the proxy added the last: the user's address
        assert visitor.log_in(EDITOR_NAME, "fout wachtwoord", headers=forwarded).status == 401
    with served(team, "--proxy-user-header", "X-Remote-User", "--trusted-proxy", "192.0.2.7") as server:
        claimed = server.visitor().get("/", headers=header)  # 127.0.0.1 is now not the proxy: anyone's curl
        assert claimed.status == 302 and claimed.headers["location"].startswith("/inloggen")
        assert "alleen vertrouwd van de proxy op: 192.0.2.7" in server.said()
        assert server.visitor().log_in(EDITOR_NAME, "fout wachtwoord", headers=forwarded).status == 401
    failed = [entry.what for entry in entries(team / "output") if entry.action == "inloggen mislukt"][::-1]
    assert failed == [  # from the trusted proxy its X-Forwarded-For; from anyone else, their own address
        "verkeerde naam of wachtwoord (vanaf 203.0.113.9)",
        "verkeerde naam of wachtwoord (vanaf 127.0.0.1)",
    ]


@pytest.mark.parametrize("host", ["rebind.evil.example", "a" * 300, "127.0.0.1:8000@evil", "x:y:z"])
def test_a_host_the_server_was_not_started_for_gets_the_dutch_error_page_with_its_headers(
    team: Path, host: str
) -> None:
    with served(team) as server:  # on loopback without login: a rebound name would be a bewerker
        reply = server.visitor(host).get("/")
        assert reply.status == 400 and '<html lang="nl">' in reply.text
        assert "Deze servernaam hoort niet bij de werkomgeving" in reply.text and 'name="csrf"' not in reply.text
        assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]
        assert reply.headers["x-content-type-options"] == "nosniff"
        for accepted in ("localhost", f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}"):
            assert server.visitor(accepted).get("/").status == 200, accepted


def test_on_every_address_an_ip_literal_and_a_name_with_a_trailing_dot_are_accepted(team: Path) -> None:
    with served(team, "--host", "0.0.0.0", "--server-name", "jaarplan.gemeente.test") as server:
        for host in (f"192.0.2.10:{server.port}", f"[2001:db8::1]:{server.port}", "jaarplan.gemeente.test."):
            assert server.visitor(host).get("/inloggen").status == 200, host
        for host in ("rebind.evil.example", "jaarplan.gemeente.test..", "jaarplan.gemeente.test.evil.example"):
            assert server.visitor(host).get("/inloggen").status == 400, host
        assert "elk IP-adres" in server.said()


def test_a_configured_server_name_is_accepted_and_https_sends_strict_transport_security(team: Path) -> None:
    with served(team, "--login", "--server-name", "jaarplan.gemeente.test", "--https") as server:
        reply = server.visitor("jaarplan.gemeente.test").get("/inloggen")
        assert reply.status == 200 and reply.headers["strict-transport-security"] == "max-age=31536000"
        assert "jaarplan.gemeente.test" in server.said()
        assert server.visitor("andere.gemeente.test").get("/inloggen").status == 400
    with served(team, "--login") as server:
        assert "strict-transport-security" not in server.visitor().get("/inloggen").headers


# --- 4. limits: one long job per user ---------------------------------------------------------------------------------


def test_a_lezer_cannot_start_eight_reports_at_once(team: Path) -> None:
    with served(team, "--login") as server:
        reader = server.visitor()
        assert reader.log_in(READER_NAME).status == 303
        token = reader.csrf("/voortgang")
        replies = []

        def report() -> None:
            replies.append(reader.copy().post("/voortgang/rapportage", {"csrf": token}))

        threads = [threading.Thread(target=report) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert Counter(reply.status for reply in replies) == {303: 1, 429: 7}
        refused = next(reply for reply in replies if reply.status == 429)
        assert "U hebt al een taak die loopt of wacht" in refused.text and "Uw vorige taak loopt nog." in refused.text
        [started] = [reply for reply in replies if reply.status == 303]
        assert started.headers["location"] in refused.text  # the page links the job that runs
        follow_job(reader, started.headers["location"])
        assert reader.post("/voortgang/rapportage", {"csrf": token}).status == 303  # once done, the next may start


def test_a_session_key_that_cannot_be_written_is_a_dutch_refusal_to_start(team: Path) -> None:
    users = team / "gebruikers.json" / "gebruikers.json"  # its folder is a file: nothing can be written there
    result = subprocess.run(
        [sys.executable, "-m", "jaarplan", "serve", "--port", "0", "--no-browser", "--users", str(users)],
        cwd=team,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "de sleutel voor de sessiecookies kan hier niet worden gemaakt of gelezen" in result.stderr


# --- review findings: what stays true under a flood ------------------------------------------------------------------


def test_a_flood_of_made_up_names_does_not_lift_the_wait_on_the_name_being_guessed() -> None:
    throttle = LoginThrottle(most_keys=8, clock=lambda: 1000.0)
    for _ in range(5):
        assert throttle.admit(EDITOR_NAME, "10.1.2.3") == 0
    assert throttle.admit(EDITOR_NAME, "10.1.2.3") > 0
    for number in range(100):  # the table fills, and fills again
        throttle.admit(f"verzonnen{number}", "10.1.2.3")
    assert throttle.admit(EDITOR_NAME, "10.1.2.3") > 0


def test_a_spoofed_x_forwarded_for_from_an_untrusted_client_counts_its_real_address(team: Path) -> None:
    with served(team, "--login", "--trusted-proxy", "192.0.2.7") as server:
        statuses = [
            server.visitor().log_in(EDITOR_NAME, "fout", headers={"X-Forwarded-For": f"198.51.100.{number}"}).status
            for number in range(7)
        ]
    assert statuses == [401] * 5 + [429] * 2


def test_the_logboek_holds_no_unknown_name_typed_at_the_login(team: Path) -> None:
    typed = "Geheim-Wachtwoord-2026"  # a password typed in the name field
    with served(team, "--login") as server:
        assert server.visitor().log_in(typed, "iets").status == 401
        assert server.visitor().log_in(EDITOR_NAME, "fout").status == 401
    failed = [entry.who for entry in entries(team / "output") if entry.action == "inloggen mislukt"]
    assert failed == [EDITOR_NAME, "onbekende naam"]
    assert typed not in (team / "output" / "logboek.jsonl").read_text(encoding="utf-8")


def test_a_line_separator_in_a_name_keeps_its_logboek_line_whole(tmp_path: Path) -> None:
    record(tmp_path, "jan\u2028meijer", "inloggen mislukt", "verkeerde naam of wachtwoord")
    record(tmp_path, EDITOR_NAME, "inloggen", "gelukt")
    assert [entry.who for entry in entries(tmp_path)] == [EDITOR_NAME, "jan\u2028meijer"]


def test_many_logins_of_one_user_do_not_end_a_colleagues_session(team: Path) -> None:
    users = read_users(team / "gebruikers.json")
    store = SessionStore()
    colleague = store.open(users[READER_NAME])
    first = store.open(users[EDITOR_NAME])
    for _ in range(MOST_SESSIONS_PER_USER):
        store.open(users[EDITOR_NAME])
    assert store.user_of(colleague, users) == users[READER_NAME]
    assert store.user_of(first, users) is None  # that user's own oldest made room


def test_a_compare_refused_by_the_job_limit_leaves_no_logboek_line(team: Path) -> None:
    app = make_plan(team / "plan").app(login_required=False)
    client = app.test_client()
    local = {"REMOTE_ADDR": "127.0.0.1"}
    token = csrf_of(client.get("/versies", environ_base=local).get_data(as_text=True))
    release = threading.Event()
    state_of(app).jobs.start("report", getpass.getuser(), lambda job: release.wait(60))
    try:
        refused = client.post(
            "/versies/vergelijken", data={"csrf": token, "oud": "2.1", "nieuw": "2.2"}, environ_base=local
        )
        assert refused.status_code == 429
    finally:
        release.set()
    assert [entry.action for entry in entries(team / "plan" / "output")] == []
