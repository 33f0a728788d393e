"""Is this file an Excel workbook we can open safely? Say what it is when it is not.

People save a workbook as .xls or .ods, rename a .csv, protect it with a
password or pick up Excel's ``~$`` lock file. Each gets one sentence that
says what the file is and what to do. A workbook is a zip of XML: its
declared sizes are checked before anything is unpacked (zip bombs), and
openpyxl parses it with defusedxml (XML bombs), which it uses when installed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook

from .errors import Location, PlanError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # a 20,000-row plan unpacks to about 20 MB
MAX_COMPRESSION_RATIO = 200  # XML compresses 10 to 30 times; far beyond that is a bomb

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and Office files encrypted with a password
ZIP_SIGNATURE = b"PK\x03\x04"
SAVE_AS_XLSX = "open het in Excel en kies Opslaan als › Excel-werkmap (.xlsx)"
XML_BOMB = "de werkmap bevat XML die niet is toegestaan (zoals een XML-bom) en wordt niet gelezen"
OTHER_FORMATS = (".xls", ".ods", ".csv", ".xlsm", ".numbers")


def open_workbook(path: Path, *, cached_values: bool = False) -> Workbook:
    """Open ``path`` with openpyxl after checking what kind of file it is.

    ``cached_values`` gives formula cells the value Excel last computed
    instead of the formula.
    """
    check_workbook_file(path)
    try:
        return load_workbook(path, rich_text=True, data_only=cached_values)
    except PermissionError:
        raise PlanError("de werkmap kan niet worden gelezen (geen toegang)", Location(path)) from None
    except DefusedXmlException:
        raise PlanError(XML_BOMB, Location(path)) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise PlanError(
            f"de werkmap is beschadigd en kan niet worden gelezen ({type(error).__name__}); "
            "open hem in Excel en sla hem opnieuw op",
            Location(path),
        ) from None


def check_workbook_file(path: Path) -> None:
    """Raise a PlanError that says what the file is, unless it is a plain .xlsx of a sane size."""
    where = Location(path)
    if path.name.startswith("~$"):
        raise PlanError(
            "dit is het slotbestand dat Excel maakt zolang een werkmap open is, niet de werkmap zelf", where
        )
    if not path.exists():
        raise PlanError(f"de werkmap ontbreekt{_other_format_hint(path)}", where)
    if path.is_dir():
        raise PlanError("dit is een map, geen werkmap", where)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except PermissionError:
        raise PlanError(
            "de werkmap kan niet worden gelezen (geen toegang, of geopend in een ander programma)", where
        ) from None
    if not head:
        raise PlanError("het bestand is leeg (0 bytes); zet de werkmap terug uit een back-up", where)
    if head.startswith(OLE2_SIGNATURE):
        if _is_encrypted_office_file(path):
            raise PlanError(
                "de werkmap is beveiligd met een wachtwoord; sla hem in Excel op zonder wachtwoord "
                "(Bestand › Info › Werkmap beveiligen › Versleutelen met wachtwoord: leegmaken)",
                where,
            )
        raise PlanError(f"dit is een oud Excel-bestand (.xls), geen .xlsx; {SAVE_AS_XLSX}", where)
    if not head.startswith(ZIP_SIGNATURE):
        kind = "een tekstbestand (zoals .csv)" if _looks_like_text(head) else "een ander soort bestand"
        raise PlanError(f"dit is {kind}, geen Excel-werkmap; {SAVE_AS_XLSX}", where)
    _check_zip_contents(path)


def _other_format_hint(path: Path) -> str:
    for suffix in OTHER_FORMATS:
        other = path.with_suffix(suffix)
        if other.exists():
            return f"; er staat wel '{other.name}': {SAVE_AS_XLSX} onder de naam '{path.name}'"
    return ""


def _is_encrypted_office_file(path: Path) -> bool:
    """An encrypted .xlsx is an OLE2 container with an EncryptionInfo stream (names are UTF-16)."""
    with path.open("rb") as handle:
        return "EncryptionInfo".encode("utf-16-le") in handle.read(1024 * 1024)


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return b"\x00" not in head


def _check_zip_contents(path: Path) -> None:
    where = Location(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declares_entities = any(_declares_entities(archive, member) for member in members)
    except zipfile.BadZipFile:
        raise PlanError(
            "de werkmap is beschadigd (geen geldig .xlsx-bestand); zet hem terug uit een back-up", where
        ) from None
    names = {member.filename for member in members}
    if "mimetype" in names and "content.xml" in names:
        raise PlanError(f"dit is een OpenDocument-rekenblad (.ods), geen .xlsx; {SAVE_AS_XLSX}", where)
    if "xl/workbook.xml" not in names:
        kind = "een Word-document" if "word/document.xml" in names else "een zip-bestand"
        raise PlanError(f"dit is {kind}, geen Excel-werkmap", where)
    if declares_entities:
        raise PlanError(XML_BOMB, where)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_COMPRESSION_RATIO):
        raise PlanError(
            f"de werkmap zou uitgepakt {unpacked // (1024 * 1024)} MB worden; zo groot is geen jaarplan "
            "(mogelijk een zip-bom) en hij wordt niet gelezen",
            where,
        )


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Office never writes a DTD; one that declares entities is how an XML bomb starts."""
    if not member.filename.endswith((".xml", ".rels")):
        return False
    with archive.open(member) as handle:
        head = handle.read(4096)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head
