"""The one exception type of jaarplan, and the place in the source it points at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where in the source a problem sits: a file, and a sheet and cell or a line in it."""

    file: Path | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = [] if self.file is None else [self.file.as_posix()]
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        where = " › ".join(parts)
        if self.line is not None:
            where += f", regel {self.line}"
        return where


class PlanError(Exception):
    """A mistake in the user's input: a Dutch message and where it is.

    The CLI prints it as one line without a traceback. ``problems`` holds
    every problem found at once; a plain PlanError holds only itself.
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.problems: list[PlanError] = [self]

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    @classmethod
    def collected(cls, problems: list[PlanError]) -> PlanError:
        """One error that stands for several, so a caller can raise them together."""
        if len(problems) == 1:
            return problems[0]
        error = cls(f"{len(problems)} fouten in de invoer")
        error.problems = list(problems)
        return error
