"""The Flask application: settings, security headers, errors, and the pages' blueprints.

Flask (Pallets, like click) because the library is synchronous (LibreOffice
runs as a subprocess) and Flask is a small, well-kept WSGI framework with
signed cookie sessions and Jinja autoescaping built in; waitress serves it in
production, in pure Python, on Windows as well as Linux.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
from pathlib import Path
from urllib.parse import quote

from flask import Flask, abort, g, render_template, request
from werkzeug.exceptions import HTTPException

from jaarplan.errors import Location, PlanError
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.text import dutch_size
from jaarplan.web import (
    auth,
    checks_page,
    overview_page,
    preview_page,
    report_page,
    versions_page,
    workbook_page,
)
from jaarplan.web.jobs import JobLimit, Jobs, ServerPaths
from jaarplan.web.messages import dutch
from jaarplan.web.network import LOOPBACK_NAMES, allowed_host, is_loopback, wrong_addresses
from jaarplan.web.sessions import SessionStore
from jaarplan.web.state import EXTENSION, MENU, ServerState, Settings
from jaarplan.web.state import settings as current_settings
from jaarplan.web.users import DEFAULT_USERS_FILE, LoginThrottle, read_users
from jaarplan.word.template import template_folders

SECRET_FILE = ".jaarplan-sessiesleutel"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def serve_settings(
    host: str,
    *,
    force_login: bool,
    source: Path,
    output: Path,
    template: Path | None = None,
    users_file: Path = DEFAULT_USERS_FILE,
    proxy_user_header: str | None = None,
    trusted_proxies: tuple[str, ...] = (),
    server_names: tuple[str, ...] = (),
    secure_cookies: bool = False,
) -> Settings:
    """The login policy of ``jaarplan serve``: on loopback the person at this PC is the user; anywhere else,
    or with any option that says others reach it (a proxy's header, a server name, https), everyone logs
    in, so such a server refuses to start without users. Behind a reverse proxy on this machine every
    request comes from 127.0.0.1: the address alone cannot tell the PC's own user from the team.

    The Host names accepted are localhost, any IP address (a literal address
    cannot be a rebound name), this computer's name for a wildcard such as
    0.0.0.0, and ``server_names``. The proxy's header is trusted only from
    ``trusted_proxies`` (by default the loopback addresses: a proxy on this
    server).
    """
    for_others = bool(proxy_user_header or server_names or secure_cookies)
    login_required = force_login or not is_loopback(host) or for_others
    if login_required and not read_users(users_file):
        raise PlanError(
            f"er zijn nog geen gebruikers; maak er een met: jaarplan user add NAAM --rol bewerker --users {users_file}",
            Location(users_file),
        )
    if wrong := wrong_addresses(trusted_proxies):
        raise PlanError(f"--trusted-proxy {wrong[0]} is geen IP-adres of netwerk (zoals 10.0.0.5 of 10.0.0.0/24)")
    return Settings(
        source=source,
        output=output,
        template=template,
        login_required=login_required,
        users_file=users_file,
        proxy_user_header=proxy_user_header,
        trusted_proxies=trusted_proxies or LOOPBACK_NAMES[1:],
        server_names=(*server_names, *_names_of(host)),
        secure_cookies=secure_cookies,
    )


def _names_of(host: str) -> tuple[str, ...]:
    """The names a browser may use for the listening address: the address itself, or for 0.0.0.0 this computer's."""
    import socket

    if host.strip("[]") in ("0.0.0.0", "::", "*", ""):
        return (socket.gethostname(),)
    return (host.strip("[]"),)


def trusted_lines(settings: Settings) -> list[str]:
    """What the server trusts, in Dutch, for ``serve`` to print at start-up."""
    names = ", ".join(dict.fromkeys(("localhost", *settings.server_names)))
    lines = [f"Servernamen die de werkomgeving accepteert (Host): {names} en elk IP-adres."]
    if not settings.login_required:
        lines.append("Zonder inloggen: alleen deze pc kan de werkomgeving bereiken, u bent bewerker.")
        lines.append(
            "Let op: zet er geen proxy voor zonder --login; een proxy die X-Forwarded-For niet meestuurt, "
            "maakt iedereen die hij doorlaat bewerker."
        )
    else:
        lines.append(f"Inloggen met de gebruikers uit {settings.users_file}.")
    if settings.proxy_user_header:
        proxies = ", ".join(settings.trusted_proxies)
        lines.append(
            f"De gebruikersnaam in de kop {settings.proxy_user_header} wordt alleen vertrouwd van de proxy op: "
            f"{proxies}; zonder die kop wordt om een wachtwoord gevraagd."
        )
    if settings.secure_cookies:
        lines.append("Alleen via https: sessiecookie Secure, en Strict-Transport-Security.")
    return lines


def create_app(settings: Settings) -> Flask:
    """The werkomgeving for ``settings``, under waitress or any WSGI server: logins unless they say loopback only."""
    settings = settings.resolved()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(settings.users_file.parent, settings.output),
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
    app.jinja_env.globals["menu"] = list(MENU)
    # One LibreOffice for every build, kept warm: started on the first build (``serve`` starts it
    # at once), one document at a time, restarted if it dies, gone with the server.
    soffice = pdf.find_soffice()
    jobs = Jobs(ServerPaths.of(_named_folders(settings)))
    office = Office(soffice) if soffice else None
    app.extensions[EXTENSION] = ServerState(settings, jobs, LoginThrottle(), SessionStore(), office)
    app.wsgi_app = _host_guard(app.wsgi_app, settings.server_names)
    app.before_request(_known_host)  # first, before anything finds the user
    for module in (auth, overview_page, workbook_page, checks_page, versions_page, report_page, preview_page):
        app.register_blueprint(module.blueprint)
    app.after_request(_security_headers)
    app.after_request(_access_log)
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(JobLimit, _job_limit_page)
    app.register_error_handler(Exception, _unexpected_error_page)
    return app


FOREIGN_HOST = "jaarplan.foreign_host"


def _host_guard(wsgi_app, names: tuple[str, ...]):
    """Mark a request whose Host this server was not started for, and give Flask a harmless one instead.

    Before Flask, because Flask builds its URLs from the Host: a name it cannot
    encode (300 a's) broke even the error page, into waitress's English one.
    """

    def guarded(environ, start_response):
        if not allowed_host(environ.get("HTTP_HOST", ""), names):
            environ = {**environ, "HTTP_HOST": "localhost", FOREIGN_HOST: True}
        return wsgi_app(environ, start_response)

    return guarded


def _known_host():
    """Refuse a Host this server was not started for: a rebound name must not reach a page or a CSRF token.

    The static CSS and script are public and hold nothing of the plan: served, so the refusal looks like the site.
    """
    if request.environ.get(FOREIGN_HOST) and request.endpoint != "static":
        abort(400, dutch("Deze servernaam hoort niet bij de werkomgeving; gebruik het adres dat de beheerder gaf."))


def _named_folders(settings: Settings) -> dict[Path, str]:
    """The folders progress lines may name, with the words users see instead: a plan folder by its own name
    ("bron 2011", as the user made it), never by the server's path to it."""
    templates = [*template_folders(), *([settings.template.parent] if settings.template else [])]
    return {
        settings.source: settings.source.name or "bron",
        settings.output: settings.output.name or "uitvoer",
        **dict.fromkeys(templates, "sjablonen"),
    }


def _secret_key(folder: Path, output: Path) -> bytes:
    """The key that signs session cookies, owner-only beside the users file: never in the output folder people share.

    A key an older version left in the output folder is removed: it was shared with every copy of that folder.
    """
    path = folder / SECRET_FILE
    try:
        (output / SECRET_FILE).unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:
        raise PlanError(
            "de sleutel voor de sessiecookies kan hier niet worden gemaakt of gelezen; de werkomgeving moet in de map "
            "van het gebruikersbestand kunnen schrijven",
            Location(path),
        ) from None


def _security_headers(response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    if current_settings().secure_cookies:  # reached over https only: browsers must not try plain http again
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


ACCESS_LOG = logging.getLogger("jaarplan.web.access")


def _access_log(response):
    """One line per request (waitress has no access log of its own): address, user, request, status, size."""
    user = g.get("user")
    ACCESS_LOG.info(
        '%s %s "%s %s" %s %s',
        auth.client_address(),
        user.name if user else "-",
        request.method,
        logged_path(request.path),  # no query string: it is not needed, and nothing secret can slip in with it
        response.status_code,
        response.content_length if response.content_length is not None else "-",
    )
    return response


def logged_path(path: str) -> str:
    """The path as sent, percent-encoded again: a decoded %0A would start a forged log line."""
    return quote(path, safe="/:@!$&'()*+,;=-._~")


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
    back = ("overview.page", "Terug naar het overzicht")
    if error.code == 413:  # only an upload is ever that large: say the limit, and lead back to where it was
        limit = dutch_size(current_settings().max_upload_bytes)
        detail = f"Een werkmap mag hoogstens {limit} zijn; kies de werkmap (.xlsx) en plaats die opnieuw."
        back = ("workbook.page", "Terug naar de werkmap")
    return render_template("fout.html", code=error.code, text=text, detail=detail, back=back), error.code


def _job_limit_page(error: JobLimit):
    """One long job per user at a time: a second waits for the first, so nobody fills the server."""
    detail = (
        "U hebt al een taak die loopt of wacht; per persoon loopt er één tegelijk. Start een nieuwe als die klaar is."
    )
    page = render_template("fout.html", code=429, text="Uw vorige taak loopt nog.", detail=detail, job=error.job)
    return page, 429, {"Retry-After": "10"}


def _unexpected_error_page(error: Exception):
    """A bug: the Dutch error page with the security headers; the traceback goes to the server's log only."""
    logging.getLogger("jaarplan.web").exception("fout bij %s %s", request.method, request.path)
    return render_template("fout.html", code=500, text="Er ging iets mis.", detail=""), 500


def listening_server(app: Flask, host: str, port: int):
    """A waitress server listening on ``host`` and ``port``; a PlanError when it cannot, or when --port 0 is ambiguous.

    A host of several addresses (``localhost`` as ::1 and 127.0.0.1, ``*`` as
    0.0.0.0 and ::) gets a socket on each; with --port 0 each takes its own free
    port, which one printed address cannot name, so that is refused.
    """
    import waitress

    try:
        # The proxy headers reach the app, which trusts them only from --trusted-proxy (auth.client_address) and,
        # without a login, refuses a request that came through a proxy: waitress would silently drop them.
        server = waitress.create_server(
            app, host=host, port=port, threads=8, ident="jaarplan", clear_untrusted_proxy_headers=False
        )
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
