"""Start-up kept short: openpyxl imported without numpy.

openpyxl imports numpy whenever it is installed (matplotlib brings it along),
only to accept numpy numbers as cell values, which jaarplan never writes; that
import alone costs 0.1-0.4 s. Only writing a workbook imports openpyxl
(``workbook_write``, for ``new`` and ``import``), inside ``numpy_hidden()``;
reading one (``check``, ``build``) does not import it at all (``workbook_cells``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def numpy_hidden() -> Iterator[None]:
    """Imports made in this block find no numpy (openpyxl's "try: import numpy" takes its except branch).

    A process that has numpy already keeps it.
    """
    if "numpy" in sys.modules:
        yield
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules["numpy"]
