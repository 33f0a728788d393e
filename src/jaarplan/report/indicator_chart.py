"""An indicator's small chart: its measurements, the line to its streefwaarde and the comparison areas.

As ``report.chart``: matplotlib's object-oriented API on an Agg canvas (no
pyplot), imported only by the progress report. Colour is never the only carrier:
the own measurements are a solid line with round markers, the line from
nulmeting to streefwaarde is dashed and ends in a star, each comparison area has
its own dotted or dash-dotted line and marker shape, and the legend names each;
the alt text states every number. A report of 1,000 indicators draws 1,000
charts, so one figure is drawn on again and again (``IndicatorCharts``) at
150 dpi (enough for its printed 11 cm), the path and its star one artist.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from jaarplan.indicators import IndicatorLine, has_path, own_measurements
from jaarplan.model import OWN_AREA, Indicator, Measurement
from jaarplan.report.chart import FONT, Chart
from jaarplan.text import dutch_number, with_year

DPI = 150  # 645 pixels across its printed 11 cm: sharp lines and 7 pt text; 200 dpi drew 78 % more pixels
WIDTH_INCHES = 4.3  # about 11 cm: beside nothing, below the verdict
HEIGHT_INCHES = 2.3
OWN_COLOUR = "#1F4E79"
PATH_COLOUR = "#595959"
AREA_SHAPES = ("gestippelde lijn met vierkantjes", "streep-stippellijn met driehoekjes", "stippellijn met ruitjes")
AREA_STYLES = (("#C55A11", ":", "s"), ("#548235", "-.", "^"), ("#7030A0", (0, (1, 3)), "D"))  # colour, line, marker


class IndicatorCharts:
    """Draws indicator charts on one reused figure (a new Figure per chart costs as much as the drawing)."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_axes((0.16, 0.3, 0.81, 0.66))
        _style(self.axes)

    def chart(self, line: IndicatorLine) -> Chart | None:
        """The chart of one indicator; None when it has no number at all to draw."""
        indicator = line.indicator
        if not indicator.measurements and indicator.baseline is None and indicator.target is None:
            return None
        axes = self.axes
        for drawn in [*axes.lines, *([axes.legend_] if axes.legend_ else [])]:
            drawn.remove()  # the axes and their ticks stay: clearing them cost half of every chart
        _draw(axes, indicator)
        axes.relim()
        axes.autoscale_view()
        buffer = io.BytesIO()
        # zlib level 1: a third of level 6's time for a tenth more bytes (flat colour compresses well anyway)
        png = {"compress_level": 1}
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs=png)
        return Chart(buffer.getvalue(), alt_text(line), WIDTH_INCHES)


def _draw(axes, indicator: Indicator) -> None:
    style = {"linewidth": 1.4, "markersize": 5}
    own = own_measurements(indicator)
    if own:
        axes.plot([m.year for m in own], [m.value for m in own], color=OWN_COLOUR, linestyle="-", marker="o",
                  label=OWN_AREA, **style)  # fmt: skip
    path = _path_points(indicator)
    if path:  # one artist and one legend entry: the dashed line ends in the streefwaarde's star
        axes.plot(*zip(*path, strict=True), color=PATH_COLOUR, linestyle="--", linewidth=1.1, marker="*",
                  markevery=[1], markersize=10, label="lijn naar streefwaarde (ster)")  # fmt: skip
    elif indicator.target is not None and indicator.target_year is not None:
        axes.plot([indicator.target_year], [indicator.target], color=PATH_COLOUR, linestyle="none", marker="*",
                  markersize=10, label="streefwaarde")  # fmt: skip
    elif indicator.baseline is not None and indicator.baseline_year is not None:
        axes.plot([indicator.baseline_year], [indicator.baseline], color=PATH_COLOUR, linestyle="none", marker="P",
                  markersize=7, label="nulmeting")  # fmt: skip
    for (area, found), (colour, line_style, marker) in zip(_areas(indicator).items(), AREA_STYLES * 10, strict=False):
        axes.plot([m.year for m in found], [m.value for m in found], color=colour, linestyle=line_style,
                  marker=marker, label=area, **style)  # fmt: skip
    axes.set_ylabel("\n".join(textwrap.wrap(indicator.unit, 26)[:2]), fontsize=7, fontfamily=FONT)
    axes.legend(loc="upper center", bbox_to_anchor=(0.45, -0.14), ncols=3, fontsize=6.5, frameon=False,
                prop={"family": FONT, "size": 6.5})  # fmt: skip


def _style(axes) -> None:
    """What every chart shares, set once: year ticks, Dutch numbers, light grid, no box."""
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: dutch_number(value)))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))  # 5; 5,5; 6: never 4,8; 5,6 or 4,75
    axes.tick_params(labelsize=7)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#D9D9D9", linewidth=0.5)


def _path_points(indicator: Indicator) -> list[tuple[int, float]]:
    if not has_path(indicator):
        return []
    return [(indicator.baseline_year, indicator.baseline), (indicator.target_year, indicator.target)]  # type: ignore[list-item]


def _areas(indicator: Indicator) -> dict[str, list[Measurement]]:
    areas: dict[str, list[Measurement]] = {}
    for measurement in sorted(indicator.measurements, key=lambda m: m.year):
        if measurement.area != OWN_AREA:
            areas.setdefault(measurement.area, []).append(measurement)
    return areas


def legend_words(indicator: Indicator) -> list[str]:
    """What each mark of the chart is, by its shape (for the caption: the chart reads in grey)."""
    words = ["doorgetrokken lijn met rondjes: de gemeente"] if own_measurements(indicator) else []
    if _path_points(indicator):
        words.append("gestreepte lijn: van nulmeting naar streefwaarde (ster)")
    elif indicator.target is not None and indicator.target_year is not None:
        words.append("ster: de streefwaarde")
    elif indicator.baseline is not None and indicator.baseline_year is not None:
        words.append("kruis: de nulmeting")
    areas = _areas(indicator)
    words += [f"{shape}: {area}" for area, shape in zip(areas, AREA_SHAPES * len(areas), strict=False)]
    return words


def alt_text(line: IndicatorLine) -> str:
    """The chart in words: every measurement per area, the nulmeting and streefwaarde, and the verdict."""
    indicator = line.indicator
    unit = f" ({indicator.unit})" if indicator.unit else ""

    def series(found: list[Measurement]) -> str:
        return ", ".join(f"{dutch_number(m.value)} in {m.year}" for m in found)

    parts = [f"Lijndiagram van {indicator.name}{unit}."]
    own = own_measurements(indicator)
    parts.append(f"{OWN_AREA}: {series(own)}." if own else f"{OWN_AREA}: nog geen meting.")
    if indicator.baseline is not None:
        parts.append(f"Nulmeting {with_year(indicator.baseline, indicator.baseline_year)}.")
    if indicator.target is not None:
        parts.append(f"Streefwaarde {with_year(indicator.target, indicator.target_year)}.")
    if _path_points(indicator):
        parts.append("Een gestreepte lijn loopt van nulmeting naar streefwaarde.")
    parts += [f"{area}: {series(found)}." for area, found in _areas(indicator).items()]
    parts.append(f"Oordeel: {line.verdict.label}.")
    return " ".join(parts)
