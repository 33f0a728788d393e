"""Measurements written into the ``Metingen`` sheet of a user's workbook, and nothing else touched.

The workbook is the user's: styles, drop-downs, conditional formats, other
sheets, even parts jaarplan knows nothing of, must come through unchanged.
openpyxl rewrites every part it loads and drops what it does not know
(extensions, some validations), so it is not used here. The package is
copied member by member, byte for byte, and only the Metingen sheet's XML is
changed, with lxml: a value replaced in its Waarde cell, new rows added
below the last filled one (each new cell styled as the cell above it, else
as its row or column is, as Excel would), the
sheet's used range, its filter (with the filter's hidden name in workbook.xml)
and a table over the sheet stretched to hold them. The sheet's part is the one ``cells.read_cells`` found, by the same
rule. A row or cell without its reference (the schema allows it, no office
program writes it) is refused rather than guessed at. Text
is written as inline strings, so the shared strings part stays as it was.

Columns are found by their header in row 1 (``Indicator``, ``Gebied``,
``Jaar``, ``Waarde``), as the reader finds them, so a user may reorder them.
A Waarde cell with a formula is left alone (the formula is the user's), with
a warning at its cell.
"""

from __future__ import annotations

import copy
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from jaarplan.errors import Location, PlanError, Problems
from jaarplan.model import Measurement
from jaarplan.source.workbook import MEASUREMENT_COLUMNS, SHEET_INDICATORS, SHEET_MEASUREMENTS
from jaarplan.source.xlsx.cells import (
    Cell,
    Sheet,
    column_letter,
    column_number,
    excel_number,
    read_cells,
    relations_of,
    rels_part,
)
from jaarplan.source.xlsx.strict import is_strict

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK_PART = "xl/workbook.xml"  # where cells.read_cells reads the sheets' list
FILTER_NAME = "_xlnm._FilterDatabase"  # the hidden name Excel and Calc keep for a sheet's filter range
TABLE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)
NO_SHEET = (
    "de werkmap heeft geen werkblad '{sheet}'; voeg een werkblad '{sheet}' toe met in rij 1 de kopjes {headers} "
    "(in Excel: rechtsklik op een bladtab › Invoegen), of maak een nieuw plan met 'jaarplan new', dat het blad "
    "al heeft"
)


@dataclass
class Written:
    """What writing the measurements did: counts for the summary, and the cells left alone."""

    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    problems: Problems = field(default_factory=Problems)


def plan_indicator_names(path: Path) -> list[str]:
    """The names in the Indicator column of the ``Indicatoren`` sheet, in order; a PlanError without the sheet.

    Read on their own, not through the whole plan: figures may be imported into
    a plan that does not check clean yet (an empty author, a Doel still to write).
    """
    book = read_cells(path, [SHEET_INDICATORS])
    sheet = book.sheets.get(SHEET_INDICATORS)
    if sheet is None or sheet.is_chart:
        raise PlanError(NO_SHEET.format(sheet=SHEET_INDICATORS, headers="Thema, Indicator, Eenheid, …"), Location(path))
    column = _header_columns(sheet, path, ("Indicator",))["Indicator"]
    names = (_text(row.get(column)) for number, row in sorted(sheet.rows.items()) if number > 1)
    return list(dict.fromkeys(name for name in names if name))


def write_measurements(path: Path, target: Path, measurements: dict[str, list[Measurement]]) -> Written:
    """Copy the workbook ``path`` to ``target`` with ``measurements`` (per indicator name) in its Metingen sheet.

    A measurement whose indicator, area and year are there already replaces
    that row's value; the others become new rows.
    """
    book = read_cells(path, [SHEET_MEASUREMENTS])
    sheet = book.sheets.get(SHEET_MEASUREMENTS)
    if sheet is None or sheet.is_chart:
        raise PlanError(
            NO_SHEET.format(sheet=SHEET_MEASUREMENTS, headers=", ".join(MEASUREMENT_COLUMNS)), Location(path)
        )
    columns = _header_columns(sheet, path, MEASUREMENT_COLUMNS)
    with zipfile.ZipFile(path) as package:
        if is_strict(package):
            raise PlanError(
                "de werkmap is opgeslagen als 'Strict Open XML'; sla hem op als gewone Excel-werkmap (.xlsx) en "
                "importeer opnieuw",
                Location(path),
            )
        part = sheet.part
        root = etree.fromstring(package.read(part), PARSER)
        edit = _SheetEdit(root, sheet, columns, path)
        written = edit.apply(measurements)
        tables = _table_parts(package, part)
        changed = {part: _xml(root)}
        for table in tables:
            changed[table] = _stretched_table(package.read(table), edit.last_row)
        workbook = _stretched_filter_name(package.read(WORKBOOK_PART), edit.last_row)
        if workbook is not None:
            changed[WORKBOOK_PART] = workbook
        _copy_package(package, target, changed)
    return written


