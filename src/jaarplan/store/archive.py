"""Issued versions, kept for good: ``output/archief/<kenmerk>/versie-2.3/``, one archive per plan.

A plan is known by the ``kenmerk`` that ``jaarplan new`` and ``import`` write
into its plan.yaml; its versions live under ``archief/<kenmerk>/``, so two plan
years sharing an output folder never see each other's versions. A plan made
before kenmerken (the 2010 plan of this repository) has none: its versions stay
where they always were, ``archief/versie-2.2/``, and are told from other such
plans by their history: an archived version is this plan's when its Versiebeheer
line (number, date, author, fingerprint where both have one) is in this plan's
plan.yaml, so correcting the title or year keeps the archive. Nothing is moved.

Each folder holds the documents as sent, the source as it was (``bron/``:
workbook and plan.yaml) and ``SHA256SUMS`` in the format ``sha256sum -c``
reads. A folder is written once, under a temporary name and renamed into
place, and never changed after; the one later addition is ``aanbieding/``
(``store/offers.py``), the package the raad received, with its own record
and checksums, outside ``SHA256SUMS``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jaarplan.errors import Location, PlanError, Reason
from jaarplan.model import Metadata, VersionEntry
from jaarplan.source.lifecycle import version_key
from jaarplan.source.metadata import METADATA_FILE, read_metadata
from jaarplan.source.workbook import WORKBOOK_FILE

ARCHIVE_FOLDER = "archief"
SNAPSHOT_FOLDER = "bron"
MANIFEST = "SHA256SUMS"
OFFER_FOLDER = "aanbieding"  # what ``jaarplan aanbieden`` sent to the raad (``store/offers.py``): added later, apart


STAGING_PREFIX = ".versie-"


@dataclass(frozen=True)
class Archive:
    """The issued versions of one plan in an output folder (``archive_of``)."""

    root: Path  # output/archief/<kenmerk>, or output/archief for a plan without kenmerk
    history: tuple[VersionEntry, ...] = ()  # for a plan without kenmerk: only versions issued in this history are its

    @property
    def shared(self) -> bool:
        """A plan made before kenmerken: its archive folder may hold other such plans' versions too."""
        return self.root.name == ARCHIVE_FOLDER

    def folder(self, version: str) -> Path:
        return self.root / f"versie-{version}"

    def versions(self) -> list[str]:
        """This plan's archived versions, oldest first (2.9 before 2.10)."""
        found = [match.group(1) for folder in self.root.glob("versie-*") if (match := _VERSION.fullmatch(folder.name))]
        return sorted((version for version in found if self.owns(version)), key=version_key)

    def owns(self, version: str) -> bool:
        """Whether ``versie-<version>`` here is this plan's (always, in a plan's own folder)."""
        if not self.shared:
            return True
        try:
            issued = read_metadata(self.folder(version) / SNAPSHOT_FOLDER / METADATA_FILE)
        except PlanError:
            return True  # unreadable (damaged, or made by hand): shown, so that its damage is seen
        if issued.plan_id:
            return False
        archived = next((entry for entry in issued.history if entry.version == version), None)
        own = next((entry for entry in self.history if entry.version == version), None)
        return archived is not None and own is not None and _same_issue(archived, own)

    def source(self, version: str) -> Path:
        """The ``bron/`` folder of an archived version, or a PlanError that lists this plan's versions."""
        folder = self.folder(version) / SNAPSHOT_FOLDER
        if not folder.is_dir() or not self.owns(version):
            known = ", ".join(self.versions()) or "nog geen"
            raise PlanError(
                f"versie {version} staat niet in het archief van dit plan (gearchiveerde versies: {known})",
                Location(self.root),
                reason=Reason.NOT_FOUND,
            )
        return folder

    def document(self, version: str) -> Path | None:
        """The .docx of an archived version, if that version is archived."""
        if not self.owns(version):
            return None
        return next(iter(sorted(self.folder(version).glob("*.docx"))), None)


_VERSION = re.compile(r"versie-(\d+\.\d+)")


