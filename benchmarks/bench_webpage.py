"""Render the web page of the default plan and of synthetic plans of 100 and 1,000 themes; print time and size.

    python benchmarks/bench_webpage.py [--sizes 100,1000]

Figures are printed, not asserted: speed is watched here, not in unit tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.bench_build import synthetic_source  # noqa: E402
from jaarplan.source.check import load_plan  # noqa: E402
from jaarplan.webpage.page import render_page  # noqa: E402


def measure(source: Path) -> tuple[float, float, float, int]:
    """Seconds to load the source, wall and CPU seconds to render the page, and the page's size in bytes.

    CPU seconds are given too because the wall clock of a shared machine says more about its load.
    """
    started = time.perf_counter()
    plan = load_plan(source).plan
    loaded, cpu = time.perf_counter(), time.process_time()
    page = render_page(plan)
    return loaded - started, time.perf_counter() - loaded, time.process_time() - cpu, len(page.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="theme counts of the synthetic plans")
    args = parser.parse_args()
    print(f"{'plan':>16} {'lezen (s)':>10} {'pagina (s)':>11} {'pagina CPU (s)':>15} {'grootte (kB)':>13}")
    with tempfile.TemporaryDirectory() as scratch:
        sources = [("standaard", REPO / "source")]
        for size in (int(value) for value in args.sizes.split(",") if value):
            folder = Path(scratch) / f"bron-{size}"
            synthetic_source(folder, size)
            sources.append((f"{size} thema's", folder))
        for name, source in sources:
            load, render, cpu, size = measure(source)
            print(f"{name:>16} {load:>10.2f} {render:>11.2f} {cpu:>15.2f} {size / 1000:>13.0f}")


if __name__ == "__main__":
    main()