def _header_columns(sheet: Sheet, path: Path, headers: tuple[str, ...]) -> dict[str, int]:
    found = {_text(cell): column for column, cell in sorted(sheet.rows.get(1, {}).items())}
    missing = [header for header in headers if header not in found]
    if missing:
        named = ", ".join(f"'{header}'" for header in missing)
        raise PlanError(
            f"kolom {named} ontbreekt in de kopregel (rij 1); de kopjes zijn {', '.join(headers)}",
            Location(path, sheet.name, "1"),
        )
    return {header: found[header] for header in headers}


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, tuple):
        return "".join(run.text for run in value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _year(cell: Cell | None) -> int | None:
    text = _text(cell)
    return int(text) if text.isdigit() else None


def _table_parts(package: zipfile.ZipFile, part: str) -> list[str]:
    """The tables (Excel's Format as Table) over the sheet in ``part``, through its relationships."""
    rels = rels_part(part)
    if rels not in package.namelist():
        return []
    relations = relations_of(etree.fromstring(package.read(rels), PARSER), rels)
    return [target for kind, target in relations.values() if kind == TABLE_TYPE]


class _SheetEdit:
    """The Metingen sheet's XML tree being changed: rows by number, the columns by header."""

    def __init__(self, root: etree._Element, sheet: Sheet, columns: dict[str, int], path: Path) -> None:
        self.root, self.sheet, self.columns, self.path = root, sheet, columns, path
        data = root.find(f"{{{MAIN}}}sheetData")
        if data is None:
            data = etree.SubElement(root, f"{{{MAIN}}}sheetData")
        self.data = data
        if data.xpath("boolean(m:row[not(@r)] | m:row/m:c[not(@r)])", namespaces={"m": MAIN}):
            raise PlanError(
                "in het werkblad Metingen staan rijen of cellen zonder hun nummer in het bestand (een programma "
                "heeft het zo opgeslagen); jaarplan raadt niet waar ze staan. Open de werkmap in Excel of "
                "LibreOffice, sla hem op en lees de cijfers opnieuw in",
                Location(path, SHEET_MEASUREMENTS),
            )
        self.rows = {int(row.get("r", "0")): row for row in data.iter(f"{{{MAIN}}}row")}
        self.max_row = max(self.rows, default=0)  # new rows go at the end: no search among 100,000 rows
        used = [number for number, cells in sheet.rows.items() if any(_text(cells.get(c)) for c in columns.values())]
        self.last_row = max(used, default=1)
        self.twice: dict[tuple[str, str, int], int] = {}  # a key a user typed in two rows → the second row
        self.written = Written()

    def apply(self, measurements: dict[str, list[Measurement]]) -> Written:
        written = self.written
        existing = self._existing()
        for name, found in measurements.items():
            for measurement in found:
                key = (name.casefold(), measurement.area.casefold(), measurement.year)
                if key in existing:
                    self._warn_twice(key, existing[key], name, measurement.area)
                    self._replace(existing[key], measurement.value, written)
                else:
                    self.last_row += 1
                    existing[key] = self.last_row
                    self._append(self.last_row, name, measurement)
                    written.new += 1
        self._stretch_dimension()
        self._stretch_filter()
        return written

    def _existing(self) -> dict[tuple[str, str, int], int]:
        """The row of each indicator, area and year in the sheet (the first, if a user typed one twice)."""
        rows: dict[tuple[str, str, int], int] = {}
        indicator, area, year = (self.columns[header] for header in ("Indicator", "Gebied", "Jaar"))
        for number, cells in sorted(self.sheet.rows.items()):
            found = _year(cells.get(year))
            if number > 1 and found is not None:
                key = (_text(cells.get(indicator)).casefold(), _text(cells.get(area)).casefold(), found)
                if key in rows:
                    self.twice.setdefault(key, number)
                rows.setdefault(key, number)
        return rows

    def _warn_twice(self, key: tuple[str, str, int], first: int, name: str, area: str) -> None:
        """A measurement replaced in its first row while a later row holds the same indicator, area and year."""
        second = self.twice.get(key)
        if second is not None:
            self.written.problems.warn(
                f"'{name}' voor {area} in {key[2]} staat twee keer in Metingen (rij {first} en rij {second}); "
                f"alleen rij {first} heeft het cijfer uit het CSV-bestand gekregen. Verwijder een van de twee rijen",
                Location(self.path, SHEET_MEASUREMENTS, f"A{second}"),
            )

    def _replace(self, number: int, value: float, written: Written) -> None:
        column = self.columns["Waarde"]
        cell = self.sheet.cell(number, column)
        old = cell.value if cell is not None else None
        if cell is not None and cell.formula is not None:
            written.problems.warn(
                "de waarde is een formule en blijft staan; de waarde uit het CSV-bestand is niet overgenomen "
                f"({excel_number(value)})",
                Location(self.path, SHEET_MEASUREMENTS, f"{column_letter(column)}{number}"),
            )
            return
        if isinstance(old, int | float) and not isinstance(old, bool) and math.isclose(old, value, rel_tol=1e-12):
            written.unchanged += 1
            return
        _set_number(self._cell(number, column), value)
        written.replaced += 1

    def _append(self, number: int, name: str, measurement: Measurement) -> None:
        for header, value in zip(
            MEASUREMENT_COLUMNS, (name, measurement.area, measurement.year, measurement.value), strict=True
        ):
            cell = self._cell(number, self.columns[header])
            if isinstance(value, str):
                _set_text(cell, value)
            else:
                _set_number(cell, float(value))

    def _cell(self, number: int, column: int) -> etree._Element:
        """The ``c`` element at row ``number``, ``column``: found, or made in column order, styled as the one above."""
        row = self._row(number)
        reference = f"{column_letter(column)}{number}"
        later = None
        for cell in row.iter(f"{{{MAIN}}}c"):
            at = column_number(re.sub(r"\d", "", cell.get("r", "")))
            if at == column:
                return cell
            if at > column and later is None:
                later = cell
        cell = etree.Element(f"{{{MAIN}}}c", r=reference)
        style = self._style_above(number, column) or self._row_or_column_style(row, column)
        if style is not None:
            cell.set("s", style)
        if later is not None:
            later.addprevious(cell)
        else:
            row.append(cell)
        return cell

    def _row(self, number: int) -> etree._Element:
        row = self.rows.get(number)
        if row is None:
            row = etree.Element(f"{{{MAIN}}}row", r=str(number))
            later = None if number > self.max_row else min(n for n in self.rows if n > number)
            if later is not None:
                self.rows[later].addprevious(row)
            else:
                self.data.append(row)
            self.rows[number] = row
            self.max_row = max(self.max_row, number)
        row.attrib.pop("spans", None)  # an optional hint that new cells could contradict
        return row

    def _style_above(self, number: int, column: int) -> str | None:
        above = self.rows.get(number - 1)
        if number <= 2 or above is None:
            return None
        reference = f"{column_letter(column)}{number - 1}"
        return next((cell.get("s") for cell in above.iter(f"{{{MAIN}}}c") if cell.get("r") == reference), None)

    def _row_or_column_style(self, row: etree._Element, column: int) -> str | None:
        """The style Excel gives a new cell without one above it: its row's (if set), else its column's."""
        if row.get("customFormat") in ("1", "true") and row.get("s"):
            return row.get("s")
        for spec in self.root.iter(f"{{{MAIN}}}col"):
            if int(spec.get("min", "0")) <= column <= int(spec.get("max", "0")) and spec.get("style"):
                return spec.get("style")
        return None

    def _stretch_dimension(self) -> None:
        dimension = self.root.find(f"{{{MAIN}}}dimension")
        if dimension is None:
            return
        last_column = column_letter(max(self.columns.values()))
        dimension.set("ref", _stretched(dimension.get("ref", "A1"), self.last_row, last_column))

    def _stretch_filter(self) -> None:
        """The sheet's own filter (Data › Filter, as ``jaarplan new`` writes it) made to cover the new rows."""
        autofilter = self.root.find(f"{{{MAIN}}}autoFilter")
        reference = autofilter.get("ref", "") if autofilter is not None else ""
        end = re.fullmatch(r"[A-Z]+\d+:([A-Z]+)\d+", reference)
        if autofilter is not None and end is not None:
            autofilter.set("ref", _stretched(reference, self.last_row, end.group(1)))


def _set_number(cell: etree._Element, value: float) -> None:
    _clear(cell)
    cell.attrib.pop("t", None)
    etree.SubElement(cell, f"{{{MAIN}}}v").text = str(int(value)) if value.is_integer() else repr(value)


def _set_text(cell: etree._Element, text: str) -> None:
    _clear(cell)
    cell.set("t", "inlineStr")
    string = etree.SubElement(cell, f"{{{MAIN}}}is")
    etree.SubElement(string, f"{{{MAIN}}}t").text = text
    if text != text.strip():
        string[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _clear(cell: etree._Element) -> None:
    for child in list(cell):
        cell.remove(child)


def _stretched(reference: str, last_row: int, last_column: str) -> str:
    """A range such as "A1:D9" made to reach at least ``last_row`` and ``last_column``."""
    start, _, end = reference.partition(":")
    end = end or start
    match = re.fullmatch(r"([A-Z]+)(\d+)", end)
    if match is None:
        return reference
    column = column_letter(max(column_number(match.group(1)), column_number(last_column)))
    return f"{start}:{column}{max(int(match.group(2)), last_row)}"


def _stretched_table(data: bytes, last_row: int) -> bytes:
    """A table part over the sheet (Excel's Format as Table) made to hold the new rows, with its filter."""
    root = etree.fromstring(data, PARSER)
    reference = root.get("ref", "")
    end = re.fullmatch(r"[A-Z]+\d+:([A-Z]+)\d+", reference)
    if end is None:
        return data
    root.set("ref", _stretched(reference, last_row, end.group(1)))
    for child in root.iter(f"{{{MAIN}}}autoFilter"):
        child.set("ref", _stretched(child.get("ref", reference), last_row, end.group(1)))
    return _xml(root)


def _stretched_filter_name(data: bytes, last_row: int) -> bytes | None:
    """workbook.xml with the Metingen filter's hidden name (``_xlnm._FilterDatabase``) made to reach
    ``last_row``, as its autoFilter is; None when there is no such name or it reaches that far already."""
    root = etree.fromstring(data, PARSER)
    names = [sheet.get("name") for sheet in root.iter(f"{{{MAIN}}}sheet")]
    if SHEET_MEASUREMENTS not in names:
        return None
    index = str(names.index(SHEET_MEASUREMENTS))
    for name in root.iter(f"{{{MAIN}}}definedName"):
        if name.get("name") != FILTER_NAME or name.get("localSheetId") != index:
            continue
        match = re.fullmatch(r"(.+!\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?)(\d+)", (name.text or "").strip())
        if match is None or int(match.group(2)) >= last_row:
            return None
        name.text = f"{match.group(1)}{last_row}"
        return _xml(root)
    return None


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _copy_package(package: zipfile.ZipFile, target: Path, changed: dict[str, bytes]) -> None:
    """Every member of ``package`` into ``target`` in its order and compression; ``changed`` ones replaced."""
    with zipfile.ZipFile(target, "w") as copied:
        for member in package.infolist():
            data = changed.get(member.filename, package.read(member))
            copied.writestr(copy.copy(member), data, member.compress_type)  # writestr changes the ZipInfo it gets
