"""That and when a version was offered to the college and the raad, and every file they received.

``jaarplan aanbieden`` keeps them in the archived version's own folder,
``versie-X.Y/aanbieding/``: the package's documents as first made, every
letter ever made for the version, and ``aangeboden.json``, the record: the
version the raad had before (``sinds``), each letter (its number, texts,
date and files), every time the version was offered (when, by whom, with
which letter) and the SHA-256 of each kept file. The archive, not the package
in the output folder, is the record, so it survives a reinstall and a deleted
package, and "the version the raad last received" is the newest offered one.

LibreOffice's PDFs differ byte for byte at every export (a creation time, a
document id), so offering a version again reuses the kept files, and the
package comes out the same, checksum for checksum. A letter that was sent is
never replaced: a letter with another date or other texts is kept beside the
earlier ones (``raadsinformatiebrief-2.docx``, …), and the package takes the
one asked for. The folder appears whole (filled under a hidden name, then
renamed); a letter added later and the record are written atomically, the
record last.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.source.lifecycle import version_key
from jaarplan.store.archive import OFFER_FOLDER, Archive, file_sha256
from jaarplan.store.files import folder_mode, write_atomically

RECORD_FILE = "aangeboden.json"


@dataclass(frozen=True)
class KeptFile:
    """A document of the package, kept in the archive: its name in the package, its kind ("brief", …), SHA-256.

    ``kept_as``: its file name in the archive when that differs (the letters: one file per letter made).
    """

    name: str
    kind: str
    sha256: str
    kept_as: str = ""

    @property
    def archived_name(self) -> str:
        return self.kept_as or self.name


@dataclass(frozen=True)
class KeptLetter:
    """One raadsinformatiebrief made for the version: number (1 the first), texts and date as sent, its files."""

    number: int
    texts: dict[str, str]  # aan, van, contactpersoon, kenmerk_raad
    date: datetime.date
    files: tuple[KeptFile, ...]


@dataclass(frozen=True)
class Offering:
    """One time the version was offered: when (ISO time), by whom, and with which letter (its number and date)."""

    at: str
    who: str
    letter_date: datetime.date
    letter: int = 1


@dataclass(frozen=True)
class OfferRecord:
    """``aangeboden.json`` of one archived version."""

    version: str
    since: str | None  # the version the raad last received before this one; None: the first offered
    files: tuple[KeptFile, ...]  # the documents but the letter: the jaarplan, the changes
    letters: tuple[KeptLetter, ...]  # every letter made, oldest first
    offerings: tuple[Offering, ...] = field(default=())

    @property
    def newest_letter(self) -> KeptLetter:
        return self.letters[-1]

    @property
    def first_offered(self) -> datetime.date | None:
        """The date of the letter with which college and raad first received the version; None: not yet."""
        return self.offerings[0].letter_date if self.offerings else None

    def letter(self, texts: dict[str, str], date: datetime.date) -> KeptLetter | None:
        """The kept letter with these texts and this date, if one was made."""
        return next((kept for kept in self.letters if kept.texts == texts and kept.date == date), None)


def letter_name(stem: str, suffix: str, number: int) -> str:
    """A letter's file name in the archive: "raadsinformatiebrief.docx" the first, "…-2.docx" the second."""
    return f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"


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
            files=tuple(_kept_file(item) for item in data["bestanden"]),
            letters=tuple(
                KeptLetter(
                    int(item["nummer"]),
                    {key: str(value) for key, value in item["teksten"].items()},
                    datetime.date.fromisoformat(item["datum"]),
                    tuple(_kept_file(kept) for kept in item["bestanden"]),
                )
                for item in data["brieven"]
            ),
            offerings=tuple(
                Offering(item["op"], item["door"], datetime.date.fromisoformat(item["briefdatum"]), int(item["brief"]))
                for item in data["aangeboden"]
            ),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PlanError(
            f"{RECORD_FILE} van versie {version} is beschadigd en kan niet worden gelezen; herstel het uit een "
            "reservekopie, of verwijder de map aanbieding om de versie opnieuw aan te bieden als de eerste keer",
            Location(path),
        ) from None


def _kept_file(item: dict) -> KeptFile:
    return KeptFile(item["bestand"], item["soort"], item["sha256"], item.get("bewaard als", ""))


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
    for kept in (*record.files, *(kept for letter in record.letters for kept in letter.files)):
        path = folder / kept.archived_name
        if not path.is_file():
            problems.append(f"{kept.archived_name} ontbreekt")
        elif file_sha256(path) != kept.sha256:
            problems.append(f"{kept.archived_name} is gewijzigd (SHA-256 klopt niet)")
    return problems


def keep_first_offer(archive: Archive, record: OfferRecord, documents: dict[str, Path]) -> Path:
    """Keep the package's documents (archived name → made file) and the record: the folder appears whole."""
    folder = kept_folder(archive, record.version)
    if folder.exists():
        raise PlanError(
            f"versie {record.version} is al aangeboden; de eerste aanbieding blijft bewaard", Location(folder)
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{OFFER_FOLDER}-", dir=folder.parent))
    try:
        os.chmod(staging, folder_mode())  # as readable as the archive around it, not mkdtemp's owner-only
        for name, made in documents.items():
            shutil.copyfile(made, staging / name)
        _write_record(staging / RECORD_FILE, record)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return folder


def keep_letter(archive: Archive, record: OfferRecord, documents: dict[str, Path]) -> None:
    """Keep one more letter (archived name → made file) beside the earlier ones, each atomically, then the record.

    ``record`` holds the new letter already; a file of an earlier letter is never written over.
    """
    folder = kept_folder(archive, record.version)
    for name, made in documents.items():
        if (folder / name).exists():
            raise PlanError(f"{name} is al bewaard en wordt niet overschreven", Location(folder / name))
        write_atomically(folder / name, lambda path, made=made: shutil.copyfile(made, path))
    _write_record(folder / RECORD_FILE, record)


def record_offering(archive: Archive, record: OfferRecord) -> None:
    """Write the record again with one more time offered (``record.offerings`` holds it already)."""
    _write_record(kept_folder(archive, record.version) / RECORD_FILE, record)


def _file_data(kept: KeptFile) -> dict[str, str]:
    data = {"bestand": kept.name, "soort": kept.kind, "sha256": kept.sha256}
    return data | ({"bewaard als": kept.kept_as} if kept.kept_as else {})


def _write_record(path: Path, record: OfferRecord) -> None:
    data = {
        "versie": record.version,
        "sinds": record.since,
        "bestanden": [_file_data(kept) for kept in record.files],
        "brieven": [
            {
                "nummer": letter.number,
                "datum": letter.date.isoformat(),
                "teksten": letter.texts,
                "bestanden": [_file_data(kept) for kept in letter.files],
            }
            for letter in record.letters
        ],
        "aangeboden": [
            {
                "op": offering.at,
                "door": offering.who,
                "brief": offering.letter,
                "briefdatum": offering.letter_date.isoformat(),
            }
            for offering in record.offerings
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda target: target.write_text(text, encoding="utf-8"))
