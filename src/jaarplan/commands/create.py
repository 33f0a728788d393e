"""Starting a source folder: a new plan year from last year's, an empty plan, or an import from Word."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from jaarplan.errors import Location, PlanError, Problem, Problems
from jaarplan.importer.from_word import import_document
from jaarplan.importer.report import REPORT_FILE, write_report
from jaarplan.importer.tally import Tally
from jaarplan.model import STATUS_COLUMN, Indicator, Metadata, Plan, PlanTexts, RichText
from jaarplan.source.check import check_source, load_plan, old_years
from jaarplan.source.indicators import check_indicators
from jaarplan.source.metadata import METADATA_FILE, write_metadata
from jaarplan.source.validate import check_deadlines
from jaarplan.source.workbook import SHEET_MATRIX, WORKBOOK_FILE, WORKBOOK_MATRIX_COLUMNS, read_workbook
from jaarplan.source.xlsx.writer import write_workbook

FIRST_VERSION = "0.1"

# The five BBV beleidsindicatoren of taakveld Veiligheid (Besluit begroting en verantwoording), as every
# begroting shows them: offered by ``new`` without values, and without a theme (the user's plan names its own).
_PER_RESIDENTS = "per 1.000 inwoners"
_POLICE = "CBS / politie (waarstaatjegemeente.nl)"
BBV_INDICATORS = (
    Indicator(
        "Verwijzingen Halt",
        "",
        unit="per 1.000 jongeren van 12–17 jaar",
        source="Stichting Halt (waarstaatjegemeente.nl)",
        definition="Het aantal verwijzingen naar Halt per 1.000 jongeren van 12 tot en met 17 jaar.",
    ),
    Indicator(
        "Winkeldiefstallen",
        "",
        unit=_PER_RESIDENTS,
        source=_POLICE,
        definition="Het aantal winkeldiefstallen dat de politie registreerde, per 1.000 inwoners.",
    ),
    Indicator(
        "Geweldsmisdrijven",
        "",
        unit=_PER_RESIDENTS,
        source=_POLICE,
        definition="Het aantal geregistreerde geweldsmisdrijven (zoals mishandeling, bedreiging, zeden- en "
        "levensdelicten), per 1.000 inwoners.",
    ),
    Indicator(
        "Diefstallen uit woning",
        "",
        unit=_PER_RESIDENTS,
        source=_POLICE,
        definition="Het aantal geregistreerde diefstallen uit woningen (woninginbraken), per 1.000 inwoners.",
    ),
    Indicator(
        "Vernielingen en beschadigingen (in de openbare ruimte)",
        "",
        unit=_PER_RESIDENTS,
        source=_POLICE,
        definition="Het aantal geregistreerde vernielingen en beschadigingen in de openbare ruimte, "
        "per 1.000 inwoners.",
    ),
)


def bbv_indicators() -> list[Indicator]:
    """Fresh copies of the five BBV indicators (a plan fills in and keeps its own)."""
    return [replace(indicator, measurements=[], cell_locations={}) for indicator in BBV_INDICATORS]


def new_plan_id(year: int) -> str:
    """A kenmerk for a new plan, e.g. "jaarplan-2011-3fa2c1": its own archive folder, readable and unique."""
    return f"jaarplan-{year}-{secrets.token_hex(3)}"


def new_plan(folder: Path, *, from_source: Path | None, year: int | None, author: str = "") -> list[Problem]:
    """Write a source folder for a new plan; return warnings for the user (texts naming the old year, …).

    Its workbook always has the indicator sheets: a new plan offers the five BBV indicators of Veiligheid
    without values or theme (``check`` asks to choose the theme); with ``from_source`` the old plan's
    indicators come along with their figures, and a plan that had none gets the sheets empty.
    """
    _check_empty_target(folder)
    today = datetime.date.today()
    if from_source is None:
        metadata = Metadata(
            title="Gezamenlijk jaarplan",
            year=year or today.year + 1,
            partners="Politie, OM en gemeente",
            version=FIRST_VERSION,
            date=today,
            author=author,
            status="concept",
        )
        metadata = replace(metadata, plan_id=new_plan_id(metadata.year))
        _write_source(folder, metadata, PlanTexts([], [], {}, indicators=bbv_indicators()))
        return []
    old = load_plan(from_source, allow_changed_issue=True).plan
    metadata = replace(
        old.metadata,
        year=year or old.metadata.year + 1,
        version=FIRST_VERSION,
        date=today,
        author=author or old.metadata.author,
        status="concept",
        history=[],
        previous_year=old.metadata.year,
    )
    metadata = replace(metadata, plan_id=new_plan_id(metadata.year))  # a new plan: never last year's archive
    themes = [replace(theme, goals=[_without_progress(goal) for goal in theme.goals]) for theme in old.themes]
    # Last year's indicators come along with their figures (the nulmeting and the trend stay true). A plan that had
    # none gets the two sheets empty, ready to fill: the BBV rows without a theme would add five warnings to a plan
    # that checked clean last year, and its users chose their own figures (or none).
    texts = PlanTexts(old.chapters, themes, old.footnotes, indicators=old.indicators)
    _write_source(folder, metadata, texts, indicator_sheets=True)
    # Read back what was written, so each warning names its cell in the new workbook (as check will).
    problems = Problems()
    texts = read_workbook(folder / WORKBOOK_FILE, problems, years=old_years(metadata))  # as check will
    plan = Plan(metadata, texts.chapters, texts.themes, texts.footnotes, texts.indicators)
    check_deadlines(plan, problems)
    check_indicators(plan, problems)
    return problems.found


@dataclass
class ImportResult:
    """What ``import`` did: the problems to show, the counts, and the report written beside the workbook."""

    problems: list[Problem]
    tally: Tally
    report: Path


def import_plan(document: Path, folder: Path) -> list[Problem]:
    """Read a Word jaarplan and write it as a source folder; return ``import_with_report``'s problems."""
    return import_with_report(document, folder).problems


