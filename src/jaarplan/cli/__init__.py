"""The ``jaarplan`` command: click commands over the library calls in ``jaarplan.commands``."""

from jaarplan.cli.commands import main, run

__all__ = ["main", "run"]
