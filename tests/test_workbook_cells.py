"""The workbook reader without openpyxl: the values openpyxl gave, from XML written by hand.

Each workbook here is made from its XML parts, so a reader sees the case:
shared strings with runs and phonetic guides, a ``t="d"`` cell, the 1904
date system, a formula with and without its cached value, merged ranges as
large as a sheet, a missing sheet part, a DTD beyond the part's head. The
workbooks jaarplan itself reads (the default, the regional sample as
openpyxl and as Calc wrote it) are compared cell by cell with openpyxl.
"""

from __future__ import annotations

import datetime
import posixpath
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from jaarplan.errors import Location, PlanError, Problems
from jaarplan.model import Span
from jaarplan.source.check import check_source
from jaarplan.source.workbook import _EXCEL_ESCAPE, _INVISIBLE, _is_forbidden, _is_plain, clean_text, read_workbook
from jaarplan.source.xlsx import cells as xlsx_cells
from jaarplan.source.xlsx.cells import DAMAGED, SHEET_SKIPPED, XML_BOMB, read_cells

from .conftest import REPO, SOURCE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET = f"{REL}/worksheet"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (  # what openpyxl needs to find the workbook and the shared strings
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>{{strings}}</Types>'
)
STRINGS_TYPE = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/>'
STYLES = """<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mm-yyyy"/></numFmts>
<fonts count="3"><font><sz val="11"/></font><font><i/><sz val="11"/></font>
<font><b val="1"/><vertAlign val="superscript"/></font></fonts>
<cellXfs count="5"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/><xf numFmtId="164" fontId="0"/>
<xf numFmtId="9" fontId="2"/><xf numFmtId="46" fontId="0"/></cellXfs>
</styleSheet>""".replace("{MAIN}", MAIN)


def workbook(
    path: Path,
    sheets: dict[str, str],
    *,
    strings: str = "",
    date1904: bool = False,
    extra_sheets: str = "",
    targets: dict[str, str] | None = None,
) -> Path:
    """An .xlsx from the ``<sheetData>`` (and what follows it) of each sheet, in order."""
    targets = targets or {}
    names = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, start=1))
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{WORKSHEET}" Target="{targets.get(name, f"worksheets/sheet{n}.xml")}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    relations += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
    if strings:
        relations += f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.format(strings=STRINGS_TYPE if strings else ""),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="{int(date1904)}"/>'
            f"<sheets>{names}{extra_sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_REL}">{relations}</Relationships>',
        "xl/styles.xml": STYLES,
    }
    if strings:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{strings}</sst>'
    for n, (name, data) in enumerate(sheets.items(), start=1):
        if data is not None:
            part = posixpath.normpath(targets.get(name, f"worksheets/sheet{n}.xml").lstrip("/").removeprefix("xl/"))
            parts[f"xl/{part}"] = f'<worksheet xmlns="{MAIN}">{data}</worksheet>'
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def values(path: Path, sheet: str = "Blad") -> dict[str, object]:
    """Cell reference → value of one sheet, read by workbook_cells."""
    rows = read_cells(path).sheets[sheet].rows
    return {f"{xlsx_cells.column_letter(c)}{r}": cell.value for r, cells in rows.items() for c, cell in cells.items()}


def test_shared_strings_with_runs_phonetic_guides_and_escapes(tmp_path: Path) -> None:
    strings = (
        "<si><t>gewoon</t></si>"
        '<si><r><t xml:space="preserve">Zie </t></r><r><rPr><i/></rPr><t>convenant</t></r>'
        '<r><rPr><vertAlign val="superscript"/></rPr><t>e</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>'
        '<si><r><rPr><i val="0"/><b/></rPr><t>niet schuin</t></r></si>'
        "<si><t>onder_x005F_x000B_streep</t></si>"
        '<si><r><t>één run</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>'
        '<si><r><rPr><sz val="10"/></rPr><t>eigen lettertype</t></r></si>'
    )
    sheet = (
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s" s="1"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
        '<c r="F1" t="s" s="1"><v>5</v></c></row></sheetData>'
    )
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet}, strings=strings)
    assert values(path) == {
        "A1": "gewoon",
        "B1": (("Zie ", None, None, None), ("convenant", True, False, None), ("e", False, False, "superscript")),
        "C1": (("niet schuin", False, True, None),),
        "F1": (("eigen lettertype", False, False, None),),
        "D1": "onder_x000B_streep",  # openpyxl's unescaped underscore; clean_text makes the _x000B_ a line break
        "E1": "één run",
    }
    # The cell style of C1 and F1 is italic; runs with a font of their own are not (as in Excel and openpyxl).
    assert read_cells(path).sheets["Blad"].cell(1, 6).style.italic
    assert _cells_read_as_openpyxl(path) == 6


