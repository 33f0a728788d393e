"""``jaarplan aanbieden``: an issued version as one package for the college and the raad.

The package (``output/aanbieden/<kenmerk>-versie-X.Y/`` and a .zip of it)
holds the raadsinformatiebrief (Word and PDF, ``word/letter.py``), the
jaarplan as PDF/A-2, the redline against the version the raad last received
(Word and PDF; none the first time, and the letter says so) and a manifest
(CSV for Excel, JSON) with each file's SHA-256 and kind, as a
raadsinformatiesysteem asks on upload.

Only an issued, archived version is offered; a concept is refused. The
archive records each offer (``store/offers.py``) and keeps the documents as
first made, so offering the version again gives the same package, checksum
for checksum; only the letter is made anew when its date or texts change.
The letter's texts that are not in the plan (to whom, sender, contact, the
raad's reference) come from the options, else plan.yaml's ``aanbieden``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import getpass
import hashlib
import io
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jaarplan.commands.build import output_name
from jaarplan.commands.versions import diff
from jaarplan.diff.compare import PlanDiff, compare
from jaarplan.diff.plain import plain_changes
from jaarplan.errors import Location, PlanError, Problems, Reason
from jaarplan.model import ADDRESSEES, Metadata, OfferTexts, Plan, VersionEntry
from jaarplan.office import pdf
from jaarplan.office.session import Office, export_pdf
from jaarplan.source.check import load_plan
from jaarplan.source.metadata import METADATA_FILE, OFFER_KEY, is_version, read_metadata
from jaarplan.store import logbook
from jaarplan.store.archive import Archive, archive_of, file_sha256, verify
from jaarplan.store.offers import (
    KeptFile,
    Offering,
    OfferRecord,
    keep_first_offer,
    keep_new_letter,
    kept_folder,
    kept_problems,
    last_offered_before,
    read_record,
    record_offering,
)
from jaarplan.store.package import PACKAGES_FOLDER, write_package
from jaarplan.text import dutch_date, spreadsheet_cell
from jaarplan.word.letter import Letter, render_letter

LETTER, PLAN, CHANGES, MANIFEST = "brief", "jaarplan", "wijzigingen", "manifest"  # the manifest's kinds
LETTER_NAME = "raadsinformatiebrief"
MANIFEST_CSV, MANIFEST_JSON = "manifest.csv", "manifest.json"
MANIFEST_HEADERS = ("Titel", "Versie", "Datum", "Bestand", "Soort", "Omschrijving", "SHA-256", "Bytes")
ADDRESSED = {
    "college": "het college van burgemeester en wethouders",
    "raad": "de gemeenteraad",
    "beide": "het college van burgemeester en wethouders en de gemeenteraad",
}
OPTIONS = {"to": "--aan", "sender": "--van", "contact": "--contactpersoon", "council_reference": "--kenmerk-raad"}
KEYS = {"to": "aan", "sender": "van", "contact": "contactpersoon", "council_reference": "kenmerk_raad"}
MISSING = {
    "to": "aan wie de raadsinformatiebrief gaat (college, raad of beide)",
    "sender": "de afzender van de raadsinformatiebrief",
    "contact": "de contactpersoon voor vragen over de raadsinformatiebrief",
}


@dataclass(frozen=True)
class OfferOptions:
    """What the user gives for this offer; None (not given) takes plan.yaml's ``aanbieden``."""

    to: str | None = None
    sender: str | None = None
    contact: str | None = None
    council_reference: str | None = None
    letter_date: datetime.date | None = None  # a new date for the letter; else today, or the date it had


@dataclass(frozen=True)
class PackageFile:
    name: str
    kind: str
    description: str
    sha256: str
    size: int


@dataclass(frozen=True)
class OfferResult:
    version: str
    since: str | None  # the version the raad last received before; None the first time
    folder: Path
    zip: Path
    files: tuple[PackageFile, ...]  # the documents and manifest.csv, as manifest.json lists them
    letter_date: datetime.date
    again: bool  # offered before: the kept documents were used
    new_letter: bool  # the letter was made (the first time, or with a new date or texts)


def _silent(message: str) -> None:
    """The default progress: say nothing (library use, tests)."""


