"""Time and memory of builds, side by side in one run; optionally against an older checkout.

    python benchmarks/bench_build.py [--sizes 100,1000] [--repeat 3] [--baseline OTHER/src]

Prints one table: the default plan built without LibreOffice (``jaarplan build``,
whole process), with LibreOffice (``build --pdf``: through UNO, and the former
way without UNO), a plain ``soffice --convert-to pdf`` of the same .docx and the
ratio, a build through a warm office (``office.session.Office`` kept running), and the
synthetic plans (themes of 20 rows: 100 themes = 2,000 rows, 1,000 = 20,000)
for ``build`` without LibreOffice and ``check``, with t(largest)/t(smallest).

Every figure comes from a fresh subprocess, so peak memory (VmHWM, see
peak_memory.py) is that command's own. Both checkouts are byte-compiled first,
as pip does on install: where PYTHONDONTWRITEBYTECODE is set (this machine),
each run would otherwise compile jaarplan's sources again (about 40 ms).
LibreOffice's processes are not counted, and each run waits until the
LibreOffice of the run before has closed. Each case is run ``--repeat``
times (the 20,000-row cases at most 3) and the median shown; the runs are
interleaved, one of each per round (both checkouts with ``--baseline``, and
the UNO build with the plain converts it is compared with), so a host whose
speed varies (this one's does, by a third) treats all alike.
Figures are printed, not asserted: speed is watched here, not in unit tests.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

ROWS_PER_THEME = 20
PLAIN = ("plain convert, new profile", "now")
PREPARED = ("plain convert, set-up prof.", "now")
TEMPLATE = REPO / "templates" / "jaarplan.docx"

from peak_memory import PEAK_MIB  # noqa: E402

from jaarplan.office import pdf  # noqa: E402


def synthetic_source(folder: Path, themes: int) -> None:
    """A source folder with ``themes`` themes of ROWS_PER_THEME matrix rows (4 goals of 5 rows)."""
    from jaarplan.errors import Problems
    from jaarplan.model import Goal, MatrixRow, PlanTexts, RichText, Span, Theme
    from jaarplan.source.metadata import read_metadata, write_metadata
    from jaarplan.source.workbook import read_workbook
    from jaarplan.source.xlsx.writer import write_workbook

    default = read_workbook(REPO / "source" / "jaarplan.xlsx", Problems())
    metadata = read_metadata(REPO / "source" / "plan.yaml")
    # Other content than the issued 2.2: without its fingerprint, or check would refuse the changed version.
    metadata.history = [replace(entry, fingerprint="") for entry in metadata.history]
    clusters = metadata.clusters

    def cell(*where: int) -> RichText:
        """Every cell rich text (the worst case for reading), and no two alike (nothing to share)."""
        action = ".".join(str(number) for number in where)
        return RichText(
            (Span(f"Actie {action}: politie, OM en gemeente voeren het uit; "), Span("zie convenant", italic=True))
        )

    plan_themes = []
    for number in range(themes):
        goals = [
            Goal(
                RichText.plain(f"Doel {g + 1} van thema {number + 1}"),
                [MatrixRow(*(cell(number, g, r, c) for c in range(7))) for r in range(5)],
            )
            for g in range(ROWS_PER_THEME // 5)
        ]
        prose = [cell(number, 0), cell(number, 1)]
        plan_themes.append(Theme(f"Thema {number + 1}", clusters[number % len(clusters)], prose, [], goals))
    folder.mkdir(parents=True, exist_ok=True)
    write_metadata(metadata, folder / "plan.yaml")
    write_workbook(PlanTexts(default.chapters, plan_themes, {}), folder / "jaarplan.xlsx", clusters)


CLI_RUN = (
    PEAK_MIB.replace("{", "{{").replace("}", "}}")
    + """
import json, sys, time
sys.path.insert(0, {src!r})
import jaarplan.cli
command = getattr(jaarplan.cli, "run", jaarplan.cli.main)  # run: the program as installed (it may freeze)
try:
    command({arguments!r})
except SystemExit as end:
    if end.code:
        raise
print(json.dumps({{"peak_mib": peak_mib()}}))
"""
)

WARM_RUN = """
import json, statistics, sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from jaarplan.office import pdf
from jaarplan.office.session import Office
from jaarplan.commands.build import build
with Office(pdf.find_soffice()) as office:
    times = []
    for number in range({repeat} + 1):  # the first starts LibreOffice
        started = time.perf_counter()
        build(Path({source!r}), Path({output!r}) / str(number), Path({template!r}), with_pdf=True, paginate=True,
              office=office)
        times.append(time.perf_counter() - started)
