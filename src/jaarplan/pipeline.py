"""The build pipeline as one library call: read, validate, render."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from . import contents, pdf
from .errors import Location, PlanError
from .metadata import METADATA_FILE, read_metadata
from .model import Plan
from .output import write_atomically
from .render import render_document
from .validate import validate
from .workbook import WORKBOOK_FILE, read_workbook

MAX_LAYOUT_PASSES = 3
NO_PAGE_NUMBERS = (
    "de paginanummers van de inhoudsopgave konden niet worden bepaald (LibreOffice ontbreekt of gaf geen "
    "bladwijzers); Word vult ze in wanneer het document wordt geopend."
)


def load_plan(source: Path) -> Plan:
    """Read the source folder into a Plan; raise PlanError with every problem found."""
    if not source.is_dir():
        raise PlanError("de bronmap bestaat niet", Location(source))
    metadata = read_metadata(source / METADATA_FILE)
    texts = read_workbook(source / WORKBOOK_FILE)
    plan = Plan(metadata, texts.chapters, texts.themes, texts.footnotes)
    problems = validate(plan)
    if problems:
        raise PlanError.collected(problems)
    return plan


def output_name(plan: Plan) -> str:
    """The document's file name, e.g. "Gezamenlijk jaarplan 2010 - versie 2.2.docx"."""
    return f"{plan.metadata.full_title} - versie {plan.metadata.version}.docx"


def _silent(message: str) -> None:
    """The default progress: say nothing (library use, tests)."""


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    document: Path
    pdf: Path | None = None


def build(
    source: Path,
    output: Path,
    template: Path,
    *,
    with_pdf: bool = False,
    paginate: bool = True,
    progress: Callable[[str], None] = _silent,
) -> BuildResult:
    """Build the Word document (and with ``with_pdf`` the PDF) of the plan in ``source`` into ``output``.

    With ``paginate`` LibreOffice, when installed, lays the document out so the
    table of contents gets its page numbers; ``progress`` is told (in Dutch)
    which step starts, for a user watching a long build.
    """
    progress(f"Bron lezen uit {source} ...")
    plan = load_plan(source)
    target = output / _safe_file_name(output_name(plan))
    rows = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    progress(f"Document opbouwen: {len(plan.themes)} thema's, {rows} matrixregels, versie {plan.metadata.version} ...")
    document = render_document(plan, template)
    soffice = pdf.find_soffice() if paginate or with_pdf else None
    if soffice is None:
        write_atomically(target, document.save)
        if with_pdf:
            raise PlanError(f"{pdf.NOT_INSTALLED} Het Word-document is wel geschreven.", Location(target))
        if paginate:
            progress(f"LET OP: {NO_PAGE_NUMBERS}")
        return BuildResult(plan, target)
    with tempfile.TemporaryDirectory(prefix="jaarplan-") as work:
        pdf_file = _paginate(document, soffice, Path(work) / target.name, progress)
        write_atomically(target, document.save)
        if not with_pdf:
            return BuildResult(plan, target)
        pdf_target = target.with_suffix(".pdf")
        write_atomically(pdf_target, lambda path: shutil.copyfile(pdf_file, path))
    return BuildResult(plan, target, pdf_target)


def _paginate(document: Document, soffice: Path, work_file: Path, progress: Callable[[str], None]) -> Path:
    """Lay the document out with LibreOffice until the table of contents shows the right pages.

    The first pass counts where the headings land; the numbers then go into the
    table of contents, and a second pass confirms them (and makes the final PDF).
    """
    headings = contents.fill(document)
    measured: list[int] | None = None
    for attempt in range(1, MAX_LAYOUT_PASSES + 1):
        progress(f"Pagina's tellen met LibreOffice (ronde {attempt}) ...")
        document.save(work_file)
        pdf_file = pdf.convert(soffice, work_file, work_file.parent)
        pages = pdf.heading_pages(pdf_file, [heading.text for heading in headings])
        if pages is None:
            progress(
                "LET OP: de paginanummers van de inhoudsopgave konden niet worden bepaald; Word vult ze bij openen."
            )
            return pdf_file
        if pages == measured:
            return pdf_file
        contents.fill(document, pages)
        measured = pages
    return pdf_file


def convert_to_pdf(document: Path, progress: Callable[[str], None] = _silent) -> Path:
    """Write the PDF of an existing Word document beside it."""
    if not document.is_file():
        raise PlanError("het Word-document bestaat niet", Location(document))
    soffice = pdf.require_soffice()
    target = document.with_suffix(".pdf")
    progress(f"PDF maken met LibreOffice uit {document} ...")
    with tempfile.TemporaryDirectory(prefix="jaarplan-") as work:
        pdf_file = pdf.convert(soffice, document, Path(work))
        write_atomically(target, lambda path: shutil.copyfile(pdf_file, path))
    return target


def _safe_file_name(name: str) -> str:
    """Replace characters Windows does not allow in file names (a title with '/' for one)."""
    return "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .") or "jaarplan.docx"
