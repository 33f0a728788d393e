"""The voortgangsrapportage, read back from the files it writes, against counts made from the workbook itself.

The example plan ``examples/voorbeeldgemeente`` (fictional) is reported once per
session through the CLI, with the PDF when LibreOffice is there. Expected
counts, aandachtspunten and status changes are computed here with openpyxl
straight from the workbooks, not with jaarplan's reader.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from jaarplan.cli import main
from jaarplan.model import DEFAULT_STATUSES
from jaarplan.report.document import write_progress_report
from jaarplan.report.summary import NO_STATUS, worst
from jaarplan.source.check import load_plan
from jaarplan.text import DUTCH_MONTHS

from .conftest import REPO
from .docx_reading import body_blocks, paragraph_text, runs_with
from .ooxml_validation import assert_valid_ooxml
from .pdf_structure import figure_alt_texts
from .system_tools import missing_pdf_tools, poppler, require_pdf_tools

EXAMPLE = REPO / "examples" / "voorbeeldgemeente"
PEILDATUM = datetime.date(2026, 6, 30)
REPORT_NAME = "Gezamenlijk jaarplan Voorbeeldgemeente 2026 - voortgang 2026-06-30"
SYMBOLS = {status.name: status.symbol for status in (*DEFAULT_STATUSES, NO_STATUS)}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example plan (source and archive) that the report may write into."""
    return Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("vb") / "voorbeeldgemeente"))


@pytest.fixture(scope="session")
def reported(example: Path) -> tuple[Path, str]:
    """``jaarplan voortgang`` on the example, as a user runs it; the .docx path and what the command printed."""
    arguments = ["voortgang", "--source", str(example / "bron"), "--output", str(example / "output")]
    with_pdf = missing_pdf_tools() is None  # without, the PDF test skips (outside CI) or fails (in CI)
    result = CliRunner().invoke(main, arguments + (["--pdf"] if with_pdf else []))
    assert result.exit_code == 0, result.output
    return example / "output" / f"{REPORT_NAME}.docx", result.output


@pytest.fixture(scope="session")
def report_document(reported):
    return Document(reported[0])


# --- independent readings of the workbooks -------------------------------------------------------


def _deadline(text: object) -> datetime.date | None:
    if isinstance(text, datetime.datetime):
        return text.date()
    parts = str(text or "").split()
    if len(parts) == 3 and parts[1] in DUTCH_MONTHS and parts[0].isdigit():
        return datetime.date(int(parts[2]), DUTCH_MONTHS.index(parts[1]) + 1, int(parts[0]))
    return None


def _workbook_rows(path: Path) -> list[dict[str, object]]:
    """The Matrix rows with their theme's cluster, read with openpyxl alone."""
    book = load_workbook(path)
    clusters, current = {}, None
    for theme, cluster, *_ in book["Thema's"].iter_rows(min_row=2, values_only=True):
        if theme:
            clusters[theme] = cluster
            current = theme
    sheet = book["Matrix"]
    header = [cell.value for cell in sheet[1]]
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=False))
        if not any(values):
            continue
        row["Cluster"] = clusters[row["Thema"]]
        row["Status"] = row.get("Status") or "geen status"
        deadline = _deadline(row["Deadline"])
        row["verlopen"] = deadline is not None and deadline < PEILDATUM and row["Status"] != "gereed"
        rows.append(row)
    assert current is not None
    return rows


def _table_after(document, heading: str) -> list[list[str]]:
    """The first table after the paragraph ``heading``, as rows of cell texts."""
    blocks = body_blocks(document)
    start = next(i for i, b in enumerate(blocks) if not isinstance(b, list) and paragraph_text(b) == heading)
    table = next(b for b in blocks[start:] if isinstance(b, list))
    return [[cell.text for cell in row] for row in table]


