"""tools/newest_releases.py blames a package only for the tests that pass again once it alone is reverted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker

from .tool_scripts import newest_releases

# Each test reads the "installed" versions; an old `importer` breaks the module's import, so nothing is collected.
TESTS = """
import json
import pathlib

import pytest
from packaging.markers import Marker

VERSIONS = json.loads(pathlib.Path(__file__).with_name("versions.json").read_text(encoding="utf-8"))
if VERSIONS["importer"] == "1.0":
    raise ImportError("this release of importer cannot be imported")


def test_fixer():
    assert VERSIONS["fixer"] == "1.0"


def test_skipper():
    if VERSIONS["skipper"] == "1.0":
        pytest.skip("needs the newer skipper")
    assert VERSIONS["other"] == "1.0"
"""


class FakeEnvironment:
    """Runs pytest with this Python in a folder of tests; installing a version writes it where the tests read it."""

    def __init__(self, folder: Path, versions: dict[str, str]) -> None:
        self.folder, self.versions = folder, dict(versions)
        self.env = dict(os.environ)
        (folder / "test_sample.py").write_text(TESTS, encoding="utf-8")
        self._write()

    def _write(self) -> None:
        (self.folder / "versions.json").write_text(json.dumps(self.versions), encoding="utf-8")

    def install(self, *arguments: str) -> None:
        name, version = arguments[-1].split("==")
        self.versions[name] = version
        self._write()

    def run(self, *arguments: str, check: bool = True, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *arguments], env=self.env, text=True, check=check, cwd=self.folder, **kwargs
        )


@pytest.fixture
def environment(tmp_path: Path) -> FakeEnvironment:
    (tmp_path / "tests").mkdir()
    newest = {"fixer": "2.0", "skipper": "2.0", "importer": "2.0", "other": "2.0"}
    return FakeEnvironment(tmp_path / "tests", newest)


def test_a_run_reports_the_failed_and_the_passed_tests(environment: FakeEnvironment, tmp_path: Path) -> None:
    environment.install("--no-deps", "other==1.0")
    failed, passed, _, exit_code = newest_releases.run_tests(environment, tmp_path, [], tmp_path / "all.log")
    assert (failed, exit_code) == ({"test_sample.py::test_fixer"}, 1)
    assert "test_sample.py::test_skipper" in passed
    assert "test_sample.py::test_fixer" not in passed


def test_only_a_revert_under_which_the_test_passes_is_blamed(
    environment: FakeEnvironment, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reverting importer stops the collection and reverting skipper skips a test: neither fixed anything."""
    failed, _, _, exit_code = newest_releases.run_tests(environment, tmp_path, [], tmp_path / "all.log")
    assert exit_code == 1
    assert failed == {"test_sample.py::test_fixer", "test_sample.py::test_skipper"}
    upgraded = {name: ("1.0", "2.0") for name in ["fixer", "importer", "other", "skipper"]}
    blamed = newest_releases.culprits(environment, tmp_path, failed, upgraded)
    assert blamed == {"fixer": {"test_sample.py::test_fixer"}, "other": {"test_sample.py::test_skipper"}}
    assert capsys.readouterr().out.count("no verdict: pytest exited with code") == 1  # importer's
    assert environment.versions == {"fixer": "2.0", "skipper": "2.0", "importer": "2.0", "other": "2.0"}


def test_a_release_that_breaks_the_collection_is_blamed_for_it(environment: FakeEnvironment, tmp_path: Path) -> None:
    """The module fails to collect with importer's newest release, and collects again with the locked one."""
    environment.install("--no-deps", "importer==1.0")
    failed, _, _, exit_code = newest_releases.run_tests(environment, tmp_path, [], tmp_path / "all.log")
    assert (failed, exit_code) == ({"test_sample.py"}, 2)
    upgraded = {"importer": ("2.0", "1.0"), "fixer": ("1.0", "2.0")}
    assert newest_releases.culprits(environment, tmp_path, failed, upgraded) == {"importer": {"test_sample.py"}}


def test_the_lock_is_read_per_python_and_platform() -> None:
    lock = (
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:a\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:b\n"
        "PyYAML==6.0.4 \\\n    --hash=sha256:c\n    # via jaarplan (pyproject.toml)\n"
    )
    assert newest_releases.lock_entries(lock) == [
        ("numpy", "2.4.6", "python_full_version < '3.12'"),
        ("numpy", "2.5.5", "python_full_version >= '3.12'"),
        ("pyyaml", "6.0.4", ""),
    ]


def test_the_locked_versions_are_the_pins_for_this_python_and_platform(environment: FakeEnvironment) -> None:
    """A package pinned per Python (numpy) or platform (colorama): the pins that hold for the environment."""
    entries = newest_releases.lock_entries(newest_releases.LOCK.read_text(encoding="utf-8"))
    here = {name: version for name, version, marker in entries if not marker or Marker(marker).evaluate()}
    locked = newest_releases.locked_versions(environment)
    assert locked == here
    assert ("colorama" in locked) == (sys.platform == "win32")
