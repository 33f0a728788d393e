"""The voortgangsrapportage for the example plan and a synthetic 1,000-theme plan: wall time and peak memory.

    python benchmarks/bench_report.py [--themes 1000] [--pdf]

Each run is a fresh subprocess, so peak memory (ru_maxrss) is that run's own and
the time includes importing matplotlib, which only this command does. The
plain build of the default plan and of the synthetic plan are measured beside
it, with whether they loaded matplotlib (they must not): the report must not
make ``jaarplan build`` slower, and the build shows what reading and rendering
the same rows costs without the report.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from peak_memory import PEAK_MIB  # noqa: E402

EXAMPLE = REPO / "examples" / "voorbeeldgemeente"
ROWS_PER_THEME = 20
STATUSES = ("gereed", "op schema", "aandacht", "achter", "nog niet gestart", "")


def synthetic_source(folder: Path, themes: int) -> None:
    """``themes`` themes of ROWS_PER_THEME rows, statuses in turn, deadlines spread over the year."""
    from jaarplan.model import Chapter, Goal, MatrixRow, PlanTexts, RichText, Theme
    from jaarplan.source.metadata import read_metadata, write_metadata
    from jaarplan.source.xlsx.writer import write_workbook
    from jaarplan.text import dutch_date

    metadata = read_metadata(EXAMPLE / "bron" / "plan.yaml")
    clusters = metadata.clusters
    cell = RichText.plain("Politie, OM en gemeente voeren dit samen uit, volgens het convenant.")
    plan_themes = []
    for number in range(themes):
        goals = []
        for g in range(ROWS_PER_THEME // 5):
            rows = []
            for r in range(5):
                index = number * ROWS_PER_THEME + g * 5 + r
                deadline = datetime.date(2026, 1, 1) + datetime.timedelta(days=(index * 7) % 365)
                rows.append(
                    MatrixRow(
                        cell, cell, cell, cell, cell,
                        RichText.plain(dutch_date(deadline)),
                        RichText.plain(f"Stand van actie {index}: bezig volgens planning."),
                        status=STATUSES[index % len(STATUSES)],
                    )
                )  # fmt: skip
            goals.append(Goal(RichText.plain(f"Doel {g + 1} van thema {number + 1}"), rows))
        plan_themes.append(Theme(f"Thema {number + 1}", clusters[number % len(clusters)], [cell], [], goals))
    folder.mkdir(parents=True, exist_ok=True)
    write_metadata(metadata, folder / "plan.yaml")
    chapters = [Chapter("Aanleiding", [cell])]
    write_workbook(PlanTexts(chapters, plan_themes, {}), folder / "jaarplan.xlsx", clusters, metadata.statuses)


def measure(code: str) -> dict[str, float]:
    """Run ``code`` (which sets ``rows``) in a subprocess; seconds from before the import, peak MiB."""
    script = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(REPO / 'src')!r})\n"
        f"{PEAK_MIB}\n"
        "started = time.perf_counter()\n"
        f"{code}\n"
        "seconds = time.perf_counter() - started\n"
        "print(json.dumps({'seconds': seconds, 'rows': rows, 'matplotlib': 'matplotlib' in sys.modules,"
        " 'peak_mib': peak_mib()}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report_code(source: Path, output: Path, with_pdf: bool) -> str:
    return (
        "from jaarplan.report.document import write_progress_report\n"
        f"result = write_progress_report(Path({str(source)!r}), Path({str(output)!r}), with_pdf={with_pdf})\n"
        "rows = result.report.summary.total.total\n"
    )


def build_code(source: Path, output: Path) -> str:
    return (
        "from jaarplan.commands.build import build\n"
        f"result = build(Path({str(source)!r}), Path({str(output)!r}))\n"
        "rows = sum(len(g.rows) for t in result.plan.themes for g in t.goals)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=1000, help="themes of the synthetic plan")
    parser.add_argument("--pdf", action="store_true", help="also make the PDFs (LibreOffice)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        synthetic = scratch_path / f"plan-{args.themes}"
        started = time.perf_counter()
        synthetic_source(synthetic, args.themes)
        print(f"(workbook of {args.themes} themes written in {time.perf_counter() - started:.1f} s)")
        cases = [
            ("voortgang, voorbeeld", report_code(EXAMPLE / "bron", scratch_path / "a", args.pdf)),
            (f"voortgang, {args.themes} th.", report_code(synthetic, scratch_path / "b", args.pdf)),
            ("build, standaardplan", build_code(REPO / "source", scratch_path / "c")),
            (f"build, {args.themes} th.", build_code(synthetic, scratch_path / "d")),
        ]
        print(f"{'run':<24}{'rows':>8}{'wall s':>9}{'peak MiB':>10}  matplotlib")
        for label, code in cases:
            figures = measure(code)
            loaded = "geladen" if figures["matplotlib"] else "niet geladen"
            print(f"{label:<24}{figures['rows']:>8}{figures['seconds']:>9.2f}{figures['peak_mib']:>10.0f}  {loaded}")


if __name__ == "__main__":
    main()
