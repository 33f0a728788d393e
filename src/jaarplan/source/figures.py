"""Figures from a CSV file as statistics sites export them (CBS StatLine, waarstaatjegemeente.nl).

What those files look like, and what this reader therefore accepts:

- the separator is a semicolon (a Dutch Excel, StatLine), a comma or a tab:
  the one that splits most lines into the same number of fields; a file
  with none of them is a Dutch message, not a file of one column;
- the text is UTF-8 with or without a BOM, or cp1252 as Excel on Windows
  saves "CSV (gescheiden door lijstscheidingsteken)" (or UTF-16 with tabs,
  its "Unicode-tekst");
- numbers are written the Dutch way (decimal comma, thousands dots:
  "1.234,5") or with a decimal point ("12.5"): decided once for the whole
  file from the values that show it ("4,7" a comma; "0.125" or "12.5" a
  point), since "2.125" alone could be either. A file that shows both, or
  only values like "2.125", is a Dutch message at such a value, never a
  guess that makes a figure 1000 times too large; a value may be quoted;
- "." (CBS: unknown), "x" (CBS: secret), "-", "?" or an empty cell is a
  missing value: skipped, counted and reported, never a zero;
- a period is a year, "2024", or the CBS code for a whole year,
  "2024JJ00" ("2024*", provisional, is 2024); a quarter, month or half year
  (2024KW01, 2024MM03, 2024HJ01) is a Dutch message, since the plan holds
  yearly figures;
- title lines above the table and a "Bron: ..." line below it are left out,
  also when Excel saved them with empty fields after them ("Bron: CBS;;"):
  the header is the first line with as many filled fields as the table's
  lines have fields;
- LONG (a column names the indicator, one holds the value) and WIDE (a
  column per indicator) are the same table read through another mapping
  (``FigureMapping``).

Every problem is a PlanError at the file's line (and column, as ``part``).
The file is read whole, up to ``MAX_BYTES``: a statistics export is small,
anything much larger is not one; at most ``MAX_MEASUREMENTS`` values of the
plan's indicators go into the workbook at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jaarplan.errors import Location, PlanError, Problem, Problems
from jaarplan.model import OWN_AREA, Measurement
from jaarplan.text import dutch_size

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")  # a workbook cannot hold these
SHOWN_TEXT = 60  # characters of a line shown in a message
MAX_BYTES = 5 * 1024 * 1024  # every municipality x 5 indicators x 10 years is 0.7 MB (benchmarks/bench_figures.py)
MAX_MEASUREMENTS = 50_000  # rows written into Metingen at once: 48,000 take 6 s and 280 MiB
MISSING = {"", ".", "x", "-", "?", ".."}
SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab"}
PERIOD = re.compile(r"(?P<year>\d{4})(?:JJ00|\*)?")
OTHER_PERIOD = re.compile(r"\d{4}(?P<code>[A-Z]{2})\d{2}")
PERIOD_KINDS = {"KW": "een kwartaal", "MM": "een maand", "HJ": "een halfjaar", "X0": "een meerjarig gemiddelde"}
FIRST_YEAR, LAST_YEAR = 1900, 2100
DECIMAL_COMMA = re.compile(r"[+-]?[\d.]*\d,\d+%?")  # "4,7", "1.234,5": a number written the Dutch way
DECIMAL_POINT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d*)\.\d+%?")  # "12.5", "0.125", "1,234.5"
EITHER = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}%?")  # "2.125": 2125 with a thousands dot, or 2,125


@dataclass(frozen=True)
class Column:
    """One column of the file: its number (1-based) and its header text."""

    number: int
    header: str

    def __str__(self) -> str:
        return f"kolom {self.number} ({self.header})"


@dataclass
class FigureTable:
    """The file as a table: the header, the data rows with their line numbers, and how it was read."""

    path: Path
    columns: list[Column]
    rows: list[tuple[int, list[str]]]  # (line, fields)
    separator: str
    encoding: str
    decimal_comma: bool
    header_line: int  # the header's line in the file, 1-based

    def column(self, header: str) -> Column | None:
        """The column with this header (case and spaces at the ends ignored), or None."""
        wanted = header.strip().casefold()
        return next((column for column in self.columns if column.header.strip().casefold() == wanted), None)

    def values(self, column: Column) -> list[str]:
        """The distinct texts of a column, in their first order."""
        return list(dict.fromkeys(fields[column.number - 1].strip() for _, fields in self.rows))

    def at(self, line: int, column: Column | None = None) -> Location:
        return Location(self.path, line=line, part=None if column is None else str(column))


@dataclass(frozen=True)
class FigureMapping:
    """Which columns are what: the Gebied and Jaar columns, and either an Indicator + Waarde column (LONG)
    or, for WIDE, the indicator columns by header. ``indicators`` maps a name in the file (a value of the
    Indicator column, or a column header) to the plan's indicator name, or to None: left out on purpose.
    A name in the file that equals a plan indicator's name needs no entry. ``own_area`` is the Gebied value
    of the plan's own municipality (it becomes ``model.OWN_AREA``); ``areas`` renames the others (StatLine's
    open data writes codes: "NL01" → "Nederland")."""

    area: str = ""
    year: str = ""
    own_area: str = ""
    indicator: str = ""
    value: str = ""
    indicators: dict[str, str | None] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)  # an area's code or name in the file → its name in the plan

    @property
    def is_long(self) -> bool:
        return bool(self.indicator or self.value)


@dataclass
class Figures:
    """What the file gave: measurements per plan indicator, and what was left out (for the summary)."""

    measurements: dict[str, list[Measurement]] = field(default_factory=dict)
    missing_values: list[Location] = field(default_factory=list)  # "." or empty: skipped, counted
    unmapped: dict[str, int] = field(default_factory=dict)  # a name in the file no plan indicator → its rows


def read_table(path: Path) -> FigureTable:
    """Read ``path`` as a CSV table; a PlanError (in Dutch, with the line) for a file that is no such table."""
    data = _read_bytes(path)
    text, encoding = _decode(data, path)
    lines = list(io.StringIO(text, newline=""))  # \n, \r\n or \r: never a U+2028 inside a name
    separator = _separator(lines)
    if separator is None:
        raise PlanError(
            "geen kopregel met kolommen gevonden: de regels bevatten geen puntkomma's of komma's tussen de kolommen. "
            "Exporteer de cijfers opnieuw als CSV (StatLine: Downloaden › CSV; Excel: Opslaan als › CSV "
            "(gescheiden door lijstscheidingsteken))",
            Location(path, line=1),
        )
    records = list(_records(text, separator, path))
    width = _width(records)
    header_line, header = next(
        ((line, fields) for line, fields in records if len(_filled(fields)) == width),
        next((line, fields) for line, fields in records if len(fields) == width),
    )
    columns = [Column(number, name.strip()) for number, name in enumerate(header, start=1)]
    _check_header(columns, header_line, path)
    rows = _data_rows(records, header_line, len(columns), separator, path, lines)
    table = FigureTable(path, columns, rows, separator, encoding, False, header_line + 1)
    table.decimal_comma = _decimal_comma(table)
    return table


def _filled(fields: list[str]) -> list[str]:
    """The fields up to the last one that holds something: Excel writes a title as "Titel;;"."""
    filled = list(fields)
    while filled and not filled[-1].strip():
        filled.pop()
    return filled


def _width(records: list[tuple[int, list[str]]]) -> int:
    """The number of fields most lines of the table have (the larger on a tie): the header's."""
    counts = Counter(len(fields) for _, fields in records if len(_filled(fields)) > 1)
    if not counts:
        return max((len(fields) for _, fields in records), default=1)
    return max(counts, key=lambda width: (counts[width], width))


