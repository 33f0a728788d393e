"""Issue 24's speed check: a 20,000-row plan with 1,000 indicators against the same plan without them.

    python benchmarks/bench_indicators.py [--themes 1000] [--indicators 1000] [--repeat 3]

The plan is ``bench_report.synthetic_source`` (themes of 20 rows) read as a build
reads it; the indicators are added in memory (five years of the municipality and of
Nederland each, nulmeting and streefwaarde, spread over the themes), since the
workbook's Indicatoren and Metingen sheets are read by another part of issue 24.
Measured in one process, the two plans interleaved round by round (this host's
speed varies): the jaarplan document (render and save, no LibreOffice), the
progress report (render with its charts, and save), and the web page. Printed:
medians of ``--repeat`` rounds in seconds, and what the indicators add.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import synthetic_source  # noqa: E402

from jaarplan.model import Indicator, Measurement, Plan  # noqa: E402
from jaarplan.report.document import REPORT_TEMPLATE, render_progress_report  # noqa: E402
from jaarplan.report.summary import progress_report  # noqa: E402
from jaarplan.source.check import load_plan  # noqa: E402
from jaarplan.webpage.page import render_page  # noqa: E402
from jaarplan.word.render import render_document  # noqa: E402
from jaarplan.word.template import JAARPLAN_TEMPLATE, find_template  # noqa: E402

PEILDATUM = datetime.date(2026, 6, 30)


def with_indicators(plan: Plan, count: int) -> Plan:
    """``count`` indicators over the plan's themes in turn; every third behind its line, some without a target."""
    indicators = []
    for number in range(count):
        theme = plan.themes[number % len(plan.themes)].title
        start = 10.0 + number % 7
        own = [Measurement(year, start - (year - 2021) * (0.5 if number % 3 else 0.1)) for year in range(2021, 2026)]
        other = [Measurement(year, start - 1.5, "Nederland") for year in range(2021, 2026)]
        target = None if number % 10 == 9 else start - 4
        indicators.append(
            Indicator(
                f"Indicator {number + 1}", theme, unit="per 1.000 inwoners", source="CBS / politie",
                baseline=start, baseline_year=2021, target=target, target_year=2027 if target else None,
                measurements=own + other,
            )
        )  # fmt: skip
    changed = copy.copy(plan)
    changed.indicators = indicators
    return changed


def cases(folder: Path) -> dict[str, Callable[[Plan], None]]:
    template = find_template(JAARPLAN_TEMPLATE, None)
    report_template = find_template(REPORT_TEMPLATE, None)
    return {
        "jaarplan .docx": lambda plan: render_document(plan, template).save(folder / "plan.docx"),
        "voortgang .docx": lambda plan: render_progress_report(progress_report(plan, PEILDATUM), report_template).save(
            folder / "voortgang.docx"
        ),
        "webpagina": lambda plan: (folder / "index.html").write_text(render_page(plan), encoding="utf-8"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jaarplan-bench-") as work:
        folder = Path(work)
        synthetic_source(folder / "bron", arguments.themes)
        plain = load_plan(folder / "bron").plan
        rows = sum(len(goal.rows) for theme in plain.themes for goal in theme.goals)
        sides = {"zonder": plain, "met": with_indicators(plain, arguments.indicators)}
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(arguments.repeat):
            for name, run in cases(folder).items():
                for side, plan in sides.items():
                    start = time.perf_counter()
                    run(plan)
                    times.setdefault((name, side), []).append(time.perf_counter() - start)
        print(f"{rows:,} matrixregels, {arguments.indicators:,} indicatoren; mediaan van {arguments.repeat} rondes (s)")
        print(f"{'':18}{'zonder':>10}{'met':>10}{'erbij':>10}")
        for name in cases(folder):
            without, with_ = (statistics.median(times[(name, side)]) for side in sides)
            print(f"{name:18}{without:10.2f}{with_:10.2f}{with_ - without:+10.2f}")


if __name__ == "__main__":
    main()
