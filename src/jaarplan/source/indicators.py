"""The rules of the indicator sheets that need the whole plan: themes, Doelen, the plan's years, duplicates, direction.

The reader (``source.workbook``) says what one cell can tell (no number, no
year, no hoger/lager, an unknown indicator in Metingen); here what needs
the other sheets or the plan year. Each message names its sheet and cell.

Error or warning, as the people who keep the plan would weigh it: what
would make a figure, a verdict or the document wrong is an error (a theme
the plan lacks, a year after the plan year, two figures for one year and
area, a streefwaarde that points the wrong way by "Beter is", a name twice);
what leaves it unfinished but true is a warning (no theme chosen yet, a Doel
not found under its theme, a nulmeting or streefwaarde without its year, a
target year before the plan year). A missing nulmeting or streefwaarde is no
problem at all: a plan in the making (``jaarplan new``) has none yet.

The years: a nulmeting may lie in any year up to the plan year (it is
measured before the plan starts), a measurement too (figures come after
their year, so none can be of a later year than the plan's); a streefwaarde
lies in or after the plan year (a target for 2030 in the plan of 2026), and
never before its nulmeting.
"""

from __future__ import annotations

import difflib

from jaarplan.errors import Location, Problems
from jaarplan.model import Indicator, Plan, Theme
from jaarplan.text import dutch_number, shorten


def check_indicators(plan: Plan, problems: Problems) -> None:
    """Add every problem of the plan's indicators to ``problems``, in the order of the sheets."""
    themes = {theme.title: theme for theme in plan.themes}
    seen: dict[str, Indicator] = {}
    named = [indicator for indicator in plan.indicators if indicator.name]  # a nameless one: the reader said so
    for indicator in named:
        _check_duplicate(indicator, seen, problems)
        _check_theme(indicator, themes, problems)
        _check_years(indicator, plan.metadata.year, problems)
        _check_direction(indicator, problems)
    for indicator in named:
        _check_measurements(indicator, plan.metadata.year, problems)


def _at(indicator: Indicator, field: str) -> Location | None:
    return indicator.cell_locations.get(field, indicator.location)


def _check_duplicate(indicator: Indicator, seen: dict[str, Indicator], problems: Problems) -> None:
    first = seen.setdefault(indicator.name, indicator)
    if first is not indicator:
        where = first.location.cell if first.location is not None else "?"
        problems.error(
            f"indicator '{shorten(indicator.name)}' staat twee keer op dit blad (ook op {where}); geef elke indicator "
            "een eigen naam, de metingen horen bij de eerste",
            indicator.location,
        )


def _check_theme(indicator: Indicator, themes: dict[str, Theme], problems: Problems) -> None:
    """The Thema must be one of the plan's; the Doel, if given, one of that theme's."""
    label = f"indicator '{shorten(indicator.name)}'"
    if not indicator.theme:
        problems.warn(
            f"{label} heeft nog geen thema; kies het thema (de keuzelijst biedt de thema's van het plan), "
            "tot dan staat de indicator niet in het jaarplan, de voortgangsrapportage en de webpagina",
            _at(indicator, "theme"),
            about=indicator.name,
        )
        return
    theme = themes.get(indicator.theme)
    if theme is None:
        hint = difflib.get_close_matches(indicator.theme, list(themes), n=1)
        suggestion = f"; bedoelt u '{hint[0]}'?" if hint else "; kies een thema uit de lijst"
        problems.error(f"onbekend thema '{shorten(indicator.theme)}' (niet op blad Thema's){suggestion}",
                       _at(indicator, "theme"))  # fmt: skip
        return
    if indicator.goal:
        goals = [" ".join(goal.title.text.split()) for goal in theme.goals]
        if indicator.goal not in goals:
            hint = difflib.get_close_matches(indicator.goal, goals, n=1, cutoff=0.6)
            suggestion = f"; bedoelt u '{shorten(hint[0])}'?" if hint else ""
            problems.warn(
                f"Doel '{shorten(indicator.goal)}' is geen Doel van thema '{indicator.theme}' op het blad Matrix"
                f"{suggestion} Typ de tekst van het Doel zoals in de Matrix, of laat de cel leeg",
                _at(indicator, "goal"),
                about=indicator.goal,
            )


def _check_years(indicator: Indicator, year: int, problems: Problems) -> None:
    label = f"indicator '{shorten(indicator.name)}'"
    for value, year_field, what in (
        (indicator.baseline, "baseline_year", "nulmeting"),
        (indicator.target, "target_year", "streefwaarde"),
    ):
        if value is not None and getattr(indicator, year_field) is None:
            problems.warn(
                f"{label}: de {what} heeft geen jaar; vul het jaar in, anders is niet te zeggen of de "
                "indicator op koers is",
                _at(indicator, year_field),
                about=indicator.name,
            )
    if indicator.baseline_year is not None and indicator.baseline_year > year:
        problems.error(
            f"{label}: het jaar van de nulmeting ({indicator.baseline_year}) ligt na het planjaar {year}; een "
            "nulmeting is gemeten vóór of in het planjaar",
            _at(indicator, "baseline_year"),
        )
    if indicator.target_year is None:
        return
    if indicator.baseline_year is not None and indicator.target_year < indicator.baseline_year:
        problems.error(
            f"{label}: het jaar van de streefwaarde ({indicator.target_year}) ligt vóór dat van de nulmeting "
            f"({indicator.baseline_year})",
            _at(indicator, "target_year"),
        )
    elif indicator.target_year < year:
        problems.warn(
            f"{label}: het jaar van de streefwaarde ({indicator.target_year}) ligt vóór het planjaar {year}; "
            "is er een nieuwe streefwaarde?",
            _at(indicator, "target_year"),
            about=str(indicator.target_year),
        )


def _check_direction(indicator: Indicator, problems: Problems) -> None:
    """A streefwaarde worse than the nulmeting by "Beter is" contradicts one of the two."""
    if indicator.baseline is None or indicator.target is None:
        return
    worse = (
        indicator.target < indicator.baseline if indicator.higher_is_better else indicator.target > indicator.baseline
    )
    if worse:
        better, word = ("hoger", "lager") if indicator.higher_is_better else ("lager", "hoger")
        target, baseline = dutch_number(indicator.target), dutch_number(indicator.baseline)
        problems.error(
            f"indicator '{shorten(indicator.name)}': Beter is '{better}', maar de streefwaarde ({target}) is {word} "
            f"dan de nulmeting ({baseline}); pas de streefwaarde aan, of 'Beter is'",
            _at(indicator, "target"),
        )


def _check_measurements(indicator: Indicator, year: int, problems: Problems) -> None:
    seen: dict[tuple[int, str], Location | None] = {}
    for measurement in indicator.measurements:
        label = f"meting van '{shorten(indicator.name)}' ({measurement.area}, {measurement.year})"
        if measurement.year > year:
            problems.error(
                f"{label} ligt na het planjaar {year}; cijfers komen na afloop van hun jaar. Klopt het jaar?",
                measurement.location,
            )
        key = (measurement.year, measurement.area)
        if key in seen:
            first = seen[key]
            problems.error(
                f"{label} staat er twee keer (ook op {first.cell if first is not None else '?'}); welke telt? "
                "Laat één rij staan",
                measurement.location,
            )
        else:
            seen[key] = measurement.location
