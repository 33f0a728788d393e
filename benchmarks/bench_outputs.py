"""Every output beside the build, in one run: build, voortgang, html and diff at 2,000 and 20,000 rows.

    python benchmarks/bench_outputs.py [--sizes 100,1000] [--repeat 3] [--baseline OTHER/src] [--no-pdf]

Issue 23's table. Per size (themes of 20 rows, every status used, see
``bench_report.synthetic_source``): ``build``, ``voortgang`` and ``html`` of the
plan, and ``diff`` of it against a copy with one row changed and one with
one row in 20 changed, spread over the themes (1,000 of 20,000; the redline, without LibreOffice, as every case here but
the PDFs). Then the example plan's ``build --pdf`` and ``voortgang --pdf``
(each its own LibreOffice start through UNO, as a user's command; the output
folder holds the example's archive, so the report compares with version 1.1
as a user's would). Printed:
wall time (whole process) and peak memory (VmHWM) per case and side, medians
of ``--repeat`` rounds, and each output's ratio to the build in the same
rounds. With ``--baseline`` another checkout (its ``src``) is measured in the
same rounds, interleaved (``bench_build.py``'s way: this host's speed varies).
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import builtins
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TextIO

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import run_cli  # noqa: E402
from bench_report import ROWS_PER_THEME, synthetic_source  # noqa: E402

from jaarplan.office import pdf  # noqa: E402

EXAMPLE = REPO / "examples" / "voorbeeldgemeente"
NO_OFFICE = {"JAARPLAN_SOFFICE": "/geen/soffice"}
CHANGED = (1, 20)  # the newer version of a diff: one row changed, and one row in 20 (1,000 of 20,000)


class Case(NamedTuple):
    """One command measured: its arguments, environment, and an archive its output folder starts with."""

    arguments: list[str]
    environment: dict[str, str]
    archive: Path | None = None


def changed_copy(folder: Path, target: Path, rows: int) -> Path:
    """A copy of a source folder with ``rows`` matrix rows' Stand van zaken changed, spread over the plan."""
    from jaarplan.errors import Problems
    from jaarplan.model import RichText
    from jaarplan.source.metadata import read_metadata
    from jaarplan.source.workbook import read_workbook
    from jaarplan.source.xlsx.writer import write_workbook

    metadata = read_metadata(folder / "plan.yaml")
    texts = read_workbook(folder / "jaarplan.xlsx", Problems())
    every = [row for theme in texts.themes for goal in theme.goals for row in goal.rows]
    step = max(len(every) // rows, 1)
    for number, row in enumerate(every[::step][:rows]):
        row.progress = RichText.plain(f"{row.progress.text} Bijgewerkt ({number}).")
    target.mkdir(parents=True)
    shutil.copyfile(folder / "plan.yaml", target / "plan.yaml")
    write_workbook(texts, target / "jaarplan.xlsx", metadata.clusters, metadata.statuses)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="theme counts of the synthetic plans (20 rows each)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (the median is shown)")
    parser.add_argument("--baseline", type=Path, help="the src folder of another checkout, measured alongside")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF cases (LibreOffice)")
    args = parser.parse_args()
    sides = {"now": REPO / "src"} | ({"before": args.baseline.resolve()} if args.baseline else {})
    for src in sides.values():  # byte-compiled, as an installed jaarplan is (bench_build.py)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], capture_output=True, check=False)
    soffice = None if args.no_pdf else pdf.find_soffice()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        outputs = iter(range(10**9))

        def output() -> str:
            return str(scratch / f"out-{next(outputs)}")

        cases: dict[str, Case] = {}
        for size in (int(s) for s in args.sizes.split(",") if s):
            rows = size * ROWS_PER_THEME
            folder = scratch / f"plan-{size}"
            started = time.perf_counter()
            synthetic_source(folder, size)
            newer = {n: changed_copy(folder, scratch / f"plan-{size}-{n}", n) for n in sorted({1, rows // CHANGED[1]})}
            print(f"(plans of {rows} rows written in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
            source = ["--source", str(folder)]
            cases[f"{rows} build"] = Case(["build", *source], NO_OFFICE)
            cases[f"{rows} voortgang"] = Case(["voortgang", *source], NO_OFFICE)
            cases[f"{rows} html"] = Case(["html", *source], NO_OFFICE)
            for n, copy in newer.items():
                cases[f"{rows} diff, {n} changed"] = Case(["diff", str(folder), str(copy)], NO_OFFICE)
        if soffice:
            example = scratch / "voorbeeld"
            shutil.copytree(EXAMPLE, example)
            source = ["--source", str(example / "bron")]
            archive = example / "output" / "archief"
            cases["example build --pdf"] = Case(["build", *source, "--pdf"], {}, archive)
            cases["example voortgang --pdf"] = Case(["voortgang", *source, "--pdf"], {}, archive)
        found = measure(cases, sides, args.repeat, output)
    print_table(found, cases, sides)


def measure(
    cases: dict[str, Case],
    sides: dict[str, Path],
    repeat: int,
    output: Callable[[], str],
) -> dict[tuple[str, str], list[dict[str, float]]]:
    """Each case on each side once per round; a new output folder each time (a first build, not a rebuild)."""
    found: dict[tuple[str, str], list[dict[str, float]]] = {}
    for number in range(repeat):
        for case, (arguments, environment, archive) in cases.items():
            for side, src in sides.items():
                folder = output()
                if archive is not None:
                    shutil.copytree(archive, Path(folder) / archive.name)
                figures = run_cli(src, [*arguments, "--output", folder], environment)
                found.setdefault((case, side), []).append(figures)
                print(f"  round {number + 1}: {case} ({side}) {figures['seconds']:.2f} s", file=sys.stderr)
        print_table(found, cases, sides, sys.stderr)  # so far: a long run cut short still tells
    return found


def print_table(
    found: dict[tuple[str, str], list[dict[str, float]]],
    cases: dict[str, Case],
    sides: dict[str, Path],
    stream: TextIO = sys.stdout,
) -> None:
    """Medians per case and side, and per output its ratio to the build of the same plan (median per round)."""
    print = functools.partial(builtins.print, file=stream)
    print()
    header = "".join(f"{side + ' s':>10}{side + ' MiB':>12}{'×build':>8}" for side in sides)
    print(f"{'case':<32}{header}")
    for case in cases:
        line = f"{case:<32}"
        for side in sides:
            runs = found[case, side]
            seconds = statistics.median(run["seconds"] for run in runs)
            peak = statistics.median(run["peak_mib"] for run in runs)
            line += f"{seconds:>10.2f}{peak:>12.0f}{_ratio(found, case, side):>8}"
        print(line)
    print("(×build: the median over rounds of this case's time over the build's of the same plan in that round;")
    print(" voortgang --pdf over build --pdf. LibreOffice's own processes are not in MiB.)")


def _ratio(found: dict[tuple[str, str], list[dict[str, float]]], case: str, side: str) -> str:
    size, _, what = case.partition(" ")
    build = f"{size} build --pdf" if what.endswith("--pdf") else f"{size} build"
    if build == case or (build, side) not in found:
        return ""
    pairs = zip(found[case, side], found[build, side], strict=True)
    return f"{statistics.median(run['seconds'] / base['seconds'] for run, base in pairs):.2f}"


if __name__ == "__main__":
    main()
