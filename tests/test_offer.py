"""``jaarplan aanbieden``: the raadsinformatiebrief, the package for the raad and the archive's record of it.

The plan is a copy of the Voorbeeldgemeente example (versions 1.0 and 1.1
archived), in a folder with spaces; its concept 1.2 gets a new theme, loses
one, and one theme gets a new goal and loses another; one theme only gets
italics, another only a goal in bold and a row's new Status (not content);
and is issued. Version 1.1 is offered first (the first version the raad
receives), then again with a later date (a second letter, kept beside the
first), then 1.2: its letter must name what an independent comparison of the
two archived workbooks finds, and the date of 1.1's first letter. The
package is read back: the letter's text, every checksum of the manifest, the
zip against the folder, the PDFs' tags, title and language; offering 1.2
again gives the same checksums.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime
import hashlib
import io
import json
import re
import shutil
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from pypdf import PdfReader

from jaarplan.cli.commands import main
from jaarplan.commands.offer import OfferOptions, OfferResult, letter_texts, offer, package_name
from jaarplan.commands.versions import release
from jaarplan.diff.compare import compare
from jaarplan.diff.plain import plain_changes
from jaarplan.errors import PlanError
from jaarplan.model import Measurement, OfferTexts
from jaarplan.office.pdf import SOFFICE_VARIABLE
from jaarplan.source.check import load_plan
from jaarplan.source.fingerprint import fingerprint
from jaarplan.source.metadata import read_metadata, write_metadata
from jaarplan.store.archive import archive_of, verify
from jaarplan.store.files import folder_mode
from jaarplan.store.offers import KeptLetter, Offering, OfferRecord, kept_folder, record_offering
from jaarplan.text import with_year

from .browser import look, open_page
from .conftest import REPO
from .ooxml_validation import assert_valid_ooxml
from .pdfa_check import assert_pdfa2
from .system_tools import poppler, require_pdf_tools, require_soffice
from .web_support import Plan as WebPlan
from .web_support import served

EXAMPLE = REPO / "examples" / "voorbeeldgemeente"
OPTIONS = OfferOptions(
    to="beide", sender="Het college van B&W, J. de Vries", contact="A. Jansen, beleidsadviseur OOV, 06-12345678"
)
NEW_THEME, GONE_THEME = "Cybercriminaliteit", "Jeugdoverlast"
NEW_GOAL, GONE_GOAL = "Minder drugshandel rond scholen", "Weerbare ondernemers"
ITALIC_THEME = "Woninginbraak"  # only italics change: not content, not in the letter
STATUS_THEME, BOLD_GOAL = "Huiselijk geweld", "Eerder signaleren"  # a goal in bold, a row's Status: not content
FIRST_DATE, LATER_DATE = datetime.date(2026, 3, 2), datetime.date(2026, 3, 20)  # 1.1's two letters


def copied_example(folder: Path) -> tuple[Path, Path]:
    """The example's source and output, copied into ``folder`` (a path with spaces, as on Windows)."""
    shutil.copytree(EXAMPLE, folder)
    return folder / "bron", folder / "output"


