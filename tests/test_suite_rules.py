"""The suite's own rules: in CI nothing is skipped; elsewhere a missing tool skips, with the reason, at the test;
a failing system tool fails the test with what it said.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .system_tools import in_ci, poppler, require_pdf_tools

SKIPPING = """
import pytest

from tests.system_tools import skip_missing


@pytest.fixture
def xyz():
    skip_missing("xyz is not installed (apt-get install xyz)")


def test_a_plain_skip():
    pytest.skip("a plain skip")


@pytest.mark.skipif(True, reason="a mark")
def test_a_marked_skip():
    pass


def test_a_missing_tool():
    skip_missing("abc is not installed (apt-get install abc)")


def test_a_fixture_skips(xyz):
    pass
"""

SKIPPED_MODULE = """
import pytest

pytest.importorskip("geen_module_die_bestaat")


def test_never_collected():
    pass
"""

PASSING = """
def test_passes():
    pass
"""


def run_pytest(folder: Path, ci: str, **files: str) -> subprocess.CompletedProcess:
    """pytest on ``files`` (name: text) in ``folder``, with this suite's conftest as a plugin, ``CI`` set to ``ci``."""
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-p", "tests.conftest", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env={**os.environ, "CI": ci, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_in_ci_every_skip_fails_and_says_why(tmp_path: Path) -> None:
    """A skip at setup (a mark, a fixture) is reported as an error, one in the test as a failure: none passes."""
    result = run_pytest(tmp_path, "true", test_skipping=SKIPPING)
    assert result.returncode == 1, result.stdout
    summary = result.stdout.splitlines()[-1]
    assert "2 failed, 2 errors" in summary and "skipped" not in summary and "passed" not in summary, summary
    why = "CI must run every test, but this one was skipped:"
    assert f"FAILED test_skipping.py::test_a_plain_skip - {why} a plain skip" in result.stdout
    assert f"ERROR test_skipping.py::test_a_marked_skip - {why} a mark" in result.stdout
    assert f"FAILED test_skipping.py::test_a_missing_tool - {why} abc is not installed" in result.stdout
    assert f"ERROR test_skipping.py::test_a_fixture_skips - {why} xyz is not installed" in result.stdout


def test_in_ci_a_module_skipped_as_a_whole_fails_and_interrupts_the_run(tmp_path: Path) -> None:
    """A failed collection stops pytest before any test runs (conftest.py says so): CI fails, and loudly."""
    result = run_pytest(tmp_path, "true", test_skipped_module=SKIPPED_MODULE, test_passing=PASSING)
    assert result.returncode == 2, result.stdout  # interrupted
    assert (
        "ERROR test_skipped_module.py - CI must run every test, but this one was skipped: "
        "could not import 'geen_module_die_bestaat'"
    ) in result.stdout
    assert "Interrupted: 1 error during collection" in result.stdout and "passed" not in result.stdout


@pytest.mark.parametrize("ci", ["", "false"])
def test_outside_ci_a_skip_is_reported_at_the_test_with_its_reason(tmp_path: Path, ci: str) -> None:
    result = run_pytest(tmp_path, ci, test_skipping=SKIPPING, test_skipped_module=SKIPPED_MODULE, test_passing=PASSING)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].strip("= ").startswith("1 passed, 5 skipped"), result.stdout
    # Where skip_missing skipped, the report names the test's line, not one of system_tools.py.
    for test, tool in [("test_a_missing_tool()", "abc"), ("test_a_fixture_skips(xyz)", "xyz")]:
        line = line_of(SKIPPING, f"def {test}:")
        assert f"SKIPPED [1] test_skipping.py:{line}: {tool} is not installed (apt-get install {tool})" in result.stdout
    line = line_of(SKIPPED_MODULE, 'pytest.importorskip("geen_module_die_bestaat")')
    assert f"SKIPPED [1] test_skipped_module.py:{line}: could not import 'geen_module_die_bestaat'" in result.stdout


@pytest.mark.parametrize(
    ("value", "ci"),
    [
        *[(None, False), ("", False), ("0", False), ("false", False), ("False", False), ("NO", False)],
        *[("true", True), ("1", True), ("yes", True), ("True", True)],
    ],
)
def test_ci_is_the_ci_variable_read_as_a_yes_or_no(
    monkeypatch: pytest.MonkeyPatch, value: str | None, ci: bool
) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert in_ci() is ci


def test_a_poppler_tool_that_fails_fails_the_test_with_what_it_said(tmp_path: Path) -> None:
    require_pdf_tools()
    (tmp_path / "kapot.pdf").write_bytes(b"geen pdf")
    with pytest.raises(AssertionError) as failed:
        poppler("pdfinfo", tmp_path / "kapot.pdf")
    assert f"pdfinfo {tmp_path / 'kapot.pdf'} ended with exit code 1: " in str(failed.value)
    assert "Couldn't read xref table" in str(failed.value)  # poppler's own words, from its stderr
