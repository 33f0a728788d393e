"""Publishing a built document: an issued (definitief) version is never lost.

A document whose status is *definitief* has been sent out; a rebuild that
would change it is refused unless the user asks to overwrite, and then the
old file is kept beside it as a backup. A concept may be rebuilt freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.store.files import keep_backup, move_into_place, temporary_beside
from jaarplan.word.same_document import document_status, same_content

ISSUED_VERSION = (
    "bestaat al als uitgegeven (definitieve) versie met een andere inhoud en wordt niet vervangen; een wijziging "
    "wordt een nieuwe versie (uitgeven). Alleen om deze uitgegeven versie zelf te corrigeren: bouw met "
    "--overwrite (de oude blijft dan als kopie bewaard)"
)


@dataclass(frozen=True)
class Published:
    backup: Path | None  # the replaced issued document, kept beside it
    differs_from_archive: bool  # the archived copy of this version has other content (overwrite was asked)


def publish_document(
    target: Path, write: Callable[[Path], None], *, overwrite: bool, archived: Path | None = None
) -> Published:
    """Write a .docx at ``target`` without losing an issued version.

    An existing definitief document, or the ``archived`` copy of this version,
    with other content stops the build unless ``overwrite``; then the old
    document at ``target`` is kept as a backup (the archive is never touched).
    With the same content as the archived copy, that copy is what lands at
    ``target``, byte for byte, so its checksum in ``SHA256SUMS`` holds.
    """
    with temporary_beside(target) as temporary:
        write(temporary)
        differs_from_archive = archived is not None and not same_content(temporary, archived)
        if archived is not None and not differs_from_archive:
            shutil.copyfile(archived, temporary)
        issued_here = target.exists() and document_status(target) != "concept"
        replaces_issued = issued_here and not same_content(temporary, target)
        if (replaces_issued or differs_from_archive) and not overwrite:
            raise PlanError(ISSUED_VERSION, Location(target if replaces_issued else archived))
        backup = keep_backup(target) if replaces_issued else None
        move_into_place(temporary, target)
    return Published(backup, differs_from_archive)
