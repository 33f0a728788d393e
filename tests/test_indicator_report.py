"""Issue 24 in the progress report: per indicator its verdict in words, its numbers and a chart with alt text;
the indicators achter op koers on the Aandachtspunten page; the PDF keeps the charts' alt text as tags.

The plan is the seed plan with ``indicator_plans``' indicators (built in code:
the workbook sheets are another branch's). The expected verdicts are worked
out by hand below, not asked of ``indicators.verdict``.
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli import main
from jaarplan.commands.versions import release
from jaarplan.commands.workspace import progress_view
from jaarplan.errors import Problems
from jaarplan.indicators import indicator_line, lines_by_theme
from jaarplan.model import Indicator, Measurement
from jaarplan.office.session import Office, export_pdf
from jaarplan.progress import Counter
from jaarplan.report.document import CHARTS_LONG, REPORT_TEMPLATE, render_progress_report, write_progress_report
from jaarplan.report.summary import progress_report
from jaarplan.source.check import load_plan
from jaarplan.source.indicators import check_indicators
from jaarplan.text import dutch_number
from jaarplan.word.template import find_template

from .browser import DESKTOP, look, open_page
from .docx_reading import body_blocks, paragraph_style, paragraph_text
from .indicator_plans import EXAMPLE, seed_plan, the_template_warning, with_indicators, with_old_template
from .ooxml_validation import assert_valid_ooxml
from .pdf_structure import figure_alt_texts
from .system_tools import require_pdf_tools, require_soffice
from .web_support import Plan, write_users

PEILDATUM = datetime.date(2010, 6, 30)
WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
# By hand: Diefstallen 4,5 (2006) → 2,5 (2010), in 2008 the line is 3,5 and 3,4 is lower: on course.
# Veilig 78 (2007) → 86 (2011), in 2009 the line is 82 and 79,25 is lower while higher is better: behind.
VERDICTS = [
    ("Diefstallen uit woning", "✔ op koers. De meting van 2008 is 3,4; op de lijn van nulmeting naar streefwaarde "
     "hoort in 2008 3,5 (lager is beter)."),
    ("% inwoners dat zich veilig voelt in de buurt", "✘ achter op koers. De meting van 2009 is 79,25; op de lijn "
     "van nulmeting naar streefwaarde hoort in 2009 82 (hoger is beter)."),
    ("Aantal hennepkwekerijen geruimd", "○ geen meting. Er is nog geen meting na de nulmeting (2009)."),
    ("Verwijzingen Halt", "○ geen streefwaarde. Zonder streefwaarde is niet te zeggen of de indicator op koers is."),
]  # fmt: skip
ALT_TEXTS = [
    "Lijndiagram van Diefstallen uit woning (per 1.000 inwoners). Gemeente: 4,5 in 2006, 4,2 in 2007, 3,4 in 2008. "
    "Nulmeting 4,5 (2006). Streefwaarde 2,5 (2010). Een gestreepte lijn loopt van nulmeting naar streefwaarde. "
    "Nederland: 2,9 in 2007, 2,75 in 2008. Oordeel: op koers.",
    "Lijndiagram van % inwoners dat zich veilig voelt in de buurt (%). Gemeente: 78,5 in 2008, 79,25 in 2009. "
    "Nulmeting 78 (2007). Streefwaarde 86 (2011). Een gestreepte lijn loopt van nulmeting naar streefwaarde. "
    "Nederland: 84,1 in 2009. Oordeel: achter op koers.",
    "Lijndiagram van Aantal hennepkwekerijen geruimd (aantal). Gemeente: nog geen meting. Nulmeting 1.234 (2009). "
    "Streefwaarde 1.500 (2011). Een gestreepte lijn loopt van nulmeting naar streefwaarde. Oordeel: geen meting.",
    "Lijndiagram van Verwijzingen Halt (per 1.000 jongeren van 12-17 jaar). Gemeente: 11 in 2009. "
    "Nulmeting 12,5 (2008). Oordeel: geen streefwaarde.",
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("voortgang") / "voortgang met indicatoren.docx"
    report = progress_report(with_indicators(), PEILDATUM)
    render_progress_report(report, find_template(REPORT_TEMPLATE, None)).save(target)
    return target


def _section(blocks: list, start: str, end: str | None) -> list:
    texts = [paragraph_text(b) if not isinstance(b, list) else None for b in blocks]
    first = texts.index(start)
    last = texts.index(end, first) if end else len(blocks)
    return blocks[first + 1 : last]


def test_each_indicator_has_its_verdict_in_words_in_order(report_file: Path) -> None:
    blocks = body_blocks(Document(report_file))
    part = _section(blocks, "Indicatoren", "Wat is veranderd")
    headings = [paragraph_text(b) for b in part if not isinstance(b, list) and paragraph_style(b) == "Heading2"]
    assert headings == [name for name, _ in VERDICTS]
    paragraphs = [paragraph_text(b) for b in part if not isinstance(b, list)]
    for name, sentence in VERDICTS:
        assert paragraphs[paragraphs.index(name) + 2] == sentence
    assert (
        "Eenheid: per 1.000 inwoners. Nulmeting 4,5 (2006); laatste meting 3,4 (2008); streefwaarde 2,5 (2010). "
        "Ter vergelijking: Nederland: 2,75 (2008)."
    ) in paragraphs


def test_the_charts_alt_texts_state_the_numbers(report_file: Path) -> None:
    descriptions = [doc_pr.get("descr") for doc_pr in Document(report_file).element.body.iter(WP_DOC_PR)]
    assert descriptions[0].startswith("Staafdiagram")  # the Samenvatting's chart keeps its own
    assert descriptions[1:] == ALT_TEXTS


def test_the_indicator_behind_joins_the_aandachtspunten(report_file: Path) -> None:
    blocks = body_blocks(Document(report_file))
    part = _section(blocks, "Aandachtspunten", "Per thema")
    titles = [paragraph_text(b) for b in part if not isinstance(b, list)]
    assert titles[-1] == "Indicatoren achter op koers"  # after the actions' tables
    table = part[-1]
    assert [[cell.text for cell in row] for row in table] == [
        ["Indicator", "Thema", "Oordeel"],
        ["% inwoners dat zich veilig voelt in de buurt", seed_plan().themes[0].title,
         "De meting van 2009 is 79,25; op de lijn van nulmeting naar streefwaarde hoort in 2009 82 (hoger is beter)."],
    ]  # fmt: skip


def test_a_plan_without_indicators_reports_none(tmp_path: Path) -> None:
    target = tmp_path / "zonder.docx"
    render_progress_report(progress_report(seed_plan(), PEILDATUM), find_template(REPORT_TEMPLATE, None)).save(target)
    texts = [paragraph_text(b) for b in body_blocks(Document(target)) if not isinstance(b, list)]
    assert "Indicatoren" not in texts and "Indicatoren achter op koers" not in texts
    assert len(list(Document(target).element.body.iter(WP_DOC_PR))) == 1


def test_the_report_with_indicators_is_valid_and_its_pdf_keeps_the_alt_texts(report_file: Path, tmp_path: Path) -> None:
    assert_valid_ooxml(report_file)
    require_pdf_tools()
    with Office(require_soffice()) as office:
        office.start()
        made = export_pdf(office, report_file, tmp_path, lambda message: None)
    figures = figure_alt_texts(made)
    assert figures[1:] == ALT_TEXTS


def test_a_template_from_before_the_indicators_says_the_aandachtspunten_are_incomplete(tmp_path: Path) -> None:
    """The old template said "Geen aandachtspunten" with indicators achter op koers; the warning now says so."""
    template, source = with_old_template(tmp_path, "voortgang.docx")
    result = write_progress_report(source, tmp_path / "output", template)
    count, behind = len(result.report.indicators), len(result.report.attention_indicators)
    assert count and behind, "the example should have indicators achter op koers"
    warned = the_template_warning(result.warnings)
    assert warned.startswith(f"{template.as_posix()}: deze sjabloon is van voor de indicatoren: de {count} ")
    assert f"de Aandachtspunten zijn onvolledig: {behind} indicatoren achter op koers ontbreken" in warned
    assert "python tools/make_status_template.py" in warned


def test_the_current_report_template_gives_no_such_warning(tmp_path: Path) -> None:
    result = write_progress_report(shutil.copytree(EXAMPLE, tmp_path / "bron"), tmp_path / "output")
    assert result.report.attention_indicators
    assert not [w for w in result.warnings if "sjabloon" in w.message]


def test_an_indicators_heading_verdict_and_numbers_keep_with_its_chart(report_file: Path) -> None:
    """A page break never falls between an indicator's heading and its chart: each paragraph keeps with the next."""
    document = Document(report_file)
    paragraphs = document.paragraphs
    names = [name for name, _ in VERDICTS]
    starts = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 2" and p.text in names]
    assert len(starts) == len(names)
    for start in starts:
        chart = next(i for i in range(start, len(paragraphs)) if paragraphs[i]._p.xpath(".//w:drawing"))
        for paragraph in paragraphs[start : chart + 1]:
            kept = paragraph.paragraph_format.keep_with_next
            assert kept or (kept is None and paragraph.style.paragraph_format.keep_with_next), paragraph.text
        # the chart shares the numbers' paragraph, kept whole (LibreOffice moved a picture's own paragraph alone)
        assert paragraphs[chart].text.startswith("Eenheid: ") and paragraphs[chart].paragraph_format.keep_together
        assert paragraphs[chart + 1].text.startswith("Figuur: ")


