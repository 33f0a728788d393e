"""Versions: issue one (``release``) and tell what changed between two (``diff``).

A release sets the next number, today's date, author and description in
plan.yaml, marks the plan definitief, builds it and archives it. A diff
compares two plans as data (an archived version, a source folder or a
workbook) and writes the redline: the new plan with tracked changes.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from jaarplan.commands.build import BuildResult, build, load_working, output_name, paginate_document
from jaarplan.diff.compare import PlanDiff, compare
from jaarplan.diff.redline import finish_revisions, merged_plan
from jaarplan.diff.sides import across_plans, load_side, matched_sides, named_sides
from jaarplan.errors import Location, PlanError, Problem, Severity
from jaarplan.model import DEFAULT_SOURCE, Metadata, Plan, VersionEntry
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.progress import Counter
from jaarplan.source.check import Checked, load_plan
from jaarplan.source.fingerprint import fingerprint
from jaarplan.source.lifecycle import allowed_numbers, issued_like, last_issued, release_number
from jaarplan.source.metadata import METADATA_FILE, checked_initials, write_metadata
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.store import logbook
from jaarplan.store.archive import SNAPSHOT_FOLDER, Archive, archive_of, archive_version
from jaarplan.store.files import check_replaceable, write_atomically
from jaarplan.store.recovery import begin_release, end_release, finish_interrupted_release
from jaarplan.text import dutch_number
from jaarplan.word.render import render_document


def release(
    source: Path,
    output: Path,
    template: Path | None = None,
    *,
    author: str,
    description: str,
    version: str | None = None,
    today: datetime.date | None = None,
    progress: Callable[[str], None] = lambda message: None,
    office: Office | None = None,
    who: str = "",
) -> BuildResult:
    """Issue the working concept in ``source`` as a new definitief version and archive it.

    All or nothing, also when the process is killed: the version is built from
    a copy of the source that carries the new plan.yaml, archived (a rename,
    the moment it exists), and only then is plan.yaml itself replaced and are
    the documents put in ``output``; ``store.recovery`` finishes a release that
    was killed after the rename. Refused before anything is written: a number
    that does not follow (``source.lifecycle``), and a plan identical to the
    last issued version; a document in ``output`` that cannot be replaced (open
    in Word) is found before the archive. After the archive a delivery that
    fails is a warning: the version is issued, and a later build delivers it.
    The logboek records who (``who``, else the OS account) issued what.
    ``office``: a LibreOffice kept running by the caller.
    """
    who = who or getpass.getuser()
    for line in finish_interrupted_release(source, output, who):
        progress(f"WAARSCHUWING  {line}")
    checked, new_version, archive = _planned(source, output, version)
    plan = checked.plan
    current = plan.metadata
    author = checked_initials(author)
    date = today or datetime.date.today()
    entry = VersionEntry(new_version, date, author, " ".join(description.split()))
    issued = replace(
        current, version=new_version, date=date, author=author, status="definitief", history=[*current.history, entry]
    )
    # The fingerprint of the content as issued makes the version a fact of the plan, whatever the output folder.
    issued.history[-1] = replace(entry, fingerprint=fingerprint(replace(plan, metadata=issued)))
    last = last_issued(current)
    before = f"{last.version} was de vorige" if last else "de eerste uitgave van dit plan"
    progress(f"Versie {new_version} uitgeven ({before}) ...")
    with tempfile.TemporaryDirectory(prefix="jaarplan-release-") as work:
        staged = Path(work) / "bron"
        staged.mkdir()
        shutil.copy2(source / WORKBOOK_FILE, staged / WORKBOOK_FILE)
        write_metadata(issued, staged / METADATA_FILE)
        with_pdf = pdf.find_soffice() is not None
        if not with_pdf:
            progress(f"WAARSCHUWING  zonder PDF: {pdf.NOT_INSTALLED}")
        built = build(
            staged,
            Path(work) / "uit",
            template,
            with_pdf=with_pdf,
            paginate=True,
            progress=lambda line: progress(line.replace(str(staged), str(source))),  # the user's folder, not ours
            office=office,
            archive=False,
        )
        documents = [path for path in (built.document, built.pdf) if path]
        for document in documents:
            check_replaceable(output / document.name)  # Word holding it: refused while nothing is issued yet
        begin_release(source, new_version)
        try:
            folder = archive_version(archive, new_version, documents, staged)  # from here on, the version exists
        except BaseException:
            end_release(source)  # not archived: nothing to finish
            raise
        write_atomically(source / METADATA_FILE, lambda path: shutil.copyfile(staged / METADATA_FILE, path))
        end_release(source)
        logbook.record(output, who, "release", f"versie {new_version}: {entry.description}")
        warnings = list(checked.warnings)  # at the user's files, not at the staged copy
        delivered = [_deliver(folder / document.name, output, new_version, warnings) for document in documents]
    return replace(
        built,
        warnings=warnings,
        document=delivered[0],
        pdf=delivered[1] if len(delivered) > 1 else None,
        archive=folder,
    )


def release_numbers(metadata: Metadata) -> tuple[str, ...]:
    """The numbers ``release`` accepts now for this plan (the next minor and the next major)."""
    return allowed_numbers(metadata)


@dataclass(frozen=True)
class ReleasePreview:
    """What ``release`` would do now: the number it issues and what changed since the last issued version."""

    plan: Plan  # the working concept
    number: str
    last: VersionEntry | None
    changes: PlanDiff | None  # None when there is no earlier version to compare with


def release_preview(source: Path, output: Path, version: str | None = None) -> ReleasePreview:
    """The release ``release`` would make, for a person to confirm first; refusals as PlanErrors, nothing written."""
    checked, number, archive = _planned(source, output, version)
    plan = checked.plan
    last = last_issued(plan.metadata)
    changes = None
    if last is not None and last.version in archive.versions():
        issued = load_plan(archive.source(last.version), allow_changed_issue=True).plan
        changes = compare(issued, plan, f"versie {last.version}", f"versie {number}")
    return ReleasePreview(plan, number, last, changes)


def nothing_to_release(plan: Plan, output: Path) -> str:
    """Why no number would do for ``release`` now, in Dutch: the checked ``plan`` is the last issued version.

    "" when there is something new. The Versies page says this instead of offering a number its
    confirmation then refuses. Costs a fingerprint of the plan: the werkomgeving caches it.
    """
    try:
        _check_changed(plan, archive_of(output, plan.metadata))
    except PlanError as error:
        return error.message
    return ""


def _planned(source: Path, output: Path, version: str | None) -> tuple[Checked, str, Archive]:
    """The checked working concept, the number it is issued under and its plan's archive; refusals before any work."""
    checked = load_working(source, output)
    plan = checked.plan
    number = release_number(plan.metadata, version)
    archive = archive_of(output, plan.metadata)
    _check_not_issued(number, plan.metadata, archive, source)
    _check_changed(plan, archive)
    return checked, number, archive


