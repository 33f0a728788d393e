"""A release that was killed half-way is finished (or cleaned up) at the next start, and the logboek says so.

``release`` writes in this order: the documents and sources into a hidden
folder in the plan's archive, the rename of that folder into ``versie-X.Y``
(the moment the version exists), then plan.yaml, then the documents in the
output folder. A kill before the rename leaves a hidden folder, which is
removed; a kill after it leaves a complete archive that plan.yaml does not
name yet, and plan.yaml is then taken from the archive, as it was issued.
"""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path

from jaarplan.errors import PlanError
from jaarplan.source.metadata import METADATA_FILE, read_metadata
from jaarplan.store import logbook
from jaarplan.store.archive import MANIFEST, SNAPSHOT_FOLDER, STAGING_PREFIX, archive_of, stale_staging
from jaarplan.store.files import write_atomically

ACTION = "herstel"


def finish_interrupted_release(source: Path, output: Path, who: str = "") -> list[str]:
    """Finish or undo a release that was interrupted; return what was done (Dutch), each line also logged."""
    try:
        metadata = read_metadata(source / METADATA_FILE)
    except PlanError:
        return []  # the check that follows says what is wrong with plan.yaml
    who = who or getpass.getuser()
    archive = archive_of(output, metadata)
    done = []
    for folder in stale_staging(archive):
        shutil.rmtree(folder, ignore_errors=True)
        done.append(
            f"een onderbroken uitgave van versie {folder.name.removeprefix(STAGING_PREFIX).rsplit('-', 1)[0]} kwam "
            "niet in het archief en is opgeruimd; plan.yaml was nog niet gewijzigd"
        )
    issued = {entry.version for entry in metadata.history}
    for version in archive.versions():
        if version in issued:
            continue
        archived_yaml = archive.folder(version) / SNAPSHOT_FOLDER / METADATA_FILE
        try:
            archived = read_metadata(archived_yaml)
        except PlanError:
            continue
        earlier = [entry.version for entry in archived.history[:-1]]
        if archived.version != version or earlier != [entry.version for entry in metadata.history]:
            continue  # not issued from this plan.yaml: leave it to the user
        write_atomically(source / METADATA_FILE, lambda path, copy=archived_yaml: shutil.copyfile(copy, path))
        for document in archive.folder(version).glob("*.*"):
            if document.is_file() and document.name != MANIFEST:  # the issued files replace a concept of that number
                write_atomically(output / document.name, lambda path, copy=document: shutil.copyfile(copy, path))
        done.append(
            f"versie {version} was al uitgegeven en compleet gearchiveerd, maar de uitgave werd onderbroken "
            "voordat plan.yaml was bijgewerkt; plan.yaml is nu bijgewerkt uit het archief"
        )
        metadata = archived
        issued.add(version)
    for line in done:
        logbook.record(output, who, ACTION, line)
    return done