print(json.dumps({{"seconds": statistics.median(times[1:]), "first": times[0]}}))
"""


def run_cli(src: Path, arguments: list[str], environment: dict[str, str]) -> dict[str, float]:
    """One ``jaarplan`` command in a fresh Python: wall time of the whole process, and its peak memory."""
    code = CLI_RUN.format(src=str(src), arguments=arguments)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **environment}
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{arguments} failed:\n{completed.stdout}\n{completed.stderr}")
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    wait_for_offices_to_close()
    return {"seconds": seconds, **figures}


def wait_for_offices_to_close(within: float = 10) -> None:
    """Wait until the LibreOffice a build let go has closed (Linux /proc), so the next run does not share the CPU.

    A build does not wait for its LibreOffice to close (``office.session.Office.close``);
    a user's next build comes seconds later, a benchmark's next run at once.
    """
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        running = False
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                running = running or b"jaarplan-office-" in cmdline.read_bytes()
            except OSError:
                continue
        if not running:
            return
        time.sleep(0.02)


def plain_convert(soffice: Path, document: Path, folder: Path) -> dict[str, float]:
    """A plain ``soffice --convert-to pdf`` of ``document`` with a fresh profile, as ``pdf.convert`` runs it."""
    started = time.perf_counter()
    pdf.convert(soffice, document, folder)
    return {"seconds": time.perf_counter() - started, "peak_mib": float("nan")}


def plain_convert_prepared(soffice: Path, document: Path, folder: Path) -> dict[str, float]:
    """``soffice --convert-to pdf`` as a user runs it, with a profile LibreOffice has set up before.

    A user's own profile is set up once; jaarplan keeps one too (``office.session.prepared_profile``).
    A fresh profile (``plain_convert``) makes LibreOffice set it up and restart: the slower baseline.
    """
    from jaarplan.office.session import prepared_profile

    profile = folder / "profile"
    shutil.copytree(prepared_profile(soffice), profile, ignore=shutil.ignore_patterns(".lock"))
    started = time.perf_counter()
    subprocess.run(
        [str(soffice), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(document)],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    return {"seconds": time.perf_counter() - started, "peak_mib": float("nan")}


def warm_builds(src: Path, output: Path, repeat: int) -> dict[str, float]:
    """Builds of the default plan through one Office in one process: the median after the first (which starts it)."""
    code = WARM_RUN.format(
        src=str(src), repeat=repeat, source=str(REPO / "source"), output=str(output), template=str(TEMPLATE)
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1]) | {"peak_mib": float("nan")}


def without_uno(scratch: Path) -> dict[str, str]:
    """Environment for the former way: the office's Python cannot import uno (no site-packages)."""
    script = scratch / "python-without-uno"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return {"JAARPLAN_OFFICE_PYTHON": str(script)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="theme counts of the synthetic plans (20 rows each)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per small case (the median is shown)")
    parser.add_argument(
        "--baseline", type=Path, help="the src folder of another checkout (its source/ beside it), measured alongside"
    )
    args = parser.parse_args()
    sides = {"now": REPO / "src"}
    if args.baseline:
        sides["baseline"] = args.baseline.resolve()
    for src in sides.values():  # as an installed jaarplan has them, also where PYTHONDONTWRITEBYTECODE is set
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], capture_output=True, check=False)
    soffice = pdf.find_soffice()
    no_office = {"JAARPLAN_SOFFICE": "/geen/soffice"}
    rows: list[tuple[str, str, dict[str, float] | None]] = []
    folders = itertools.count()

    def interleaved(runs: dict[tuple[str, str], Callable[[int], dict[str, float]]], repeat: int) -> dict:
        """Each (case, side) run once per round, ``repeat`` rounds: a host that speeds up or slows down
        (this one does, by a third) treats all alike. Medians per (case, side), added to the table."""
        found: dict[tuple[str, str], list[dict[str, float]]] = {key: [] for key in runs}
        for number in range(repeat):
            for key, once in runs.items():
                found[key].append(once(number))
        medians = {}
        for (label, side), figures in found.items():
            medians[label, side] = {name: statistics.median(run[name] for run in figures) for name in figures[0]}
            rows.append((label, side, medians[label, side]))
            print(f"  measured {label} ({side}): {medians[label, side]['seconds']:.2f} s", file=sys.stderr)
        return medians

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        default = ["--source", str(REPO / "source"), "--template", str(TEMPLATE)]

        def sided(folder: Path, side: str) -> Path:
            """An older checkout reads the source with its own plan.yaml (it refuses keys added since).

            A synthetic plan's copy leaves out the fingerprint of the issued version: other content.
            """
            own = sides[side].parent / "source" / "plan.yaml"
            if side == "now" or not own.is_file():
                return folder
            copy = scratch / f"{folder.name}-{side}"
            if not copy.exists():
                shutil.copytree(folder, copy)
                lines = own.read_text(encoding="utf-8").splitlines(keepends=True)
                synthetic = folder != REPO / "source"
                kept = [line for line in lines if not (synthetic and line.lstrip().startswith("inhoud:"))]
                (copy / "plan.yaml").write_text("".join(kept), encoding="utf-8")
            return copy

        def build_default(side: str, environment: dict[str, str], extra: list[str]):
            arguments = ["--source", str(sided(REPO / "source", side)), "--template", str(TEMPLATE)]

            def once(_: int) -> dict[str, float]:
                output = ["--output", str(scratch / f"out-{next(folders)}")]
                return run_cli(sides[side], ["build", *arguments, *output, *extra], environment)

            return once

        interleaved(
            {("default, no LibreOffice", side): build_default(side, no_office, []) for side in sides}, args.repeat
        )
        if soffice:
            run_cli(REPO / "src", ["build", *default, "--output", str(scratch / "for-plain"), "--pdf"], {})
            built = next((scratch / "for-plain").glob("*.docx"))
            runs = {("default --pdf (UNO)", side): build_default(side, {}, ["--pdf"]) for side in sides}
            runs["default --pdf, no UNO", "now"] = build_default("now", without_uno(scratch), ["--pdf"])
            runs[PLAIN] = lambda n: plain_convert(soffice, built, scratch / f"plain-{n}")
            runs[PREPARED] = lambda n: plain_convert_prepared(soffice, built, scratch / f"prepared-{n}")
            laid_out = interleaved(runs, args.repeat)  # the ratio's two sides measured in the same moments
            warm = warm_builds(REPO / "src", scratch / "warm", args.repeat)
            rows.append(("default --pdf, warm office", "now", warm))
        sized: dict[str, dict[int, float]] = {}
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = scratch / f"plan-{size}"
            started = time.perf_counter()
            synthetic_source(folder, size)
            print(f"(workbook of {size * ROWS_PER_THEME} rows written in {time.perf_counter() - started:.1f} s)")
            for command in ("build", "check"):

                def once_sized(side: str, command: str = command, folder: Path = folder):
                    def once(_: int) -> dict[str, float]:
                        arguments = ["--source", str(sided(folder, side))]
                        if command == "build":  # a new output folder each time: a first build, not a rebuild
                            output = scratch / f"out-{next(folders)}"
                            arguments += ["--template", str(TEMPLATE), "--output", str(output)]
                        return run_cli(sides[side], [command, *arguments], no_office)

                    return once

                label = f"{size * ROWS_PER_THEME} rows, {command}"
                repeat = args.repeat if size <= 100 else min(args.repeat, 3)
                measured = interleaved({(label, side): once_sized(side) for side in sides}, repeat)
                for (_, side), figures in measured.items():
                    sized.setdefault(f"{command} {side}", {})[size] = figures["seconds"]

    print()
    print(f"{'case':<30}{'side':<10}{'wall s':>8}{'peak MiB':>10}")
    for label, side, figures in rows:
        peak = figures.get("peak_mib", float("nan"))
        print(f"{label:<30}{side:<10}{figures['seconds']:>8.2f}{'' if peak != peak else f'{peak:.0f}':>10}")
    if soffice:
        print()
        plain, prepared = laid_out[PLAIN]["seconds"], laid_out[PREPARED]["seconds"]
        for side in sides:
            uno = laid_out["default --pdf (UNO)", side]["seconds"]
            ratios = f"{uno / plain:.2f} (new profile), {uno / prepared:.2f} (set-up profile)"
            print(f"UNO build / plain convert ({side}): {ratios}")
        old = laid_out["default --pdf, no UNO", "now"]["seconds"]
        print(f"former way (no UNO) / plain convert: {old / plain:.2f}")
        print(f"warm office, first build (starts LibreOffice): {warm['first']:.2f} s")
    for key, by_size in sized.items():
        if len(by_size) >= 2:
            small, large = min(by_size), max(by_size)
            ratio = by_size[large] / by_size[small]
            print(f"t({large * ROWS_PER_THEME})/t({small * ROWS_PER_THEME}) {key}: {ratio:.1f}")
    print("(LibreOffice's own processes are not in 'peak MiB'; the machine is shared, so compare within this run.)")


if __name__ == "__main__":
    main()
