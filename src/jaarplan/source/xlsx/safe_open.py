"""Is this file an Excel workbook we can open safely? Say what it is when it is not.

People save a workbook as .xls or .ods, rename a .csv, protect it with a
password or pick up Excel's ``~$`` lock file. Each gets one sentence that
says what the file is and what to do. Beside the workbook, a lock file of
Excel or LibreOffice says someone has it open (and who), and a newer
``jaarplan.ods`` means the edits went into another file (``check_beside``). A workbook is a zip of XML: its
declared sizes are checked before anything is unpacked (zip bombs), and no part may declare a DTD or
entities (XML bombs); ``xlsx.cells`` then reads it with lxml told not to resolve entities.

An .ods is refused, not read: the source stays one .xlsx (one format to archive,
compare and keep in git), and ``check`` keeps working without LibreOffice. The
message says how Calc saves it as .xlsx.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path

from jaarplan.errors import Location, PlanError, Problems, Reason
from jaarplan.source.xlsx.cells import XML_BOMB, Workbook, read_cells
from jaarplan.source.xlsx.strict import check_package_sizes

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and Office files encrypted with a password
ZIP_SIGNATURE = b"PK\x03\x04"
SAVE_AS_XLSX = (
    "open het in Excel of LibreOffice en sla het op als Excel-werkmap (Excel: Opslaan als › Excel-werkmap (.xlsx); "
    "LibreOffice: Bestand › Opslaan als › Excel 2007-365 (.xlsx))"
)
SAVE_ODS_AS_XLSX = (
    "open het in LibreOffice Calc, kies Bestand › Opslaan als › bestandstype Excel 2007-365 (.xlsx) met de naam "
    "'{name}', en bevestig met 'Gebruik Excel 2007-365!'"
)
OTHER_FORMATS = (".xls", ".ods", ".csv", ".xlsm", ".numbers")


def open_workbook(path: Path, sheets: Collection[str] | None = None, *, problems: Problems | None = None) -> Workbook:
    """Read the cells of the named ``sheets`` (all when None) after checking what kind of file ``path`` is.

    What is worth a word but does not stop reading (a date that cannot be, a
    sheet left out) goes to ``problems`` as a Dutch warning.
    """
    check_workbook_file(path)
    try:
        return read_cells(path, sheets, problems)
    except PermissionError:
        raise PlanError("de werkmap kan niet worden gelezen (geen toegang)", Location(path)) from None


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
        if is_encrypted_office_file(path):
            raise PlanError(
                "de werkmap is beveiligd met een wachtwoord; sla hem op zonder wachtwoord (Excel: Bestand › Info › "
                "Werkmap beveiligen › Versleutelen met wachtwoord: leegmaken; LibreOffice: Bestand › Opslaan als, "
                "zonder 'Opslaan met wachtwoord')",
                where,
            )
        raise PlanError(f"dit is een oud Excel-bestand (.xls), geen .xlsx; {SAVE_AS_XLSX}", where)
    if not head.startswith(ZIP_SIGNATURE):
        kind = "een tekstbestand (zoals .csv)" if _looks_like_text(head) else "een ander soort bestand"
        raise PlanError(f"dit is {kind}, geen Excel-werkmap; {SAVE_AS_XLSX}", where)
    _check_zip_contents(path)


def _other_format_hint(path: Path) -> str:
    """What stands in the folder instead: the same name in another format, or workbooks under another name."""
    for suffix in OTHER_FORMATS:
        other = path.with_suffix(suffix)
        if other.exists():
            if suffix == ".ods":
                return f"; er staat wel '{other.name}': {SAVE_ODS_AS_XLSX.format(name=path.name)}"
            return f"; er staat wel '{other.name}': {SAVE_AS_XLSX} onder de naam '{path.name}'"
    others = _workbooks_beside(path)
    if not others:
        return ""
    named = ", ".join(f"'{other.name}'" for other in others[:MAX_NAMED])
    more = f" en {len(others) - MAX_NAMED} andere" if len(others) > MAX_NAMED else ""
    which = "dat bestand" if len(others) == 1 else "het bestand dat het plan is"
    return f"; in de map staat wel {named}{more}: geef {which} de naam '{path.name}'"


MAX_NAMED = 5  # workbooks named in "de werkmap ontbreekt"; a folder of many says how many more


def _workbooks_beside(path: Path) -> list[Path]:
    """The .xlsx files in the workbook's folder, without the lock files of Excel and LibreOffice."""
    try:
        found = [
            other
            for other in path.parent.iterdir()
            if other.suffix.lower() == ".xlsx" and not other.name.startswith(("~$", ".~lock.")) and other.is_file()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda other: other.name.casefold())


