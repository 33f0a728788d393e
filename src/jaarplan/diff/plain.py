"""What changed between two versions in plain Dutch, a bullet per change, for a reader outside the team.

The raadsinformatiebrief says what is new since the version the raad last
received: themes and goals added, removed or reworded, and how many actions
(matrix rows) changed, never the word diff of a cell (that is the redline,
a bijlage). Everything comes from ``compare``'s ``PlanDiff``.

Only changes of content count. A word that only became italic or bold
("opmaak gewijzigd") and a row whose only change is its Status (a column the
jaarplan does not print, which the team fills in all year) are not news for
the raad and would send them looking for a change they cannot find.

Indicators are named as the raad reads the plan: a new or dropped indicator,
a changed nulmeting or streefwaarde word for word (that is the promise), and
new or corrected measurements only counted (the figures are in the bijlagen).
"""

from __future__ import annotations

from jaarplan.diff.compare import IndicatorChange, PartDiff, PlanDiff, RowChange, TextChange
from jaarplan.model import OWN_AREA, STATUS_COLUMN
from jaarplan.text import counted, dutch_list

METADATA_NAMES = {"titel": "De titel", "partners": "De partners", "verzending": "De verzendregel"}
FORMATTING_ONLY = "opmaak gewijzigd"
ROW_WORDS = (  # a row change's kind: (one, many) as an adjective before "actie"
    ("toegevoegd", "nieuwe"),
    ("gewijzigd", "gewijzigde"),
    ("verwijderd", "vervallen"),
    ("verplaatst", "verplaatste"),
)


def plain_changes(diff: PlanDiff) -> list[str]:
    """A line per change: themes added and removed, then each changed theme, chapter and the rest."""
    parts = diff.changed_parts
    themes = [part for part in parts if part.kind == "thema"]
    lines = [f"Er is een nieuw thema: {quoted(part.title)}." for part in themes if part.status == "toegevoegd"]
    lines += [f"Het thema {quoted(part.title)} is vervallen." for part in themes if part.status == "verwijderd"]
    lines += [line for part in themes if part.status == "gewijzigd" and (line := _theme_line(part))]
    lines += [line for part in parts if part.kind == "hoofdstuk" and (line := _chapter_line(part))]
    footnotes = [part for part in parts if part.kind == "voetnoot" and (part.status != "gewijzigd" or _content(part))]
    if footnotes:
        verb = "is" if len(footnotes) == 1 else "zijn"
        lines.append(f"{counted(len(footnotes), 'voetnoot', 'voetnoten')} {verb} aangepast.")
    for change in diff.metadata:
        if change.where == "clusters":
            lines.append("De indeling in clusters is gewijzigd.")
        else:
            lines.append(f"{METADATA_NAMES.get(change.where, change.where.capitalize())} is gewijzigd.")
    return lines + indicator_changes(diff.indicators)


MEASUREMENT_WORDS = (  # a measurement change's kind: (one, many) as Dutch words after the count
    ("toegevoegd", "nieuwe meting", "nieuwe metingen"),
    ("gewijzigd", "gewijzigde meting", "gewijzigde metingen"),
    ("verwijderd", "vervallen meting", "vervallen metingen"),
)
FIGURES = {"nulmeting", "streefwaarde"}  # told with their values: the promise the raad holds the plan to
FIELD_NAMES = {"thema": "het thema", "doel": "het doel", "eenheid": "de eenheid", "bron": "de bron"}


def indicator_changes(changes: list[IndicatorChange]) -> list[str]:
    """Indicators added and removed, then per changed indicator its fields and how many measurements changed.

    The raadsinformatiebrief and the voortgangsrapportage (``report.summary``) say it in these same words.
    """
    added = [change.name for change in changes if change.kind == "toegevoegd"]
    removed = [change.name for change in changes if change.kind == "verwijderd"]
    lines = []
    if added:
        opening = "Er is een nieuwe indicator" if len(added) == 1 else "Er zijn nieuwe indicatoren"
        lines.append(f"{opening}: {listed(added)}.")
    if removed:
        verb = "is" if len(removed) == 1 else "zijn"
        lines.append(f"{'De indicator' if len(removed) == 1 else 'De indicatoren'} {listed(removed)} {verb} vervallen.")
    for change in changes:
        if change.kind == "gewijzigd":
            lines.append(f"Indicator {quoted(change.name)}: {'; '.join(_indicator_sentences(change))}.")
    return lines


def _indicator_sentences(change: IndicatorChange) -> list[str]:
    """ "de streefwaarde van 2,5 (2026) naar 2 (2026)", "2 nieuwe metingen": what the letter says of one indicator."""
    sentences = [_field_sentence(label, was, now) for label, was, now in change.fields]
    areas = sorted({area for _, area, _ in change.measurements}, key=lambda area: (area != OWN_AREA, area))
    for area in areas:
        for kind, one, many in MEASUREMENT_WORDS:
            if number := sum(1 for measured, where, _ in change.measurements if (measured, where) == (kind, area)):
                sentences.append(counted(number, one, many) + ("" if area == OWN_AREA else f" voor {area}"))
    return sentences