def _same_issue(archived: VersionEntry, own: VersionEntry) -> bool:
    """One Versiebeheer line, as archived and as in a plan.yaml: the same issue (a title may be corrected later)."""
    if archived.fingerprint and own.fingerprint and archived.fingerprint != own.fingerprint:
        return False
    return archived.date == own.date and archived.author == own.author


def archive_of(output: Path, metadata: Metadata) -> Archive:
    """The archive of the plan ``metadata`` describes, in ``output``."""
    if metadata.plan_id:
        return Archive(output / ARCHIVE_FOLDER / metadata.plan_id)
    return Archive(output / ARCHIVE_FOLDER, tuple(metadata.history))


def stale_staging(archive: Archive) -> list[Path]:
    """Folders of an archiving that never finished (its process was killed before the rename)."""
    return sorted(path for path in archive.root.glob(f"{STAGING_PREFIX}*") if path.is_dir())


def archive_version(archive: Archive, version: str, documents: list[Path], source: Path) -> Path:
    """Archive ``documents`` and the source files that made them as ``versie-<version>``.

    The folder appears whole or not at all: it is filled under a hidden name
    and renamed into place, the moment a release is done.
    """
    folder = archive.folder(version)
    if folder.exists():
        raise PlanError(f"versie {version} staat al in het archief en wordt niet overschreven", Location(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{version}-", dir=folder.parent))
    try:
        for document in documents:
            shutil.copy2(document, staging / document.name)
        (staging / SNAPSHOT_FOLDER).mkdir()
        for name in (WORKBOOK_FILE, METADATA_FILE):
            shutil.copy2(source / name, staging / SNAPSHOT_FOLDER / name)
        write_manifest(staging)
        _rename(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder


RENAME_WAITS = (0.1, 0.25, 0.5, 1.0, 2.0)  # seconds; a virus scanner or indexer lets go within about that


def _rename(staging: Path, folder: Path) -> None:
    """Rename the finished archive folder into place, retried while Windows says another program holds it.

    On Windows Defender or the search indexer may still have a file of the
    fresh folder open (WinError 5 or 32); that passes in a moment.
    """
    for wait in (*RENAME_WAITS, None):
        try:
            os.rename(staging, folder)
            return
        except PermissionError:
            if wait is None:
                raise PlanError(
                    f"het archief van versie {folder.name.removeprefix('versie-')} kon niet op zijn plaats worden "
                    "gezet: een ander programma (een virusscanner, de zoekindex of de Verkenner) houdt de map vast; "
                    "er is niets uitgegeven, probeer het over een minuut opnieuw",
                    Location(folder.parent),
                ) from None
            time.sleep(wait)


def add_missing(folder: Path, documents: list[Path]) -> list[Path]:
    """Add documents the archive lacks (a PDF made after the first build); never replaces one it has."""
    added = []
    for document in documents:
        if not (folder / document.name).exists():
            shutil.copy2(document, folder / document.name)
            added.append(folder / document.name)
    if added:
        write_manifest(folder)
    return added


def write_manifest(folder: Path) -> None:
    lines = [f"{file_sha256(path)}  {path.relative_to(folder).as_posix()}" for path in _files(folder)]
    (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")


def verify(folder: Path) -> list[str]:
    """What is wrong with an archived version (Dutch, one line each); empty when every file is intact."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return [f"{MANIFEST} ontbreekt"]
    listed = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    problems = []
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} ontbreekt")
        elif file_sha256(path) != digest:
            problems.append(f"{name} is gewijzigd (SHA-256 klopt niet)")
    for path in _files(folder):
        if path.relative_to(folder).as_posix() not in listed:
            problems.append(f"{path.relative_to(folder).as_posix()} staat niet in {MANIFEST}")
    return problems


def _files(folder: Path) -> list[Path]:
    """The files ``SHA256SUMS`` covers: all but itself and the offer's folder, which has its own record."""
    offered = folder / OFFER_FOLDER
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.name != MANIFEST and not path.is_relative_to(offered)
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (an archived PDF may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
