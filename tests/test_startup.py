"""Start-up and progress: a plain build imports only what it needs and tells how far a long one is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from jaarplan.cli.commands import main
from jaarplan.errors import Problems
from jaarplan.model import Goal, MatrixRow, PlanTexts, RichText, Span, Theme
from jaarplan.source.metadata import read_metadata, write_metadata
from jaarplan.source.workbook import read_workbook
from jaarplan.source.xlsx.writer import write_workbook

from .conftest import SOURCE, TEMPLATE
from .docx_reading import matrix_tables

# Charts (issue 12), the werkomgeving (issue 13), UNO and PDF reading: never for a plain build; nor openpyxl,
# which only writes workbooks (source/xlsx/cells.py reads them).
NOT_FOR_A_PLAIN_BUILD = (
    "matplotlib", "numpy", "flask", "werkzeug", "waitress", "uno", "pypdf", "playwright", "openpyxl",
)  # fmt: skip


def test_a_plain_build_imports_only_what_it_needs(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from jaarplan.cli.commands import main\n"
        f"args = ['build', '--source', {str(SOURCE)!r}, '--output', {str(tmp_path)!r},"
        f" '--template', {str(TEMPLATE)!r}]\n"
        "try:\n    main(args)\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    environment = {**os.environ, "JAARPLAN_SOFFICE": str(tmp_path / "geen" / "soffice")}
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)
    assert completed.returncode == 0, completed.stderr
    imported = set(json.loads(completed.stdout.splitlines()[-1]))
    assert {"docx", "docxtpl", "lxml"} <= imported  # it did build
    assert imported.isdisjoint(NOT_FOR_A_PLAIN_BUILD), imported & set(NOT_FOR_A_PLAIN_BUILD)
    assert (tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.docx").is_file()


# The writers: check reads and checks, and their imports would cost it a tenth of a second (issue 15).
NOT_FOR_A_CHECK = ("docx", "docxtpl", "jinja2", "markupsafe", *NOT_FOR_A_PLAIN_BUILD)


def test_check_imports_no_writer() -> None:
    code = (
        "import json, sys\n"
        "from jaarplan.cli.commands import main\n"
        f"try:\n    main(['check', '--source', {str(SOURCE)!r}])\n"
        "except SystemExit as end:\n    assert not end.code, end.code\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    imported = set(json.loads(completed.stdout.splitlines()[-1]))
    assert "lxml" in imported  # it did read
    assert imported.isdisjoint(NOT_FOR_A_CHECK), imported & set(NOT_FOR_A_CHECK)


def test_writing_a_file_or_a_user_imports_no_word_and_no_flask() -> None:
    """store.files once imported python-docx for its Word comparison, and web.users dodged it with a lazy import."""
    code = (
        "import json, sys\n"
        "import jaarplan.store.files, jaarplan.web.users, jaarplan.cli\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    imported = set(json.loads(completed.stdout.splitlines()[-1]))
    assert "jaarplan" in imported
    assert imported.isdisjoint(NOT_FOR_A_CHECK), imported & set(NOT_FOR_A_CHECK)


def _long_source(folder: Path, rows: int) -> None:
    """The default plan's chapters with themes of 4 goals of 5 rows each, ``rows`` rows in all."""
    default = read_workbook(SOURCE / "jaarplan.xlsx", Problems())
    metadata = read_metadata(SOURCE / "plan.yaml")
    # Other content than the issued 2.2: without its fingerprint, or check would refuse the changed version.
    metadata.history = [replace(entry, fingerprint="") for entry in metadata.history]
    cell = RichText((Span("Politie en gemeente; "), Span("zie convenant", italic=True)))
    themes = [
        Theme(
            f"Thema {number + 1}",
            metadata.clusters[number % len(metadata.clusters)],
            [cell],
            [],
            [
                Goal(RichText.plain(f"Doel {goal + 1}"), [MatrixRow(*(cell,) * 7) for _ in range(5)])
                for goal in range(4)
            ],
        )
        for number in range(rows // 20)
    ]
    folder.mkdir()
    write_metadata(metadata, folder / "plan.yaml")
    write_workbook(PlanTexts(default.chapters, themes, {}), folder / "jaarplan.xlsx", metadata.clusters)


def test_a_long_build_tells_how_many_rows_are_read_and_written(tmp_path: Path) -> None:
    _long_source(tmp_path / "source", 1000)
    environment = {"JAARPLAN_SOFFICE": str(tmp_path / "geen" / "soffice")}
    arguments = ["--source", str(tmp_path / "source"), "--output", str(tmp_path / "out"), "--template", str(TEMPLATE)]
    result = CliRunner().invoke(main, ["build", *arguments], env=environment)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for what in ("gelezen", "geschreven"):
        told = [line.strip() for line in lines if line.endswith(f"matrixregels {what}")]
        assert told == [f"{done:,} van 1.000 matrixregels {what}".replace(",", ".") for done in range(100, 1001, 100)]
    assert lines.index("  100 van 1.000 matrixregels gelezen") < lines.index("  100 van 1.000 matrixregels geschreven")
    document = tmp_path / "out" / "Gezamenlijk jaarplan 2010 - versie 2.2.docx"
    assert sum(len(table.rows) - 1 for table in matrix_tables(Document(document))) == 1000
    check = CliRunner().invoke(main, ["check", "--source", str(tmp_path / "source")])
    assert "  1.000 van 1.000 matrixregels gelezen" in check.output.splitlines()
