"""Run the test suite with the newest release of every dependency, and name the package that broke what.

The README installs the versions in the lock (requirements-test.txt). This shows what an install without
the lock gets today, so the next break is seen before a user meets it. In a fresh temporary virtual
environment it installs jaarplan with its test extra, every dependency at its newest release within
pyproject.toml's bounds (with --beyond-bounds: at its newest release whatsoever), then

- lists each installed package whose version differs from the lock (locked → newest), and the newer
  releases that pyproject.toml's upper bounds keep out;
- runs the test suite and lists the failing tests;
- puts each package that differs back to its locked version, one at a time, and runs the failing tests
  again: a package whose revert makes a test pass broke that test. A rerun in which pytest did not run the
  tests (exit code other than 0 or 1: the revert broke the collection, or pytest itself) blames nothing.

    python tools/newest_releases.py [--beyond-bounds] [--keep] [-- PYTEST ARGUMENTS]

Exit code 0 when the suite passes, 1 when it fails. Standard library only: it runs before anything is
installed. A constraints file from the machine's pip configuration is ignored (PIP_CONSTRAINT is set to
the null device), so it cannot hold a release back; the rest of that configuration (indexes, proxy,
certificates) still applies.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements-test.txt"

# Loaded into pytest with -p: writes "failed ID" for every failing test (or module that fails to collect), and
# "passed ID" for every test that passed (or module that collected).
OUTCOME_PLUGIN = """
import os


def _write(report):
    if report.failed or (report.passed and report.when in ("call", "collect")):
        with open(os.environ["NEWEST_RELEASES_OUTCOMES"], "a", encoding="utf-8") as outcomes:
            outcomes.write(f"{report.outcome} {report.nodeid}\\n")


pytest_runtest_logreport = pytest_collectreport = _write
"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries(lock: str) -> list[tuple[str, str, str]]:
    """(name, version, marker) of every `name==version ; marker` line of a lock; "" where there is no marker.

    A package may be pinned more than once, each pin for other Pythons or platforms (numpy: one version below
    Python 3.12, another from 3.12 on), so the pins are a list, not keyed by name. tests/test_install.py reads
    the locks with this too.
    """
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)[ \t]*(?:;[ \t]*([^\\\n]*?))?[ \t]*\\?$", lock, re.MULTILINE)
    return [(canonical(name), version, marker) for name, version, marker in pins]


# Run by the environment's Python: which of the markers hold there (packaging comes with the test extra).
EVALUATE_MARKERS = """
import json, sys
from packaging.markers import Marker
print(json.dumps({marker: Marker(marker).evaluate() for marker in json.loads(sys.argv[1])}))
"""


def locked_versions(environment: Environment) -> dict[str, str]:
    """Package → the version the test lock installs in this environment (the pins whose markers hold there)."""
    entries = lock_entries(LOCK.read_text(encoding="utf-8"))
    markers = sorted({marker for _, _, marker in entries if marker})
    holds = json.loads(environment.run("-c", EVALUATE_MARKERS, json.dumps(markers), capture_output=True).stdout)
    return {name: version for name, version, marker in entries if not marker or holds[marker]}


def declared() -> list[str]:
    """The requirements in pyproject.toml: the package's, the test extra's and the build backend."""
    with open(REPO / "pyproject.toml", "rb") as handle:
        pyproject = tomllib.load(handle)
    project = pyproject["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"], *pyproject["build-system"]["requires"]]


def without_bounds(requirement: str) -> str:
    """The requirement's name (and extras), without any version bound."""
    return re.match(r"\s*[A-Za-z0-9._-]+(\[[^\]]*\])?", requirement).group(0).strip()


