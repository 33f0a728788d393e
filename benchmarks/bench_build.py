"""Build the default plan and synthetic plans of 100 and 1,000 themes; print time and memory.

    python benchmarks/bench_build.py [--sizes 100,1000]

Each size is built in a fresh subprocess so peak memory (ru_maxrss) is that build's own.
Figures are printed, not asserted: speed is watched here, not in unit tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

ROWS_PER_THEME = 20

from jaarplan.pdf import find_soffice  # noqa: E402


def synthetic_source(folder: Path, themes: int) -> None:
    """A source folder with ``themes`` themes of ROWS_PER_THEME matrix rows (4 goals of 5 rows)."""
    from jaarplan.errors import Problems
    from jaarplan.metadata import read_metadata, write_metadata
    from jaarplan.model import Goal, MatrixRow, RichText, Span, Theme
    from jaarplan.workbook import PlanTexts, read_workbook
    from jaarplan.workbook_write import write_workbook

    default = read_workbook(REPO / "source" / "jaarplan.xlsx", Problems())
    metadata = read_metadata(REPO / "source" / "plan.yaml")
    clusters = metadata.clusters
    cell = RichText((Span("Politie, OM en gemeente voeren het plan uit; "), Span("zie convenant", italic=True)))
    plan_themes = []
    for number in range(themes):
        goals = [
            Goal(RichText.plain(f"Doel {g + 1} van thema {number + 1}"), [MatrixRow(*(cell,) * 7) for _ in range(5)])
            for g in range(ROWS_PER_THEME // 5)
        ]
        plan_themes.append(Theme(f"Thema {number + 1}", clusters[number % len(clusters)], [cell, cell], [], goals))
    folder.mkdir(parents=True, exist_ok=True)
    write_metadata(metadata, folder / "plan.yaml")
    write_workbook(PlanTexts(default.chapters, plan_themes, {}), folder / "jaarplan.xlsx", clusters)


def measure(source: Path, output: Path, with_pdf: bool = False) -> dict[str, float]:
    """Run one build in a subprocess; return seconds after imports and peak memory in MiB.

    ``with_pdf`` builds as ``jaarplan build --pdf`` does: LibreOffice lays the
    document out (twice, for the table of contents) and writes the PDF.
    """
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(REPO / 'src')!r})\n"
        "from jaarplan.pipeline import build\n"
        "started = time.perf_counter()\n"
        f"template = Path({str(REPO / 'templates' / 'jaarplan.docx')!r})\n"
        f"result = build(Path({str(source)!r}), Path({str(output)!r}), template,"
        f" with_pdf={with_pdf}, paginate={with_pdf})\n"
        "seconds = time.perf_counter() - started\n"
        "rows = sum(len(g.rows) for t in result.plan.themes for g in t.goals)\n"
        "print(json.dumps({'seconds': seconds, 'rows': rows,"
        " 'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="theme counts of the synthetic plans")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cases = [("default plan", REPO / "source", False)]
        if find_soffice():
            cases.append(("default + PDF", REPO / "source", True))
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = Path(scratch) / f"plan-{size}"
            started = time.perf_counter()
            synthetic_source(folder, size)
            print(f"(workbook of {size} themes written in {time.perf_counter() - started:.1f} s)")
            cases.append((f"{size} themes", folder, False))
        print(f"{'plan':<14}{'rows':>8}{'build s':>10}{'s/1000 rows':>13}{'peak MiB':>10}")
        for number, (label, source, with_pdf) in enumerate(cases):
            figures = measure(source, Path(scratch) / f"out-{number}", with_pdf)
            per_thousand = figures["seconds"] / figures["rows"] * 1000 if figures["rows"] else 0.0
            print(
                f"{label:<14}{figures['rows']:>8}{figures['seconds']:>10.2f}{per_thousand:>13.2f}"
                f"{figures['peak_mib']:>10.0f}"
            )


if __name__ == "__main__":
    main()