def _deliver(document: Path, output: Path, version: str, warnings: list[Problem]) -> Path:
    """Put an issued document in ``output`` (a concept of the same number there is replaced).

    The version is issued already: when the file cannot be replaced, that is
    a warning and the archived copy is the document; a later build delivers it.
    """
    target = output / document.name
    try:
        write_atomically(target, lambda path: shutil.copyfile(document, path))
    except PlanError:
        warnings.append(
            Problem(NOT_DELIVERED.format(version=version, name=document.name), Location(target), Severity.WARNING)
        )
        return document
    return target


NOT_DELIVERED = (
    "versie {version} is uitgegeven en gearchiveerd, maar {name} in de uitvoermap kon niet worden vervangen (is het "
    "nog geopend in Word of een PDF-lezer?); sluit het document en bouw opnieuw, dan komt de definitieve versie daar"
)


def _check_not_issued(new_version: str, current: Metadata, archive: Archive, source: Path) -> None:
    folder = archive.folder(new_version)
    if folder.exists() or any(entry.version == new_version for entry in current.history):
        raise PlanError(
            f"versie {new_version} is al uitgegeven en wordt niet opnieuw gemaakt",
            Location(folder) if folder.exists() else Location(source / METADATA_FILE),
        )


def _check_changed(plan: Plan, archive: Archive) -> None:
    """Refuse to issue the same content again as the last issued version."""
    last = last_issued(plan.metadata)
    if last is None:
        return
    if last.fingerprint:
        same = fingerprint(issued_like(plan, last)) == last.fingerprint
    elif (archive.folder(last.version) / SNAPSHOT_FOLDER).is_dir():
        issued = load_plan(archive.source(last.version), allow_changed_issue=True).plan
        changes = compare(issued, plan, "", "")
        same = not changes.has_changes
    else:
        return  # nothing to compare with
    if same:
        raise PlanError(
            f"de bron is gelijk aan versie {last.version}, die al is uitgegeven; er is niets nieuws om uit te "
            "geven (wijzig eerst de werkmap of plan.yaml)",
            Location(archive.folder(last.version)) if archive.folder(last.version).exists() else None,
        )