def check_beside(path: Path, problems: Problems) -> bool:
    """Report what lies beside the workbook and changes what a build reads; False if it must not be read.

    A lock file of Excel (``~$jaarplan.xlsx``) or LibreOffice
    (``.~lock.jaarplan.xlsx#``) means the workbook is open, perhaps with
    unsaved edits: a warning naming the program and, when the lock file holds
    it, the user. A ``jaarplan.ods`` newer than the workbook means Calc saved
    the edits in its own format: an error, because reading the older .xlsx
    would leave them out without a word.
    """
    for program, lock_file, who in opened_in(path):
        problems.warn(
            f"de werkmap is geopend in {program}{f' door {who}' if who else ''}; wat daar nog niet is "
            f"opgeslagen, komt niet in het document (sla eerst op; is {program} al dicht, verwijder dan het "
            f"slotbestand '{lock_file.name}')",
            Location(path),
            reason=Reason.OPEN_ELSEWHERE,
        )
    ods = path.with_suffix(".ods")
    if ods.is_file() and path.is_file() and ods.stat().st_mtime > path.stat().st_mtime:
        problems.error(
            f"'{ods.name}' (opgeslagen {_saved_at(ods)}) is nieuwer dan '{path.name}' (opgeslagen {_saved_at(path)}); "
            f"jaarplan leest alleen '{path.name}', dus uw laatste wijzigingen zouden ontbreken. "
            f"{_sentence(SAVE_ODS_AS_XLSX.format(name=path.name))}; verwijder daarna '{ods.name}'",
            Location(ods),
        )
        return False
    return True


def opened_in(path: Path) -> list[tuple[str, Path, str]]:
    """(program, its lock file, who, if it says) for each of Excel and LibreOffice that has the workbook open."""
    return [(program, lock, holder(lock)) for program, lock, holder in _lock_files(path) if lock.is_file()]


def _sentence(text: str) -> str:
    """A clause as the start of a sentence: its first letter a capital."""
    return text[:1].upper() + text[1:]


def files_beside(path: Path) -> tuple[Path, ...]:
    """The files beside the workbook that ``check_beside`` looks at: what it says changes when one comes or goes.

    The lock files of Excel and LibreOffice, and ``jaarplan.ods``; a check kept
    for later (the werkomgeving's) is read again when any of them changes.
    """
    return (*(lock_file for _, lock_file, _ in _lock_files(path)), path.with_suffix(".ods"))


def _lock_files(path: Path) -> tuple[tuple[str, Path, Callable[[Path], str]], ...]:
    """(program, lock file, how to read who holds it) for each program that locks a workbook it has open."""
    return (
        ("Excel", path.with_name(f"~${path.name}"), _excel_lock_holder),
        ("LibreOffice", path.with_name(f".~lock.{path.name}#"), _libreoffice_lock_holder),
    )


def _saved_at(path: Path) -> str:
    return datetime.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d-%m-%Y %H:%M:%S")


