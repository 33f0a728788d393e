"""``import-figures``: figures from a statistics site's CSV file into the workbook's Metingen sheet.

Nothing of the user's workbook may be lost. So the import refuses while
Excel or LibreOffice has the workbook open (their lock file beside it, or on
Windows a file that cannot be opened for writing), keeps a copy of it first
("jaarplan (vervangen …).xlsx"), writes the new workbook beside it and
renames it into place, and changes only the Metingen sheet's part
(``source.xlsx.measurements``). The column mapping, once complete, is kept
in ``cijfers.yaml`` beside ``plan.yaml`` (``source.figure_mapping``) so the
next year's file needs no questions; the CLI asks for what is missing
(``missing_choices``, ``unknown_names``: worked out here, so a web face can
ask the same). Messages name no command-line option: a face that has them
says them itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError, Problem, Problems
from jaarplan.source.figure_mapping import MAPPING_FILE, kept, mappings_text, matching, read_mappings
from jaarplan.source.figures import FigureMapping, FigureTable, collect, read_table
from jaarplan.source.workbook import SHEET_INDICATORS, WORKBOOK_FILE
from jaarplan.source.xlsx.measurements import plan_indicator_names, write_measurements
from jaarplan.source.xlsx.safe_open import check_beside, check_workbook_file, opened_in
from jaarplan.store.files import check_replaceable, keep_backup, move_into_place, temporary_beside, write_atomically

NAMED_AREAS = 12  # areas named in a message about the own municipality


@dataclass
class FigureImport:
    """What an import did, for the summary a user reads."""

    new: int
    replaced: int
    unchanged: int
    missing: int  # "." or empty values skipped
    unmapped: dict[str, int]  # names in the file that are no indicator of the plan (with their values' count)
    backup: Path | None  # the copy kept of the workbook; None when nothing changed
    mapping_file: Path
    mapping_saved: bool
    warnings: list[Problem] = field(default_factory=list)
    plan_indicators: list[str] = field(default_factory=list)  # to link an unmapped name to, without the workbook


def figure_table(csv_file: Path) -> FigureTable:
    """The CSV file as a table: what the CLI shows when it asks which column is what."""
    return read_table(csv_file)


def saved_mapping(source: Path, csv_file: Path) -> FigureMapping:
    """The mapping kept for this kind of file (its columns are in the file); empty when there is none."""
    return matching(read_mappings(source), read_table(csv_file))


def plan_indicators(source: Path) -> list[str]:
    """The names of the plan's indicators (the Indicatoren sheet), as a mapping must name them."""
    workbook = source / WORKBOOK_FILE
    check_workbook_file(workbook)
    return plan_indicator_names(workbook)


def combined(saved: FigureMapping, given: FigureMapping) -> FigureMapping:
    """The saved mapping with what was given now on top: given columns replace the saved ones all together
    (a file of another shape), a given municipality or name wins over the saved one."""
    columns = given if any((given.area, given.year, given.indicator, given.value)) else saved
    return FigureMapping(
        area=columns.area,
        year=columns.year,
        own_area=given.own_area or saved.own_area,
        indicator=columns.indicator,
        value=columns.value,
        indicators={**saved.indicators, **given.indicators},
        areas={**saved.areas, **given.areas},
    )


def links(pairs: Iterable[str], example: str) -> dict[str, str | None]:
    """ "NAAM=INDICATOR" (or "CODE=NAAM") texts as a dict; "NAAM=" leaves the name out (None)."""
    found: dict[str, str | None] = {}
    for pair in pairs:
        name, equals, target = pair.partition("=")
        if not equals or not name.strip():
            raise PlanError(f"verwacht twee namen met '=' ertussen, zoals {example}; niet '{pair}'")
        found[name.strip()] = target.strip() or None
    return found


def area_names(pairs: Iterable[str]) -> dict[str, str]:
    """ "CODE=NAAM" texts: an area's code in the file → its name in Metingen ("NL01=" keeps the code)."""
    return {name: target or name for name, target in links(pairs, '"NL01=Nederland"').items()}


def unknown_names(table: FigureTable, mapping: FigureMapping, plan: list[str]) -> list[str]:
    """The indicator names in the file that are no plan indicator and not mapped yet: what to ask about."""
    if mapping.is_long:
        column = table.column(mapping.indicator)
        names = table.values(column) if column is not None else []
    else:
        fixed = {mapping.area.casefold(), mapping.year.casefold()}
        names = [column.header for column in table.columns if column.header.casefold() not in fixed]
    known = {name.casefold() for name in plan} | {name.casefold() for name in mapping.indicators}
    return [name for name in names if name.casefold() not in known]


def missing_choices(mapping: FigureMapping) -> list[str]:
    """The Dutch names of what the mapping still lacks: what the CLI asks, or names in its message."""
    wanted = {"gebied": mapping.area, "jaar": mapping.year, "eigen gemeente": mapping.own_area}
    if mapping.is_long:
        wanted |= {"indicator": mapping.indicator, "waarde": mapping.value}
    return [name for name, given in wanted.items() if not given]