def change_structure(source: Path) -> None:
    """The concept as a team changes it: a theme added and one removed, a goal added and one removed.

    The indicators of the removed theme go with it (and their measurements); that of the removed goal stays
    with its theme; the Thema drop-down (blad Lijsten) offers the new theme.
    """
    path = source / "jaarplan.xlsx"
    workbook = openpyxl.load_workbook(path)
    themes, matrix = workbook["Thema's"], workbook["Matrix"]
    for sheet, gone in ((themes, lambda row: row[0] == GONE_THEME), (matrix, lambda row: row[0] == GONE_THEME)):
        for number in reversed(range(2, sheet.max_row + 1)):
            if gone([cell.value for cell in sheet[number]]):
                sheet.delete_rows(number)
    for number in reversed(range(2, matrix.max_row + 1)):
        if matrix.cell(number, 2).value == GONE_GOAL:
            matrix.delete_rows(number)
    indicators, measurements, lists = workbook["Indicatoren"], workbook["Metingen"], workbook["Lijsten"]
    gone_indicators = set()
    for number in reversed(range(2, indicators.max_row + 1)):
        if indicators.cell(number, 1).value == GONE_THEME:
            gone_indicators.add(indicators.cell(number, 3).value)
            indicators.delete_rows(number)
        elif indicators.cell(number, 2).value == GONE_GOAL:
            indicators.cell(number, 2).value = None  # the indicator stays, with its theme
    for number in reversed(range(2, measurements.max_row + 1)):
        if measurements.cell(number, 1).value in gone_indicators:
            measurements.delete_rows(number)
    for row in lists.iter_rows(min_col=2, max_col=2):
        if row[0].value == GONE_THEME:
            row[0].value = NEW_THEME  # the Thema drop-down offers the new theme instead
    _only_formatting_and_status(
        themes, matrix, source.parent / "output" / "archief" / "versie-1.1" / "bron" / path.name
    )
    themes.append([NEW_THEME, "criminaliteit", "Online fraude treft steeds meer inwoners.", None])
    matrix.append(
        ["Ondermijning", NEW_GOAL, "Extra controles bij scholen", "4 controles", "ja", "ja", None, "1 juli 2026"]
    )
    matrix.append([NEW_THEME, "Minder slachtoffers van online fraude", "Voorlichting in de wijken", "6 avonden"])
    workbook.save(path)


def _only_formatting_and_status(themes, matrix, issued: Path) -> None:
    """Two themes as issued in 1.1 (the example's concept edited them), then changes that are not content.

    A word in italics (theme text, a Specifiek), a goal in bold, a Status.
    """
    kept = (ITALIC_THEME, STATUS_THEME)
    for number in reversed(range(2, matrix.max_row + 1)):
        if matrix.cell(number, 1).value in kept:
            matrix.delete_rows(number)
    for row in openpyxl.load_workbook(issued, read_only=True)["Matrix"].iter_rows(min_row=2, values_only=True):
        if row[0] in kept:
            matrix.append(list(row[:10]))
    italic, bold = InlineFont(i=True), InlineFont(b=True)
    for number in range(2, themes.max_row + 1):
        if themes.cell(number, 1).value == ITALIC_THEME:
            first, rest = str(themes.cell(number, 3).value).split(" ", 1)
            themes.cell(number, 3).value = CellRichText(TextBlock(italic, first), " " + rest)
    for number in range(2, matrix.max_row + 1):
        theme, goal, specific = (matrix.cell(number, column).value for column in (1, 2, 3))
        if theme == ITALIC_THEME and goal:
            matrix.cell(number, 3).value = CellRichText(TextBlock(italic, specific))
        if theme == STATUS_THEME and goal == BOLD_GOAL:
            matrix.cell(number, 2).value = CellRichText(TextBlock(bold, goal))
            matrix.cell(number, 10).value = "achter"  # was "op schema"


@dataclasses.dataclass
class Offered:
    source: Path
    output: Path
    first: OfferResult  # 1.1, the first time
    relettered: OfferResult  # 1.1 again with a later date: a second letter
    second: OfferResult  # 1.2, after the change


@pytest.fixture(scope="module")
def offered(tmp_path_factory: pytest.TempPathFactory) -> Offered:
    """1.1 offered, 1.1 again with a later date, then 1.2 (issued after the change)."""
    require_soffice()
    source, output = copied_example(tmp_path_factory.mktemp("aanbieden") / "plan met spaties")
    first = offer(source, output, version="1.1", options=dataclasses.replace(OPTIONS, letter_date=FIRST_DATE))
    relettered = offer(source, output, version="1.1", options=dataclasses.replace(OPTIONS, letter_date=LATER_DATE))
    change_structure(source)
    release(source, output, author="VB", description="Nieuw thema cybercriminaliteit")
    second = offer(source, output, options=OPTIONS)  # the newest issued version: 1.2
    return Offered(source, output, first, relettered, second)


def letter_text(folder: Path) -> list[str]:
    return [paragraph.text for paragraph in Document(folder / "raadsinformatiebrief.docx").paragraphs]


