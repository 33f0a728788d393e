"""The voortgangsrapportage as a Word document (and PDF): a ProgressReport through ``templates/voortgang.docx``.

``write_progress_report`` is the library call behind ``jaarplan voortgang``:
load and check the source, find the version to compare with, compute the
report (``report.summary``), draw the chart (``report.chart``, imported only
here, so matplotlib stays out of every other command), render, write, and
convert to PDF. Symbols are real text runs beside their word, so the report
reads in grey; the chart carries its alt text into Word (``wp:docPr
descr``) and from there into the tagged PDF.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import itertools
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx.shared import Inches
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup

from jaarplan.diff.compare import Piece
from jaarplan.diff.sides import home_archive, load_side
from jaarplan.errors import Location, PlanError, Problem
from jaarplan.indicators import OPEN, REACHED, IndicatorLine
from jaarplan.model import Plan, RichText, Span
from jaarplan.office import pdf
from jaarplan.office.session import Office, UnoUnavailable, export_pdf
from jaarplan.progress import Counter
from jaarplan.report.summary import (
    NO_STATUS,
    ActionChange,
    AttentionTheme,
    Changes,
    GoalStatus,
    ProgressReport,
    RowStatus,
    StatusCount,
    StatusKind,
    ThemeStatus,
    progress_report,
)
from jaarplan.source.check import load_plan
from jaarplan.store.files import write_atomically
from jaarplan.text import dutch_date, dutch_list, dutch_number
from jaarplan.word import ooxml
from jaarplan.word.matrix_rows import ROWS_KEY, RowLoop, write_rows_when_saved
from jaarplan.word.render import fill_template, set_core_properties, title_block_context
from jaarplan.word.template import find_template, missing_tags, outdated_template

SINCE_OPTION = "--sinds"
REPORT_TEMPLATE = "voortgang.docx"
CHARTS_LONG = 50  # charts from which a progress line comes at every tenth: 50 take a second or more
ROW_LISTS = ("attention", "themes")  # the lists of themes whose action tables the row writer fills


@dataclass(frozen=True)
class ProgressReportResult:
    report: ProgressReport
    document: Path
    pdf: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    seen: int = 0  # warnings left out because the user marked them as seen (``source.seen``)


def _silent(message: str) -> None:
    """The default progress: say nothing (library use, tests)."""


def _counted(done: int, total: int) -> None:
    """The default count of actions written: tell nobody."""


def write_progress_report(
    source: Path,
    output: Path,
    template: Path | None = None,
    *,
    reference_date: datetime.date | None = None,
    since: str | None = None,
    with_pdf: bool = False,
    progress: Callable[[str], None] = _silent,
    office: Office | None = None,
) -> ProgressReportResult:
    """Write ``<titel> - voortgang <peildatum>.docx`` (and with ``with_pdf`` the PDF) into ``output``.

    The peildatum is ``reference_date``, else plan.yaml's ``peildatum``, else
    today. ``since`` is a version of this plan in its archive (or a source
    folder or workbook); without it this plan's last archived version, if there is one.
    ``office`` is a LibreOffice kept running by the caller (the werkomgeving,
    the CLI); without one, ``with_pdf`` starts one as the build does, while the
    report is computed.
    """
    earlier = earlier_version(since, source, output)  # a wrong --sinds is told before any work
    soffice = pdf.find_soffice() if with_pdf else None
    with contextlib.ExitStack() as stack:
        if soffice is not None and office is None:
            office = stack.enter_context(Office(soffice))
            with contextlib.suppress(UnoUnavailable):  # export_pdf falls back, and says so
                office.start()
        return _write_progress_report(source, output, template, reference_date, earlier, with_pdf, progress, office)


def _write_progress_report(
    source: Path,
    output: Path,
    template: Path | None,
    reference_date: datetime.date | None,
    earlier: tuple[Plan, str] | None,
    with_pdf: bool,
    progress: Callable[[str], None],
    office: Office | None,
) -> ProgressReportResult:
    """``write_progress_report`` once the version to compare with is known and LibreOffice, if needed, started."""
    progress(f"Bron lezen en controleren: {source} ...")
    checked = load_plan(source, progress)  # an edit after an issued version is reported as the next concept
    plan = checked.plan
    date = reference_date or plan.metadata.reference_date or datetime.date.today()
    template = find_template(REPORT_TEMPLATE, template)
    progress(f"Voortgang berekenen en grafiek tekenen: peildatum {dutch_date(date)} ...")
    report = progress_report(plan, date, earlier)
    actions = report.summary.total.total
    charts = f", {dutch_number(len(report.indicators))} indicatoren met hun grafiek" if report.indicators else ""
    themes = dutch_number(len(report.themes))
    progress(f"Rapportage opbouwen: {dutch_number(actions)} acties in {themes} thema's{charts} ...")
    written, drawn = Counter(progress, "acties geschreven"), Counter(progress, "grafieken getekend", CHARTS_LONG)
    document = render_progress_report(report, template, written, drawn)
    target = output / progress_report_name(plan, date)
    output.mkdir(parents=True, exist_ok=True)
    write_atomically(target, document.save)
    warnings = [*checked.warnings, *template_warnings(report, template)]
    result = ProgressReportResult(report, target, None, warnings, len(checked.seen))
    if with_pdf:
        if office is None:
            raise PlanError(f"{pdf.NOT_INSTALLED} Het Word-document is wel geschreven.", Location(target))
        progress("PDF maken met LibreOffice ...")
        with tempfile.TemporaryDirectory(prefix="jaarplan-") as work:
            made = export_pdf(office, target, Path(work), progress)
            pdf_target = target.with_suffix(".pdf")
            write_atomically(pdf_target, lambda path: shutil.copyfile(made, path))
        result = replace(result, pdf=pdf_target)
    return result


def template_warnings(report: ProgressReport, template: Path) -> list[Problem]:
    """A template from before the indicators leaves them out, and its Aandachtspunten miss those achter op koers.

    Such a template says "Geen aandachtspunten" when only indicators are behind; the warning says the
    Aandachtspunten are then incomplete. One from before the changed indicators under "Wat is veranderd"
    leaves those out (and, when only indicators changed, shows that section without a line).
    """
    count, behind = len(report.indicators), len(report.attention_indicators)
    changed = len(report.changes.indicators) if report.changes else 0
    names = (("indicators", "attention_indicators") if count else ()) + (("changes.indicators",) if changed else ())
    missing = missing_tags(template, names) if names else []
    if not missing:
        return []
    said, blocks = [], []
    if "indicators" in missing:
        said.append(f"{'de indicator staat' if count == 1 else f'de {count} indicatoren staan'} niet in de rapportage")
        blocks.append("'Indicatoren'")
    if "attention_indicators" in missing:
        said.append(
            f"de Aandachtspunten zijn onvolledig: {behind} {'indicator' if behind == 1 else 'indicatoren'} achter op "
            "koers ontbreken (ook waar de rapportage 'Geen aandachtspunten' zegt)"
            if behind
            else "een indicator achter op koers zou bij de Aandachtspunten ontbreken"
        )
        blocks.append("'Indicatoren achter op koers' (onder Aandachtspunten)")
    if "changes.indicators" in missing:
        said.append(f"onder 'Wat is veranderd sinds {report.changes.since}' ontbreken de wijzigingen in de indicatoren")
        blocks.append("'Indicatoren' (onder Wat is veranderd)")
    listed = dutch_list(blocks)
    return [
        outdated_template(
            template,
            REPORT_TEMPLATE,
            f"{'; '.join(said)}.",
            "tools/make_status_template.py",
            f"{'de blokken' if len(blocks) > 1 else 'het blok'} {listed}",
        )
    ]


def progress_report_name(plan: Plan, date: datetime.date) -> str:
    """E.g. "Gezamenlijk jaarplan 2010 - voortgang 2010-06-30.docx"."""
    name = f"{plan.metadata.full_title} - voortgang {date.isoformat()}.docx"
    return "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")


def earlier_version(since: str | None, source: Path, output: Path) -> tuple[Plan, str] | None:
    """The plan to compare with: ``--sinds``, or this plan's last archived version; None when it has none.

    The werkomgeving's Voortgang page asks it too (``since`` None), so page and report compare with the same version.
    """
    if since is None or not Path(since).exists():
        try:
            archive = home_archive(source, output)
        except PlanError:
            if since is None:
                return None  # load_plan says what is wrong with the source
            raise
        versions = archive.versions()
        if since is None:
            if not versions:
                return None
            since = versions[-1]
        elif since not in versions:
            raise PlanError(
                f"versie {since} staat niet in het archief van dit plan ({archive.root.as_posix()}; "
                f"gearchiveerde versies: {', '.join(versions) or 'nog geen'}); kies een van die versies",
                Location(part=f"{SINCE_OPTION} {since}"),
            )
    side = load_side(since, output, source)
    return side.plan, side.label


# --- rendering ------------------------------------------------------------------------------------


def render_progress_report(
    report: ProgressReport,
    template: Path,
    written: Callable[[int, int], None] = _counted,
    drawn: Callable[[int, int], None] = _counted,
):
    """The report as a python-docx Document in memory; the chart has its alt text.

    The tables of actions (Aandachtspunten, Per thema) are written by the
    jaarplan's row writer (``word.matrix_rows``): each theme's rows apart from
    the body docxtpl renders, spliced in when saved, so a plan of 20,000 rows
    never passes through docxtpl's passes over the whole text. A template
    whose loops the writer does not know is rendered by docxtpl alone.
    ``written`` is told (actions done, actions in all) as the Per thema part is made,
    ``drawn`` (charts done, charts in all) as the indicators' charts are drawn, before it.
    """
    from jaarplan.report.chart import status_chart  # matplotlib: only this command pays for it

    chart = status_chart(report.summary, report.reference_date)
    indicator_charts = _indicator_charts(report.indicators, drawn)
    loops: list[RowLoop] = []

    def context(document: DocxTemplate) -> dict[str, object]:
        font_sizes = ooxml.style_font_sizes(document.docx)
        loops.extend(document.cut_row_loops(font_sizes, _one_loop_per_list) or ())
        image = _CompactImage(document, io.BytesIO(chart.png), width=Inches(chart.width_inches))
        context = _context(report, image, {loop.within: loop for loop in loops}, written)
        context["indicators"] = [
            _indicator_context(line, drawn, document)
            for line, drawn in zip(report.indicators, indicator_charts, strict=True)
        ]
        return context

    document = fill_template(template, context).docx
    if loops:
        write_rows_when_saved(document, loops[0])  # the loops share their rows
    ooxml.set_picture_descriptions(document, [chart.alt_text, *(drawn.alt_text for drawn in indicator_charts if drawn)])
    _fit_summary_table(document, len(report.summary.statuses))
    _set_properties(document, report)
    return document


def _indicator_charts(lines: list[IndicatorLine], drawn: Callable[[int, int], None]) -> list:
    """Each indicator's chart (None without a number to draw), on one reused figure; ``drawn`` told as they go."""
    if not lines:
        return []
    from jaarplan.report.indicator_chart import IndicatorCharts  # matplotlib, as status_chart

    charts = IndicatorCharts()
    made = []
    for line in lines:
        made.append(charts.chart(line))
        drawn(len(made), len(lines))
    return made


