"""What a civil servant meets in the werkomgeving, read through Flask's test client and the library.

The parts that are not about how a page looks (that is tests/test_web_pages_browser.py):
the lock names who holds it even a moment after it was taken, long lists of
problems download as a CSV that Excel opens, and messages name files as the
user knows them, never by the server's folders.
"""

from __future__ import annotations

import csv
import html
import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from werkzeug.http import parse_options_header

from jaarplan.source.check import check_source
from jaarplan.store import lock
from jaarplan.store.lock import HOLDER_FILE, LOCK_FILE, Holder, _try_lock, _unlock, plan_lock
from jaarplan.store.logbook import entries

from .waiting import first_line, wait_until
from .web_support import csrf_of, fixed_workbook, logged_in

MANY = 600  # formulas without a value: one FOUT each, plus the plan's own problems


def many_problems(source: Path) -> bytes:
    """The workbook with MANY matrix rows whose Specifiek is a formula Excel never calculated."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    sheet = book["Matrix"]
    first = sheet.max_row + 1
    for row in range(first, first + MANY):
        sheet.cell(row, 1, sheet["A2"].value)
        sheet.cell(row, 2, f"Doel {row}")
        sheet.cell(row, 3, "=1+1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the lock names its holder ---------------------------------------------------------------------


def test_a_waiter_is_told_who_holds_the_lock_even_a_moment_after_it_was_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holder takes the OS lock first and writes its name just after: a waiter in between waits for the name.

    Before, it was told "een build door onbekend (sinds )", or the name of the one before.
    """
    with plan_lock(tmp_path, "piet", "een build"):
        pass  # an earlier holder, gone again
    told = _told_while_the_lock_is_taken(tmp_path, monkeypatch)
    assert [str(holder) for holder in told] == ["een build door jan.meijer (sinds 21:14)"]


