"""Versions: issue one (``release``) and tell what changed between two (``diff``).

A release sets the next number, today's date, author and description in
plan.yaml, marks the plan definitief, builds it and archives it. A diff
compares two plans as data (an archived version, a source folder or a
workbook) and writes the redline: the new plan with tracked changes.
"""

from __future__ import annotations

import contextlib
import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jaarplan.commands.build import BuildResult, build, output_name, paginate_document
from jaarplan.diff.compare import PlanDiff, compare
from jaarplan.diff.redline import finish_revisions, merged_plan
from jaarplan.diff.sides import load_side, named_sides
from jaarplan.errors import Location, PlanError
from jaarplan.model import Metadata, Plan, VersionEntry
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.source.check import load_plan
from jaarplan.source.fingerprint import fingerprint
from jaarplan.source.metadata import METADATA_FILE, is_version, write_metadata
from jaarplan.store.archive import archive_folder, version_key
from jaarplan.store.files import write_atomically
from jaarplan.word.render import render_document


def next_version(version: str) -> str:
    """Minor + 1: 2.2 → 2.3, 2.9 → 2.10."""
    major, minor = version.split(".")
    return f"{major}.{int(minor) + 1}"


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
) -> BuildResult:
    """Issue the plan in ``source`` as a new definitief version and archive it.

    plan.yaml gets the new version, date, author, status and a line in
    ``versies``; if the build then fails, plan.yaml is put back as it was.
    ``office``: a LibreOffice kept running by the caller, as for ``build``.
    """
    plan = load_plan(source, allow_changed_issue=True).plan
    current = plan.metadata
    new_version = version or next_version(current.version)
    _check_new_version(new_version, current, output, source)
    author = author.strip()
    if not author:
        raise PlanError("geef de initialen van de auteur met --author")
    date = today or datetime.date.today()
    entry = VersionEntry(new_version, date, author, " ".join(description.split()))
    issued = replace(
        current, version=new_version, date=date, author=author, status="definitief", history=[*current.history, entry]
    )
    # The fingerprint of the content as issued makes the version a fact of the plan, whatever the output folder.
    issued.history[-1] = replace(entry, fingerprint=fingerprint(replace(plan, metadata=issued)))
    metadata_file = source / METADATA_FILE
    before = metadata_file.read_bytes()
    progress(f"Versie {new_version} uitgeven ({current.version} was de vorige) ...")
    write_atomically(metadata_file, lambda path: write_metadata(issued, path))
    try:
        with_pdf = pdf.find_soffice() is not None
        if not with_pdf:
            progress(f"WAARSCHUWING  zonder PDF: {pdf.NOT_INSTALLED}")
        return build(source, output, template, with_pdf=with_pdf, paginate=True, progress=progress, office=office)
    except BaseException:
        write_atomically(metadata_file, lambda path: path.write_bytes(before))
        raise


def _check_new_version(new_version: str, current: Metadata, output: Path, source: Path) -> None:
    where = Location(source / METADATA_FILE)
    if not is_version(new_version):
        raise PlanError(f"'{new_version}' is geen versienummer; schrijf bijvoorbeeld --version 3.0")
    folder = archive_folder(output, new_version)
    if folder.exists() or any(entry.version == new_version for entry in current.history):
        raise PlanError(
            f"versie {new_version} is al uitgegeven en wordt niet opnieuw gemaakt; kies een ander nummer met --version",
            Location(folder) if folder.exists() else where,
        )
    if version_key(new_version) < version_key(current.version):
        raise PlanError(f"versie {new_version} is lager dan de huidige versie {current.version}", where)


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
    progress: Callable[[str], None] = lambda message: None,
    office: Office | None = None,
) -> DiffResult:
    """Compare two plans and write the redline .docx into ``output``.

    Each side is a version number from ``output/archief``, a source folder or a workbook.
    ``office``: a LibreOffice kept running by the caller, as for ``build``.
    """
    old, new = named_sides(load_side(old_spec, output), load_side(new_spec, output))
    progress(f"Vergelijken: {old.label} met {new.label} ...")
    result = compare(old.plan, new.plan, old.label, new.label)
    merged, part_revisions = merged_plan(old.plan, new.plan, f"Wijzigingen van {old.label} naar {new.label}")
    document = render_document(merged, template, rows_in_tree=True)  # finish_revisions marks rows
    finish_revisions(document, part_revisions, datetime.datetime.now(datetime.UTC))
    target = output / redline_name(merged, old.name, new.name)
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
