"""The ``jaarplan`` command: parses options, calls the library, prints in Dutch."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .errors import PlanError
from .pipeline import build, convert_to_pdf

DEFAULT_SOURCE = Path("source")
DEFAULT_OUTPUT = Path("output")
DEFAULT_TEMPLATE = Path("templates") / "jaarplan.docx"

CONTEXT = {"help_option_names": ["-h", "--help"]}


def report(error: PlanError) -> None:
    """Print every problem on its own line, then exit 1: a user's mistake, not a crash."""
    for problem in error.problems:
        click.echo(f"FOUT  {problem}", err=True)
    sys.exit(1)


@click.group(context_settings=CONTEXT)
def main() -> None:
    """Jaarplan: bouw het gezamenlijk jaarplan (Word) uit de Excel-werkmap."""


@main.command(name="build")
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=DEFAULT_SOURCE,
    show_default=True,
    help="Bronmap met jaarplan.xlsx en plan.yaml.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Map waarin het Word-document komt.",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    default=DEFAULT_TEMPLATE,
    show_default=True,
    help="Word-sjabloon (.docx) met opmaak en docxtpl-velden.",
)
@click.option("--pdf", "with_pdf", is_flag=True, help="Maak ook de PDF (met LibreOffice), naast het Word-document.")
def build_command(source: Path, output: Path, template: Path, with_pdf: bool) -> None:
    """Bouw het Word-document uit de werkmap en de documentgegevens."""
    started = time.perf_counter()
    try:
        result = build(source, output, template, with_pdf=with_pdf, progress=click.echo)
    except PlanError as error:
        report(error)
    written = [result.document] if result.pdf is None else [result.document, result.pdf]
    for path in written:
        click.echo(f"Geschreven: {path}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


@main.command(name="pdf")
@click.argument("document", type=click.Path(path_type=Path))
def pdf_command(document: Path) -> None:
    """Maak met LibreOffice de PDF van een bestaand Word-document; de PDF komt ernaast."""
    started = time.perf_counter()
    try:
        target = convert_to_pdf(document, progress=click.echo)
    except PlanError as error:
        report(error)
    click.echo(f"Geschreven: {target}")
    click.echo(f"Klaar in {_seconds(time.perf_counter() - started)}.")


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")