def test_an_indicator_without_a_theme_is_left_out_as_in_the_jaarplan() -> None:
    """check warns it is not shown yet; the report (and so the werkomgeving) leaves it out, as the document does."""
    plan = with_indicators()
    themeless = Indicator("Zonder thema", "", baseline=10, baseline_year=2006, target=5, target_year=2010,
                          measurements=[Measurement(2009, 10.0)])  # fmt: skip
    plan.indicators.append(themeless)
    report = progress_report(plan, PEILDATUM)
    assert [line.name for line in report.indicators] == [name for name, _ in VERDICTS]
    assert "Zonder thema" not in [line.name for line in report.attention_indicators]
    assert "" not in lines_by_theme(plan.indicators)  # the werkomgeving's tables and the Word tables


def test_a_check_message_writes_a_figure_as_the_table_does() -> None:
    """One Dutch number formatter: the direction error says 1.234,5 as the tables do, not 1234,5."""
    plan = seed_plan()
    indicator = Indicator("Proef", plan.themes[0].title, higher_is_better=True, baseline=1234.5,
                          baseline_year=2009, target=1000, target_year=2010)  # fmt: skip
    plan.indicators = [indicator]
    problems = Problems()
    check_indicators(plan, problems)
    (message,) = [p.message for p in problems.found if "Beter is" in p.message]
    assert "de streefwaarde (1.000) is lager dan de nulmeting (1.234,5)" in message
    assert indicator_line(indicator).baseline == "1.234,5 (2009)"


