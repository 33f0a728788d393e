"""Warnings a user marked as seen: ``gezien.yaml`` in the source folder, beside ``plan.yaml``.

A 2011 concept made from the 2010 plan warns at every cell that still names
2010, and some of those are meant ("ten opzichte van 2010"). Marked as seen
(``jaarplan check --gezien Matrix:C12``), such a warning is left out of what
``check`` and ``build`` list, and counted in the summary instead, so that a new
warning stands out.

A mark holds the cell ("Matrix!C12", as the messages write it), the message
and the text the warning was about (``Problem.about``: the cell's text). It
hides the warning only while message and text are the same: when someone edits
the cell, or the warning says something else, it shows again. Each mark hides
at most one warning: the one at its own cell, else (a row inserted above moved
it down) the nearest one in the same column of the same sheet that no other
mark hides. So a new row that copies a marked text still shows its warning,
and ``--gezien alle`` hides what is there now, never what comes later. Only a
warning at a cell can be marked: one about a whole file (the workbook is open
in Excel) is about now, not about the plan.

The marks live in their own file, not in ``plan.yaml``: marking a warning
changes nothing of the plan, so it must not change an issued version's
content, its Versiebeheer or what the archive keeps (``store.archive`` copies
``jaarplan.xlsx`` and ``plan.yaml`` only). A user never edits the file by hand;
jaarplan writes it, and never over a damaged one (that would lose marks).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from jaarplan.errors import Location, PlanError, Problem, Problems, Reason

SEEN_FILE = "gezien.yaml"
ALL = "alle"  # ``--gezien alle``: every warning at a cell
HEADER = (
    "# Waarschuwingen die als gezien zijn gemarkeerd (jaarplan check --gezien CEL).\n"
    "# jaarplan check en build tonen ze niet meer, alleen hoeveel het er zijn. Verandert de cel of de\n"
    "# melding, dan komt de waarschuwing terug. Weer tonen: jaarplan check --niet-gezien CEL (of 'alle').\n"
    "# Dit bestand schrijft jaarplan zelf; u hoeft het niet te bewerken.\n"
)


@dataclass(frozen=True)
class Mark:
    """One warning marked as seen: at this cell, with this message, about this text."""

    cell: str  # "Matrix!C12"
    message: str
    about: str | None = None

    def fits(self, problem: Problem) -> bool:
        """The same message about the same text, at a cell: a warning this mark could hide."""
        return (
            not problem.is_error
            and cell_name(problem.location) is not None
            and (
                problem.message,
                problem.about,
            )
            == (self.message, self.about)
        )


def cell_name(location: Location | None) -> str | None:
    """ "Matrix!C12" for a location at a cell; None for one at a file, sheet or line."""
    if location is None or location.sheet is None or not location.cell:
        return None
    return f"{location.sheet}!{location.cell}"


def read_marks(source: Path, problems: Problems | None = None) -> list[Mark]:
    """The marks in ``source``'s ``gezien.yaml``; none when it is not there, a warning when it cannot be read."""
    path = source / SEEN_FILE
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        loaded = None
    entries = loaded.get("gezien") if isinstance(loaded, dict) else None
    marks = [_mark(entry) for entry in entries] if isinstance(entries, list) else [None]
    if None in marks and problems is not None:
        problems.warn(
            "dit bestand met als gezien gemarkeerde waarschuwingen kan niet (helemaal) worden gelezen; die "
            "waarschuwingen worden weer getoond (markeer ze opnieuw met jaarplan check --gezien CEL)",
            Location(path),
        )
    return [mark for mark in marks if mark is not None]


def _mark(entry: object) -> Mark | None:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("cel", "melding")):
        return None
    about = entry.get("tekst")
    return Mark(entry["cel"], entry["melding"], about if isinstance(about, str) else None)