def _indicator_context(line: IndicatorLine, drawn, document: DocxTemplate) -> dict[str, object]:
    """An indicator under Indicatoren: its verdict (symbol and words, then why), its numbers, its chart."""
    text = ooxml.escape_text
    verdict = line.verdict
    colour = {"✔": "2E7D32", "✘": "C00000"}.get(verdict.symbol) if verdict.symbol != OPEN else None
    runs = ooxml.styled_run_xml(verdict.symbol, colour=colour, bold=True)
    runs += ooxml.styled_run_xml(f" {verdict.label}", bold=True) + ooxml.styled_run_xml(f". {verdict.explanation}")
    unit = f"Eenheid: {line.unit}. " if line.indicator.unit else ""
    numbers = f"{unit}Nulmeting {line.baseline}; laatste meting {line.latest}; streefwaarde {line.target}."
    if line.comparison:
        numbers += f" Ter vergelijking: {'; '.join(line.comparison)}."
    return {
        "name": text(line.name),
        "theme": text(line.indicator.theme),
        "verdict": Markup(runs),
        "numbers": text(numbers),
        "chart": _CompactImage(document, io.BytesIO(drawn.png), width=Inches(drawn.width_inches)) if drawn else None,
        "caption": text(_chart_caption(line)),
        "reached": verdict.label == REACHED,
    }