def _section(document, start: str, end: str) -> list[object]:
    blocks = body_blocks(document)
    texts = [None if isinstance(b, list) else paragraph_text(b) for b in blocks]
    return blocks[texts.index(start) + 1 : texts.index(end)]


# --- the report ------------------------------------------------------------------------------------


def test_counts_per_status_and_cluster_equal_a_count_from_the_workbook(report_document) -> None:
    rows = _workbook_rows(EXAMPLE / "bron" / "jaarplan.xlsx")
    table = _table_after(report_document, "Samenvatting")
    header = table[0]
    assert header[0] == "Cluster" and header[-2:] == ["verlopen", "totaal"]
    names = [text.split(" ", 1)[1] for text in header[1:-2]]
    assert names == [*(s.name for s in DEFAULT_STATUSES), "geen status"]
    shown = {line[0]: [int(n) for n in line[1:]] for line in table[1:]}
    for cluster in {row["Cluster"] for row in rows} | {"Totaal"}:
        mine = [row for row in rows if cluster in ("Totaal", row["Cluster"])]
        counted = Counter(row["Status"] for row in mine)
        expected = [counted[name] for name in names] + [sum(r["verlopen"] for r in mine), len(mine)]
        assert shown[cluster] == expected, cluster
    assert shown["Totaal"][-2:] == [3, 10]  # the example is made to have three verlopen of ten


def test_every_aandacht_achter_and_verlopen_action_is_on_the_aandachtspunten_page(report_document) -> None:
    rows = _workbook_rows(EXAMPLE / "bron" / "jaarplan.xlsx")
    expected = {row["Specifiek"] for row in rows if row["Status"] in ("aandacht", "achter") or row["verlopen"]}
    section = _section(report_document, "Aandachtspunten", "Per thema")
    # The actions' tables (the example's indicators achter op koers follow in their own: test_indicator_report.py)
    tables = [block for block in section if isinstance(block, list) and block[0][0].text == "Doel"]
    listed = {row[1].text for table in tables for row in table[1:]}
    assert listed == expected
    statuses = [row[2].text for table in tables for row in table[1:]]
    assert statuses.count("→ op schemaverlopen") == 1 and statuses.count("– geen statusverlopen") == 1  # w:br between
    themes = [paragraph_text(block) for block in section if not isinstance(block, list)]
    assert [t for t in themes if t in ("Woninginbraak", "Ondermijning", "Jeugdoverlast", "Huiselijk geweld")] == [
        "Woninginbraak",
        "Ondermijning",
        "Jeugdoverlast",
    ]


def test_status_symbols_are_text_runs_beside_their_word(report_document) -> None:
    runs = []
    for table in report_document.tables:
        for r in table._tbl.iter(qn("w:r")):
            color = r.find(f"{qn('w:rPr')}/{qn('w:color')}")
            runs.append(
                ("".join(t.text or "" for t in r.iter(qn("w:t"))), None if color is None else color.get(qn("w:val")))
            )
    colours = {status.symbol: status.colour for status in (*DEFAULT_STATUSES, NO_STATUS)}
    coloured = [(text, colour) for text, colour in runs if colour]
    assert {text for text, _ in coloured} == set(colours)  # every status shown, each symbol its own run
    assert all(colours[text] == colour for text, colour in coloured)
    texts = [text for text, _ in runs]
    for index, (text, _) in enumerate(runs):
        if text in colours:
            assert texts[index + 1].strip() in SYMBOLS, texts[index + 1]  # the word follows as text


