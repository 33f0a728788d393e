"""A tagged PDF's structure tree read back: what a screen reader is given (tables, header cells, figures' alt text)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypdf import PdfReader


def structure_elements(pdf: Path) -> list[dict]:
    """Every element of the structure tree (``/StructTreeRoot`` down through ``/K``), in document order."""
    found: list[dict] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            found.append(node)
            if node.get("/K") is not None:
                walk(node["/K"])

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def tag_counts(pdf: Path) -> Counter[str]:
    """How often each structure type occurs: ``/Table``, ``/TH``, ``/Figure`` …"""
    return Counter(str(element.get("/S", "")) for element in structure_elements(pdf))


def figure_alt_texts(pdf: Path) -> list[str]:
    """The alt text of every ``/Figure``, in document order."""
    return [str(element.get("/Alt")) for element in structure_elements(pdf) if element.get("/S") == "/Figure"]