def _field_sentence(label: str, was: str, now: str) -> str:
    """One changed field in words; figures with both values, a definition only as changed, texts as they are now."""
    if label == "beter is":
        return f"nu is een {'hogere' if now == 'hoger' else 'lagere'} waarde beter"
    if label == "definitie":
        return "de definitie is gewijzigd"
    if label in FIGURES:
        if not now:
            return f"de {label} is vervallen"
        return f"de {label} van {was} naar {now}" if was else f"de {label} is nu {now}"
    name = FIELD_NAMES[label]
    if not now:
        return f"{name} is weggehaald" if label != "doel" else "het meet geen apart doel meer"
    return f"{name} is nu {quoted(now)}"


def content_rows(part: PartDiff) -> list[RowChange]:
    """The row changes the jaarplan shows: not a row whose only change was its Status or its formatting.

    An edited row that also moved and whose only edit was Status or formatting counts as moved.
    """
    rows = []
    for row in part.rows:
        if row.kind != "gewijzigd" or _edited(row):
            rows.append(row)
        elif row.moved:
            rows.append(RowChange("verplaatst", row.old, row.new, row.old_goal, row.new_goal, True, row.position))
    return rows


def _edited(row: RowChange) -> bool:
    return any(header != STATUS_COLUMN for header, _ in row.changed_cells())


def _content(part: PartDiff) -> list[TextChange]:
    """The texts of ``part`` whose words changed (not those whose formatting alone did)."""
    return [change for change in part.texts if change.kind != FORMATTING_ONLY]


def _theme_line(part: PartDiff) -> str:
    """E.g. "Thema ‘Woninginbraak’: er is een nieuw doel ‘Meer aangiften’. Er zijn 1 nieuwe actie en …"; "" if none."""
    sentences = []
    if part.old_title and part.old_title != part.title:
        sentences.append(f"het thema heette eerder {quoted(part.old_title)}")
    if part.cluster:
        sentences.append(f"het thema valt nu onder het cluster {quoted(part.cluster[1])}")
    sentences += _goal_sentences(part.goals)
    sentences += _row_sentences(content_rows(part))
    if _content(part):
        sentences.append("de toelichting is aangepast")
    if not sentences:
        return ""
    return f"Thema {quoted(part.title)}: " + " ".join(_capitalized(sentences, first=False))


def _goal_sentences(goals: list[TextChange]) -> list[str]:
    added = [change.new.text for change in goals if change.kind == "toegevoegd" and change.new]
    removed = [change.old.text for change in goals if change.kind == "verwijderd" and change.old]
    sentences = []
    if added:
        sentences.append(
            f"er is een nieuw doel {quoted(added[0])}"
            if len(added) == 1
            else f"er zijn {len(added)} nieuwe doelen, {listed(added)}"
        )
    if removed:
        sentences.append(
            f"het doel {quoted(removed[0])} is vervallen"
            if len(removed) == 1
            else f"de doelen {listed(removed)} zijn vervallen"
        )
    sentences += [
        f"het doel {quoted(change.old.text)} is anders geformuleerd: {quoted(change.new.text)}"
        for change in goals
        if change.kind == "gewijzigd" and change.old and change.new
    ]
    return sentences


def _row_sentences(rows: list[RowChange]) -> list[str]:
    """E.g. "er zijn 1 nieuwe actie en 3 gewijzigde acties"; one count of 1: "er is 1 vervallen actie"."""
    numbers = [(sum(row.kind == kind for row in rows), word) for kind, word in ROW_WORDS]
    said = [f"{number} {word} {'actie' if number == 1 else 'acties'}" for number, word in numbers if number]
    if not said:
        return []
    verb = "is" if len(said) == 1 and sum(number for number, _ in numbers) == 1 else "zijn"
    return [f"er {verb} {listed(said, quote=False)}"]


def _chapter_line(part: PartDiff) -> str:
    if part.status == "toegevoegd":
        return f"Er is een nieuw hoofdstuk: {quoted(part.title)}."
    if part.status == "verwijderd":
        return f"Het hoofdstuk {quoted(part.title)} is vervallen."
    sentences = []
    if part.old_title and part.old_title != part.title:
        sentences.append(f"Het hoofdstuk {quoted(part.old_title)} heet nu {quoted(part.title)}.")
    if _content(part):
        sentences.append(f"De tekst van het hoofdstuk {quoted(part.title)} is aangepast.")
    return " ".join(sentences)


def _capitalized(sentences: list[str], *, first: bool) -> list[str]:
    """Each sentence with a full stop, capitalized, the first only when ``first`` (after a colon it is not)."""
    return [
        (sentence if index == 0 and not first else sentence[0].upper() + sentence[1:]) + "."
        for index, sentence in enumerate(sentences)
    ]


def listed(items: list[str], *, quote: bool = True) -> str:
    """ "‘A’, ‘B’ en ‘C’": Dutch enumeration, each quoted (titles hold commas of their own)."""
    return dutch_list([quoted(item) for item in items] if quote else items)


def quoted(text: str) -> str:
    return f"‘{' '.join(text.split())}’"
