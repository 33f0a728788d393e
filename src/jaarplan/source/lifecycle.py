"""A plan's version lifecycle: concept → definitief → the next concept.

The numbers follow from ``versies`` in plan.yaml, never from a hand edit:

- a new plan's concepts are 0.x; its first issue is 1.0;
- an edit after an issued version (2.2) is the next concept (2.3): built
  marked CONCEPT, without touching plan.yaml, while 2.2 stays as issued;
- ``release`` issues the working concept under its own number: the next
  minor (2.3) or, asked for, the next major (3.0); nothing lower, nothing
  skipped, and never the same content as the last issued version again.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from jaarplan.errors import PlanError
from jaarplan.model import Metadata, Plan, VersionEntry

FIRST_ISSUE = "1.0"
# More digits than any plan will need, few enough that a typing slip ("99999999999999999999.1") is refused.
MAX_PART_DIGITS = 4


def version_key(version: str) -> tuple[int, ...]:
    """2.9 before 2.10: numbers compared part by part."""
    return tuple(int(part) for part in version.split("."))


def next_minor(version: str) -> str:
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


def next_major(version: str) -> str:
    return f"{int(version.split('.')[0]) + 1}.0"


def last_issued(metadata: Metadata) -> VersionEntry | None:
    """The highest issued version in ``versies``; None for a plan never issued."""
    return max(metadata.history, key=lambda entry: version_key(entry.version), default=None)


def is_issued(metadata: Metadata) -> bool:
    """Whether the plan's own number was issued (it has a line in ``versies``)."""
    return any(entry.version == metadata.version for entry in metadata.history)


def working_metadata(plan: Plan, changed_since_issue: bool, today: datetime.date | None = None) -> Metadata | None:
    """The metadata of the next concept, when the plan is one; None when the plan is what plan.yaml says.

    It is one when plan.yaml still names an issued version but the plan is no
    longer that version: its content changed (``changed_since_issue``), or its
    status was set back to concept. The number is the next minor of the last
    issued version; date today.
    """
    metadata = plan.metadata
    last = last_issued(metadata)
    if last is None or not is_issued(metadata) or not (changed_since_issue or metadata.is_concept):
        return None
    return replace(metadata, version=next_minor(last.version), status="concept", date=today or datetime.date.today())


def allowed_numbers(metadata: Metadata) -> tuple[str, ...]:
    """The numbers the next release may take: the next minor and the next major (1.0 for a new plan)."""
    last = last_issued(metadata)
    if last is None:
        return (FIRST_ISSUE,)
    return (next_minor(last.version), next_major(last.version))


def release_number(metadata: Metadata, requested: str | None) -> str:
    """The number ``release`` issues: ``requested`` (--version) or the working concept's own number.

    Refused (a PlanError, before anything is written): no version number, a
    lower or equal one, one that skips numbers, an absurdly long one.
    """
    allowed = allowed_numbers(metadata)
    options = " of ".join(allowed)
    if requested is not None:
        requested = requested.strip()
        if not re.fullmatch(r"\d+\.\d+", requested) or any(
            len(part) > MAX_PART_DIGITS for part in requested.split(".")
        ):
            raise PlanError(f"'{requested}' is geen bruikbaar versienummer; de volgende versie is {options}")
        requested = ".".join(str(int(part)) for part in requested.split("."))
        if requested in allowed:
            return requested
        last = last_issued(metadata)
        if last is not None and version_key(requested) <= version_key(last.version):
            raise PlanError(
                f"versie {requested} is niet hoger dan de laatst uitgegeven versie {last.version}; "
                f"de volgende versie is {options}"
            )
        raise PlanError(f"versie {requested} slaat nummers over; de volgende versie is {options}")
    own = metadata.version
    if not is_issued(metadata) and own in allowed:
        return own
    if last_issued(metadata) is None and own.startswith("0."):
        return FIRST_ISSUE  # a new plan's concepts are 0.x
    if not is_issued(metadata):
        raise PlanError(
            f"versie {own} in plan.yaml volgt niet op de laatst uitgegeven versie; de volgende versie is {options} "
            "(zet dat nummer in plan.yaml, of kies het als versienummer bij het uitgeven)"
        )
    return allowed[0]


def issued_like(plan: Plan, entry: VersionEntry) -> Plan:
    """``plan`` with the metadata it would carry as the issued ``entry``, for comparing fingerprints."""
    history = [item for item in plan.metadata.history if version_key(item.version) <= version_key(entry.version)]
    metadata = replace(
        plan.metadata, version=entry.version, date=entry.date, author=entry.author, status="definitief", history=history
    )
    return replace(plan, metadata=metadata)
