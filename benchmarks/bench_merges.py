"""Check the default source with a merge over a whole column and with 600 whole-row merges; print time and memory.

    python benchmarks/bench_merges.py

openpyxl made an object for every position a merged range covers: the whole column took
170 s and 450 MiB, the 600 rows over 300 s. jaarplan's own reader (``source.xlsx.cells._unmerge``)
binds a merge by the cells the sheet holds. Each case runs in a fresh subprocess so its
peak memory is its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from peak_memory import PEAK_MIB  # noqa: E402

from tests.broken_inputs import add_merges  # noqa: E402

CASES = {
    "merge over column K, rows 1 to 1,048,576": ["K1:K1048576"],
    "600 merges K:XFD, one per row": [f"K{row}:XFD{row}" for row in range(1, 601)],
}
MEASURE = (
    PEAK_MIB
    + """
import json, sys, time
from pathlib import Path
from jaarplan.source.check import check_source
started = time.perf_counter()
checked = check_source(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - started, "errors": sum(p.is_error for p in checked.problems),
                  "peak_mib": peak_mib()}))
"""
)


def main() -> None:
    for name, refs in CASES.items():
        with tempfile.TemporaryDirectory() as work:
            source = Path(shutil.copytree(REPO / "source", Path(work) / "source"))
            add_merges("xl/worksheets/sheet4.xml", refs)(source)
            output = subprocess.run(
                [sys.executable, "-c", MEASURE, str(source)], capture_output=True, text=True, check=True
            ).stdout
            figures = json.loads(output)
            print(
                f"{name}: check {figures['seconds']:.2f} s, peak {figures['peak_mib']:.0f} MiB, "
                f"{figures['errors']} error(s)"
            )


if __name__ == "__main__":
    main()
