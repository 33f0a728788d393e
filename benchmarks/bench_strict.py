"""Time and peak memory of reading two hostile Strict Open XML files: the issue's limit is 5 s and 250 MiB.

    python benchmarks/bench_strict.py [--repeat 3] [--baseline OTHER/src]

- bomb: the built default plan saved as Strict with a 400 MB member of zeros
  (about 0.4 MB on disk), read by ``jaarplan import``: refused before unpacking.
- a long cell: the default workbook saved as Strict with one cell holding a
  9 MB or 40 MB string (no ``>`` in it), read whole by ``open_workbook``. A
  text node over 10 MB is refused by lxml (no ``huge_tree``), so the 40 MB
  one ends in a refusal: the figure is how long that takes.

Each run is a fresh subprocess (peak memory is its VmHWM, see peak_memory.py);
with ``--baseline`` the two checkouts run interleaved, one of each per round,
because the load on the machine varies. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from peak_memory import PEAK_MIB  # noqa: E402

from tests.strict_ooxml import to_strict  # noqa: E402

RUN = (
    PEAK_MIB
    + """
import json, sys, time
from pathlib import Path
sys.path.insert(0, SRC)
from jaarplan.errors import PlanError
started = time.perf_counter()
try:
    if KIND == "bomb":
        from jaarplan.importer.from_word import import_document
        import_document(Path(FILE))
    else:
        from jaarplan.source.xlsx.safe_open import open_workbook
        open_workbook(Path(FILE))
    outcome = "read"
except PlanError as refused:
    outcome = "refused: " + refused.message[:60]
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_mib(), "outcome": outcome}))
"""
)


def bomb(folder: Path) -> Path:
    """The built default plan as Strict, with 400 MB of zeros that no part refers to."""
    from jaarplan.commands.build import build

    built = build(REPO / "source", folder / "uit", REPO / "templates" / "jaarplan.docx").document
    strict = to_strict(Path(shutil.copy(built, folder / "bom.docx")))
    with zipfile.ZipFile(strict, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("word/media/0.bin", "w") as member:
        for _ in range(400):
            member.write(bytes(1024 * 1024))
    return strict


def long_string(folder: Path, megabytes: int) -> Path:
    """The default workbook as Strict, with a long string in a cell below the plan on the first sheet."""
    workbook = to_strict(Path(shutil.copy(REPO / "source" / "jaarplan.xlsx", folder / f"lang {megabytes}.xlsx")))
    parts = {}
    with zipfile.ZipFile(workbook) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    cell = (
        b'<row r="1048000"><c r="A1048000" t="inlineStr"><is><t>'
        + b"a" * (megabytes * 1024 * 1024)
        + b"</t></is></c></row>"
    )
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", cell + b"</sheetData>"
    )
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return workbook


def run(src: Path, kind: str, file: Path) -> dict:
    code = f"SRC = {str(src)!r}\nKIND = {kind!r}\nFILE = {str(file)!r}\n" + RUN
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder, run interleaved")
    options = parser.parse_args()
    checkouts = [("now", REPO / "src")] + ([("baseline", options.baseline.resolve())] if options.baseline else [])
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = {"bomb": bomb(folder), "9 MB cell": long_string(folder, 9), "40 MB cell": long_string(folder, 40)}
        for kind, file in files.items():
            figures: dict[str, list[dict]] = {name: [] for name, _ in checkouts}
            for _ in range(options.repeat):
                for name, src in checkouts:
                    figures[name].append(run(src, "bomb" if kind == "bomb" else "workbook", file))
            for name, runs in figures.items():
                seconds = statistics.median(r["seconds"] for r in runs)
                peak = max(r["peak_mib"] for r in runs)
                print(
                    f"{kind:12} {name:8} {seconds:7.2f} s  {peak:7.0f} MiB  {runs[-1]['outcome']}  "
                    f"({file.stat().st_size // 1024} KB on disk)"
                )


if __name__ == "__main__":
    main()
