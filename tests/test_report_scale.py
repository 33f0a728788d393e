"""The progress report and the redline at a region's scale (issue 23): rows kept apart, one LibreOffice, progress.

Their speed and memory are measured by ``benchmarks/bench_outputs.py``; these
tests check what makes them possible and what a person sees: the rows written
apart from the document tree yet all in the saved file, the report's PDF made
by the LibreOffice the caller keeps warm (the werkomgeving's one), the redline's
kept rows marked exactly as rows in the tree were, and progress lines while a
large plan is reported on or compared.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from jaarplan.cli import main
from jaarplan.commands import versions
from jaarplan.diff import sides
from jaarplan.diff.redline import finish_revisions, merged_plan
from jaarplan.office import pdf, session
from jaarplan.office.session import Office
from jaarplan.report.document import render_progress_report, write_progress_report
from jaarplan.report.summary import progress_report
from jaarplan.source.check import load_plan
from jaarplan.web.state import state_of
from jaarplan.word.matrix_rows import kept_rows
from jaarplan.word.render import render_document
from jaarplan.word.template import find_template

from .docx_reading import paragraph_style, paragraph_text
from .fixtures.progress import PEILDATUM, write_progress_plan
from .system_tools import require_pdf_tools

WHEN = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)


def _action_rows(document_path: Path, heading: str) -> int:
    """Rows of the tables after ``heading`` (up to the next Heading 1), header rows left out."""
    counting, rows = False, 0
    for element in Document(str(document_path)).element.body:
        if element.tag == qn("w:p") and paragraph_style(element) == "Heading1":
            counting = paragraph_text(element) == heading
        elif counting and element.tag == qn("w:tbl"):
            rows += len(element.findall(qn("w:tr"))) - 1
    return rows


def test_the_report_keeps_its_rows_apart_and_saves_every_one(tmp_path: Path) -> None:
    plan = load_plan(write_progress_plan(tmp_path / "bron"), allow_changed_issue=True).plan
    report = progress_report(plan, PEILDATUM)
    document = render_progress_report(report, find_template("voortgang.docx", None))
    kept = kept_rows(document)
    assert kept is not None  # the rows are not elements of the document tree
    assert "Actie 1.1.0" not in "".join(document.element.body.itertext())  # in the saved file only
    saved = tmp_path / "rapport.docx"
    document.save(saved)
    assert _action_rows(saved, "Per thema") == report.summary.total.total
    attention = sum(len(theme.rows) for theme in report.attention)
    assert _action_rows(saved, "Aandachtspunten") == attention > 0


def test_voortgang_pdf_goes_through_the_callers_warm_office(tmp_path: Path) -> None:
    """Two reports, one LibreOffice: the one the caller keeps, as the werkomgeving and the CLI do."""
    require_pdf_tools()
    source = write_progress_plan(tmp_path / "bron")
    with Office(pdf.find_soffice()) as office:
        seen, pdfs = [], []
        for name in ("een", "twee"):
            result = write_progress_report(
                source, tmp_path / name, reference_date=PEILDATUM, with_pdf=True, office=office
            )
            seen.append(office.process_id)
            pdfs.append(result.pdf)
    assert seen[0] == seen[1] is not None
    text = "".join(page.extract_text() for page in PdfReader(pdfs[1]).pages)
    assert "Aandachtspunten" in text and "Per thema" in text


def test_the_reports_chart_goes_into_the_pdf_losslessly_without_a_jpeg_attempt(tmp_path: Path, monkeypatch) -> None:
    """The chart is line art: LibreOffice is told so (no JPEG tried and thrown away), and it keeps every pixel."""
    require_pdf_tools()
    sent: list[dict] = []
    send = session._Worker.send
    monkeypatch.setattr(session._Worker, "send", lambda worker, request: sent.append(request) or send(worker, request))
    source = write_progress_plan(tmp_path / "bron")
    with Office(pdf.find_soffice()) as office:
        result = write_progress_report(source, tmp_path / "uit", reference_date=PEILDATUM, with_pdf=True, office=office)
    assert [request["layout"]["export"]["UseLosslessCompression"] for request in sent] == [True]
    pictures = {
        picture.indirect_reference.idnum: picture for page in PdfReader(result.pdf).pages for picture in page.images
    }
    assert len(pictures) == 1  # pages share their resources: one picture, listed on each
    chart = next(iter(pictures.values())).indirect_reference.get_object()
    assert chart["/Filter"] == "/FlateDecode" and chart["/Width"] >= 1800  # 300 dpi over 16 cm, not scaled down


def test_the_werkomgeving_makes_the_report_pdf_through_its_one_warm_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No LibreOffice of its own (``pdf.convert``): the warm one lays the report out, and keeps running."""
    require_pdf_tools()
    from .test_web import logged_in, token, wait_until_finished
    from .web_support import make_plan

    app = make_plan(tmp_path).app()
    office = state_of(app).office
    client = logged_in(app)
    build_url = client.post("/bouwen", data={"csrf": token(client)}).headers["Location"]
    wait_until_finished(client, build_url, within=300)  # the build started the warm LibreOffice
    started = office.process_id
    laid_out: list[tuple[bool, str]] = []  # (laid out by the warm office itself?, document)
    layout = Office.layout
    monkeypatch.setattr(
        Office,
        "layout",
        lambda self, document, *rest: laid_out.append((self is office, document.name)) or layout(self, document, *rest),
    )
    monkeypatch.setattr(pdf, "convert", lambda *arguments, **options: pytest.fail("a LibreOffice of its own"))
    job_url = client.post("/voortgang/rapportage", data={"csrf": token(client, "/voortgang")}).headers["Location"]
    status = wait_until_finished(client, job_url, within=300)
    assert status["state"] == "klaar", status["messages"]
    assert "PDF maken met LibreOffice ..." in status["messages"]
    reports = list((tmp_path / "output").glob("* - voortgang *.docx"))
    assert office.process_id == started is not None
    assert laid_out == [(True, path.name) for path in reports]  # the report, once, by the warm office
    assert reports and reports[0].with_suffix(".pdf").is_file()
    office.close()