def archived_plan(output: Path, source: Path, version: str):
    archive = archive_of(output, read_metadata(source / "plan.yaml"))
    return load_plan(archive.source(version), allow_changed_issue=True).plan


def test_the_first_offer_says_it_is_the_first_version_and_has_no_redline(offered: Offered) -> None:
    first = offered.first
    assert first.version == "1.1" and first.since is None
    text = letter_text(first.folder)
    assert "Eerste versie" in text
    assert any("Dit is de eerste versie van het Gezamenlijk jaarplan Voorbeeldgemeente 2026" in line for line in text)
    assert not any(file.kind == "wijzigingen" for file in first.files)
    assert sorted(path.name for path in first.folder.iterdir()) == [
        "Gezamenlijk jaarplan Voorbeeldgemeente 2026 - versie 1.1.pdf",
        "manifest.csv",
        "manifest.json",
        "raadsinformatiebrief.docx",
        "raadsinformatiebrief.pdf",
    ]


def test_the_letter_names_what_an_independent_comparison_finds(offered: Offered) -> None:
    """Content only: goals and the matrix rows' text as the jaarplan prints them (not formatting, not Status)."""
    source, output, second = offered.source, offered.output, offered.second
    assert second.version == "1.2" and second.since == "1.1"
    old, new = archived_plan(output, source, "1.1"), archived_plan(output, source, "1.2")
    old_themes = {theme.title: theme for theme in old.themes}
    new_themes = {theme.title: theme for theme in new.themes}
    text = letter_text(second.folder)
    lines = [line for line in text if line.startswith(("Er is een nieuw thema", "Het thema ‘", "Thema ‘"))]

    for title in new_themes.keys() - old_themes.keys():
        assert f"Er is een nieuw thema: ‘{title}’." in lines
    for title in old_themes.keys() - new_themes.keys():
        assert f"Het thema ‘{title}’ is vervallen." in lines
    assert {NEW_THEME} == new_themes.keys() - old_themes.keys() and {
        GONE_THEME
    } == old_themes.keys() - new_themes.keys()

    def content(theme) -> list:
        return [(goal.title.text, [[cell.text for cell in row.cells()] for row in goal.rows]) for goal in theme.goals]

    for title in old_themes.keys() & new_themes.keys():
        said = [line for line in lines if line.startswith(f"Thema ‘{title}’:")]
        assert bool(said) == (content(old_themes[title]) != content(new_themes[title])), title
        old_goals = {goal.title.text for goal in old_themes[title].goals}
        new_goals = {goal.title.text for goal in new_themes[title].goals}
        for goal in new_goals - old_goals:
            assert f"er is een nieuw doel ‘{goal}’." in said[0]
        for goal in old_goals - new_goals:
            assert f"Het doel ‘{goal}’ is vervallen." in said[0]
    ondermijning = f"Thema ‘Ondermijning’: er is een nieuw doel ‘{NEW_GOAL}’. Het doel ‘{GONE_GOAL}’ is vervallen."
    assert any(line.startswith(ondermijning) for line in lines), lines
    assert not any(line.startswith((f"Thema ‘{ITALIC_THEME}’", f"Thema ‘{STATUS_THEME}’")) for line in lines)
    assert not any(line.endswith(": .") for line in text)
    assert "Wat is veranderd sinds versie 1.1" in text


def test_the_letter_names_the_indicators_that_changed(offered: Offered) -> None:
    """1.1 had no indicators; 1.2 has those of the themes that stayed: a separate comparison of the names."""
    output, source = offered.output, offered.source
    old = archived_plan(output, source, "1.1").indicators
    new = [indicator.name for indicator in archived_plan(output, source, "1.2").indicators]
    assert not old and len(new) == 4
    listed = "’, ‘".join(new[:-1])
    assert f"Er zijn nieuwe indicatoren: ‘{listed}’ en ‘{new[-1]}’." in letter_text(offered.second.folder)


def example_with_changed_indicator(change) -> list[str]:
    """The letter's lines about the example's indicators after ``change`` (old plan, first indicator)."""
    old = load_plan(EXAMPLE / "bron").plan
    new = copy.deepcopy(old)
    change(new, new.indicators[0])
    return [line for line in plain_changes(compare(old, new, "1.2", "1.3")) if "ndicator" in line]