def test_a_killed_holders_name_is_not_told_for_the_next_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A holder killed mid-build leaves its name behind; the next holder has the lock before it writes its own."""
    code = (
        "import sys, time; from pathlib import Path; from jaarplan.store.lock import plan_lock\n"
        "with plan_lock(Path(sys.argv[1]), 'piet', 'een build'):\n    print('bezig', flush=True); time.sleep(60)"
    )
    killed = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert first_line(killed, 60) == "bezig"
    finally:
        killed.kill()
        killed.wait(30)
    assert "piet" in (tmp_path / HOLDER_FILE).read_text(encoding="utf-8")  # left behind
    told = _told_while_the_lock_is_taken(tmp_path, monkeypatch)
    assert [str(holder) for holder in told] == ["een build door jan.meijer (sinds 21:14)"]


def test_a_name_windows_would_not_remove_is_emptied_so_no_other_process_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError("in gebruik")

    monkeypatch.setattr(Path, "unlink", refused)  # Windows, while a waiter has the name open
    with plan_lock(tmp_path, "piet", "een build"):
        pass
    monkeypatch.undo()
    code = "import sys; from pathlib import Path; from jaarplan.store.lock import _read_holder\n"
    code += "print(_read_holder(Path(sys.argv[1])))"
    other = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "None"


def test_an_unknown_holder_has_no_empty_time() -> None:
    assert str(lock.UNKNOWN_HOLDER) == "een build door onbekend"


def _told_while_the_lock_is_taken(output: Path, monkeypatch: pytest.MonkeyPatch) -> list[Holder]:
    """Whom a waiter is told it waits for when it tries just after another took the lock, before its name."""
    tries = []

    def counted(handle) -> bool:
        tries.append(threading.current_thread().name)
        return _try_lock(handle)

    monkeypatch.setattr(lock, "_try_lock", counted)
    told: list[Holder] = []
    with (output / LOCK_FILE).open("a+b") as handle:
        assert _try_lock(handle)  # taken, name not yet written: the moment of the race
        waiter = threading.Thread(target=lambda: _wait_for_lock(output, told), name="waiter")
        waiter.start()
        token = ""
        try:
            wait_until(lambda: tries.count("waiter"), lambda count: count >= 2, 10, "the waiter tried twice")
            token = lock._write_holder(output, Holder("jan.meijer", "een build", "2026-12-04T21:14:00"))
            wait_until(lambda: told, bool, 10, "the waiter is told whom it waits for")
        finally:
            lock._forget_holder(output, token)
            _unlock(handle)
        waiter.join(10)
    return told


def _wait_for_lock(output: Path, told: list[Holder]) -> None:
    with plan_lock(output, "karin", "een build", on_wait=told.append):
        pass


# --- long lists of problems --------------------------------------------------------------------------


def test_every_problem_downloads_as_a_csv_that_excel_opens(plan) -> None:
    (plan.source / "jaarplan.xlsx").write_bytes(many_problems(plan.source))
    client = logged_in(plan.app())
    page = client.get("/controle?sorteer=cel&richting=af").get_data(as_text=True)
    assert page.count('<td data-label="Melding">') == 200
    response = client.get("/controle/meldingen.csv?sorteer=cel&richting=af")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not its ANSI code page
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Soort", "Bestand", "Blad", "Cel", "Regel", "Melding"]
    formulas = [row for row in rows[1:] if row[5].startswith("formule zonder berekende waarde")]
    assert len(formulas) == MANY and len(rows) - 1 == len(check_source(plan.source).problems)  # and the plan's own
    cells = [row[3] for row in formulas]
    assert cells == sorted(cells, key=lambda cell: int(cell[1:]), reverse=True)  # in the order the page asked
    assert formulas[0][:3] == ["FOUT", "jaarplan.xlsx", "Matrix"]
    total = f"{len(rows) - 1:,}".replace(",", ".")
    assert f"Hieronder staan de eerste 200 van de {total} meldingen." in page


def test_a_text_that_looks_like_a_formula_stays_text_in_excel() -> None:
    from jaarplan.commands.workspace import problems_csv
    from jaarplan.errors import Location, Problem

    formulas = ['=HYPERLINK("http://elders.example")', "\t=1+1", "\r=1+1", "-2+3", "+2", "@SUM(A1)"]
    problems = [Problem(formula, Location(Path("x.xlsx"), "Matrix", "B2")) for formula in formulas]
    [_, *rows] = list(csv.reader(io.StringIO(problems_csv(problems).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["FOUT", "x.xlsx", "Matrix", "B2", "", '\'=HYPERLINK("http://elders.example")']
    assert [row[-1] for row in rows] == ["'" + formula for formula in formulas]


def test_a_refused_upload_shows_the_first_problems_and_downloads_them_all(plan) -> None:
    client = logged_in(plan.app())
    page = client.get("/werkmap").get_data(as_text=True)
    tag = page.split('name="versie" value="')[1].split('"')[0]
    form = {"csrf": csrf_of(page), "versie": tag, "werkmap": (io.BytesIO(many_problems(plan.source)), "groot.xlsx")}
    refused = client.post("/werkmap", data=form, content_type="multipart/form-data")
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 422 and shown.count('<td data-label="Melding">') == 200
    link = shown.split("Hieronder staan de eerste 200 van de ")[1].split('<a href="')[1].split('"')[0]
    download = client.get(link)
    assert parse_options_header(download.headers["Content-Disposition"])[1]["filename"] == "meldingen bij groot.csv"
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig")), delimiter=";"))
    assert sum(row[1] == "groot.xlsx" and row[3].startswith("C") for row in rows) == MANY


def test_a_failed_build_shows_the_first_problems_and_downloads_them_all(plan, no_libreoffice) -> None:
    """Its page listed 200 and sent the rest to Controle, which does not show a build's own problems."""
    (plan.source / "jaarplan.xlsx").write_bytes(many_problems(plan.source))
    client = logged_in(plan.app())
    job_url = client.post("/bouwen", data={"csrf": csrf_of(client.get("/").get_data(as_text=True))})
    job_url = job_url.headers["Location"]
    wait_until(lambda: client.get(f"{job_url}/status").get_json(), lambda status: status["finished"], 60, "build ends")
    failed = client.get(job_url).get_data(as_text=True)
    assert "Niet gelukt" in failed and failed.split("Niet gelukt")[1].count("<li>") == 200
    assert "toont ze allemaal" not in failed
    link = failed.split("Hieronder staan de eerste 200 van de ")[1].split('<a href="')[1].split('"')[0]
    download = client.get(link)
    assert parse_options_header(download.headers["Content-Disposition"])[1]["filename"] == "meldingen bij bouwen.csv"
    downloads = [entry.what.split(" (")[0] for entry in entries(plan.output) if entry.action == "download"]
    assert downloads == ["meldingen bij bouwen.csv"]  # a trace in the logboek, as every other download leaves
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig")), delimiter=";"))
    assert sum(row[1] == "jaarplan.xlsx" and row[3].startswith("C") for row in rows) == MANY


