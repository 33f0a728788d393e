"""The source folder read and checked: what ``jaarplan check`` does, and what every build starts with.

Kept apart from ``commands.build`` so that ``check`` imports only the readers and
the checks: python-docx, docxtpl and Jinja (the writers) cost a tenth of a
second to import, and ``check`` writes nothing (``tests/test_startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from jaarplan.errors import Location, PlanError, Problem, Problems, Reason
from jaarplan.model import Metadata, Plan
from jaarplan.progress import Counter
from jaarplan.source.fingerprint import check_issued, matches_issue
from jaarplan.source.lifecycle import last_issued, working_metadata
from jaarplan.source.metadata import METADATA_FILE, imported_rows, read_metadata
from jaarplan.source.seen import read_marks, split_seen
from jaarplan.source.validate import validate, validate_contents
from jaarplan.source.workbook import WORKBOOK_FILE, YearChange, read_workbook
from jaarplan.source.xlsx.safe_open import check_beside

T = TypeVar("T")


@dataclass
class Checked:
    """What checking a source folder found: the plan (None when there are errors) and every problem."""

    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)  # without the warnings marked as seen
    changed_since_issue: bool = False  # definitief, but not the content issued under its number (--overwrite)
    follows: str = ""  # the issued version this plan is the next concept of ("2.2" for concept 2.3)
    seen: list[Problem] = field(default_factory=list)  # warnings marked as seen (``source.seen``), not shown

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


def check_source(
    source: Path, progress: Callable[[str], None] | None = None, *, allow_changed_issue: bool = False
) -> Checked:
    """Read and check the source folder; every problem of every file at once, nothing raised for input.

    ``progress`` hears how far reading a long matrix is. A plan edited after
    its version was issued (or set back to concept) is the next concept
    (``source.lifecycle``): 2.3, concept, while plan.yaml still says 2.2. With
    ``allow_changed_issue`` (``build --overwrite``, the correction of an issued
    version, and archived sources) it stays the issued number, with a warning.
    Warnings a user marked as seen (``gezien.yaml``) are in ``seen``, not in
    ``problems``.
    """
    problems = Problems()
    checked = _check(source, problems, progress, allow_changed_issue)
    marks = read_marks(source, problems) if source.is_dir() else []  # its warning joins checked.problems
    shown, seen = split_seen(checked.problems, marks)
    return replace(checked, problems=shown, seen=seen)


def _check(
    source: Path, problems: Problems, progress: Callable[[str], None] | None, allow_changed_issue: bool
) -> Checked:
    """``check_source`` before the warnings marked as seen are set apart."""
    if not source.is_dir():
        problems.error(_not_a_folder(source), Location(source))
        return Checked(None, problems.found)
    readable = check_beside(source / WORKBOOK_FILE, problems)  # first: the workbook may be open elsewhere
    metadata = _collecting(problems, read_metadata, source / METADATA_FILE)
    read = Counter(progress, "matrixregels gelezen") if progress else None
    texts = None
    # A concept is a plan in the making: cells that still name last year are worth a look (as 'new' said).
    # Whether the plan is one is known only after reading (an edit after an issued version is the next
    # concept), so they are always looked for and left out below for a plan that is what was issued.
    years = old_years(metadata) if metadata is not None else None
    if readable:
        texts = _collecting(problems, partial(read_workbook, years=years), source / WORKBOOK_FILE, problems, read)
    if metadata is None or texts is None:
        return Checked(None, _for_the_status(problems.found, metadata is not None and metadata.is_concept))
    plan = Plan(metadata, texts.chapters, texts.themes, texts.footnotes, texts.indicators)
    validate(plan, problems, perhaps_filled=texts.misspelt if texts.matrix_read else None)
    if texts.matrix_read:  # else the plan only looks empty, and the sheet's own error says why
        validate_contents(plan, problems, source / WORKBOOK_FILE, imported_rows(source / METADATA_FILE))
    if problems.has_errors:  # every problem in one run: an edited issued version is a concept with errors
        return Checked(None, _for_the_status(problems.found, metadata.is_concept or not matches_issue(plan)))
    if allow_changed_issue:
        as_issued = check_issued(plan, problems, warn_only=True)
        return Checked(plan, _for_the_status(problems.found, metadata.is_concept), not as_issued)
    working = working_metadata(plan, not matches_issue(plan))
    if working is None:
        return Checked(plan, _for_the_status(problems.found, metadata.is_concept))
    follows = last_issued(plan.metadata)
    return Checked(replace(plan, metadata=working), problems.found, follows=follows.version if follows else "")


def old_years(metadata: Metadata) -> YearChange:
    """The years a concept's cells are reminded of: last year, and the year of the plan it was made from.

    Not every older year: a Meetbaar "van 144 in 2005" is a fact, not a leftover. The year the plan came
    from (plan.yaml ``vorig_planjaar``, written by ``new --from``) matters when years were skipped.
    """
    years = (metadata.previous_year, metadata.year - 1) if metadata.previous_year else (metadata.year - 1,)
    return YearChange(tuple(dict.fromkeys(year for year in years if year != metadata.year)), metadata.year)


def _for_the_status(problems: list[Problem], concept: bool) -> list[Problem]:
    """``problems``, without the 'noemt nog <last year>' reminders when the plan is an issued version as issued."""
    return problems if concept else [problem for problem in problems if problem.reason is not Reason.LAST_YEAR]


def _not_a_folder(source: Path) -> str:
    """Why ``source`` is no source folder, and which folder to give instead."""
    expected = f"de bronmap (--source) is de map met {WORKBOOK_FILE} en {METADATA_FILE}"
    if source.is_file():
        folder = source.parent.as_posix() if source.parent != Path() else "."
        return f"dit is een bestand, geen map; {expected}: dit bestand staat in '{folder}' (--source {folder})"
    return f"de bronmap bestaat niet (gezocht: {source.absolute().as_posix()}); {expected}"


def _collecting(problems: Problems, read: Callable[..., T], *arguments: object) -> T | None:
    """Run a reader; a PlanError it raises becomes problems, so the other files are still checked."""
    try:
        return read(*arguments)
    except PlanError as error:
        problems.add(error)
        return None


def load_plan(
    source: Path, progress: Callable[[str], None] | None = None, *, allow_changed_issue: bool = False
) -> Checked:
    """Check the source; raise PlanError with every problem if there is an error."""
    checked = check_source(source, progress, allow_changed_issue=allow_changed_issue)
    if checked.plan is None:
        raise PlanError.collected(checked.problems)
    return checked