def _chart_caption(line: IndicatorLine) -> str:
    """What each line of the chart is, by its shape: the figure reads in grey."""
    from jaarplan.report.indicator_chart import legend_words

    words = "; ".join(legend_words(line.indicator))
    return f"Figuur: {line.name}. {words[:1].upper()}{words[1:]}."


def _attention_indicator(line: IndicatorLine) -> dict[str, Markup]:
    text = ooxml.escape_text
    return {"name": text(line.name), "theme": text(line.indicator.theme), "explanation": text(line.verdict.explanation)}


class _CompactImage(InlineImage):
    """docxtpl's picture without the indentation python-docx writes between its elements.

    The body used to be parsed again whole, which dropped that whitespace;
    with the rows written apart docxtpl moves the body in as it is. Without
    it, the report's XML is what it was before (``tests/test_report_same.py``).
    """

    def _insert_image(self) -> str:
        return re.sub(r">\s+<", "><", super()._insert_image())


def _one_loop_per_list(loops: list[RowLoop]) -> bool:
    """The template's action tables are the two the report fills: one per list of themes."""
    return sorted(str(loop.within) for loop in loops) == sorted(ROW_LISTS)


def _context(
    report: ProgressReport,
    chart: InlineImage,
    loops: dict[str | None, RowLoop],
    written: Callable[[int, int], None],
) -> dict[str, object]:
    """The template's variables; with ``loops`` each theme's rows are written as its context is made."""
    metadata = report.metadata
    text = ooxml.escape_text
    plan = title_block_context(metadata)
    shared: dict[int, dict[str, object]] = {}  # an aandachtspunt's row, written again under its theme
    done = itertools.accumulate(len(theme.rows) for theme in report.themes)
    total = report.summary.total.total

    def counted(context: dict[str, object]) -> dict[str, object]:
        written(next(done), total)
        return context

    return {
        "plan": plan,
        "report": {"reference_date": text(dutch_date(report.reference_date))},
        "summary": {
            "sentence": text(summary_sentence(report)),
            "columns": [_header_runs(status) for status in report.summary.statuses],
            "lines": [_count_line(line) for line in [*report.summary.clusters, report.summary.total]],
        },
        "chart": chart,
        "chart_caption": text(
            "Figuur: de acties per cluster naar status. Elk deel van een balk draagt het symbool en het aantal; "
            "de arcering verschilt per status, zodat de figuur ook in grijs te lezen is."
        ),
        "attention": [_theme_context(theme, loops.get("attention"), plan, shared) for theme in report.attention],
        "themes": [counted(_theme_context(theme, loops.get("themes"), plan, shared)) for theme in report.themes],
        "changes": _changes_context(report.changes) if report.changes else None,
        "attention_indicators": [_attention_indicator(line) for line in report.attention_indicators],
    }