def test_a_build_without_libreoffice_warns_as_a_page_writes_it(plan, no_libreoffice) -> None:
    """The CLI lines its lines up with two spaces ("WAARSCHUWING  zonder PDF"); a page has one, as its problems."""
    client = logged_in(plan.app())
    job_url = client.post("/bouwen", data={"csrf": csrf_of(client.get("/").get_data(as_text=True))})
    status = wait_until(
        lambda: client.get(f"{job_url.headers['Location']}/status").get_json(),
        lambda status: status["finished"],
        60,
        "build ends",
    )
    assert status["state"] == "klaar"
    assert [line.split(":")[0] for line in status["messages"] if "PDF" in line] == ["WAARSCHUWING zonder PDF"]


def test_the_upload_limit_is_said_as_dutch_readers_write_numbers(plan) -> None:
    client = logged_in(plan.app(max_upload_bytes=512 * 1024))
    page = client.get("/werkmap").get_data(as_text=True)
    form = {"csrf": csrf_of(page), "versie": "x", "werkmap": (io.BytesIO(b"x" * 600 * 1024), "groot.xlsx")}
    refused = client.post("/werkmap", data=form, content_type="multipart/form-data")
    assert refused.status_code == 413 and "hoogstens 0,5 MB zijn" in refused.get_data(as_text=True)


def test_only_each_users_newest_refused_upload_keeps_its_problems() -> None:
    """100,000 problems take some 40 MB: 200 kept refusals would pin gigabytes of an editor's mistakes."""
    from jaarplan.errors import Problem
    from jaarplan.web.jobs import FAILED, Jobs

    jobs = Jobs()
    problems = [Problem("formule zonder waarde")] * 1000
    first, karins = (jobs.keep_finished("check", who, FAILED, problems=problems) for who in ("jan", "karin"))
    newest = jobs.keep_finished("check", "jan", FAILED, problems=problems)
    assert jobs.get(first.id) is None and jobs.get(newest.id) is newest and jobs.get(karins.id) is karins


# --- the change list --------------------------------------------------------------------------------------


