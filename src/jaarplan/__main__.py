"""``python -m jaarplan`` is the ``jaarplan`` command."""

from jaarplan.cli import main

main()
