"""Issued versions, kept for good: ``output/archief/versie-2.3/``.

Each folder holds the documents as sent, the source as it was (``bron/``:
workbook and plan.yaml) and ``SHA256SUMS`` in the format ``sha256sum -c``
reads. A folder is written once, under a temporary name and renamed into
place, and never changed after.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from jaarplan.errors import Location, PlanError, Reason
from jaarplan.source.metadata import METADATA_FILE
from jaarplan.source.workbook import WORKBOOK_FILE

ARCHIVE_FOLDER = "archief"
SNAPSHOT_FOLDER = "bron"
MANIFEST = "SHA256SUMS"


def archive_folder(output: Path, version: str) -> Path:
    return output / ARCHIVE_FOLDER / f"versie-{version}"


def archived_versions(output: Path) -> list[str]:
    """The versions in the archive, oldest first (2.9 before 2.10)."""
    folders = (output / ARCHIVE_FOLDER).glob("versie-*")
    versions = [match.group(1) for folder in folders if (match := re.fullmatch(r"versie-(\d+\.\d+)", folder.name))]
    return sorted(versions, key=version_key)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def archive_version(output: Path, version: str, documents: list[Path], source: Path) -> Path:
    """Archive ``documents`` and the source files that made them as ``versie-<version>``."""
    folder = archive_folder(output, version)
    if folder.exists():
        raise PlanError(f"versie {version} staat al in het archief en wordt niet overschreven", Location(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".versie-{version}-", dir=folder.parent))
    try:
        for document in documents:
            shutil.copy2(document, staging / document.name)
        (staging / SNAPSHOT_FOLDER).mkdir()
        for name in (WORKBOOK_FILE, METADATA_FILE):
            shutil.copy2(source / name, staging / SNAPSHOT_FOLDER / name)
        write_manifest(staging)
        os.rename(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder


def archived_document(output: Path, version: str) -> Path | None:
    """The .docx of an archived version, if that version is archived."""
    return next(iter(sorted(archive_folder(output, version).glob("*.docx"))), None)


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
    lines = [f"{_sha256(path)}  {path.relative_to(folder).as_posix()}" for path in _files(folder)]
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
        elif _sha256(path) != digest:
            problems.append(f"{name} is gewijzigd (SHA-256 klopt niet)")
    for path in _files(folder):
        if path.relative_to(folder).as_posix() not in listed:
            problems.append(f"{path.relative_to(folder).as_posix()} staat niet in {MANIFEST}")
    return problems


def archived_source(output: Path, version: str) -> Path:
    """The ``bron/`` folder of an archived version, or a PlanError that lists what is archived."""
    folder = archive_folder(output, version) / SNAPSHOT_FOLDER
    if not folder.is_dir():
        known = ", ".join(archived_versions(output)) or "nog geen"
        raise PlanError(
            f"versie {version} staat niet in het archief (gearchiveerde versies: {known})",
            Location(output / ARCHIVE_FOLDER),
            reason=Reason.NOT_FOUND,
        )
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
