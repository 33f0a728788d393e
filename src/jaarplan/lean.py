"""Start-up kept short: openpyxl imported without numpy.

openpyxl imports numpy whenever it is installed (matplotlib brings it along),
only to accept numpy numbers as cell values, which jaarplan never writes; that
import alone costs 0.1-0.4 s of every command. ``pipeline`` imports this module
before anything that imports openpyxl. A process that has numpy already keeps it.
"""

from __future__ import annotations

import sys


def _import_openpyxl_without_numpy() -> None:
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # makes openpyxl's "try: import numpy" take its except branch
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_openpyxl_without_numpy()
