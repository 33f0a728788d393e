"""The plan as the werkomgeving sees it: the source's state, uploads with kept copies, archived files.

Everything here is library: the web views only call these functions (and
those of ``commands.build`` and ``commands.versions``), so the same rules hold for every face.
A workbook upload is checked as a whole source folder before it replaces
anything; the replaced workbook is kept as a dated copy that can be restored.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jaarplan.commands.build import BuildResult, build, output_name
from jaarplan.commands.offer import OfferOptions, OfferResult, offer, offer_defaults_of
from jaarplan.commands.versions import DiffResult, diff, nothing_to_release, release
from jaarplan.diff.compare import PlanDiff, compare
from jaarplan.errors import Location, PlanError, Problem, Reason
from jaarplan.model import OfferTexts, Plan, VersionEntry
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.report.document import earlier_version
from jaarplan.report.summary import ProgressReport, progress_report
from jaarplan.source.check import Checked, check_source
from jaarplan.source.metadata import METADATA_FILE, is_version, read_metadata
from jaarplan.source.seen import SEEN_FILE, cell_name, change_seen
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.source.xlsx.safe_open import files_beside
from jaarplan.store import logbook
from jaarplan.store.archive import ARCHIVE_FOLDER, Archive, archive_of, verify
from jaarplan.store.files import write_atomically
from jaarplan.store.lock import Holder, plan_lock
from jaarplan.store.offers import read_record
from jaarplan.text import spreadsheet_cell

if TYPE_CHECKING:
    from jaarplan.report.document import ProgressReportResult

COPIES_FOLDER = "werkmappen"
COPY_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}-\d{6}(-\d+)?")
UPLOAD_WAIT_SECONDS = 120
STALE = (
    "de werkmap is gewijzigd sinds u die downloadde (iemand anders heeft intussen een werkmap geplaatst); "
    "er is niets vervangen. Download de huidige werkmap, neem uw wijzigingen daarin over en plaats die"
)


_checked_cache: dict[Path, tuple[tuple, Checked]] = {}
_checked_cache_lock = threading.Lock()


def checked_source(source: Path) -> Checked:
    """``source.check.check_source``, read again only when a file of the source changed (size or time).

    Many people reading the pages of one plan then cost one check, not one per request.
    An edit after an issued version is the next concept, as on the command line (``source.lifecycle``).
    """
    key = source.resolve()
    signature = _signature(source)
    with _checked_cache_lock:
        cached = _checked_cache.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    checked = check_source(source)
    with _checked_cache_lock:
        _checked_cache[key] = (signature, checked)
    return checked


_nothing_cache: dict[tuple[Path, Path], tuple[Checked, tuple, str]] = {}


def nothing_to_release_of(source: Path, output: Path) -> str:
    """``commands.versions.nothing_to_release`` for the checked source, worked out again only after a change.

    Kept with the very ``Checked`` it was worked out for (``checked_source`` gives a new one after any change
    of the source) and the archive's versions: a fingerprint of a 20,000-row plan takes half a second, too
    long for every view of Versies, and a signature taken apart from the check could pair a save made in
    between with the answer for the plan before it.
    """
    checked = checked_source(source)
    if checked.plan is None:
        return ""
    key = (source.resolve(), output.resolve())
    versions = tuple(plan_archive(source, output).versions())
    with _checked_cache_lock:
        cached = _nothing_cache.get(key)
    if cached is not None and cached[0] is checked and cached[1] == versions:
        return cached[2]
    refusal = nothing_to_release(checked.plan, output)
    with _checked_cache_lock:
        _nothing_cache[key] = (checked, versions, refusal)
    return refusal


@dataclass(frozen=True)
class ProgressView:
    """The Voortgang page's report, and why "Wat is veranderd" is missing when the comparison failed."""

    report: ProgressReport | None
    comparison_problem: str = ""  # "" when compared (or no archived version to compare with)


_progress_cache: dict[tuple[Path, Path], tuple[Checked, tuple, ProgressView]] = {}