def test_numbers_dates_booleans_errors_and_inline_text(tmp_path: Path) -> None:
    sheet = (
        '<sheetData><row r="2"><c r="A2"><v>650</v></c><c r="B2"><v>2.5</v></c><c r="C2" t="b"><v>1</v></c>'
        '<c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="d"><v>2010-12-31</v></c><c r="F2" s="2"><v>40543</v></c>'
        '<c r="G2" s="3"><v>0.25</v></c><c r="H2" s="4"><v>1.5</v></c><c r="I2" t="inlineStr"><is><t>los</t></is></c>'
        '<c r="J2" t="n"/><c r="K2" s="2"><v>99999999</v></c><c r="L2" s="2"><v>0.5</v></c>'
        '<c r="M2" s="2"><f>A2*1E+6</f><v>650000000</v></c></row></sheetData>'
    )
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet})
    problems = Problems()
    book = read_cells(path, problems=problems)
    assert values(path) == {
        "A2": 650,
        "B2": 2.5,
        "C2": True,
        "E2": datetime.date(2010, 12, 31),
        "F2": datetime.datetime(2010, 12, 31),
        "G2": 0.25,
        "H2": datetime.timedelta(days=1, hours=12),
        "I2": "los",
        "L2": datetime.time(12, 0),
    }  # J2 holds nothing; D2's error and K2's and M2's numbers that can be no date are kept out, with a warning
    assert book.sheets["Blad"].cell(2, 7).style.number_format == "0%"
    assert [str(p) for p in problems.found] == [
        f"{path.as_posix()} › Blad!K2: 2 cellen in datumopmaak bevatten een getal dat geen datum is (K2: 99999999, "
        "M2: 650000000; Excel toont ########); ze blijven leeg in het document: typ de datums opnieuw, of haal de "
        "datumopmaak weg",
        f"{path.as_posix()} › Blad!D2: de cel toont de foutwaarde #N/B (een formule die geen uitkomst heeft); de cel "
        "blijft leeg in het document: verbeter de formule, of typ de waarde",
    ]
    assert _cells_read_as_openpyxl(path) == 9  # J2 holds nothing, D2, K2 and M2 are left out


def test_one_number_that_can_be_no_date_is_named_with_its_sheet_and_cell(tmp_path: Path) -> None:
    sheet = '<sheetData><row r="3"><c r="B3" s="2"><v>-1E+300</v></c></row></sheetData>'
    problems = Problems()
    book = read_cells(workbook(tmp_path / "w.xlsx", {"Blad": sheet}), problems=problems)
    assert book.sheets["Blad"].rows == {}
    assert [(p.location.sheet, p.location.cell, p.message) for p in problems.found] == [
        (
            "Blad",
            "B3",
            "het getal -1E+300 staat in datumopmaak, maar is geen datum (Excel toont ########); de cel blijft leeg in "
            "het document: typ de datum opnieuw, of haal de datumopmaak weg",
        )
    ]


def test_a_huge_number_is_named_as_excel_shows_it(tmp_path: Path) -> None:
    """Dutch Excel writes 1E+20 and 2,5E+20: a capital E, a decimal comma."""
    sheet = '<sheetData><row r="3"><c r="B3" s="2"><v>1E+20</v></c><c r="C3" s="2"><v>2.5e20</v></c></row></sheetData>'
    problems = Problems()
    read_cells(workbook(tmp_path / "w.xlsx", {"Blad": sheet}), problems=problems)
    assert "(B3: 1E+20, C3: 2,5E+20; Excel toont ########)" in problems.found[0].message


def test_the_1904_date_system(tmp_path: Path) -> None:
    sheet = '<sheetData><row r="1"><c r="A1" s="2"><v>39081</v></c></row></sheetData>'
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet}, date1904=True)
    assert values(path) == {"A1": datetime.datetime(2010, 12, 31)}
    assert _cells_read_as_openpyxl(path) == 1


def test_a_formula_gives_its_cached_value_in_the_same_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = (
        '<sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"eind "&amp;2010</f>'
        '<v>eind 2010</v></c><c r="C1" t="str"><f>DATE(2010,12,31)</f><v></v></c>'
        '<c r="D1" s="2"><f>DATE(2010,12,31)</f><v>40543</v></c></row></sheetData>'
    )
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet})
    opened = []
    original = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(name) or original(self, name, *a, **k)
    )
    cells = read_cells(path).sheets["Blad"].rows[1]
    assert [(cell.formula, cell.value) for cell in cells.values()] == [
        ("=1+1", 2),
        ('="eind "&2010', "eind 2010"),
        ("=DATE(2010,12,31)", None),
        ("=DATE(2010,12,31)", datetime.datetime(2010, 12, 31)),
    ]
    assert opened.count("xl/worksheets/sheet1.xml") == 1  # no second load for the cached values