def test_changed_indicators_are_told_as_a_raad_member_reads_them() -> None:
    """A dropped indicator, a sharper streefwaarde, a new figure of the municipality and one of Nederland."""
    old = load_plan(EXAMPLE / "bron").plan
    first = old.indicators[0]
    year = first.target_year
    was, now = (f"{value:g}".replace(".", ",") for value in (first.target, first.target - 1))
    earliest = min(measurement.year for measurement in first.measurements) - 1

    def change(plan, indicator) -> None:
        plan.indicators.pop()
        indicator.target -= 1
        indicator.measurements += [Measurement(earliest, 1.5), Measurement(earliest, 0, "Nederland")]

    assert example_with_changed_indicator(change) == [
        f"De indicator ‘{old.indicators[-1].name}’ is vervallen.",
        f"Indicator ‘{first.name}’: de streefwaarde van {was} ({year}) naar {now} ({year}); 1 nieuwe meting;"
        " 1 nieuwe meting voor Nederland.",
    ]


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("theme", "Ondermijning", "het thema is nu ‘Ondermijning’"),
        ("goal", "", "het meet geen apart doel meer"),
        ("unit", "per 10.000 inwoners", "de eenheid is nu ‘per 10.000 inwoners’"),
        ("source", "", "de bron is weggehaald"),
        ("definition", "Een nieuwe, veel langere definitie; met naar erin", "de definitie is gewijzigd"),
        ("higher_is_better", True, "nu is een hogere waarde beter"),
        ("target", None, "de streefwaarde is vervallen"),
        ("baseline", 0.0, "de nulmeting van {was} naar 0 ({year})"),
    ],
)
def test_each_field_of_an_indicator_reads_as_a_sentence(field: str, value: object, said: str) -> None:
    first = load_plan(EXAMPLE / "bron").plan.indicators[0]
    if getattr(first, field) == value:
        pytest.fail(f"the example's first indicator already has {field} = {value!r}: pick another value")
    expected = said.format(was=with_year(first.baseline, first.baseline_year), year=first.baseline_year)
    lines = example_with_changed_indicator(lambda plan, indicator: setattr(indicator, field, value))
    assert lines == [f"Indicator ‘{first.name}’: {expected}."]


def test_the_letter_has_its_fields_and_asks_kennisnemen(offered: Offered) -> None:
    second = offered.second
    text = "\n".join(letter_text(second.folder))
    assert "Aan:\thet college van burgemeester en wethouders en de gemeenteraad" in text
    assert "Van:\tHet college van B&W, J. de Vries" in text
    assert "Contactpersoon:\tA. Jansen, beleidsadviseur OOV, 06-12345678" in text
    assert "Onderwerp:\tGezamenlijk jaarplan Voorbeeldgemeente 2026, versie 1.2" in text
    assert "Wij vragen u kennis te nemen van versie 1.2 van het Gezamenlijk jaarplan Voorbeeldgemeente 2026." in text
    assert "Het plan telt 4 thema's in 2 clusters, met 5 doelen en 9 acties." in text  # no team jargon after it
    assert "De thema's zijn ‘Woninginbraak’, ‘Ondermijning’, ‘Huiselijk geweld’ en ‘Cybercriminaliteit’." in text
    # the date the raad first received 1.1, as Versies shows it, not that of its later letter
    assert "Ten opzichte van versie 1.1, die u op 2 maart 2026 ontving, is het volgende veranderd." in text
    assert "De voortgang wordt gemeten met 4 indicatoren." in text  # the removed theme's two went with it
    assert "wijzigingen versie 1.1 - versie 1.2.docx" in text  # among the bijlagen