def test_drawing_many_charts_says_how_far_it_is(tmp_path: Path) -> None:
    """A report of many indicators draws a chart each: the progress line counts them, before the report is built."""
    told: list[str] = []
    source = shutil.copytree(EXAMPLE, tmp_path / "bron")
    write_progress_report(source, tmp_path / "output", progress=told.append)
    building = next(line for line in told if line.startswith("Rapportage opbouwen:"))
    assert building.endswith(", 6 indicatoren met hun grafiek ..."), building
    counts: list[tuple[int, int]] = []
    plan = with_indicators()
    plan.indicators = plan.indicators * 13  # 52 charts: a long step
    lines = []
    counter = Counter(lines.append, "grafieken getekend", CHARTS_LONG)
    render_progress_report(progress_report(plan, PEILDATUM), find_template(REPORT_TEMPLATE, None),
                           drawn=lambda done, total: (counts.append((done, total)), counter(done, total)))  # fmt: skip
    assert counts[-1] == (52, 52) and len(counts) == 52
    assert lines[0] == "  5 van 52 grafieken getekend" and lines[-1] == "  52 van 52 grafieken getekend"


# --- the indicators under "Wat is veranderd sinds" ----------------------------------------------------

ARCHIVED = EXAMPLE.parent / "output" / "archief" / "versie-1.1" / "bron"  # before the indicators


def _six_new_indicators() -> list[str]:
    """What the report should say, read from the workbooks with openpyxl alone: 1.1 had none, the concept six."""
    assert "Indicatoren" not in load_workbook(ARCHIVED / "jaarplan.xlsx").sheetnames
    sheet = load_workbook(EXAMPLE / "jaarplan.xlsx")["Indicatoren"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2]]
    assert len(names) == 6
    return ["Er zijn nieuwe indicatoren: " + ", ".join(f"‘{name}’" for name in names[:-1]) + f" en ‘{names[-1]}’."]


def _changed_indicators(document) -> list[str]:
    """The bullets under "Indicatoren" in the section "Wat is veranderd sinds …", to the end of the report."""
    blocks = [b for b in body_blocks(document) if not isinstance(b, list)]
    start = next(i for i, b in enumerate(blocks) if paragraph_text(b).startswith("Wat is veranderd sinds"))
    section = blocks[start + 1 :]
    heading = [paragraph_text(b) for b in section].index("Indicatoren")
    lines = []
    for block in section[heading + 1 :]:
        if paragraph_style(block).startswith("Heading") or not paragraph_text(block):
            break
        lines.append(paragraph_text(block))
    return lines


def test_voortgang_sinds_names_the_indicators_that_changed(tmp_path: Path) -> None:
    """``voortgang --sinds 1.1`` says what the raadsinformatiebrief says: six new indicators."""
    example = Path(shutil.copytree(EXAMPLE.parent, tmp_path / "voorbeeld gemeente"))
    arguments = ["voortgang", "--source", str(example / "bron"), "--output", str(example / "output")]
    result = CliRunner().invoke(main, [*arguments, "--sinds", "1.1"])
    assert result.exit_code == 0, result.output
    written = next((example / "output").glob("*voortgang*.docx"))
    assert _changed_indicators(Document(written)) == _six_new_indicators()
    assert_valid_ooxml(written)


