"""Run import, check and build over a folder of real-world .docx and .xlsx files; count what went wrong.

    python benchmarks/corpus_run.py FOLDER [--sample N] [--seed S] [--show bad|all|reasons]

A .docx is imported (``jaarplan import FILE MAP``), partners and author are filled in as the
import asks, then the new source is checked and, if check passes, built. An .xlsx becomes the
workbook of a copy of ``source/`` (with the default plan.yaml) and is checked and, if check
passes, built; then again with its first sheets renamed to the plan's, so that it is read in
full rather than refused on its sheet names. Every command runs in its own (forked) process
without LibreOffice, with a time limit; its peak memory is read from the kernel (ru_maxrss).

Each file is counted as one of:
- clean success: every command ended with exit code 0;
- clean refusal: a command ended with 1 or 2 and said why in Dutch;
- bad: a traceback, English text (a library's message, an exception's class name),
  an exit code other than 0/1/2, over ``--seconds`` (60) or over ``--memory`` (1 GiB).

``--show reasons`` counts the clean refusals by what they said (the first FOUT, without its
place), so a file refused for the wrong reason stands out; an .xlsx by its renamed pass, which
reads it in full.

The corpus itself stays out of git (public test suites: Apache POI, the Open XML SDK,
ClosedXML, XlsxWriter, python-docx, docxtpl). Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
GIB = 1024**3

import jaarplan.commands.build  # noqa: E402  (cli imports these per command; the forks share them imported)
import jaarplan.commands.create  # noqa: E402, F401
from jaarplan.cli import main as jaarplan_command  # noqa: E402

# Words of English that no Dutch message of ours contains; user text is quoted and left out first.
ENGLISH = re.compile(
    r"\b(the|not|cannot|could|unable|invalid|error|exception|warning|unsupported|supported|found|expected|"
    r"contains|should|failed|with|and|for|unknown|this|that|which|will|be|are|has|have|from|object|none|"
    r"traceback|file|sheet|range|value|style|header|footer|extension)\b",
    re.IGNORECASE,
)
CLASS_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception|Warning)\b")
PLACE = re.compile(r"^FOUT  .*?(?: › [^:]*)?(?:, regel \d+)?: ")
QUOTED = re.compile(r"'.*'|\".*\"|‘.*’|“.*”")  # greedy: quoted user text may hold quotes itself


@dataclass
class Run:
    command: str
    code: int
    seconds: float
    peak_bytes: int
    output: str


@dataclass
class Outcome:
    file: Path
    runs: list[Run] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The refusal's first FOUT without its place, with the command that said it; the last refusing run's."""
        for run in reversed(self.runs):
            if run.code:
                line = next((line for line in run.output.splitlines() if line.startswith("FOUT")), "")
                return f"{run.command}: {PLACE.sub('', line)[:140]}"
        return ""

    @property
    def kind(self) -> str:
        if self.faults:
            return "bad"
        return "success" if all(run.code == 0 for run in self.runs) else "refusal"


def run_command(arguments: list[str], seconds: float, memory: int) -> Run:
    """One ``jaarplan`` command in a forked process: exit code, time, peak memory and all it printed.

    The parent has imported jaarplan already, so a command costs its work, not Python's start-up
    (seconds on a busy machine). The child's peak memory (ru_maxrss) includes what it inherited.
    """
    read_end, write_end = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(arguments, write_end, read_end, memory)
    os.close(write_end)
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(read_end, 65536), b"")))
    reader.start()
    while True:  # reaped here, so the kernel's figures are this child's own
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - started > seconds:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    reader.join()
    os.close(read_end)
    output = b"".join(chunks).decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    return Run(arguments[0], code, time.perf_counter() - started, usage.ru_maxrss * 1024, output)


def _child(arguments: list[str], write_end: int, read_end: int, memory: int) -> None:
    """Run the command as ``jaarplan`` would, with stdout and stderr into the pipe; never returns."""
    code = 70
    try:
        os.close(read_end)
        os.dup2(write_end, 1)
        os.dup2(write_end, 2)
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), encoding="utf-8", line_buffering=True)
        limit = 2 * memory + GIB  # a runaway load is stopped here; over ``memory`` is already bad
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.environ["JAARPLAN_SOFFICE"] = "/nonexistent/soffice"  # no LibreOffice: the PDF has its own tests
        warnings.resetwarnings()
        jaarplan_command(arguments, prog_name="jaarplan")
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def faults_of(run: Run, places: list[str], seconds: float, memory: int) -> list[str]:
    """What is wrong with one run, in words (empty when it is clean)."""
    faults = []
    if run.code not in (0, 1, 2):
        faults.append(f"{run.command}: exit code {run.code}")
    if run.seconds > seconds:
        faults.append(f"{run.command}: {run.seconds:.0f} s")
    if run.peak_bytes > memory:
        faults.append(f"{run.command}: {run.peak_bytes / GIB:.2f} GiB")
    if "Traceback" in run.output:
        faults.append(f"{run.command}: traceback")
    for line in run.output.splitlines():
        if english := english_in(line, places):
            faults.append(f"{run.command}: English {english!r} in: {line.strip()[:160]}")
    return faults


