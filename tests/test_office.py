"""LibreOffice through UNO: one pass per build, a warm office for many, and the fallback without UNO.

The page numbers themselves are checked by ``test_pdf.py`` (its builds go
through UNO); here: the same numbers from a warm office, restarts, time limits,
Ctrl-C, and the way back to ``soffice --convert-to`` when UNO is missing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from docx import Document

from jaarplan.commands.build import NO_UNO, build, convert_to_pdf
from jaarplan.errors import PlanError
from jaarplan.office import pdf
from jaarplan.office.session import PYTHON_VARIABLE, Office, prepared_profile
from jaarplan.web.state import state_of

from .conftest import SOURCE, TEMPLATE
from .system_tools import require_pdf_tools
from .test_pdf import HANGING, _fake_soffice, _pages, _started, _toc_entries, _wait_all_gone
from .waiting import first_line, wait_until_gone

posix_only = pytest.mark.skipif(os.name == "nt", reason="stand-ins are shell scripts; processes read from /proc")
FIRST_ENTRIES = [("Aanleiding", 3), ("Afstemming", 3), ("Proces", 3), ("Alcohol- en drugsproblematiek, algemeen", 4)]


@pytest.fixture(scope="module")
def office() -> Office:
    require_pdf_tools()
    with Office(pdf.find_soffice()) as warm:
        yield warm


def _toc_of_build(office: Office, output: Path) -> list[tuple[str, int]]:
    result = build(SOURCE, output, TEMPLATE, with_pdf=True, paginate=True, office=office)
    return _toc_entries(_pages(result.pdf))


def test_a_warm_office_serves_builds_one_after_another(office: Office, tmp_path: Path) -> None:
    first = _toc_of_build(office, tmp_path / "one")
    started = office.process_id
    second = _toc_of_build(office, tmp_path / "two")
    assert office.process_id == started is not None  # the same LibreOffice did both
    assert first == second and first[:4] == FIRST_ENTRIES and len(first) == 13


@posix_only
def test_a_warm_office_that_died_is_started_again(office: Office, tmp_path: Path) -> None:
    _toc_of_build(office, tmp_path / "before")
    dead = office.process_id
    os.killpg(dead, signal.SIGKILL)  # the worker and its soffice, as a crash or an OOM kill would
    assert _toc_of_build(office, tmp_path / "after")[:4] == FIRST_ENTRIES
    assert office.process_id not in (None, dead)


def _soffice_processes(group: int) -> list[int]:
    """The soffice.bin processes in a process group (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and name.startswith("soffice"):
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds soffice through /proc")
def test_a_warm_office_whose_libreoffice_died_is_started_again(office: Office, tmp_path: Path) -> None:
    _toc_of_build(office, tmp_path / "before")
    worker = office.process_id
    for pid in _soffice_processes(worker):
        os.kill(pid, signal.SIGKILL)  # only LibreOffice: the worker finds out at the next document
    assert _toc_of_build(office, tmp_path / "after")[:4] == FIRST_ENTRIES
    assert office.process_id != worker


def test_a_profile_libreoffice_set_up_is_kept_and_later_starts_begin_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_pdf_tools()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    soffice = pdf.find_soffice()
    prepared = prepared_profile(soffice)
    assert not prepared.exists()
    with Office(soffice) as first:
        assert _toc_of_build(first, tmp_path / "one")[:4] == FIRST_ENTRIES
        assert not first._worker.from_prepared
    assert (prepared / "user").is_dir() and not (prepared / ".lock").exists()  # kept without the lock
    with Office(soffice) as second:
        assert _toc_of_build(second, tmp_path / "two")[:4] == FIRST_ENTRIES
        assert second._worker.from_prepared and second._worker.profile != prepared  # a copy of its own
    (prepared / "user" / "registrymodifications.xcu").write_text("<kapot", encoding="utf-8")
    with Office(soffice) as third:  # a damaged kept profile: LibreOffice copes, or one more start without it
        assert _toc_of_build(third, tmp_path / "three")[:4] == FIRST_ENTRIES


def _bound_sockets(pids: list[int]) -> set[str]:
    """The paths of the Unix sockets these processes listen on (Linux /proc): LibreOffice's pipe files."""
    inodes = set()
    for pid in pids:
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(descriptor)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:[") : -1])
    paths = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) == 8 and fields[6] in inodes:
            paths.add(fields[7])
    return paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds soffice and its sockets through /proc")
def test_a_closed_office_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_pdf_tools()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the worker's folder and profile go
    office = Office(pdf.find_soffice())
    office.layout(_empty_document(tmp_path), tmp_path / "leeg.pdf", [])
    worker = office.process_id
    started = [worker, *_soffice_processes(worker)]
    pipes = _bound_sockets(started)
    assert pipes and all(Path(pipe).exists() for pipe in pipes)
    office.close()
    assert office.process_id is None
    wait_until_gone(started, within=20)
    assert not [pipe for pipe in pipes if Path(pipe).exists()]  # a killed soffice leaves them in /tmp
    assert sorted(path.name for path in tmp_path.iterdir()) == ["leeg.docx", "leeg.pdf"]


def _empty_document(folder: Path) -> Path:
    document = folder / "leeg.docx"
    Document().save(document)
    return document


OWNER = """
import sys, time
from pathlib import Path
from docx import Document
from jaarplan.office import pdf
from jaarplan.office.session import Office
folder = Path(sys.argv[1])
Document().save(folder / "leeg.docx")
office = Office(pdf.find_soffice())
office.layout(folder / "leeg.docx", folder / "leeg.pdf", [])
print(office.process_id, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds soffice through /proc")
def test_libreoffice_does_not_outlive_an_owner_that_was_killed(tmp_path: Path) -> None:
    require_pdf_tools()
    temporary = tmp_path / "tijdelijk"
    temporary.mkdir()
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    worker = int(first_line(owner, within=300))  # a first LibreOffice start makes its profile
    started = [worker, *_soffice_processes(worker)]
    assert len(started) >= 2 and list(temporary.iterdir())  # the worker's folder, with the profile
    owner.kill()  # no clean-up of its own: the worker sees its stdin close
    owner.wait()
    wait_until_gone(started, within=30)
    assert not list(temporary.iterdir())  # the worker removed its folder on the way out


@posix_only
def test_an_office_that_hangs_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    soffice = _fake_soffice(tmp_path, HANGING)
    office = Office(soffice, timeout=2)
    with pytest.raises(PlanError, match="binnen 2 seconden"):
        office.layout(tmp_path / "plan.docx", tmp_path / "plan.pdf", [])
    _wait_all_gone(tmp_path / "pids")
    assert office.process_id is None


@posix_only
def test_ctrl_c_stops_the_office_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    soffice = _fake_soffice(tmp_path, HANGING)
    office = Office(soffice)
    office.start()
    worker = office.process_id
    pids = tmp_path / "pids"
    _started(pids)
    monkeypatch.setattr(
        "jaarplan.office.session._Worker.answer", lambda self, timeout: (_ for _ in ()).throw(KeyboardInterrupt)
    )
    with pytest.raises(KeyboardInterrupt):
        office.layout(tmp_path / "plan.docx", tmp_path / "plan.pdf", [])
    pids.write_text(f"{pids.read_text()}\n{worker}\n")
    _wait_all_gone(pids)


@pytest.fixture
def python_without_uno(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python that cannot import uno: this one, without site-packages (where python3-uno lives)."""
    script = tmp_path / "python"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv(PYTHON_VARIABLE, str(script))


@posix_only
def test_without_uno_the_build_converts_as_before_and_says_so(python_without_uno: None, tmp_path: Path) -> None:
    require_pdf_tools()
    said: list[str] = []
    result = build(SOURCE, tmp_path, TEMPLATE, with_pdf=True, paginate=True, progress=said.append)
    assert f"WAARSCHUWING  {NO_UNO}" in said
    assert any("ronde 2" in line for line in said)  # the two --convert-to passes of before
    entries = _toc_entries(_pages(result.pdf))
    assert entries[:4] == FIRST_ENTRIES and len(entries) == 13
    again = convert_to_pdf(result.document, progress=said.append)
    assert _toc_entries(_pages(again)) == entries


def test_the_werkomgeving_builds_through_its_one_warm_office(tmp_path: Path) -> None:
    """Two builds from the web: the same LibreOffice did both, and each PDF has its page numbers."""
    require_pdf_tools()
    from .test_web import logged_in, token, wait_until_finished
    from .web_support import make_plan

    app = make_plan(tmp_path).app()
    office = state_of(app).office
    client = logged_in(app)
    seen = []
    for _ in range(2):
        job_url = client.post("/bouwen", data={"csrf": token(client)}).headers["Location"]
        status = wait_until_finished(client, job_url, within=300)
        assert status["state"] == "klaar", status["messages"]
        assert "Opmaak klaar: 11 pagina's." in status["messages"]
        pdf_file = tmp_path / "gebouwd.pdf"
        pdf_file.write_bytes(client.get(f"{job_url}/pdf").data)
        assert _toc_entries(_pages(pdf_file))[:4] == FIRST_ENTRIES
        seen.append(office.process_id)
    assert seen[0] == seen[1] is not None
    office.close()
