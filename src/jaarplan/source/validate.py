"""Rules that span the plan's parts: checks that need the whole model, with locations."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from jaarplan.errors import Location, Problems
from jaarplan.model import ROW_FIELDS, MatrixRow, Plan, RichText
from jaarplan.source.indicators import check_indicators
from jaarplan.text import dutch_date, parse_deadline, shorten

DEADLINE = ROW_FIELDS.index("deadline")


def validate(plan: Plan, problems: Problems, *, perhaps_filled: Collection[str] | None = ()) -> None:
    """Add every problem of the plan as a whole to ``problems``, in the order of the workbook.

    Every problem shows in one run, errors or not. Only a theme that may have
    rows the reader could not place is not called empty: those in
    ``perhaps_filled`` (a misspelt Thema in the Matrix resembles them), or
    every theme (None) when the Thema or Matrix sheet could not be read.
    """
    _check_clusters(plan, problems)
    if perhaps_filled is not None:
        _check_empty_themes(plan, problems, perhaps_filled)
    _check_footnotes(plan, problems)
    _check_statuses(plan, problems)
    check_deadlines(plan, problems)
    check_indicators(plan, problems)


def _check_clusters(plan: Plan, problems: Problems) -> None:
    known = plan.metadata.clusters
    for theme in plan.themes:
        where = theme.cluster_location or theme.location
        if not theme.cluster:
            problems.error(f"thema '{theme.title}' heeft geen cluster", where)
        elif known and theme.cluster not in known:
            choices = ", ".join(f"'{cluster}'" for cluster in known)
            problems.error(f"onbekend cluster '{theme.cluster}'; kies uit {choices} (plan.yaml)", where)


def _check_empty_themes(plan: Plan, problems: Problems, perhaps_filled: Collection[str]) -> None:
    for theme in plan.themes:
        if not theme.paragraphs and not theme.see_also and not theme.goals and theme.title not in perhaps_filled:
            problems.warn(
                f"thema '{theme.title}' heeft geen tekst en geen matrixregels; het komt als lege kop in het document",
                theme.location,
            )


def _check_footnotes(plan: Plan, problems: Problems) -> None:
    for texts, locations, fallback in _texts_with_locations(plan):
        for index, text in enumerate(texts):
            for key in text.footnote_keys():
                if key not in plan.footnotes:
                    location = locations[index] if index < len(locations) else fallback
                    problems.error(
                        f"verwijzing naar voetnoot '{key}', maar die staat niet op het blad Voetnoten", location
                    )
    for footnote in plan.footnotes.values():
        for paragraph in footnote.paragraphs:
            if any(paragraph.footnote_keys()):
                problems.error("een voetnoot kan zelf geen voetnoot bevatten", footnote.location)


def _texts_with_locations(
    plan: Plan,
) -> Iterator[tuple[Sequence[RichText], Sequence[Location | None], Location | None]]:
    """Every text, in groups: texts, the cell each came from, and the part's location for texts without one.

    A location is only looked up for a text with a problem: a matrix row makes
    its cells' locations when asked (``RowLocations``).
    """
    for chapter in plan.chapters:
        yield chapter.paragraphs, chapter.paragraph_locations, chapter.location
    for theme in plan.themes:
        yield theme.paragraphs, theme.paragraph_locations, theme.location
        yield theme.see_also, theme.see_also_locations, theme.location
        for goal in theme.goals:
            yield (goal.title,), (goal.location,), goal.location
            for row in goal.rows:
                yield row.cells(), row.cell_locations, row.location


def _check_statuses(plan: Plan, problems: Problems) -> None:
    """A Status must be one of plan.yaml's; aandacht and achter must say why in Stand van zaken."""
    names = [kind.name for kind in plan.metadata.statuses]
    for theme in plan.themes:
        for goal in theme.goals:
            for row in goal.rows:
                if not row.status:
                    continue
                kind = plan.metadata.status_kind(row.status)
                if kind is None:
                    # a typo ("op shema"), not another word that shares letters ("Uitgesteld" is no "gereed")
                    hint = difflib.get_close_matches(row.status.casefold(), names, n=1, cutoff=0.6)
                    suggestion = f"; bedoelt u '{hint[0]}'?" if hint else "."
                    choices = ", ".join(f"'{name}'" for name in names)
                    problems.error(
                        f"onbekende status '{row.status}'{suggestion} Kies uit {choices} (plan.yaml, statussen)",
                        row.status_location,
                    )
                elif kind.attention and not row.progress:
                    problems.warn(
                        f"status '{kind.name}' maar Stand van zaken is leeg: leg in die kolom uit waarom "
                        "(oorzaak, gevolg, wat er gebeurt)",
                        row.status_location,
                        about=row.specific.text,  # the row it is about: a mark follows it, not its neighbour
                    )


def validate_contents(plan: Plan, problems: Problems, workbook: Path, imported_rows: int | None) -> None:
    """Warn when the plan has no themes or no matrix rows, or fewer rows than the import from Word found.

    Warnings, not errors: a plan in the making may be empty for a while, but after an import it is
    the sign of text left behind in the Word file. Called only when the Thema and Matrix sheets were
    read (``PlanTexts.matrix_read``): an unreadable sheet leaves the plan looking empty and has its
    own error. Any other error does not hold these back, so one run shows every problem.
    """
    rows = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    found = imported_rows
    report = " (zie importverslag.docx naast de werkmap)" if found is not None else ""
    if not plan.themes:
        problems.warn(f"het plan heeft geen thema's; het document krijgt geen matrix{report}", Location(workbook))
    elif not rows:
        problems.warn(f"het plan heeft geen matrixregels; het document krijgt lege matrices{report}",
                      Location(workbook, "Matrix"))  # fmt: skip
    if found is not None and rows < found:
        problems.warn(
            f"de werkmap heeft {rows} matrixregels, de import uit Word vond er {found}{report}; zet de "
            "ontbrekende regels terug, of haal 'import_matrixregels' uit plan.yaml als ze bewust weg zijn",
            Location(workbook, "Matrix"),
        )


def check_deadlines(plan: Plan, problems: Problems) -> None:
    """A Deadline is a date of the plan's year, or a warning that says how the progress report treats it.

    Read as ``report.summary`` reads it (``text.parse_deadline``), so what the
    check accepts is exactly what can become verlopen. ``new --from`` runs it
    too: last year's Deadlines come along into the new year.
    """
    year = plan.metadata.year
    for theme in plan.themes:
        for goal in theme.goals:
            for row in goal.rows:
                text = " ".join(row.deadline.text.split())
                if not text:  # empty, or a date serial that is no date: the reader left it out and warned (one cause)
                    continue
                date = parse_deadline(text, year)
                if date is None:
                    problems.warn(
                        f"Deadline '{shorten(text)}' is geen datum; de voortgangsrapportage toont de tekst zoals "
                        "hij is en telt deze actie nooit als verlopen. Is er een einddatum, typ die dan als datum "
                        f"(zoals '1 juli {year}', '1-7-{year}' of 'eind {year}')",
                        _deadline_location(row),
                        about=text,
                    )
                elif date.year != year:
                    problems.warn(
                        f"Deadline '{shorten(text)}' valt in {date.year}, niet in het planjaar {year}; de "
                        f"voortgangsrapportage rekent met {dutch_date(date)}. Klopt het jaar?",
                        _deadline_location(row),
                        about=text,
                    )


def _deadline_location(row: MatrixRow) -> Location | None:
    return row.cell_locations[DEADLINE] if len(row.cell_locations) > DEADLINE else row.location