def test_doel_takes_the_worst_status_of_its_rows(report_document) -> None:
    per_theme = _section(report_document, "Per thema", "Wat is veranderd sinds versie 1.1")
    goals = [
        row[0].text for table in per_theme if isinstance(table, list) for row in table[1:] if row[0].merge != "continue"
    ]
    assert "Zicht op ondermijningDoel: ✘ achterverlopen" in goals  # a line break (w:br) before Doel and verlopen
    assert "Minder overlastmeldingenDoel: ! aandachtverlopen" in goals
    assert "Eerder signalerenDoel: → op schema" in goals
    by_name = {status.name: status for status in DEFAULT_STATUSES}
    assert worst([by_name["gereed"], by_name["achter"], by_name["aandacht"]]).name == "achter"
    assert worst([by_name["op schema"], by_name["nog niet gestart"], NO_STATUS]).name == "nog niet gestart"
    assert worst([NO_STATUS]) is NO_STATUS


def test_chart_is_in_the_report_with_alt_text_naming_the_counts(report_document) -> None:
    descriptions = [doc_pr.get("descr") for doc_pr in report_document.element.body.iter(f"{{{WP}}}docPr")]
    # The Samenvatting's chart first; then one per indicator of the example (issue 24, test_indicator_report.py)
    indicators = len(load_plan(EXAMPLE / "bron").plan.indicators)
    assert indicators and len(descriptions) == 1 + indicators
    assert all(alt.startswith("Lijndiagram van ") for alt in descriptions[1:])
    alt = descriptions[0]
    assert alt.startswith("Staafdiagram: de status van de acties per cluster op 30 juni 2026.")
    assert "criminaliteit: 1 gereed, 2 op schema, 1 achter, 1 nog niet gestart" in alt
    assert "openbaar domein: 1 op schema, 1 aandacht, 1 geen status" in alt
    assert alt.endswith(
        "Totaal 10 acties: 2 gereed, 4 op schema, 1 aandacht, 1 achter, 1 nog niet gestart, 1 geen status; 3 verlopen."
    )
    image = report_document.inline_shapes[0]
    part = report_document.part.related_parts[image._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert part.content_type == "image/png"
    assert part.image.px_width >= 1800 and part.image.horz_dpi >= 299  # print resolution, 16 cm wide


def test_changes_since_the_last_archived_version_are_those_made_in_the_example(report_document) -> None:
    old = {row["Specifiek"]: row for row in _workbook_rows(EXAMPLE / "output/archief/versie-1.1/bron/jaarplan.xlsx")}
    new = {row["Specifiek"]: row for row in _workbook_rows(EXAMPLE / "bron" / "jaarplan.xlsx")}
    changed = {name for name in old.keys() & new.keys() if old[name]["Status"] != new[name]["Status"]}
    assert len(changed) == 4 and len(new.keys() - old.keys()) == len(old.keys() - new.keys()) == 1  # as made
    table = _table_after(report_document, "Status gewijzigd")
    assert {row[1] for row in table[1:]} == changed
    for row in table[1:]:
        assert row[2].split(" ", 1)[1] == old[row[1]]["Status"] and row[3].split(" ", 1)[1] == new[row[1]]["Status"]
    assert [row[2] for row in _table_after(report_document, "Nieuwe acties")[1:]] == sorted(new.keys() - old.keys())
    assert [row[2] for row in _table_after(report_document, "Vervallen acties")[1:]] == sorted(old.keys() - new.keys())


def test_changes_since_a_given_version_are_exactly_the_ones_made(tmp_path: Path) -> None:
    before = Path(shutil.copytree(EXAMPLE / "bron", tmp_path / "voor"))
    after = Path(shutil.copytree(EXAMPLE / "bron", tmp_path / "na"))
    book = load_workbook(after / "jaarplan.xlsx")
    sheet = book["Matrix"]
    made = {}
    for row in sheet.iter_rows(min_row=2):
        specific, status = row[2].value, row[9]
        if specific == "Integrale controles horeca":
            status.value = made[specific] = "achter"
            row[8].value = "Vijf controles gehouden."
        elif specific == "Training signalen herkennen voor vastgoedmakelaars":
            status.value = made[specific] = "gereed"
    book.save(after / "jaarplan.xlsx")
    result = write_progress_report(after, tmp_path / "uit", since=str(before))
    changes = result.report.changes
    assert {(c.action, c.old_status.name, c.new_status.name) for c in changes.status} == {
        ("Integrale controles horeca", "op schema", "achter"),
        ("Training signalen herkennen voor vastgoedmakelaars", "nog niet gestart", "gereed"),
    }
    assert [c.action for c in changes.progress] == ["Integrale controles horeca"]
    assert changes.added == [] and changes.removed == []
    document = Document(result.document)
    assert {row[1]: row[3] for row in _table_after(document, "Status gewijzigd")[1:]} == {
        "Integrale controles horeca": "✘ achter",
        "Training signalen herkennen voor vastgoedmakelaars": "✔ gereed",
    }
    table = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Thema", "Actie", "Stand van zaken"]
    )
    cell = table.rows[1].cells[2]._tc
    assert runs_with(cell, "w:strike") == ["Vier"]  # removed words struck through, added ones underlined: no colour
    assert runs_with(cell, "w:u", "single") == ["Vijf"]
    assert paragraph_text(cell) == "Vier Vijf controles gehouden."  # a space keeps the old and new word apart


