"""``python -m jaarplan`` is the ``jaarplan`` command."""

from .cli import main

main()