def progress_view(source: Path, output: Path) -> ProgressView:
    """``report.summary.progress_report`` since the last archived version, as the voortgangsrapportage compares.

    Worked out again only when the check, the archive or the day changes: reading the archived workbook and
    comparing a 20,000-row plan takes seconds, too long for every view of the page.
    """
    checked = checked_source(source)
    if checked.plan is None:
        return ProgressView(None)
    plan = checked.plan
    key = (source.resolve(), output.resolve())
    reference = plan.metadata.reference_date or datetime.date.today()
    signature = (reference, _archive_signature(plan_archive(source, output)))
    with _checked_cache_lock:
        cached = _progress_cache.get(key)
    if cached is not None and cached[0] is checked and cached[1] == signature:
        return cached[2]
    try:
        earlier, problem = earlier_version(None, source, output), ""
    except PlanError as error:
        earlier, problem = None, f"Vergelijken met de laatste uitgegeven versie lukte niet: {error}"
    view = ProgressView(progress_report(plan, reference, earlier), problem)
    with _checked_cache_lock:
        _progress_cache[key] = (checked, signature, view)
    return view


def _archive_signature(archive: Archive) -> tuple:
    """The archived versions and when the newest one's folder last changed (a corrected issue replaces it)."""
    versions = tuple(archive.versions())
    if not versions:
        return versions
    try:
        changed = archive.folder(versions[-1]).stat().st_mtime_ns
    except OSError:
        changed = None
    return (*versions, changed)