def offer(
    source: Path,
    output: Path,
    template: Path | None = None,
    *,
    version: str | None = None,
    options: OfferOptions = OfferOptions(),
    progress: Callable[[str], None] = _silent,
    office: Office | None = None,
    who: str = "",
) -> OfferResult:
    """Write the package of an issued version (the newest issued one without ``version``) and record the offer.

    Refused before any work: a concept or a version that is not archived, a
    damaged archive, and a letter text that is neither given nor in plan.yaml
    (every missing one at once). ``template``: a letter template of one's own.
    """
    who = who or getpass.getuser()
    metadata = read_metadata(source / METADATA_FILE)
    archive = archive_of(output, metadata)
    version = issued_version(metadata, archive, version, source)
    texts = letter_texts(metadata.offer, options, source)
    record = read_record(archive, version)
    with contextlib.ExitStack() as stack:
        if office is None and (record is None or _new_letter(record, texts, options)):
            office = stack.enter_context(Office(pdf.require_soffice()))  # every document has its PDF
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jaarplan-aanbieden-")))
        again = record is not None
        if record is None:
            record = _first_offer(source, output, template, archive, version, texts, options, work, progress, office)
            new_letter = True
        else:
            record, new_letter = _offer_again(template, archive, record, texts, options, work, progress, office)
    plan_metadata = read_metadata(archive.source(version) / METADATA_FILE)  # the version's own title
    folder = output / PACKAGES_FOLDER / package_name(plan_metadata, version)
    progress(f"Pakket schrijven: {folder} ...")
    listed, files = _package_files(archive, record, plan_metadata)
    zip_path = write_package(folder, files)
    # Offered once the package is whole: a package that could not be written (a .zip open elsewhere) counts not.
    record = replace(record, offerings=(*record.offerings, Offering(_now(), who, record.letter_date)))
    record_offering(archive, record)
    logbook.record(output, who, "aanbieden", f"versie {version} aan {record.letter['aan']} ({zip_path.name})")
    progress(f"Versie {version} is aangeboden; het pakket staat in {folder} en {zip_path.name}.")
    return OfferResult(version, record.since, folder, zip_path, listed, record.letter_date, again, new_letter)


def letter_date_option(text: str) -> datetime.date:
    """``--datum`` (JJJJ-MM-DD) as a date, or a Dutch PlanError."""
    with contextlib.suppress(ValueError):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return datetime.date.fromisoformat(text.strip())
    raise PlanError(f"'{text}' is geen geldige datum voor de brief; schrijf JJJJ-MM-DD, zoals 2026-06-30")


# --- which version, which texts ------------------------------------------------------------------


def issued_version(metadata: Metadata, archive: Archive, version: str | None, source: Path) -> str:
    """The version to offer: ``version`` if issued and archived (and intact), else the newest such; or a PlanError."""
    issued = [entry.version for entry in metadata.history]
    archived = [found for found in archive.versions() if found in issued]
    if version is None:
        if not archived:
            raise PlanError(
                "er is nog geen uitgegeven versie in het archief om aan te bieden; een concept gaat niet naar college "
                "en raad: geef eerst een versie uit met 'jaarplan release'",
                Location(source / METADATA_FILE),
                reason=Reason.NOT_FOUND,
            )
        version = archived[-1]
    elif not is_version(version) or version not in issued:
        listed = ", ".join(archived) or "nog geen"
        what = (
            "is een concept"
            if version == metadata.version
            else "is niet uitgegeven (een concept, of een onbekend nummer)"
        )
        raise PlanError(
            f"versie {version} {what} en wordt niet aangeboden: "
            f"alleen een uitgegeven, gearchiveerde versie gaat naar college en raad (uitgegeven: {listed}); "
            "geef een concept eerst uit met 'jaarplan release'",
            Location(source / METADATA_FILE),
            reason=Reason.NOT_FOUND,
        )
    elif version not in archived:
        raise PlanError(
            f"versie {version} is uitgegeven, maar staat niet in het archief van dit plan ({archive.root}); "
            "zonder de gearchiveerde versie kan zij niet worden aangeboden",
            Location(archive.root),
            reason=Reason.NOT_FOUND,
        )
    damage = verify(archive.folder(version))
    if damage:
        raise PlanError(
            f"het archief van versie {version} klopt niet: {'; '.join(damage)}", Location(archive.folder(version))
        )
    return version


def letter_texts(defaults: OfferTexts, options: OfferOptions, source: Path) -> dict[str, str]:
    """The letter's texts (aan, van, contactpersoon, kenmerk_raad): each option, else plan.yaml; all missing at once."""
    problems = Problems()
    texts = {}
    for name, key in KEYS.items():
        given = getattr(options, name)
        value = " ".join((given if given is not None else getattr(defaults, name)).split())
        if name == "to":
            value = value.casefold()
            if value and value not in ADDRESSEES:
                problems.error(f"{OPTIONS[name]} moet college, raad of beide zijn, niet '{value}'")
        if not value and name in MISSING:
            problems.error(
                f"{MISSING[name]} ontbreekt: zet '{key}: …' onder '{OFFER_KEY}:' in plan.yaml of geef {OPTIONS[name]}",
                Location(source / METADATA_FILE),
            )
        texts[key] = value
    problems.raise_if_errors()
    return texts


