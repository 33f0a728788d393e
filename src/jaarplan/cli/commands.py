"""The ``jaarplan`` command: parses options, calls the library, prints in Dutch.

Exit codes: 0 done (perhaps with warnings), 1 a problem in the input or the
environment (printed as FOUT lines), 2 wrong use of the command (click).

Each command imports the library modules it needs when it runs, so a plain
``build`` never pays for what only ``diff``, ``import`` or the werkomgeving use
(``tests/test_startup.py`` checks that).
"""

from __future__ import annotations

import contextlib
import getpass
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from jaarplan import __version__
from jaarplan.cli.dutch_click import VERSION_HELP, DutchArgument, DutchGroup
from jaarplan.collector import collector_paused
from jaarplan.errors import Location, PlanError, Problem, Reason
from jaarplan.model import DEFAULT_SOURCE
from jaarplan.office.session import started_office
from jaarplan.store.lock import Holder, plan_lock
from jaarplan.text import command_line, next_concept
from jaarplan.web.users import DEFAULT_USERS_FILE, READER, ROLES

if TYPE_CHECKING:
    from jaarplan.commands.build import BuildResult
    from jaarplan.source.check import Checked
    from jaarplan.source.figures import FigureMapping

RELEASE_PLACEHOLDERS = ("--author", "INITIALEN", "--description", "TEKST")
DEFAULT_OUTPUT = Path("output")
T = TypeVar("T")

CONTEXT = {"help_option_names": ["-h", "--help"]}
# Commands whose process goes on serving others: no gc.freeze after a plan read (see lean.collector_paused).
# Commands that read a plan and end: in a process of their own (``run``) what they read is frozen for
# speed (see collector.py). Never serve, user, or a program calling ``main`` from its own process.
FREEZING_COMMANDS = (
    "check",
    "build",
    "html",
    "pdf",
    "release",
    "diff",
    "new",
    "import",
    "voortgang",
    "aanbieden",
    "import-figures",
)
OWN_PROCESS = object()  # ``run`` passes it as the context's obj: the process is this command's alone

source_option = click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    metavar="MAP",
    help="Bronmap met jaarplan.xlsx en plan.yaml (standaard: source).",
)

output_option = click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    metavar="MAP",
    help="Map waarin de documenten en het archief komen (standaard: output).",
)


def word_template_option(what: str, file_name: str) -> Callable:
    """The --template option of a document jaarplan writes from a Word template (find_template's order)."""
    return click.option(
        "--template",
        type=click.Path(path_type=Path),
        default=None,
        metavar="BESTAND",
        help=f"Word-sjabloon (.docx) {what} (standaard: templates/{file_name} als die er is, "
        "anders de sjabloon die met jaarplan is meegeleverd).",
    )


template_option = word_template_option("met de opmaak", "jaarplan.docx")


def print_problems(problems: Iterable[Problem], suffix: str = "") -> None:
    """One line per problem: severity, place, message."""
    for problem in problems:
        click.echo(f"{problem.severity.value}  {problem}{suffix}", err=True)


def say_seen(count: int, source: Path) -> None:
    """How many warnings were left out as marked as seen, so a hidden warning is never silent."""
    if count:
        show = command_line("jaarplan", "check", "--source", source, "--toon-gezien")
        click.echo(f"{count} waarschuwing(en) als gezien gemarkeerd (tonen: {show}).")


def report(error: PlanError) -> None:
    """Print every problem, then exit 1: a user's mistake, not a crash."""
    print_problems(error.problems)
    sys.exit(1)


