"""The words other plans use for what jaarplan calls Doel, Specifiek, …: column names, statuses, dates, numbers.

Municipalities write their plans in their own words ("Doelstelling",
"Activiteiten", "Planning", "Vertraagd", "12-03-2025", "2.3 Woninginbraak").
The importer reads them through these tables, so a new synonym is one line here.
"""

from __future__ import annotations

import datetime
import difflib
import re

from jaarplan.model import MATRIX_COLUMNS, STATUS_COLUMN
from jaarplan.text import DUTCH_MONTHS, parse_dutch_date

MATRIX_HEADERS = MATRIX_COLUMNS[1:]  # Doel … Stand van zaken
TIME_BOUND, DEADLINE = "Tijdgebonden", "Deadline"
# Another plan's column name (lower case, without "(en)" and punctuation) → the matrix column it is.
# "Planning" and "Wanneer" are Tijdgebonden, or Deadline in a table that has a Tijdgebonden column already.
HEADER_SYNONYMS = {
    "doel": "Doel", "doelen": "Doel", "doelstelling": "Doel", "doelstellingen": "Doel", "subdoel": "Doel",
    "specifiek": "Specifiek", "activiteit": "Specifiek", "activiteiten": "Specifiek", "maatregel": "Specifiek",
    "maatregelen": "Specifiek", "actie": "Specifiek", "acties": "Specifiek", "inzet": "Specifiek",
    "meetbaar": "Meetbaar", "indicator": "Meetbaar", "indicatoren": "Meetbaar", "resultaat": "Meetbaar",
    "resultaten": "Meetbaar", "prestatie": "Meetbaar", "prestaties": "Meetbaar", "beoogd resultaat": "Meetbaar",
    "prestatie-indicator": "Meetbaar",
    "acceptabel": "Acceptabel", "realistisch": "Realistisch",
    "tijdgebonden": TIME_BOUND, "planning": TIME_BOUND, "wanneer": TIME_BOUND, "periode": TIME_BOUND,
    "deadline": DEADLINE, "einddatum": DEADLINE, "gereed": DEADLINE, "gereed op": DEADLINE,
    "stand van zaken": "Stand van zaken", "voortgang": "Stand van zaken", "stand": "Stand van zaken",
    "status": STATUS_COLUMN,
}  # fmt: skip
# Versiebeheer: the history table's columns in other words.
HISTORY_SYNONYMS = {
    "versie": "Versie", "versienummer": "Versie", "nr": "Versie",
    "datum": "Datum",
    "auteur": "Auteur", "door": "Auteur", "opsteller": "Auteur", "gewijzigd door": "Auteur", "wie": "Auteur",
    "omschrijving": "Omschrijving", "wijziging": "Omschrijving", "wijzigingen": "Omschrijving",
    "toelichting": "Omschrijving", "opmerking": "Omschrijving", "opmerkingen": "Omschrijving",
}  # fmt: skip
# Statuses of P&C systems → jaarplan's (plan.yaml's default statuses).
STATUS_SYNONYMS = {
    "gereed": "gereed", "afgerond": "gereed", "klaar": "gereed", "voltooid": "gereed", "behaald": "gereed",
    "op schema": "op schema", "loopt": "op schema", "lopend": "op schema", "in uitvoering": "op schema",
    "conform planning": "op schema",
    "aandacht": "aandacht", "aandacht nodig": "aandacht", "risico": "aandacht",
    "achter": "achter", "vertraagd": "achter", "achter op schema": "achter", "niet behaald": "achter",
    "nog niet gestart": "nog niet gestart", "niet gestart": "nog niet gestart", "gepland": "nog niet gestart",
}  # fmt: skip

TYPED_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(?=\D)(.+)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _plain(name: str) -> str:
    """A header as compared: lower case, "(en)" and punctuation left out, spaces collapsed."""
    name = re.sub(r"\((?:en|s)\)", "", name.casefold())
    return " ".join(re.sub(r"[^\w\s-]", " ", name).split())


def matrix_column(name: str, taken: set[str]) -> str | None:
    """The matrix column (or Status) a header names, in our words or another plan's; None for another column.

    A near miss of our own names counts ("Stand v. zaken"), as before.
    """
    plain = _plain(name)
    column = HEADER_SYNONYMS.get(plain)
    if column == TIME_BOUND and TIME_BOUND in taken and plain in ("planning", "wanneer", "periode"):
        column = DEADLINE
    if column is None and plain:
        match = difflib.get_close_matches(name, MATRIX_HEADERS, n=1, cutoff=0.6)
        column = match[0] if match else None
    return None if column in taken else column


def history_column(name: str) -> str | None:
    return HISTORY_SYNONYMS.get(_plain(name))


def our_status(typed: str) -> str | None:
    """jaarplan's status for a status in another system's words ("Vertraagd" → achter); None if unknown."""
    return STATUS_SYNONYMS.get(_plain(typed))


def parse_date(text: str) -> tuple[datetime.date | None, bool]:
    """(date, month only) of "12 maart 2025", "12-03-2025", "2025-03-12" or "maart 2025" (the 1st); None if none."""
    text = " ".join(text.split())
    if (date := parse_dutch_date(text)) is not None:
        return date, False
    formats = ((r"(\d{1,2})-(\d{1,2})-(\d{4})", (3, 2, 1)), (r"(\d{4})-(\d{1,2})-(\d{1,2})", (1, 2, 3)))
    for pattern, (year, month, day) in formats:
        if match := re.fullmatch(pattern, text):
            try:
                return datetime.date(int(match[year]), int(match[month]), int(match[day])), False
            except ValueError:
                return None, False
    match = re.fullmatch(r"(\w+)\s+(\d{4})", text)
    if match and match[1].lower() in DUTCH_MONTHS:
        return datetime.date(int(match[2]), DUTCH_MONTHS.index(match[1].lower()) + 1, 1), True
    return None, False


def typed_number(title: str) -> tuple[int, str] | None:
    """(depth, title) of a heading with a typed number: "2.3 Woninginbraak" → (2, "Woninginbraak").

    A number is a heading's only with a dot ("2.3", "3.") or before a capital ("3 Veilige …"):
    "1 op de 5 jongeren drinkt" is a title that starts with a number, and keeps it.
    """
    match = TYPED_NUMBER.fullmatch(title.strip())
    if match is None or not ("." in match[1] or match[2] or match[3][0].isupper()):
        return None
    return match[1].count(".") + 1, match[3].strip()


def without_number(title: str) -> str:
    numbered = typed_number(title)
    return title.strip() if numbered is None else numbered[1]
