"""The build pipeline as library calls: check, build, convert to PDF, publish as a web page."""

from __future__ import annotations

import contextlib
import datetime
import math
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.document import Document

from jaarplan.errors import Location, PlanError, Problem, Reason, Severity
from jaarplan.model import Metadata, Plan
from jaarplan.office import pdf
from jaarplan.office.session import NO_UNO, Office, UnoUnavailable
from jaarplan.progress import Counter
from jaarplan.source.check import Checked, load_plan
from jaarplan.source.fingerprint import OVERWRITTEN, issued_entry
from jaarplan.source.lifecycle import last_issued, working_metadata
from jaarplan.source.metadata import METADATA_FILE
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.store.archive import SNAPSHOT_FOLDER, Archive, add_missing, archive_of, archive_version
from jaarplan.store.files import keep_backup, write_atomically
from jaarplan.store.publish import publish_document
from jaarplan.store.recovery import finish_interrupted_release
from jaarplan.text import command_line, next_concept
from jaarplan.webpage.page import site_folder_name, write_site
from jaarplan.word import toc
from jaarplan.word.render import render_document, template_warnings
from jaarplan.word.template import JAARPLAN_TEMPLATE, find_template

MAX_LAYOUT_PASSES = 3
ARCHIVE_KEPT = (
    "het archief van deze versie houdt de inhoud zoals die eerder is uitgegeven; het nieuwe document staat "
    "alleen in de uitvoermap (een wijziging wordt een nieuwe versie: geef die uit)"
)
STALE_DOCUMENT = (
    "is ouder dan de bron en staat daarom niet als download op de webpagina; bouw eerst opnieuw "
    "({command} maakt document en webpagina samen)"
)
NO_PAGE_NUMBERS = (
    "de paginanummers van de inhoudsopgave konden niet worden bepaald (LibreOffice ontbreekt of gaf geen "
    "bladwijzers); Word vult ze in wanneer het document wordt geopend."
)


def output_name(plan: Plan) -> str:
    """The document's file name, e.g. "Gezamenlijk jaarplan 2010 - versie 2.2.docx".

    A long title is shortened in the name only (the document keeps it whole): see ``_name_title``.
    """
    return _safe_file_name(f"{_name_title(plan.metadata)} - versie {plan.metadata.version}.docx")


# File systems allow 255 bytes per name (UTF-8 on Linux and macOS). The title gets at most
# this much, leaving room for what other names add to it: " - wijzigingen 2.2 - t.o.v. versie 2.1"
# (redline), " (vervangen 2026-11-29 14.05.09)" (backup), ".pdf".
NAME_TITLE_BYTES = 120


def _name_title(metadata: Metadata) -> str:
    """The title and year for a file name: whole when it fits, else cut after a word, with "…" and the year.

    The same title always gives the same name, so rebuilding replaces the same file.
    """
    if len(metadata.full_title.encode()) <= NAME_TITLE_BYTES:
        return metadata.full_title
    ending = f"… {metadata.year}"
    room = NAME_TITLE_BYTES - len(ending.encode())
    cut = metadata.title.encode()[:room].decode(errors="ignore")  # never half a character
    words = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
    return words.rstrip(" ,;:-–") + ending


def _silent(message: str) -> None:
    """The default progress: say nothing (library use, tests)."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote. ``warnings`` holds them all; those of a workbook open elsewhere were told at once."""

    plan: Plan
    document: Path
    pdf: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    archive: Path | None = None
    site: Path | None = None  # the web page's index.html, with with_html
    seen: int = 0  # warnings left out because the user marked them as seen (``source.seen``)


