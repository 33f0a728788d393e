"""What the tests need beyond pip (LibreOffice, poppler-utils, Java, Chromium, python3-uno) and what a missing one does.

A test whose tool is missing is skipped, with the reason and how to install
it. CI (the ``CI`` variable set, as ``.ci/run`` does) installs every tool, so
there ``conftest.py`` turns that skip, like any other, into a failure: a skip
in CI would pass silently what was never run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from jaarplan.office import pdf


def in_ci() -> bool:
    """True when ``CI`` says so: set, and not empty, 0, false or no (in any case), as CI services set it."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_missing(reason: str) -> NoReturn:
    """Skip the test: ``reason`` says what is missing and how to install it (in CI, conftest.py fails the skip)."""
    pytest.skip(reason)


def missing_pdf_tools() -> str | None:
    """Why the PDF tests cannot run here (LibreOffice or poppler-utils missing), or None when they can."""
    missing = [name for name in ("pdftotext", "pdfinfo", "pdfimages") if shutil.which(name) is None]
    if pdf.find_soffice() is None:
        missing.append("LibreOffice (soffice)")
    if not missing:
        return None
    return f"{', '.join(missing)} not installed; .ci/run installs them from Debian packages"


def poppler(tool: str, *args: str | Path) -> str:
    """What poppler-utils' ``tool`` (pdftotext, pdfinfo, pdfimages) writes on stdout; fails with its stderr."""
    command = [tool, *map(str, args)]
    result = subprocess.run(command, capture_output=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, f"{' '.join(command)} ended with exit code {result.returncode}: {result.stderr}"
    return result.stdout


def require_pdf_tools() -> None:
    """LibreOffice and poppler-utils, for the tests that make a PDF and read it back."""
    if reason := missing_pdf_tools():
        skip_missing(reason)


def require_soffice() -> Path:
    """LibreOffice's soffice, as jaarplan finds it (JAARPLAN_SOFFICE, PATH, the usual places)."""
    soffice = pdf.find_soffice()
    if soffice is None:
        skip_missing("LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui)")
    return soffice


def require_java() -> str:
    """The Java runtime that runs the Nu HTML Checker (vnu.jar)."""
    java = shutil.which("java")
    if java is None:
        skip_missing("Java is not installed (apt-get install default-jre-headless), needed for the Nu HTML Checker")
    return java