# --- diff ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffResult:
    diff: PlanDiff
    redline: Path


def diff(
    old_spec: str,
    new_spec: str,
    output: Path,
    template: Path | None = None,
    *,
    source: Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
    office: Office | None = None,
    shown_names: Mapping[str, str] | None = None,
    into: Path | None = None,
) -> DiffResult:
    """Compare two plans and write the redline .docx into ``output``.

    Each side is a version number of the plan in ``source`` (its archive in
    ``output``), a source folder or a workbook. Without ``source`` a version
    number is one of the plan of the folder on the other side (else of ``source/``). Two
    sides of different plans are compared as asked, and the redline's title
    says so. ``office``: a LibreOffice kept running by the caller, as for ``build``.
    ``shown_names``: what the labels call a side given as a path (``sides.load_side``'s ``shown_as``).
    ``into``: the folder for the redline, when not ``output`` (``aanbieden`` puts it in its package).
    """
    home = source or next((Path(spec) for spec in (new_spec, old_spec) if Path(spec).is_dir()), DEFAULT_SOURCE)
    names = shown_names or {}
    sides = matched_sides(
        load_side(old_spec, output, home, progress, shown_as=names.get(old_spec)),
        load_side(new_spec, output, home, progress, shown_as=names.get(new_spec)),
    )
    progress(f"Vergelijken: {sides[0].label} met {sides[1].label} ...")
    result = compare(sides[0].plan, sides[1].plan, "", "")  # once: it also tells whether same-numbered sides differ
    old, new = across_plans(*named_sides(*sides, result))
    result = replace(result, old_label=old.label, new_label=new.label)
    title = f"Wijzigingen van {old.label} naar {new.label}"
    if old.other_plan:
        title += " (twee verschillende plannen)"
    merged, part_revisions = merged_plan(old.plan, new.plan, title)
    rows = sum(len(goal.rows) for theme in merged.themes for goal in theme.goals)
    progress(f"Document met wijzigingen opbouwen: {dutch_number(rows)} matrixregels ...")
    written = Counter(progress, "matrixregels geschreven")
    document = render_document(merged, template, written)  # finish_revisions marks rows, also those kept apart
    finish_revisions(document, part_revisions, datetime.datetime.now(datetime.UTC))
    target = (into or output) / redline_name(merged, old.name, new.name)
    soffice = pdf.find_soffice()
    if soffice is not None:
        with tempfile.TemporaryDirectory(prefix="jaarplan-") as work, contextlib.ExitStack() as stack:
            office = office or stack.enter_context(Office(soffice))
            paginate_document(document, soffice, Path(work) / "redline.docx", progress, office)
    write_atomically(target, document.save)
    return DiffResult(result, target)


def redline_name(plan: Plan, old_name: str, new_name: str) -> str:
    """E.g. "Gezamenlijk jaarplan 2010 - wijzigingen versie 2.3 → bewerkte bron.docx"."""
    return output_name(plan).split(" - versie ")[0] + f" - wijzigingen {old_name} → {new_name}.docx"
