"""The install a new user runs is the one CI tests: the README's commands, the locks and pyproject.toml agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO
from .tool_scripts import newest_releases

RUNTIME_LOCK = REPO / "requirements.txt"
TEST_LOCK = REPO / "requirements-test.txt"


def quick_start() -> list[str]:
    """The command lines of the README's Quick start."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def pinned(lock: Path) -> dict[tuple[str, str], str]:
    """(package name, marker) → the version the lock pins; the marker is "" for a pin that holds everywhere.

    A package may have several pins, each for other Pythons or platforms (numpy: one below Python 3.12, one
    from 3.12 on), so a pin is known by its name and marker together.
    """
    entries = newest_releases.lock_entries(lock.read_text(encoding="utf-8"))
    pins = {(name, marker): version for name, version, marker in entries}
    assert len(pins) == len(entries), f"{lock.name} pins a package twice with the same marker"
    return pins


def pyproject() -> dict:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)


def declared() -> tuple[list[Requirement], list[Requirement]]:
    """The package's requirements (with the build backend) and the test extra's, from pyproject.toml."""
    project = pyproject()
    build = [Requirement(text) for text in project["dependency-groups"]["build"]]
    runtime = [Requirement(text) for text in project["project"]["dependencies"]] + build
    return runtime, [Requirement(text) for text in project["project"]["optional-dependencies"]["test"]]


def test_the_locked_build_backend_is_the_one_pyproject_builds_with() -> None:
    """The README installs with --no-build-isolation: the locked setuptools must be what [build-system] asks."""
    project = pyproject()
    assert project["dependency-groups"]["build"] == project["build-system"]["requires"]


def test_ci_runs_the_readme_test_command() -> None:
    install_and_build, install_and_test = quick_start()
    assert install_and_build.startswith(f"python -m pip install -r {RUNTIME_LOCK.name} && ")
    assert install_and_build.endswith(" && python build.py")
    assert install_and_test.startswith(f"python -m pip install -r {TEST_LOCK.name} && ")
    commands = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert commands[-1] == install_and_test


def test_the_package_lock_pins_what_the_tests_ran_with() -> None:
    """Pin for pin, with its marker: the same version in both locks."""
    runtime, tested = pinned(RUNTIME_LOCK), pinned(TEST_LOCK)
    assert runtime
    assert {pin: tested.get(pin) for pin in runtime} == runtime


def test_every_declared_requirement_is_locked_within_its_bounds() -> None:
    """Every pin of a package, on whichever Python or platform it is for."""
    runtime, test = declared()
    for lock, requirements in [(RUNTIME_LOCK, runtime), (TEST_LOCK, runtime + test)]:
        pins = pinned(lock)
        outside = {}
        for requirement in requirements:
            versions = [version for (name, _), version in pins.items() if name == canonicalize_name(requirement.name)]
            if not versions or not all(requirement.specifier.contains(v, prereleases=True) for v in versions):
                outside[str(requirement)] = versions
        assert not outside, f"{lock.name} is out of date with pyproject.toml (refresh: docs/architecture.md)"


# Pythons and platforms the locks are for: the oldest and newest Python, both sides of the numpy fork.
ENVIRONMENTS = [
    {"python_full_version": python, "python_version": python.rsplit(".", 1)[0], "implementation_name": "cpython",
     "sys_platform": platform, "platform_system": system, "platform_machine": machine}
    for python in ["3.11.0", "3.11.9", "3.12.0", "3.13.5", "3.14.0", "3.15.0"]
    for platform, system, machine in [("win32", "Windows", "AMD64"), ("win32", "Windows", "ARM64"),
                                      ("linux", "Linux", "x86_64"), ("linux", "Linux", "aarch64"),
                                      ("darwin", "Darwin", "x86_64"), ("darwin", "Darwin", "arm64")]
]  # fmt: skip


def test_no_two_pins_of_a_package_hold_at_once() -> None:
    """pip refuses a package pinned twice for the same install: at most one pin per package on each platform."""
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        pins = pinned(lock)
        for environment in ENVIRONMENTS:
            holding = [name for name, marker in pins if not marker or Marker(marker).evaluate(environment)]
            assert len(holding) == len(set(holding)), (lock.name, environment)


def test_every_locked_file_has_a_hash() -> None:
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        entries = re.split(r"^(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
        assert entries
        assert all("--hash=sha256:" in entry for entry in entries), lock.name
