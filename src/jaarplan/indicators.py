"""Indicators as every output shows them: the on-course verdict and the table's cells, in Dutch notation.

One pure calculation over the model, so the jaarplan document (``word/``), the
progress report (``report/``), the web page (``webpage/``) and the werkomgeving
(``web/``) can never disagree about an indicator.

The verdict (``verdict``):

- the *path* is the straight line from the nulmeting (value, year) to the
  streefwaarde (value, year); after the streefwaarde's year it stays at the
  streefwaarde, and a streefwaarde in the nulmeting's own year is the path at once;
- the *latest measurement* is the own area's (``model.OWN_AREA``) measurement of
  the latest year after the nulmeting's year (a later one in the list wins a tie);
- "streefwaarde gehaald": the latest measurement reaches the streefwaarde in the
  better direction; "op koers": it is on the path's value of its year or on the
  better side of it; "achter op koers": on the worse side;
- without a nulmeting or streefwaarde there is no path: "geen nulmeting",
  "geen streefwaarde" (both missing: "geen nulmeting en streefwaarde"); without an
  own measurement after the nulmeting's year: "geen meting".

Values are compared at the precision they are printed with (``DECIMALS``, as
``text.dutch_number`` writes them, half up as Excel's AFRONDEN), so the verdict never disagrees with its own
sentence: a measurement of 8,67 where the line says 8,666… counts as on it.

Only indicators with a theme are shown (``shown``): the jaarplan document
places them per theme, and the report, the page and the werkomgeving leave out
the same ones (``jaarplan check`` warns that an indicator without a theme is
not shown anywhere yet), so no output lists an indicator another one lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from jaarplan.model import OWN_AREA, Indicator, Measurement
from jaarplan.text import MISSING, dutch_number, half_up, with_year

ON_COURSE = "op koers"
BEHIND = "achter op koers"
REACHED = "streefwaarde gehaald"
NO_MEASUREMENT = "geen meting"
NO_BASELINE = "geen nulmeting"
NO_TARGET = "geen streefwaarde"
NO_BASELINE_AND_TARGET = "geen nulmeting en streefwaarde"
SYMBOLS = {REACHED: "✔", ON_COURSE: "✔", BEHIND: "✘"}  # beside the words, so a verdict reads in grey too
OPEN = "○"  # the symbol of every verdict without a path or a measurement
DECIMALS = 2  # what the tables and sentences print, and so what the verdict compares
RULE = (
    "Per indicator de laatste meting van de gemeente na de nulmeting, naast de rechte lijn van nulmeting naar "
    "streefwaarde in het jaar van die meting: op de lijn of aan de goede kant ervan is op koers, aan de "
    "verkeerde kant achter op koers; bereikt de meting de streefwaarde, dan is de streefwaarde gehaald."
)  # the rule in words, under Indicatoren in the report and the werkomgeving
TABLE_HEADERS = ("Indicator", "Eenheid", "Nulmeting (jaar)", "Laatste meting (jaar)", "Streefwaarde (jaar)")
COMPARISON_HEADER = "Ter vergelijking"  # the comparison areas' latest values, each named ("Nederland: 5,1 (2024)")


@dataclass(frozen=True)
class Verdict:
    """Whether an indicator is on course, in plain words (``label``) and in a sentence (``explanation``)."""

    label: str
    explanation: str
    latest: Measurement | None = None  # the own measurement judged
    expected: float | None = None  # the path's value in the latest measurement's year

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.label, OPEN)

    @property
    def behind(self) -> bool:
        """Off course: the indicator joins the Aandachtspunten."""
        return self.label == BEHIND


def own_measurements(indicator: Indicator) -> list[Measurement]:
    """The own area's measurements, by year (the workbook's order within a year)."""
    return sorted((m for m in indicator.measurements if m.area == OWN_AREA), key=lambda m: m.year)


def latest(measurements: list[Measurement]) -> Measurement | None:
    """The measurement of the latest year; of two in one year the later in the list."""
    found = None
    for measurement in measurements:
        if found is None or measurement.year >= found.year:
            found = measurement
    return found


def comparison_areas(indicator: Indicator) -> dict[str, Measurement]:
    """Per comparison area (in the order first met) its latest measurement."""
    areas: dict[str, list[Measurement]] = {}
    for measurement in indicator.measurements:
        if measurement.area != OWN_AREA:
            areas.setdefault(measurement.area, []).append(measurement)
    return {area: latest(found) for area, found in areas.items()}  # type: ignore[misc]


def shown(indicators: list[Indicator]) -> list[Indicator]:
    """The indicators every output shows: those with a theme (see this module's docstring)."""
    return [indicator for indicator in indicators if indicator.theme]


def has_path(indicator: Indicator) -> bool:
    """Both ends of the line are known: a nulmeting and a streefwaarde, each with its year."""
    return None not in (indicator.baseline, indicator.baseline_year, indicator.target, indicator.target_year)


def path_value(indicator: Indicator, year: int) -> float | None:
    """The straight line from nulmeting to streefwaarde in ``year``; the streefwaarde after its year."""
    if not has_path(indicator):
        return None
    start, start_year, end, end_year = (
        indicator.baseline,
        indicator.baseline_year,
        indicator.target,
        indicator.target_year,
    )
    assert start is not None and start_year is not None and end is not None and end_year is not None
    if year >= end_year or end_year <= start_year:
        return end
    return start + (end - start) * (year - start_year) / (end_year - start_year)


def verdict(indicator: Indicator) -> Verdict:
    """The indicator's verdict by the rule in this module's docstring."""
    missing = [
        word
        for word, value, year in (
            ("nulmeting", indicator.baseline, indicator.baseline_year),
            ("streefwaarde", indicator.target, indicator.target_year),
        )
        if value is None or year is None
    ]
    if missing:
        label = {1: f"geen {missing[0]}", 2: NO_BASELINE_AND_TARGET}[len(missing)]
        return Verdict(label, f"Zonder {' en '.join(missing)} is niet te zeggen of de indicator op koers is.")
    after = [m for m in own_measurements(indicator) if m.year > indicator.baseline_year]  # type: ignore[operator]
    judged = latest(after)
    if judged is None:
        return Verdict(NO_MEASUREMENT, f"Er is nog geen meting na de nulmeting ({indicator.baseline_year}).")
    expected = path_value(indicator, judged.year)
    assert expected is not None and indicator.target is not None
    sign = 1 if indicator.higher_is_better else -1
    value, goal, line = (sign * half_up(number, DECIMALS) for number in (judged.value, indicator.target, expected))
    measured = f"De meting van {judged.year} is {dutch_number(judged.value)}"
    if value >= goal:
        return Verdict(
            REACHED,
            f"{measured}; de streefwaarde {with_year(indicator.target, indicator.target_year)} is gehaald.",
            judged,
            expected,
        )
    label = ON_COURSE if value >= line else BEHIND
    return Verdict(
        label,
        f"{measured}; op de lijn van nulmeting naar streefwaarde hoort in {judged.year} "
        f"{dutch_number(expected)} ({'hoger' if indicator.higher_is_better else 'lager'} is beter).",
        judged,
        expected,
    )


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as a table row shows it: plain text cells, the same in Word, the report and the page."""

    indicator: Indicator
    name: str
    unit: str
    baseline: str
    latest: str
    target: str
    comparison: tuple[str, ...]  # "Nederland: 5,1 (2024)", one per comparison area
    verdict: Verdict

    @property
    def cells(self) -> tuple[str, ...]:
        """The row's cells in ``TABLE_HEADERS`` order, then the comparison (joined by "; ")."""
        return (self.name, self.unit, self.baseline, self.latest, self.target, "; ".join(self.comparison) or MISSING)


def indicator_line(indicator: Indicator) -> IndicatorLine:
    own = latest(own_measurements(indicator))
    return IndicatorLine(
        indicator=indicator,
        name=indicator.name,
        unit=indicator.unit or MISSING,
        baseline=with_year(indicator.baseline, indicator.baseline_year),
        latest=with_year(own.value, own.year) if own else MISSING,
        target=with_year(indicator.target, indicator.target_year),
        comparison=tuple(f"{area}: {with_year(m.value, m.year)}" for area, m in comparison_areas(indicator).items()),
        verdict=verdict(indicator),
    )


def lines_by_theme(indicators: list[Indicator]) -> dict[str, list[IndicatorLine]]:
    """Each theme's indicators (by theme title) as table rows, in the workbook's order; without a theme: left out."""
    themes: dict[str, list[IndicatorLine]] = {}
    for indicator in shown(indicators):
        themes.setdefault(indicator.theme, []).append(indicator_line(indicator))
    return themes


@dataclass(frozen=True)
class MeasurementTable:
    """An indicator's chart as a table a screen reader can read: a row per year, a column per area and the line."""

    columns: tuple[str, ...]  # "Jaar", the own area, each comparison area, "Lijn naar streefwaarde"
    rows: tuple[tuple[str, ...], ...]


PATH_COLUMN = "Lijn naar streefwaarde"


def measurement_table(indicator: Indicator) -> MeasurementTable:
    """Every year with a measurement, the nulmeting or the streefwaarde, in order; a missing value is the dash."""
    areas = [OWN_AREA, *dict.fromkeys(m.area for m in indicator.measurements if m.area != OWN_AREA)]
    values: dict[tuple[int, str], float] = {(m.year, m.area): m.value for m in indicator.measurements}
    years = {m.year for m in indicator.measurements}
    years |= {year for year in (indicator.baseline_year, indicator.target_year) if year is not None}
    with_path = has_path(indicator)
    rows = []
    for year in sorted(years):
        cells = [str(year), *(dutch_number(values.get((year, area))) for area in areas)]
        if with_path:
            inside = indicator.baseline_year <= year  # type: ignore[operator]
            cells.append(dutch_number(path_value(indicator, year)) if inside else MISSING)
        rows.append(tuple(cells))
    return MeasurementTable(("Jaar", *areas, *((PATH_COLUMN,) if with_path else ())), tuple(rows))