def summary_sentence(report: ProgressReport) -> str:
    """The Samenvatting in one sentence: the total, per status, and how many are verlopen."""
    total = report.summary.total
    parts = [
        f"{count} {'zonder status' if name == NO_STATUS.name else name}"
        for name, count in total.counts.items()
        if count
    ]
    listed = dutch_list(parts)
    overdue = (
        f" {total.overdue} {'actie is' if total.overdue == 1 else 'acties zijn'} verlopen: de deadline ligt voor "
        "de peildatum en de actie is niet gereed."
        if total.overdue
        else " Geen actie is verlopen."
    )
    return f"Op {dutch_date(report.reference_date)} telt het plan {total.total} acties: {listed or 'geen'}.{overdue}"


@functools.cache
def status_runs(status: StatusKind, overdue: bool = False) -> Markup:
    """The symbol in the status's colour, then the word; "verlopen" on a line of its own when it is.

    Kept per status: a report of 20,000 rows has a handful of different ones.
    """
    runs = ooxml.styled_run_xml(status.symbol, colour=status.colour, bold=True)
    runs += ooxml.styled_run_xml(f" {status.name}")
    if overdue:
        runs += ooxml.styled_run_xml("\nverlopen", bold=True)
    return Markup(runs)


def _header_runs(status: StatusKind) -> Markup:
    """A summary column's header: symbol and word in the header's own colour (white on the dark fill)."""
    return Markup(ooxml.styled_run_xml(f"{status.symbol} {status.name}"))


def _count_line(line: StatusCount) -> dict[str, object]:
    return {
        "label": Markup(ooxml.styled_run_xml(line.label, bold=line.label == "Totaal")),
        "counts": [str(count) for count in line.counts.values()],
        "overdue": str(line.overdue),
        "total": str(line.total),
    }


