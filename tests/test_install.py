"""The install a new user runs is the one CI tests: the README's commands, the locks and pyproject.toml agree."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

RUNTIME_LOCK = REPO / "requirements.txt"
TEST_LOCK = REPO / "requirements-test.txt"


def quick_start() -> list[str]:
    """The command lines of the README's Quick start."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def pinned(lock: str) -> dict[str, str]:
    """Package name → the version the lock pins (every line `name==version`, markers left aside)."""
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", lock, re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


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
    runtime, tested = pinned(RUNTIME_LOCK.read_text(encoding="utf-8")), pinned(TEST_LOCK.read_text(encoding="utf-8"))
    assert runtime
    assert {name: tested.get(name) for name in runtime} == runtime


def test_every_declared_requirement_is_locked_within_its_bounds() -> None:
    runtime, test = declared()
    for lock, requirements in [(RUNTIME_LOCK, runtime), (TEST_LOCK, runtime + test)]:
        pins = pinned(lock.read_text(encoding="utf-8"))
        outside = {
            str(requirement): version
            for requirement in requirements
            if (version := pins.get(canonicalize_name(requirement.name))) is None
            or not requirement.specifier.contains(version, prereleases=True)
        }
        assert not outside, f"{lock.name} is out of date with pyproject.toml (refresh: docs/architecture.md)"


def test_every_locked_file_has_a_hash() -> None:
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        entries = re.split(r"^(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
        assert entries
        assert all("--hash=sha256:" in entry for entry in entries), lock.name