def split_seen(problems: list[Problem], marks: list[Mark]) -> tuple[list[Problem], list[Problem]]:
    """(the problems to show, the warnings hidden because they are marked as seen)."""
    hidden = hidden_by(problems, marks)
    return [p for i, p in enumerate(problems) if i not in hidden], [p for i, p in enumerate(problems) if i in hidden]


def hidden_by(problems: list[Problem], marks: list[Mark]) -> dict[int, Mark]:
    """Which mark hides which problem (by index), one warning per mark.

    Every mark first takes the warning at its own cell; only then do the marks
    left take the nearest free warning in their column (rows inserted above),
    so a mark that moved never takes the place of one that did not.
    """
    hidden: dict[int, Mark] = {}
    moved = []
    for mark in marks:
        at_cell = [
            i for i, p in enumerate(problems) if i not in hidden and mark.fits(p) and cell_name(p.location) == mark.cell
        ]
        if at_cell:
            hidden[at_cell[0]] = mark
        else:
            moved.append(mark)
    for mark in moved:
        sheet, column, row = _parts(mark.cell)
        near = [
            (abs(parts[2] - row), i)
            for i, p in enumerate(problems)
            if i not in hidden and mark.fits(p) and (parts := _parts(cell_name(p.location)))[:2] == (sheet, column)
        ]
        if near:
            hidden[min(near)[1]] = mark
    return hidden


def _parts(name: str | None) -> tuple[str, str, int]:
    """("Matrix", "H", 30) for "Matrix!H30"."""
    sheet, _, cell = (name or "").rpartition("!")
    match = re.fullmatch(r"\$?([A-Za-z]+)\$?(\d+)", cell)
    return (sheet, match.group(1).upper(), int(match.group(2))) if match else (sheet, cell, 0)


def change_seen(
    source: Path, mark: list[str], unmark: list[str], problems: list[Problem], seen: list[Problem]
) -> tuple[list[Problem], list[Problem]]:
    """Mark the warnings at ``mark`` as seen, then show those at ``unmark`` again; (newly marked, shown again).

    A cell is "Matrix!C12", "Matrix:C12" (no ``!`` for bash), "'Thema''s'!C5"
    (as Excel quotes it), "C12" when one sheet has a warning there, or ``alle``.
    ``problems`` and ``seen`` are what the check just found (shown and hidden).
    Unmarking comes last, so ``--gezien alle --niet-gezien Matrix!G6`` leaves
    G6 shown. Every cell typed is checked before anything is written: a cell
    without such a warning, a bare cell on several sheets, or a ``gezien.yaml``
    that cannot be read is a PlanError, and the file stays as it was.
    """
    path = source / SEEN_FILE
    damaged = Problems()
    marks = read_marks(source, damaged)
    if damaged.found:
        raise PlanError(
            "dit bestand met als gezien gemarkeerde waarschuwingen kan niet (helemaal) worden gelezen; jaarplan "
            "schrijft het niet over, zodat er geen markering verloren gaat. Herstel het, of verwijder het en "
            "markeer opnieuw",
            Location(path),
        )
    everything = [*problems, *seen]
    _check_typed("--gezien", mark, [cell_name(problem.location) for problem in everything if not problem.is_error])
    chosen = [
        i for i, problem in enumerate(problems) if not problem.is_error and _chosen(cell_name(problem.location), mark)
    ]
    marks += [_mark_of(everything[i]) for i in chosen]
    hidden = hidden_by(everything, marks)
    _check_typed("--niet-gezien", unmark, [cell_name(everything[i].location) for i in hidden])
    again = {i for i in hidden if _chosen(cell_name(everything[i].location), unmark)}
    dropped = {id(hidden[i]) for i in again}
    _write_marks(source, [kept for kept in marks if id(kept) not in dropped])
    return [everything[i] for i in chosen if i not in again], [
        everything[i] for i in sorted(again) if i >= len(problems)
    ]


