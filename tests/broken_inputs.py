"""A corpus of broken source folders, generated from the default source, with the exact lines they must give.

Each case takes a fresh copy of ``source/`` and breaks it the way people do:
a file saved in the wrong format, a sheet renamed, a header retyped, pasted
text, a formula, a typo in plan.yaml. ``expected`` holds every line that
``jaarplan check`` must print, with ``source/`` for the copy's folder.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from .strict_ooxml import to_strict

WORKBOOK = "jaarplan.xlsx"
XLSX = "source/jaarplan.xlsx"
YAML = "source/plan.yaml"
SAVE_AS = (
    "open het in Excel of LibreOffice en sla het op als Excel-werkmap (Excel: Opslaan als › Excel-werkmap (.xlsx); "
    "LibreOffice: Bestand › Opslaan als › Excel 2007-365 (.xlsx))"
)
SAVE_ODS_AS = (
    "open het in LibreOffice Calc, kies Bestand › Opslaan als › bestandstype Excel 2007-365 (.xlsx) met de naam "
    "'jaarplan.xlsx', en bevestig met 'Gebruik Excel 2007-365!'"
)
SAVE_ODS_AS_SENTENCE = "O" + SAVE_ODS_AS[1:]  # after a full stop
ODS = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
LO_LOCK = ".~lock.jaarplan.xlsx#"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], None]
    expected: tuple[str, ...]


def edit_sheet(sheet: str, edit: Callable) -> Callable[[Path], None]:
    """A breaker that opens the workbook, lets ``edit`` change one sheet, and saves it."""

    def breaks(source: Path) -> None:
        book = load_workbook(source / WORKBOOK, rich_text=True)
        edit(book[sheet])
        book.save(source / WORKBOOK)

    return breaks


def set_cells(sheet: str, **cells: object) -> Callable[[Path], None]:
    def edit(ws) -> None:
        for coordinate, value in cells.items():
            ws[coordinate] = value

    return edit_sheet(sheet, edit)


def write_bytes(data: bytes, name: str = WORKBOOK, remove_workbook: bool = False) -> Callable[[Path], None]:
    def breaks(source: Path) -> None:
        if remove_workbook:
            (source / WORKBOOK).unlink()
        (source / name).write_bytes(data)

    return breaks


def write_zip(members: dict[str, bytes]) -> Callable[[Path], None]:
    return write_zip_as(members, WORKBOOK)


def write_zip_as(members: dict[str, bytes], name: str, remove_workbook: bool = False) -> Callable[[Path], None]:
    def breaks(source: Path) -> None:
        if remove_workbook:
            (source / WORKBOOK).unlink()
        with zipfile.ZipFile(source / name, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)

    return breaks


def newer(breaker: Callable[[Path], None]) -> Callable[[Path], None]:
    """Run ``breaker``, then date the workbook an hour back: the file it wrote is the newer one."""

    def breaks(source: Path) -> None:
        breaker(source)
        hour_ago = (source / WORKBOOK).stat().st_mtime - 3600
        os.utime(source / WORKBOOK, (hour_ago, hour_ago))

    return breaks


def patch_zip(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Change the raw XML of one part of a zip package (.xlsx, .docx)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, data.replace(old, new) if info.filename == member else data)


def patch_workbook_xml(member: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    """Change the raw XML inside the workbook, for what openpyxl will not write (Excel's _x000B_ escapes)."""
    return lambda source: patch_zip(source / WORKBOOK, member, old, new)


def placeholder_then_patch(sheet: str, cell: str, raw: bytes) -> Callable[[Path], None]:
    """Put a unique placeholder in a cell with openpyxl, then swap in raw XML text."""
    first = set_cells(sheet, **{cell: "PLATZHALTER"})

    def breaks(source: Path) -> None:
        first(source)
        with zipfile.ZipFile(source / WORKBOOK) as archive:
            member = next(
                name for name in archive.namelist() if name.startswith("xl/") and b"PLATZHALTER" in archive.read(name)
            )
        patch_workbook_xml(member, b"PLATZHALTER", raw)(source)

    return breaks


def edit_yaml(old: str, new: str) -> Callable[[Path], None]:
    def breaks(source: Path) -> None:
        path = source / "plan.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return breaks


def remove(name: str) -> Callable[[Path], None]:
    return lambda source: (source / name).unlink()


def hide_row(sheet: str, row: int) -> Callable[[Path], None]:
    def edit(ws) -> None:
        ws.row_dimensions[row].hidden = True

    return edit_sheet(sheet, edit)


def hide_sheet(sheet: str) -> Callable[[Path], None]:
    def edit(ws) -> None:
        ws.sheet_state = "hidden"

    return edit_sheet(sheet, edit)


def rename_sheet(sheet: str, new: str) -> Callable[[Path], None]:
    def edit(ws) -> None:
        ws.title = new

    return edit_sheet(sheet, edit)


def insert_row(sheet: str, at: int, values: list[object]) -> Callable[[Path], None]:
    def edit(ws) -> None:
        ws.insert_rows(at)
        for column, value in enumerate(values, start=1):
            ws.cell(row=at, column=column, value=value)

    return edit_sheet(sheet, edit)


def append_row(sheet: str, values: list[object]) -> Callable[[Path], None]:
    return edit_sheet(sheet, lambda ws: ws.append(values))


def add_merges(sheet_member: str, refs: list[str]) -> Callable[[Path], None]:
    """Merged ranges written into a sheet's XML (openpyxl would write a cell for every position)."""

    def breaks(source: Path) -> None:
        with zipfile.ZipFile(source / WORKBOOK) as archive:
            xml = archive.read(sheet_member)
        merges = f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
        at = xml.index(b"<conditionalFormatting")  # mergeCells comes right before it in CT_Worksheet
        patched = xml[:at] + merges.encode() + b"</mergeCells>" + xml[at:]
        patch_zip(source / WORKBOOK, sheet_member, xml, patched)

    return breaks


def add_extension(sheet_member: str) -> Callable[[Path], None]:
    """A worksheet extension (as Excel writes for sparklines) that openpyxl warns about in English."""
    extension = b'<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"/></extLst></worksheet>'
    return patch_workbook_xml(sheet_member, b"</worksheet>", extension)


def matrix_as_chart(source: Path) -> None:
    """The sheet Matrix replaced by a chart sheet of the same name."""
    book = load_workbook(source / WORKBOOK)
    index = book.sheetnames.index("Matrix")
    del book["Matrix"]
    chart = BarChart()
    chart.add_data(Reference(book["Thema's"], min_col=1, min_row=1, max_row=3))
    book.create_chartsheet("Matrix", index).add_chart(chart)
    book.save(source / WORKBOOK)


def other_workbook(source: Path) -> None:
    """An ordinary workbook, no jaarplan: a sheet of figures."""
    book = Workbook()
    book.active.title = "Cijfers 2010"
    book.active.append(["Wijk", "Aangiften"])
    book.save(source / WORKBOOK)


def rename_workbook(*names: str) -> Callable[[Path], None]:
    """The workbook saved under other names (copies of it), and ``jaarplan.xlsx`` gone."""

    def breaks(source: Path) -> None:
        for name in names:
            (source / name).write_bytes((source / WORKBOOK).read_bytes())
        (source / WORKBOOK).unlink()

    return breaks


def both(*breakers: Callable[[Path], None]) -> Callable[[Path], None]:
    def breaks(source: Path) -> None:
        for breaker in breakers:
            breaker(source)

    return breaks


# Entities that expand a thousandfold per level; a real bomb has more levels.
BILLION_LAUGHS = b"""<!DOCTYPE workbook [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>"""

# The directory entry of the EncryptionInfo stream: name, name length 30 (bytes, with the terminator), type 2 (stream).
ENCRYPTION_ENTRY = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00") + b"\x1e\x00\x02" + b"\x00" * 61
ENCRYPTED = OLE2 + b"\x00" * 504 + ENCRYPTION_ENTRY + b"\x00" * 384
# An old .doc whose text (UTF-16, as Word keeps it) says "EncryptionInfo": no directory entry of that name.
OLD_DOC = OLE2 + b"\x00" * 504 + "zie EncryptionInfo en EncryptedPackage".encode("utf-16-le") + b"\x00" * 512

CASES = [
    # --- files that are not (the right) workbook
    Case("workbook missing", remove(WORKBOOK), (f"FOUT  {XLSX}: de werkmap ontbreekt",)),
    Case(
        "saved as .xls beside it",
        write_bytes(OLE2 + b"\x00" * 600, "jaarplan.xls", remove_workbook=True),
        (f"FOUT  {XLSX}: de werkmap ontbreekt; er staat wel 'jaarplan.xls': {SAVE_AS} onder de naam 'jaarplan.xlsx'",),
    ),
    Case(
        "old .xls renamed",
        write_bytes(OLE2 + b"\x00" * 600),
        (f"FOUT  {XLSX}: dit is een oud Excel-bestand (.xls), geen .xlsx; {SAVE_AS}",),
    ),
    Case(
        ".ods renamed",
        write_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        (f"FOUT  {XLSX}: dit is een OpenDocument-rekenblad (.ods), geen .xlsx; {SAVE_ODS_AS}",),
    ),
    Case(
        ".csv renamed",
        write_bytes("Thema;Doel;Specifiek\nJeugd;Minder overlast;Ça va\n".encode("cp1252")),
        (f"FOUT  {XLSX}: dit is een tekstbestand (zoals .csv), geen Excel-werkmap; {SAVE_AS}",),
    ),
    Case(
        "zero bytes",
        write_bytes(b""),
        (f"FOUT  {XLSX}: het bestand is leeg (0 bytes); zet de werkmap terug uit een back-up",),
    ),
    Case(
        "a picture renamed",
        write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe"),
        (f"FOUT  {XLSX}: dit is een ander soort bestand, geen Excel-werkmap; {SAVE_AS}",),
    ),
    Case(
        "password protected",
        write_bytes(ENCRYPTED),
        (
            f"FOUT  {XLSX}: de werkmap is beveiligd met een wachtwoord; sla hem op zonder wachtwoord (Excel: Bestand › "
            "Info › Werkmap beveiligen › Versleutelen met wachtwoord: leegmaken; LibreOffice: Bestand › Opslaan als, "
            "zonder 'Opslaan met wachtwoord')",
        ),
    ),
    Case(
        "old .xls whose text says EncryptionInfo",
        write_bytes(OLD_DOC),
        (f"FOUT  {XLSX}: dit is een oud Excel-bestand (.xls), geen .xlsx; {SAVE_AS}",),
    ),
    Case(
        "a Word document renamed",
        write_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        (f"FOUT  {XLSX}: dit is een Word-document, geen Excel-werkmap",),
    ),
    Case(
        "damaged zip",
        write_bytes(b"PK\x03\x04" + b"\x00\x13garbage" * 40),
        (f"FOUT  {XLSX}: de werkmap is beschadigd (geen geldig .xlsx-bestand); zet hem terug uit een back-up",),
    ),
    Case(
        "XML bomb",
        patch_workbook_xml("xl/workbook.xml", b"<workbook", BILLION_LAUGHS + b"<workbook"),
        (f"FOUT  {XLSX}: de werkmap bevat XML die niet is toegestaan (zoals een XML-bom) en wordt niet gelezen",),
    ),
    Case(
        "open in Excel (lock file beside it)",
        write_bytes(b"\x09J. Modder" + b"\x20" * 60, "~$jaarplan.xlsx"),
        (
            f"WAARSCHUWING  {XLSX}: de werkmap is geopend in Excel door J. Modder; wat daar nog niet is "
            "opgeslagen, komt niet in het document (sla eerst op; is Excel al dicht, verwijder dan het "
            "slotbestand '~$jaarplan.xlsx')",
        ),
    ),
    Case(
        "open in LibreOffice (lock file beside it)",
        write_bytes(b"Jan de Vries,jdevries,werkplek-12,29.11.2026 10:15,file:///C:/Users/jdevries;", LO_LOCK),
        (
            f"WAARSCHUWING  {XLSX}: de werkmap is geopend in LibreOffice door Jan de Vries (sinds 29.11.2026 "
            "10:15); wat daar nog niet is opgeslagen, komt niet in het document (sla eerst op; is LibreOffice al "
            f"dicht, verwijder dan het slotbestand '{LO_LOCK}')",
        ),
    ),
    Case(
        "saved as .ods instead",
        write_zip_as(ODS, "jaarplan.ods", remove_workbook=True),
        (f"FOUT  {XLSX}: de werkmap ontbreekt; er staat wel 'jaarplan.ods': {SAVE_ODS_AS}",),
    ),
    Case(
        "saved under another name",
        rename_workbook("jaarplan 2011 definitief.xlsx"),
        (
            f"FOUT  {XLSX}: de werkmap ontbreekt; in de map staat wel 'jaarplan 2011 definitief.xlsx': geef dat "
            "bestand de naam 'jaarplan.xlsx'",
        ),
    ),
    Case(
        "saved under other names, with Excel's lock file of one",
        both(rename_workbook("Jaarplan concept.xlsx", "oud.XLSX"), write_bytes(b"x", "~$oud.XLSX")),
        (
            f"FOUT  {XLSX}: de werkmap ontbreekt; in de map staat wel 'Jaarplan concept.xlsx', 'oud.XLSX': geef het "
            "bestand dat het plan is de naam 'jaarplan.xlsx'",
        ),
    ),
    Case(
        "a newer .ods beside the workbook",
        newer(write_zip_as(ODS, "jaarplan.ods")),
        (
            "FOUT  source/jaarplan.ods: 'jaarplan.ods' (opgeslagen {ods_saved}) is nieuwer dan 'jaarplan.xlsx' "
            "(opgeslagen {xlsx_saved}); jaarplan leest alleen 'jaarplan.xlsx', dus uw laatste wijzigingen zouden "
            f"ontbreken. {SAVE_ODS_AS_SENTENCE}; verwijder daarna 'jaarplan.ods'",
        ),
    ),
    # --- sheets and columns
    Case(
        "sheet renamed",
        rename_sheet("Matrix", "Matrijs"),
        (f"FOUT  {XLSX}: het werkblad 'Matrix' ontbreekt; heet het nu 'Matrijs'? Noem het werkblad 'Matrix'",),
    ),
    Case(
        "header retyped",
        set_cells("Matrix", I1="Stand v. zaken"),
        (
            f"FOUT  {XLSX} › Matrix!I1: kolom 'Stand van zaken' ontbreekt; staat er 'Stand v. zaken'? "
            "Noem de kolom 'Stand van zaken'",
        ),
    ),
    Case(
        "header cleared",
        set_cells("Matrix", H1=None),
        (f"FOUT  {XLSX} › Matrix!1: kolom 'Deadline' ontbreekt in de kopregel (rij 1)",),
    ),
    Case(
        "two headers wrong at once",
        both(set_cells("Thema's", B1="Clusters"), set_cells("Voetnoten", A1=None)),
        (
            f"FOUT  {XLSX} › Thema's!B1: kolom 'Cluster' ontbreekt; staat er 'Clusters'? Noem de kolom 'Cluster'",
            f"FOUT  {XLSX} › Voetnoten!1: kolom 'Voetnoot' ontbreekt in de kopregel (rij 1)",
        ),
    ),
    # --- rows
    Case(
        "matrix rows for an unknown theme",
        set_cells("Matrix", A12="Huiselijk gewelt", A13="Huiselijk gewelt"),
        (
            f"FOUT  {XLSX} › Matrix!A12: onbekend thema 'Huiselijk gewelt' (niet op blad Thema's, 2 rijen); "
            "bedoelt u 'Huiselijk geweld'?",
        ),
    ),
    Case(
        "a missing Doel after rows of an unknown theme is still found",
        set_cells("Matrix", A6="Onbekend", A7="Onbekend", B8=None),
        (
            f"FOUT  {XLSX} › Matrix!A6: onbekend thema 'Onbekend' (niet op blad Thema's, 2 rijen)",
            f"FOUT  {XLSX} › Matrix!B8: Doel ontbreekt, maar de rij heeft Specifiek-tekst",
        ),
    ),
    Case(
        "a row of an existing theme typed at the bottom, without Doel",
        append_row("Matrix", ["Huiselijk geweld", None, "Nog een actie tegen huiselijk geweld."]),
        (
            f"FOUT  {XLSX} › Matrix!B{{matrix_last}}: deze rij van thema 'Huiselijk geweld' staat niet bij de andere "
            "rijen van dat thema (rijen 12–16) en heeft geen Doel; zet de rij onder het Doel waar hij bij hoort, of "
            "vul een Doel in",
        ),
    ),
    Case(
        "a row of an existing theme typed at the bottom, with its own Doel, is accepted",
        append_row("Matrix", ["Huiselijk geweld", "Meer meldingen", "Campagne in wijkcentra."]),
        (),
    ),
    Case(
        "a theme typo on a continuation row gives only the typo",
        set_cells("Matrix", A13="Huiselijk gewelt"),
        (
            f"FOUT  {XLSX} › Matrix!A13: onbekend thema 'Huiselijk gewelt' (niet op blad Thema's); "
            "bedoelt u 'Huiselijk geweld'?",
        ),
    ),
    Case(
        "a theme typo on a goal's first row gives only the typo",
        set_cells("Matrix", A12="Huiselijk gewelt"),
        (
            f"FOUT  {XLSX} › Matrix!A12: onbekend thema 'Huiselijk gewelt' (niet op blad Thema's); "
            "bedoelt u 'Huiselijk geweld'?",
        ),
    ),
    Case(
        "a new theme missing from the list sheet",
        append_row("Thema's", ["Cybercrime", "criminaliteit", "Oplichting via internet neemt toe."]),
        (
            f"WAARSCHUWING  {XLSX} › Thema's!A{{last}}: thema 'Cybercrime' staat niet op het blad Lijsten (kolom "
            "Thema's), dus de keuzelijst in de kolom Thema op het blad Matrix biedt het niet aan; zet het daar bij",
        ),
    ),
    Case(
        "unknown cluster",
        set_cells("Thema's", B2="openbare ruimte"),
        (
            f"FOUT  {XLSX} › Thema's!B2: onbekend cluster 'openbare ruimte'; kies uit 'sociaal maatschappelijke "
            "thema's', 'openbaar domein', 'criminaliteit' (plan.yaml)",
        ),
    ),
    Case(
        "duplicate theme",
        append_row("Thema's", ["Veelplegers", "criminaliteit", "Nog een keer."]),
        (f"FOUT  {XLSX} › Thema's!A{{last}}: thema 'Veelplegers' staat twee keer op dit blad (ook op A{{first}})",),
    ),
    Case(
        "continuation row before any Doel",
        set_cells("Matrix", B2=None),
        (f"FOUT  {XLSX} › Matrix!B2: Doel ontbreekt, maar de rij heeft Specifiek-tekst",),
    ),
    Case(
        "theme text before any theme",
        insert_row("Thema's", 2, [None, None, "Losse alinea."]),
        (f"FOUT  {XLSX} › Thema's!A2: Thema ontbreekt, maar de rij heeft tekst; vul eerst de kolom Thema in",),
    ),
    Case(
        "empty theme",
        append_row("Thema's", ["Cybercrime", "criminaliteit"]),
        (
            f"WAARSCHUWING  {XLSX} › Thema's!A{{last}}: thema 'Cybercrime' staat niet op het blad Lijsten (kolom "
            "Thema's), dus de keuzelijst in de kolom Thema op het blad Matrix biedt het niet aan; zet het daar bij",
            f"WAARSCHUWING  {XLSX} › Thema's!A{{last}}: thema 'Cybercrime' heeft geen tekst en geen matrixregels; "
            "het komt als lege kop in het document",
        ),
    ),
    Case(
        "footnote that does not exist",
        set_cells("Matrix", C2="Zie de nota [voetnoot 7]"),
        (f"FOUT  {XLSX} › Matrix!C2: verwijzing naar voetnoot '7', maar die staat niet op het blad Voetnoten",),
    ),
    Case(
        "footnote that does not exist, in a later column",
        set_cells("Matrix", F5="Volgens afspraak [voetnoot 8]"),
        (f"FOUT  {XLSX} › Matrix!F5: verwijzing naar voetnoot '8', maar die staat niet op het blad Voetnoten",),
    ),
    Case(
        "footnote that does not exist, in a chapter's second paragraph",
        set_cells("Hoofdstukken", B4="Zie het convenant [voetnoot 9]"),
        (f"FOUT  {XLSX} › Hoofdstukken!B4: verwijzing naar voetnoot '9', maar die staat niet op het blad Voetnoten",),
    ),
    # --- cells
    Case(
        "formula without a cached value",
        set_cells("Matrix", H2="=DATE(2010,12,31)"),
        (
            f"FOUT  {XLSX} › Matrix!H2: formule zonder berekende waarde; open de werkmap in Excel of LibreOffice en "
            "sla hem op, dan wordt de uitkomst bewaard",
        ),
    ),
    Case(
        "vertical tab and form feed pasted from Word",
        placeholder_then_patch("Matrix", "C2", b"Eerste regel_x000B_tweede regel_x000C_"),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!C2: een regeleinde uit Word (verticale tab) is overgenomen als "
            "regeleinde in de cel",
            f"WAARSCHUWING  {XLSX} › Matrix!C2: onzichtbare tekens uit geplakte tekst verwijderd: pagina-einde",
        ),
    ),
    Case(
        "zero-width space pasted from the web",
        set_cells("Thema's", C2="Overlast\u200b door jongeren\ufeff"),
        (
            f"WAARSCHUWING  {XLSX} › Thema's!C2: onzichtbare tekens uit geplakte tekst verwijderd: "
            "spatie zonder breedte, bytevolgordeteken",
        ),
    ),
    Case(
        "hidden row",
        hide_row("Matrix", 3),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!A3: rij 3 is verborgen of weggefilterd (in Excel of LibreOffice), "
            "maar komt wel in het document",
        ),
    ),
    Case(
        "hidden sheet",
        hide_sheet("Voetnoten"),
        (
            f"WAARSCHUWING  {XLSX} › Voetnoten: het werkblad is verborgen (in Excel of LibreOffice), maar wordt wel "
            "gelezen",
        ),
    ),
    Case(
        "date serials out of range and an extension openpyxl does not know",
        both(
            edit_sheet(
                "Matrix",
                lambda ws: [
                    setattr(ws[cell], "number_format", "dd-mm-yyyy") or setattr(ws[cell], "value", 99999999)
                    for cell in ("H2", "H3")
                ],
            ),
            add_extension("xl/worksheets/sheet4.xml"),
        ),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!H2: 2 cellen in datumopmaak bevatten een getal dat geen datum is (H2: "
            "99999999, H3: 99999999; Excel toont ########); ze blijven leeg in het document: typ de datums "
            "opnieuw, of haal de datumopmaak weg",
        ),
    ),
    Case(
        "one date serial out of range",
        edit_sheet(
            "Voetnoten", lambda ws: setattr(ws["B3"], "number_format", "d-m-jjjj") or setattr(ws["B3"], "value", 3e6)
        ),
        (
            f"WAARSCHUWING  {XLSX} › Voetnoten!B3: het getal 3000000 staat in datumopmaak, maar is geen datum (Excel "
            "toont ########); de cel blijft leeg in het document: typ de datum opnieuw, of haal de datumopmaak weg",
        ),
    ),
    Case(
        "error values in cells (#VALUE!, #N/A)",
        set_cells("Matrix", H2="#VALUE!", H3="#N/A"),  # openpyxl writes them as Excel does: t="e"
        (
            f"WAARSCHUWING  {XLSX} › Matrix!H2: 2 cellen tonen een foutwaarde (H2: #WAARDE!, H3: #N/B), van formules "
            "die geen uitkomst hebben; ze blijven leeg in het document: verbeter de formules, of typ de waarden",
        ),
    ),
    Case(
        "one error value in a cell",
        set_cells("Voetnoten", B3="#DIV/0!"),
        (
            f"WAARSCHUWING  {XLSX} › Voetnoten!B3: de cel toont de foutwaarde #DEEL/0! (een formule die geen uitkomst "
            "heeft); de cel blijft leeg in het document: verbeter de formule, of typ de waarde",
        ),
    ),
    Case("saved as Strict Open XML", lambda source: to_strict(source / WORKBOOK), ()),
    Case("merge over a whole column", add_merges("xl/worksheets/sheet4.xml", ["K1:K1048576"]), ()),
    Case(
        "hundreds of merges over whole rows",
        add_merges("xl/worksheets/sheet4.xml", [f"K{row}:XFD{row}" for row in range(1, 601)]),
        (),
    ),
    Case(
        "the sheet Matrix is a chart sheet",
        matrix_as_chart,
        (
            f"FOUT  {XLSX} › Matrix: 'Matrix' is hier een grafiekblad, geen werkblad met een tabel; geef de grafiek "
            "een andere naam en zet de tabel op een werkblad 'Matrix'",
        ),
    ),
    Case(
        "a workbook that is no jaarplan",
        other_workbook,
        tuple(
            f"FOUT  {XLSX}: het werkblad '{name}' ontbreekt"
            for name in ("Hoofdstukken", "Thema's", "Matrix", "Voetnoten")
        ),
    ),
    # --- plan.yaml
    Case("plan.yaml missing", remove("plan.yaml"), (f"FOUT  {YAML}: het bestand met de documentgegevens ontbreekt",)),
    Case(
        "YAML syntax error",
        edit_yaml('versie: "2.2"', "versie: [2.2"),
        (
            f"FOUT  {YAML}, regel 8: geen geldige YAML op of vlak vóór deze regel (let op aanhalingstekens, haken "
            "en inspringen; YAML zegt: expected ',' or ']', but got '?')",
        ),
    ),
    Case(
        "YAML key misspelled",
        edit_yaml("auteur:", "auter:"),
        (
            f"FOUT  {YAML}, regel 10: onbekende sleutel 'auter'; bedoelt u 'auteur'?",
            f"FOUT  {YAML}, regel 2: 'auteur' ontbreekt",
        ),
    ),
    Case(
        "version not a number",
        edit_yaml('versie: "2.2"', "versie: twee"),
        (f"FOUT  {YAML}, regel 6: 'versie' moet een versienummer zijn, zoals 2.2, niet 'twee'",),
    ),
    Case(
        "date impossible",
        edit_yaml("datum: 2009-11-24", "datum: 31-02-2009"),
        (f"FOUT  {YAML}, regel 8: 'datum' is geen geldige datum: '31-02-2009' (schrijf bijvoorbeeld 2009-11-24)",),
    ),
    Case(
        "status unknown",
        edit_yaml("status: definitief", "status: klaar"),
        (f"FOUT  {YAML}, regel 12: 'status' moet 'concept' of 'definitief' zijn, niet 'klaar'",),
    ),
    Case(
        "plan.yaml saved as ANSI",
        write_bytes('titel: "Jaarplan Zaanstad"\nauteur: "Zoë"\n'.encode("cp1252"), "plan.yaml"),
        (f"FOUT  {YAML}: het bestand is geen UTF-8-tekst; sla het op als UTF-8",),
    ),
    # --- the Status column and the progress report's settings
    Case(
        "status unknown in the matrix",
        set_cells("Matrix", J2="op shema"),
        (
            f"FOUT  {XLSX} › Matrix!J2: onbekende status 'op shema'; bedoelt u 'op schema'? Kies uit 'gereed', "
            "'op schema', 'aandacht', 'achter', 'nog niet gestart' (plan.yaml, statussen)",
        ),
    ),
    Case(
        "status unknown in the matrix, like no known one",
        set_cells("Matrix", J2="klaar"),
        (
            f"FOUT  {XLSX} › Matrix!J2: onbekende status 'klaar'. Kies uit 'gereed', 'op schema', 'aandacht', "
            "'achter', 'nog niet gestart' (plan.yaml, statussen)",
        ),
    ),
    Case(
        "an empty theme is said in the same run as errors",
        both(
            append_row("Thema's", ["Cybercrime", "criminaliteit"]),
            set_cells("Thema's", B2="openbare ruimte"),
            set_cells("Matrix", J2="klaar"),
        ),
        (
            f"WAARSCHUWING  {XLSX} › Thema's!A{{last}}: thema 'Cybercrime' staat niet op het blad Lijsten (kolom "
            "Thema's), dus de keuzelijst in de kolom Thema op het blad Matrix biedt het niet aan; zet het daar bij",
            f"FOUT  {XLSX} › Thema's!B2: onbekend cluster 'openbare ruimte'; kies uit 'sociaal maatschappelijke "
            "thema's', 'openbaar domein', 'criminaliteit' (plan.yaml)",
            f"WAARSCHUWING  {XLSX} › Thema's!A{{last}}: thema 'Cybercrime' heeft geen tekst en geen matrixregels; "
            "het komt als lege kop in het document",
            f"FOUT  {XLSX} › Matrix!J2: onbekende status 'klaar'. Kies uit 'gereed', 'op schema', 'aandacht', "
            "'achter', 'nog niet gestart' (plan.yaml, statussen)",
        ),
    ),
    Case(
        "Deadlines typed as text",
        set_cells(
            "Matrix",
            H2="1 juli",  # the plan's year: a date, no warning
            H3="doorlopend",
            H4="1-7-2011",
            H5=datetime.datetime(2011, 7, 1),  # a real date in another year, as Excel stores it
            H6="eind 2010",
            H7="Q3 2010",
            H8="uiterlijk 1 juli 2010",  # read as the date after it: no warning
            H9="voor 1 juli",
            H10="juli 2010",
            H11="2010/07/01",
            H12="1-7-99",  # a two-digit year nearest the plan's: 1999, not 2099
            H13="juli 2011",  # a month means its last day
        ),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!H3: Deadline 'doorlopend' is geen datum; de voortgangsrapportage toont "
            "de tekst zoals hij is en telt deze actie nooit als verlopen. Is er een einddatum, typ die dan als datum "
            "(zoals '1 juli 2010', '1-7-2010' of 'eind 2010')",
            f"WAARSCHUWING  {XLSX} › Matrix!H4: Deadline '1-7-2011' valt in 2011, niet in het planjaar 2010; de "
            "voortgangsrapportage rekent met 1 juli 2011. Klopt het jaar?",
            f"WAARSCHUWING  {XLSX} › Matrix!H5: Deadline '1 juli 2011' valt in 2011, niet in het planjaar 2010; de "
            "voortgangsrapportage rekent met 1 juli 2011. Klopt het jaar?",
            f"WAARSCHUWING  {XLSX} › Matrix!H7: Deadline 'Q3 2010' is geen datum; de voortgangsrapportage toont "
            "de tekst zoals hij is en telt deze actie nooit als verlopen. Is er een einddatum, typ die dan als datum "
            "(zoals '1 juli 2010', '1-7-2010' of 'eind 2010')",
            f"WAARSCHUWING  {XLSX} › Matrix!H12: Deadline '1-7-99' valt in 1999, niet in het planjaar 2010; de "
            "voortgangsrapportage rekent met 1 juli 1999. Klopt het jaar?",
            f"WAARSCHUWING  {XLSX} › Matrix!H13: Deadline 'juli 2011' valt in 2011, niet in het planjaar 2010; de "
            "voortgangsrapportage rekent met 31 juli 2011. Klopt het jaar?",
        ),
    ),
    Case(
        "status achter without Stand van zaken",
        set_cells("Matrix", J3="achter"),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!J3: status 'achter' maar Stand van zaken is leeg: leg in die kolom "
            "uit waarom (oorzaak, gevolg, wat er gebeurt)",
        ),
    ),
    Case(
        "status on a row without Doel",
        insert_row("Matrix", 2, ["Alcohol- en drugsproblematiek, algemeen", *[None] * 8, "gereed"]),
        (f"FOUT  {XLSX} › Matrix!B2: Doel ontbreekt, maar de rij heeft Status-tekst",),
    ),
    Case(
        "Status column missing (an older workbook)",
        edit_sheet("Matrix", lambda ws: ws.delete_cols(10)),
        (
            f"WAARSCHUWING  {XLSX} › Matrix!1: kolom 'Status' ontbreekt; elke regel heeft nu 'geen status'. Voeg "
            "in rij 1 na 'Stand van zaken' een kolom 'Status' toe (het jaarplan zelf verandert er niet door)",
        ),
    ),
    Case(
        "peildatum in a wrong format",
        edit_yaml("status: definitief", "status: definitief\npeildatum: 30-6-2026"),
        (f"FOUT  {YAML}, regel 13: '30-6-2026' is geen geldige peildatum; schrijf JJJJ-MM-DD, zoals 2026-06-30",),
    ),
    Case(
        "status colour that is no colour",
        edit_yaml('kleur: "C62828"', 'kleur: "rood"'),
        (f"FOUT  {YAML}, regel 51: 'kleur' moet een kleurcode zijn zoals 2E7D32, niet 'rood'",),
    ),
    Case(
        "title longer than Word's document properties allow",
        edit_yaml('titel: "Gezamenlijk jaarplan"', f'titel: "{"Gezamenlijk jaarplan veiligheid " * 9}"'),
        (
            f"FOUT  {YAML}, regel 2: 'titel' is 287 tekens lang; in de documenteigenschappen van Word past "
            "hoogstens 250: kort het in",
        ),
    ),
    Case(
        "partners and author too long",
        both(
            edit_yaml('partners: "Politie, OM en gemeente Alkmaar"', f'partners: "{"Politie, OM en gemeente " * 11}"'),
            edit_yaml('auteur: "JM"', f'auteur: "{"J" * 256}"'),
        ),
        (
            f"FOUT  {YAML}, regel 4: 'partners' is 263 tekens lang; in de documenteigenschappen van Word past "
            "hoogstens 255: kort het in",
            f"FOUT  {YAML}, regel 10: 'auteur' is 256 tekens lang; in de documenteigenschappen van Word past "
            "hoogstens 255: kort het in",
        ),
    ),
    # --- several files at once
    Case(
        "problems in both files are all shown",
        both(edit_yaml("status: definitief", "status: klaar"), set_cells("Matrix", A4="Onbekend")),
        (
            f"FOUT  {YAML}, regel 12: 'status' moet 'concept' of 'definitief' zijn, niet 'klaar'",
            f"FOUT  {XLSX} › Matrix!A4: onbekend thema 'Onbekend' (niet op blad Thema's)",
        ),
    ),
]


