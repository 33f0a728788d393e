"""The build pipeline as one library call: read, validate, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, PlanError
from .metadata import METADATA_FILE, read_metadata
from .model import Plan
from .render import render_plan
from .validate import validate
from .workbook import WORKBOOK_FILE, read_workbook


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


def build(source: Path, output: Path, template: Path, progress: Callable[[str], None] = _silent) -> BuildResult:
    """Build the Word document of the plan in ``source`` into the folder ``output``.

    ``progress`` is told (in Dutch) which step starts, for a user watching a long build.
    """
    progress(f"Bron lezen uit {source} ...")
    plan = load_plan(source)
    document = output / _safe_file_name(output_name(plan))
    rows = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    progress(f"Document opbouwen: {len(plan.themes)} thema's, {rows} matrixregels, versie {plan.metadata.version} ...")
    render_plan(plan, template, document)
    return BuildResult(plan, document)


def _safe_file_name(name: str) -> str:
    """Replace characters Windows does not allow in file names (a title with '/' for one)."""
    return "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .") or "jaarplan.docx"