# --- the first offer, and the same version again ---------------------------------------------------


def _first_offer(
    source: Path,
    output: Path,
    template: Path | None,
    archive: Archive,
    version: str,
    texts: dict[str, str],
    options: OfferOptions,
    work: Path,
    progress: Callable[[str], None],
    office: Office,
) -> OfferRecord:
    """Make every document, keep them in the archive with the record; the record has no offering yet."""
    since = last_offered_before(archive, version)
    progress(
        f"Versie {version} aanbieden"
        + (f" (de raad ontving eerder versie {since}) ..." if since else " (de eerste keer) ...")
    )
    plan, changes = _plan_and_changes(archive, version, since)
    names = document_names(plan.metadata, version, since)
    made: dict[str, Path] = {}
    document = archive.document(version)
    if document is None:
        raise PlanError(f"versie {version} heeft in het archief geen Word-document", Location(archive.folder(version)))
    progress(f"Jaarplan als PDF/A maken: {document.name} ...")
    made[names[PLAN][0]] = _archival_pdf(office, document, work / "jaarplan", progress)
    if since:
        progress(f"Wijzigingen sinds versie {since} als Word-document met bijgehouden wijzigingen ...")
        redline = diff(
            since, version, output, source=source, progress=progress, office=office, into=work / "wijzigingen"
        ).redline
        made[names[CHANGES][0]] = redline
        made[names[CHANGES][1]] = export_pdf(office, redline, redline.parent, progress)
    date = options.letter_date or datetime.date.today()
    letter_date_since = _received(archive, since)
    made.update(
        _letter_files(
            plan, version, since, letter_date_since, changes, texts, date, names, template, work, office, progress
        )
    )
    kinds = {name: kind for kind, pair in names.items() for name in pair}
    record = OfferRecord(
        version,
        since,
        texts,
        date,
        tuple(
            KeptFile(name, kinds[name], file_sha256(made[name]))
            for kind in (LETTER, PLAN, CHANGES)
            for name in names.get(kind, ())
        ),
    )
    keep_first_offer(archive, record, made)
    return record


def _offer_again(
    template: Path | None,
    archive: Archive,
    record: OfferRecord,
    texts: dict[str, str],
    options: OfferOptions,
    work: Path,
    progress: Callable[[str], None],
    office: Office | None,
) -> tuple[OfferRecord, bool]:
    """The kept documents again; the letter anew only with another date or other texts."""
    damage = kept_problems(archive, record)
    if damage:
        raise PlanError(
            f"de bewaarde aanbieding van versie {record.version} klopt niet: {'; '.join(damage)}",
            Location(kept_folder(archive, record.version)),
        )
    if not _new_letter(record, texts, options):
        progress(f"Versie {record.version} is al eerder aangeboden: hetzelfde pakket, uit het archief.")
        return record, False
    assert office is not None  # ``offer`` starts one when the letter is made anew
    date = options.letter_date or record.letter_date
    progress(
        f"Versie {record.version} is al eerder aangeboden: dezelfde bijlagen, een nieuwe brief ({dutch_date(date)}) ..."
    )
    plan, changes = _plan_and_changes(archive, record.version, record.since)
    names = document_names(plan.metadata, record.version, record.since)
    received = _received(archive, record.since)
    letter = _letter_files(
        plan, record.version, record.since, received, changes, texts, date, names, template, work, office, progress
    )
    keep_new_letter(archive, record, letter)
    checksums = {name: file_sha256(path) for name, path in letter.items()}
    files = tuple(replace(kept, sha256=checksums.get(kept.name, kept.sha256)) for kept in record.files)
    return replace(record, letter=texts, letter_date=date, files=files), True


def _new_letter(record: OfferRecord, texts: dict[str, str], options: OfferOptions) -> bool:
    """Whether an offer again needs a new letter: another date asked for, or other texts than the kept letter's."""
    return texts != record.letter or (options.letter_date or record.letter_date) != record.letter_date


def _plan_and_changes(archive: Archive, version: str, since: str | None) -> tuple[Plan, PlanDiff | None]:
    plan = load_plan(archive.source(version), allow_changed_issue=True).plan
    if since is None:
        return plan, None
    earlier = load_plan(archive.source(since), allow_changed_issue=True).plan
    return plan, compare(earlier, plan, f"versie {since}", f"versie {version}")


