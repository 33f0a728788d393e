"""Long work (build, release, compare) in a background thread, so pages stay quick for everyone.

A job is looked up by a random id; its progress lines are what the library's
``progress`` callback says, with the server's folders shown by name only
(``ServerPaths``): where a team server keeps its files is not the users'
business. A browser that goes away does not stop a job: the library writes
every file atomically, so no half file is ever left. Pages name a job by what
it does ("Bouwen"), never by its internal kind. A refused upload's check is
kept as a finished job too, so its whole list of problems can be downloaded.
"""

from __future__ import annotations

import datetime
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from jaarplan.errors import PlanError, Problem

KEPT_JOBS = 200


@dataclass(frozen=True)
class ServerPaths:
    """The server's folders as the progress lines name them, and how users see them instead."""

    shown: tuple[tuple[str, str], ...] = ()  # (text, shown as), the longest text first

    @classmethod
    def of(cls, folders: dict[PurePath, str]) -> ServerPaths:
        """Each folder as given and resolved, in both spellings a message may use.

        On Windows ``str(path)`` says ``C:\\srv\\source`` but a Location (and so
        most library messages) says ``C:/srv/source``: both must be hidden. A
        folder with its separator is dropped (a file by its name within it);
        without, it is replaced by its label.
        """
        pairs: dict[str, str] = {}
        for folder, name in folders.items():
            forms = {folder, folder.resolve()} if isinstance(folder, Path) else {folder}
            for form in (form for form in forms if form.parts):  # never "." (it would hide every dot)
                for text, separator in _spellings(form):
                    pairs[text + separator] = ""
                    pairs[text] = name
        return cls(tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0]))))

    def hide(self, message: str) -> str:
        """A file in a folder by its name within it; the folder itself by its label."""
        for text, name in self.shown:
            message = message.replace(text, name)
        return message


def _spellings(folder: PurePath) -> set[tuple[str, str]]:
    """A folder's text with the separator after it: native, and with forward slashes."""
    native = str(folder)
    separator = "\\" if isinstance(folder, PureWindowsPath) else "/"
    return {(native, separator), (folder.as_posix(), "/")}


WAITING, RUNNING, DONE, FAILED = "wacht", "bezig", "klaar", "mislukt"
TITLES = {
    "build": "Bouwen",
    "release": "Versie uitgeven",
    "compare": "Versies vergelijken",
    "report": "Voortgangsrapportage",
    "offer": "Aanbieden aan college en raad",
    "check": "Werkmap controleren",
}
STATES = {WAITING: "wacht op zijn beurt", RUNNING: "bezig", DONE: "klaar", FAILED: "mislukt"}


@dataclass
class Job:
    id: str
    kind: str  # "build", "release", "compare", "report", "offer"; "check": a refused upload, kept for its problems
    who: str
    state: str = RUNNING
    messages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    result: Any = None
    started: datetime.datetime = field(default_factory=datetime.datetime.now)
    paths: ServerPaths = field(default_factory=ServerPaths)
    subject: str = ""  # what it worked on, as the user named it: a refused upload's file name

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def title(self) -> str:
        """What the job does, as the page and Lopend werk name it ("Bouwen"), never the internal kind."""
        return TITLES.get(self.kind, self.kind)

    @property
    def summary(self) -> str:
        """One line for Lopend werk: "Bouwen door jan.meijer, gestart om 21:14: wacht op zijn beurt"."""
        return f"{self.title} door {self.who}, gestart om {self.started:%H:%M}: {STATES.get(self.state, self.state)}"

    def shown(self, problem: Problem) -> str:
        """A problem as the page shows it: with the server's folders by name only."""
        return self.paths.hide(f"{problem.severity.value} {problem}")

    @property
    def problems_file(self) -> str:
        """The name its problems download under: "meldingen bij groot.csv" for a refused groot.xlsx."""
        about = PurePath(self.subject).stem if self.subject else self.title.lower()
        return f"meldingen bij {about}.csv"

    def say(self, message: str) -> None:
        """The library's progress callback: one Dutch line per step, as a page shows a problem.

        The CLI lines up "FOUT  " and "WAARSCHUWING  " with two spaces; a page says "WAARSCHUWING zonder PDF".
        """
        message = re.sub(r"^(FOUT|WAARSCHUWING) {2,}", r"\1 ", message)
        self.messages.append(self.paths.hide(message))
        if self.state == WAITING:
            self.state = RUNNING

    def wait(self, holder: object) -> None:
        """The lock's on_wait: another build or release goes first."""
        self.state = WAITING
        self.messages.append(f"Wacht: eerst wordt {holder} afgemaakt ...")


class JobLimit(Exception):
    """The user already has a long job running or waiting: ``job``."""

    def __init__(self, job: Job) -> None:
        super().__init__(job.id)
        self.job = job


class Jobs:
    """The jobs of this server process, the newest KEPT_JOBS of them; per user at most one unfinished.

    One per user, so nobody, not even a lezer making reports, can start more
    LibreOffice work than the server can do: the team waits behind at most one
    job per person.
    """

    def __init__(self, paths: ServerPaths | None = None) -> None:
        self._paths = paths or ServerPaths()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, who: str, work: Callable[[Job], Any]) -> Job:
        """Run ``work`` in the background as a new job; JobLimit when ``who`` still has one unfinished."""
        job = Job(secrets.token_hex(16), kind, who, paths=self._paths)
        self._keep(job, one_unfinished=True)
        threading.Thread(target=self._run, args=(job, work), name=f"jaarplan-{kind}", daemon=True).start()
        return job

    def keep_finished(self, kind: str, who: str, state: str, *, problems: list[Problem], subject: str = "") -> Job:
        """A job that is done already (a refused upload's check), kept so its problems can be downloaded.

        Only the newest of its kind per user: 100,000 problems take some 40 MB, and
        KEPT_JOBS refused uploads would otherwise pin gigabytes.
        """
        job = Job(secrets.token_hex(16), kind, who, state=state, problems=list(problems), paths=self._paths)
        job.subject = subject
        with self._lock:
            for earlier in [old for old in self._jobs.values() if (old.kind, old.who) == (kind, who) and old.finished]:
                del self._jobs[earlier.id]
        self._keep(job)
        return job

    @property
    def paths(self) -> ServerPaths:
        """The server's folders and the names users know them by, for messages outside a job too."""
        return self._paths

    def _keep(self, job: Job, *, one_unfinished: bool = False) -> None:
        """Keep ``job``; with ``one_unfinished`` JobLimit when its user still has one running or waiting."""
        with self._lock:
            mine = (old for old in self._jobs.values() if old.who == job.who and not old.finished)
            if one_unfinished and (running := next(mine, None)):
                raise JobLimit(running)
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.pop(next(iter(self._jobs)))

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def unfinished(self) -> list[Job]:
        with self._lock:
            return [job for job in self._jobs.values() if not job.finished]

    @staticmethod
    def _run(job: Job, work: Callable[[Job], Any]) -> None:
        try:
            job.result = work(job)
            job.state = DONE
        except PlanError as error:
            job.problems = list(error.problems)
            job.state = FAILED
        except Exception:  # a bug: the job says so; the traceback goes to the server's log
            import logging

            logging.getLogger("jaarplan.web").exception("taak %s (%s) mislukt", job.id, job.kind)
            job.messages.append("Er ging iets onverwachts mis; de beheerder vindt de details in het serverlog.")
            job.state = FAILED