def import_figures(csv_file: Path, source: Path, mapping: FigureMapping) -> FigureImport:
    """Read ``csv_file`` through ``mapping`` (the saved one combined with what was given) into the workbook."""
    workbook = source / WORKBOOK_FILE
    check_workbook_file(workbook)
    _refuse_if_open(workbook)
    table = read_table(csv_file)
    lacking = missing_choices(mapping)
    if lacking:
        columns = ", ".join(f"'{column.header}'" for column in table.columns)
        raise PlanError(
            f"nog niet gekozen: {', '.join(lacking)} (de kolommen van het bestand: {columns})", Location(csv_file)
        )
    names = plan_indicator_names(workbook)
    _check_targets(mapping, names, source)
    figures = collect(table, mapping, names)
    warnings = _own_area_warnings(table, mapping, csv_file)
    if not figures.measurements:
        raise PlanError(_nothing_found(figures.unmapped, names), Location(csv_file))
    with temporary_beside(workbook) as temporary:
        written = write_measurements(workbook, temporary, figures.measurements)
        backup = None
        if written.new or written.replaced:  # a file with nothing new leaves the workbook (and its date) alone
            backup = keep_backup(workbook)
            move_into_place(temporary, workbook)
    mapping_file = source / MAPPING_FILE
    saved = _save_mapping(mapping_file, mapping)
    missing = len(figures.missing_values)
    return FigureImport(
        written.new,
        written.replaced,
        written.unchanged,
        missing,
        figures.unmapped,
        backup,
        mapping_file,
        saved,
        warnings + written.problems.found,
        names,
    )


def _refuse_if_open(workbook: Path) -> None:
    """A PlanError while Excel or LibreOffice has the workbook open: writing now would lose their edits, or ours.

    So is a newer ``jaarplan.ods`` beside it (Calc saved the edits there): figures
    written into the older .xlsx would go with the edits left out.
    """
    for program, lock_file, who in opened_in(workbook):
        raise PlanError(
            f"de werkmap is geopend in {program}{f' door {who}' if who else ''}; sluit de werkmap eerst (sla uw "
            f"wijzigingen op) en lees de cijfers dan opnieuw in. Er is niets gewijzigd. (Is {program} al dicht, "
            f"verwijder dan het slotbestand '{lock_file.name}'.)",
            Location(workbook),
        )
    beside = Problems()
    if not check_beside(workbook, beside):
        beside.raise_if_errors()
    check_replaceable(workbook)


def _check_targets(mapping: FigureMapping, names: list[str], source: Path) -> None:
    """Every plan name the mapping points to (given now, or kept) must be an indicator of the plan."""
    known = {name.casefold() for name in names}
    for name, target in mapping.indicators.items():
        if target is not None and target.casefold() not in known:
            listed = "; ".join(f"'{name}'" for name in names) or "(nog geen: vul eerst het werkblad Indicatoren)"
            raise PlanError(
                f"'{name}' is gekoppeld aan '{target}', maar dat is geen indicator van het plan (koppeling gegeven "
                f"bij de opdracht of in {MAPPING_FILE}); de indicatoren van het plan zijn: {listed}",
                Location(source / WORKBOOK_FILE, SHEET_INDICATORS),
            )


def _own_area_warnings(table: FigureTable, mapping: FigureMapping, csv_file: Path) -> list[Problem]:
    """A warning when the own municipality is not in the file: a file of comparison areas only is read (its
    areas keep their names), and a misspelt municipality is said with the areas the file has."""
    column = table.column(mapping.area)
    areas = table.values(column) if column is not None else []
    if mapping.own_area.strip().casefold() in {area.casefold() for area in areas}:
        return []
    named = ", ".join(f"'{area}'" for area in areas[:NAMED_AREAS])
    more = f" en {len(areas) - NAMED_AREAS} andere" if len(areas) > NAMED_AREAS else ""
    problems = Problems()
    problems.warn(
        f"de eigen gemeente '{mapping.own_area}' staat niet in kolom '{mapping.area}' (daar staan: {named}{more}); "
        "alleen de cijfers van die gebieden zijn ingelezen, onder hun eigen naam. Is de gemeente anders gespeld, "
        "geef dan de naam zoals in het bestand",
        Location(csv_file),
    )
    return problems.found


def _nothing_found(unmapped: dict[str, int], names: list[str]) -> str:
    listed = "; ".join(f"'{name}'" for name in names) or "(nog geen)"
    in_file = "; ".join(f"'{name}'" for name in unmapped)
    return (
        f"geen enkele waarde in het bestand hoort bij een indicator van het plan. In het bestand: {in_file}. "
        f"Indicatoren van het plan: {listed}. Koppel elke naam in het bestand aan een indicator van het plan "
        "(NAAM IN BESTAND=INDICATOR)"
    )


def _save_mapping(path: Path, mapping: FigureMapping) -> bool:
    """Keep the mapping beside plan.yaml (in place of the one for the same columns); True if the file changed."""
    text = mappings_text(kept(read_mappings(path.parent), mapping))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8", newline="\n"))
    return True