def build(
    source: Path,
    output: Path,
    template: Path | None = None,
    *,
    with_pdf: bool = False,
    with_html: bool = False,
    paginate: bool = False,
    overwrite: bool = False,
    progress: Callable[[str], None] = _silent,
    office: Office | None = None,
    archive: bool = True,
    who: str = "",
) -> BuildResult:
    """Build the Word document (and with ``with_pdf`` the PDF) of the plan in ``source`` into ``output``.

    With ``paginate`` LibreOffice, when installed, lays the document out so the
    table of contents gets its page numbers. An existing definitief document is
    only replaced with ``overwrite`` (and then kept as a backup). The first
    build of a definitief version also archives it (``store.archive``). ``progress``
    is told (in Dutch) which step starts, for a user watching a long build.
    Without ``template`` the default is found with ``find_template``.
    ``office`` is a LibreOffice kept running by the caller (the werkomgeving);
    without one, a build that needs LibreOffice starts its own while the
    document is being built, and stops it at the end. With ``with_html`` the
    web page is written too (``site``), linking this build's Word and PDF files.
    A release that was interrupted is finished first (``store.recovery``; the
    logboek names ``who``, the werkomgeving's user, else the OS account).
    ``archive=False``: never archive (``release`` archives itself, after the build).
    """
    for line in finish_interrupted_release(source, output, who):
        progress(f"WAARSCHUWING  {line}")
    soffice = pdf.find_soffice() if paginate or with_pdf else None
    with contextlib.ExitStack() as stack:
        if soffice is not None and office is None:
            office = stack.enter_context(Office(soffice))
            _start_early(office)
        result = _build(source, output, template, with_pdf, paginate, overwrite, progress, soffice, office, archive)
    if with_html:
        progress("Webpagina schrijven ...")
        documents = [path for path in (result.document, result.pdf) if path]
        result = replace(result, site=write_site(result.plan, site_folder(output, result.plan), documents=documents))
    return result


def load_working(
    source: Path, output: Path, progress: Callable[[str], None] | None = None, *, overwrite: bool = False
) -> Checked:
    """``load_plan``, and a version issued before fingerprints that was edited since is the next concept too.

    Without a fingerprint (``inhoud:``) the source layer cannot see the edit;
    the archived copy of that version can: when it differs, the plan is the
    next concept, as it is for a plan with a fingerprint.
    """
    checked = load_plan(source, progress, allow_changed_issue=overwrite)
    plan = checked.plan
    entry = issued_entry(plan.metadata)
    if overwrite or checked.follows or plan.metadata.is_concept or entry is None or entry.fingerprint:
        return checked
    archive = archive_of(output, plan.metadata)
    if not (archive.folder(entry.version) / SNAPSHOT_FOLDER).is_dir() or not archive.owns(entry.version):
        return checked
    from jaarplan.diff.compare import compare  # only for plans this old: a plain build does not load the diff

    issued = load_plan(archive.source(entry.version), allow_changed_issue=True).plan
    changes = compare(issued, plan, "", "")
    working = working_metadata(plan, changes.has_changes)
    if working is None:
        return checked
    follows = last_issued(plan.metadata)
    return replace(checked, plan=replace(plan, metadata=working), follows=follows.version if follows else "")


def _start_early(office: Office) -> None:
    """Let LibreOffice start while the source is read and the document built (it takes about a second)."""
    with contextlib.suppress(UnoUnavailable):
        office.start()


def _build(
    source: Path,
    output: Path,
    template: Path | None,
    with_pdf: bool,
    paginate: bool,
    overwrite: bool,
    progress: Callable[[str], None],
    soffice: Path | None,
    office: Office | None,
    archive: bool = True,
) -> BuildResult:
    """``build`` once LibreOffice is found (``soffice``) and, when it is, started (``office``)."""
    progress(f"Bron lezen en controleren: {source} ...")
    checked = load_working(source, output, progress, overwrite=overwrite)
    for warning in checked.warnings:  # now, not after the long LibreOffice step: the user may want to save first
        if warning.reason is Reason.OPEN_ELSEWHERE:
            progress(f"{warning.severity.value}  {warning}")
    plan = checked.plan
    if checked.follows:
        progress(next_concept(checked.follows, plan.metadata.version))
    target = output / output_name(plan)
    plan_archive = archive_of(output, plan.metadata)
    rows = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    progress(f"Document opbouwen: {len(plan.themes)} thema's, {rows} matrixregels, versie {plan.metadata.version} ...")
    template = find_template(JAARPLAN_TEMPLATE, template)
    progress(f"Sjabloon: {template}")
    document = render_document(plan, template, Counter(progress, "matrixregels geschreven"))
    with tempfile.TemporaryDirectory(prefix="jaarplan-") as work:
        pdf_file = None
        if soffice is not None:
            pdf_file = paginate_document(document, soffice, Path(work) / target.name, progress, office)
        elif paginate:
            progress(f"WAARSCHUWING  {NO_PAGE_NUMBERS}")
        issued = None if plan.metadata.is_concept else plan_archive.document(plan.metadata.version)
        archived_pdf = issued.with_suffix(".pdf") if issued is not None else None
        published = publish_document(target, document.save, overwrite=overwrite, archived=issued)
        backups = [published.backup] if published.backup else []
        warnings = [*checked.warnings, *template_warnings(plan, template)]
        if checked.changed_since_issue:
            warnings.append(Problem(OVERWRITTEN.format(version=plan.metadata.version), None, Severity.WARNING))
        if published.differs_from_archive:
            warnings.append(Problem(ARCHIVE_KEPT, Location(issued.parent), Severity.WARNING))
        result = BuildResult(plan, target, None, warnings, backups, seen=len(checked.seen))
        if with_pdf and pdf_file is not None:
            pdf_target = target.with_suffix(".pdf")
            if backups and pdf_target.exists():
                backups.append(keep_backup(pdf_target))
            if not published.differs_from_archive and archived_pdf is not None and archived_pdf.is_file():
                pdf_file = archived_pdf  # the issued PDF, byte for byte (a new one differs in its timestamps)
            write_atomically(pdf_target, lambda path: shutil.copyfile(pdf_file, path))
            result = replace(result, pdf=pdf_target)
    if archive and not plan.metadata.is_concept and not checked.changed_since_issue:
        result = _archive(result, issued, published.differs_from_archive, plan_archive, source)
    if with_pdf and soffice is None:
        raise PlanError(f"{pdf.NOT_INSTALLED} Het Word-document is wel geschreven.", Location(target))
    return result


