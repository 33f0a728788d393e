"""The Samenvatting's chart: a horizontal stacked bar per cluster, as PNG bytes with its text alternative.

matplotlib is imported here and only here, and this module only by the
progress report, so ``jaarplan build`` never pays for it. The object-oriented
API on an Agg canvas is used (no pyplot state). Colour is never the only
carrier: every segment has its status's hatch pattern, and wide enough
segments are labelled with the symbol and the count, so the chart reads in
grey print; the alt text states every count.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from jaarplan.report.summary import Summary
from jaarplan.text import dutch_date

DPI = 300  # print resolution
WIDTH_INCHES = 6.3  # 16 cm: the portrait text width
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo", "---")
FONT = "DejaVu Sans"  # ships with matplotlib and has the status symbols (✔ ✘ → ○)


@dataclass(frozen=True)
class Chart:
    """A chart and what it says in words: the two never travel apart."""

    png: bytes
    alt_text: str
    width_inches: float


def status_chart(summary: Summary, reference_date) -> Chart:
    """One bar per cluster, a segment per status (plan.yaml's order), labelled and patterned."""
    clusters = summary.clusters
    statuses = [status for status in summary.statuses if summary.total.counts.get(status.name)]
    height = 1.2 + 0.55 * max(len(clusters), 1)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    labels = [cluster.label for cluster in clusters]
    positions = list(range(len(clusters)))[::-1]  # first cluster on top
    left = [0] * len(clusters)
    widest = max((cluster.total for cluster in clusters), default=1) or 1
    for index, status in enumerate(statuses):
        values = [cluster.counts.get(status.name, 0) for cluster in clusters]
        bars = axes.barh(
            positions,
            values,
            left=left,
            height=0.6,
            color=f"#{status.colour}",
            edgecolor="black",
            linewidth=0.6,
            hatch=HATCHES[index % len(HATCHES)],
        )
        for bar, value in zip(bars, values, strict=True):
            if value and value / widest >= 0.06:
                axes.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{status.symbol} {value}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    fontfamily=FONT,
                    color="black",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    for position, cluster in zip(positions, clusters, strict=True):
        overdue = f", {cluster.overdue} verlopen" if cluster.overdue else ""
        axes.text(cluster.total + widest * 0.01, position, f"{cluster.total}{overdue}", va="center", fontsize=8)
    axes.set_yticks(positions, labels, fontsize=9, fontfamily=FONT)
    axes.set_xlim(0, widest * 1.25)
    axes.set_xlabel("aantal acties", fontsize=8, fontfamily=FONT)
    axes.tick_params(axis="x", labelsize=8)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles = [
        Patch(
            facecolor=f"#{status.colour}",
            edgecolor="black",
            hatch=HATCHES[index % len(HATCHES)],
            label=f"{status.symbol} {status.name}",
        )
        for index, status in enumerate(statuses)
    ]
    figure.legend(
        handles=handles,
        loc="lower center",
        ncols=min(len(handles), 3),
        fontsize=8,
        frameon=False,
        prop={"family": FONT, "size": 8},
    )
    figure.tight_layout(rect=(0, 0.08 + 0.06 * ((len(handles) - 1) // 3), 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return Chart(buffer.getvalue(), alt_text(summary, reference_date), WIDTH_INCHES)


def alt_text(summary: Summary, reference_date) -> str:
    """The chart in words: per cluster the count of every status, and the total with verlopen."""

    def counts(line) -> str:
        parts = [f"{line.counts[s.name]} {s.name}" for s in summary.statuses if line.counts.get(s.name)]
        return ", ".join(parts) or "geen acties"

    clusters = "; ".join(f"{line.label}: {counts(line)}" for line in summary.clusters)
    total = summary.total
    return (
        f"Staafdiagram: de status van de acties per cluster op {dutch_date(reference_date)}. {clusters}. "
        f"Totaal {total.total} acties: {counts(total)}; {total.overdue} verlopen."
    )
