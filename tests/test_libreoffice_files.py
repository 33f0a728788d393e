"""Files LibreOffice itself wrote: its lock file while the workbook is open, and Calc's .ods.

These need LibreOffice Calc (and python3-uno for the lock file); CI installs
them (``.ci/run``). Elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jaarplan.cli.commands import main
from jaarplan.source.check import check_source, load_plan

from .conftest import REPO, SOURCE, beyond_the_default
from .system_tools import skip_missing
from .waiting import first_line

SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's python3-uno belongs to the system Python


def soffice_convert(document: Path, kind: str, folder: Path) -> Path:
    """What Calc writes when it saves ``document`` as ``kind`` (ods, xlsx): ``soffice --convert-to``."""
    if shutil.which("soffice") is None:
        skip_missing("LibreOffice (soffice) is not on PATH (apt-get install libreoffice-calc-nogui)")
    with_profile = f"-env:UserInstallation={(folder / '.lo-profile').resolve().as_uri()}"
    subprocess.run(
        ["soffice", with_profile, "--headless", "--convert-to", kind, "--outdir", str(folder), str(document)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.rmtree(folder / ".lo-profile", ignore_errors=True)
    return folder / f"{document.stem}.{kind}"


def messages(source: Path) -> list[str]:
    return [
        f"{p.severity.value}  {p}".replace(source.as_posix(), "source")
        for p in beyond_the_default(check_source(source).problems)
    ]


@pytest.fixture
def open_in_libreoffice(source_copy: Path, tmp_path: Path) -> Iterator[Path]:
    """The workbook held open by a real (headless) LibreOffice whose user is called Jan de Vries."""
    if shutil.which("soffice") is None:  # libreoffice_open.py starts it by name
        skip_missing("LibreOffice (soffice) is not on PATH (apt-get install libreoffice-calc-nogui)")
    uno = (
        subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], capture_output=True)
        if SYSTEM_PYTHON.exists()
        else None
    )
    if uno is None or uno.returncode != 0:
        skip_missing("Debian's python3-uno is not installed (apt-get install python3-uno)")
    holder = subprocess.Popen(
        [str(SYSTEM_PYTHON), str(REPO / "tests" / "libreoffice_open.py"), str(source_copy / "jaarplan.xlsx"),
         str(tmp_path / "profiel"), "Jan de Vries"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert first_line(holder, within=300) == "open"
        yield source_copy
    finally:
        holder.stdin.close()
        holder.wait(timeout=120)


def test_a_workbook_open_in_libreoffice_names_the_program_and_the_user(open_in_libreoffice: Path) -> None:
    lock_file = open_in_libreoffice / ".~lock.jaarplan.xlsx#"
    assert lock_file.is_file()  # written by LibreOffice itself
    (line,) = messages(open_in_libreoffice)
    assert line.startswith(
        "WAARSCHUWING  source/jaarplan.xlsx: de werkmap is geopend in LibreOffice door Jan de Vries (sinds "
    )
    assert "komt niet in het document" in line and "'.~lock.jaarplan.xlsx#'" in line


def test_a_newer_ods_written_by_calc_is_refused_and_the_way_back_works(source_copy: Path, tmp_path: Path) -> None:
    """Calc's "Use ODF format!" leaves jaarplan.ods beside an older jaarplan.xlsx: refuse, say how to save."""
    ods = soffice_convert(source_copy / "jaarplan.xlsx", "ods", tmp_path / "calc")
    shutil.move(ods, source_copy / "jaarplan.ods")
    hour_ago = (source_copy / "jaarplan.xlsx").stat().st_mtime - 3600
    os.utime(source_copy / "jaarplan.xlsx", (hour_ago, hour_ago))
    (line,) = messages(source_copy)
    assert line.startswith("FOUT  source/jaarplan.ods: 'jaarplan.ods' (opgeslagen ")
    assert "is nieuwer dan 'jaarplan.xlsx'" in line and "Opslaan als › bestandstype Excel 2007-365 (.xlsx)" in line
    result = CliRunner().invoke(main, ["build", "--source", str(source_copy), "--output", str(tmp_path / "uit")])
    assert result.exit_code == 1 and not (tmp_path / "uit").exists()

    # Doing what the message says: Calc saves the .ods as jaarplan.xlsx; the build reads it.
    saved = soffice_convert(source_copy / "jaarplan.ods", "xlsx", tmp_path / "calc")
    shutil.move(saved, source_copy / "jaarplan.xlsx")
    (source_copy / "jaarplan.ods").unlink()
    checked = check_source(source_copy)
    assert checked.plan is not None, checked.problems
    assert [theme.title for theme in checked.plan.themes] == [theme.title for theme in load_plan(SOURCE).plan.themes]


def test_only_an_ods_written_by_calc_says_how_to_save_it(source_copy: Path, tmp_path: Path) -> None:
    ods = soffice_convert(source_copy / "jaarplan.xlsx", "ods", tmp_path / "calc")
    (source_copy / "jaarplan.xlsx").unlink()
    shutil.move(ods, source_copy / "jaarplan.ods")
    assert messages(source_copy) == [
        "FOUT  source/jaarplan.xlsx: de werkmap ontbreekt; er staat wel 'jaarplan.ods': open het in LibreOffice "
        "Calc, kies Bestand › Opslaan als › bestandstype Excel 2007-365 (.xlsx) met de naam 'jaarplan.xlsx', en "
        "bevestig met 'Gebruik Excel 2007-365!'"
    ]
