"""A release that was killed half-way is finished (or cleaned up) at the next start, and the logboek says so.

``release`` writes in this order: the documents and sources into a hidden
folder in the plan's archive, a journal in the source folder (the version and
the SHA-256 of plan.yaml as it was), the rename of the hidden folder into
``versie-X.Y`` (the moment the version exists), then plan.yaml, then the
journal is removed, then the documents go to the output folder.

Only the journal says a release of *this* folder was interrupted: a kill
before the rename leaves a hidden folder, which is removed; a kill after it
leaves a complete archive, and plan.yaml is taken from it (the old one kept
as a backup) only while plan.yaml still has the hash the journal recorded, so
an edit made after the kill is never overwritten. An archived version that
plan.yaml does not name, without a journal, is only reported: it is most
likely a copied folder that shares its kenmerk (and so its archive) with the
plan that issued it.
"""

from __future__ import annotations

import getpass
import json
import shutil
from pathlib import Path

from jaarplan.errors import PlanError
from jaarplan.source.metadata import METADATA_FILE, read_metadata
from jaarplan.store import logbook
from jaarplan.store.archive import (
    MANIFEST,
    SNAPSHOT_FOLDER,
    STAGING_PREFIX,
    Archive,
    archive_of,
    file_sha256,
    stale_staging,
)
from jaarplan.store.files import keep_backup, write_atomically

ACTION = "herstel"
JOURNAL = ".jaarplan-uitgave.json"  # in the source folder, only while a release is between its archive and plan.yaml


def begin_release(source: Path, version: str) -> None:
    """Write the journal just before the archive rename: which version, and plan.yaml as it was."""
    record = {"versie": version, "plan.yaml": _sha256(source / METADATA_FILE)}
    write_atomically(source / JOURNAL, lambda path: path.write_text(json.dumps(record) + "\n", encoding="utf-8"))


def end_release(source: Path) -> None:
    """plan.yaml names the new version: the release no longer needs finishing."""
    (source / JOURNAL).unlink(missing_ok=True)


def finish_interrupted_release(source: Path, output: Path, who: str = "") -> list[str]:
    """Finish or undo a release that was interrupted; return what was done or found (Dutch); what was done is logged."""
    try:
        metadata = read_metadata(source / METADATA_FILE)
    except PlanError:
        return []  # the check that follows says what is wrong with plan.yaml
    archive = archive_of(output, metadata)
    done = []
    for folder in stale_staging(archive):
        shutil.rmtree(folder, ignore_errors=True)
        done.append(
            f"een onderbroken uitgave van versie {folder.name.removeprefix(STAGING_PREFIX).rsplit('-', 1)[0]} kwam "
            "niet in het archief en is opgeruimd; plan.yaml was nog niet gewijzigd"
        )
    journal = _read_journal(source)
    if journal is not None:
        done += _finish(source, output, archive, *journal)
        end_release(source)
    for line in done:
        logbook.record(output, who or getpass.getuser(), ACTION, line)
    return done + ([] if journal is not None else _foreign_versions(source, archive))


def _finish(source: Path, output: Path, archive: Archive, version: str, digest: str) -> list[str]:
    """Take plan.yaml and the documents of ``version`` from the archive, if plan.yaml is still as the journal says."""
    folder = archive.folder(version)
    if not (folder / MANIFEST).is_file():
        return []  # killed before the rename: nothing was issued (its hidden folder is cleaned up above)
    plan_yaml = source / METADATA_FILE
    if _sha256(plan_yaml) != digest:
        return [
            f"versie {version} is uitgegeven en gearchiveerd ({folder}), maar de uitgave werd onderbroken en "
            "plan.yaml is daarna gewijzigd; plan.yaml is daarom niet bijgewerkt. Neem de regel van versie "
            f"{version} over uit {folder / SNAPSHOT_FOLDER / METADATA_FILE}"
        ]
    backup = keep_backup(plan_yaml)
    archived_yaml = folder / SNAPSHOT_FOLDER / METADATA_FILE
    write_atomically(plan_yaml, lambda path: shutil.copyfile(archived_yaml, path))
    lines = [
        f"versie {version} was al uitgegeven en compleet gearchiveerd, maar de uitgave werd onderbroken "
        f"voordat plan.yaml was bijgewerkt; plan.yaml is nu bijgewerkt uit het archief (de vorige is bewaard als "
        f"{backup.name})"
    ]
    for document in sorted(folder.glob("*.*")):
        if document.is_file() and document.name != MANIFEST:  # the issued files replace a concept of that number
            try:
                write_atomically(output / document.name, lambda path, copy=document: shutil.copyfile(copy, path))
            except PlanError as error:
                lines.append(f"{document.name} kon niet in de uitvoermap worden gezet: {error.message}")
    return lines


def _foreign_versions(source: Path, archive: Archive) -> list[str]:
    """Archived versions plan.yaml does not name, and no release of this folder to finish: say so, touch nothing."""
    if archive.shared:
        return []  # a plan without kenmerk owns only the versions its history names
    try:
        issued = {entry.version for entry in read_metadata(source / METADATA_FILE).history}
    except PlanError:
        return []
    foreign = [version for version in archive.versions() if version not in issued]
    if not foreign:
        return []
    return [
        f"het archief van dit plan ({archive.root}) heeft versie {', '.join(foreign)}, die plan.yaml in {source} "
        "niet noemt: is deze map een kopie van een andere bronmap? Een kopie deelt het kenmerk en dus het archief; "
        "maak een eigen plan met 'jaarplan new NIEUWE-MAP --from BRONMAP' (dat krijgt een eigen kenmerk). "
        "Er is niets gewijzigd"
    ]


def _read_journal(source: Path) -> tuple[str, str] | None:
    try:
        record = json.loads((source / JOURNAL).read_text(encoding="utf-8"))
        return str(record["versie"]), str(record["plan.yaml"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return "", ""  # damaged: nothing to finish, and it is removed


def _sha256(path: Path) -> str:
    """``file_sha256``, or "" for a plan.yaml that cannot be read (it then matches no journal)."""
    try:
        return file_sha256(path)
    except OSError:
        return ""
