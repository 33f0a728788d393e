"""The help is written for civil servants: Dutch throughout, every argument explained, a version number."""

from __future__ import annotations

import re
import tomllib

import pytest
from click.testing import CliRunner

from jaarplan import __version__
from jaarplan.cli.commands import main

from .conftest import REPO

COMMANDS = ["check", "build", "pdf", "release", "diff", "new", "import", "serve", "user", "user add", "voortgang",
            "import-figures"]  # fmt: skip
# The arguments of each command that takes any, as its usage line names them (a group's OPDRACHT [ARGUMENTEN]...
# are its commands, listed under "Opdrachten").
ARGUMENTS = {"pdf": ["DOCUMENT.docx"], "diff": ["OUD", "NIEUW"], "new": ["MAP"], "import": ["DOCUMENT.docx", "MAP"],
             "user add": ["NAAM"], "import-figures": ["BESTAND.csv"]}  # fmt: skip
GROUPS = ["", "user"]
# click's own English, and words a civil servant should not need to know.
NOT_FOR_READERS = re.compile(
    r"\[required\]|required|default:|Usage|Options|Arguments|Commands|Show this|<=x<=|docxtpl|redline|"
    r"template tag|Jinja|YAML-node|stdout",
    re.IGNORECASE,
)


def help_of(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="jaarplan")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_dutch_and_free_of_jargon(command: str) -> None:
    text = help_of(*command.split())
    assert text.startswith("Gebruik: jaarplan")
    assert not NOT_FOR_READERS.findall(text), NOT_FOR_READERS.findall(text)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_each_section_once_and_in_dutch(command: str) -> None:
    """click 8.5 writes its own "Positional arguments" section: it must not appear beside ours, in any language."""
    text = help_of(*command.split())
    headings = [line for line in text.splitlines()[1:] if line and not line.startswith(" ")]
    assert headings == [heading for heading in ["Argumenten:", "Opties:", "Opdrachten:"] if heading in headings]
    usage, *lines = text.splitlines()
    if command not in GROUPS:
        assert [word.strip("[]") for word in usage.split("[OPTIES]")[1].split()] == ARGUMENTS.get(command, [])
    for argument in ARGUMENTS.get(command, []):
        rows = [line for line in lines if line.split()[:1] in ([argument], [f"[{argument}]"])]
        assert len(rows) == 1, rows


@pytest.mark.parametrize("command", [command for command in COMMANDS if command != "user"])  # not the group
def test_every_argument_is_explained(command: str) -> None:
    text = help_of(*command.split())
    usage = text.splitlines()[0]
    arguments = [word.strip("[]") for word in usage.split("[OPTIES]")[1].split()]
    if not arguments:
        assert "Argumenten:" not in text
        return
    section = text.split("Argumenten:\n")[1].split("\n\n")[0]
    explained = [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()]
    assert [name for name in explained if name in arguments] == arguments


def test_optional_argument_is_shown_as_optional() -> None:
    text = help_of("diff")
    assert text.splitlines()[0] == "Gebruik: jaarplan diff [OPTIES] OUD [NIEUW]"
    assert "Mag ontbreken" in text


def test_required_options_say_so_in_dutch() -> None:
    text = help_of("release")
    assert text.count("[verplicht]") == 2


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"jaarplan, versie {__version__}\n"
    with open(REPO / "pyproject.toml", "rb") as handle:
        assert tomllib.load(handle)["project"]["version"] == __version__


def test_voortgang_help_names_the_indicators() -> None:
    text = " ".join(help_of("voortgang").split())
    assert "per indicator het oordeel (op koers of achter op koers) met een grafiek" in text
    assert "Indicatoren achter op koers staan ook bij de aandachtspunten" in text