@dataclass(frozen=True)
class SiteResult:
    page: Path  # index.html
    documents: list[Path]  # the Word/PDF files linked from the footer
    warnings: list[Problem] = field(default_factory=list)
    seen: int = 0  # warnings left out because the user marked them as seen (``source.seen``)


def site_folder(output: Path, plan: Plan) -> Path:
    """Where the web page of this version goes: "output/Gezamenlijk jaarplan 2010 - versie 2.2 (web)"."""
    return output / site_folder_name(output_name(plan))


def publish_site(
    source: Path, output: Path, *, built_on: datetime.date | None = None, progress: Callable[[str], None] = _silent
) -> SiteResult:
    """Write the plan in ``source`` as a web page into its folder in ``output``, without building Word.

    The Word and PDF files of this version in ``output`` are linked (and
    copied beside the page) only when they are not older than the source:
    a page never offers a document with other content than itself.
    """
    progress(f"Bron lezen en controleren: {source} ...")
    checked = load_plan(source, progress)
    plan = checked.plan
    word = output / output_name(plan)
    source_changed = max(path.stat().st_mtime for path in (source / METADATA_FILE, source / WORKBOOK_FILE))
    documents, warnings = [], list(checked.warnings)
    for document in (word, word.with_suffix(".pdf")):
        if not document.is_file():
            continue
        if document.stat().st_mtime < source_changed:
            command = command_line("jaarplan", "build", "--source", source, "--output", output, "--html")
            warnings.append(Problem(STALE_DOCUMENT.format(command=command), Location(document), Severity.WARNING))
        else:
            documents.append(document)
    progress("Webpagina schrijven ...")
    page = write_site(plan, site_folder(output, plan), documents=documents, built_on=built_on)
    return SiteResult(page, documents, warnings, len(checked.seen))


def _archive(
    result: BuildResult, issued: Path | None, differs_from_archive: bool, archive: Archive, source: Path
) -> BuildResult:
    """Archive a definitief version at its first build; a later PDF of the same content joins it."""
    documents = [path for path in (result.document, result.pdf) if path]
    if issued is None:
        return replace(result, archive=archive_version(archive, result.plan.metadata.version, documents, source))
    if not differs_from_archive and add_missing(issued.parent, documents):
        return replace(result, archive=issued.parent)
    return result


def paginate_document(
    document: Document,
    soffice: Path,
    work_file: Path,
    progress: Callable[[str], None],
    office: Office | None = None,
) -> Path:
    """Lay the document out with LibreOffice and give its table of contents the right pages; return the PDF.

    Through UNO (``office.session``) that is one pass: LibreOffice updates the table of
    contents in its copy (which becomes the PDF) and tells on which page each
    heading stands, and those numbers go into ``document``. Without UNO it is
    done by converting until the numbers stop changing (``paginate_by_converting``).
    """
    if office is not None:
        try:
            return _paginate_in_office(document, office, work_file, progress)
        except UnoUnavailable:
            progress(f"WAARSCHUWING  {NO_UNO}")
    return paginate_by_converting(document, soffice, work_file, progress)


