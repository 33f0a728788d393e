"""Word to PDF with LibreOffice, and the page on which each heading landed.

LibreOffice runs headless with a throw-away user profile per run, so a
LibreOffice the user has open, or a second build at the same time, cannot
interfere (they would otherwise share one profile and its lock).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from jaarplan.errors import Location, PlanError

SOFFICE_VARIABLE = "JAARPLAN_SOFFICE"
TIMEOUT_SECONDS = 300
# LibreOffice lays out about a quarter of a megabyte of a document's XML a second on the machine this
# was measured on (a 20,000-row plan: 60 MB, 2,527 pages, 4 minutes). A large document gets four times
# its expected time on top of the time limit, for a slower PC.
SECONDS_PER_MEGABYTE = 4.0

# LibreOffice's PDF export options (filter data): tagged PDF for screen readers,
# bookmarks from headings, and the document title in the reader's title bar.
PDF_EXPORT_OPTIONS = {
    "UseTaggedPDF": True,
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
    "ExportNotes": False,
    "SelectPdfVersion": 0,
}
# The same for a document whose pictures are line art (the progress report's chart): lossless only.
# LibreOffice otherwise compresses every picture both as JPEG and losslessly and keeps the smaller,
# which for a chart of flat colours, hatches and text is always the lossless one: the same PDF, without
# the JPEG attempt (about 0.1 s of the report's export for its 300 dpi chart).
LINE_ART_EXPORT_OPTIONS = {**PDF_EXPORT_OPTIONS, "UseLosslessCompression": True}
# LibreOffice's SelectPdfVersion for PDF/A-2b (ISO 19005-2, level B: the page looks the same for ever):
# fonts embedded, an sRGB output intent, XMP metadata with pdfaid part 2, no encryption or JavaScript.
# The options above stay as they are: LibreOffice keeps the tags, the title and the language in this mode
# (tests/test_pdfa.py reads them back), so the archival PDF is as accessible as the everyday one.
PDF_A2B = 2


def export_options(options: dict | None = None, *, archival: bool = False) -> dict:
    """LibreOffice's export options: ``options`` (by default ``PDF_EXPORT_OPTIONS``), as PDF/A-2b if ``archival``."""
    chosen = PDF_EXPORT_OPTIONS if options is None else options
    return {**chosen, "SelectPdfVersion": PDF_A2B} if archival else chosen


NOT_INSTALLED = (
    "LibreOffice is niet gevonden, en dat is nodig om een PDF te maken: installeer het van "
    "https://nl.libreoffice.org (Windows, macOS) of met 'apt-get install libreoffice-writer' (Linux), "
    f"of zet de omgevingsvariabele {SOFFICE_VARIABLE} op het pad van soffice."
)


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice``: from JAARPLAN_SOFFICE, the PATH, or its usual install folders."""
    configured = os.environ.get(SOFFICE_VARIABLE)
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in _usual_places():
        if candidate.is_file():
            return candidate
    return None


def _usual_places() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice")]


def require_soffice() -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise PlanError(NOT_INSTALLED)
    return soffice


def expected_seconds(document: Path) -> float:
    """About how long LibreOffice takes to lay out this .docx, from the size of its XML; 0 when unreadable."""
    try:
        with zipfile.ZipFile(document) as archive:
            size = sum(entry.file_size for entry in archive.infolist() if entry.filename.startswith("word/"))
    except (OSError, zipfile.BadZipFile):
        return 0.0
    return size / 1_000_000 * SECONDS_PER_MEGABYTE


def time_limit(document: Path, base: float = TIMEOUT_SECONDS) -> float:
    """How long LibreOffice may take over ``document``: ``base``, plus four times its expected time."""
    return base + 4 * expected_seconds(document)


def convert(
    soffice: Path,
    document: Path,
    folder: Path,
    timeout: float | None = None,
    export: dict | None = None,
    *,
    archival: bool = False,
) -> Path:
    """Convert ``document`` to a PDF of the same name in ``folder``; return the PDF's path.

    ``timeout``: by default ``time_limit`` of the document; ``export``: by default ``PDF_EXPORT_OPTIONS``;
    ``archival``: PDF/A-2b with those options (``export_options``).
    """
    timeout = time_limit(document) if timeout is None else timeout
    target = folder / f"{document.stem}.pdf"
    options = export_options(export, archival=archival)
    filter_options = json.dumps({key: _typed(value) for key, value in options.items()})
    with tempfile.TemporaryDirectory(prefix="jaarplan-libreoffice-") as profile:
        command = [
            str(soffice),
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            f"pdf:writer_pdf_Export:{filter_options}",
            "--outdir",
            str(folder),
            str(document),
        ]
        output = _run(command, timeout, document)
    if not target.is_file():
        said = " ".join(output.split())
        raise PlanError(
            f"LibreOffice heeft geen PDF gemaakt{f' (LibreOffice meldt: {said})' if said else ''}", Location(document)
        )
    return target


def _typed(value: bool | int | str) -> dict[str, str]:
    """A filter option as LibreOffice's JSON syntax wants it (LibreOffice 7.4 and later)."""
    kind = "boolean" if isinstance(value, bool) else "long" if isinstance(value, int) else "string"
    return {"type": kind, "value": str(value).lower() if isinstance(value, bool) else str(value)}


def _run(command: list[str], timeout: float, document: Path) -> str:
    """Run LibreOffice; stop it and everything it started when it overruns the time limit."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        **own_process_group(),
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(process)
        process.communicate()
        raise PlanError(
            f"LibreOffice was na {timeout:.0f} seconden nog niet klaar met de PDF en is gestopt", Location(document)
        ) from None
    except BaseException:  # Ctrl-C: LibreOffice runs in its own process group and would not hear it
        kill_tree(process)
        process.communicate()
        raise
    if process.returncode != 0:
        said = " ".join(output.split())
        raise PlanError(f"LibreOffice stopte met foutcode {process.returncode}: {said}", Location(document))
    return output


def own_process_group() -> dict[str, object]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def kill_tree(process: subprocess.Popen[str]) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(process.pid, signal.SIGKILL)


def heading_pages(pdf: Path, titles: list[str]) -> list[int] | None:
    """The page (1-based) of each heading, read from the PDF's bookmarks; None if one is missing.

    LibreOffice makes a bookmark per heading, pointing at the page where it
    really stands, which is exactly what a table of contents needs. (pypdf is
    imported here: only the layout without UNO reads PDFs, and it is slow to import.)
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(pdf)
        bookmarks = [
            (" ".join(item.title.split()), reader.get_destination_page_number(item) + 1)
            for item in _flatten(reader.outline)
        ]
    except (PdfReadError, OSError, ValueError):
        return None
    pages = []
    position = 0
    for title in titles:
        wanted = " ".join(title.split())
        while position < len(bookmarks) and bookmarks[position][0] != wanted:
            position += 1
        if position == len(bookmarks):
            return None
        pages.append(bookmarks[position][1])
        position += 1
    return pages


def _flatten(outline: list) -> list:
    """pypdf nests a bookmark's children in a list after it; give them in document order."""
    items = []
    for item in outline:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items