class Environment:
    """A throw-away virtual environment, pip told to ignore the machine's constraints file."""

    def __init__(self, folder: Path) -> None:
        venv.EnvBuilder(with_pip=True).create(folder)
        scripts = folder / ("Scripts" if os.name == "nt" else "bin")
        self.python = str(scripts / ("python.exe" if os.name == "nt" else "python"))
        self.env = dict(
            os.environ, PIP_CONSTRAINT=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", VIRTUAL_ENV=str(folder)
        )
        self.env["PATH"] = str(scripts) + os.pathsep + self.env.get("PATH", "")  # as if activated: tools by name
        self.env.pop("PYTHONHOME", None)

    def run(self, *arguments: str, check: bool = True, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.python, *arguments], env=self.env, text=True, check=check, cwd=REPO, **kwargs)

    def pip(self, *arguments: str) -> str:
        """pip's output; its error ends this script."""
        completed = self.run("-m", "pip", *arguments, capture_output=True, check=False)
        if completed.returncode:
            sys.exit(f"pip {' '.join(arguments)} failed:\n{completed.stdout}{completed.stderr}")
        return completed.stdout

    def install(self, *arguments: str) -> None:
        self.pip("install", "--quiet", *arguments)

    def installed(self) -> dict[str, str]:
        listed = json.loads(self.pip("list", "--format=json"))
        return {canonical(item["name"]): item["version"] for item in listed if canonical(item["name"]) != "jaarplan"}

    def newest(self, requirements: list[str]) -> dict[str, str]:
        """What pip would install for these requirements alone, without installing it."""
        dry_run = self.pip(
            "install", "--quiet", "--dry-run", "--ignore-installed", "--no-deps", "--report", "-", *requirements
        )
        report = json.loads(dry_run)
        return {canonical(item["metadata"]["name"]): item["metadata"]["version"] for item in report["install"]}


def install(environment: Environment, beyond_bounds: bool) -> None:
    environment.install("--upgrade", "pip", "setuptools")  # a venv of Python 3.11 comes with an old setuptools
    if not beyond_bounds:
        environment.install("--upgrade", "--upgrade-strategy", "eager", "-e", f"{REPO}[test]")
        return
    environment.install("--upgrade", *sorted({without_bounds(requirement) for requirement in declared()}))
    environment.install("--no-deps", "--no-build-isolation", "-e", str(REPO))


def held_back(environment: Environment, installed: dict[str, str]) -> list[str]:
    """Newer releases that an upper bound in pyproject.toml keeps out, as lines to print."""
    bounded = [requirement for requirement in declared() if re.search(r"<|==|~=", requirement)]
    if not bounded:
        return []
    newest = environment.newest([without_bounds(requirement) for requirement in bounded])
    lines = []
    for requirement in bounded:
        name = canonical(without_bounds(requirement).split("[")[0])
        if newest.get(name, installed.get(name)) != installed.get(name):
            lines.append(f"  {name} {newest[name]} (installed {installed.get(name)}: {requirement})")
    return lines