def test_voortgang_of_a_large_plan_tells_how_far_it_is(tmp_path: Path) -> None:
    source = write_progress_plan(tmp_path / "bron", themes=130)
    arguments = ["voortgang", "--source", str(source), "--output", str(tmp_path / "uit")]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    actions = re.search(r"Rapportage opbouwen: (1\.\d{3}) acties in 130 thema's \.\.\.", result.output)
    assert actions is not None, result.output
    assert f"  {actions[1]} van {actions[1]} acties geschreven" in result.output
    assert "matrixregels gelezen" in result.output


def test_diff_of_large_plans_tells_how_far_it_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JAARPLAN_SOFFICE", str(tmp_path / "geen-soffice"))  # no layout pass: not what is tested
    old = write_progress_plan(tmp_path / "oud", earlier=True, themes=130)
    new = write_progress_plan(tmp_path / "nieuw", themes=130)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--output", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    assert f"Lezen: {old.as_posix()} ..." in result.output
    assert "matrixregels gelezen" in result.output
    assert "matrixregels geschreven" in result.output


def test_diff_compares_two_sides_of_one_number_once_and_still_names_the_edited_one(tmp_path: Path, monkeypatch) -> None:
    """Whether same-numbered sides differ is read from the comparison itself: two plans of 20,000 rows, not twice."""
    monkeypatch.setenv("JAARPLAN_SOFFICE", str(tmp_path / "geen-soffice"))
    old = write_progress_plan(tmp_path / "oud", earlier=True)
    new = write_progress_plan(tmp_path / "nieuw")  # the same version number, other content
    compared = []
    for module in (versions, sides):
        real = module.compare
        monkeypatch.setattr(module, "compare", lambda *sides, real=real: compared.append(sides) or real(*sides))
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--output", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    assert len(compared) == 1
    heading = (
        f"Wijzigingen van versie 1.2 ({old.as_posix()}) naar bewerkte bron {new.as_posix()} (nog versienummer 1.2)"
    )
    assert heading in result.output.splitlines()
    assert len(list((tmp_path / "uit").glob("* - wijzigingen versie 1.2 → bewerkte bron.docx"))) == 1


def _redline_xml(old: Path, new: Path, rows_in_tree: bool, saved: Path) -> bytes:
    merged, revisions = merged_plan(
        load_plan(old, allow_changed_issue=True).plan, load_plan(new, allow_changed_issue=True).plan, "wijzigingen"
    )
    document = render_document(merged, rows_in_tree=rows_in_tree)
    finish_revisions(document, revisions, WHEN)
    assert (kept_rows(document) is None) == rows_in_tree
    document.save(saved)
    with zipfile.ZipFile(saved) as archive:
        return etree.tostring(etree.fromstring(archive.read("word/document.xml")), method="c14n2")


def test_the_redline_marks_rows_kept_apart_as_it_marked_rows_in_the_tree(tmp_path: Path) -> None:
    """Added, removed and changed rows, a removed theme: the same revisions, ids and row marks either way."""
    old = write_progress_plan(tmp_path / "oud", earlier=True)
    new = write_progress_plan(tmp_path / "nieuw")
    in_tree = _redline_xml(old, new, True, tmp_path / "boom.docx")
    kept = _redline_xml(old, new, False, tmp_path / "apart.docx")
    row_marks = re.findall(rb"<w:trPr>(?:(?!</w:trPr>).)*<w:(?:ins|del) ", in_tree)
    assert in_tree.count(b"<w:del ") > 20 and len(row_marks) > 5
    assert kept == in_tree
