"""``python -m jaarplan`` is the ``jaarplan`` command."""

from jaarplan.cli import run

run()