def _decimal_comma(table: FigureTable) -> bool:
    """Whether the file writes a decimal comma, by the values that show it; a PlanError where they disagree."""
    comma = point = either = None
    for line, fields in table.rows:
        for column, value in zip(table.columns, fields, strict=True):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            if comma is None and DECIMAL_COMMA.fullmatch(value):
                comma = (line, column, value)
            elif point is None and DECIMAL_POINT.fullmatch(value) and not EITHER.fullmatch(value):
                point = (line, column, value)
            elif either is None and EITHER.fullmatch(value):
                either = (line, column, value)
    if comma and point:
        line, column, value = max(comma, point, key=lambda found: found[0])
        raise PlanError(
            f"dit bestand schrijft getallen met een decimale komma ('{comma[2]}' op regel {comma[0]}) én met een "
            f"decimale punt ('{point[2]}' op regel {point[0]}); jaarplan raadt niet welke bedoeld is. Exporteer de "
            "cijfers opnieuw, of maak ze in het bestand gelijk",
            table.at(line, column),
        )
    if comma or point:
        return comma is not None
    if either:
        line, column, value = either
        raise PlanError(
            f"'{value}' kan {value.replace('.', '')} zijn (met een punt voor de duizendtallen) of "
            f"{value.replace('.', ',')} (met een decimale punt), en geen ander getal in het bestand laat zien welke "
            "bedoeld is. Exporteer de cijfers opnieuw met een decimale komma (zoals 2,125), of schrijf de "
            "duizendtallen zonder punt (2125)",
            table.at(line, column),
        )
    return table.separator != ","


