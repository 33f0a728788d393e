"""Who is asking: login, roles, and the CSRF token every state-changing request must carry.

Bound to loopback without ``login_required``, the person at this PC is the
user (a bewerker). Otherwise every page needs a login from the users file,
or, when configured, the user a trusted reverse proxy names in a header.
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

from jaarplan.web.messages import dutch
from jaarplan.web.state import logins, settings
from jaarplan.web.users import EDITOR, User, authenticate, default_initials, read_users

blueprint = Blueprint("auth", __name__)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPEN_ENDPOINTS = ("auth.login", "static")


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
            abort(400, dutch("Het formulier is verlopen of kwam niet van deze site (CSRF); laad de pagina opnieuw."))
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("auth.login", volgende=request.full_path if request.method == "GET" else "/"))
    return None


def _identify() -> User | None:
    config = settings()
    if config.proxy_user_header and (name := request.headers.get(config.proxy_user_header)):
        user = read_users(config.users_file).get(name)
        if user is None:
            abort(403, dutch(f"De gebruiker '{name}' staat niet in het gebruikersbestand van de werkomgeving."))
        return user
    if not config.login_required:
        name = getpass.getuser()
        return User(name, EDITOR, default_initials(name))
    name = session.get("user")
    return read_users(config.users_file).get(name) if name else None


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
        return render_template("inloggen.html", error="")
    name, address = request.form.get("naam", ""), request.remote_addr or ""
    throttle = logins()
    if wait := throttle.seconds_to_wait(name, address):
        minutes = max(1, round(wait / 60))
        later = f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
        error = f"Te veel mislukte pogingen. Probeer het over {later} opnieuw."
        return render_template("inloggen.html", error=error), 429, {"Retry-After": str(int(wait) + 1)}
    user = authenticate(read_users(settings().users_file), name, request.form.get("wachtwoord", ""))
    if user is None:
        throttle.failed(name, address)
        return render_template("inloggen.html", error="Naam of wachtwoord klopt niet."), 401
    throttle.succeeded(name)
    session.clear()
    session["user"] = user.name
    session["csrf"] = secrets.token_urlsafe(32)
    return redirect(_local(request.args.get("volgende", "/")), code=303)


@blueprint.route("/uitloggen", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"), code=303)


def _local(target: str) -> str:
    """Only a path on this site to go on to after the login (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