def test_the_letter_is_styled_only_by_named_styles_and_passes_openxml_audit(offered: Offered) -> None:
    second = offered.second
    document = Document(second.folder / "raadsinformatiebrief.docx")
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Briefgegeven", "Heading 1", "List Bullet", "Afsluiting"} <= styles
    direct = document.element.body.xpath(".//w:r/w:rPr[w:b or w:i or w:sz or w:color or w:rFonts]")
    assert direct == []
    assert_valid_ooxml(second.folder / "raadsinformatiebrief.docx")
    assert_valid_ooxml(REPO / "templates" / "raadsinformatiebrief.docx")


def test_every_manifest_checksum_is_right_and_the_zip_holds_the_folder(offered: Offered) -> None:
    second = offered.second
    folder = second.folder
    listing = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert listing["titel"] == "Gezamenlijk jaarplan Voorbeeldgemeente 2026" and listing["versie"] == "1.2"
    kinds = {item["bestand"]: item["soort"] for item in listing["bestanden"]}
    assert set(kinds.values()) == {"brief", "jaarplan", "wijzigingen", "manifest"}
    for item in listing["bestanden"]:
        assert hashlib.sha256((folder / item["bestand"]).read_bytes()).hexdigest() == item["sha256"], item["bestand"]
    raw = (folder / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Titel", "Versie", "Datum", "Bestand", "Soort", "Omschrijving", "SHA-256", "Bytes"]
    assert {row[3] for row in rows[1:]} == set(kinds) - {"manifest.csv"}
    for row in rows[1:]:
        assert hashlib.sha256((folder / row[3]).read_bytes()).hexdigest() == row[6]
    with zipfile.ZipFile(second.zip) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names) and all(name.startswith(f"{folder.name}/") for name in names)
        assert {name.split("/", 1)[1] for name in names} == {path.name for path in folder.iterdir()}
        for name in names:
            assert archive.read(name) == (folder / name.split("/", 1)[1]).read_bytes()
        # walk finding 9: the version's date at noon (Explorer showed 1-1-1980 on every file)
        issued = archived_plan(offered.output, offered.source, "1.2").metadata.date
        assert {info.date_time for info in archive.infolist()} == {(issued.year, issued.month, issued.day, 12, 0, 0)}


def test_the_pdfs_are_tagged_titled_and_dutch(offered: Offered) -> None:
    require_pdf_tools()
    second = offered.second
    letter = PdfReader(second.folder / "raadsinformatiebrief.pdf")
    root = letter.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "nl-NL" and "/StructTreeRoot" in root
    assert letter.metadata.title == "Raadsinformatiebrief: Gezamenlijk jaarplan Voorbeeldgemeente 2026, versie 1.2"
    assert_pdfa2(second.folder / "Gezamenlijk jaarplan Voorbeeldgemeente 2026 - versie 1.2.pdf")
    redline = poppler("pdftotext", second.folder / "wijzigingen versie 1.1 - versie 1.2.pdf", "-")
    assert NEW_THEME in redline and GONE_THEME in redline


def test_the_same_version_again_gives_the_same_package_even_without_the_old_folder(
    offered: Offered, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source, output, second = offered.source, offered.output, offered.second
    monkeypatch.setenv(SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))  # nothing to make: no LibreOffice needed
    before = {path.name: path.read_bytes() for path in second.folder.iterdir()}
    zipped = second.zip.read_bytes()
    shutil.rmtree(output / "aanbieden")  # the package is gone; the archive keeps what was sent
    again = offer(source, output, version="1.2", options=OPTIONS)
    assert again.again and not again.new_letter
    assert {path.name: path.read_bytes() for path in again.folder.iterdir()} == before
    assert again.zip.read_bytes() == zipped
    record = json.loads((output / "archief" / "versie-1.2" / "aanbieding" / "aangeboden.json").read_text("utf-8"))
    assert record["sinds"] == "1.1" and len(record["aangeboden"]) == 2
    assert verify(output / "archief" / "versie-1.2") == []  # the archived version itself is untouched


def checksums(result: OfferResult) -> dict[str, str]:
    return {file.name: file.sha256 for file in result.files}


def kept_letters(output: Path, version: str) -> dict[str, str]:
    """The letters kept in the archive for ``version``, by file name, with their SHA-256."""
    folder = output / "archief" / f"versie-{version}" / "aanbieding"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.iterdir()
        if path.name.startswith("raadsinformatiebrief")
    }


