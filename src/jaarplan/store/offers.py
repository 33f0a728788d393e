"""That and when a version was offered to the college and the raad, and the files they received.

``jaarplan aanbieden`` keeps them in the archived version's own folder,
``versie-X.Y/aanbieding/``: the package's documents as first made and
``aangeboden.json``, the record: the version the raad had before (``sinds``),
the letter's texts and date, every time the version was offered (when, by
whom) and the SHA-256 of each kept file. The archive, not the package in the
output folder, is the record, so it survives a reinstall and a deleted
package, and "the version the raad last received" is the newest offered one.

LibreOffice's PDFs differ byte for byte at every export (a creation time, a
document id), so offering a version again reuses the kept files, and the
package comes out the same, checksum for checksum; only a letter with a new
date (or other texts) is made anew and replaces the kept one. The folder
appears whole (filled under a hidden name, then renamed); a file replaced
later and the record are written atomically, the record last.
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.source.lifecycle import version_key
from jaarplan.store.archive import OFFER_FOLDER, Archive, file_sha256
from jaarplan.store.files import write_atomically

RECORD_FILE = "aangeboden.json"


@dataclass(frozen=True)
class KeptFile:
    """A document of the package, kept in the archive: its file name, its kind ("brief", "jaarplan", …), SHA-256."""

    name: str
    kind: str
    sha256: str


@dataclass(frozen=True)
class Offering:
    """One time the version was offered: when (ISO time), by whom, and the letter's date."""

    at: str
    who: str
    letter_date: datetime.date


@dataclass(frozen=True)
class OfferRecord:
    """``aangeboden.json`` of one archived version."""

    version: str
    since: str | None  # the version the raad last received before this one; None: the first offered
    letter: dict[str, str]  # the letter's texts as sent: aan, van, contactpersoon, kenmerk_raad
    letter_date: datetime.date
    files: tuple[KeptFile, ...]
    offerings: tuple[Offering, ...] = field(default=())


def kept_folder(archive: Archive, version: str) -> Path:
    return archive.folder(version) / OFFER_FOLDER


def read_record(archive: Archive, version: str) -> OfferRecord | None:
    """The record of an offered version; None when it was never offered. A damaged record is a PlanError."""
    path = kept_folder(archive, version) / RECORD_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return OfferRecord(
            version=str(data["versie"]),
            since=data["sinds"],
            letter={key: str(value) for key, value in data["brief"].items()},
            letter_date=datetime.date.fromisoformat(data["briefdatum"]),
            files=tuple(KeptFile(item["bestand"], item["soort"], item["sha256"]) for item in data["bestanden"]),
            offerings=tuple(
                Offering(item["op"], item["door"], datetime.date.fromisoformat(item["briefdatum"]))
                for item in data["aangeboden"]
            ),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PlanError(
            f"{RECORD_FILE} van versie {version} is beschadigd en kan niet worden gelezen; herstel het uit een "
            "reservekopie, of verwijder de map aanbieding om de versie opnieuw aan te bieden als de eerste keer",
            Location(path),
        ) from None


def offered_versions(archive: Archive) -> list[str]:
    """The versions of this plan that were offered, oldest first (kept, and their package written at least once)."""
    return [version for version in archive.versions() if (record := read_record(archive, version)) and record.offerings]


def last_offered_before(archive: Archive, version: str) -> str | None:
    """The version the raad last received before ``version``: the newest offered version older than it."""
    earlier = [found for found in offered_versions(archive) if version_key(found) < version_key(version)]
    return earlier[-1] if earlier else None


def kept_problems(archive: Archive, record: OfferRecord) -> list[str]:
    """What is wrong with the kept files (Dutch, one line each); empty when each has its recorded checksum."""
    folder = kept_folder(archive, record.version)
    problems = []
    for kept in record.files:
        path = folder / kept.name
        if not path.is_file():
            problems.append(f"{kept.name} ontbreekt")
        elif file_sha256(path) != kept.sha256:
            problems.append(f"{kept.name} is gewijzigd (SHA-256 klopt niet)")
    return problems


def keep_first_offer(archive: Archive, record: OfferRecord, documents: dict[str, Path]) -> Path:
    """Keep the package's documents (file name → made file) and the record: the folder appears whole."""
    folder = kept_folder(archive, record.version)
    if folder.exists():
        raise PlanError(
            f"versie {record.version} is al aangeboden; de eerste aanbieding blijft bewaard", Location(folder)
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{OFFER_FOLDER}-", dir=folder.parent))
    try:
        for name, made in documents.items():
            shutil.copyfile(made, staging / name)
        _write_record(staging / RECORD_FILE, record)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder


def keep_new_letter(archive: Archive, record: OfferRecord, documents: dict[str, Path]) -> None:
    """Replace the kept letter (a new date or other texts), each file atomically, then the record."""
    folder = kept_folder(archive, record.version)
    for name, made in documents.items():
        write_atomically(folder / name, lambda path, made=made: shutil.copyfile(made, path))
    _write_record(folder / RECORD_FILE, record)


def record_offering(archive: Archive, record: OfferRecord) -> None:
    """Write the record again with one more time offered (``record.offerings`` holds it already)."""
    _write_record(kept_folder(archive, record.version) / RECORD_FILE, record)


def _write_record(path: Path, record: OfferRecord) -> None:
    data = {
        "versie": record.version,
        "sinds": record.since,
        "brief": record.letter,
        "briefdatum": record.letter_date.isoformat(),
        "bestanden": [{"bestand": kept.name, "soort": kept.kind, "sha256": kept.sha256} for kept in record.files],
        "aangeboden": [
            {"op": offering.at, "door": offering.who, "briefdatum": offering.letter_date.isoformat()}
            for offering in record.offerings
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda target: target.write_text(text, encoding="utf-8"))