def test_peildatum_option_overrides_plan_yaml_and_changes_what_is_verlopen(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        main,
        ["voortgang", "--source", str(EXAMPLE / "bron"), "--output", str(tmp_path), "--peildatum", "2026-01-01"],
    )
    assert out.exit_code == 0, out.output
    document = Document(tmp_path / "Gezamenlijk jaarplan Voorbeeldgemeente 2026 - voortgang 2026-01-01.docx")
    assert "Geen actie is verlopen." in paragraph_text(body_blocks(document)[_index(document, "Samenvatting") + 1])
    assert "Er is nog geen uitgegeven versie in het archief" in "\n".join(p.text for p in document.paragraphs)


def _index(document, heading: str) -> int:
    blocks = body_blocks(document)
    return next(i for i, b in enumerate(blocks) if not isinstance(b, list) and paragraph_text(b) == heading)


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ["--peildatum", "30-06-2026"],
            "FOUT  --peildatum: '30-06-2026' is geen geldige peildatum; schrijf JJJJ-MM-DD, zoals 2026-06-30",
        ),
        (
            ["--peildatum", "2026-02-30"],
            "FOUT  --peildatum: '2026-02-30' is geen geldige peildatum; schrijf JJJJ-MM-DD, zoals 2026-06-30",
        ),
        (
            ["--sinds", "0.9"],
            "FOUT  --sinds 0.9: versie 0.9 staat niet in het archief van dit plan ({output}/archief; gearchiveerde "
            "versies: 1.0, 1.1); kies een van die versies",
        ),
    ],
)
def test_wrong_options_give_a_dutch_message_naming_the_option(example: Path, arguments, expected) -> None:
    output = example / "output"
    result = CliRunner().invoke(
        main, ["voortgang", "--source", str(example / "bron"), "--output", str(output), *arguments]
    )
    assert result.exit_code == 1
    assert result.output.strip() == expected.format(output=output.as_posix())
    assert "Traceback" not in result.output