def _check_typed(option: str, typed: list[str], names: list[str | None]) -> None:
    """Every cell typed for ``option`` names exactly one cell among ``names``, or a PlanError says why."""
    have = sorted({name for name in names if name}, key=_cell_order)
    for cell in typed:
        if _is_all(cell):
            continue
        matching = [name for name in have if _at(name, cell)]
        if not matching:
            raise PlanError(_no_warning_at(option, cell, have), reason=Reason.NOT_FOUND)
        if len(matching) > 1:
            listed = " of ".join(f"'{name}'" for name in matching)
            raise PlanError(
                f"{option}: bij '{cell}' staat een waarschuwing op meer dan één blad; noem het blad erbij: {listed}"
            )


def _is_all(cell: str) -> bool:
    return cell.strip().casefold() == ALL


def _chosen(name: str | None, cells: list[str]) -> bool:
    return name is not None and any(_is_all(cell) or _at(name, cell) for cell in cells)


def _typed(wanted: str) -> tuple[str, str]:
    """(sheet or "", cell) of what a user typed: "Matrix!C12", "Matrix:C12", "'Thema''s'!$C$5", "c12"."""
    text = wanted.strip()
    sheet, separator, cell = text.rpartition("!")
    if not separator:
        sheet, _, cell = text.rpartition(":")
    sheet = sheet.strip()
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":  # Excel quotes a name with a space or quote, doubling '
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell.strip().replace("$", "").upper()


def _at(name: str | None, wanted: str) -> bool:
    """Is the cell ``name`` ("Matrix!C12") the one a user typed (``_typed``)?"""
    if name is None:
        return False
    sheet, _, cell = name.rpartition("!")
    wanted_sheet, wanted_cell = _typed(wanted)
    return wanted_sheet.casefold() in ("", sheet.casefold()) and wanted_cell == cell.upper()


def _mark_of(problem: Problem) -> Mark:
    return Mark(cell_name(problem.location) or "", problem.message, problem.about)


def _no_warning_at(option: str, cell: str, have: list[str]) -> str:
    """Which cells do have one, those on the sheet typed first: the list is cut after ten."""
    what = "als gezien gemarkeerde waarschuwing" if option == "--niet-gezien" else "waarschuwing"
    if not have:
        return f"{option}: bij '{cell}' staat geen {what}; er is nu geen {what} bij een cel"
    sheet = _typed(cell)[0].casefold()
    have = sorted(have, key=lambda name: name.rpartition("!")[0].casefold() != sheet)  # stable: in cell order
    listed = ", ".join(have[:10]) + (f" en {len(have) - 10} andere" if len(have) > 10 else "")
    return f"{option}: bij '{cell}' staat geen {what}; {what}en staan bij: {listed} (of: {option} {ALL})"


def _cell_order(name: str | None) -> tuple:
    sheet, _, cell = (name or "").partition("!")
    match = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    return (sheet, int(match.group(2)), match.group(1)) if match else (sheet, 0, cell)


def _write_marks(source: Path, marks: list[Mark]) -> None:
    """Write ``gezien.yaml`` whole (a temporary file renamed over it), each mark once; remove it when none are left."""
    path = source / SEEN_FILE
    unique = list(dict.fromkeys(marks))
    if not unique:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise PlanError(f"kan dit bestand niet verwijderen ({error.strerror or error})", Location(path)) from error
        return
    entries = [
        {"cel": mark.cell, "melding": mark.message, **({"tekst": mark.about} if mark.about is not None else {})}
        for mark in unique
    ]
    text = HEADER + yaml.safe_dump({"gezien": entries}, allow_unicode=True, sort_keys=False, width=100)
    temporary = path.with_name(f".{SEEN_FILE}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise PlanError(
            f"kan dit bestand niet schrijven ({error.strerror or error}); is het een map, alleen-lezen of "
            "geopend in een ander programma? Er is niets gemarkeerd",
            Location(path),
        ) from error
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: Path) -> None:
    """Remove a temporary file if it is there; a second failure must not hide the first."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