def _read_bytes(path: Path) -> bytes:
    where = Location(path)
    if not path.is_file():
        raise PlanError(
            "het CSV-bestand is er niet" if not path.exists() else "dit is een map, geen CSV-bestand", where
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanError(
            f"het bestand is {dutch_size(size)}; een CSV-export met cijfers is veel kleiner (hoogstens "
            f"{dutch_size(MAX_BYTES)}). Kies bij het exporteren alleen uw gemeente, de vergelijkingsgebieden "
            "en de jaren die u nodig hebt",
            where,
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlanError(f"het CSV-bestand kan niet worden gelezen ({error.strerror or error})", where) from None
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise PlanError("het CSV-bestand is leeg; exporteer de cijfers opnieuw", where)
    if data.startswith(b"PK\x03\x04"):
        raise PlanError(
            "dit is een Excel-werkmap (of een ander zip-bestand), geen CSV-bestand; kies bij het downloaden 'CSV', "
            "of open het in Excel en kies Opslaan als › CSV (gescheiden door lijstscheidingsteken)",
            where,
        )
    if b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS):
        raise PlanError(
            "dit is geen tekstbestand (het bevat binaire gegevens, zoals een .xls, .pdf of UTF-16-bestand); "
            "exporteer de cijfers als CSV",
            where,
        )
    return data


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), else cp1252 (Excel on Windows)."""
    if data.startswith(UTF16_BOMS):  # Excel's "Unicode-tekst (*.txt)": tabs between the columns
        return data.decode("utf-16", errors="replace"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 met BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PlanError(
            "het bestand is geen UTF-8- of Windows-tekst; sla het op als CSV UTF-8", Location(path, line=line)
        ) from None


def _separator(lines: list[str]) -> str | None:
    """The separator most lines use the same number of times (outside quotes); None if no line has one.

    Counted over the lines, not in the first one: a title above the table may
    hold a comma ("soort misdrijf, regio") in a file of semicolons.
    """
    best, best_score = None, 0
    for separator in SEPARATORS:
        counts = Counter(re.sub(r'"[^"]*"', "", line).count(separator) for line in lines[:200] if line.strip())
        counts.pop(0, None)
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = separator, score
    return best


def _records(text: str, separator: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line of the record's start, 0-based; fields) for each record, quoted fields with their quotes removed."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True)
    start = 0
    try:
        for fields in reader:
            yield start, fields
            start = reader.line_num
    except csv.Error:
        raise PlanError(
            'een aanhalingsteken (") staat midden in een waarde of wordt niet gesloten; exporteer de cijfers '
            "opnieuw, of zet de waarde tussen aanhalingstekens",
            Location(path, line=reader.line_num),
        ) from None


def _check_header(columns: list[Column], line: int, path: Path) -> None:
    seen: dict[str, Column] = {}
    for column in columns:
        if not column.header:
            raise PlanError(
                f"kolom {column.number} heeft geen naam in de kopregel; geef elke kolom een naam",
                Location(path, line=line + 1, part=f"kolom {column.number}"),
            )
        key = column.header.casefold()
        if key in seen:
            raise PlanError(
                f"twee kolommen heten '{column.header}' ({seen[key]} en {column}); geef ze verschillende namen",
                Location(path, line=line + 1, part=str(column)),
            )
        seen[key] = column


def _data_rows(
    records: list[tuple[int, list[str]]],
    header_line: int,
    width: int,
    separator: str,
    path: Path,
    lines: list[str],
) -> list[tuple[int, list[str]]]:
    """The records below the header with as many fields as it has; a footer ("Bron: CBS", also "Bron: CBS;;")
    is left out. Every line of another width is said, with its text, so one round of fixing is enough."""
    body = [(line + 1, fields) for line, fields in records if line > header_line and any(f.strip() for f in fields)]
    while body and _is_footer(body[-1][1], width):
        body.pop()
    problems = Problems()
    for line, fields in body:
        if len(fields) > width and not any(field.strip() for field in fields[width:]):
            del fields[width:]  # empty fields Excel wrote after the last column
        if len(fields) != width:
            shown = lines[line - 1].rstrip("\r\n") if line <= len(lines) else ""
            shown = shown if len(shown) <= SHOWN_TEXT else shown[: SHOWN_TEXT - 1] + "…"
            problems.error(
                f"deze regel ('{shown}') heeft {len(fields)} {'kolom' if len(fields) == 1 else 'kolommen'}, de "
                f"kopregel {width} (gescheiden door een {SEPARATOR_NAMES[separator]}); is hier een ander "
                "scheidingsteken gebruikt, of staat het scheidingsteken in een waarde zonder aanhalingstekens "
                "eromheen?",
                Location(path, line=line),
            )
    _raise_shown(problems)
    return body


def _is_footer(fields: list[str], width: int) -> bool:
    """A last line of one filled field ("Bron: CBS"), not a line written with another separator."""
    filled = _filled(fields)
    return len(filled) == 1 < width and not any(mark in filled[0] for mark in SEPARATORS)


def parse_number(text: str, decimal_comma: bool) -> float | None:
    """The number a statistics export writes ("1.234,5", "12,5", "-3", "12.5"); None if the text is no number."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    if thousands in value:
        whole = value.split(decimal)[0].lstrip("+-")
        if decimal_comma and decimal not in value and not re.fullmatch(r"\d{1,3}(\.\d{3})+", whole):
            thousands, decimal = ",", "."  # "12.5" in a file of decimal commas: a decimal point after all
        elif not re.fullmatch(r"\d{1,3}(\.\d{3})+" if decimal_comma else r"\d{1,3}(,\d{3})+", whole):
            return None
    value = value.replace(thousands, "").replace(decimal, ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
        return None
    return float(value)


def parse_year(text: str, where: Location) -> int:
    """The year of a period: "2024" or "2024JJ00" (CBS); any other CBS period code is a Dutch PlanError."""
    value = text.strip()
    match = PERIOD.fullmatch(value)
    if match and FIRST_YEAR <= int(match.group("year")) <= LAST_YEAR:
        return int(match.group("year"))
    other = OTHER_PERIOD.fullmatch(value)
    if other:
        kind = PERIOD_KINDS.get(other.group("code"), f"een periode van het soort '{other.group('code')}'")
        raise PlanError(
            f"de periode '{value}' is {kind}; het plan houdt jaarcijfers bij. Kies bij het exporteren de jaren "
            "(in StatLine: Perioden › Jaren, code JJ00)",
            where,
        )
    raise PlanError(f"'{value}' is geen jaar; verwacht een jaartal als 2024 of 2024JJ00", where)


def collect(table: FigureTable, mapping: FigureMapping, plan_names: list[str]) -> Figures:
    """The measurements of ``table`` through ``mapping``, per plan indicator.

    A PlanError with every value that is no number, no year or no area (the
    first ``SHOWN_PROBLEMS``, then how many more), so one round of fixing the
    file is enough.
    """
    area, year = _mapped_column(table, mapping.area, "Gebied"), _mapped_column(table, mapping.year, "Jaar")
    plan = {name.casefold(): name for name in plan_names}
    names = {key.casefold(): target for key, target in mapping.indicators.items()}
    areas = {key.strip().casefold(): name for key, name in mapping.areas.items()}
    own = mapping.own_area.strip().casefold()
    figures, problems = Figures(), Problems()
    for line, fields, name, column in _cells(table, mapping):
        target = names.get(name.casefold()) if name.casefold() in names else plan.get(name.casefold())
        if target is None:
            if name.casefold() not in names:
                figures.unmapped[name] = figures.unmapped.get(name, 0) + 1
            continue
        text = fields[column.number - 1]
        if text.strip() in MISSING:
            figures.missing_values.append(table.at(line, column))
            continue
        try:
            value = _number(text, table, line, column)
            place = _area(fields[area.number - 1], table.at(line, area))
            period = parse_year(fields[year.number - 1], table.at(line, year))
        except PlanError as error:
            problems.add(error)
            continue
        where = OWN_AREA if place.casefold() == own else areas.get(place.casefold(), place)
        figures.measurements.setdefault(target, []).append(Measurement(period, value, where, table.at(line, column)))
    _raise_shown(problems)
    _check_twice(figures)
    _check_count(figures, table.path)
    return figures


def _area(text: str, where: Location) -> str:
    """The area's name; a PlanError for an empty one or one with a control character (no workbook holds it)."""
    place = text.strip()
    if not place:
        raise PlanError("het gebied is leeg", where)
    control = CONTROL.search(place)
    if control:
        shown = CONTROL.sub("?", place)
        raise PlanError(
            f"de naam van het gebied '{shown}' bevat een onzichtbaar stuurteken (U+{ord(control.group()):04X}, op "
            "de plaats van het vraagteken) dat een werkmap niet kan bewaren; haal het weg of exporteer de cijfers "
            "opnieuw",
            where,
        )
    return place


def _thousands(number: int) -> str:
    return f"{number:_}".replace("_", ".")


def _check_count(figures: Figures, path: Path) -> None:
    count = sum(len(found) for found in figures.measurements.values())
    if count > MAX_MEASUREMENTS:
        raise PlanError(
            f"het bestand geeft {_thousands(count)} cijfers voor de indicatoren van het plan; meer dan "
            f"{_thousands(MAX_MEASUREMENTS)} tegelijk neemt jaarplan niet in het werkblad Metingen. Kies bij het "
            "exporteren alleen uw gemeente, de vergelijkingsgebieden en de jaren die u nodig hebt",
            Location(path),
        )


SHOWN_PROBLEMS = 20  # a file in another decimal convention would otherwise print a line per value


def _number(text: str, table: FigureTable, line: int, column: Column) -> float:
    value = parse_number(text, table.decimal_comma)
    if value is None:
        raise PlanError(
            f"'{text.strip()}' is geen getal; verwacht een getal als 12,5 of 1.234 (of een punt of lege cel "
            "voor een ontbrekende waarde)",
            table.at(line, column),
        )
    return value


def _raise_shown(problems: Problems) -> None:
    if not problems.found:
        return
    shown = problems.found[:SHOWN_PROBLEMS]
    if len(problems.found) > SHOWN_PROBLEMS:
        more = len(problems.found) - SHOWN_PROBLEMS
        shown.append(Problem(f"en nog {more} {'fout' if more == 1 else 'fouten'} zoals hierboven in dit bestand"))
    raise PlanError.collected(shown)


def _cells(table: FigureTable, mapping: FigureMapping) -> Iterator[tuple[int, list[str], str, Column]]:
    """(line, fields, the indicator's name in the file, the column of its value) for every value in the table."""
    if mapping.is_long:
        indicator = _mapped_column(table, mapping.indicator, "Indicator")
        value = _mapped_column(table, mapping.value, "Waarde")
        for line, fields in table.rows:
            yield line, fields, fields[indicator.number - 1].strip(), value
        return
    fixed = {mapping.area.casefold(), mapping.year.casefold()}
    columns = [column for column in table.columns if column.header.casefold() not in fixed]
    for line, fields in table.rows:
        for column in columns:
            yield line, fields, column.header, column


def _mapped_column(table: FigureTable, header: str, role: str) -> Column:
    column = table.column(header) if header else None
    if column is None:
        named = ", ".join(f"'{column.header}'" for column in table.columns)
        told = f"de koppeling noemt kolom '{header}' als {role}, maar" if header else f"geen kolom gekozen als {role};"
        raise PlanError(f"{told} het bestand heeft de kolommen {named}", table.at(table.header_line))
    return column


def _check_twice(figures: Figures) -> None:
    """Two values for one indicator, area and year in the file: the file contradicts itself, say where."""
    for name, measurements in figures.measurements.items():
        first: dict[tuple[str, int], Measurement] = {}
        for measurement in measurements:
            key = (measurement.area, measurement.year)
            if key in first:
                raise PlanError(
                    f"'{name}' heeft voor {measurement.area} in {measurement.year} twee waarden in het bestand "
                    f"(ook op regel {first[key].location.line if first[key].location else '?'}); laat er één over",
                    measurement.location,
                )
            first[key] = measurement
