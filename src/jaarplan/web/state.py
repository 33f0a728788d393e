"""What every page of one server shares: settings, running jobs, sessions, the login throttle, the warm LibreOffice.

``create_app`` makes one ``ServerState`` and keeps it on the Flask app; pages
reach it through the functions below, never through each other.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from jaarplan.office.session import Office
from jaarplan.web.jobs import Jobs
from jaarplan.web.network import LOOPBACK_NAMES
from jaarplan.web.sessions import SessionStore
from jaarplan.web.users import DEFAULT_USERS_FILE, LoginThrottle

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the default workbook is 30 kB; a real one stays far below this
EXTENSION = "jaarplan"
MENU = (  # the main menu of every page, Bekijken's too: (endpoint, label)
    ("overview.page", "Overzicht"),
    ("workbook.page", "Werkmap"),
    ("checks.page", "Controle"),
    ("versions.page", "Versies"),
    ("progress.page", "Voortgang"),
    ("preview.page", "Bekijken"),
)


@dataclass(frozen=True)
class Settings:
    """How one server runs. Safe by default: every visitor logs in unless ``serve`` found it bound to loopback."""

    source: Path
    output: Path
    template: Path | None = None  # None: the default, found by template.find_template
    login_required: bool = True  # False only for a server that only this PC can reach (``serve`` on loopback)
    users_file: Path = DEFAULT_USERS_FILE
    proxy_user_header: str | None = None  # the reverse proxy's authenticated user, trusted from trusted_proxies only
    trusted_proxies: tuple[str, ...] = LOOPBACK_NAMES[1:]  # addresses (or networks) of that reverse proxy
    server_names: tuple[str, ...] = ()  # Host names accepted besides localhost and the loopback addresses
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    secure_cookies: bool = False  # set when the server is reached over https (behind a proxy): also HSTS

    def resolved(self) -> Settings:
        """The folders made absolute once, at start: Flask's send_file would take a relative one from its package."""
        template = self.template.resolve() if self.template else None
        return dataclasses.replace(
            self,
            source=self.source.resolve(),
            output=self.output.resolve(),
            template=template,
            users_file=self.users_file.resolve(),
        )


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    jobs: Jobs
    logins: LoginThrottle
    sessions: SessionStore
    office: Office | None  # one LibreOffice for every build, kept warm; None without LibreOffice


def state_of(app: Flask) -> ServerState:
    return app.extensions[EXTENSION]


def settings() -> Settings:
    return state_of(current_app).settings


def jobs() -> Jobs:
    return state_of(current_app).jobs


def logins() -> LoginThrottle:
    return state_of(current_app).logins


def sessions() -> SessionStore:
    return state_of(current_app).sessions


def office() -> Office | None:
    """The werkomgeving's warm LibreOffice (``office.session.Office``), or None without LibreOffice."""
    return state_of(current_app).office