def test_a_new_date_makes_a_new_letter_beside_the_sent_one_and_keeps_the_other_files(offered: Offered) -> None:
    source, output, second = offered.source, offered.output, offered.second
    before = checksums(second)
    dated = offer(
        source, output, version="1.2", options=dataclasses.replace(OPTIONS, letter_date=datetime.date(2026, 7, 1))
    )
    after = checksums(dated)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"raadsinformatiebrief.docx", "raadsinformatiebrief.pdf", "manifest.csv"}
    assert "Datum:\t1 juli 2026" in "\n".join(letter_text(dated.folder))
    # the letter that was sent stays as it was; the new one is kept beside it
    letters = {"raadsinformatiebrief.docx": before["raadsinformatiebrief.docx"]}
    letters |= {"raadsinformatiebrief.pdf": before["raadsinformatiebrief.pdf"]}
    letters |= {"raadsinformatiebrief-2.docx": after["raadsinformatiebrief.docx"]}
    letters |= {"raadsinformatiebrief-2.pdf": after["raadsinformatiebrief.pdf"]}
    assert kept_letters(output, "1.2") == letters
    # without options the newest letter; the first date again gives the first letter back, checksum for checksum
    assert checksums(offer(source, output, version="1.2")) == after
    assert (
        checksums(
            offer(source, output, version="1.2", options=dataclasses.replace(OPTIONS, letter_date=second.letter_date))
        )
        == before
    )


def test_a_version_offered_twice_keeps_both_letters(offered: Offered) -> None:
    """1.1's first letter (2 March) is not overwritten by its second (20 March); the record knows both."""
    first, relettered = checksums(offered.first), checksums(offered.relettered)
    assert first["raadsinformatiebrief.pdf"] != relettered["raadsinformatiebrief.pdf"]
    assert kept_letters(offered.output, "1.1") == {
        "raadsinformatiebrief.docx": first["raadsinformatiebrief.docx"],
        "raadsinformatiebrief.pdf": first["raadsinformatiebrief.pdf"],
        "raadsinformatiebrief-2.docx": relettered["raadsinformatiebrief.docx"],
        "raadsinformatiebrief-2.pdf": relettered["raadsinformatiebrief.pdf"],
    }
    record = json.loads(
        (offered.output / "archief" / "versie-1.1" / "aanbieding" / "aangeboden.json").read_text("utf-8")
    )
    assert [letter["datum"] for letter in record["brieven"]] == ["2026-03-02", "2026-03-20"]
    assert [offering["brief"] for offering in record["aangeboden"]] == [1, 2]


def test_the_package_and_the_kept_letters_are_as_readable_as_the_rest_of_the_output(offered: Offered) -> None:
    """Not mkdtemp's owner-only 0700: on a team server the others read the package, as any written output."""
    for folder in (offered.second.folder, offered.output / "archief" / "versie-1.2" / "aanbieding"):
        assert stat.S_IMODE(folder.stat().st_mode) == folder_mode(), folder


def test_a_concept_is_refused_in_dutch(tmp_path: Path) -> None:
    source, output = copied_example(tmp_path / "plan")
    with pytest.raises(PlanError) as refused:
        offer(source, output, version="1.2", options=OPTIONS)  # plan.yaml: 1.2, status concept
    assert refused.value.message.startswith("versie 1.2 is een concept en wordt niet aangeboden")
    assert not (output / "aanbieden").exists()


def test_a_missing_sender_names_the_plan_yaml_key_and_the_option(tmp_path: Path) -> None:
    source, output = copied_example(tmp_path / "plan")
    result = CliRunner().invoke(
        main, ["aanbieden", "--source", str(source), "--output", str(output), "--to", "raad", "--contact", "x"]
    )
    assert result.exit_code == 1
    assert (
        "de afzender van de raadsinformatiebrief ontbreekt: zet 'van: …' onder 'aanbieden:' in plan.yaml of geef "
        "--sender" in result.output
    )
    assert "Traceback" not in result.output and not (output / "aanbieden").exists()


