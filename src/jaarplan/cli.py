"""The ``jaarplan`` command: parses options, calls the library, prints in Dutch."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .errors import PlanError
from .pipeline import build

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
def build_command(source: Path, output: Path, template: Path) -> None:
    """Bouw het Word-document uit de werkmap en de documentgegevens."""
    started = time.perf_counter()
    try:
        result = build(source, output, template, progress=click.echo)
    except PlanError as error:
        report(error)
    click.echo(f"Geschreven: {result.document} ({_seconds(time.perf_counter() - started)})")


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")
