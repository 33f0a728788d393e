"""The import report as a Word document beside the new workbook: what was read, where it went, what was not placed.

After a migration the check should be a read, not a hunt: the counts first,
then every piece that was not placed grouped per cause with what to do, then
the Word file's text part by part, each marked placed (and where) or not.
Written with plain python-docx: a document to keep, not a jaarplan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from jaarplan.importer.tally import TABLE_ROW, Piece, Tally, places
from jaarplan.word.ooxml import drop_styles_with_effects

REPORT_FILE = "importverslag.docx"
NOT_PLACED_FILL = "FDE2E2"  # light red behind a row that was not placed (the text says so too)
PLACED_MARK, NOT_PLACED_MARK = "✔ geplaatst", "✘ niet geplaatst"


def write_report(tally: Tally, source: Path, workbook: Path, target: Path) -> Path:
    """Write the report of importing ``source`` into ``workbook`` as ``target``; return ``target``."""
    document = Document()
    drop_styles_with_effects(document)  # python-docx's blank carries a stale copy of the styles
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = f"Importverslag van {source.name}"
    document.core_properties.language = "nl-NL"
    document.add_heading("Importverslag", level=0)
    document.add_paragraph(f"Gelezen uit: {source.name}. Geschreven naar: {workbook.name} en plan.yaml.")
    document.add_heading("Telling", level=1)
    for line in (tally.read_line(), tally.placed_line(), tally.unplaced_line()):
        document.add_paragraph(line)
    _not_placed(document, tally)
    _all_pieces(document, tally.pieces)
    document.save(str(target))
    return target


def _not_placed(document: Document, tally: Tally) -> None:
    document.add_heading("Niet geplaatst, per oorzaak", level=1)
    if not tally.unplaced:
        document.add_paragraph("Alle tekst is geplaatst.")
        return
    for cause, pieces in tally.by_cause():
        document.add_heading(f"{cause} ({len(pieces)})", level=2)
        document.add_paragraph(f"Waar: {places(pieces)}.")
        document.add_paragraph(f"Wat te doen: {pieces[0].advice}.")
        table = _table(document, ("Plaats in het Word-document", "Tekst"))
        for piece in pieces:
            _row(table, (piece.where, piece.text), fill=NOT_PLACED_FILL)


def _all_pieces(document: Document, pieces: list[Piece]) -> None:
    document.add_heading("Het Word-document, deel voor deel", level=1)
    document.add_paragraph(
        "Elke alinea en elke gevulde cel, in de volgorde van het Word-document, met waar de tekst nu staat."
    )
    table = _table(document, ("Plaats", "Tekst", "Waar het nu staat"))
    for piece in _by_row(pieces):
        if piece.placed is None:
            _row(table, (piece.where, piece.text, f"{NOT_PLACED_MARK}: {piece.cause}"), fill=NOT_PLACED_FILL)
        else:
            _row(table, (piece.where, piece.text, f"{PLACED_MARK}: {piece.placed}"))


def _table(document: Document, headers: tuple[str, ...]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))  # repeated on every page
    return table


def _row(table, texts: tuple[str, ...], fill: str | None = None) -> None:
    cells = table.add_row().cells
    for cell, text in zip(cells, texts, strict=True):
        cell.text = text
        if fill:
            cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="{fill}"/>'))


def _by_row(pieces: list[Piece]) -> list[Piece]:
    """Cells of one table row that went to the same place as one piece ("tabel 3 rij 2", texts joined by " | ")."""
    merged: list[Piece] = []
    for piece in pieces:
        row = TABLE_ROW.match(piece.where)
        last = merged[-1] if merged else None
        same = last is not None and last.placed == piece.placed and last.cause == piece.cause
        if row and same and last.where == row.group(0):
            merged[-1] = replace(last, text=f"{last.text} | {piece.text}")
        else:
            merged.append(replace(piece, where=row.group(0)) if row else piece)
    return merged