def test_the_werkmap_page_names_formatting_changes_as_the_cli_does(plan) -> None:
    """One line of words for both faces, from diff/: the page joined them with '; ', the CLI with ', '."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from jaarplan.diff.compare import formatting_line

    book = load_workbook(plan.source / "jaarplan.xlsx", rich_text=True)
    first, rest = str(book["Hoofdstukken"]["B2"].value).split(" ", 1)
    book["Hoofdstukken"]["B2"] = CellRichText([TextBlock(InlineFont(b=True), first), " " + rest])  # 'integraal' plain
    buffer = io.BytesIO()
    book.save(buffer)
    client = logged_in(plan.app())
    page = client.get("/werkmap").get_data(as_text=True)
    tag = page.split('name="versie" value="')[1].split('"')[0]
    form = {"csrf": csrf_of(page), "versie": tag, "werkmap": (io.BytesIO(buffer.getvalue()), "nieuw.xlsx")}
    placed = client.post("/werkmap", data=form, content_type="multipart/form-data").get_data(as_text=True)
    said = formatting_line([f"'{first}' vet", "'integraal' niet meer cursief"])  # as report_lines says it
    assert said == f"'{first}' vet, 'integraal' niet meer cursief"
    assert f"(opmaak gewijzigd):</span> {said}" in html.unescape(placed)


def test_a_refused_upload_says_whether_there_are_cells_to_fix() -> None:
    from jaarplan.commands.workspace import Upload
    from jaarplan.errors import Location, Problem
    from jaarplan.source.check import Checked

    in_a_cell = Problem("onbekend thema", Location(Path("a.xlsx"), "Matrix", "A12"))
    in_the_file = Problem("dit is een OpenDocument-rekenblad (.ods), geen .xlsx", Location(Path("a.ods")))
    assert Upload(Checked(None, [in_the_file, in_a_cell]), accepted=False).cells_to_fix
    assert not Upload(Checked(None, [in_the_file]), accepted=False).cells_to_fix


# --- files named as the user knows them ----------------------------------------------------------------


def test_a_stale_upload_and_a_failed_build_name_files_not_server_folders(plan, no_libreoffice) -> None:
    client = logged_in(plan.app())
    page = client.get("/werkmap").get_data(as_text=True)
    upload = (io.BytesIO(fixed_workbook(plan.source)), "a.xlsx")
    form = {"csrf": csrf_of(page), "versie": "verouderd", "werkmap": upload}
    stale = client.post("/werkmap", data=form, content_type="multipart/form-data").get_data(as_text=True)
    assert "gewijzigd sinds u die downloadde" in stale and "jaarplan.xlsx" in stale
    assert str(plan.source) not in stale and str(plan.source.parent) not in stale

    metadata = plan.source / "plan.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("status: definitief", "status: klaar"), "utf-8")
    job_url = client.post("/bouwen", data={"csrf": csrf_of(page)}).headers["Location"]
    wait_until(lambda: client.get(f"{job_url}/status").get_json(), lambda status: status["finished"], 60, "build ends")
    failed = client.get(job_url).get_data(as_text=True)
    assert "Niet gelukt" in failed and "plan.yaml" in failed
    assert str(plan.source.parent) not in failed


def test_windows_folders_are_hidden_in_both_spellings_a_message_uses() -> None:
    """str() of a Windows path has backslashes; a Location (most library messages) writes slashes."""
    from pathlib import PureWindowsPath

    from jaarplan.errors import Location
    from jaarplan.web.jobs import ServerPaths

    source, output = PureWindowsPath(r"C:\srv\jaar plan\source"), PureWindowsPath(r"C:\srv\jaar plan\source\uit")
    paths = ServerPaths.of({source: "bron", output: "uitvoer"})
    located = f"{Location(source / 'plan.yaml', line=3)}: status ontbreekt"
    assert located.startswith("C:/srv/jaar plan/source/")
    assert paths.hide(located) == "plan.yaml, regel 3: status ontbreekt"
    native = f"Kan {output / 'Jaarplan 2.2.docx'} niet schrijven in {output}; bron is {source}"
    assert paths.hide(native) == "Kan Jaarplan 2.2.docx niet schrijven in uitvoer; bron is bron"
    assert paths.hide(f"map {output.as_posix()} vol") == "map uitvoer vol"


def test_comparing_with_the_current_workbook_calls_it_so_not_by_its_folder(plan, no_libreoffice) -> None:
    from jaarplan.commands.build import build

    from .conftest import TEMPLATE

    build(plan.source, plan.output, TEMPLATE)  # archives 2.2
    (plan.source / "jaarplan.xlsx").write_bytes(fixed_workbook(plan.source))  # edited, still numbered 2.2
    client = logged_in(plan.app())
    token = csrf_of(client.get("/versies").get_data(as_text=True))
    job_url = client.post("/versies/vergelijken", data={"csrf": token, "oud": "2.2", "nieuw": "werkmap"})
    job_url = job_url.headers["Location"]
    wait_until(lambda: client.get(f"{job_url}/status").get_json(), lambda status: status["finished"], 120, "compare")
    compared = client.get(job_url).get_data(as_text=True)
    assert "bewerkte bron huidige werkmap (nog versienummer 2.2)" in compared
    assert str(plan.source.parent) not in compared