def _theme_context(
    theme: ThemeStatus | AttentionTheme,
    rows: RowLoop | None,
    plan: dict[str, str],
    shared: dict[int, dict[str, object]],
) -> dict[str, object]:
    """A theme's goals, each with its derived status and its actions, in matrix order.

    An AttentionTheme holds only some rows; they are grouped under their goal
    again. With ``rows`` (the template's loop for this list) the rows are
    written at once and the theme keeps their marker. ``shared`` keeps the
    values of the Aandachtspunten's rows until their theme uses them again.
    """
    if isinstance(theme, ThemeStatus):
        groups = [(goal.title, goal, goal.rows) for goal in theme.goals]
    else:
        groups = []
        for row in theme.rows:
            if groups and groups[-1][0] is row.goal:
                groups[-1][2].append(row)
            else:
                groups.append((row.goal, None, [row]))
    if isinstance(theme, ThemeStatus):
        values = [[shared.pop(id(row), None) or _row_context(row) for row in rows] for _, _, rows in groups]
    else:
        values = [[shared.setdefault(id(row), _row_context(row)) for row in rows] for _, _, rows in groups]
    goals = [
        {"title": _goal_runs(title, goal), "rows": rows} for (title, goal, _), rows in zip(groups, values, strict=True)
    ]
    context = {"title": ooxml.escape_text(theme.title), "cluster": ooxml.escape_text(theme.cluster), "goals": goals}
    if rows is not None:
        context[ROWS_KEY] = rows.write(context, plan, None)  # the report estimates no row's height
        context["goals"] = [{} for _ in goals]  # written; the template still asks whether there are any
    return context


def _goal_runs(title: RichText, goal: GoalStatus | None) -> Markup:
    """The Doel, and under it the Doel's own status (the worst of its rows) where all its rows are shown."""
    runs = _runs(title)
    if goal is not None:
        runs += Markup(ooxml.styled_run_xml("\nDoel: ")) + status_runs(goal.status, goal.overdue)
    return runs


def _row_context(row: RowStatus) -> dict[str, object]:
    return {
        "specific": _runs(row.row.specific),
        "status": status_runs(row.status, row.overdue),
        "deadline": _runs(row.row.deadline),
        "progress": _runs(row.row.progress),
    }


def _runs(text: RichText) -> Markup:
    """A cell's runs with its formatting; footnote references are left out (the report has no footnotes)."""
    if not all(isinstance(part, Span) for part in text.parts):
        text = RichText(tuple(part for part in text.parts if isinstance(part, Span)))
    return ooxml.runs_xml(text, _no_footnote)


def _no_footnote(key: str) -> int:
    return 0


def _changes_context(changes: Changes) -> dict[str, object]:
    def item(change: ActionChange) -> dict[str, object]:
        return {
            "theme": Markup(ooxml.styled_run_xml(change.theme)),
            "goal": Markup(ooxml.styled_run_xml(change.goal)),
            "action": Markup(ooxml.styled_run_xml(change.action)),
            "old": status_runs(change.old_status) if change.old_status else Markup(""),
            "new": status_runs(change.new_status) if change.new_status else Markup(""),
            "diff": _diff_runs(change.progress),
        }

    lists = {key: [item(c) for c in getattr(changes, key)] for key in ("status", "progress", "added", "removed")}
    indicators = [ooxml.escape_text(line) for line in changes.indicators]
    return {"since": ooxml.escape_text(changes.since), **lists, "indicators": indicators, "nothing": changes.nothing}


def _diff_runs(pieces: list[Piece]) -> Markup:
    """A word diff readable without colour: removed words struck through, added words underlined.

    A replaced word stands right after the words it replaces; a space between
    them keeps "~~Eerste~~ __Beide__" from reading as one word.
    """
    runs = []
    for previous, piece in zip([None, *pieces], pieces, strict=False):
        if piece.kind == "+" and previous is not None and previous.kind == "-" and not previous.text[-1:].isspace():
            runs.append(ooxml.styled_run_xml(" "))
        runs.append(ooxml.styled_run_xml(piece.text, strike=piece.kind == "-", underline=piece.kind == "+"))
    return Markup("".join(runs))


def _fit_summary_table(document, statuses: int) -> None:
    """Give the summary table's columns their widths: its status columns come from a loop (``{%tc %}``),
    so the template cannot know how many there are. The cluster column gets room for its name."""
    table = next((t for t in document.tables if len(t.columns) == statuses + 3), None)
    if table is None:  # a restyled template without the summary table
        return
    text_width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    first = int(text_width * 0.22)
    rest = (text_width - first) // (statuses + 2)
    ooxml.set_column_widths(table, [first] + [rest] * (statuses + 2))


def _set_properties(document, report: ProgressReport) -> None:
    metadata = report.metadata
    set_core_properties(
        document,
        metadata,
        f"Voortgangsrapportage {metadata.full_title}, peildatum {dutch_date(report.reference_date)}",
        f"voortgang; peildatum {report.reference_date.isoformat()}; versie {metadata.version}",
    )
