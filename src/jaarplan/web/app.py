"""The Flask application: settings, security headers, errors, and the pages' blueprints.

Flask (Pallets, like click) because the library is synchronous (LibreOffice
runs as a subprocess) and Flask is a small, well-kept WSGI framework with
signed cookie sessions and Jinja autoescaping built in; waitress serves it in
production, in pure Python, on Windows as well as Linux.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
from pathlib import Path

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from jaarplan.errors import Location, PlanError
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.web import (
    auth,
    checks_page,
    overview_page,
    preview_page,
    report_page,
    versions_page,
    workbook_page,
)
from jaarplan.web.jobs import Jobs, ServerPaths
from jaarplan.web.state import EXTENSION, ServerState, Settings
from jaarplan.web.users import DEFAULT_USERS_FILE, LoginThrottle, read_users
from jaarplan.word.template import template_folders

SECRET_FILE = ".jaarplan-sessiesleutel"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: only this machine can connect."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_settings(
    host: str,
    *,
    force_login: bool,
    source: Path,
    output: Path,
    template: Path | None = None,
    users_file: Path = DEFAULT_USERS_FILE,
    proxy_user_header: str | None = None,
    secure_cookies: bool = False,
) -> Settings:
    """The login policy of ``jaarplan serve``: on loopback the person at this PC is the user; anywhere else
    everyone logs in, so a server others can reach refuses to start without users (or a trusted proxy)."""
    login_required = force_login or not is_loopback(host)
    if login_required and not proxy_user_header and not read_users(users_file):
        raise PlanError(
            f"er zijn nog geen gebruikers; maak er een met: jaarplan user add NAAM --rol bewerker --users {users_file}",
            Location(users_file),
        )
    return Settings(
        source=source,
        output=output,
        template=template,
        login_required=login_required,
        users_file=users_file,
        proxy_user_header=proxy_user_header,
        secure_cookies=secure_cookies,
    )


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(settings.output),
        SESSION_COOKIE_NAME="jaarplan_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_upload_bytes,
        JSON_AS_ASCII=False,
    )
    app.jinja_env.autoescape = True  # also for templates not named .html
    app.jinja_env.globals["csrf_token"] = auth.csrf_token  # macros imported without context use it too
    # One LibreOffice for every build, kept warm: started on the first build (``serve`` starts it
    # at once), one document at a time, restarted if it dies, gone with the server.
    soffice = pdf.find_soffice()
    jobs = Jobs(ServerPaths.of(_named_folders(settings)))
    app.extensions[EXTENSION] = ServerState(settings, jobs, LoginThrottle(), Office(soffice) if soffice else None)
    for module in (auth, overview_page, workbook_page, checks_page, versions_page, report_page, preview_page):
        app.register_blueprint(module.blueprint)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _error_page)
    return app


def _named_folders(settings: Settings) -> dict[Path, str]:
    """The folders progress lines may name, with the words users see instead."""
    templates = [*template_folders(), *([settings.template.parent] if settings.template else [])]
    return {settings.source: "bron", settings.output: "uitvoer", **dict.fromkeys(templates, "sjablonen")}


def _secret_key(output: Path) -> bytes:
    """The key that signs session cookies, kept in the output folder so restarts keep people logged in."""
    path = output / SECRET_FILE
    output.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    return path.read_bytes()


def _security_headers(response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


ERROR_TEXTS = {
    400: "Het verzoek is niet geldig.",
    403: "U mag dit niet doen.",
    404: "Deze pagina of dit bestand bestaat niet.",
    405: "Dit kan zo niet worden opgevraagd.",
    413: "Het bestand is te groot om te plaatsen.",
}


def _error_page(error: HTTPException):
    text = ERROR_TEXTS.get(error.code or 500, "Er ging iets mis.")
    detail = error.description if getattr(error.description, "dutch", False) else ""
    return render_template("fout.html", code=error.code, text=text, detail=detail), error.code


def listening_server(app: Flask, host: str, port: int):
    """A waitress server listening on ``host`` and ``port``; a PlanError when it cannot, or when --port 0 is ambiguous.

    A host of several addresses (``localhost`` as ::1 and 127.0.0.1, ``*`` as
    0.0.0.0 and ::) gets a socket on each; with --port 0 each takes its own free
    port, which one printed address cannot name, so that is refused.
    """
    import waitress

    try:
        server = waitress.create_server(app, host=host, port=port, threads=8, ident="jaarplan")
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", None)):
            raise PlanError(f"poort {port} op {host} is al in gebruik; kies een andere met --port") from None
        raise PlanError(
            f"kan niet luisteren op {host}, poort {port}: het adres hoort niet bij deze computer of de poort "
            "is niet toegestaan; kies een ander adres met --host of een andere poort met --port"
        ) from None
    except ValueError:  # waitress's "Invalid host/port specified.": a name that resolves to no address
        raise PlanError(f"adres {host} is onbekend; geef met --host een adres of naam van deze computer") from None
    listening = getattr(server, "effective_listen", [])  # only a server of several sockets has it
    if port == 0 and len(listening) > 1:
        server.close()
        raise PlanError(
            f"--port 0 kan alleen met een adres dat één netwerkadres heeft, en {host} heeft er {len(listening)}; "
            "kies een poort met --port"
        )
    return server
