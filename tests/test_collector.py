"""Reading a plan pauses Python's cycle collector but leaves the rest of the process to it (collector.collector_paused).

Measured in objects, not time: a reference cycle of other work (another request
of the werkomgeving) that is alive while a plan is read must still be collected
once it is dropped; only a CLI command, whose process ends with it, freezes.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref

from click.testing import CliRunner

from jaarplan.cli.commands import main
from jaarplan.errors import Problems
from jaarplan.source.workbook import read_workbook

from .conftest import REPO, SOURCE


class _Request:
    """Some other work's object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.itself = self


def test_a_cycle_alive_during_a_read_is_collected_after_it() -> None:
    before = _Request()  # alive when the read starts
    during: list[_Request] = []  # made while the read runs (another thread, in the werkomgeving)
    frozen = gc.get_freeze_count()

    def read(done: int, total: int) -> None:
        if not during:
            during.append(_Request())

    texts = read_workbook(SOURCE / "jaarplan.xlsx", Problems(), read)
    assert texts.themes and during and gc.isenabled()
    gone = [weakref.ref(before), weakref.ref(during[0])]
    del before
    during.clear()
    gc.collect()
    assert [ref() for ref in gone] == [None, None]
    assert gc.get_freeze_count() == frozen  # a library read freezes nothing (only CLI commands, none in a thread)


def test_after_a_cli_command_in_this_process_reads_freeze_nothing_again() -> None:
    result = CliRunner().invoke(main, ["check", "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    alive = _Request()
    gone = weakref.ref(alive)
    read_workbook(SOURCE / "jaarplan.xlsx", Problems())
    del alive
    gc.collect()
    assert gone() is None


FREEZE_COUNT = """
import gc, json, sys
sys.path.insert(0, {src!r})
from pathlib import Path
from jaarplan.errors import Problems
from jaarplan.source.workbook import read_workbook
read_workbook(Path({workbook!r}), Problems())
after_library = gc.get_freeze_count()
from jaarplan.cli import main, run
main(["check", "--source", {source!r}], standalone_mode=False)
after_main = gc.get_freeze_count()
try:
    run(["check", "--source", {source!r}])
except SystemExit as end:
    assert not end.code, end.code
print(json.dumps([after_library, after_main, gc.get_freeze_count()]))
"""


def test_only_a_cli_command_freezes_what_it_read_in_its_own_process() -> None:
    code = FREEZE_COUNT.format(src=str(REPO / "src"), workbook=str(SOURCE / "jaarplan.xlsx"), source=str(SOURCE))
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    after_library, after_main, after_run = json.loads(completed.stdout.strip().splitlines()[-1])
    assert after_library == 0  # the library on its own: nothing frozen
    assert after_main == 0  # main called by another program (CliRunner, a host): its process is not the command's
    assert after_run > 10_000  # the program: the plan it read (and the rest of its short-lived process)


def test_serve_and_user_never_freeze() -> None:
    from jaarplan.cli.commands import FREEZING_COMMANDS, main

    assert set(FREEZING_COMMANDS) == set(main.commands) - {"serve", "user"}