def test_only_changed_indicators_are_not_geen_wijzigingen(tmp_path: Path) -> None:
    plan = load_plan(EXAMPLE).plan
    report = progress_report(plan, PEILDATUM, (replace(plan, indicators=[]), "versie 1.2"))
    assert not (report.changes.status or report.changes.progress or report.changes.added or report.changes.removed)
    target = tmp_path / "voortgang.docx"
    render_progress_report(report, find_template(REPORT_TEMPLATE, None)).save(target)
    document = Document(target)
    assert _changed_indicators(document) == _six_new_indicators()
    assert not [p for p in document.paragraphs if p.text.startswith("Geen wijzigingen")]


def test_a_template_without_the_changed_indicators_still_renders_and_says_they_are_missing(tmp_path: Path) -> None:
    template, source = with_old_template(tmp_path, "voortgang.docx")
    output = shutil.copytree(EXAMPLE.parent / "output", tmp_path / "output")  # the archive with version 1.1
    result = write_progress_report(source, output, template, since="1.1")
    assert result.report.changes.indicators == _six_new_indicators()
    texts = [p.text for p in Document(result.document).paragraphs]
    assert "Wat is veranderd sinds versie 1.1" in texts and not any("nieuwe indicatoren" in t for t in texts)
    warned = the_template_warning(result.warnings)
    assert "onder 'Wat is veranderd sinds versie 1.1' ontbreken de wijzigingen in de indicatoren" in warned
    assert "het blok" not in warned and "'Indicatoren' (onder Wat is veranderd)" in warned


def test_the_werkomgeving_voortgang_page_names_the_changed_indicators(browser, shots: Path, tmp_path: Path) -> None:
    """The page compares with the last archived version (1.1), as the report made there does."""
    example = Path(shutil.copytree(EXAMPLE.parent, tmp_path / "voorbeeld"))
    plan = Plan(example / "bron", example / "output", write_users(tmp_path / "gebruikers.json"))
    client = plan.app(login_required=False).test_client()

    def answer(route) -> None:
        reply = client.get(urlparse(route.request.url).path)
        route.fulfill(status=reply.status_code, headers=dict(reply.headers), body=reply.get_data())

    with open_page(browser, width=DESKTOP) as page:
        page.route("http://werkomgeving.test/**", answer)
        page.goto("http://werkomgeving.test/voortgang")
        section = page.locator("section.changes")
        assert section.locator("h2").inner_text() == "Wat is veranderd sinds versie 1.1"
        assert section.locator("h3", has_text="Indicatoren").count() == 1
        assert section.locator("ul.indicator-changes li").all_inner_texts() == _six_new_indicators()
        look(page, shots, "voortgang-wat-is-veranderd")


def test_the_voortgang_page_compares_once_until_the_check_or_the_archive_changes(tmp_path: Path) -> None:
    """Reading the archived workbook and comparing took seconds of a 20,000-row plan on every view of the page."""
    example = Path(shutil.copytree(EXAMPLE.parent, tmp_path / "voorbeeld"))
    source, output = example / "bron", example / "output"
    first = progress_view(source, output)
    assert first.report is not None and first.report.changes is not None and not first.comparison_problem
    assert progress_view(source, output) is first  # the same answer, not worked out again
    release(source, output, author="VB", description="Indicatoren")  # from the command line, the server running
    again = progress_view(source, output)
    assert again is not first and again.report.changes.since == "versie 1.2"


def test_the_voortgang_page_says_why_it_could_not_compare(tmp_path: Path) -> None:
    """An unreadable archived version: the page says so instead of leaving 'Wat is veranderd' out without a word."""
    example = Path(shutil.copytree(EXAMPLE.parent, tmp_path / "voorbeeld"))
    (example / "output" / "archief" / "versie-1.1" / "bron" / "jaarplan.xlsx").write_bytes(b"geen werkmap")
    plan = Plan(example / "bron", example / "output", write_users(tmp_path / "gebruikers.json"))
    page = plan.app(login_required=False).test_client().get("/voortgang")
    assert page.status_code == 200
    said = " ".join(page.get_data(as_text=True).split())
    assert "Vergelijken met de laatste uitgegeven versie lukte niet:" in said and "versie-1.1" in said


@pytest.mark.parametrize(("value", "shown"), [(3.175, "3,18"), (-3.175, "-3,18"), (1e30, "1.000.000.000.000.000.0")])
def test_numbers_are_rounded_half_up_and_huge_ones_do_not_break(value: float, shown: str) -> None:
    """A Waarde of 1E+30 passed the check and then broke the web page: Decimal's 28 digits."""
    assert dutch_number(value).startswith(shown)
