"""The one exception type of jaarplan, the problems it carries, and the place they point at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum, auto
from pathlib import Path
from typing import overload


@dataclass(frozen=True)
class Location:
    """Where in the source a problem sits: a file, and a sheet and cell, a line, or a part of a document."""

    file: Path | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    part: str | None = None  # in a Word document: "alinea 12", "tabel 3"

    def __str__(self) -> str:
        parts = [] if self.file is None else [self.file.as_posix()]
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.part is not None and self.line is None:
            parts.append(self.part)
        where = " › ".join(parts)
        if self.line is not None:  # "regel 3, kolom 3 (Waarde)": the line first, as a reader looks for it
            where += f", regel {self.line}" + (f", {self.part}" if self.part is not None else "")
        return where


@dataclass(frozen=True)
class RowLocations(Sequence[Location]):
    """The locations of some cells of one sheet row, in order; each Location is made when asked for.

    A matrix row keeps where each of its seven cells is, and only a message
    ever asks: seven Location objects per row cost a tenth of a second of
    ``check`` at 20,000 rows.
    """

    file: Path | None
    sheet: str
    row: int
    columns: tuple[str, ...]  # the column letter of each cell

    def __len__(self) -> int:
        return len(self.columns)

    @overload
    def __getitem__(self, index: int) -> Location: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Location, ...]: ...
    def __getitem__(self, index: int | slice) -> Location | tuple[Location, ...]:
        if isinstance(index, slice):
            return tuple(self[number] for number in range(len(self))[index])
        return Location(self.file, self.sheet, f"{self.columns[index]}{self.row}")


class Severity(Enum):
    """How bad a problem is; the value is the Dutch word the CLI prints before it."""

    ERROR = "FOUT"
    WARNING = "WAARSCHUWING"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the input: a Dutch message and where it is."""

    message: str
    location: Location | None = None
    severity: Severity = Severity.ERROR
    # What a user marks as seen is this warning at this cell about this text (``source.seen``): the cell's
    # text when the message does not quote it all (a warning about a whole row: its Specifiek), so the
    # warning comes back when the cell changes and a mark never passes to a neighbour with the same message.
    about: str | None = field(default=None, compare=False)
    reason: Reason | None = field(default=None, compare=False)  # a warning's kind, for a caller that acts on it

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Reason(Enum):
    """Why a PlanError was raised (the werkomgeving's status codes), or what kind a warning is (when to say it)."""

    REFUSED = auto()  # the input is wrong, or cannot be used now (the plan is busy): most PlanErrors
    NOT_FOUND = auto()  # what was asked for by name (a version, a file, a kept copy) does not exist
    OPEN_ELSEWHERE = auto()  # a warning: the workbook is open in another program; said before a long step
    LAST_YEAR = auto()  # a warning: a cell still names last year; worth a look only while the plan is a concept


class PlanError(Exception):
    """A mistake in the user's input, raised with every problem found so far.

    The CLI prints each problem as one line without a traceback. A PlanError
    made from a message holds that one problem. ``reason`` says what kind of
    mistake it is, so no caller need read the Dutch message to decide.
    """

    def __init__(self, message: str, location: Location | None = None, *, reason: Reason = Reason.REFUSED) -> None:
        super().__init__(message)
        self.problems: list[Problem] = [Problem(message, location)]
        self.reason = reason

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def location(self) -> Location | None:
        return self.problems[0].location

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    @classmethod
    def collected(cls, problems: list[Problem]) -> PlanError:
        """One error that stands for several (warnings included), so a caller can raise them together."""
        errors = sum(problem.is_error for problem in problems)
        error = cls(f"{errors} {'fout' if errors == 1 else 'fouten'} in de invoer")
        error.problems = list(problems)
        return error


@dataclass
class Problems:
    """Collects problems while the source is read, so the user sees them all at once."""

    found: list[Problem] = field(default_factory=list)

    def error(self, message: str, location: Location | None = None) -> None:
        self.found.append(Problem(message, location))

    def warn(
        self, message: str, location: Location | None = None, *, about: str | None = None, reason: Reason | None = None
    ) -> None:
        self.found.append(Problem(message, location, Severity.WARNING, about, reason))

    def add(self, error: PlanError) -> None:
        self.found.extend(error.problems)

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.found)

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.found if not problem.is_error]

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise PlanError.collected(self.found)
