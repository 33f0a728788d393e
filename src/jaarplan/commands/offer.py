"""``jaarplan aanbieden``: an issued version as one package for the college and the raad.

The package (``output/aanbieden/<title>-<kenmerk>-versie-X.Y/`` and a .zip of it)
holds the raadsinformatiebrief (Word and PDF, ``word/letter.py``), the
jaarplan as PDF/A-2, the redline against the version the raad last received
(Word and PDF; none the first time, and the letter says so) and a manifest
(CSV for Excel, JSON) with each file's SHA-256 and kind, as a
raadsinformatiesysteem asks on upload.

Only an issued, archived version is offered; a concept is refused. The
archive records each offer (``store/offers.py``) and keeps the documents as
first made, so offering the version again gives the same package, checksum
for checksum. A letter with another date or other texts is made anew and
kept beside the ones sent before, never in their place. The letter's texts
that are not in the plan (to whom, sender, contact, the raad's reference)
come from the options, else the version's last letter, else plan.yaml's
``aanbieden``.
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
from jaarplan.diff.plain import listed, plain_changes, quoted
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
    KeptLetter,
    Offering,
    OfferRecord,
    keep_first_offer,
    keep_letter,
    kept_folder,
    kept_problems,
    last_offered_before,
    letter_name,
    read_record,
    record_offering,
)
from jaarplan.store.package import PACKAGES_FOLDER, write_package
from jaarplan.text import counted, dutch_date, spreadsheet_cell
from jaarplan.word.letter import Letter, render_letter

LETTER, PLAN, CHANGES, MANIFEST = "brief", "jaarplan", "wijzigingen", "manifest"  # the manifest's kinds
LETTER_NAME = "raadsinformatiebrief"
MANIFEST_CSV, MANIFEST_JSON = "manifest.csv", "manifest.json"
TITLE_SLUG_LIMIT = 60  # characters of the title in the package's name: paths on Windows stay short
MANIFEST_HEADERS = ("Titel", "Versie", "Datum", "Bestand", "Soort", "Omschrijving", "SHA-256", "Bytes")
ADDRESSED = {
    "college": "het college van burgemeester en wethouders",
    "raad": "de gemeenteraad",
    "beide": "het college van burgemeester en wethouders en de gemeenteraad",
}
KEYS = {"to": "aan", "sender": "van", "contact": "contactpersoon", "council_reference": "kenmerk_raad"}  # plan.yaml
OPTIONS = {"to": "--to", "sender": "--sender", "contact": "--contact", "council_reference": "--council-reference"}
FORM_FIELDS = {  # the same, as the werkomgeving's form names them
    "to": "het veld 'Aan'",
    "sender": "het veld 'Van'",
    "contact": "het veld 'Contactpersoon'",
    "council_reference": "het veld 'Kenmerk van de raad'",
}
MISSING = {
    "to": "aan wie de raadsinformatiebrief gaat (college, raad of beide)",
    "sender": "de afzender van de raadsinformatiebrief",
    "contact": "de contactpersoon voor vragen over de raadsinformatiebrief",
}
TEXT_LIMITS = {"sender": 200, "contact": 200, "council_reference": 100}  # characters; the form's maxlength too
LIMITED = {"sender": "de afzender", "contact": "de contactpersoon", "council_reference": "het kenmerk van de raad"}


@dataclass(frozen=True)
class OfferOptions:
    """What the user gives for this offer; None (not given) takes the last letter's, else plan.yaml's ``aanbieden``.

    ``from_form``: given in the werkomgeving's form, so a message names its fields, not the options.
    """

    to: str | None = None
    sender: str | None = None
    contact: str | None = None
    council_reference: str | None = None
    letter_date: datetime.date | None = None  # a new date for the letter; else today, or the last letter's
    from_form: bool = False


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
    new_letter: bool  # a letter was made (the first time, or with a date or texts no kept letter has)


@dataclass(frozen=True)
class LetterInputs:
    """What one raadsinformatiebrief is made from."""

    plan: Plan  # the offered version, from the archive
    version: str
    since: str | None  # the version the raad last received; None: the first
    received: datetime.date | None  # when the raad first received ``since`` (its first letter's date)
    changes: PlanDiff | None  # ``since`` → ``version``
    texts: dict[str, str]  # aan, van, contactpersoon, kenmerk_raad
    date: datetime.date
    names: dict[str, tuple[str, ...]]  # the package's file names per kind


@dataclass(frozen=True)
class Run:
    """One ``offer`` call's surroundings, passed to its steps."""

    source: Path
    output: Path
    template: Path | None
    archive: Archive
    work: Path  # a temporary folder for the documents made
    progress: Callable[[str], None]
    office: Office | None


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
    damaged archive, and a letter text that is neither given, nor in the
    version's last letter, nor in plan.yaml (every missing one at once).
    ``template``: a letter template of one's own.
    """
    who = who or getpass.getuser()
    metadata = read_metadata(source / METADATA_FILE)
    archive = archive_of(output, metadata)
    version = issued_version(metadata, archive, version, source)
    record = read_record(archive, version)
    texts = letter_texts(offer_defaults_of(metadata, record), options, source)
    date = options.letter_date or (record.newest_letter.date if record else datetime.date.today())
    again = record is not None
    with contextlib.ExitStack() as stack:
        if office is None and (record is None or record.letter(texts, date) is None):
            office = stack.enter_context(Office(pdf.require_soffice()))  # every document has its PDF
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jaarplan-aanbieden-")))
        run = Run(source, output, template, archive, work, progress, office)
        if record is None:
            record = _first_offer(run, version, texts, date)
            letter, new_letter = record.newest_letter, True
        else:
            record, letter, new_letter = _offer_again(run, record, texts, date)
    plan_metadata = read_metadata(archive.source(version) / METADATA_FILE)  # the version's own title
    folder = output / PACKAGES_FOLDER / package_name(plan_metadata, version)
    progress(f"Pakket schrijven: {folder} ...")
    listed, files = _package_files(archive, record, letter, plan_metadata)
    zip_path = write_package(folder, files, plan_metadata.date)  # the version's date, as its title page says
    # Offered once the package is whole: a package that could not be written (a .zip open elsewhere) counts not.
    offering = Offering(_now(), who, letter.date, letter.number)
    record = replace(record, offerings=(*record.offerings, offering))
    record_offering(archive, record)
    logbook.record(output, who, "aanbieden", f"versie {version} aan {letter.texts['aan']} ({zip_path.name})")
    progress(f"Versie {version} is aangeboden; het pakket staat in {folder} en {zip_path.name}.")
    return OfferResult(version, record.since, folder, zip_path, listed, letter.date, again, new_letter)


def letter_date_option(text: str) -> datetime.date:
    """``--letter-date`` (JJJJ-MM-DD) as a date, or a Dutch PlanError."""
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


def offer_defaults_of(metadata: Metadata, record: OfferRecord | None) -> OfferTexts:
    """The letter's texts when no option gives them: the version's last letter's, else plan.yaml's ``aanbieden``.

    So a version offered before (by another person, with options) is offered again with the same letter.
    """
    if record is None:
        return metadata.offer
    texts = record.newest_letter.texts
    return OfferTexts(*(texts.get(key, "") for key in KEYS.values()))


def letter_texts(defaults: OfferTexts, options: OfferOptions, source: Path) -> dict[str, str]:
    """The letter's texts (aan, van, contactpersoon, kenmerk_raad): each option, else ``defaults``; all faults at once.

    Missing, unknown or too long: a Dutch error naming the plan.yaml key and the option (or the form's field).
    """
    problems = Problems()
    named = FORM_FIELDS if options.from_form else OPTIONS
    texts = {}
    for name, key in KEYS.items():
        given = getattr(options, name)
        value = " ".join((given if given is not None else getattr(defaults, name)).split())
        how = f"vul {named[name]} in" if options.from_form else f"geef {named[name]}"
        if name == "to":
            value = value.casefold()
            if value and value not in ADDRESSEES:
                problems.error(f"aan wie de brief gaat moet college, raad of beide zijn, niet '{value}' ({how})")
        if not value and name in MISSING:
            problems.error(
                f"{MISSING[name]} ontbreekt: zet '{key}: …' onder '{OFFER_KEY}:' in plan.yaml of {how}",
                Location(source / METADATA_FILE),
            )
        if len(value) > TEXT_LIMITS.get(name, len(value)):
            problems.error(
                f"{LIMITED[name]} is te lang voor de brief: {len(value)} tekens, hoogstens {TEXT_LIMITS[name]}; "
                f"maak het korter ({named[name]}, of '{key}' in plan.yaml)"
            )
        texts[key] = value
    problems.raise_if_errors()
    return texts


# --- the first offer, and the same version again ---------------------------------------------------


def _first_offer(run: Run, version: str, texts: dict[str, str], date: datetime.date) -> OfferRecord:
    """Make every document, keep them in the archive with the record; the record has no offering yet."""
    assert run.office is not None  # ``offer`` starts one for a first offer
    since = last_offered_before(run.archive, version)
    run.progress(
        f"Versie {version} aanbieden"
        + (f" (de raad ontving eerder versie {since}) ..." if since else " (de eerste keer) ...")
    )
    inputs = _letter_inputs(run.archive, version, since, texts, date)
    names = inputs.names
    made: dict[str, Path] = {}
    document = run.archive.document(version)
    if document is None:
        raise PlanError(
            f"versie {version} heeft in het archief geen Word-document", Location(run.archive.folder(version))
        )
    run.progress(f"Jaarplan als PDF/A maken: {document.name} ...")
    made[names[PLAN][0]] = _archival_pdf(run.office, document, run.work / "jaarplan", run.progress)
    if since:
        run.progress(f"Wijzigingen sinds versie {since} als Word-document met bijgehouden wijzigingen ...")
        redline = diff(
            since,
            version,
            run.output,
            source=run.source,
            progress=run.progress,
            office=run.office,
            into=run.work / "wijzigingen",
        ).redline
        made[names[CHANGES][0]] = redline
        made[names[CHANGES][1]] = export_pdf(run.office, redline, redline.parent, run.progress)
    letter = _letter_files(run, inputs)
    files = tuple(
        KeptFile(name, kind, file_sha256(made[name])) for kind in (PLAN, CHANGES) for name in names.get(kind, ())
    )
    record = OfferRecord(version, since, files, (_kept_letter(1, inputs, letter),))
    keep_first_offer(run.archive, record, {**made, **_archived(record.newest_letter, letter)})
    return record


def _offer_again(
    run: Run, record: OfferRecord, texts: dict[str, str], date: datetime.date
) -> tuple[OfferRecord, KeptLetter, bool]:
    """The kept documents again, with the kept letter of these texts and date, else a new letter kept beside."""
    damage = kept_problems(run.archive, record)
    if damage:
        raise PlanError(
            f"de bewaarde aanbieding van versie {record.version} klopt niet: {'; '.join(damage)}",
            Location(kept_folder(run.archive, record.version)),
        )
    kept = record.letter(texts, date)
    if kept is not None:
        run.progress(f"Versie {record.version} is al eerder aangeboden: hetzelfde pakket, uit het archief.")
        return record, kept, False
    run.progress(
        f"Versie {record.version} is al eerder aangeboden: dezelfde bijlagen, een nieuwe brief ({dutch_date(date)}); "
        "de eerdere brieven blijven bewaard ..."
    )
    inputs = _letter_inputs(run.archive, record.version, record.since, texts, date)
    made = _letter_files(run, inputs)
    letter = _kept_letter(len(record.letters) + 1, inputs, made)
    record = replace(record, letters=(*record.letters, letter))
    keep_letter(run.archive, record, _archived(letter, made))
    return record, letter, True


def _kept_letter(number: int, inputs: LetterInputs, made: dict[str, Path]) -> KeptLetter:
    """The record of a letter just made: its files by package name, each kept under its own name in the archive."""
    files = []
    for name in inputs.names[LETTER]:
        path = Path(name)
        files.append(KeptFile(name, LETTER, file_sha256(made[name]), letter_name(path.stem, path.suffix, number)))
    return KeptLetter(number, dict(inputs.texts), inputs.date, tuple(files))


def _archived(letter: KeptLetter, made: dict[str, Path]) -> dict[str, Path]:
    """A letter's made files by their names in the archive."""
    return {kept.archived_name: made[kept.name] for kept in letter.files}


def _letter_inputs(
    archive: Archive, version: str, since: str | None, texts: dict[str, str], date: datetime.date
) -> LetterInputs:
    plan = load_plan(archive.source(version), allow_changed_issue=True).plan
    changes = None
    if since is not None:
        earlier = load_plan(archive.source(since), allow_changed_issue=True).plan
        changes = compare(earlier, plan, f"versie {since}", f"versie {version}")
    received = _received(archive, since)
    names = document_names(plan.metadata, version, since)
    return LetterInputs(plan, version, since, received, changes, texts, date, names)


def _received(archive: Archive, since: str | None) -> datetime.date | None:
    """The date of the letter with which the raad first received ``since`` (as Versies shows it)."""
    record = read_record(archive, since) if since else None
    return record.first_offered if record else None


def _archival_pdf(office: Office, document: Path, folder: Path, progress: Callable[[str], None]) -> Path:
    """The jaarplan as PDF/A-2 (tagged, title and language kept), from the archived Word document."""
    folder.mkdir(parents=True, exist_ok=True)
    return export_pdf(office, document, folder, progress, archival=True)


def _letter_files(run: Run, inputs: LetterInputs) -> dict[str, Path]:
    """The raadsinformatiebrief as .docx and .pdf, by their names in the package."""
    assert run.office is not None  # ``offer`` starts one whenever a letter is to be made
    run.progress("Raadsinformatiebrief schrijven ...")
    letter = compose_letter(inputs)
    folder = run.work / f"brief-{inputs.date.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    word, pdf_name = inputs.names[LETTER]
    docx_path = folder / word
    render_letter(letter, run.template).save(docx_path)
    pdf_path = export_pdf(run.office, docx_path, folder, run.progress)
    return {word: docx_path, pdf_name: pdf_path}


# --- what the letter says -------------------------------------------------------------------------


def compose_letter(inputs: LetterInputs) -> Letter:
    """The raadsinformatiebrief of the issued version, with what changed since the version the raad last received."""
    title = inputs.plan.metadata.full_title
    version, since = inputs.version, inputs.since
    request = f"Wij vragen u kennis te nemen van versie {version} van het {title}."
    if since:
        request += f" U ontving eerder versie {since}; hieronder staat wat er sindsdien is veranderd."
    if since and inputs.changes is not None:
        heading = f"Wat is veranderd sinds versie {since}"
        when = f", die u op {dutch_date(inputs.received)} ontving" if inputs.received else ""
        lines = plain_changes(inputs.changes)
        intro = (
            f"Ten opzichte van versie {since}{when}, is het volgende veranderd. De bijlage met bijgehouden "
            "wijzigingen laat elke wijziging zien op de plek waar die staat."
            if lines
            else f"Ten opzichte van versie {since}{when}, is de inhoud van de thema's, doelen en acties niet veranderd."
        )
    else:
        heading, lines = "Eerste versie", []
        intro = (
            f"Dit is de eerste versie van het {title} die u ontvangt. Er is daarom geen overzicht van wijzigingen "
            "bijgevoegd."
        )
    texts = inputs.texts
    return Letter(
        to=ADDRESSED[texts["aan"]],
        sender=texts["van"],
        contact=texts["contactpersoon"],
        date=inputs.date,
        subject=f"{title}, versie {version}",
        council_reference=texts["kenmerk_raad"],
        request=request,
        summary=tuple(summary_lines(inputs.plan, version)),
        changes_heading=heading,
        changes_intro=intro,
        changes=tuple(lines),
        attachments=tuple(_attachments(version, since, inputs.names)),
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
    themes = counted(len(plan.themes), "thema", "thema's")
    lines.append(
        f"Het plan telt {themes}"
        + (f" in {counted(len(clusters), 'cluster', 'clusters')}" if clusters else "")
        + f", met {counted(goals, 'doel', 'doelen')} en {counted(actions, 'actie', 'acties')}."
    )
    if plan.indicators:
        lines.append(f"De voortgang wordt gemeten met {counted(len(plan.indicators), 'indicator', 'indicatoren')}.")
    if len(plan.themes) == 1:
        lines.append(f"Het thema is {quoted(plan.themes[0].title)}.")
    elif 1 < len(plan.themes) <= 20:
        lines.append(f"De thema's zijn {listed([theme.title for theme in plan.themes])}.")
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


# --- the package ----------------------------------------------------------------------------------


def package_name(metadata: Metadata, version: str) -> str:
    """The package folder's name: the plan's title, its kenmerk's own part, and the version.

    E.g. "gezamenlijk-jaarplan-2011-3fa2c1-versie-1.0" for the kenmerk jaarplan-2011-3fa2c1 (the parts the
    title already says are not repeated), or "gezamenlijk-jaarplan-2010-versie-2.2" for a plan without kenmerk.
    The griffie reads which plan it is; two plans in one output folder have two kenmerken, so their packages
    never share a folder.
    """
    title = re.sub(r"[^a-z0-9]+", "-", metadata.full_title.casefold()).strip("-")[:TITLE_SLUG_LIMIT].strip("-")
    words = title.split("-")
    own = [part for part in metadata.plan_id.split("-") if part and part not in words]
    return "-".join(part for part in (title or "jaarplan", *own) if part) + f"-versie-{version}"


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
    archive: Archive, record: OfferRecord, letter: KeptLetter, metadata: Metadata
) -> tuple[tuple[PackageFile, ...], dict[str, Path | bytes]]:
    """The package's files (the letter, the kept documents, then the manifests) and what manifest.json lists."""
    folder = kept_folder(archive, record.version)
    files: dict[str, Path | bytes] = {}
    listed = []
    for kept in (*letter.files, *record.files):
        path = folder / kept.archived_name
        form = "Word" if kept.name.endswith(".docx") else "PDF"
        text = DESCRIPTIONS[kept.kind].format(form=form, version=record.version, since=record.since)
        listed.append(PackageFile(kept.name, kept.kind, text, kept.sha256, path.stat().st_size))
        files[kept.name] = path
    table = manifest_csv(metadata, record.version, letter.date, listed)
    files[MANIFEST_CSV] = table
    listed.append(
        PackageFile(MANIFEST_CSV, MANIFEST, DESCRIPTIONS[MANIFEST], hashlib.sha256(table).hexdigest(), len(table))
    )
    files[MANIFEST_JSON] = manifest_json(metadata, record, letter.date, listed)
    return tuple(listed), files


def manifest_csv(metadata: Metadata, version: str, date: datetime.date, listed: list[PackageFile]) -> bytes:
    """The manifest as Excel opens it in a Dutch locale: UTF-8 with a BOM, semicolons, a row per file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    for item in listed:
        cells = (
            metadata.full_title,
            version,
            date.isoformat(),
            item.name,
            item.kind,
            item.description,
            item.sha256,
            str(item.size),
        )
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


def manifest_json(metadata: Metadata, record: OfferRecord, date: datetime.date, listed: list[PackageFile]) -> bytes:
    data = {
        "titel": metadata.full_title,
        "versie": record.version,
        "datum": date.isoformat(),
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
