"""Who is asking: login, roles, sessions, the CSRF token every state-changing request must carry, the logboek.

Bound to loopback without ``login_required``, the person at this PC is the
user (a bewerker), for requests from this PC only. Otherwise every page needs
a login from the users file (a session in ``sessions.SessionStore``, which
logout, a new password or role, and idleness end), or, when configured, the
user the reverse proxy names in a header: trusted only on a request from the
proxy's own address.
"""

from __future__ import annotations

import getpass
import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from jaarplan.store.logbook import record
from jaarplan.web.messages import dutch
from jaarplan.web.network import in_addresses, is_loopback
from jaarplan.web.state import logins, sessions, settings
from jaarplan.web.users import EDITOR, User, authenticate, default_initials, read_users

blueprint = Blueprint("auth", __name__)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPEN_ENDPOINTS = ("auth.login", "static")
UNKNOWN_NAME = "onbekende naam"
PROXY_HEADERS = (
    "X-Forwarded-For",
    "Forwarded",
    "X-Real-IP",
    "X-Forwarded-Proto",
    "X-Forwarded-Host",
    "X-Forwarded-Port",
    "Via",
)
EXPIRED_FORM = "Het formulier is verlopen of kwam niet van deze pagina; laad de pagina opnieuw en probeer het nog eens."


def current_user() -> User | None:
    return g.get("user")


def csrf_token() -> str:
    """The session's CSRF token, made on first use; forms carry it in a hidden field."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


@blueprint.app_context_processor
def _template_globals() -> dict[str, Any]:
    return {
        "user": current_user(),
        "login_required": settings().login_required,
        "extra_pages": [],
    }


@blueprint.before_app_request
def _identify_and_protect():
    """Find the user, refuse a state change without the session's CSRF token, ask for a login when needed."""
    g.user = _identify()
    if request.method not in SAFE_METHODS:
        sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token", "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            abort(400, dutch(EXPIRED_FORM))
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("auth.login", volgende=request.full_path if request.method == "GET" else "/"))
    return None


def _identify() -> User | None:
    config = settings()
    if config.proxy_user_header and _from_proxy() and (name := request.headers.get(config.proxy_user_header)):
        user = read_users(config.users_file).get(name)
        if user is None:
            abort(403, dutch(f"De gebruiker '{name}' staat niet in het gebruikersbestand van de werkomgeving."))
        return user
    if not config.login_required:
        if not is_loopback(request.remote_addr or "") or _through_a_proxy():  # no bewerker without login elsewhere
            abort(403, dutch("De werkomgeving is zonder inloggen alleen op deze pc te gebruiken."))
        name = getpass.getuser()
        return User(name, EDITOR, default_initials(name))
    session_id = session.get("sessie")
    return sessions().user_of(session_id, read_users(config.users_file)) if session_id else None


def _through_a_proxy() -> bool:
    """A request a proxy passed on: on loopback it may still come from anyone the proxy serves.

    Any header a proxy adds counts, not only the client's address: nginx's plain
    proxy_pass sends none of those, but an https proxy sends X-Forwarded-Proto.
    """
    return any(name in request.headers for name in PROXY_HEADERS)


def _from_proxy() -> bool:
    return in_addresses(request.remote_addr or "", settings().trusted_proxies)


def client_address() -> str:
    """Who is asking, by address: the proxy's X-Forwarded-For (its last entry, the one it added) when from the proxy."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and _from_proxy():
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.remote_addr or ""


def audit(action: str, what: str, who: str | None = None) -> None:
    """A line in the logboek: who did what, from which address. Never a password or a token."""
    if who is None:
        user = current_user()
        who = user.name if user else "-"
    record(settings().output, who, action, f"{what} (vanaf {client_address()})")


def editor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only a bewerker may upload, build, release or restore."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None or not user.may_edit:
            abort(403, dutch("U hebt de rol lezer: u kunt lezen en downloaden, maar niets wijzigen of bouwen."))
        return view(*args, **kwargs)

    return checked


@blueprint.route("/inloggen", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if current_user() is not None:  # already logged in (or on this PC): on to where they were going
            return redirect(_local(request.args.get("volgende", "/")), code=303)
        return render_template("inloggen.html", error="")
    name, address = request.form.get("naam", "")[:100], client_address()
    users, throttle = read_users(settings().users_file), logins()
    # A mistyped name is often a password typed in the wrong field: the shared logboek gets no unknown name.
    logged_name = name if name in users else UNKNOWN_NAME
    if wait := throttle.admit(name, address):  # counted before the password is checked: no parallel slipping past
        if throttle.refusals(name, address) == 1:  # once per wait: refusals cost nothing, the logboek must not grow
            audit("inloggen geremd", f"nog {int(wait) + 1} s wachten", who=logged_name)
        error = f"Te veel mislukte pogingen. Probeer het over {_later(wait)} opnieuw."
        return render_template("inloggen.html", error=error), 429, {"Retry-After": str(int(wait) + 1)}
    user = authenticate(users, name, request.form.get("wachtwoord", ""))
    if user is None:
        audit("inloggen mislukt", "verkeerde naam of wachtwoord", who=logged_name)
        return render_template("inloggen.html", error="Naam of wachtwoord klopt niet."), 401
    throttle.succeeded(name, address)
    _end_session()
    session["sessie"] = sessions().open(user)
    session["csrf"] = secrets.token_urlsafe(32)
    audit("inloggen", "gelukt", who=user.name)
    return redirect(_local(request.args.get("volgende", "/")), code=303)


def _later(seconds: float) -> str:
    """ "40 seconden", "1 minuut", "15 minuten": how long the login page asks to wait."""
    if seconds < 90:
        return f"{int(seconds) + 1} seconden"
    minutes = round(seconds / 60)
    return f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"


@blueprint.route("/uitloggen", methods=["POST"])
def logout():
    if current_user() is not None:
        audit("uitloggen", "sessie beëindigd")
    _end_session()
    return redirect(url_for("auth.login"), code=303)


def _end_session() -> None:
    """Forget the session on the server too: a copy of the cookie opens nothing any more."""
    if session_id := session.get("sessie"):
        sessions().close(session_id)
    session.clear()


def _local(target: str) -> str:
    """Only a path on this site to go on to after the login (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