def test_merged_ranges_keep_the_top_left_value_and_cost_what_the_sheet_holds(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>a{r}</t></is></c><c r="B{r}" t="inlineStr"><is><t>b{r}</t></is>'
        f'</c><c r="C{r}" t="inlineStr"><is><t>c{r}</t></is></c></row>'
        for r in (1, 2, 3, 1_048_576)
    )
    merges = '<mergeCells count="3"><mergeCell ref="B1:B1048576"/><mergeCell ref="A2:XFD2"/>'
    merges += '<mergeCell ref="C3:XFD1048576"/></mergeCells>'  # 17 billion positions: only the held cells count
    path = workbook(tmp_path / "w.xlsx", {"Blad": f"<sheetData>{rows}</sheetData>{merges}"})
    assert values(path) == {
        "A1": "a1",
        "B1": "b1",
        "C1": "c1",
        "A2": "a2",
        "A3": "a3",
        "C3": "c3",
        "A1048576": "a1048576",
    }


def test_hidden_rows_hidden_sheets_and_chart_sheets(tmp_path: Path) -> None:
    sheet = '<sheetData><row r="1" hidden="false"/><row r="2" hidden="1"/><row r="3" hidden="true"/></sheetData>'
    chart = '<sheet name="Grafiek" sheetId="9" r:id="rIdC" state="veryHidden"/>'
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet}, extra_sheets=chart)
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    relation = f'<Relationship Id="rIdC" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>'
    _replace_part(path, "xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", relation + "</Relationships>"))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/chartsheets/sheet1.xml", "<chartsheet/>")
    book = read_cells(path)
    assert book.sheet_names == ["Blad", "Grafiek"]
    assert book.sheets["Blad"].hidden_rows == {2, 3}
    assert book.sheets["Grafiek"].is_chart and book.sheets["Grafiek"].state == "veryHidden"


def test_relative_and_absolute_targets_and_a_missing_sheet_part(tmp_path: Path) -> None:
    cell = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hier</t></is></c></row></sheetData>'
    path = workbook(
        tmp_path / "w.xlsx",
        {"Een": cell, "Twee": cell, "Weg": None},
        targets={"Een": "/xl/worksheets/een.xml", "Twee": "./worksheets/../worksheets/twee.xml"},
    )
    problems = Problems()
    book = read_cells(path, problems=problems)
    assert book.sheet_names == ["Een", "Twee"]
    assert [values(path, name) for name in ("Een", "Twee")] == [{"A1": "hier"}] * 2
    assert [p.message for p in problems.found] == [SHEET_SKIPPED]


