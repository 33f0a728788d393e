"""What the werkomgeving's tests share: a plan folder, an app on it, users, and workbooks to upload."""

from __future__ import annotations

import functools
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from jaarplan.web.app import Settings, create_app
from jaarplan.web.users import EDITOR, READER, add_user

from .conftest import SOURCE, TEMPLATE, without_fingerprints

PASSWORD = "correct paard batterij"
EDITOR_NAME = "jan.meijer"  # initials JM
READER_NAME = "lieke"
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
        return users.read_bytes()


def make_plan(folder: Path) -> Plan:
    # Tests upload edited workbooks and build them: a plan issued before fingerprints, as in conftest.source_copy.
    source = without_fingerprints(Path(shutil.copytree(SOURCE, folder / "source")))
    users = folder / "gebruikers.json"
    users.write_bytes(_users_file_content())
    return Plan(source, folder / "output", users)


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