def import_with_report(document: Path, folder: Path) -> ImportResult:
    """Read a Word jaarplan, write it as a source folder, and write the import report beside it.

    The problems are what could not be placed, then what the user must still fill in: every
    error ``check`` would give for the new folder (a document that is no jaarplan has no
    partners, author or themes; a date the document did not give), as a warning at its place.
    plan.yaml keeps the number of matrix rows found, so ``check`` warns when the workbook
    later holds fewer.
    """
    _check_empty_target(folder)
    imported = import_document(document)
    metadata = replace(imported.metadata, plan_id=new_plan_id(imported.metadata.year))
    _write_source(folder, metadata, imported.texts, imported.missing, imported.tally.matrix_rows)
    report = write_report(imported.tally, document, folder / WORKBOOK_FILE, folder / REPORT_FILE)
    problems = Problems(list(imported.problems))
    texts = imported.texts
    if not texts.chapters and not texts.themes:
        problems.warn(
            "in het document is geen hoofdstuk en geen thema herkend (is het een jaarplan?); vul de werkmap zelf aan",
            Location(folder / WORKBOOK_FILE),
        )
    for problem in check_source(folder).problems:
        if problem.is_error and not _status_cell(problem.location):
            problems.warn(f"nog in te vullen: {problem.message}", problem.location)
    return ImportResult(problems.found, imported.tally, report)


def _status_cell(location: Location | None) -> bool:
    """A cell of the Matrix's Status column: the importer said each unknown status already, at its Word place.

    ``check`` would say it again (once the plan reads), so import shows it once.
    """
    column = chr(ord("A") + WORKBOOK_MATRIX_COLUMNS.index(STATUS_COLUMN))
    cell = location.cell if location is not None and location.sheet == SHEET_MATRIX else None
    return bool(cell) and cell.rstrip("0123456789") == column


def _without_progress(goal):
    """A new plan year starts without Stand van zaken and without Status."""
    return replace(goal, rows=[replace(row, progress=RichText(), status="") for row in goal.rows])


def _check_empty_target(folder: Path) -> None:
    """Never write over an existing plan."""
    if folder.exists() and not folder.is_dir():
        raise PlanError("dit is een bestand, geen map; kies een (nieuwe) map voor het plan", Location(folder))
    existing = [name for name in (WORKBOOK_FILE, METADATA_FILE) if (folder / name).exists()]
    if existing:
        raise PlanError(
            f"de map bevat al {' en '.join(existing)}; kies een nieuwe map, er wordt niets overschreven",
            Location(folder),
        )


def _write_source(
    folder: Path,
    metadata: Metadata,
    texts: PlanTexts,
    unknown: tuple[str, ...] = (),
    imported_rows: int | None = None,
    *,
    indicator_sheets: bool | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(
        texts, folder / WORKBOOK_FILE, metadata.clusters, metadata.statuses, indicator_sheets=indicator_sheets
    )
    write_metadata(metadata, folder / METADATA_FILE, unknown=unknown, imported_rows=imported_rows)