def _signature(source: Path) -> tuple:
    """What changes when a source file is replaced or edited: name, size and modification time in ns.

    Also of what the check reads beside the workbook (``workbook_file.files_beside``): the lock
    files of Excel and LibreOffice, which give a warning, and a ``jaarplan.ods``, which may give an error;
    and ``gezien.yaml``, the warnings marked as seen.
    """
    found = []
    own = (source / WORKBOOK_FILE, source / METADATA_FILE, source / SEEN_FILE)
    for path in (*own, *files_beside(source / WORKBOOK_FILE)):
        try:
            stat = path.stat()
        except OSError:
            found.append((path.name, None))
            continue
        found.append((path.name, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def mark_warning_seen(source: Path, output: Path, cell: str, *, who: str) -> int:
    """The Controle page's "Markeer als gezien": the warning at ``cell`` ("Matrix!H30") marked, and logged.

    The same as ``jaarplan check --gezien CEL`` (``source.seen.change_seen``);
    returns how many warnings were marked. A cell without a warning is a PlanError.
    """
    checked = check_source(source)  # as the Controle page shows it
    marked, _ = change_seen(source, [cell], [], checked.problems, checked.seen)
    for problem in marked:
        logbook.record(output, who, "gezien", f"waarschuwing bij {cell_name(problem.location)} als gezien gemarkeerd")
    return len(marked)


def workbook_tag(source: Path) -> str:
    """A short fingerprint of the current workbook: an upload names the one it was based on."""
    path = source / WORKBOOK_FILE
    if not path.is_file():
        return "geen"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def source_tag(source: Path) -> str:
    """The workbook's tag and plan.yaml's: what a person saw before confirming a release."""
    path = source / METADATA_FILE
    metadata = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "geen"
    return f"{workbook_tag(source)}-{metadata}"


@dataclass(frozen=True)
class Upload:
    """What an upload came to: its problems, and when accepted the change and the kept copy."""

    checked: Checked
    accepted: bool
    diff: PlanDiff | None = None
    kept_copy: str | None = None  # the id of the copy of the replaced workbook

    @property
    def cells_to_fix(self) -> bool:
        """Whether its problems point at cells to correct, or only at the file (an .ods, a damaged file)."""
        return any(problem.location and problem.location.cell for problem in self.checked.problems)


def accept_upload(source: Path, output: Path, data: bytes, *, based_on: str, who: str, name: str) -> Upload:
    """Check ``data`` as the new workbook; without a FOUT it replaces the source's workbook.

    ``based_on`` is the tag of the workbook the user started from: when the
    source has changed since, nothing is replaced (PlanError). Problems point
    at the uploaded file's ``name``.
    """
    with tempfile.TemporaryDirectory(prefix="jaarplan-upload-") as work:
        candidate = Path(work) / WORKBOOK_FILE
        candidate.write_bytes(data)
        shutil.copy2(source / METADATA_FILE, Path(work) / METADATA_FILE)
        if (source / SEEN_FILE).is_file():  # what the user marked as seen stays hidden in the new workbook
            shutil.copy2(source / SEEN_FILE, Path(work) / SEEN_FILE)
        # An edit after an issued version is the next concept: no refusal, no advice to go elsewhere.
        checked = _renamed(check_source(Path(work)), Path(work), name)
        if checked.plan is None:
            return Upload(checked, accepted=False)
        with plan_lock(output, who, "een werkmap plaatsen", timeout=UPLOAD_WAIT_SECONDS):
            if workbook_tag(source) != based_on:
                raise PlanError(STALE, Location(source / WORKBOOK_FILE))
            before = check_source(source).plan
            kept = _keep_copy(source, output)
            write_atomically(source / WORKBOOK_FILE, lambda path: shutil.copyfile(candidate, path))
            _record_placement(source, output, who, name)
    logbook.record(output, who, "upload", f"{name} werd de werkmap (vorige bewaard als {kept})")
    changes = compare(before, checked.plan, "vorige werkmap", "nieuwe werkmap") if before else None
    return Upload(checked, accepted=True, diff=changes, kept_copy=kept)


def _renamed(checked: Checked, folder: Path, name: str) -> Checked:
    """Problems about the temporary upload folder, told about the file the user uploaded."""

    def located(problem: Problem) -> Problem:
        where = problem.location
        if where is None or where.file is None or where.file.parent != folder:
            return problem
        file = Path(name) if where.file.name == WORKBOOK_FILE else Path(where.file.name)
        return replace(problem, location=replace(where, file=file))

    return replace(
        checked, problems=[located(problem) for problem in checked.problems], seen=[located(p) for p in checked.seen]
    )


@dataclass(frozen=True)
class WorkbookCopy:
    """A kept copy of a replaced workbook, and who had placed it under which file name (when known)."""

    id: str
    saved: datetime.datetime
    path: Path
    placed_by: str = ""  # "" when unknown: changed outside the werkomgeving, or kept before this was noted
    name: str = ""  # the file name it was uploaded as


def workbook_copies(output: Path) -> list[WorkbookCopy]:
    """The kept copies of replaced workbooks, newest first."""
    copies = []
    for path in (output / COPIES_FOLDER).glob("jaarplan-*.xlsx"):
        copy_id = path.stem.removeprefix("jaarplan-")
        if COPY_PATTERN.fullmatch(copy_id):
            saved = datetime.datetime.strptime(copy_id[:17], "%Y-%m-%d-%H%M%S")
            placed = _read_placement(path.with_suffix(".json"))
            copies.append(WorkbookCopy(copy_id, saved, path, placed.get("who", ""), placed.get("name", "")))
    return sorted(copies, key=lambda copy: copy.id, reverse=True)


def workbook_copy(output: Path, copy_id: str) -> WorkbookCopy:
    """One kept copy by its id; an id that is not in the list is refused (no path from a caller)."""
    found = {copy.id: copy for copy in workbook_copies(output)}
    if copy_id not in found:
        raise PlanError("deze bewaarde werkmap bestaat niet", reason=Reason.NOT_FOUND)
    return found[copy_id]


@dataclass(frozen=True)
class Restored:
    """What a restore did: which copy became the workbook, and the copy kept of the one it replaced."""

    restored: WorkbookCopy
    kept: WorkbookCopy


def restore_copy(source: Path, output: Path, copy_id: str, *, who: str) -> Restored:
    """Make a kept copy the workbook again; the current one is kept first."""
    chosen = workbook_copy(output, copy_id)
    with plan_lock(output, who, "een werkmap terugzetten", timeout=UPLOAD_WAIT_SECONDS):
        kept = _keep_copy(source, output)
        write_atomically(source / WORKBOOK_FILE, lambda path: shutil.copyfile(chosen.path, path))
        _record_placement(source, output, who, chosen.name or f"werkmap van {chosen.saved:%d-%m-%Y %H:%M}")
    logbook.record(output, who, "terugzetten", f"werkmap van {chosen.saved:%d-%m-%Y %H:%M:%S} teruggezet")
    return Restored(chosen, workbook_copy(output, kept))


PLACED_FILE = "huidige-werkmap.json"  # who placed the current workbook, under which name


def _record_placement(source: Path, output: Path, who: str, name: str) -> None:
    """Note who placed the workbook now in ``source``; kept with its copy when it is replaced in turn."""
    record = {"tag": workbook_tag(source), "who": who, "name": name}
    target = output / COPIES_FOLDER / PLACED_FILE
    write_atomically(target, lambda path: path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8"))


def _read_placement(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: str(data[key]) for key in ("tag", "who", "name") if isinstance(data, dict) and key in data}


def _keep_copy(source: Path, output: Path) -> str:
    """Copy the current workbook into ``werkmappen/``, with who placed it when the record is of this very file."""
    folder = output / COPIES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    copy_id, number = stamp, 1
    while (folder / f"jaarplan-{copy_id}.xlsx").exists():
        number += 1
        copy_id = f"{stamp}-{number}"
    target = folder / f"jaarplan-{copy_id}.xlsx"
    write_atomically(target, lambda path: shutil.copy2(source / WORKBOOK_FILE, path))
    placed = _read_placement(folder / PLACED_FILE)
    if placed.get("tag") == workbook_tag(source):  # else someone changed it outside the werkomgeving since
        content = json.dumps(placed, ensure_ascii=False)
        write_atomically(target.with_suffix(".json"), lambda path: path.write_text(content, encoding="utf-8"))
    return copy_id


# --- what there is to read and download ----------------------------------------------------------

PROBLEM_HEADERS = ("Soort", "Bestand", "Blad", "Cel", "Regel", "Melding")


def problems_csv(problems: list[Problem]) -> bytes:
    """Every problem as a CSV file that Excel opens as it is: UTF-8 with a BOM, semicolons, Dutch headers.

    A text that starts like a formula (=, +, -, @, or a tab or carriage return before one, as OWASP
    lists) gets a ' in front, so Excel and Calc never run it; the ' stays visible in the cell.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(PROBLEM_HEADERS)
    for problem in problems:
        where = problem.location
        cells = (
            problem.severity.value,
            where.file.name if where and where.file else "",
            (where.sheet or "") if where else "",
            (where.cell or "") if where else "",
            str(where.line) if where and where.line else "",
            problem.message,
        )
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Documents:
    """The latest built Word and PDF documents in the output folder (None when not built)."""

    word: Path | None
    pdf: Path | None

    @property
    def built(self) -> datetime.datetime | None:
        if self.word is None:
            return None
        return datetime.datetime.fromtimestamp(self.word.stat().st_mtime)


def latest_documents(plan: Plan | None, output: Path) -> Documents:
    """The documents of the current plan's version; with a broken source, the newest build there is."""
    if plan is not None:
        word = output / output_name(plan)
    else:
        built = sorted(output.glob("* - versie *.docx"), key=lambda path: path.stat().st_mtime)
        built = [path for path in built if "(vervangen " not in path.name and not path.name.startswith(".")]
        word = built[-1] if built else output / "-"
    if not word.is_file():
        return Documents(None, None)
    pdf = word.with_suffix(".pdf")
    return Documents(word, pdf if pdf.is_file() else None)


# Whom a raadsinformatiebrief was for (plan.yaml ``aanbieden: aan``), as the Versies page says it
OFFERED_TO = {"college": "het college", "raad": "de raad", "beide": "college en raad"}


@dataclass(frozen=True)
class OfferedTo:
    """To whom a version was offered ("de raad"; "" for a letter that does not say) and the date of that letter."""

    to: str
    date: datetime.date


@dataclass(frozen=True)
class IssuedVersion:
    """A line of Versiebeheer, and whether (and how intact) its archive is."""

    entry: VersionEntry
    archived: bool
    files: tuple[str, ...]  # the kinds of ARCHIVED_KINDS that are there
    damage: tuple[str, ...] = ()  # what ``store.archive.verify`` found wrong
    offered: tuple[OfferedTo, ...] = ()  # to whom and when it was offered: each addressee once, first first


ARCHIVED_KINDS = ("word", "pdf", "werkmap", "plan")


def plan_archive(source: Path, output: Path) -> Archive:
    """The archive of the plan in ``source``; with an unreadable plan.yaml, one that holds nothing of it."""
    try:
        return archive_of(output, read_metadata(source / METADATA_FILE))
    except PlanError:
        return Archive(output / ARCHIVE_FOLDER)  # no history: none of the archived versions is its


def archived_versions(source: Path, output: Path) -> list[str]:
    """The archived versions of the plan in ``source``, oldest first: never another plan's."""
    return plan_archive(source, output).versions()


def issued_versions(plan: Plan | None, source: Path, output: Path) -> list[IssuedVersion]:
    """The Versiebeheer history, newest first, with what the plan's archive holds of each."""
    archive = plan_archive(source, output)
    archived = set(archive.versions())
    history = list(plan.metadata.history) if plan else []
    known = {entry.version for entry in history}
    history += [VersionEntry(version, None, "", "") for version in archived - known]  # archived, not in plan.yaml
    result = []
    for entry in history:
        if entry.version in archived:
            folder = archive.folder(entry.version)
            kinds = tuple(kind for kind in ARCHIVED_KINDS if _archived_path(folder, kind) is not None)
            result.append(IssuedVersion(entry, True, kinds, tuple(verify(folder)), _offered(archive, entry.version)))
        else:
            result.append(IssuedVersion(entry, False, ()))
    return sorted(result, key=lambda issued: tuple(int(part) for part in issued.entry.version.split(".")), reverse=True)


def _offered(archive: Archive, version: str) -> tuple[OfferedTo, ...]:
    """To whom and when the version was offered, from its letters: a version offered to the raad alone says so.

    Each addressee once, with the date of its first letter. A damaged record shows as not offered here.
    """
    try:
        record = read_record(archive, version)
    except PlanError:
        return ()
    letters = {letter.number: letter for letter in record.letters} if record else {}
    first: dict[str, datetime.date] = {}
    for offering in record.offerings if record else ():
        letter = letters.get(offering.letter)
        addressee = OFFERED_TO.get(letter.texts.get("aan", ""), "") if letter else ""
        first.setdefault(addressee, offering.letter_date)
    return tuple(OfferedTo(to, date) for to, date in first.items())


def archived_file(source: Path, output: Path, version: str, kind: str) -> Path:
    """The file of ``kind`` of an archived version, after checking the whole folder against SHA256SUMS.

    ``version`` and ``kind`` are compared with what exists; neither ever becomes part of a path
    unchecked, so a request cannot reach another file.
    """
    archive = plan_archive(source, output)
    if not is_version(version) or version not in archive.versions() or kind not in ARCHIVED_KINDS:
        raise PlanError("deze versie of dit bestand staat niet in het archief", reason=Reason.NOT_FOUND)
    folder = archive.folder(version)
    damage = verify(folder)
    if damage:
        raise PlanError(f"het archief van versie {version} klopt niet: {'; '.join(damage)}", Location(folder))
    path = _archived_path(folder, kind)
    if path is None:
        raise PlanError(f"versie {version} heeft in het archief geen {kind}", Location(folder), reason=Reason.NOT_FOUND)
    return path


def _archived_path(folder: Path, kind: str) -> Path | None:
    if kind in ("word", "pdf"):
        found = sorted(folder.glob("*.docx" if kind == "word" else "*.pdf"))
        return found[0] if found else None
    path = folder / "bron" / (WORKBOOK_FILE if kind == "werkmap" else METADATA_FILE)
    return path if path.is_file() else None


# --- the long work, one at a time per plan, logged -------------------------------------------------


def build_plan(
    source: Path,
    output: Path,
    template: Path | None,
    *,
    who: str,
    progress: Callable[[str], None],
    on_wait: Callable[[Holder], None] | None = None,
    office: Office | None = None,
) -> BuildResult:
    """Build Word and (with LibreOffice) PDF under the plan's lock, and log who did it.

    ``office``: the werkomgeving's warm LibreOffice, so a build does not start one.
    """
    with plan_lock(output, who, "een build", on_wait=on_wait):
        with_pdf = pdf.find_soffice() is not None
        if not with_pdf:
            progress(f"WAARSCHUWING  zonder PDF: {pdf.NOT_INSTALLED}")
        result = build(
            source, output, template, with_pdf=with_pdf, paginate=True, progress=progress, office=office, who=who
        )
    built = ", ".join(path.name for path in (result.document, result.pdf) if path)
    logbook.record(output, who, "build", built)
    return result


def release_plan(
    source: Path,
    output: Path,
    template: Path | None,
    *,
    who: str,
    author: str,
    description: str,
    version: str | None,
    progress: Callable[[str], None],
    on_wait: Callable[[Holder], None] | None = None,
    office: Office | None = None,
) -> BuildResult:
    """Issue a new version (``commands.versions.release``, which logs who did it) under the plan's lock."""
    with plan_lock(output, who, "een nieuwe versie", on_wait=on_wait):
        result = release(
            source,
            output,
            template,
            author=author,
            description=description,
            version=version,
            progress=progress,
            office=office,
            who=who,
        )
    return result


def offer_plan(
    source: Path,
    output: Path,
    *,
    who: str,
    version: str | None,
    options: OfferOptions,
    progress: Callable[[str], None],
    on_wait: Callable[[Holder], None] | None = None,
    office: Office | None = None,
) -> OfferResult:
    """Offer an issued version to college and raad (``commands.offer.offer``, which logs it) under the plan's lock."""
    with plan_lock(output, who, "een aanbieding", on_wait=on_wait):
        return offer(source, output, version=version, options=options, progress=progress, office=office, who=who)


@dataclass(frozen=True)
class Offerable:
    """A version ``offer_plan`` takes, with the texts the werkomgeving's form starts with."""

    version: str
    texts: OfferTexts  # its last letter's when it was offered before (what ``offer`` takes then), else plan.yaml's
    offered: bool


def offerable_versions(source: Path, output: Path) -> list[Offerable]:
    """The versions ``offer_plan`` takes, newest first: issued (in plan.yaml) and archived, each with its texts."""
    try:
        metadata = read_metadata(source / METADATA_FILE)
    except PlanError:
        return []
    issued = {entry.version for entry in metadata.history}
    archive = plan_archive(source, output)
    result = []
    for version in reversed(archive.versions()):
        if version in issued:
            try:
                record = read_record(archive, version)
            except PlanError:
                record = None  # a damaged record: ``offer`` says so
            result.append(Offerable(version, offer_defaults_of(metadata, record), record is not None))
    return result


CURRENT_SOURCE = "werkmap"


def compare_versions(
    source: Path,
    output: Path,
    template: Path | None,
    old: str,
    new: str,
    *,
    progress: Callable[[str], None],
    office: Office | None = None,
) -> DiffResult:
    """Compare two archived versions (or one with the current source, ``CURRENT_SOURCE``); write the redline.

    Only version numbers that are in the archive are taken, never a path from the caller.
    """
    archived = archived_versions(source, output)

    def side(spec: str) -> str:
        if spec == CURRENT_SOURCE:
            return str(source)
        if is_version(spec) and spec in archived:
            return spec
        raise PlanError(f"'{spec}' is geen gearchiveerde versie; kies uit {', '.join(archived) or 'geen'}")

    shown = {str(source): "huidige werkmap"}  # the server's folder is named as its users know it
    return diff(
        side(old), side(new), output, template, source=source, progress=progress, office=office, shown_names=shown
    )


def issue_progress_report(
    source: Path,
    output: Path,
    template: Path | None = None,
    *,
    who: str,
    progress: Callable[[str], None],
    office: Office | None = None,
) -> ProgressReportResult:
    """The voortgangsrapportage (``report.document.write_progress_report``): Word, and PDF with LibreOffice; logged.

    ``office``: the werkomgeving's warm LibreOffice, so the report does not start one.
    """
    from jaarplan.report.document import write_progress_report

    with_pdf = pdf.find_soffice() is not None
    result = write_progress_report(source, output, template, with_pdf=with_pdf, progress=progress, office=office)
    logbook.record(output, who, "voortgang", ", ".join(path.name for path in (result.document, result.pdf) if path))
    return result