def test_whom_the_letter_is_for_has_no_default_in_the_cli_nor_in_the_form(tmp_path: Path) -> None:
    """plan.yaml without 'aan': both faces refuse, naming the key and the option or the field (no silent 'beide')."""
    source, output = copied_example(tmp_path / "plan")
    result = CliRunner().invoke(
        main, ["aanbieden", "--source", str(source), "--output", str(output), "--sender", "x", "--contact", "y"]
    )
    missing = "aan wie de raadsinformatiebrief gaat (college, raad of beide) ontbreekt: zet 'aan: …' onder 'aanbieden:'"
    assert result.exit_code == 1 and f"{missing} in plan.yaml of geef --to" in result.output
    with pytest.raises(PlanError) as refused:
        letter_texts(OfferTexts(), OfferOptions(sender="x", contact="y", from_form=True), source)
    assert refused.value.message == f"{missing} in plan.yaml of vul het veld 'Aan' in"


def test_the_letter_texts_have_a_length_limit(tmp_path: Path) -> None:
    """The form's maxlength is no limit for a forged POST: the library refuses, in Dutch, naming where to shorten."""
    long = OfferOptions("raad", "x" * 201, "A. Jansen", "R" * 101, from_form=True)
    with pytest.raises(PlanError) as refused:
        letter_texts(OfferTexts(), long, tmp_path)
    said = [problem.message for problem in refused.value.problems]
    assert said == [
        "de afzender is te lang voor de brief: 201 tekens, hoogstens 200; maak het korter (het veld 'Van', of 'van' in "
        "plan.yaml)",
        "het kenmerk van de raad is te lang voor de brief: 101 tekens, hoogstens 100; maak het korter (het veld "
        "'Kenmerk van de raad', of 'kenmerk_raad' in plan.yaml)",
    ]


def test_plan_yaml_aanbieden_reads_back_and_changes_no_fingerprint(tmp_path: Path) -> None:
    source, _ = copied_example(tmp_path / "plan")
    metadata = read_metadata(source / "plan.yaml")
    texts = OfferTexts("raad", "De burgemeester", "griffie@voorbeeld.nl", "RIB-2026-12")
    plan = load_plan(source).plan
    with_texts = type(metadata)(**{**metadata.__dict__, "offer": texts})
    write_metadata(with_texts, source / "plan.yaml")
    assert "aanbieden:" in (source / "plan.yaml").read_text(encoding="utf-8")
    assert read_metadata(source / "plan.yaml").offer == texts
    assert fingerprint(plan) == fingerprint(type(plan)(**{**plan.__dict__, "metadata": with_texts}))


