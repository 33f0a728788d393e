"""click, speaking Dutch: help headings, the help option and usage errors.

click writes its own words in English ("Usage:", "Options:", "No such
option"). Our users read Dutch, so the command classes here rename the
headings and turn a usage error into one Dutch line (exit code 2).
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

HELP_TEXT = "Toon deze hulp en stop."
VERSION_HELP = "Toon het versienummer van jaarplan en stop."

# What click adds to an option's help in English ("[required]", "[1900<=x<=2999]"), in Dutch.
_HELP_EXTRAS = [
    (r"\brequired\b", "verplicht"),
    (r"\bdefault: ", "standaard: "),
    (r"(\S+)<=x<=(\S+)", r"\1 t/m \2"),
]

# click's usage errors, as regular expressions, and their Dutch; anything else is shown as click says it.
_USAGE_ERRORS = [
    (r"No such option: (.+)", r"onbekende optie \1"),
    (r"No such option '(.+?)'", r"onbekende optie '\1'"),
    (r"No such command '(.+?)'", r"onbekende opdracht '\1'"),
    (r"Missing argument '(.+?)'", r"het argument \1 ontbreekt"),
    (r"Option '(.+?)' requires an argument", r"de optie \1 heeft een waarde nodig"),
    (r"Got unexpected extra arguments? \((.+)\)", r"onverwacht extra argument: \1"),
    (r"Missing command\.?", r"geef een opdracht"),
    (r"Missing option '(.+?)'", r"de optie \1 ontbreekt"),
    (r"Option '(.+?)' does not take a value", r"de optie \1 heeft geen waarde"),
    (r"'(.+?)' is not a valid integer( range)?", r"'\1' is geen geheel getal"),
    (r"(\S+) is not in the range (\S+?)\.?$", r"\1 ligt niet binnen \2"),
    (r"Invalid value for '(.+?)': (.+)", r"ongeldige waarde voor \1: \2"),
    (r"Did you mean (.+)\?", r"Bedoelt u \1?"),
]


def _dutch_extras(help_text: str) -> str:
    for pattern, dutch in _HELP_EXTRAS:
        help_text = re.sub(pattern, dutch, help_text)
    return help_text


class DutchArgument(click.Argument):
    """An argument with a help text, listed under "Argumenten"; an optional one reads [NAAM] in the usage line."""

    def __init__(self, *args: Any, help: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = help

    def make_metavar(self, *args: Any) -> str:
        name = self.metavar or self.name.upper()
        return name if self.required else f"[{name}]"

    def get_help_record(self, ctx: click.Context) -> tuple[str, str]:
        """The argument's row under "Argumenten": its name without brackets (the help says when it may be left out)."""
        return self.metavar or self.name.upper(), self.help


def dutch_usage_error(message: str) -> str:
    for pattern, dutch in _USAGE_ERRORS:
        message = re.sub(pattern, dutch, message)
    return message


class DutchCommand(click.Command):
    """A command whose help reads "Gebruik:", "Argumenten:" and "Opties:"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help in click 8.5's order: usage, text, arguments, options, epilog.

        Written out here because click 8.4 has no argument section (`format_help` never calls
        `format_arguments`); from 8.5 on, click's own "Positional arguments" section is replaced by
        `format_arguments` below, so on every version the arguments are listed once, in Dutch.
        """
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_arguments(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Every argument under "Argumenten", as soon as one has a help text (as click 8.5 does in English)."""
        arguments = [param for param in self.get_params(ctx) if isinstance(param, click.Argument)]
        if any(getattr(param, "help", None) for param in arguments):
            rows = [param.get_help_record(ctx) or (param.human_readable_name, "") for param in arguments]
            with formatter.section("Argumenten"):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            (names, _dutch_extras(text))
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument) and (record := param.get_help_record(ctx))
            for names, text in [record]
        ]
        if records:
            with formatter.section("Opties"):
                formatter.write_dl(records)


class DutchGroup(DutchCommand, click.Group):
    """A group of Dutch commands that reports wrong use in Dutch (exit code 2) and Ctrl-C calmly."""

    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        DutchCommand.format_options(self, ctx, formatter)
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [(name, command.get_short_help_str()) for name, command in commands if command and not command.hidden]
        if rows:
            with formatter.section("Opdrachten"):
                formatter.write_dl(rows)

    def main(self, args: Any = None, prog_name: str | None = None, **kwargs: Any) -> Any:
        kwargs.pop("standalone_mode", None)
        for stream in (sys.stdout, sys.stderr):  # a Windows console or file in cp1252 cannot hold every character
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        try:
            return super().main(args, prog_name, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.format_message(), err=True)  # "jaarplan" alone: the help, as click does
            sys.exit(2)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else (prog_name or "jaarplan")
            click.echo(f"FOUT  verkeerd gebruik: {dutch_usage_error(error.format_message())}", err=True)
            click.echo(f"Zie '{command} --help' voor de mogelijkheden.", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("Afgebroken; er is niets half geschreven.", err=True)
            sys.exit(130)
