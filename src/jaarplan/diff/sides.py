"""The two sides of a comparison: a plan read from an archived version, a source folder or a workbook.

Used by ``jaarplan diff`` and by the progress report (what changed since a
version). A source whose version number was issued with other content is
called the "bewerkte bron", so a reader never takes it for the issued version.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jaarplan.diff.compare import PlanDiff, compare
from jaarplan.errors import PlanError, Problems
from jaarplan.model import Metadata, Plan
from jaarplan.source.check import load_plan
from jaarplan.source.fingerprint import fingerprint, issued_entry
from jaarplan.source.metadata import METADATA_FILE, is_version, read_metadata
from jaarplan.source.workbook import read_workbook
from jaarplan.store.archive import SNAPSHOT_FOLDER, Archive, archive_of


@dataclass(frozen=True)
class Side:
    """One side of a diff: the plan, how the report calls it, and its name in the redline's file name."""

    plan: Plan
    label: str  # "versie 2.3", "versie 2.4 (source)", "bewerkte bron source (nog versienummer 2.3)"
    name: str  # "versie 2.3", "bewerkte bron"
    source: str = ""  # the folder or workbook it was read from; "" for an archived version
    other_plan: bool = False  # the two sides are versions of different plans (named with title and year)
    loose: bool = False  # a workbook without plan.yaml: its metadata is made up, never compared


EDITED_SOURCE = "bewerkte bron"


def home_archive(source: Path, output: Path) -> Archive:
    """The archive whose version numbers a diff or report means: that of the plan in ``source``."""
    try:
        return archive_of(output, read_metadata(source / METADATA_FILE))
    except PlanError:
        raise PlanError(
            f"versienummers horen bij het plan in de bronmap '{source.as_posix()}', maar daar staat geen "
            "leesbare plan.yaml; geef de bronmap met --source"
        ) from None


def load_side(
    spec: str,
    output: Path,
    source: Path = Path("source"),
    progress: Callable[[str], None] | None = None,
    *,
    shown_as: str | None = None,
) -> Side:
    """One side of a diff: a version number is one of the plan in ``source``; else a folder or workbook.

    A source that carries an issued number with other content is the "bewerkte bron".
    ``progress`` hears how the reading of a large plan goes, as for a build. ``shown_as``
    names a folder or workbook in the labels instead of its path (the werkomgeving's "huidige werkmap":
    where the server keeps its files is not its users' business).
    """
    path = Path(spec)
    if is_version(spec) and not path.exists():
        archive = home_archive(source, output)
        if progress is not None:
            progress(f"Versie {spec} lezen uit het archief ...")
        plan = load_plan(archive.source(spec), progress, allow_changed_issue=True).plan
        return Side(plan, f"versie {spec}", f"versie {spec}")
    if progress is not None:
        progress(f"Lezen: {shown_as or path.as_posix()} ...")  # the werkomgeving's users see no server path
    if path.is_dir():
        plan = load_plan(path, progress).plan
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        plan = _workbook_plan(path)
        if not (path.parent / METADATA_FILE).is_file():  # no version of its own: say what it is
            where = path.as_posix()
            label = f"werkmap {where} (zonder {METADATA_FILE}, dus zonder versie)"
            return Side(plan, label, f"werkmap {path.stem}", where, loose=True)
    else:
        raise PlanError(
            f"'{spec}' is geen versie uit het archief ({output.as_posix()}/archief), geen bronmap en geen werkmap"
        )
    version = plan.metadata.version
    shown = shown_as or path.as_posix()
    side = Side(plan, f"versie {version} ({shown})", f"versie {version}", shown)
    return _edited(side) if _edited_since_issued(plan, output) else side


def _edited_since_issued(plan: Plan, output: Path) -> bool:
    """True when ``plan`` carries a number that was issued (fingerprint or archive) with other content."""
    entry = issued_entry(plan.metadata)
    if entry is not None and entry.fingerprint and not plan.metadata.is_concept:
        return entry.fingerprint != fingerprint(plan)
    archive = archive_of(output, plan.metadata)
    if not (archive.folder(plan.metadata.version) / SNAPSHOT_FOLDER).is_dir() or not archive.owns(
        plan.metadata.version
    ):
        return False
    issued = load_plan(archive.source(plan.metadata.version), allow_changed_issue=True).plan
    return _differs(issued, plan)


def _differs(old: Plan, new: Plan) -> bool:
    return _has_changes(compare(old, new, "", ""))


def _has_changes(changes: PlanDiff) -> bool:
    return changes.has_changes


def matched_sides(old: Side, new: Side) -> tuple[Side, Side]:
    """A loose workbook takes the other side's metadata, so only what the workbooks hold is compared."""
    if old.loose != new.loose:
        old, new = (_with_metadata_of(new, old), new) if old.loose else (old, _with_metadata_of(old, new))
    return old, new


def named_sides(old: Side, new: Side, changes: PlanDiff | None = None) -> tuple[Side, Side]:
    """Two sides that carry the same number but differ: the source one is the "bewerkte bron".

    The sides are ``matched_sides`` first. ``changes``: those two plans compared, when the caller has
    done so already (``diff``: comparing two plans of 20,000 rows takes a second or more; once is enough).
    """
    old, new = matched_sides(old, new)
    if old.name != new.name:
        return old, new
    if not (_differs(old.plan, new.plan) if changes is None else _has_changes(changes)):
        return old, new
    if new.source:
        return old, _edited(new)
    return _edited(old), new


def same_plan(one: Metadata, other: Metadata) -> bool:
    """Two versions of one plan: the same kenmerk, or (made before kenmerken) the same title and year."""
    if one.plan_id or other.plan_id:
        return one.plan_id == other.plan_id
    return (one.title, one.year) == (other.title, other.year)


def across_plans(old: Side, new: Side) -> tuple[Side, Side]:
    """Sides of two different plans, each named with title and year ("Gezamenlijk jaarplan 2010 versie 2.2")."""
    if same_plan(old.plan.metadata, new.plan.metadata):
        return old, new

    def named(side: Side) -> Side:
        title = side.plan.metadata.full_title
        return replace(side, label=f"{title} {side.label}", name=f"{title} {side.name}", other_plan=True)

    return named(old), named(new)


def _with_metadata_of(other: Side, loose: Side) -> Side:
    return replace(loose, plan=replace(loose.plan, metadata=other.plan.metadata))


def _edited(side: Side) -> Side:
    label = f"{EDITED_SOURCE} {side.source} (nog versienummer {side.plan.metadata.version})"
    return replace(side, label=label, name=EDITED_SOURCE)


def _workbook_plan(path: Path) -> Plan:
    """A plan from a workbook alone; plan.yaml beside it gives the metadata, if it is there."""
    problems = Problems()
    texts = read_workbook(path, problems)
    problems.raise_if_errors()
    metadata_file = path.parent / METADATA_FILE
    if metadata_file.is_file():
        metadata = read_metadata(metadata_file)
    else:
        today = datetime.date.today()
        metadata = Metadata("Jaarplan", today.year, "", "0.0", today, "", "concept")  # never shown as its version
    return Plan(metadata, texts.chapters, texts.themes, texts.footnotes, texts.indicators)
