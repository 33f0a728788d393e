"""Issued versions as facts of the plan: a content fingerprint per version in ``plan.yaml``'s ``versies``.

``jaarplan release`` records, beside the version it issues, a fingerprint of
everything the document shows (``inhoud: "sha256:…"``). ``check`` compares a
definitief plan with the fingerprint of its own version, so an edit after an
issue is known before any work is done, whatever the output folder: it is the
next concept (``source/lifecycle.py``). The archive in the output folder
(``store/archive.py``) still guards versions issued before fingerprints existed.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
from typing import Any

from jaarplan.collector import collector_paused
from jaarplan.errors import Problems
from jaarplan.model import Indicator, MatrixRow, Measurement, Metadata, Plan, VersionEntry

PREFIX = "sha256:"
# Not content: where a text came from (any field named *location*), the status, the fingerprints themselves
# and a matrix row's carried columns (an imported plan's "Trekker", a user's own "Opmerking intern"): the
# document does not show them, so a note in one never makes an issued version "changed".
LEFT_OUT = {"fingerprint"}
LEFT_OUT_OF = {
    (Metadata, "status"),
    (Metadata, "plan_id"),
    (Metadata, "offer"),
    (Metadata, "previous_year"),
    (MatrixRow, "carried"),
}
# plan_id: identity; offer: the covering letter's sender and contact (plan.yaml ``aanbieden``), not the plan;
# previous_year: where the plan came from (plan.yaml ``vorig_planjaar``), for check's reminders only
_LEAVES = frozenset((str, bool, int, float, type(None)))  # content as they are
_EMPTY = (None, "", False, [], {})  # left out
# A figure of 0 (a nulmeting, a measurement) is content, not an empty field: 0 == False would leave it out. Only for
# the indicators' classes, which came after fingerprints: elsewhere a 0 (a status's ernst) stays out as it was issued.
_ZERO_KEPT = frozenset((Indicator, Measurement))
_NUMBERS = (int, float)
CHANGED = (
    "versie {version} is uitgegeven (definitief), maar de bron heeft nu een andere inhoud dan die versie; "
    "zonder --overwrite wordt dit het concept van de volgende versie"
)
OVERWRITTEN = (
    "met --overwrite wordt versie {version} toch gebouwd, maar niet gearchiveerd (het archief houdt wat is uitgegeven)"
)


def fingerprint(plan: Plan) -> str:
    """A short SHA-256 of the plan's content, e.g. "sha256:3f2a9c…" (16 hex digits).

    Empty values are left out, so a field added to the model later with an
    empty default leaves the fingerprints of issued versions as they were: a
    plan without indicators (``Plan.indicators`` empty) keeps its fingerprint;
    with them, they are content (every field but where it was read).
    """
    with collector_paused(kept=False):
        canonical = json.dumps(_content(plan), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _content(value: Any) -> Any:
    """``value`` as JSON data: dataclasses as dicts of their content fields, empty ones left out."""
    kind = type(value)
    if kind in _LEAVES:  # most of a plan: its texts and formatting flags
        return value
    names = _content_fields(kind)
    if names is not None:
        content = {}
        for name in names:
            item = getattr(value, name)
            if type(item) not in _LEAVES:
                item = _content(item)
            if item not in _EMPTY or (kind in _ZERO_KEPT and type(item) in _NUMBERS):
                content[name] = item
        return content
    if isinstance(value, dict):
        return {str(key): _content(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_content(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@functools.cache
def _content_fields(kind: type) -> tuple[str, ...] | None:
    """The names of a model class's fields that are content; None for a type that is no dataclass.

    Looked up once per class: a 20,000-row plan has a million objects, and
    asking ``dataclasses`` for each one's fields took two seconds.
    """
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(
        field.name
        for field in dataclasses.fields(kind)
        if field.name not in LEFT_OUT and "location" not in field.name and (kind, field.name) not in LEFT_OUT_OF
    )


def issued_entry(metadata: Metadata) -> VersionEntry | None:
    """The ``versies`` entry of the plan's own version, if that version was issued."""
    return next((entry for entry in reversed(metadata.history) if entry.version == metadata.version), None)


def matches_issue(plan: Plan) -> bool:
    """False for a definitief plan whose content differs from what was issued under its number."""
    entry = issued_entry(plan.metadata)
    return plan.metadata.is_concept or entry is None or not entry.fingerprint or entry.fingerprint == fingerprint(plan)


def check_issued(plan: Plan, problems: Problems, *, warn_only: bool = False) -> bool:
    """Report a definitief plan whose content differs from what was issued under its number; False if it does.

    An error, or with ``warn_only`` a warning (``build --overwrite``: the rare
    correction of an issued version).
    """
    entry = issued_entry(plan.metadata)
    if matches_issue(plan) or entry is None:
        return True
    message = CHANGED.format(version=entry.version)
    if warn_only:
        problems.warn(message, entry.location)
    else:
        problems.error(message, entry.location)
    return False
