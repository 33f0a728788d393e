"""What an import read and where each piece went: the count that makes a lost row impossible to miss.

Every paragraph and every table cell with text becomes a ``Piece``: placed
(in a chapter, a theme, the matrix, …) or not placed, with the cause and what
the user can do. The CLI prints the counts and the unplaced pieces grouped per
cause; ``importer.report`` writes them all as a document beside the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Why a piece was not placed → what the user can do about it.
ADVICE = {
    "staat niet onder een hoofdstuk of thema": "zet er een kop boven en importeer opnieuw, of neem de tekst over "
    "op het blad Hoofdstukken of Thema's van de werkmap",
    "kop zonder 'Cluster:'-regel eronder, tussen de thema's": "zet 'Cluster: …' onder de themakop en importeer "
    "opnieuw, of neem de tekst over op het blad Thema's",
    "tekst onder een kop die niet geplaatst is": "zet 'Cluster: …' onder de kop en importeer opnieuw, of neem de "
    "tekst over op het blad Thema's of Hoofdstukken",
    "kop zonder eigen matrix, na de thema's": "hoort de tekst bij een thema, neem hem over op het blad Thema's; "
    "een slothoofdstuk of bijlage neemt u over op het blad Hoofdstukken (die staan vóór de thema's) of laat u weg",
    "tekst onder een kop zonder eigen matrix, na de thema's": "hoort de tekst bij een thema, neem hem over op het "
    "blad Thema's; een slothoofdstuk of bijlage neemt u over op het blad Hoofdstukken of laat u weg",
    "tekst onder een clusterkop, vóór het eerste thema": "neem de tekst over bij een thema (blad Thema's) of in "
    "een hoofdstuk (blad Hoofdstukken)",
    "matrix die niet onder een thema staat": "zet een themakop boven de tabel en importeer opnieuw",
    "tabel die geen matrix is (de eerste kolom heet niet 'Doel')": "geef de tabel een kopregel met Doel en de "
    "matrixkolommen en importeer opnieuw, of neem de tekst over in de werkmap",
    "regel van een actietabel zonder waarde": "neem de tekst over in de werkmap (bijvoorbeeld in Specifiek of "
    "Stand van zaken van die regel)",
    "regel van het versiebeheer zonder versie of datum": "vul de versie onder 'versies' in plan.yaml aan",
    "tekst op de titelpagina die geen titel, partners, versie of verzending is": "zet de tekst zo nodig in "
    "plan.yaml (titel, partners, verzending) of in een hoofdstuk",
}
TABLE_ROW = re.compile(r"(tabel \d+) rij (\d+)")
DEFAULT_ADVICE = "neem de tekst zelf over in de werkmap"


@dataclass(frozen=True)
class Piece:
    """One paragraph or table cell with text: where it is in the Word file and where it went (None: nowhere)."""

    where: str  # "alinea 12", "tabel 3 rij 2"
    text: str
    placed: str | None  # "thema 'Woninginbraak'", "matrix van 'Woninginbraak' (Specifiek)", …
    cause: str = ""  # why not placed

    @property
    def advice(self) -> str:
        return ADVICE.get(self.cause, DEFAULT_ADVICE)


@dataclass
class Tally:
    """Counts of what was read and what it became, and every piece in the order of the Word file."""

    paragraphs: int = 0
    tables: int = 0
    rows: int = 0
    cells: int = 0
    chapters: int = 0
    themes: int = 0
    goals: int = 0
    matrix_rows: int = 0
    footnotes: int = 0
    history: int = 0
    carried_cells: int = 0
    pieces: list[Piece] = field(default_factory=list)

    @property
    def unplaced(self) -> list[Piece]:
        return [piece for piece in self.pieces if piece.placed is None]

    def by_cause(self) -> Iterator[tuple[str, list[Piece]]]:
        """The unplaced pieces per cause, causes in the order they first occur."""
        causes: dict[str, list[Piece]] = {}
        for piece in self.unplaced:
            causes.setdefault(piece.cause, []).append(piece)
        yield from causes.items()

    def read_line(self) -> str:
        return (
            f"Gelezen: {self.paragraphs} alinea's, {self.tables} tabellen met {self.rows} rijen en "
            f"{self.cells} gevulde cellen."
        )

    def placed_line(self) -> str:
        carried = f", {self.carried_cells} cellen in meegenomen kolommen" if self.carried_cells else ""
        return (
            f"Geplaatst: {self.chapters} hoofdstukken, {self.themes} thema's, {self.goals} doelen met "
            f"{self.matrix_rows} matrixregels{carried}, {self.footnotes} voetnoten, {self.history} versies "
            "in het versiebeheer."
        )

    def unplaced_line(self) -> str:
        count = len(self.unplaced)
        if not count:
            return "Niet geplaatst: niets; alle tekst staat in de werkmap of plan.yaml."
        return f"Niet geplaatst: {count} {'stuk' if count == 1 else 'stukken'} tekst (hieronder per oorzaak)."


def places(pieces: list[Piece]) -> str:
    """The places of ``pieces`` in few words: "tabel 3 rij 1–4, alinea 12"."""
    parts: list[str] = []
    table_rows: dict[str, list[int]] = {}
    for piece in pieces:
        match = TABLE_ROW.match(piece.where)
        if match is not None:
            table, row = match.group(1), match.group(2)
            if table not in table_rows:
                parts.append(table)
                table_rows[table] = []
            if int(row) not in table_rows[table]:
                table_rows[table].append(int(row))
        elif piece.where not in parts:
            parts.append(piece.where)
    return ", ".join(f"{part} {_ranges(table_rows[part])}" if part in table_rows else part for part in parts)


def _ranges(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return ("rijen " if len(numbers) > 1 else "rij ") + text