def test_a_missing_plan_sheet_part_is_a_warning_and_the_sheet_is_missing(source_copy: Path) -> None:
    path = source_copy / "jaarplan.xlsx"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert b'name="Voetnoten" sheetId="5"' in parts["xl/workbook.xml"]
    del parts["xl/worksheets/sheet5.xml"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    messages = [f"{p.severity.value} {p.message}" for p in check_source(source_copy).problems]
    assert messages[0] == f"WAARSCHUWING {SHEET_SKIPPED}"
    assert "FOUT het werkblad 'Voetnoten' ontbreekt" in messages


def test_a_dtd_beyond_the_head_of_a_part_and_broken_xml_are_refused_in_dutch(tmp_path: Path) -> None:
    sheet = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    path = workbook(tmp_path / "w.xlsx", {"Blad": sheet})
    padding = "<!--" + "x" * 5000 + "-->"
    bomb = f'{padding}<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet xmlns="{MAIN}">{sheet}</worksheet>'
    _replace_part(path, "xl/worksheets/sheet1.xml", bomb)
    with pytest.raises(PlanError) as caught:
        read_cells(path)
    assert caught.value.message == XML_BOMB
    _replace_part(path, "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData><row>')
    with pytest.raises(PlanError) as caught:
        read_cells(path)
    assert caught.value.message == DAMAGED


def test_reading_the_plan_imports_no_openpyxl_and_reads_only_its_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    read = []
    original = xlsx_cells._Reader._read_sheet
    monkeypatch.setattr(
        xlsx_cells._Reader,
        "_read_sheet",
        lambda self, source, sheet: read.append(sheet.name) or original(self, source, sheet),
    )
    read_workbook(SOURCE / "jaarplan.xlsx", Problems())
    assert read == ["Hoofdstukken", "Thema's", "Matrix", "Voetnoten", "Lijsten"]  # not Toelichting


def test_equal_spans_are_one_object_and_each_cell_its_own_text() -> None:
    """Spans are frozen and shared (time and memory at 20,000 rows); a RichText never is, since compare
    and redline pair paragraphs by identity. A row's cell locations are made when asked, and the same."""
    texts = read_workbook(SOURCE / "jaarplan.xlsx", Problems())
    rows = [row for theme in texts.themes for goal in theme.goals for row in goal.rows]
    cells = [cell for row in rows for cell in row.cells() if cell.parts]
    spans = [part for cell in cells for part in cell.parts if isinstance(part, Span)]
    first: dict[Span, Span] = {}
    assert all(first.setdefault(span, span) is span for span in spans)
    assert len(first) < len(spans)  # "ja" alone stands in 20 cells
    assert len({id(cell) for cell in cells}) == len(cells)
    locations = rows[0].cell_locations
    expected = [Location(SOURCE / "jaarplan.xlsx", "Matrix", f"{letter}2") for letter in "CDEFGHI"]
    assert len(locations) == 7 and list(locations) == expected and locations[-1] == expected[-1]
    assert locations[1:3] == tuple(expected[1:3])


@pytest.mark.parametrize(
    "workbook_path",
    [
        SOURCE / "jaarplan.xlsx",
        *(REPO / "tests" / "data" / "regional" / kind / "jaarplan.xlsx" for kind in ("openpyxl", "calc")),
    ],
    ids=["default", "regional-openpyxl", "regional-calc"],
)
def test_every_cell_reads_as_openpyxl_read_it(workbook_path: Path) -> None:
    assert _cells_read_as_openpyxl(workbook_path) > 300


def test_clean_text_with_its_quick_path_cleans_every_character_as_before() -> None:
    for code in range(0x110000):
        ch = chr(code)
        assert _is_forbidden(ch) == (unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff"), hex(code)
        assert clean_text(f"a{ch}b") == _clean_text_before(f"a{ch}b"), hex(code)
    for text in ("x_x000B_y", "\r\n\t\v", "_x000b__xFFFE_", "_x0041_"):
        assert clean_text(text) == _clean_text_before(text)
    text = "Politie, OM en gemeente; zie convenant."
    assert _is_plain(text) and clean_text(text) is text  # nothing to clean: the same object, no copy


def _clean_text_before(text: str) -> str:
    """clean_text as it was, character by character (commit 5469132)."""
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\t", " ")
    text = text.translate(_INVISIBLE)
    return "".join(
        ch for ch in text if ch == "\n" or not (unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff")
    )


def _cells_read_as_openpyxl(path: Path) -> int:
    """Assert every cell of every worksheet reads as openpyxl read it (value, number format, font); how many did.

    The count is for the caller to check, so a workbook read as empty by both cannot pass unseen.
    """
    book, cached = load_workbook(path, rich_text=True), load_workbook(path, rich_text=True, data_only=True)
    ours = read_cells(path)
    compared = 0
    for sheet in book.worksheets:
        mine = ours.sheets[sheet.title]
        merged = (
            {(r, c) for merge in sheet.merged_cells.ranges for r, c in merge.cells} if sheet.merged_cells else set()
        )
        for (row, column), theirs in sheet._cells.items():
            cell = mine.cell(row, column)
            value = theirs.value
            if theirs.data_type == "f":
                value = cached[sheet.title].cell(row, column).value
                if cached[sheet.title].cell(row, column).data_type == "e":
                    assert cell is None, (sheet.title, row, column)  # kept out whole, as below
                    continue
                assert cell is not None and cell.formula == theirs.value, (sheet.title, row, column)
            if theirs.data_type == "e":
                value = None  # an error value, or a number in a date format that can be no date: kept out, warned of
            if value is None:
                assert cell is None or cell.formula is not None or (row, column) in merged, (sheet.title, row, column)
                continue
            assert cell is not None, (sheet.title, row, column)
            assert cell.value == _as_runs(value), (sheet.title, row, column, cell.value, value)
            compared += 1
            assert cell.style.number_format == theirs.number_format
            font = theirs.font
            assert (cell.style.italic, cell.style.bold, cell.style.superscript) == (
                bool(font.i),
                bool(font.b),
                font.vertAlign == "superscript",
            )
        assert mine.hidden_rows == {n for n, d in sheet.row_dimensions.items() if d.hidden}
    return compared


def _as_runs(value: object) -> object:
    if not isinstance(value, CellRichText):
        return value
    return tuple(
        (block, None, None, None)
        if isinstance(block, str)
        else (block.text, block.font.i, block.font.b, block.font.vertAlign)
        for block in value
    )


def _replace_part(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[member] = text.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
