"""What every page of one server shares: its settings, the running jobs, the login throttle, the warm LibreOffice.

``create_app`` makes one ``ServerState`` and keeps it on the Flask app; pages
reach it through the functions below, never through each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from jaarplan.office.session import Office
from jaarplan.web.jobs import Jobs
from jaarplan.web.users import DEFAULT_USERS_FILE, LoginThrottle

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the default workbook is 30 kB; a real one stays far below this
EXTENSION = "jaarplan"


@dataclass(frozen=True)
class Settings:
    source: Path
    output: Path
    template: Path | None = None  # None: the default, found by template.find_template
    login_required: bool = False
    users_file: Path = DEFAULT_USERS_FILE
    proxy_user_header: str | None = None  # trusted only when set: the reverse proxy's authenticated user
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    secure_cookies: bool = False  # set when the server is reached over https (behind a proxy)


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    jobs: Jobs
    logins: LoginThrottle
    office: Office | None  # one LibreOffice for every build, kept warm; None without LibreOffice


def state_of(app: Flask) -> ServerState:
    return app.extensions[EXTENSION]


def settings() -> Settings:
    return state_of(current_app).settings


def jobs() -> Jobs:
    return state_of(current_app).jobs


def logins() -> LoginThrottle:
    return state_of(current_app).logins


def office() -> Office | None:
    """The werkomgeving's warm LibreOffice (``office.session.Office``), or None without LibreOffice."""
    return state_of(current_app).office