def english_in(line: str, places: list[str]) -> str:
    """English words or class names in a line, after leaving out paths, sheet names and quoted user text."""
    if line.startswith(("Geschreven:", "Gearchiveerd:")):
        return ""  # a path: the file name is made from the document's own (English) title
    for place in places:
        line = line.replace(place, " ")
    line = re.sub(r"›[^:!]*[:!]", " ", line)  # "file › Sheet!A1:" names a sheet the user chose
    line = QUOTED.sub(" ", line)
    found = [match.group(0) for match in (*CLASS_NAME.finditer(line), *ENGLISH.finditer(line))]
    return " ".join(found)


def fill_in(plan_yaml: Path) -> None:
    """Do what import says must still be done: fill in partners and author, so check and build get to work."""
    text = plan_yaml.read_text(encoding="utf-8")
    text = text.replace('partners: ""', 'partners: "Gemeente, politie en OM"').replace('auteur: ""', 'auteur: "CR"')
    plan_yaml.write_text(text, encoding="utf-8")


def run_file(path: Path, seconds: float, memory: int) -> Outcome:
    """All commands for one file; an .xlsx twice: as it is, and with its sheets renamed to the plan's."""
    outcome = Outcome(path)
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        work_dir = Path(work)
        if path.suffix.lower() == ".docx":
            _run_source(outcome, work_dir / "bron", seconds, memory, imported_from=path)
            return outcome
        for name, renamed in (("bron", False), ("bron-hernoemd", True)):
            source = work_dir / name
            source.mkdir()
            shutil.copy2(REPO / "source" / "plan.yaml", source / "plan.yaml")
            shutil.copy2(path, source / "jaarplan.xlsx")
            if renamed and not rename_sheets(source / "jaarplan.xlsx"):
                continue  # no zip package: nothing to rename, the first pass said what it is
            _run_source(outcome, source, seconds, memory)
    return outcome


def _run_source(outcome: Outcome, source: Path, seconds: float, memory: int, imported_from: Path | None = None) -> None:
    """import (for a .docx), check, build: each only when the one before it succeeded."""
    places = [str(outcome.file), str(source), str(source.parent), outcome.file.name]
    template = str(REPO / "templates" / "jaarplan.docx")
    commands = [["import", str(imported_from), str(source)]] if imported_from else []
    commands += [
        ["check", "--source", str(source)],
        ["build", "--source", str(source), "--output", str(source.parent / "uit"), "--template", template],
    ]
    for arguments in commands:
        run = run_command(arguments, seconds, memory)
        outcome.runs.append(run)
        outcome.faults += faults_of(run, places, seconds, memory)
        if run.code != 0:
            return
        if arguments[0] == "import":
            fill_in(source / "plan.yaml")


def rename_sheets(workbook: Path) -> bool:
    """Give the first sheets the plan's names, so the file is read in full (not refused on its sheet names).

    False when the file is no readable zip package, or has no workbook part.
    """
    names = iter(("Hoofdstukken", "Thema&apos;s", "Matrix", "Voetnoten"))
    try:
        with zipfile.ZipFile(workbook) as archive:
            parts = {info: archive.read(info.filename) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return False
    if not any(info.filename == "xl/workbook.xml" for info in parts):
        return False
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "xl/workbook.xml":
                data = re.sub(
                    rb'(<(?:\w+:)?sheet\b[^>]*?\bname=")[^"]*(")',
                    lambda match: match.group(1) + next(names, "Blad").encode() + match.group(2),
                    data,
                )
            archive.writestr(info, data)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="run a random sample of this many files (0: all)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--memory", type=int, default=GIB)
    parser.add_argument("--show", choices=("bad", "all", "reasons"), default="bad")
    options = parser.parse_args()

    files = sorted(p for p in options.folder.rglob("*") if p.suffix.lower() in (".docx", ".xlsx") and p.is_file())
    if options.sample and options.sample < len(files):
        files = sorted(random.Random(options.seed).sample(files, options.sample))
    started = time.perf_counter()
    outcomes = [run_file(path, options.seconds, options.memory) for path in files]
    for outcome in outcomes:
        if options.show == "all" or outcome.kind == "bad":
            print(f"{outcome.kind:8} {outcome.file}")
            for fault in outcome.faults:
                print(f"           {fault}")
    if options.show == "reasons":
        reasons = Counter((o.file.suffix.lower(), o.reason) for o in outcomes if o.kind == "refusal")
        for (suffix, reason), count in sorted(reasons.items(), key=lambda item: (item[0][0], -item[1])):
            print(f"{count:5} {suffix} {reason}")
    print(f"\n{len(files)} files in {time.perf_counter() - started:.0f} s")
    for suffix in (".docx", ".xlsx"):
        group = [o for o in outcomes if o.file.suffix.lower() == suffix]
        counts = {kind: sum(o.kind == kind for o in group) for kind in ("success", "refusal", "bad")}
        slowest = max((run.seconds for o in group for run in o.runs), default=0)
        heaviest = max((run.peak_bytes for o in group for run in o.runs), default=0) / 2**20
        print(
            f"{suffix}: {len(group)} files: clean success {counts['success']}, clean refusal {counts['refusal']}, "
            f"bad {counts['bad']}; slowest command {slowest:.1f} s, most memory {heaviest:.0f} MiB"
        )


if __name__ == "__main__":
    main()