def _received(archive: Archive, since: str | None) -> datetime.date | None:
    """The date of the letter with which the raad first received ``since``."""
    record = read_record(archive, since) if since else None
    return record.letter_date if record else None


def _archival_pdf(office: Office, document: Path, folder: Path, progress: Callable[[str], None]) -> Path:
    """The jaarplan as PDF/A-2 (tagged, title and language kept), from the archived Word document."""
    folder.mkdir(parents=True, exist_ok=True)
    return export_pdf(office, document, folder, progress, archival=True)


def _letter_files(
    plan: Plan,
    version: str,
    since: str | None,
    received: datetime.date | None,
    changes: PlanDiff | None,
    texts: dict[str, str],
    date: datetime.date,
    names: dict[str, tuple[str, ...]],
    template: Path | None,
    work: Path,
    office: Office,
    progress: Callable[[str], None],
) -> dict[str, Path]:
    """The raadsinformatiebrief as .docx and .pdf, by their names in the package."""
    progress("Raadsinformatiebrief schrijven ...")
    letter = compose_letter(plan, version, since, received, changes, texts, date, names)
    folder = work / "brief"
    folder.mkdir(parents=True, exist_ok=True)
    docx_path = folder / names[LETTER][0]
    render_letter(letter, template).save(docx_path)
    pdf_path = export_pdf(office, docx_path, folder, progress)
    return {names[LETTER][0]: docx_path, names[LETTER][1]: pdf_path}


# --- what the letter says -------------------------------------------------------------------------


def compose_letter(
    plan: Plan,
    version: str,
    since: str | None,
    received: datetime.date | None,
    changes: PlanDiff | None,
    texts: dict[str, str],
    date: datetime.date,
    names: dict[str, tuple[str, ...]],
) -> Letter:
    """The raadsinformatiebrief of ``plan`` (the issued version), with what changed since ``since``."""
    title = plan.metadata.full_title
    request = f"Wij vragen u kennis te nemen van versie {version} van het {title}."
    if since:
        request += f" U ontving eerder versie {since}; hieronder staat wat er sindsdien is veranderd."
    if since and changes is not None:
        heading = f"Wat is veranderd sinds versie {since}"
        when = f", die u op {dutch_date(received)} ontving" if received else ""
        lines = plain_changes(changes)
        intro = (
            f"Ten opzichte van versie {since}{when}, is het volgende veranderd. De bijlage met bijgehouden "
            "wijzigingen laat elke wijziging zien op de plek waar die staat."
            if lines
            else f"Ten opzichte van versie {since}{when}, zijn de thema's, doelen en acties niet veranderd."
        )
    else:
        heading, lines = "Eerste versie", []
        intro = (
            f"Dit is de eerste versie van het {title} die u ontvangt. Er is daarom geen overzicht van wijzigingen "
            "bijgevoegd."
        )
    return Letter(
        to=ADDRESSED[texts["aan"]],
        sender=texts["van"],
        contact=texts["contactpersoon"],
        date=date,
        subject=f"{title}, versie {version}",
        council_reference=texts["kenmerk_raad"],
        request=request,
        summary=tuple(summary_lines(plan, version)),
        changes_heading=heading,
        changes_intro=intro,
        changes=tuple(lines),
        attachments=tuple(_attachments(version, since, names)),
    )


def summary_lines(plan: Plan, version: str) -> list[str]:
    """A short summary: whose plan, when this version was issued, its themes, goals, actions and indicators."""
    metadata = plan.metadata
    entry = next((entry for entry in metadata.history if entry.version == version), None)
    goals = sum(len(theme.goals) for theme in plan.themes)
    actions = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    clusters = list(dict.fromkeys(theme.cluster for theme in plan.themes if theme.cluster))
    lines = [f"Het {metadata.full_title} is het plan dat {metadata.partners} samen uitvoeren."]
    if entry is not None:
        lines.append(_issued_line(entry))
    themes = _count(len(plan.themes), "thema", "thema's")
    counted = (
        f"Het plan telt {themes}"
        + (f" in {_count(len(clusters), 'cluster', 'clusters')}" if clusters else "")
        + f", met {_count(goals, 'doel', 'doelen')} en {_count(actions, 'actie', 'acties')} (regels van de matrices)."
    )
    lines.append(counted)
    if plan.indicators:
        lines.append(f"De voortgang wordt gemeten met {_count(len(plan.indicators), 'indicator', 'indicatoren')}.")
    if plan.themes and len(plan.themes) <= 20:
        lines.append("De thema's: " + ", ".join(theme.title for theme in plan.themes) + ".")
    return lines


