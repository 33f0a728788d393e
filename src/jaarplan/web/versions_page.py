"""Versies: the Versiebeheer history with checked downloads, issuing a version, comparing two, offering one."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from jaarplan.commands.offer import TEXT_LIMITS, OfferOptions, letter_date_option
from jaarplan.commands.versions import release_numbers, release_preview
from jaarplan.commands.workspace import (
    CURRENT_SOURCE,
    archived_file,
    archived_versions,
    checked_source,
    compare_versions,
    issued_versions,
    nothing_to_release_of,
    offer_plan,
    offerable_versions,
    release_plan,
    source_tag,
)
from jaarplan.errors import PlanError, Reason
from jaarplan.model import VersionEntry
from jaarplan.source.lifecycle import last_issued
from jaarplan.source.metadata import AUTHOR_LIMIT, checked_initials
from jaarplan.web.auth import audit, current_user, editor_required
from jaarplan.web.messages import dutch
from jaarplan.web.state import jobs, office, settings

blueprint = Blueprint("versions", __name__)


@blueprint.route("/versies")
def page():
    config = settings()
    plan = checked_source(config.source).plan
    return render_template(
        "versies.html",
        plan=plan,
        versions=issued_versions(plan, config.source, config.output),
        archived=archived_versions(config.source, config.output),
        current=CURRENT_SOURCE,
        numbers=release_numbers(plan.metadata) if plan else (),
        refusal=_sentence(nothing_to_release_of(config.source, config.output)) if plan else "",
        author=_usual_author(last_issued(plan.metadata) if plan else None),
        logged_in=settings().login_required,
        offerable=offerable_versions(config.source, config.output),
        limits=TEXT_LIMITS,
    )


@blueprint.route("/versies/<version>/<kind>")
def download(version: str, kind: str):
    """An archived file by version id and kind; the whole archive folder is checked against SHA256SUMS first."""
    try:
        path = archived_file(settings().source, settings().output, version, kind)
    except PlanError as error:
        abort(404 if error.reason is Reason.NOT_FOUND else 409, dutch(error.message))  # 409: a damaged archive
    name = f"versie-{version}-{path.name}" if kind in ("werkmap", "plan") else path.name
    audit("download", f"versie {version}: {name}")
    return send_file(path, as_attachment=True, download_name=name)


@blueprint.route("/versies/uitgeven", methods=["POST"])
@editor_required
def issue():
    """First the confirmation (which number, what changed since the last issued version), then the release."""
    config, user, warm = settings(), current_user(), office()
    description = request.form.get("omschrijving", "").strip()
    version = request.form.get("versie", "").strip() or None
    author = request.form.get("auteur", "")
    seen = request.form.get("stand", "")
    if request.form.get("bevestigd") != "ja" or seen != source_tag(config.source):
        return _confirmation(description, version, author.strip(), changed_meanwhile=bool(seen))
    try:
        author = checked_initials(author)
    except PlanError as error:  # refused before anything starts: issued is for good
        return _confirmation(
            description,
            version,
            author.strip(),
            author_problem=_sentence(error.message),
        )
    job = jobs().start(
        "release",
        user.name,
        lambda job: release_plan(
            config.source,
            config.output,
            config.template,
            who=user.name,
            author=author,
            description=description,
            version=version,
            progress=job.say,
            on_wait=job.wait,
            office=warm,
        ),
    )
    return redirect(url_for("overview.job_page", job_id=job.id), code=303)


def _confirmation(
    description: str, version: str | None, author: str, *, changed_meanwhile: bool = False, author_problem: str = ""
):
    """The page that asks to confirm a release, or says why it cannot be made (nothing is written)."""
    config = settings()
    try:
        preview, refused = release_preview(config.source, config.output, version), None
    except PlanError as error:
        preview, refused = None, [dutch(problem.message) for problem in error.problems]
    return render_template(
        "uitgeven.html",
        preview=preview,
        refused=refused,
        description=description,
        author=author or _usual_author(preview.last if preview else None),
        author_problem=author_problem,
        author_limit=AUTHOR_LIMIT,
        version=version or "",
        tag=source_tag(config.source),
        changed_meanwhile=changed_meanwhile,
    ), (200 if preview else 409)


def _usual_author(last: VersionEntry | None) -> str:
    """Who the title page names: the initials of who logged in; on one's own pc, the last version's author.

    Without a login the user is only the computer's account name, whose first letter is seldom anyone's
    initials; the page asks, with the last author filled in.
    """
    if settings().login_required:
        return current_user().initials
    return last.author if last else ""


def _sentence(message: str) -> str:
    """A library message as a sentence on a page: capital first, full stop last, the CLI's terms in web words."""
    return dutch(message[:1].upper() + message[1:] + ".") if message else ""


@blueprint.route("/versies/vergelijken", methods=["POST"])
def compare():
    config, user, warm = settings(), current_user(), office()
    old, new = request.form.get("oud", ""), request.form.get("nieuw", "")
    job = jobs().start(
        "compare",
        user.name,
        lambda job: compare_versions(
            config.source, config.output, config.template, old, new, progress=job.say, office=warm
        ),
    )
    audit("vergelijken", f"{old[:40]} met {new[:40]}")  # after the start: a refused compare (429) did nothing
    return redirect(url_for("overview.job_page", job_id=job.id), code=303)


@blueprint.route("/versies/aanbieden", methods=["POST"])
@editor_required
def offer():
    """Offer an issued version to college and raad, as a job; its page links the package's .zip.

    An empty field takes the version's last letter's text, else plan.yaml's; one missing there too, or too
    long, fails the job with ``offer``'s Dutch message naming the plan.yaml key and the field.
    """
    config, user, warm = settings(), current_user(), office()
    form = request.form
    version = form.get("versie", "").strip() or None
    given = {key: form.get(key, "").strip() or None for key in ("aan", "van", "contactpersoon", "kenmerk_raad")}
    try:
        date = letter_date_option(form["datum"]) if form.get("datum", "").strip() else None
    except PlanError as error:
        abort(400, dutch(error.message))
    options = OfferOptions(
        given["aan"], given["van"], given["contactpersoon"], given["kenmerk_raad"], date, from_form=True
    )
    job = jobs().start(
        "offer",
        user.name,
        lambda job: offer_plan(
            config.source,
            config.output,
            who=user.name,
            version=version,
            options=options,
            progress=job.say,
            on_wait=job.wait,
            office=warm,
        ),
    )
    return redirect(url_for("overview.job_page", job_id=job.id), code=303)