def _excel_lock_holder(lock_file: Path) -> str:
    """The user name in Excel's owner file: a length byte and the name, and the name in UTF-16 from byte 54."""
    try:
        data = lock_file.read_bytes()[:512]
    except OSError:
        return ""
    if len(data) > 56 and data[54] > 0 and len(data) >= 56 + 2 * data[54]:
        wide = data[56 : 56 + 2 * data[54]].decode("utf-16-le", errors="replace")
        if wide.isprintable() and wide.strip():
            return wide.strip()
    if data and 0 < data[0] < len(data):
        narrow = data[1 : 1 + data[0]].decode("cp1252", errors="replace").strip()
        if narrow.isprintable():
            return narrow
    return ""


def _libreoffice_lock_holder(lock_file: Path) -> str:
    """ "Name,account,host,date,profile;": the name the user gave LibreOffice, else the account, and since when."""
    try:
        text = lock_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    fields = [field.replace("\\,", ",") for field in re.split(r"(?<!\\),", text.rstrip(";\n"))]
    if len(fields) < 4:
        return ""
    name = fields[0].strip() or fields[1].strip()
    since = fields[3].strip()
    return f"{name} (sinds {since})" if name and since else name


def is_encrypted_office_file(path: Path) -> bool:
    """Whether this is an .xlsx or .docx encrypted with a password (MS-OFFCRYPTO).

    Such a file is no zip but an OLE2 compound file whose streams include
    ``EncryptionInfo`` and ``EncryptedPackage``. Only a directory entry
    counts, not the words in a document's text (an old .doc may say
    "EncryptionInfo"): a 128-byte entry, on a 128-byte boundary, whose name
    field holds the UTF-16 name and its terminator, the name length 30 and the
    type "stream". Looked for in the first MiB, where Office and LibreOffice
    put the directory, and in the directory's first sector, which the header
    names (for a large file written otherwise).
    """
    with path.open("rb") as handle:
        head = handle.read(1024 * 1024)
        if not head.startswith(OLE2_SIGNATURE) or len(head) < 512:
            return False
        if _holds_encryption_entry(head, 0):
            return True
        sector_size = 1 << int.from_bytes(head[30:32], "little")
        first_directory_sector = int.from_bytes(head[48:52], "little")
        if not 7 <= sector_size.bit_length() - 1 <= 16:
            return False
        start = (first_directory_sector + 1) * sector_size
        handle.seek(start)
        return _holds_encryption_entry(handle.read(sector_size), start)


def _holds_encryption_entry(data: bytes, start: int) -> bool:
    """Whether ``data`` (read from file offset ``start``) holds the directory entry of the EncryptionInfo stream."""
    at = data.find(_ENCRYPTION_ENTRY)
    while at >= 0:
        entry = data[at : at + 128]
        if (start + at) % 128 == 0 and len(entry) == 128 and entry[64:67] == _ENCRYPTION_LENGTH_AND_TYPE:
            return True
        at = data.find(_ENCRYPTION_ENTRY, at + 1)
    return False


_ENCRYPTION_ENTRY = "EncryptionInfo\0".encode("utf-16-le")  # the name and its terminator
_ENCRYPTION_LENGTH_AND_TYPE = (30).to_bytes(2, "little") + b"\x02"  # 15 UTF-16 units with the terminator; a stream


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
        raise PlanError(
            f"dit is een OpenDocument-rekenblad (.ods), geen .xlsx; {SAVE_ODS_AS_XLSX.format(name=path.name)}", where
        )
    if "xl/workbook.xml" not in names:
        kind = "een Word-document" if "word/document.xml" in names else "een zip-bestand"
        raise PlanError(f"dit is {kind}, geen Excel-werkmap", where)
    if declares_entities:
        raise PlanError(XML_BOMB, where)
    check_package_sizes(members, where, "de werkmap", "hij")


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Office never writes a DTD; one that declares entities is how an XML bomb starts."""
    if not member.filename.endswith((".xml", ".rels")):
        return False
    with archive.open(member) as handle:
        head = handle.read(4096)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head