def _issued_line(entry: VersionEntry) -> str:
    line = f"Versie {entry.version} is uitgegeven op {dutch_date(entry.date)}"
    return line + (f": {entry.description.rstrip('.')}." if entry.description else ".")


def _attachments(version: str, since: str | None, names: dict[str, tuple[str, ...]]) -> list[str]:
    lines = [f"Het jaarplan, versie {version}, als PDF/A voor het archief ({names[PLAN][0]})."]
    if since:
        word, pdf_name = names[CHANGES]
        lines.append(
            f"De wijzigingen sinds versie {since}: het jaarplan met bijgehouden wijzigingen, als Word-document "
            f"({word}) en als PDF ({pdf_name})."
        )
    lines.append(f"Een lijst van de bestanden met hun controlegetallen ({MANIFEST_CSV} en {MANIFEST_JSON}).")
    return lines


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# --- the package ----------------------------------------------------------------------------------


def package_name(metadata: Metadata, version: str) -> str:
    """The package folder's name: the plan's kenmerk (else its title) and the version.

    E.g. "jaarplan-2011-3fa2c1-versie-1.0", or "gezamenlijk-jaarplan-2010-versie-2.2" for a plan without kenmerk.

    Two plans in one output folder have two kenmerken, so their packages never share a folder.
    """
    plan = metadata.plan_id or re.sub(r"[^a-z0-9]+", "-", metadata.full_title.casefold()).strip("-") or "jaarplan"
    return f"{plan}-versie-{version}"


def document_names(metadata: Metadata, version: str, since: str | None) -> dict[str, tuple[str, ...]]:
    """The file names in the package, per kind: (Word, PDF), or the one PDF of the jaarplan."""
    jaarplan = output_name(Plan(replace(metadata, version=version))).removesuffix(".docx") + ".pdf"
    names: dict[str, tuple[str, ...]] = {
        LETTER: (f"{LETTER_NAME}.docx", f"{LETTER_NAME}.pdf"),
        PLAN: (jaarplan,),
    }
    if since:
        stem = f"wijzigingen versie {since} - versie {version}"
        names[CHANGES] = (f"{stem}.docx", f"{stem}.pdf")
    return names


DESCRIPTIONS = {
    LETTER: "Raadsinformatiebrief ({form})",
    PLAN: "Jaarplan, versie {version} (PDF/A-2)",
    CHANGES: "Wijzigingen sinds versie {since}, bijgehouden wijzigingen ({form})",
    MANIFEST: "Lijst van de bestanden met controlegetallen (CSV)",
}


def _package_files(
    archive: Archive, record: OfferRecord, metadata: Metadata
) -> tuple[tuple[PackageFile, ...], dict[str, Path | bytes]]:
    """The package's files (kept documents, then manifest.csv and manifest.json) and what manifest.json lists."""
    folder = kept_folder(archive, record.version)
    files: dict[str, Path | bytes] = {}
    listed = []
    for kept in record.files:
        path = folder / kept.name
        form = "Word" if kept.name.endswith(".docx") else "PDF"
        text = DESCRIPTIONS[kept.kind].format(form=form, version=record.version, since=record.since)
        listed.append(PackageFile(kept.name, kept.kind, text, kept.sha256, path.stat().st_size))
        files[kept.name] = path
    table = manifest_csv(metadata, record, listed)
    files[MANIFEST_CSV] = table
    listed.append(
        PackageFile(MANIFEST_CSV, MANIFEST, DESCRIPTIONS[MANIFEST], hashlib.sha256(table).hexdigest(), len(table))
    )
    files[MANIFEST_JSON] = manifest_json(metadata, record, listed)
    return tuple(listed), files


def manifest_csv(metadata: Metadata, record: OfferRecord, listed: list[PackageFile]) -> bytes:
    """The manifest as Excel opens it in a Dutch locale: UTF-8 with a BOM, semicolons, a row per file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    for item in listed:
        cells = (
            metadata.full_title,
            record.version,
            record.letter_date.isoformat(),
            item.name,
            item.kind,
            item.description,
            item.sha256,
            str(item.size),
        )
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


def manifest_json(metadata: Metadata, record: OfferRecord, listed: list[PackageFile]) -> bytes:
    data = {
        "titel": metadata.full_title,
        "versie": record.version,
        "datum": record.letter_date.isoformat(),
        "kenmerk": metadata.plan_id or None,
        "sinds": record.since,
        "bestanden": [
            {
                "bestand": item.name,
                "soort": item.kind,
                "omschrijving": item.description,
                "sha256": item.sha256,
                "bytes": item.size,
            }
            for item in listed
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")