def expected_lines(case: Case, source: Path) -> list[str]:
    """The case's lines with row numbers that depend on the sheet filled in ({last}, {first})."""
    lines = []
    for line in case.expected:
        if "{last}" in line:
            book = load_workbook(source / WORKBOOK)
            sheet = book["Thema's"]
            title = re.search(r"thema '([^']+)'", line).group(1)
            rows = [cell.row for cell in sheet["A"] if cell.value == title]
            line = line.replace("{last}", str(sheet.max_row)).replace("{first}", str(rows[0]))
        if "{matrix_last}" in line:
            line = line.replace("{matrix_last}", str(load_workbook(source / WORKBOOK)["Matrix"].max_row))
        for name in ("ods", "xlsx"):
            if f"{{{name}_saved}}" in line:
                saved = datetime.datetime.fromtimestamp((source / f"jaarplan.{name}").stat().st_mtime)
                line = line.replace(f"{{{name}_saved}}", saved.strftime("%d-%m-%Y %H:%M:%S"))
        lines.append(line)
    return lines


@dataclass(frozen=True)
class WordCase:
    """A Word plan saved the way people save it, with every line ``jaarplan import`` must print and its exit code.

    ``writes`` makes the file from the built default plan in a folder; ``{file}`` in a line is that file.
    """

    name: str
    writes: Callable[[Path, Path], Path]
    expected: tuple[str, ...]
    exit_code: int