@click.group(cls=DutchGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", message="jaarplan, versie %(version)s", help=VERSION_HELP)
@click.pass_context
def main(context: click.Context) -> None:
    """Jaarplan: bouw het gezamenlijk jaarplan (Word en PDF) uit de Excel-werkmap."""
    if context.obj is OWN_PROCESS and context.invoked_subcommand in FREEZING_COMMANDS:
        context.with_resource(collector_paused.frozen_after_reads())


def run(args: list[str] | None = None, prog_name: str | None = None) -> None:
    """The ``jaarplan`` program (and ``python -m jaarplan``, ``build.py``): ``main`` in a process of its own."""
    main(args, prog_name, obj=OWN_PROCESS)


@main.command(name="check", short_help="Controleer de bron zonder te bouwen.")
@source_option
@click.option(
    "--gezien",
    "mark",
    multiple=True,
    metavar="CEL",
    help="Markeer de waarschuwing bij deze cel als gezien (zoals Matrix:H30 of 'Matrix!H30' tussen enkele "
    "aanhalingstekens; 'alle' voor alle cellen): check en build tonen ze niet meer, alleen hun aantal, tot de cel "
    "verandert. Mag vaker.",
)
@click.option(
    "--niet-gezien",
    "unmark",
    multiple=True,
    metavar="CEL",
    help="Toon de als gezien gemarkeerde waarschuwing bij deze cel (zoals Matrix:H30; 'alle' voor alle cellen) "
    "weer; na --gezien, dus --gezien alle --niet-gezien Matrix:G6 laat alleen G6 zien. Mag vaker.",
)
@click.option(
    "--toon-gezien", "show_seen", is_flag=True, help="Toon ook de waarschuwingen die als gezien zijn gemarkeerd."
)
def check_command(source: Path, mark: tuple[str, ...], unmark: tuple[str, ...], show_seen: bool) -> None:
    """Controleer de bronmap zonder te bouwen; toont alle fouten en waarschuwingen.

    Een waarschuwing die klopt zoals het er staat (zoals 'noemt nog 2010' bij 'ten opzichte van 2010'),
    markeert u met --gezien CEL als gezien; ze staat dan in gezien.yaml in de bronmap.
    """
    from jaarplan.source.check import check_source  # not pipeline: check imports no writer

    checked = check_source(source, click.echo)
    if mark or unmark:
        checked = _change_seen(source, checked, mark, unmark)
    print_problems(checked.problems)
    if show_seen:
        print_problems(checked.seen, suffix=" (gezien)")
    errors = sum(problem.is_error for problem in checked.problems)
    warnings = len(checked.problems) - errors
    seen = _seen_count(checked.seen, show_seen)
    if errors:
        click.echo(f"{errors} {'fout' if errors == 1 else 'fouten'}, {warnings} waarschuwing(en){seen} in {source}.")
        sys.exit(1)
    plan = checked.plan
    rows = sum(len(goal.rows) for theme in plan.themes for goal in theme.goals)
    concept = " (concept)" if plan.metadata.is_concept else ""
    measured = sum(len(indicator.measurements) for indicator in plan.indicators)
    indicators = f", {len(plan.indicators)} indicator(en) met {measured} meting(en)" if plan.indicators else ""
    click.echo(
        f"Geen fouten in {source}: versie {plan.metadata.version}{concept}, {len(plan.themes)} thema's, {rows} "
        f"matrixregels{indicators}, {warnings} waarschuwing(en){seen}."
    )
    if checked.follows:
        click.echo(
            f"{next_concept(checked.follows, plan.metadata.version)} "
            f"Bouwen: {command_line('jaarplan', 'build', '--source', source)}; uitgeven: "
            f"{command_line('jaarplan', 'release', '--source', source, *RELEASE_PLACEHOLDERS)}"
        )


def _change_seen(source: Path, checked: Checked, mark: tuple[str, ...], unmark: tuple[str, ...]) -> Checked:
    """Write the marks asked for, say what changed, and check again so the lists below show the result."""
    from jaarplan.source.check import check_source
    from jaarplan.source.seen import SEEN_FILE, change_seen

    try:
        marked, shown_again = change_seen(source, list(mark), list(unmark), checked.problems, checked.seen)
    except PlanError as error:
        report(error)
    if mark:
        click.echo(f"{len(marked)} waarschuwing(en) als gezien gemarkeerd (in {(source / SEEN_FILE).as_posix()}).")
    if unmark:
        click.echo(f"{len(shown_again)} waarschuwing(en) weer getoond.")
    return check_source(source)


def _seen_count(seen: list[Problem], shown: bool) -> str:
    """ "; 12 waarschuwingen als gezien gemarkeerd" for the summary line, and how to see them when hidden."""
    if not seen:
        return ""
    how = "" if shown else ", tonen met --toon-gezien"
    return f"; {len(seen)} {'waarschuwing' if len(seen) == 1 else 'waarschuwingen'} als gezien gemarkeerd{how}"


@main.command(name="build", short_help="Controleer de bron en bouw Word (en PDF).")
@source_option
@output_option
@template_option
@click.option("--pdf", "with_pdf", is_flag=True, help="Maak ook de PDF (met LibreOffice), naast het Word-document.")
@click.option(
    "--html", "with_html", is_flag=True, help="Maak ook de toegankelijke webpagina, met Word en PDF als download."
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Vervang een bestaande definitieve versie met andere inhoud; de oude blijft als kopie bewaard.",
)
def build_command(
    source: Path, output: Path, template: Path | None, with_pdf: bool, with_html: bool, overwrite: bool
) -> None:
    """Controleer de bron en bouw het Word-document (met --pdf ook de PDF, met --html ook de webpagina)."""
    started = time.perf_counter()
    with started_office() as office:  # LibreOffice starts while the rest of jaarplan is imported
        from jaarplan.commands.build import build

        try:
            with plan_lock(output, getpass.getuser(), "een build", on_wait=_tell_waiting):
                result = build(
                    source,
                    output,
                    template,
                    with_pdf=with_pdf,
                    with_html=with_html,
                    paginate=True,
                    overwrite=overwrite,
                    progress=click.echo,
                    office=office,
                )
        except PlanError as error:
            report(error)
    _report_written(result, started, source)
    if result.plan.metadata.is_concept:
        release = command_line("jaarplan", "release", "--source", source, "--output", output, *RELEASE_PLACEHOLDERS)
        click.echo(f"Dit is een concept (versie {result.plan.metadata.version}). Uitgeven met: {release}")


def _tell_waiting(holder: Holder) -> None:
    click.echo(f"Wacht: eerst wordt {holder} afgemaakt ...")


def _report_written(result: BuildResult, started: float, source: Path) -> None:
    print_problems(w for w in result.warnings if w.reason is not Reason.OPEN_ELSEWHERE)  # said at the start
    say_seen(result.seen, source)
    for backup in result.backups:
        click.echo(f"Oude versie bewaard als: {backup}")
    for path in (result.document, result.pdf, result.site):
        if path is not None:
            click.echo(f"Geschreven: {path}")
    if result.archive is not None:
        click.echo(f"Gearchiveerd: {result.archive}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


@main.command(name="html", short_help="Maak het plan als toegankelijke webpagina.")
@source_option
@output_option
def html_command(source: Path, output: Path) -> None:
    """Schrijf het plan als toegankelijke webpagina (WCAG 2.1 AA) in een eigen map in de uitvoermap:
    index.html met de opmaak ernaast, zonder iets van buiten. Het Word-document en de PDF van deze
    versie komen erbij als download, als ze er zijn en niet ouder zijn dan de bron."""
    from jaarplan.commands.build import publish_site

    started = time.perf_counter()
    try:
        result = publish_site(source, output, progress=click.echo)
    except PlanError as error:
        report(error)
    print_problems(result.warnings)
    say_seen(result.seen, source)
    click.echo(f"Geschreven: {result.page}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


@main.command(name="release", short_help="Geef een nieuwe versie uit en archiveer die.")
@source_option
@output_option
@template_option
@click.option("--author", required=True, metavar="INITIALEN", help="Initialen van wie de versie uitgeeft, bv. JM.")
@click.option(
    "--description", required=True, metavar="TEKST", help="Eén regel voor het versiebeheer: wat is er veranderd?"
)
@click.option(
    "--version",
    "version",
    metavar="X.Y",
    help="Versienummer: alleen voor een grote stap (2.2 → 3.0); standaard het nummer van het concept "
    "(2.2 → 2.3, een nieuw plan 1.0).",
)
def release_command(
    source: Path, output: Path, template: Path | None, author: str, description: str, version: str | None
) -> None:
    """Geef het concept uit als nieuwe definitieve versie: bouw Word (en PDF als LibreOffice er is),
    bewaar alles in het archief van dit plan en zet versie, datum en auteur in plan.yaml."""
    from jaarplan.commands.versions import release

    started = time.perf_counter()
    try:
        with plan_lock(output, getpass.getuser(), "een nieuwe versie", on_wait=_tell_waiting):
            result = release(
                source, output, template, author=author, description=description, version=version, progress=click.echo
            )
    except PlanError as error:
        report(error)
    _report_written(result, started, source)


@main.command(
    name="diff", short_help="Wat is er veranderd tussen twee versies? (ook als Word-document met wijzigingen)"
)
@click.argument(
    "old",
    cls=DutchArgument,
    metavar="OUD",
    help="De oude versie: een versienummer van het plan in --source (zoals 2.2), een bronmap of een werkmap (.xlsx).",
)
@click.argument(
    "new",
    cls=DutchArgument,
    metavar="NIEUW",
    required=False,
    help="De nieuwe versie, op dezelfde manier. Mag ontbreken: dan wordt de bronmap (--source) vergeleken.",
)
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=None,
    metavar="MAP",
    help="Het plan waar de versienummers bij horen (standaard: het plan van de bronmap NIEUW, anders source). "
    "Met een bronmap van een ander plan als NIEUW worden twee plannen vergeleken; dat staat dan in de titel.",
)
@output_option
@template_option
def diff_command(old: str, new: str | None, source: Path | None, output: Path, template: Path) -> None:
    """Vergelijk twee versies van het plan: per thema de doelen, regels en teksten die erbij kwamen,
    verdwenen of veranderden, met de veranderde woorden gemarkeerd als [-weg-] en {+erbij+}.

    Schrijft ook een Word-document met bijgehouden wijzigingen, die de lezer in Word of LibreOffice
    kan accepteren of weigeren. Voorbeeld: jaarplan diff 2.2 (versie 2.2 tegen de huidige bron);
    jaarplan diff 1.1 --source bron-2011 (versie 1.1 van het plan in bron-2011 tegen die bron).
    """
    from jaarplan.commands.versions import diff
    from jaarplan.diff.compare import report_lines

    try:
        new = new or str(source or DEFAULT_SOURCE)
        result = diff(old, new, output, template, source=source, progress=click.echo)
    except PlanError as error:
        report(error)
    for line in report_lines(result.diff):
        click.echo(line)
    click.echo("")
    click.echo(f"Geschreven: {result.redline}")


@main.command(name="new", short_help="Begin een nieuw plan(jaar) in een nieuwe bronmap.")
@click.argument(
    "folder",
    cls=DutchArgument,
    type=click.Path(path_type=Path),
    metavar="MAP",
    help="Map voor het nieuwe plan (jaarplan.xlsx en plan.yaml); een map die al een plan heeft, blijft zoals hij is.",
)
@click.option(
    "--from",
    "from_source",
    type=click.Path(path_type=Path),
    metavar="BRONMAP",
    help="Neem thema's, clusters, doelen, teksten en indicatoren (met hun metingen) over uit dit plan (bv. "
    "source); Stand van zaken wordt leeg.",
)
@click.option(
    "--year",
    type=click.IntRange(1900, 2999),
    metavar="JAAR",
    help="Het jaar van het nieuwe plan (standaard: het volgende).",
)
@click.option("--author", default="", metavar="INITIALEN", help="Initialen van de auteur.")
def new_command(folder: Path, from_source: Path | None, year: int | None, author: str) -> None:
    """Maak in MAP een nieuw plan: versie 0.1, concept, zonder versiegeschiedenis. Met --from op basis
    van een bestaand plan, anders leeg en klaar om in te vullen, met de vijf BBV-indicatoren van
    Veiligheid (zonder cijfers)."""
    from jaarplan.commands.create import new_plan

    try:
        warnings = new_plan(folder, from_source=from_source, year=year, author=author)
    except PlanError as error:
        report(error)
    print_problems(warnings)
    click.echo(f"Geschreven: {folder / 'jaarplan.xlsx'} en {folder / 'plan.yaml'}")
    if not author and from_source is None:
        click.echo("Vul nog in: 'auteur' (en partners, titel) in plan.yaml.")
    click.echo(f"Vul aan en controleer met: {command_line('jaarplan', 'check', '--source', folder)}")


@main.command(name="import", short_help="Lees een bestaand jaarplan (Word) in als bronmap.")
@click.argument(
    "document",
    cls=DutchArgument,
    type=click.Path(path_type=Path),
    metavar="DOCUMENT.docx",
    help="Het jaarplan als Word-document.",
)
@click.argument(
    "folder",
    cls=DutchArgument,
    type=click.Path(path_type=Path),
    metavar="MAP",
    help="Map voor de werkmap en plan.yaml; een map die al een plan heeft, blijft zoals hij is.",
)
def import_command(document: Path, folder: Path) -> None:
    """Lees een jaarplan dat met de hand in Word is gemaakt en schrijf het als werkmap en plan.yaml in MAP.
    Eindigt met een telling; wat niet te plaatsen was, staat per oorzaak met de alinea of tabel en rij
    erbij, en alles staat in importverslag.docx in MAP."""
    from jaarplan.commands.create import import_with_report
    from jaarplan.importer.tally import places

    try:
        result = import_with_report(document, folder)
    except PlanError as error:
        report(error)
    problems, tally = result.problems, result.tally
    print_problems(problems)
    click.echo(f"Geschreven: {folder / 'jaarplan.xlsx'} en {folder / 'plan.yaml'}")
    for line in (tally.read_line(), tally.placed_line(), tally.unplaced_line()):
        click.echo(line)
    for cause, pieces in tally.by_cause():
        click.echo(f"  {cause} ({len(pieces)}): {places(pieces)}; wat te doen: {pieces[0].advice}.")
    if problems:
        click.echo(f"{len(problems)} melding(en) hierboven: kijk die na in de werkmap.")
    click.echo(f"Controleer met: {command_line('jaarplan', 'check', '--source', folder)}")
    click.echo(f"Wat waar staat en wat niet geplaatst is, leest u in het importverslag: {result.report}")


@main.command(name="voortgang", short_help="Schrijf de voortgangsrapportage (Word en PDF) uit de kolom Status.")
@source_option
@output_option
@word_template_option("van de rapportage", "voortgang.docx")
@click.option(
    "--peildatum",
    metavar="JJJJ-MM-DD",
    help="De datum die de rapportage beschrijft (standaard: peildatum in plan.yaml, anders vandaag).",
)
@click.option(
    "--sinds",
    "since",
    metavar="VERSIE",
    help="Vergelijk met deze uitgegeven versie van dit plan (standaard: de laatste in het archief van dit plan).",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Maak ook de PDF (met LibreOffice), naast het Word-document.")
def voortgang_command(
    source: Path, output: Path, template: Path | None, peildatum: str | None, since: str | None, with_pdf: bool
) -> None:
    """Schrijf de voortgangsrapportage: samenvatting per status en cluster met grafiek, aandachtspunten,
    de stand per thema, per indicator het oordeel (op koers of achter op koers) met een grafiek, en wat er
    veranderd is sinds een eerdere versie. Indicatoren achter op koers staan ook bij de aandachtspunten.
    Het jaarplan zelf verandert niet."""
    started = time.perf_counter()
    with started_office() if with_pdf else contextlib.nullcontext() as office:  # starts while jaarplan is imported
        from jaarplan.report.document import write_progress_report
        from jaarplan.source.metadata import parse_reference_date

        try:
            date = parse_reference_date(peildatum, Location(part="--peildatum")) if peildatum is not None else None
            result = write_progress_report(
                source,
                output,
                template,
                reference_date=date,
                since=since,
                with_pdf=with_pdf,
                progress=click.echo,
                office=office,
            )
        except PlanError as error:
            report(error)
    print_problems(result.warnings)
    say_seen(result.seen, source)
    for path in (result.document, result.pdf):
        if path is not None:
            click.echo(f"Geschreven: {path}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


@main.command(name="import-figures", short_help="Lees cijfers voor de indicatoren uit een CSV-bestand (CBS e.d.).")
@click.argument(
    "csv_file",
    cls=DutchArgument,
    type=click.Path(path_type=Path),
    metavar="BESTAND.csv",
    help="Het CSV-bestand, zoals CBS StatLine of waarstaatjegemeente.nl het downloadt.",
)
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    metavar="MAP",
    help="De uitvoermap van het plan (standaard: output): zolang daar een build of de werkomgeving met de werkmap "
    "bezig is, wacht het inlezen.",
)
@click.option(
    "--area-column", "area", default="", metavar="KOLOM", help="De kolom met het gebied (gemeente, Nederland)."
)
@click.option("--year-column", "year", default="", metavar="KOLOM", help="De kolom met de periode (2024 of 2024JJ00).")
@click.option(
    "--own-area",
    "own_area",
    default="",
    metavar="NAAM",
    help="Het gebied in het bestand dat uw eigen gemeente is (zoals Utrecht); wordt 'Gemeente' in Metingen.",
)
@click.option(
    "--indicator-column",
    "indicator",
    default="",
    metavar="KOLOM",
    help="Lang bestand: de kolom met de naam van de indicator (met --value-column). Zonder: elke andere kolom is "
    "een indicator (breed bestand).",
)
@click.option("--value-column", "value", default="", metavar="KOLOM", help="Lang bestand: de kolom met het getal.")
@click.option(
    "--link",
    "links",
    multiple=True,
    metavar="NAAM=INDICATOR",
    help='Een naam in het bestand hoort bij deze indicator van het plan ("NAAM=": overslaan). Mag vaker; '
    "alleen nodig als de namen verschillen.",
)
@click.option(
    "--area-name",
    "area_names",
    multiple=True,
    metavar="CODE=NAAM",
    help='Geeft het bestand codes voor gebieden (zoals NL01), noem ze zo in Metingen: "NL01=Nederland". Mag vaker.',
)
def import_figures_command(
    csv_file: Path,
    source: Path,
    output: Path,
    area: str,
    year: str,
    own_area: str,
    indicator: str,
    value: str,
    links: tuple[str, ...],
    area_names: tuple[str, ...],
) -> None:
    """Zet de cijfers uit een CSV-bestand in het werkblad Metingen van de werkmap. Een cijfer dat er al
    staat (zelfde indicator, gebied en jaar) wordt vervangen. De eerste keer kiest u welke kolom wat is
    (met de opties, of met vragen in het venster); dat blijft bewaard in cijfers.yaml in de bronmap, zodat
    het bestand van volgend jaar zonder vragen wordt ingelezen. Eerst wordt een kopie van de werkmap
    bewaard; sluit de werkmap in Excel of LibreOffice voor u importeert."""
    from jaarplan.commands import figures
    from jaarplan.source.figures import FigureMapping

    try:
        named_links = _option("--link", lambda: figures.links(links, '"Winkeldiefstal=Winkeldiefstallen"'))
        areas = _option("--area-name", lambda: figures.area_names(area_names))
        given = FigureMapping(area, year, own_area, indicator, value, named_links, areas)
        mapping = figures.combined(figures.saved_mapping(source, csv_file), given)
        if _interactive():
            mapping = _ask_mapping(csv_file, source, mapping)
        _refuse_lacking(csv_file, mapping)
        with plan_lock(output, getpass.getuser(), "cijfers inlezen", on_wait=_tell_waiting):
            result = figures.import_figures(csv_file, source, mapping)
    except PlanError as error:
        report(error)
    print_problems(result.warnings)
    if result.backup is not None:
        click.echo(f"Kopie van de werkmap bewaard als: {result.backup}")
    click.echo(
        f"Metingen: {result.new} nieuw, {result.replaced} vervangen, {result.unchanged} ongewijzigd"
        f"{f'; {result.missing} ontbrekende waarde(n) (punt of leeg) overgeslagen' if result.missing else ''}."
    )
    for name, count in result.unmapped.items():
        link = command_line("--link", f"{name}=INDICATOR")
        click.echo(f"Niet ingelezen: '{name}' ({count} waarde(n)) is geen indicator van het plan; koppelen met {link}")
    if result.unmapped:  # the exact names to type after '=', so nobody needs to open the workbook for them
        listed = "; ".join(f"'{name}'" for name in result.plan_indicators) or "nog geen: vul het werkblad Indicatoren"
        click.echo(f"De indicatoren van het plan zijn: {listed}")
    if result.mapping_saved:
        click.echo(f"Koppeling bewaard in {result.mapping_file}: volgend jaar zijn geen keuzes meer nodig.")
    click.echo(f"Controleer met: {command_line('jaarplan', 'check', '--source', source)}")


FIGURE_OPTIONS = {
    "gebied": "--area-column KOLOM",
    "jaar": "--year-column KOLOM",
    "eigen gemeente": "--own-area NAAM",
    "indicator": "--indicator-column KOLOM",
    "waarde": "--value-column KOLOM",
}  # the option of each choice commands.figures.missing_choices names


def _option(option: str, parse: Callable[[], T]) -> T:
    """``parse()``, its PlanError said as the option's: "--link verwacht twee namen ..."."""
    try:
        return parse()
    except PlanError as error:
        raise PlanError(f"{option} {error.message}") from None


def _refuse_lacking(csv_file: Path, mapping: FigureMapping) -> None:
    """A PlanError naming the options still to give, when no one was there to ask."""
    from jaarplan.commands.figures import figure_table, missing_choices

    lacking = missing_choices(mapping)
    if lacking:
        options = " ".join(FIGURE_OPTIONS[name] for name in lacking)
        columns = ", ".join(f"'{column.header}'" for column in figure_table(csv_file).columns)
        raise PlanError(
            f"nog niet gekozen: {', '.join(lacking)}; geef {options} (de kolommen van het bestand: {columns}), of "
            "start de opdracht in een venster (terminal): dan vraagt jaarplan het",
            Location(csv_file),
        )


def _interactive() -> bool:
    """Questions only when someone can answer them: a terminal on both ends (not a script or a scheduled task)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_mapping(csv_file: Path, source: Path, mapping: FigureMapping) -> FigureMapping:
    """Ask in Dutch for what the mapping lacks (``missing_choices``, ``unknown_names``): only the prompts."""
    from jaarplan.commands.figures import figure_table, missing_choices, plan_indicators, unknown_names

    table = figure_table(csv_file)
    headers = [column.header for column in table.columns]
    lacking = missing_choices(mapping)
    if "gebied" in lacking or "jaar" in lacking:  # the first import of this kind of file
        click.echo(f"Kolommen in {csv_file.name}:")
        for number, header in enumerate(headers, start=1):
            click.echo(f"  {number}. {header}")
        area = mapping.area or _choose("Welke kolom is het gebied (gemeente, Nederland)?", headers)
        year = mapping.year or _choose("Welke kolom is de periode (het jaar)?", headers)
        mapping = replace(mapping, area=area, year=year)
        if not mapping.is_long and _yes(
            "Staat de naam van de indicator in een eigen kolom (en het getal in een andere)?"
        ):
            mapping = replace(mapping, indicator=_choose("Welke kolom is de naam van de indicator?", headers))
    lacking = missing_choices(mapping)
    if "indicator" in lacking or "waarde" in lacking:
        indicator = mapping.indicator or _choose("Welke kolom is de naam van de indicator?", headers)
        value = mapping.value or _choose("Welke kolom is het getal (de waarde)?", headers)
        mapping = replace(mapping, indicator=indicator, value=value)
    area_column = table.column(mapping.area)
    if not mapping.own_area and area_column is not None:
        mapping = replace(
            mapping, own_area=_choose("Welk gebied is uw eigen gemeente?", table.values(area_column), listed=False)
        )
    plan = plan_indicators(source)
    unknown = unknown_names(table, mapping, plan)
    return replace(mapping, indicators={**mapping.indicators, **_ask_names(unknown, plan)}) if unknown else mapping


def _ask_names(unknown: list[str], plan: list[str]) -> dict[str, str | None]:
    """For each name in ``unknown``: which plan indicator it is (its number), or none (Enter)."""
    click.echo("Indicatoren van het plan:")
    for number, name in enumerate(plan, start=1):
        click.echo(f"  {number}. {name}")
    chosen: dict[str, str | None] = {}
    for name in unknown:
        number = click.prompt(
            f"Welke indicator is '{name}'? Nummer (Enter: overslaan)",
            type=click.IntRange(0, len(plan)),
            default=0,
            show_default=False,
        )
        chosen[name] = plan[number - 1] if number else None
    return chosen


def _choose(question: str, options: list[str], *, listed: bool = True) -> str:
    """One of ``options`` by its number; ``listed``: the options were shown already."""
    if not listed:
        for number, option in enumerate(options, start=1):
            click.echo(f"  {number}. {option}")
    number = click.prompt(f"{question} Nummer", type=click.IntRange(1, len(options)))
    return options[number - 1]


def _yes(question: str) -> bool:
    return click.prompt(f"{question} (j/n)", type=click.Choice(["j", "n"]), show_choices=False) == "j"


@main.command(name="aanbieden", short_help="Maak het pakket voor college en raad: brief, PDF/A, wijzigingen.")
@source_option
@output_option
@word_template_option("van de brief", "raadsinformatiebrief.docx")
@click.option(
    "--version",
    "version",
    metavar="X.Y",
    help="De uitgegeven versie die u aanbiedt (standaard: de nieuwste uitgegeven versie). Een concept kan niet.",
)
@click.option(
    "--to",
    "to",
    type=click.Choice(["college", "raad", "beide"], case_sensitive=False),
    default=None,
    metavar="college|raad|beide",
    help="Aan wie de brief gaat: het college van B&W, de gemeenteraad of beide (standaard: 'aan' onder "
    "'aanbieden:' in plan.yaml; bij een versie die al is aangeboden: zoals in de laatste brief).",
)
@click.option(
    "--sender",
    "sender",
    metavar="TEKST",
    help="Afzender van de brief (standaard: 'van' in plan.yaml; bij een versie die al is aangeboden: zoals in de "
    "laatste brief).",
)
@click.option(
    "--contact",
    "contact",
    metavar="TEKST",
    help="Contactpersoon voor vragen, met telefoon of e-mail (standaard: 'contactpersoon' in plan.yaml; bij een "
    "versie die al is aangeboden: zoals in de laatste brief).",
)
@click.option(
    "--council-reference",
    "council_reference",
    metavar="TEKST",
    help="Kenmerk van de raad of griffie, als die er een geeft (standaard: 'kenmerk_raad' in plan.yaml; bij een "
    "versie die al is aangeboden: zoals in de laatste brief).",
)
@click.option(
    "--letter-date",
    "letter_date",
    metavar="JJJJ-MM-DD",
    help="Datum van de brief (standaard: vandaag; bij een versie die al is aangeboden: de datum van de laatste "
    "brief, zodat het pakket hetzelfde blijft). Een nieuwe datum geeft een nieuwe brief; de eerdere blijven bewaard.",
)
def offer_command(
    source: Path,
    output: Path,
    template: Path | None,
    version: str | None,
    to: str | None,
    sender: str | None,
    contact: str | None,
    council_reference: str | None,
    letter_date: str | None,
) -> None:
    """Bied een uitgegeven versie aan college en raad aan: één map (en een .zip) in output/aanbieden met de
    raadsinformatiebrief (Word en PDF), het jaarplan als PDF/A, de wijzigingen sinds de versie die de raad
    het laatst ontving (Word en PDF) en een lijst van de bestanden met controlegetallen (CSV en JSON).
    Het archief onthoudt wat is aangeboden; dezelfde versie nog eens geeft hetzelfde pakket, ook zonder LibreOffice."""
    started = time.perf_counter()
    with started_office() as office:
        from jaarplan.commands.offer import OfferOptions, letter_date_option, offer

        try:
            date = letter_date_option(letter_date) if letter_date is not None else None
            options = OfferOptions(to, sender, contact, council_reference, date)
            with plan_lock(output, getpass.getuser(), "een aanbieding", on_wait=_tell_waiting):
                result = offer(
                    source, output, template, version=version, options=options, progress=click.echo, office=office
                )
        except PlanError as error:
            report(error)
    click.echo(f"Geschreven: {result.folder}")
    click.echo(f"Geschreven: {result.zip}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


@main.command(name="pdf", short_help="Maak de PDF van een bestaand Word-document.")
@click.argument(
    "document",
    cls=DutchArgument,
    type=click.Path(path_type=Path),
    metavar="DOCUMENT.docx",
    help="Het Word-document, bijvoorbeeld uit de map output.",
)
def pdf_command(document: Path) -> None:
    """Maak met LibreOffice de PDF van een bestaand Word-document; de PDF komt ernaast."""
    started = time.perf_counter()
    with started_office() as office:
        from jaarplan.commands.build import convert_to_pdf

        try:
            target = convert_to_pdf(document, progress=click.echo, office=office)
        except PlanError as error:
            report(error)
    click.echo(f"Geschreven: {target}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")


users_option = click.option(
    "--users",
    "users_file",
    type=click.Path(path_type=Path),
    default=DEFAULT_USERS_FILE,
    metavar="BESTAND",
    help=f"Gebruikersbestand van de werkomgeving (standaard: {DEFAULT_USERS_FILE}).",
)


@main.command(name="serve", short_help="Start de werkomgeving: het jaarplan in de browser.")
@source_option
@output_option
@template_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, metavar="ADRES", help="Adres waarop de server luistert."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    metavar="POORT",
    help="Poort; bij 0 kiest de server een vrije poort en meldt welke.",
)
@users_option
@click.option("--login", "force_login", is_flag=True, help="Vraag ook op deze pc om in te loggen.")
@click.option(
    "--proxy-user-header",
    metavar="KOP",
    help="Vertrouw de gebruikersnaam die de reverse proxy in deze kop meegeeft (bv. X-Remote-User); "
    "alleen van de adressen bij --trusted-proxy.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADRES",
    help="Adres (of netwerk, bv. 10.0.0.0/24) van de reverse proxy; alleen daarvan worden --proxy-user-header en "
    "X-Forwarded-For vertrouwd. Mag vaker (standaard: 127.0.0.1 en ::1, een proxy op deze server).",
)
@click.option(
    "--server-name",
    "server_names",
    multiple=True,
    metavar="NAAM",
    help="Naam waaronder de werkomgeving bereikt wordt (bv. jaarplan.gemeente.nl); andere namen worden geweigerd, "
    "behalve localhost en 127.0.0.1. Mag vaker.",
)
@click.option(
    "--https",
    "secure_cookies",
    is_flag=True,
    help="De werkomgeving is alleen via https bereikbaar: Secure-cookie en Strict-Transport-Security.",
)
@click.option("--no-browser", is_flag=True, help="Open de browser niet.")
def serve_command(
    source: Path,
    output: Path,
    template: Path | None,
    host: str,
    port: int,
    users_file: Path,
    force_login: bool,
    proxy_user_header: str | None,
    trusted_proxies: tuple[str, ...],
    server_names: tuple[str, ...],
    secure_cookies: bool,
    no_browser: bool,
) -> None:
    """Start de werkomgeving: Overzicht, Werkmap, Controle en Versies in de browser. Op een ander adres dan
    deze pc (127.0.0.1) moet iedereen inloggen; maak gebruikers met: jaarplan user add NAAM."""
    from jaarplan.web.app import create_app, is_loopback, listening_server, serve_settings, trusted_lines
    from jaarplan.web.state import state_of

    local = is_loopback(host)
    try:
        settings = serve_settings(
            host,
            force_login=force_login,
            source=source,
            output=output,
            template=template,
            users_file=users_file,
            proxy_user_header=proxy_user_header,
            trusted_proxies=trusted_proxies,
            server_names=server_names,
            secure_cookies=secure_cookies,
        )
        app = create_app(settings)
        # Listening from here on, so the address printed is one that answers (and, for --port 0, the port chosen).
        server = listening_server(app, host, port)
    except PlanError as error:
        report(error)
    port = getattr(server, "effective_port", port)  # a host of several addresses listens on --port on each
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    click.echo(f"De werkomgeving draait op {address} (stoppen met Ctrl+C).")
    for line in trusted_lines(state_of(app).settings):
        click.echo(line)
    _log_requests()
    if local and not no_browser:
        import webbrowser

        webbrowser.open(address)
    office = state_of(app).office
    if office is not None:
        office.start()  # warm before the first build; the worker stops it when the server ends, however
    try:
        server.run()
    finally:
        if office is not None:
            office.close()


def _log_requests() -> None:
    """Every request a line on stderr (the access log), as waitress has none of its own."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    access = logging.getLogger("jaarplan.web.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)


@main.group(name="user", cls=DutchGroup, short_help="Beheer de gebruikers van de werkomgeving.")
def user_group() -> None:
    """Beheer de gebruikers van de werkomgeving (jaarplan serve)."""


@user_group.command(name="add", short_help="Voeg een gebruiker toe (of geef een nieuw wachtwoord).")
@click.argument("name", cls=DutchArgument, metavar="NAAM", help="De gebruikersnaam waarmee iemand inlogt, bv. jmodder.")
@click.option(
    "--rol",
    "role",
    type=click.Choice(ROLES),
    default=READER,
    show_default=True,
    help="lezer: lezen en downloaden; bewerker: ook werkmap plaatsen, bouwen en versies uitgeven.",
)
@click.option(
    "--initialen", "initials", default="", metavar="INITIALEN", help="Voor het versiebeheer (standaard uit NAAM)."
)
@users_option
def user_add_command(name: str, role: str, initials: str, users_file: Path) -> None:
    """Voeg NAAM toe aan het gebruikersbestand; het wachtwoord wordt gevraagd en alleen als argon2-hash bewaard.
    Bestaat NAAM al, dan krijgt die het nieuwe wachtwoord, de rol en de initialen."""
    from jaarplan.web.users import add_user

    password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord")
    try:
        user = add_user(users_file, name, password, role=role, initials=initials)
    except PlanError as error:
        report(error)
    click.echo(f"Gebruiker {user.name} ({user.initials}, {user.role}) staat in {users_file}.")
