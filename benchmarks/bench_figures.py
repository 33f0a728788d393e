"""Time and peak memory of ``import-figures`` on a small, a large and a file at the size limit.

    python benchmarks/bench_figures.py [--repeat 3]

- small: what a municipality downloads, 5 indicators x 10 years x 3 areas (150 values);
- large: every municipality of the Netherlands (342) x 5 indicators x 10 years (17,100 values), the
  whole of Metingen filled once, then the same file again (every value already there: nothing written);
- at the limit: ``source.figures.MAX_MEASUREMENTS`` (50,000) values of a plan indicator, each for
  another area or year (a LONG file of 2 MB): the most a user can write into Metingen at once;
- too many: a file near ``MAX_BYTES`` (5 MB) whose 112,000 values are refused: how long saying so takes.

Each run is a fresh subprocess on a fresh copy of the plan (peak memory is its VmHWM, see
peak_memory.py). Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from peak_memory import PEAK_MIB  # noqa: E402

from tests.test_figures_import import PLAN_INDICATORS, add_indicator_sheets  # noqa: E402

RUN = (
    PEAK_MIB
    + """
import json, sys, time
from pathlib import Path
sys.path.insert(0, SRC)
from jaarplan.commands.figures import import_figures
from jaarplan.errors import PlanError
from jaarplan.source.figures import FigureMapping
started = time.perf_counter()
mapping = FigureMapping("Gebied", "Jaar", "Gemeente 0", "Indicator", "Waarde")
try:
    result = import_figures(Path(FILE), Path(SOURCE), mapping)
except PlanError as refused:
    outcome = refused.message[:80]
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib(), "outcome": outcome}))
    raise SystemExit(0)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib(),
                  "outcome": f"{result.new} nieuw, {result.unchanged} ongewijzigd"}))
"""
)


def csv_file(path: Path, areas: int, years: int, indicators: list[str]) -> Path:
    lines = ["Indicator;Gebied;Jaar;Waarde"]
    lines += [
        f"{name};Gemeente {area};{2015 + year};{area % 97},{year}"
        for area in range(areas)
        for name in indicators
        for year in range(years)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan(folder: Path) -> Path:
    source = Path(shutil.copytree(REPO / "source", folder / "bron"))
    add_indicator_sheets(source / "jaarplan.xlsx")
    return source


def run(source: Path, file: Path) -> dict:
    code = f"SRC = {str(REPO / 'src')!r}\nSOURCE = {str(source)!r}\nFILE = {str(file)!r}\n" + RUN
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if completed.returncode:  # refused: the PlanError's first line
        return {"seconds": float("nan"), "peak_mib": 0, "outcome": completed.stderr.strip().splitlines()[-1][:90]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        indicators = [*PLAN_INDICATORS, "Verwijzingen Halt"]  # the last one no indicator of the plan
        files = {
            "small": csv_file(folder / "klein.csv", 3, 10, indicators),
            "large": csv_file(folder / "groot.csv", 342, 10, indicators),
            "at the limit": csv_file(folder / "limiet.csv", 625, 80, indicators[:1]),
            "too many": csv_file(folder / "te veel.csv", 1_400, 80, indicators[:1]),
        }
        for kind, file in files.items():
            runs, again = [], []
            for round_number in range(options.repeat):
                source = plan(folder / f"{kind} {round_number}")
                runs.append(run(source, file))
                again.append(run(source, file))
            for name, found in (("first", runs), ("again", again)):
                seconds = statistics.median(r["seconds"] for r in found)
                peak = max(r["peak_mib"] for r in found)
                size = file.stat().st_size / (1024 * 1024)
                print(f"{kind:13} {name:6} {seconds:7.2f} s  {peak:6.0f} MiB  {found[-1]['outcome']}  ({size:.1f} MB)")


if __name__ == "__main__":
    main()
