"""Shared fixtures: the default plan built once per test session, and one browser for the session.

In CI (``CI`` set, and not to 0, false or no; see ``system_tools.in_ci``) a
skip is reported as a failure, however it came about: CI installs every tool
the tests need (tests/system_tools.py), so a skip there means a test that was
never run. The two hooks at the end are the only place that does this. A
module skipped as a whole (``pytest.importorskip``, ``allow_module_level``)
becomes a collection error, and pytest then stops before running any test
("Interrupted: 1 error during collection"): the run fails at once, naming the
module and the reason, rather than after all the rest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from docx import Document

from jaarplan.commands.build import BuildResult, build
from jaarplan.errors import Problem

from .browser import launched_browser
from .system_tools import in_ci, require_pdf_tools

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


def beyond_the_default(problems: list[Problem]) -> list[Problem]:
    """``problems`` but the default plan's own warning (Matrix!H30, Deadline 'Eind 2009' in 2009).

    The default plan ships no warning marked as seen (a real question for its
    user); tests about something else leave that one warning out.
    """
    return [p for p in problems if not (p.location and p.location.cell == "H30" and "'Eind 2009'" in p.message)]


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
def no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Builds and releases without LibreOffice: the same steps, seconds faster (the PDF has its own tests)."""
    from jaarplan.office import pdf

    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))


@pytest.fixture
def plan(tmp_path: Path):
    """A werkomgeving's plan folder (tests/web_support.py): the source, an output folder, a users file."""
    from .web_support import make_plan  # web_support imports this module: not at the top

    return make_plan(tmp_path)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where browser tests put screenshots: JAARPLAN_SCREENSHOTS when set (to look at them), else a temporary folder."""
    folder = Path(os.environ.get("JAARPLAN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A writable copy of the default source, for tests that edit it (without fingerprints)."""
    return without_fingerprints(Path(shutil.copytree(SOURCE, tmp_path / "source")))


@pytest.fixture
def issued_copy(tmp_path: Path) -> Path:
    """A writable copy of the default source with the fingerprint of its issued version 2.2."""
    return Path(shutil.copytree(SOURCE, tmp_path / "source"))


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), started once for every browser test of the session; see tests/browser.py."""
    with launched_browser() as running:
        yield running


@pytest.fixture(scope="session")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The default plan as the program leader sends it: .docx and PDF from ``build --pdf``."""
    require_pdf_tools()
    return build(SOURCE, tmp_path_factory.mktemp("send"), TEMPLATE, with_pdf=True, paginate=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """In CI a skip, however it came about (a mark, a fixture, a plain pytest.skip), fails the test.

    Elsewhere a skip for a missing tool is reported at the test, not at the
    line of tests/system_tools.py that skipped it.
    """
    report = yield
    if not report.skipped or hasattr(report, "wasxfail"):
        return report
    if in_ci():
        _failed_in_ci(report)
    elif isinstance(report.longrepr, tuple) and Path(report.longrepr[0]).name == "system_tools.py":
        path, line = item.reportinfo()[:2]
        report.longrepr = (str(path), (line or 0) + 1, report.longrepr[2])
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    """In CI a module skipped as a whole (pytest.importorskip, allow_module_level) fails too."""
    report = yield
    if in_ci() and report.skipped:
        _failed_in_ci(report)
    return report


def _failed_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = f"CI must run every test, but this one was skipped: {reason}"
