"""What changed between two versions in plain Dutch, a sentence per theme, for a reader outside the team.

The raadsinformatiebrief says what is new since the version the raad last
received: themes and goals added, removed or changed, and how many actions
(matrix rows) changed, never the word diff of a cell (that is the redline,
a bijlage). Everything comes from ``compare``'s ``PlanDiff``.
"""

from __future__ import annotations

from collections import Counter

from jaarplan.diff.compare import PartDiff, PlanDiff, TextChange

METADATA_NAMES = {"titel": "De titel", "partners": "De partners", "verzending": "De verzendregel"}


def plain_changes(diff: PlanDiff) -> list[str]:
    """A line per change: themes added and removed, then each changed theme, chapter and the rest."""
    parts = diff.changed_parts
    themes = [part for part in parts if part.kind == "thema"]
    lines = [f"Nieuw thema: {_quoted(part.title)}." for part in themes if part.status == "toegevoegd"]
    lines += [f"Vervallen thema: {_quoted(part.title)}." for part in themes if part.status == "verwijderd"]
    lines += [_theme_line(part) for part in themes if part.status == "gewijzigd"]
    for part in parts:
        if part.kind == "hoofdstuk":
            lines.append(_chapter_line(part))
    footnotes = [part for part in parts if part.kind == "voetnoot"]
    if footnotes:
        lines.append(f"{_count(len(footnotes), 'voetnoot', 'voetnoten')} aangepast.")
    for change in diff.metadata:
        if change.where == "clusters":
            lines.append("De indeling in clusters is gewijzigd.")
        else:
            lines.append(f"{METADATA_NAMES.get(change.where, change.where.capitalize())} is gewijzigd.")
    return lines


def _theme_line(part: PartDiff) -> str:
    """E.g. "Thema ‘Woninginbraak’: nieuw doel ‘Meer aangiften’; 3 acties gewijzigd."."""
    said = []
    if part.old_title and part.old_title != part.title:
        said.append(f"heette {_quoted(part.old_title)}")
    if part.cluster:
        said.append(f"nu in het cluster {_quoted(part.cluster[1])}")
    said += _goal_phrases(part.goals)
    said += _row_phrases(part)
    if part.texts:
        said.append("de toelichting is aangepast")
    return f"Thema {_quoted(part.title)}: " + "; ".join(said) + "."


def _goal_phrases(goals: list[TextChange]) -> list[str]:
    phrases = []
    for kind, one, many in (
        ("toegevoegd", "nieuw doel", "nieuwe doelen"),
        ("verwijderd", "vervallen doel", "vervallen doelen"),
        ("gewijzigd", "doel anders geformuleerd", "doelen anders geformuleerd"),
    ):
        titles = [(change.new or change.old).text for change in goals if change.kind == kind]
        if titles:
            phrases.append(f"{one if len(titles) == 1 else many} {_listed(titles)}")
    return phrases


def _row_phrases(part: PartDiff) -> list[str]:
    kinds = Counter(row.kind for row in part.rows)
    words = {"toegevoegd": "nieuw", "verwijderd": "vervallen", "gewijzigd": "gewijzigd", "verplaatst": "verplaatst"}
    return [f"{_count(kinds[kind], 'actie', 'acties')} {word}" for kind, word in words.items() if kinds[kind]]


def _chapter_line(part: PartDiff) -> str:
    if part.status == "toegevoegd":
        return f"Nieuw hoofdstuk: {_quoted(part.title)}."
    if part.status == "verwijderd":
        return f"Vervallen hoofdstuk: {_quoted(part.title)}."
    return f"Hoofdstuk {_quoted(part.title)}: de tekst is aangepast."


def _listed(titles: list[str]) -> str:
    quoted = [_quoted(title) for title in titles]
    return ", ".join(quoted[:-1]) + f" en {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _quoted(text: str) -> str:
    return f"‘{' '.join(text.split())}’"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
