"""The suite's own rules: in CI nothing is skipped; elsewhere a missing tool skips, with the reason, at the test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

SKIPPING = """
import pytest

from tests.system_tools import skip_or_fail


def test_a_plain_skip():
    pytest.skip("a plain skip")


@pytest.mark.skipif(True, reason="a mark")
def test_a_marked_skip():
    pass


def test_a_missing_tool():
    skip_or_fail("xyz is not installed (apt-get install xyz)")
"""


def run_pytest(folder: Path, ci: str) -> subprocess.CompletedProcess:
    """pytest on ``folder`` with this suite's conftest as a plugin, as CI (``ci`` set) or a developer runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-p", "tests.conftest", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env={**os.environ, "CI": ci, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_in_ci_every_skip_fails_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    result = run_pytest(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    summary = result.stdout.splitlines()[-1]
    assert "skipped" not in summary and "passed" not in summary, summary
    assert "CI must run every test, but this one was skipped: a plain skip" in result.stdout
    assert "CI must run every test, but this one was skipped: a mark" in result.stdout
    assert "CI must run this test, but xyz is not installed (apt-get install xyz)" in result.stdout


def test_outside_ci_a_skip_is_reported_at_the_test_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    result = run_pytest(tmp_path, ci="")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].strip("= ").startswith("3 skipped")
    line = SKIPPING.splitlines().index("def test_a_missing_tool():") + 1  # the test's, not system_tools.py's
    assert f"SKIPPED [1] test_skipping.py:{line}: xyz is not installed (apt-get install xyz)" in result.stdout