def test_the_werkomgeving_offers_a_version_and_hands_out_the_zip(browser, tmp_path: Path, shots: Path) -> None:
    """Versies › Aanbieden in Chromium, on ``jaarplan serve`` started as the README says (loopback: a bewerker)."""
    require_soffice()
    folder = tmp_path / "werk omgeving"
    shutil.copytree(EXAMPLE / "bron", folder / "source")
    shutil.copytree(EXAMPLE / "output", folder / "output")
    with served(folder, libreoffice=True) as running, open_page(browser) as page:
        page.goto(f"{running.base}/versies")
        assert page.locator("#aanbied-versie").input_value() == "1.1"  # the newest issued, never the concept 1.2
        assert page.locator("#aanbied-versie option").all_inner_texts() == ["versie 1.1", "versie 1.0"]
        assert page.locator("#aan").input_value() == ""  # plan.yaml says not to whom: no default, as in the CLI
        page.select_option("#aan", "beide")
        page.fill("#van", OPTIONS.sender)
        page.fill("#contactpersoon", OPTIONS.contact)
        look(page, shots, "versies-aanbieden")
        page.click("#aanbieden")
        page.wait_for_selector("#taak[data-finished='ja']", timeout=180_000)
        assert "Klaar: versie 1.1 is aangeboden" in page.inner_text("main")
        look(page, shots, "aanbieden-klaar")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download het pakket").click()
        assert download.value.suggested_filename == "gezamenlijk-jaarplan-voorbeeldgemeente-2026-versie-1.1.zip"
        with zipfile.ZipFile(download.value.path()) as archive:
            prefix = "gezamenlijk-jaarplan-voorbeeldgemeente-2026-versie-1.1/"
            listing = json.loads(archive.read(prefix + "manifest.json"))
            for item in listing["bestanden"]:
                assert hashlib.sha256(archive.read(prefix + item["bestand"])).hexdigest() == item["sha256"]
            letter = Document(io.BytesIO(archive.read(prefix + "raadsinformatiebrief.docx")))
        page.goto(f"{running.base}/versies")
        row = page.locator("table tbody tr", has_text="Stand van zaken eerste kwartaal")
        assert f"aangeboden aan college en raad op {datetime.date.today():%d-%m-%Y}" in row.inner_text()
        # offered before: the form starts from its letter (plan.yaml has none of it), so again is the same package
        assert page.locator("#aanbied-versie option").all_inner_texts() == ["versie 1.1 (al aangeboden)", "versie 1.0"]
        assert [page.locator(f"#{name}").input_value() for name in ("aan", "van", "contactpersoon")] == [
            "beide",
            OPTIONS.sender,
            OPTIONS.contact,
        ]
        look(page, shots, "versies-aangeboden")
        page.select_option("#aanbied-versie", "1.0")  # never offered: plan.yaml's texts (none)
        assert [page.locator(f"#{name}").input_value() for name in ("aan", "van", "contactpersoon")] == ["", "", ""]
    assert f"Van:\t{OPTIONS.sender}" in [paragraph.text for paragraph in letter.paragraphs]
    assert (folder / "output" / "archief" / "versie-1.1" / "aanbieding" / "aangeboden.json").is_file()


def test_versies_says_to_whom_each_version_was_offered(tmp_path: Path) -> None:
    """Walk finding 3: 1.0 offered to the raad alone is not shown as 'aangeboden aan college en raad'."""
    source, output = copied_example(tmp_path / "plan")
    archive = archive_of(output, read_metadata(source / "plan.yaml"))
    letters = {"1.0": ["raad"], "1.1": ["college", "beide", "college"]}  # 1.1: the college, then both, then again
    for version, addressees in letters.items():
        kept_folder(archive, version).mkdir()
        record_offering(
            archive,
            OfferRecord(
                version,
                None,
                (),
                tuple(
                    KeptLetter(number, {"aan": to}, datetime.date(2026, 3, number), ())
                    for number, to in enumerate(addressees, start=1)
                ),
                tuple(
                    Offering("2026-03-01T10:00:00", "JM", datetime.date(2026, 3, number), number)
                    for number in range(1, len(addressees) + 1)
                ),
            ),
        )
    page = WebPlan(source, output, tmp_path / "users.json").app(login_required=False).test_client().get("/versies")
    rows = {
        row.split("<")[0]: re.findall(r'<span class="badge ok">([^<]*)</span>', row)
        for row in page.text.split('<th scope="row" data-label="Versie">')[1:]
    }
    assert rows["1.0"] == ["aangeboden aan de raad op 01-03-2026"]
    assert rows["1.1"] == ["aangeboden aan het college op 01-03-2026", "aangeboden aan college en raad op 02-03-2026"]


def test_two_plans_in_one_output_folder_get_their_own_package_folders() -> None:
    metadata = read_metadata(EXAMPLE / "bron" / "plan.yaml")  # no kenmerk: named after its title
    assert package_name(metadata, "1.1") == "gezamenlijk-jaarplan-voorbeeldgemeente-2026-versie-1.1"
    first = dataclasses.replace(metadata, plan_id="jaarplan-2026-3fa2c1")
    second = dataclasses.replace(metadata, plan_id="jaarplan-2026-77be0d")  # the same title, another plan
    # the title for the griffie, the kenmerk's own part for the plan (its "jaarplan" and year are in the title)
    assert package_name(first, "1.0") == "gezamenlijk-jaarplan-voorbeeldgemeente-2026-3fa2c1-versie-1.0"
    assert package_name(first, "1.0") != package_name(second, "1.0")
