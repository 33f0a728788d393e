"""Dutch text that every stage writes or reads: dates as the plan spells them, short quotes in messages."""

from __future__ import annotations

import datetime
import re

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(date: datetime.date) -> str:
    """A date as Dutch documents write it: "24 november 2009"."""
    return f"{date.day} {DUTCH_MONTHS[date.month - 1]} {date.year}"


def parse_dutch_date(text: str) -> datetime.date | None:
    """ "24 november 2009" back to a date; None if it is not one."""
    match = re.fullmatch(r"\s*(\d{1,2})\s+(\w+)\s+(\d{4})\s*", text)
    if not match or match.group(2).lower() not in DUTCH_MONTHS:
        return None
    try:
        return datetime.date(int(match.group(3)), DUTCH_MONTHS.index(match.group(2).lower()) + 1, int(match.group(1)))
    except ValueError:
        return None


def shorten(text: str, limit: int = 50) -> str:
    """One line of at most ``limit`` characters, for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def next_concept(issued: str, version: str) -> str:
    """What check and build say of an edit after an issued version (one sentence, for both)."""
    return f"Versie {issued} is uitgegeven en de bron is daarna gewijzigd: dit is het concept van versie {version}."


def command_line(*parts: object) -> str:
    """A command to copy into a terminal, e.g. ``jaarplan release --source "bron 2011"``: a part with a space quoted.

    Paths are written with forward slashes, which every system's shell and Python accept.
    """
    words = []
    for part in parts:
        word = part.as_posix() if hasattr(part, "as_posix") else str(part)
        words.append(f'"{word}"' if (" " in word or not word) and not word.startswith('"') else word)
    return " ".join(words)