def _paginate_in_office(document: Document, office: Office, work_file: Path, progress: Callable[[str], None]) -> Path:
    headings = toc.fill(document)
    document.save(work_file)
    progress(f"Opmaak en paginanummers met LibreOffice{layout_hint(work_file)} ...")
    pdf_file = work_file.with_suffix(".pdf")
    laid_out = office.layout(work_file, pdf_file, [heading.bookmark for heading in headings])
    progress(f"Opmaak klaar: {laid_out.page_count} pagina's.")
    if not headings or not toc.has_table_of_contents(document):
        return pdf_file
    if laid_out.pages is None:
        progress(f"WAARSCHUWING  {NO_PAGE_NUMBERS}")
        return pdf_file
    toc.fill(document, laid_out.pages)
    return pdf_file


def layout_hint(document: Path) -> str:
    """For a large document, how long the layout pass is about to take, so nobody thinks it hangs."""
    minutes = math.ceil(pdf.expected_seconds(document) / 60)
    return f" (een groot document: reken op {minutes} minuten of meer)" if minutes > 1 else ""


def paginate_by_converting(
    document: Document, soffice: Path, work_file: Path, progress: Callable[[str], None], *, archival: bool = False
) -> Path:
    """Lay the document out with ``soffice --convert-to`` until the table of contents shows the right pages.

    The first pass counts where the headings land; the numbers then go into the
    table of contents, and a second pass confirms them (and makes the final PDF;
    ``archival``: PDF/A-2b, ``pdf.export_options``).
    """
    headings = toc.fill(document)
    measured: list[int] | None = None
    for attempt in range(1, MAX_LAYOUT_PASSES + 1):
        document.save(work_file)
        progress(f"Pagina's tellen met LibreOffice (ronde {attempt}){layout_hint(work_file)} ...")
        pdf_file = pdf.convert(soffice, work_file, work_file.parent, archival=archival)
        pages = pdf.heading_pages(pdf_file, [heading.text for heading in headings])
        if pages is None:
            progress(f"WAARSCHUWING  {NO_PAGE_NUMBERS}")
            return pdf_file
        if pages == measured:
            return pdf_file
        toc.fill(document, pages)
        measured = pages
    # Still moving after the last pass (numbers that reflow the contents page): say so rather than pretend.
    progress(
        f"WAARSCHUWING  na {MAX_LAYOUT_PASSES} rondes verschuiven de paginanummers nog; controleer de inhoudsopgave"
    )
    return pdf_file


def convert_to_pdf(
    document: Path, progress: Callable[[str], None] = _silent, office: Office | None = None, *, archival: bool = False
) -> Path:
    """Write the PDF of an existing Word document beside it; the .docx itself is left as it is.

    A table of contents gets its page numbers in the PDF, also when the .docx
    was built without LibreOffice. ``office`` as for ``build``; ``archival``:
    PDF/A-2b for the archive (``pdf.export_options``), tagged as ever.
    """
    if not document.is_file():
        raise PlanError("het Word-document bestaat niet", Location(document))
    soffice = pdf.require_soffice()
    target = document.with_suffix(".pdf")
    progress(f"PDF maken met LibreOffice uit {document} ...")
    with tempfile.TemporaryDirectory(prefix="jaarplan-") as work, contextlib.ExitStack() as stack:
        if office is None:
            office = stack.enter_context(Office(soffice))
        try:
            pdf_file = Path(work) / f"{document.stem}.pdf"
            # LibreOffice's index update numbers the contents
            office.layout(document, pdf_file, [], pdf.export_options(archival=archival))
        except UnoUnavailable:
            progress(f"WAARSCHUWING  {NO_UNO}")
            pdf_file = _convert_by_converting(document, soffice, Path(work), progress, archival)
        write_atomically(target, lambda path: shutil.copyfile(pdf_file, path))
    return target


def _convert_by_converting(
    document: Path, soffice: Path, work: Path, progress: Callable[[str], None], archival: bool
) -> Path:
    """``convert_to_pdf`` without UNO: a document with a table of contents is paginated by converting."""
    loaded = _load_docx(document)
    if loaded is not None and toc.has_table_of_contents(loaded):
        return paginate_by_converting(loaded, soffice, work / document.name, progress, archival=archival)
    return pdf.convert(soffice, document, work, archival=archival)


def _load_docx(path: Path) -> Document | None:
    """The document for python-docx, or None when it cannot read it (LibreOffice may still)."""
    try:
        return docx.Document(str(path))
    except Exception:  # python-docx raises several kinds for files it does not understand
        return None


def _safe_file_name(name: str) -> str:
    """Replace characters Windows does not allow in file names (a title with '/' for one)."""
    return "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .") or "jaarplan.docx"
