"""LibreOffice driven through UNO: one start per build, or one kept warm for many builds.

``import uno`` only works in LibreOffice's own Python, so the UNO side is a
separate script (``worker.py``) run by that Python, talking JSON lines
over its stdin and stdout. An ``Office`` starts it (and through it a headless
``soffice`` with a profile of its own, copied from one LibreOffice set up before:
``prepared_profile``) on first use, lays out one document at
a time, restarts it when it died, kills it when it overran the time limit,
and tells it to quit when it is closed or its owner ends (the worker then
closes LibreOffice properly). Without LibreOffice's Python, ``UnoUnavailable``
tells the caller to fall back to ``soffice --convert-to`` (``office.pdf.convert``).

The werkomgeving keeps one warm for its lifetime, for builds and progress reports
alike. The CLI's ``build``, ``pdf`` and ``voortgang`` start their own
(``started_office``, before importing the library, so LibreOffice starts while
Python imports and reads). There is no ``jaarplan office start``:
each command is a new process, so keeping LibreOffice warm between commands would
need a background daemon with its own socket, lifetime and stale state.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError
from jaarplan.office import pdf

PYTHON_VARIABLE = "JAARPLAN_OFFICE_PYTHON"
WORKER = Path(__file__).with_name("worker.py")
NO_UNO_MARK = "no-uno"


NO_UNO = (
    "LibreOffice's eigen Python (met UNO) is niet gevonden; de PDF wordt gemaakt met 'soffice --convert-to', "
    "wat langer duurt (zet JAARPLAN_OFFICE_PYTHON op die Python, of installeer python3-uno)."
)


class UnoUnavailable(Exception):
    """No Python that can ``import uno`` was found next to this LibreOffice."""


@dataclass(frozen=True)
class Layout:
    """What one pass through LibreOffice found: the page of each bookmark, the number of pages, time per step."""

    pages: list[int] | None
    page_count: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def office_pythons(soffice: Path) -> list[Path]:
    """The Pythons that may run the worker: JAARPLAN_OFFICE_PYTHON, else LibreOffice's own, else the system's."""
    configured = os.environ.get(PYTHON_VARIABLE)
    if configured:
        return [Path(configured)]
    program = soffice.resolve().parent
    candidates = [
        program / "python.exe",  # Windows: LibreOffice ships its Python in the program folder
        program / "python",  # LibreOffice's own Linux builds
        program.parent / "Resources" / "python",  # macOS app bundle
    ]
    if sys.platform != "win32":
        candidates.append(Path("/usr/bin/python3"))  # Debian and others: python3-uno for the system Python
    return [candidate for candidate in candidates if candidate.is_file()]


@contextlib.contextmanager
def started_office() -> Iterator[Office | None]:
    """An Office started at once, stopped at the end; None when LibreOffice is not installed.

    Started first thing, LibreOffice (about a second) gets going while the
    caller imports the rest and reads the source: the CLI does this.
    """
    soffice = pdf.find_soffice()
    if soffice is None:
        yield None
        return
    with Office(soffice) as office:
        with contextlib.suppress(UnoUnavailable):  # the build falls back, and says so
            office.start()
        yield office


def export_pdf(
    office: Office, document: Path, folder: Path, progress: Callable[[str], None], *, archival: bool = False
) -> Path:
    """The PDF of a document with no page numbers to fill in, written into ``folder``: one pass through ``office``.

    The same worker and profile as a build's layout pass (a warm office: no
    LibreOffice start at all), with the export options for line art
    (``pdf.LINE_ART_EXPORT_OPTIONS``: the progress report's one picture is its
    chart); without UNO one ``soffice --convert-to``, and ``progress`` is told
    why it takes longer. ``archival``: PDF/A-2b for the archive
    (``pdf.export_options``), still tagged, with the title and language. A
    table of contents: through UNO the worker's index update numbers it; the
    conversion without UNO keeps the numbers the .docx has (a built jaarplan
    has them; ``commands.build.convert_to_pdf`` paginates one that has none).
    """
    target = folder / f"{document.stem}.pdf"
    options = pdf.export_options(pdf.LINE_ART_EXPORT_OPTIONS, archival=archival)
    try:
        office.layout(document, target, [], options)
    except UnoUnavailable:
        progress(f"WAARSCHUWING  {NO_UNO}")
        return pdf.convert(office.soffice, document, folder, export=options)
    return target


def prepared_profile(soffice: Path) -> Path:
    """Where a profile this LibreOffice has already set up is kept, for the next start to begin from.

    A new, empty profile makes LibreOffice set it up and restart itself: 0.1 to
    0.3 s of every start. Each worker still gets its own copy (two builds never
    share a profile or its lock); only the set-up is reused. The folder is named
    after this soffice's path, size and date, so an update of LibreOffice gets a
    new one. Per user: ``%LOCALAPPDATA%\\jaarplan`` or ``~/.cache/jaarplan``.
    """
    if sys.platform == "win32":
        cache = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "jaarplan"
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jaarplan"
    try:
        found = soffice.resolve().stat()
        key = f"{soffice.resolve()}|{found.st_size}|{found.st_mtime_ns}"
    except OSError:
        key = str(soffice)
    return cache / f"libreoffice-profiel-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _keep_prepared(profile: Path, prepared: Path) -> None:
    """Copy a profile LibreOffice has set up (it is running: its lock file stays behind) to ``prepared``."""
    if prepared.exists():
        return
    temporary = prepared.with_name(f"{prepared.name}.{os.getpid()}.nieuw")
    try:
        shutil.copytree(profile, temporary, ignore=shutil.ignore_patterns(".lock", "*.log"))
        temporary.rename(prepared)  # another process may have been first: then this one is dropped
    except OSError:
        pass
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


class _Worker:
    """One running worker process (and the soffice it started), with a thread reading its answers."""

    def __init__(self, python: Path, soffice: Path) -> None:
        self.folder = tempfile.mkdtemp(prefix="jaarplan-office-")
        self.profile = Path(self.folder, "profile").resolve()
        self.prepared = prepared_profile(soffice)
        self.from_prepared = _copy_prepared(self.prepared, self.profile)
        profile = self.profile.as_uri()
        self.log = Path(self.folder, "libreoffice.log")
        environment = {**os.environ, "TMPDIR": self.folder, "TEMP": self.folder, "TMP": self.folder}
        self.process = subprocess.Popen(
            [str(python), str(WORKER), str(soffice), profile, str(self.log)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=environment,
            **pdf.own_process_group(),
        )
        self.answers: queue.Queue[dict | None] = queue.Queue()
        self.ready = False
        threading.Thread(target=self._read, daemon=True).start()

    def is_ready(self, hello: dict) -> bool:
        """Whether the worker's first line says LibreOffice is up; a set-up profile is then kept for next time."""
        self.ready = "ready" in hello
        if self.ready and not self.from_prepared:
            _keep_prepared(self.profile, self.prepared)
        return self.ready

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                self.answers.put(json.loads(line))
            except ValueError:  # not ours: a library printing to stdout
                continue
        self.answers.put(None)  # the worker ended
        self.process.wait()  # and is reaped here, also after close() let it go on its own

    def answer(self, timeout: float) -> dict | None:
        """The next answer; None when the worker ended; raises queue.Empty after ``timeout`` seconds."""
        return self.answers.get(timeout=timeout)

    def send(self, request: dict) -> None:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def said(self) -> str:
        """The last lines LibreOffice wrote, for a message."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " ".join(" ".join(text.splitlines()[-3:]).split())


def _copy_prepared(prepared: Path, profile: Path) -> bool:
    """Start ``profile`` as a copy of the prepared one, if there is one; False: LibreOffice sets it up itself."""
    if not prepared.is_dir():
        return False
    try:
        shutil.copytree(prepared, profile)
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False
    return True


def _let_go(process: subprocess.Popen, folder: str) -> None:
    """Tell the worker to quit, without waiting: it closes LibreOffice properly and removes ``folder`` itself.

    Closed properly, soffice removes its pipe files from /tmp (a killed one
    leaves them behind), which takes it about 0.1 s the caller need not wait for.
    """
    if process.poll() is not None:  # it ended on its own, perhaps without tidying up
        _stop(process, folder)
        return
    try:
        process.stdin.write(json.dumps({"quit": True}) + "\n")
        process.stdin.close()
    except OSError:  # it ended just now
        _stop(process, folder)


def _stop(process: subprocess.Popen, folder: str) -> None:
    """Kill the worker and soffice (one process group) and remove the profile and temporary files."""
    if process.poll() is None:
        pdf.kill_tree(process)
    for stream in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            stream.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


class Office:
    """A LibreOffice for one document at a time: started on first use, kept for the next.

    Use it as a context manager (or call ``close``); it is also killed when
    the object is collected or Python exits. ``timeout`` bounds each document.
    """

    def __init__(self, soffice: Path, timeout: float = pdf.TIMEOUT_SECONDS) -> None:
        self.soffice = soffice
        self.timeout = timeout
        self._worker: _Worker | None = None
        self._pythons: list[Path] | None = None
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize | None = None
        self._last_said = ""

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    @property
    def process_id(self) -> int | None:
        """The worker's process id (LibreOffice runs in its process group); None when none is running."""
        worker = self._worker
        return worker.process.pid if worker is not None and worker.process.poll() is None else None

    def start(self) -> None:
        """Start LibreOffice now, in the background, so it is ready when the first document comes."""
        with self._lock:
            self._start()

    def _start(self) -> _Worker:
        if self._worker is not None and self._worker.process.poll() is None:
            return self._worker
        self._discard()
        if self._pythons is None:
            self._pythons = office_pythons(self.soffice)
        if not self._pythons:
            raise UnoUnavailable(f"geen Python met UNO gevonden bij {self.soffice}")
        self._worker = _Worker(self._pythons[0], self.soffice)
        self._finalizer = weakref.finalize(self, _let_go, self._worker.process, self._worker.folder)
        return self._worker

    def layout(self, document: Path, target: Path, bookmarks: list[str], export: dict | None = None) -> Layout:
        """Lay ``document`` out once: indexes updated, the page of each bookmark, the PDF written to ``target``.

        ``export``: LibreOffice's PDF export options, by default ``pdf.PDF_EXPORT_OPTIONS``.

        A LibreOffice that died since the last document is started again; one
        that overruns the time limit is killed (the next document starts a new one).
        """
        request = {
            "layout": {
                "document": str(document),
                "pdf": str(target),
                "bookmarks": bookmarks,
                "export": pdf.PDF_EXPORT_OPTIONS if export is None else export,
            }
        }
        limit = pdf.time_limit(document, self.timeout)  # a large document gets more time
        with self._lock:
            answer = self._ask(request, document, limit)
            if answer is None:  # LibreOffice died since the last document: once more, freshly started
                answer = self._ask(request, document, limit)
            if answer is None:
                raise PlanError(self._died_message(), Location(document))
        if "error" in answer:
            raise PlanError(f"LibreOffice kon de PDF niet maken: {answer['error']}", Location(document))
        if not target.is_file():
            raise PlanError("LibreOffice heeft geen PDF gemaakt", Location(document))
        return Layout(answer.get("pages"), answer.get("page_count", 0), answer.get("seconds", {}))

    def _ask(self, request: dict, document: Path, limit: float) -> dict | None:
        """Send one request and wait for its answer; None when the worker died on the way (it is restarted)."""
        worker = self._ready_worker(document)
        try:
            worker.send(request)
            answer = worker.answer(limit)
        except (BrokenPipeError, OSError):
            answer = None
        except queue.Empty:
            self._discard()
            raise PlanError(
                f"LibreOffice was na {limit:.0f} seconden nog niet klaar met de PDF en is gestopt",
                Location(document),
            ) from None
        except BaseException:  # Ctrl-C: LibreOffice runs in its own process group and would not hear it
            self._discard()
            raise
        if answer is None or answer.get("gone"):
            self._last_said = worker.said()
            self._discard()
            return None
        return answer

    def _ready_worker(self, document: Path) -> _Worker:
        """A worker that said it is connected to LibreOffice; the next Python is tried when one lacks UNO."""
        while True:
            worker = self._start()
            if worker.ready:
                return worker
            try:
                hello = worker.answer(self.timeout)
            except queue.Empty:
                self._discard()
                raise PlanError(
                    f"LibreOffice startte niet binnen {self.timeout:.0f} seconden en is gestopt",
                    Location(document),
                ) from None
            except BaseException:
                self._discard()
                raise
            if hello is not None and worker.is_ready(hello):
                return worker
            said = worker.said()
            self._discard()
            if hello is None or str(hello.get("error", "")).startswith(NO_UNO_MARK):
                self._pythons.pop(0)
                if not self._pythons:
                    raise UnoUnavailable("geen Python met UNO gevonden")
                continue
            if worker.from_prepared:  # perhaps the kept profile no longer suits: once more without it
                shutil.rmtree(worker.prepared, ignore_errors=True)
                continue
            raise PlanError(f"LibreOffice startte niet: {hello['error']} {said}".strip(), Location(document))

    def _died_message(self) -> str:
        said = self._last_said
        return f"LibreOffice stopte onverwacht{f' (LibreOffice meldt: {said})' if said else ''}"

    def _discard(self) -> None:
        """Kill the worker at once: it hangs, died, or the user pressed Ctrl-C."""
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
            _stop(self._worker.process, self._worker.folder)
        self._worker = None

    def close(self) -> None:
        """Let LibreOffice close (the worker removes its profile); the next ``layout`` would start a new one."""
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()  # runs _let_go once
                self._finalizer = None
            self._worker = None