def run_tests(
    environment: Environment, folder: Path, targets: list[str], log: Path
) -> tuple[set[str], set[str], str, int]:
    """The failing and the passing tests (ids), pytest's summary line and its exit code."""
    outcomes = folder / "outcomes.txt"
    outcomes.unlink(missing_ok=True)
    (folder / "newest_releases_plugin.py").write_text(OUTCOME_PLUGIN, encoding="utf-8")
    environment.env["NEWEST_RELEASES_OUTCOMES"] = str(outcomes)
    environment.env["PYTHONPATH"] = str(folder)
    with open(log, "w", encoding="utf-8") as output:
        completed = environment.run(
            "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "newest_releases_plugin", *targets,
            stdout=output, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    summary = next((line.strip("= ") for line in reversed(lines) if re.search(r"\d+ (passed|failed|error)", line)), "")
    reported = outcomes.read_text(encoding="utf-8").splitlines() if outcomes.exists() else []
    failed = {line.split(" ", 1)[1] for line in reported if line.startswith("failed ")}
    passed = {line.split(" ", 1)[1] for line in reported if line.startswith("passed ")} - failed  # teardown failed
    return failed, passed, summary or (lines[-1] if lines else "pytest printed nothing"), completed.returncode


def culprits(
    environment: Environment, folder: Path, failed: set[str], upgraded: dict[str, tuple[str, str]]
) -> dict[str, set[str]]:
    """Package → the failing tests that pass again with that package alone back at its locked version.

    Passed means reported as passed: a test the rerun did not run (pytest did not start, the module no longer
    collects, the test was skipped) is not fixed, and a rerun that ended in any exit code but 0 (all passed) or
    1 (some failed) counts for nothing.
    """
    targets = sorted(failed) if len(failed) <= 200 else sorted({test.split("::")[0] for test in failed})
    fixed_by = {}
    for name, (locked, newest) in sorted(upgraded.items()):
        print(f"  {name}: back to {locked} ...", flush=True)
        environment.install("--no-deps", f"{name}=={locked}")
        log = folder / f"revert-{name}.log"
        _, passed, summary, exit_code = run_tests(environment, folder, targets, log)
        environment.install("--no-deps", f"{name}=={newest}")
        if exit_code not in (0, 1):
            print(f"    no verdict: pytest exited with code {exit_code}, the tests did not run ({summary}; log: {log})")
        elif fixed := failed & passed:
            fixed_by[name] = fixed
    return fixed_by


def report_differences(installed: dict[str, str], locked: dict[str, str]) -> dict[str, tuple[str, str]]:
    upgraded = {
        name: (locked[name], version) for name, version in installed.items() if locked.get(name, version) != version
    }
    added = sorted(set(installed) - set(locked) - {"pip"})
    gone = sorted(set(locked) - set(installed))
    print(f"Differences from {LOCK.name}:" if upgraded or added or gone else f"Same versions as {LOCK.name}.")
    for name, (old, new) in sorted(upgraded.items()):
        print(f"  {name} {old} → {new}")
    for name in added:
        print(f"  {name} {installed[name]} (new: not in the lock)")
    for name in gone:
        print(f"  {name} {locked[name]} (in the lock, no longer installed)")
    print(f"  ({len(installed) - len(upgraded) - len(added)} packages as locked)")
    return upgraded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beyond-bounds", action="store_true", help="ignore pyproject.toml's version bounds too")
    parser.add_argument("--keep", action="store_true", help="keep the virtual environment and the logs")
    parser.add_argument("pytest_arguments", nargs="*", help="passed on to pytest (after --)")
    arguments = parser.parse_args()
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="jaarplan-newest-"))
    try:
        print(f"Installing the newest releases in {folder / 'venv'} ...", flush=True)
        environment = Environment(folder / "venv")
        install(environment, arguments.beyond_bounds)
        installed = environment.installed()
        pip_version = installed.pop("pip", "?")
        python_version = environment.run("-c", "import platform; print(platform.python_version())", capture_output=True)
        print(f"Python {python_version.stdout.strip()}, pip {pip_version}, {sys.platform}.")
        upgraded = report_differences(installed, locked_versions(environment))
        if not arguments.beyond_bounds and (bounded := held_back(environment, installed)):
            print(
                "Newer releases kept out by pyproject.toml's upper bounds (try: --beyond-bounds):", *bounded, sep="\n"
            )
        conflicts = environment.run("-m", "pip", "check", capture_output=True, check=False)
        if conflicts.returncode:
            print("pip check:", conflicts.stdout.strip(), sep="\n")
        print("Running the test suite ...", flush=True)
        log = folder / "pytest.log"
        failed, _, summary, exit_code = run_tests(environment, folder, arguments.pytest_arguments, log)
        print(f"Test suite: {summary}")
        if exit_code and not failed:
            print(f"  pytest exited with code {exit_code} without a failing test: see its output")
        for test in sorted(failed):
            print(f"  FAILED {test}")
        if failed and upgraded:
            print(f"Each package that differs, back to its locked version alone ({len(upgraded)} runs):")
            fixed_by = culprits(environment, folder, failed, upgraded)
            for name, fixed in sorted(fixed_by.items()):
                old, new = upgraded[name]
                print(f"{name} {new} (locked {old}) broke {len(fixed)} of the {len(failed)} failing tests:")
                for test in sorted(fixed):
                    print(f"  {test}")
            if unexplained := failed - set().union(*fixed_by.values()):
                print(f"Not fixed by reverting any one package ({len(unexplained)}): two together, or not a release:")
                for test in sorted(unexplained):
                    print(f"  {test}")
        elif failed:
            print("Every package is at its locked version: these failures are not a new release's.")
        if exit_code and not arguments.keep:
            kept = Path(tempfile.gettempdir()) / f"jaarplan-newest-{time.strftime('%Y%m%d-%H%M%S')}.log"
            shutil.copyfile(log, kept)
            print(f"pytest's output: {kept}")
        print(f"Done in {time.monotonic() - started:.0f} s.")
        return 1 if exit_code else 0
    finally:
        if arguments.keep:
            print(f"Kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
