"""Shared fixtures: the default plan built once per test session, and one browser for the session."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from docx import Document

from jaarplan.commands.build import BuildResult, build
from jaarplan.office import pdf

from .browser import launched_browser

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "source"
TEMPLATE = REPO / "templates" / "jaarplan.docx"
SEED = REPO / "tools" / "gezamenlijk-jaarplan-2010-v2.2.txt"


@pytest.fixture(scope="session")
def built_default(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SOURCE, tmp_path_factory.mktemp("out"), TEMPLATE).document


@pytest.fixture(scope="session")
def default_document(built_default: Path):
    return Document(built_default)


def without_fingerprints(source: Path) -> Path:
    """Drop the 'inhoud' fingerprints from plan.yaml: a plan issued before them, which edits do not stop.

    Tests that edit the definitief default plan to test something else use this;
    tests/test_issued.py covers what a fingerprint stops.
    """
    path = source / "plan.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.lstrip().startswith("inhoud:")), encoding="utf-8")
    return source


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of the default source, for tests that edit it (without fingerprints)."""
    return without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))


@pytest.fixture
def issued_copy(tmp_path: Path) -> Path:
    """A writable copy of the default source with the fingerprint of its issued version 2.2."""
    return Path(shutil.copytree(SOURCE, tmp_path / "source"))


def processes_gone(pids: list[int], within: float) -> bool:
    """True once none of ``pids`` runs any more, checked until ``within`` seconds have passed."""
    deadline = time.monotonic() + within
    while True:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except ProcessLookupError:
                pass
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), started once for every browser test of the session; see tests/browser.py."""
    with launched_browser() as running:
        yield running


def require_pdf_tools() -> None:
    """Skip without LibreOffice and poppler-utils; in CI, fail: CI must run the PDF tests."""
    missing = [name for name in ("pdftotext", "pdfinfo") if shutil.which(name) is None]
    if pdf.find_soffice() is None:
        missing.append("LibreOffice (soffice)")
    if missing:
        reason = f"{', '.join(missing)} not installed; .ci/run installs them from Debian packages"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PDF tests: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The default plan as the program leader sends it: .docx and PDF from ``build --pdf``."""
    require_pdf_tools()
    return build(SOURCE, tmp_path_factory.mktemp("send"), TEMPLATE, with_pdf=True, paginate=True)
