"""Issue 24's speed check: a 20,000-row plan with 1,000 indicators against the same plan without them.

    python benchmarks/bench_indicators.py [--themes 1000] [--indicators 1000] [--repeat 3]

The plan is ``bench_report.synthetic_source`` (themes of 20 rows); beside it the same
plan with the indicators (five years of the municipality and of Nederland each,
nulmeting and streefwaarde, spread over the themes) written into its workbook's
Indicatoren and Metingen sheets through ``source/xlsx/writer.py``. Measured in one
process, the two sources interleaved round by round (this host's speed varies):
reading and checking the source (``load_plan``, what ``check`` and every build
start with), the jaarplan document (render and save, no LibreOffice), the progress
report (render with its charts, and save), and the web page. Printed: medians of
``--repeat`` rounds in seconds, and what the indicators add.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import shutil
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

from jaarplan.model import Indicator, Measurement, Plan, PlanTexts  # noqa: E402
from jaarplan.report.document import REPORT_TEMPLATE, render_progress_report  # noqa: E402
from jaarplan.report.summary import progress_report  # noqa: E402
from jaarplan.source.check import load_plan  # noqa: E402
from jaarplan.source.xlsx.writer import write_workbook  # noqa: E402
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


def write_with_indicators(plain: Path, target: Path, count: int) -> None:
    """The plain source again, its workbook written with ``count`` indicators on the two sheets."""
    plan = load_plan(plain).plan
    target.mkdir(parents=True)
    shutil.copyfile(plain / "plan.yaml", target / "plan.yaml")
    texts = PlanTexts(plan.chapters, plan.themes, plan.footnotes, indicators=with_indicators(plan, count).indicators)
    write_workbook(texts, target / "jaarplan.xlsx", plan.metadata.clusters, plan.metadata.statuses)


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
        write_with_indicators(folder / "bron", folder / "bron-indicatoren", arguments.indicators)
        sources = {"zonder": folder / "bron", "met": folder / "bron-indicatoren"}
        sides: dict[str, Plan] = {}
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(arguments.repeat):
            for side, source in sources.items():
                start = time.perf_counter()
                sides[side] = load_plan(source).plan
                times.setdefault(("bron lezen", side), []).append(time.perf_counter() - start)
            assert len(sides["met"].indicators) == arguments.indicators and not sides["zonder"].indicators
            for name, run in cases(folder).items():
                for side, plan in sides.items():
                    start = time.perf_counter()
                    run(plan)
                    times.setdefault((name, side), []).append(time.perf_counter() - start)
        rows = sum(len(goal.rows) for theme in sides["zonder"].themes for goal in theme.goals)
        print(f"{rows:,} matrixregels, {arguments.indicators:,} indicatoren; mediaan van {arguments.repeat} rondes (s)")
        print(f"{'':18}{'zonder':>10}{'met':>10}{'erbij':>10}")
        for name in ["bron lezen", *cases(folder)]:
            without, with_ = (statistics.median(times[(name, side)]) for side in sides)
            print(f"{name:18}{without:10.2f}{with_:10.2f}{with_ - without:+10.2f}")


if __name__ == "__main__":
    main()
