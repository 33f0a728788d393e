"""Dutch text that every stage writes or reads: dates as the plan writes or people type them, numbers, quotes."""

from __future__ import annotations

import calendar
import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# What people type for a month besides its name: "1 okt", "15 sept.", "1 mrt 2011".
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "mar": 3, "maa": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def dutch_date(date: datetime.date) -> str:
    """A date as Dutch documents write it: "24 november 2009"."""
    return f"{date.day} {DUTCH_MONTHS[date.month - 1]} {date.year}"


def dutch_month(word: str) -> int | None:
    """The month a Dutch name or usual abbreviation stands for ("juli", "jul", "okt."), else None."""
    word = word.casefold().rstrip(".")
    if word in DUTCH_MONTHS:
        return DUTCH_MONTHS.index(word) + 1
    return MONTH_ABBREVIATIONS.get(word)


def parse_dutch_date(text: str, year: int | None = None) -> datetime.date | None:
    """ "24 november 2009" back to a date; None if it is not one.

    With ``year``, a day and month alone ("1 juli", "1 jul") fall in that year;
    without it they are no date (the plan's own dates always carry a year).
    """
    match = re.fullmatch(r"\s*(\d{1,2})\s+([^\W\d_]+\.?)(?:\s+(\d{4}))?\s*", text)
    if not match or (month := dutch_month(match.group(2))) is None:
        return None
    if match.group(3) is None and year is None:
        return None
    return _date(int(match.group(3) or year), month, int(match.group(1)))


def parse_deadline(text: str, year: int) -> datetime.date | None:
    """The date a Deadline cell means, as people type it; None when it is not one date.

    Read: "1 juli 2011", "1 juli" and "1 jul" (in ``year``, the plan's year),
    "1-7-2011", "1/7/2011", "1-7" (in ``year``), "2011-07-01", "2011/07/01",
    a month ("juli 2011", "eind juli", "eind juli 2011": a deadline of a month
    means its last day), "eind 2011" (31 december), each perhaps after
    "uiterlijk", "voor" or "vóór" (the date itself counts). A two-digit year is
    the one nearest the plan's year ("1-7-99" in a 2011 plan: 1999). Not read,
    so never verlopen: "doorlopend", "Q3", "najaar 2011" and other text that is
    no single day.
    """
    text = " ".join(text.split()).rstrip(".")
    text = re.sub(r"(?i)^(?:uiterlijk|voor|vóór|op)(?: op)? (?=\d|eind|[^\W\d_]+ \d{4}$)", "", text)
    if date := parse_dutch_date(text, year):
        return date
    if iso := re.fullmatch(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", text):
        return _date(int(iso.group(1)), int(iso.group(3)), int(iso.group(4)))
    if numeric := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?", text):
        day, month = int(numeric.group(1)), int(numeric.group(2))
        found = numeric.group(3)
        return _date(year if found is None else _full_year(found, year), month, day)
    return _end_of(text, year)


def _full_year(found: str, year: int) -> int:
    """ "2011" as is; "99" and "11" as the year ending so that lies nearest ``year`` (1999 and 2011 for 2011)."""
    if len(found) == 4:
        return int(found)
    candidate = year - year % 100 + int(found)
    if candidate - year > 50:
        return candidate - 100
    return candidate + 100 if year - candidate > 50 else candidate


def _end_of(text: str, year: int) -> datetime.date | None:
    """ "eind 2011" → 31 december 2011; "eind juli [2011]" and "juli 2011" → the last day of that month."""
    match = re.fullmatch(r"(?i)einde? (?:van )?(?:([^\W\d_]+\.?) ?)?(\d{4})?", text) or re.fullmatch(
        r"(?i)([^\W\d_]+\.?) (\d{4})", text
    )
    if not match or not any(match.groups()):
        return None
    month = 12 if match.group(1) is None else dutch_month(match.group(1))
    if month is None:
        return None
    found_year = int(match.group(2)) if match.group(2) else year
    return _date(found_year, month, calendar.monthrange(found_year, month)[1]) if found_year >= 1 else None


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


MISSING = "–"  # a number that is not there, as tables and messages show it (read by screen readers as a dash)


def half_up(value: float, decimals: int = 2) -> float:
    """Rounded as Excel's AFRONDEN and a reader by hand do: 3,175 → 3,18 (Python's round gives 3,17).

    The float is first taken at 10 decimals, so 3,1749999999999998 (how 3,175 comes out of a sum) is 3,175.
    From 10^15 on a float has no decimals left to round: it is returned as it is (also infinity).
    """
    value = float(value)  # numpy's floats print as "np.float64(…)", which Decimal cannot read
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value
    exact = Decimal(repr(round(value, 10)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def dutch_number(value: float | None, decimals: int = 2) -> str:
    """A number as Dutch readers write it, the one spelling of every message, table and chart.

    A dot between thousands, a decimal comma, at most ``decimals`` decimals and
    none when whole: 20000 as "20.000", 12.5 as "12,5", 1234.56 as "1.234,56";
    None (or no finite number) as the dash ``MISSING``.
    """
    if value is None or not math.isfinite(value):
        return MISSING
    rounded = half_up(value, decimals)
    text = f"{int(rounded):,}" if rounded == int(rounded) else f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def with_year(value: float | None, year: int | None) -> str:
    """12.5 in 2019 as "12,5 (2019)"; without a value the dash, without a year the value alone."""
    if value is None:
        return MISSING
    return f"{dutch_number(value)} ({year})" if year is not None else dutch_number(value)


def dutch_size(size: int) -> str:
    """A file size as Dutch readers write it: "20 MB", "0,5 MB", "49 kB" (a decimal comma, never "0.5")."""
    megabytes = size / (1024 * 1024)
    if megabytes >= 0.1:
        return f"{dutch_number(megabytes, 1)} MB"
    return f"{dutch_number(max(1, round(size / 1024)))} kB"


def shorten(text: str, limit: int = 50) -> str:
    """One line of at most ``limit`` characters, for messages; a long text is cut after a whole word and gets "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return cut_after_word(text, limit - 1) + "…"


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


def cut_after_word(text: str, limit: int) -> str:
    """The start of ``text``, at most ``limit`` characters, ending at a word's end when one is in its second half."""
    cut = text[:limit]
    if limit < len(text) and not text[limit].isspace() and " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:")


def cut_before_word(text: str, limit: int) -> str:
    """The end of ``text``, at most ``limit`` characters, starting at a word's start when one is in its first half."""
    if limit <= 0:
        return ""
    cut = text[-limit:]
    if limit < len(text) and not text[-limit - 1].isspace() and " " in cut[: limit // 2]:
        cut = cut.split(" ", 1)[1]
    return cut.lstrip()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell Excel and Calc never run: a text that starts like a formula gets a visible ' in front.

    The starts are those OWASP lists for CSV injection: =, +, -, @, or a tab or carriage return before one.
    """
    return "'" + text if text[:1] in FORMULA_STARTS else text


def dutch_list(items: list[str]) -> str:
    """ "A, B en C": items as a Dutch sentence lists them ("" for none)."""
    return ", ".join(items[:-1]) + f" en {items[-1]}" if len(items) > 1 else "".join(items)


def counted(number: int, one: str, many: str) -> str:
    """A number with its noun in Dutch: "1 thema", "3 thema's"."""
    return f"{number} {one if number == 1 else many}"