def strict_copy(built: Path, folder: Path) -> Path:
    """The built plan saved as Strict Open XML (Word: Opslaan als › Strict Open XML-document)."""
    return to_strict(Path(shutil.copy(built, folder / "jaarplan strict.docx")))


def encrypted_copy(built: Path, folder: Path) -> Path:
    """A Word plan with a password (made with msoffcrypto-tool; see tests/data/encrypted/README.md)."""
    return Path(shutil.copy(ENCRYPTED_PLAN, folder / "met wachtwoord.docx"))


def old_doc_copy(built: Path, folder: Path) -> Path:
    """A plan saved by old Word (.doc, an OLE2 file) whose text names the streams of an encrypted file."""
    document = folder / "oud plan.doc"
    document.write_bytes(OLD_DOC)
    return document


def strict_bomb_copy(built: Path, folder: Path) -> Path:
    """A Strict plan with 60 MB of zeros no part refers to: 60 KB on disk, a zip bomb if all were unpacked."""
    strict = strict_copy(built, folder)
    with (
        zipfile.ZipFile(strict, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/nullen.bin", "w") as member,
    ):
        for _ in range(60):
            member.write(bytes(1024 * 1024))
    return strict


ENCRYPTED_PLAN = Path(__file__).parent / "data" / "encrypted" / "plan-met-wachtwoord.docx"
WORD_CASES = [
    WordCase("Word plan saved as Strict Open XML", strict_copy, (), 0),
    WordCase(
        "Strict Word plan that would unpack to a zip bomb",
        strict_bomb_copy,
        (
            "FOUT  {file}: het Word-document zou uitgepakt 60 MB worden; zo groot is geen jaarplan (mogelijk een "
            "zip-bom) en het wordt niet gelezen",
        ),
        1,
    ),
    WordCase(
        "old Word .doc whose text says EncryptionInfo",
        old_doc_copy,
        (
            "FOUT  {file}: dit is een oud Word-bestand (.doc), geen .docx; open het in Word en sla het op als "
            "Word-document (Opslaan als › Word-document (*.docx); LibreOffice: Bestand › Opslaan als › Word 2007-365 "
            "(.docx))",
        ),
        1,
    ),
    WordCase(
        "Word plan encrypted with a password",
        encrypted_copy,
        (
            "FOUT  {file}: het Word-document is beveiligd met een wachtwoord; sla het op zonder wachtwoord (Word: "
            "Bestand › Info › Document beveiligen › Versleutelen met wachtwoord: leegmaken; LibreOffice: Bestand › "
            "Opslaan als, zonder 'Opslaan met wachtwoord')",
        ),
        1,
    ),
]
