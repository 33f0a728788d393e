"""Build the default jaarplan: ``python build.py`` is ``jaarplan build`` run from this folder.

Options after it are passed on, e.g. ``python build.py --output elders``.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

from jaarplan.cli import run  # noqa: E402

if __name__ == "__main__":
    defaults = [
        "--source", str(HERE / "source"),
        "--output", str(HERE / "output"),
        "--template", str(HERE / "templates" / "jaarplan.docx"),
    ]  # fmt: skip
    # click keeps the last value of an option, so the user's own options win.
    run(["build", *defaults, *sys.argv[1:]], prog_name="build.py")