def test_a_workbook_without_the_status_column_still_reports(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"].delete_cols(10)
    book.save(source_copy / "jaarplan.xlsx")
    result = CliRunner().invoke(
        main, ["voortgang", "--source", str(source_copy), "--output", str(tmp_path), "--peildatum", "2010-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("WAARSCHUWING") == 2 and "kolom 'Status' ontbreekt" in result.output
    assert "Matrix!H30: Deadline 'Eind 2009' valt in 2009" in result.output  # the default plan's own, not marked
    document = Document(tmp_path / "Gezamenlijk jaarplan 2010 - voortgang 2010-06-30.docx")
    table = _table_after(document, "Samenvatting")
    assert table[-1][0] == "Totaal" and table[-1][-3] == table[-1][-1] == "34"  # all 34 rows: geen status


def test_the_report_pdf_is_tagged_titled_dutch_with_the_chart_alt_text_and_no_blank_page(reported) -> None:
    document, _ = reported
    require_pdf_tools()
    reader = PdfReader(document.with_suffix(".pdf"))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "nl-NL" and "/StructTreeRoot" in root
    assert (
        reader.metadata.title
        == "Voortgangsrapportage Gezamenlijk jaarplan Voorbeeldgemeente 2026, peildatum 30 juni 2026"
    )
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    figures = figure_alt_texts(document.with_suffix(".pdf"))
    assert len(figures) == 1 + len(load_plan(EXAMPLE / "bron").plan.indicators)  # the indicators' charts too
    assert "criminaliteit: 1 gereed, 2 op schema, 1 achter" in figures[0]
    assert all(str(alt).startswith("Lijndiagram van ") for alt in figures[1:])
    text = poppler("pdftotext", "-layout", document.with_suffix(".pdf"), "-")
    pages = text.split("\f")[:-1]
    assert len(pages) == len(reader.pages) >= 3
    for number, page in enumerate(pages, 1):
        body = [
            line
            for line in page.splitlines()
            if line.strip() and "Voortgangsrapportage" not in line and "pagina" not in line
        ]
        assert body, f"pagina {number} is leeg"
    assert "✘ achter" in text and "✔ gereed" in text  # symbols are text in the PDF too


def test_the_status_template_and_the_example_are_made_by_their_scripts(tmp_path: Path) -> None:
    """tools/ reproduce templates/voortgang.docx and the example's sources, so both can start over."""
    import zipfile

    subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_status_template.py"), str(tmp_path / "v.docx")], check=True
    )
    with (
        zipfile.ZipFile(tmp_path / "v.docx") as made,
        zipfile.ZipFile(REPO / "templates" / "voortgang.docx") as committed,
    ):
        assert {n: made.read(n) for n in made.namelist()} == {n: committed.read(n) for n in committed.namelist()}
    subprocess.run([sys.executable, str(REPO / "tools" / "make_example.py"), str(tmp_path / "vb")], check=True)
    for folder in ("bron", "output/archief/versie-1.0/bron", "output/archief/versie-1.1/bron"):
        made, committed = tmp_path / "vb" / folder, EXAMPLE / folder
        assert (made / "plan.yaml").read_text(encoding="utf-8") == (committed / "plan.yaml").read_text(encoding="utf-8")
        assert sorted(p.name for p in made.iterdir()) == sorted(p.name for p in committed.iterdir()), folder
        made_book, committed_book = load_workbook(made / "jaarplan.xlsx"), load_workbook(committed / "jaarplan.xlsx")
        for sheet in committed_book.sheetnames:
            assert [[c.value for c in row] for row in made_book[sheet].iter_rows()] == [
                [c.value for c in row] for row in committed_book[sheet].iter_rows()
            ], (folder, sheet)


def test_the_report_and_its_template_pass_the_validator(reported) -> None:
    document, _ = reported
    assert_valid_ooxml(document)
    assert_valid_ooxml(REPO / "templates" / "voortgang.docx")


def test_the_example_report_prints_what_it_wrote(reported) -> None:
    document, output = reported
    assert f"Geschreven: {document}" in output and "Klaar in " in output
    warned = [line for line in output.splitlines() if line.startswith(("WAARSCHUWING", "FOUT"))]
    assert len(warned) == 2 and all("Deadline 'doorlopend' is geen datum" in line for line in warned), output


def test_voortgang_help_is_dutch() -> None:
    result = CliRunner().invoke(main, ["voortgang", "--help"])
    assert result.exit_code == 0
    assert (
        "Gebruik:" in result.output and "--peildatum JJJJ-MM-DD" in result.output and "--sinds VERSIE" in result.output
    )
    assert not any(word in result.output for word in ("Usage:", "Options:", "Show this message"))


def test_new_and_import_workbooks_carry_the_status_column(built_default: Path, tmp_path: Path) -> None:
    """``new`` (statuses emptied for the new year) and ``import`` write Status with its drop-down and Toelichting."""
    assert CliRunner().invoke(main, ["new", str(tmp_path / "nieuw"), "--from", str(EXAMPLE / "bron")]).exit_code == 0
    assert CliRunner().invoke(main, ["import", str(built_default), str(tmp_path / "import")]).exit_code == 0
    for folder in ("nieuw", "import"):
        book = load_workbook(tmp_path / folder / "jaarplan.xlsx")
        matrix = book["Matrix"]
        assert matrix["J1"].value == "Status", folder
        statuses = [cell.value for cell in matrix["J"][1:]]
        assert statuses == [None] * {"nieuw": 10, "import": 34}[folder], folder  # no status carried into a new year
        validations = [v for v in matrix.data_validations.dataValidation if "J2" in v.sqref]
        assert [v.formula1 for v in validations] == ["=Lijsten!$C$2:$C$6"], folder
        guide = {(row[0].value, row[1].value) for row in book["Toelichting"].iter_rows(min_row=2)}
        assert ("Matrix", "Status") in guide, folder


@pytest.mark.parametrize("deadline", ["1 maart", "1 mrt", "1-3", "1-3-2026", "eind februari", "real date"])
def test_a_deadline_typed_as_text_is_verlopen_as_the_same_real_date_is(deadline: str, tmp_path: Path) -> None:
    """'Integrale controles horeca' (op schema, Deadline 'doorlopend') gets a Deadline before the peildatum."""
    source = Path(shutil.copytree(EXAMPLE / "bron", tmp_path / "bron"))
    book = load_workbook(source / "jaarplan.xlsx")
    assert book["Matrix"]["H5"].value == "doorlopend" and book["Matrix"]["J5"].value == "op schema"
    book["Matrix"]["H5"] = datetime.datetime(2026, 3, 1) if deadline == "real date" else deadline
    book.save(source / "jaarplan.xlsx")
    out = CliRunner().invoke(main, ["voortgang", "--source", str(source), "--output", str(tmp_path / "uit")])
    assert out.exit_code == 0, out.output
    assert "Matrix!H5" not in out.output  # a date of the plan's year: no warning
    document = Document(tmp_path / "uit" / f"{REPORT_NAME}.docx")
    summary = paragraph_text(body_blocks(document)[_index(document, "Samenvatting") + 1])
    assert "4 acties zijn verlopen" in summary  # the example's three, and this one
    aandachtspunten = "".join(document.element.body.itertext()).split("Aandachtspunten")[-1]
    assert "Integrale controles horeca" in aandachtspunten


def test_the_example_ships_no_warning_marked_as_seen() -> None:
    """An example shows what a user will see: its 'doorlopend' Deadlines warn, none is hidden beforehand."""
    out = CliRunner().invoke(main, ["check", "--source", str(EXAMPLE / "bron")])
    assert out.exit_code == 0, out.output
    assert "Matrix!H5: Deadline 'doorlopend' is geen datum" in out.output
    assert "als gezien gemarkeerd" not in out.output


def test_each_indicator_stays_on_one_page_with_its_chart_and_caption(reported) -> None:
    """Heading, verdict, numbers, chart and caption of an indicator on one page (they once split over two)."""
    document, _ = reported
    require_pdf_tools()
    pages = poppler("pdftotext", "-layout", document.with_suffix(".pdf"), "-").split("\f")
    names = [indicator.name for indicator in load_plan(EXAMPLE / "bron").plan.indicators]

    def page_of(text: str) -> int:
        return next(number for number, page in enumerate(pages, 1) if text in " ".join(page.split()))

    for name in names:
        assert page_of(f"Figuur: {name}.") == page_of(f"{name} Thema:"), name
