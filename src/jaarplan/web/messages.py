"""Texts meant for the user in an HTTP error: marked, so English library texts are never shown."""

from __future__ import annotations


class DutchText(str):
    """An ``abort`` description written for the user, in Dutch; the error page shows it."""

    dutch = True


def dutch(text: str) -> DutchText:
    return DutchText(text)
