"""What the werkomgeving's tests share: a plan folder, an app on it, users, workbooks to upload, a real server."""

from __future__ import annotations

import functools
import http.client
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from jaarplan.office.pdf import SOFFICE_VARIABLE
from jaarplan.web.app import Settings, create_app
from jaarplan.web.users import EDITOR, READER, add_user

from .conftest import SOURCE, TEMPLATE, without_fingerprints
from .waiting import wait_until

PASSWORD = "correct paard batterij"
EDITOR_NAME = "jan.meijer"  # initials JM
READER_NAME = "lieke"
OTHER_EDITORS = ("anna", "piet")  # for builds at once: each person has at most one job unfinished
ERROR_CELL = "A12"
ERROR_MESSAGE = "onbekend thema 'Huiselijk gewelt'"
NEW_PROGRESS = "Rooidagen afgestemd met afdeling Bouwen"


@dataclass
class Plan:
    """A plan folder as the werkomgeving serves it: source, output and the users file."""

    source: Path
    output: Path
    users: Path

    def settings(self, **changes: object) -> Settings:
        values = {"login_required": True, "users_file": self.users, **changes}
        return Settings(self.source, self.output, TEMPLATE, **values)

    def app(self, **changes: object):
        app = create_app(self.settings(**changes))
        app.config["TESTING"] = True
        return app


@functools.cache
def _users_file_content() -> bytes:
    """The two users, hashed once per session (argon2 is slow on purpose)."""
    with tempfile.TemporaryDirectory() as folder:
        users = Path(folder) / "gebruikers.json"
        add_user(users, EDITOR_NAME, PASSWORD, role=EDITOR, initials="JM")
        add_user(users, READER_NAME, PASSWORD, role=READER)
        for name in OTHER_EDITORS:
            add_user(users, name, PASSWORD, role=EDITOR)
        return users.read_bytes()


def write_users(path: Path) -> Path:
    """The users file with the bewerker and the lezer, owner-only as ``jaarplan user add`` writes it."""
    path.write_bytes(_users_file_content())
    path.chmod(0o600)
    return path


def make_plan(folder: Path) -> Plan:
    # Tests upload edited workbooks and build them: a plan issued before fingerprints, as in conftest.source_copy.
    source = without_fingerprints(Path(shutil.copytree(SOURCE, folder / "source")))
    return Plan(source, folder / "output", write_users(folder / "gebruikers.json"))


def workbook_bytes(source: Path, **matrix_cells: str) -> bytes:
    """The plan's workbook with some Matrix cells set, as an upload's bytes."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    for cell, value in matrix_cells.items():
        book["Matrix"][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def broken_workbook(source: Path) -> bytes:
    """A theme name misspelt in Matrix!A12: a FOUT with its cell."""
    return workbook_bytes(source, **{ERROR_CELL: "Huiselijk gewelt"})


def fixed_workbook(source: Path) -> bytes:
    """A new Stand van zaken in the first matrix row: no FOUT, one visible change."""
    return workbook_bytes(source, I2=NEW_PROGRESS)


def with_statuses(source: Path) -> None:
    """Three actions get a status (column J): one op schema, one aandacht, one achter."""
    (source / "jaarplan.xlsx").write_bytes(workbook_bytes(source, J2="op schema", J3="aandacht", J4="achter"))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def logged_in(app, name: str = EDITOR_NAME):
    """A Flask test client of ``app`` logged in as ``name``."""
    client = app.test_client()
    token = csrf_of(client.get("/inloggen").get_data(as_text=True))
    response = client.post("/inloggen", data={"naam": name, "wachtwoord": PASSWORD, "csrf": token})
    assert response.status_code == 303
    return client


# --- in a browser (a Playwright page) -------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def log_in(page, base: str, name: str = EDITOR_NAME) -> None:
    page.goto(f"{base}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")


def upload(page, base: str, data: bytes, name: str = "jaarplan.xlsx") -> None:
    """Werkmap's form as a person fills it in: the file chosen, then Controleren en plaatsen."""
    page.goto(f"{base}/werkmap")
    page.set_input_files("#werkmap", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.get_by_role("button", name="Controleren en plaatsen").click()
    page.wait_for_load_state()


# --- a real server, started as the README says ---------------------------------------------------------------------

ADDRESS_LINE = re.compile(
    r"De werkomgeving draait op (http://(?:127\.0\.0\.1|0\.0\.0\.0):(\d+)/) \(stoppen met Ctrl\+C\)\."
)


@dataclass
class Served:
    """A running ``jaarplan serve``: its address, its process, and what it wrote (stdout and stderr) so far."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1].rstrip("/"))

    def said(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def visitor(self, host: str | None = None) -> Visitor:
        return Visitor(self.port, host)


@contextmanager
def served(folder: Path, *options: str, libreoffice: bool = False) -> Iterator[Served]:
    """``jaarplan serve --port 0 --no-browser OPTIONS`` run in ``folder``, as the README says to start it.

    The folder holds ``source/`` (and perhaps ``output/`` and ``gebruikers.json``):
    the server finds them by its default relative names, as it does for a user
    who types the command in the plan's folder. Without LibreOffice unless
    ``libreoffice``, so builds are quick.
    """
    log = folder / "serve.log"
    environment = dict(os.environ)
    if not libreoffice:
        environment[SOFFICE_VARIABLE] = str(folder / "geen-soffice")
    command = [sys.executable, "-m", "jaarplan", "serve", "--port", "0", "--no-browser", *options]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, env=environment)
    try:
        found = wait_until(
            lambda: ADDRESS_LINE.search(log.read_text(encoding="utf-8")) or process.poll(),
            bool,
            60,
            f"{command} says its address",
        )
        assert isinstance(found, re.Match), log.read_text(encoding="utf-8")
        yield Served(found[1].rstrip("/"), process, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Visitor:
    """One browser's worth of HTTP to a local server: its session cookie, and any Host or header it likes to send.

    Plain http.client, so a test sends exactly what an attacker would (a Host of
    its choosing, a proxy's header, a saved cookie) and sees exactly what comes back.
    """

    def __init__(self, port: int, host: str | None = None, cookie: str = "") -> None:
        self.port, self.host, self.cookie = port, host, cookie

    def copy(self) -> Visitor:
        """Another visitor with this one's cookie as it is now: a saved, or stolen, cookie."""
        return Visitor(self.port, self.host, self.cookie)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict[str, str], headers: dict[str, str] | None = None) -> Reply:
        body = urllib.parse.urlencode(form).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        )

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": self.host or f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookie:
            sent["Cookie"] = self.cookie
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()
        if cookie := reply.headers.get("set-cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return reply

    def csrf(self, page: str = "/") -> str:
        return csrf_of(self.get(page).text)

    def log_in(self, name: str = EDITOR_NAME, password: str = PASSWORD, headers: dict[str, str] | None = None) -> Reply:
        token = csrf_of(self.get("/inloggen", headers).text)
        return self.post("/inloggen", {"naam": name, "wachtwoord": password, "csrf": token}, headers)
