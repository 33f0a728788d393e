"""Versions: concept marking, Versiebeheer, release and archive, and the diff with its redline."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.commands.versions import DiffResult, diff, release
from jaarplan.errors import PlanError
from jaarplan.office import pdf
from jaarplan.source.lifecycle import next_minor
from jaarplan.store.archive import verify

from .conftest import SOURCE, TEMPLATE
from .docx_reading import matrix_tables
from .system_tools import require_soffice


def legacy_folder(output: Path, version: str) -> Path:
    """Where a plan without kenmerk (the 2010 plan) keeps a version, as before kenmerken: output/archief/versie-X.Y."""
    return output / "archief" / f"versie-{version}"


TODAY = datetime.date(2010, 3, 15)


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Releases without LibreOffice: the same steps, seconds faster (the PDF has its own tests)."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "geen-soffice"))


def headers_text(document) -> list[str]:
    texts = []
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            texts.append(" ".join(p.text for p in header.paragraphs))
    return texts


def test_concept_is_marked_on_every_page_and_definitief_is_not(source_copy: Path, tmp_path: Path) -> None:
    definitief = Document(build(source_copy, tmp_path / "d", TEMPLATE).document)
    assert not any("CONCEPT" in text for text in headers_text(definitief))
    path = source_copy / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: definitief", "status: concept"), "utf-8")
    concept = Document(build(source_copy, tmp_path / "c", TEMPLATE).document)
    headers = headers_text(concept)
    assert all("CONCEPT" in text for text in headers)  # title page (first-page header) and every other page
    assert "CONCEPT – Gezamenlijk jaarplan 2010 – versie 2.3" in headers  # 2.2 is issued: this is the next concept
    assert not (tmp_path / "c" / "archief").exists()  # a concept is not an issued version


def test_title_page_and_version_history_of_the_default_plan(default_document) -> None:
    texts = [p.text for p in default_document.paragraphs]
    assert "Ter kennisname aan het college van B&W en de gemeenteraad" in texts
    history = next(t for t in default_document.tables if t.rows[0].cells[0].text == "Versie")
    assert [[c.text for c in row.cells] for row in history.rows] == [
        ["Versie", "Datum", "Auteur", "Omschrijving"],
        ["2.2", "24 november 2009", "JM", ""],  # the seed knows no earlier version: none invented
    ]


def edit_distribution(source: Path, text: str = "Ter kennisname aan het college") -> None:
    """A change of content in plan.yaml alone: the verzending line on the title page."""
    path = source / "plan.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'verzending: "{text}"' if line.startswith("verzending:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_next_version() -> None:
    assert [next_minor(v) for v in ("2.2", "2.9", "0.1")] == ["2.3", "2.10", "0.2"]


@pytest.mark.usefixtures("no_libreoffice")
def test_release_sets_metadata_builds_and_archives(source_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "uit"
    edit_distribution(source_copy)
    result = release(source_copy, output, TEMPLATE, author="AB", description="Cijfers  bijgewerkt", today=TODAY)
    yaml_text = (source_copy / "plan.yaml").read_text(encoding="utf-8")
    assert 'versie: "2.3"' in yaml_text and "datum: 2010-03-15" in yaml_text and "status: definitief" in yaml_text
    document = Document(result.document)
    assert "Versie 2.3, 15 maart 2010, AB" in [p.text for p in document.paragraphs]
    history = next(t for t in document.tables if t.rows[0].cells[0].text == "Versie")
    assert [c.text for c in history.rows[-1].cells] == ["2.3", "15 maart 2010", "AB", "Cijfers bijgewerkt"]
    folder = legacy_folder(output, "2.3")
    assert result.archive == folder
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "Gezamenlijk jaarplan 2010 - versie 2.3.docx",
        "SHA256SUMS",
        "bron/jaarplan.xlsx",
        "bron/plan.yaml",
    ]
    assert verify(folder) == []
    assert (folder / "bron" / "plan.yaml").read_text(encoding="utf-8") == yaml_text
    (folder / "bron" / "jaarplan.xlsx").write_bytes(b"knoeiwerk")
    assert verify(folder) == ["bron/jaarplan.xlsx is gewijzigd (SHA-256 klopt niet)"]


@pytest.mark.usefixtures("no_libreoffice")
def test_issuing_a_version_twice_refuses_and_changes_nothing(source_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "uit"
    edit_distribution(source_copy)
    release(source_copy, output, TEMPLATE, author="AB", description="Eerste", today=TODAY)
    archived = sorted(p.read_bytes() for p in legacy_folder(output, "2.3").rglob("*") if p.is_file())
    before = (source_copy / "plan.yaml").read_bytes()
    with pytest.raises(PlanError, match=r"de bron is gelijk aan versie 2\.3, die al is uitgegeven"):
        release(source_copy, output, TEMPLATE, author="AB", description="Nog eens")
    assert (source_copy / "plan.yaml").read_bytes() == before
    edit_distribution(source_copy, "Ter bespreking")
    before = (source_copy / "plan.yaml").read_bytes()
    with pytest.raises(PlanError, match=r"versie 2\.3 is niet hoger dan de laatst uitgegeven versie 2\.3"):
        release(source_copy, output, TEMPLATE, author="AB", description="Nog eens", version="2.3")
    with pytest.raises(PlanError, match=r"versie 2\.1 is niet hoger dan de laatst uitgegeven versie 2\.3"):
        release(source_copy, output, TEMPLATE, author="AB", description="Terug", version="2.1")
    assert (source_copy / "plan.yaml").read_bytes() == before
    assert sorted(p.read_bytes() for p in legacy_folder(output, "2.3").rglob("*") if p.is_file()) == archived
    assert sorted(path.name for path in (output / "archief").iterdir()) == ["versie-2.3"]


@pytest.mark.usefixtures("no_libreoffice")
def test_a_failed_release_puts_plan_yaml_back(source_copy: Path, tmp_path: Path) -> None:
    edit_distribution(source_copy)
    before = (source_copy / "plan.yaml").read_bytes()
    with pytest.raises(PlanError, match="sjabloon"):
        release(source_copy, tmp_path / "uit", tmp_path / "weg.docx", author="AB", description="x")
    assert (source_copy / "plan.yaml").read_bytes() == before
    assert not (tmp_path / "uit" / "archief" / "versie-2.3").exists()


# --- two releases with known edits, and what diff makes of them ------------------------------------


def make_known_edits(source: Path) -> None:
    """A changed cell, an added goal, a removed row, a moved row and an edited theme text."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    matrix = book["Matrix"]
    assert str(matrix["C20"].value).startswith("Uitvoeren afspraken convenant")
    matrix["C20"] = str(matrix["C20"].value).replace("Uitvoeren", "Naleven", 1)
    # Overlast gevende jeugdgroepen, rows 8-11 of one goal: "Aanpak schoolverzuim" moves up, before row 9.
    values = {row: [cell.value for cell in matrix[row]][2:] for row in (9, 10, 11)}
    assert str(values[11][0]).startswith("Aanpak schoolverzuim")
    for row, source_row in zip((9, 10, 11), (11, 9, 10), strict=True):
        for column, value in enumerate(values[source_row], start=3):
            matrix.cell(row=row, column=column).value = value  # cell(value=None) would not clear it
    assert matrix["C14"].value == "Aanpak ouderengeweld."
    matrix.delete_rows(14)
    matrix.append(["Veelplegers", "Nazorg voor ex-gedetineerden", "Elke ex-gedetineerde een nazorgplan", "100%"])
    themes = book["Thema's"]
    assert "wordt opgepakt" in str(themes["C9"].value)
    themes["C9"] = str(themes["C9"].value).replace("wordt opgepakt", "wordt stevig opgepakt", 1)
    book.save(source / "jaarplan.xlsx")


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("versies")
    source = Path(shutil.copytree(SOURCE, folder / "source"))
    output = folder / "uit"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(pdf.SOFFICE_VARIABLE, str(folder / "geen-soffice"))
        edit_distribution(source)
        release(source, output, TEMPLATE, author="AB", description="Verzending bijgewerkt", today=TODAY)
        make_known_edits(source)
        release(source, output, TEMPLATE, author="CD", description="Bijgesteld", today=TODAY)
    return source, output


@pytest.fixture(scope="module")
def known_diff(two_versions: tuple[Path, Path]) -> DiffResult:
    """``diff 2.3 2.4`` once for the tests that read it (LibreOffice numbers its pages when installed)."""
    source, output = two_versions
    return diff("2.3", "2.4", output, TEMPLATE, source=source)  # the versions of that plan, not of ./source


def test_diff_reports_exactly_the_known_edits(known_diff: DiffResult) -> None:
    result = known_diff.diff
    changed = {part.title: part for part in result.changed_parts}
    assert sorted(changed) == [
        "Huiselijk geweld",
        "Kwaliteit Woonomgeving",
        "Overlast gevende jeugdgroepen",
        "Uitgaan/Horeca",
        "Veelplegers",
    ]
    uitgaan = changed["Uitgaan/Horeca"]
    assert [row.kind for row in uitgaan.rows] == ["gewijzigd"]
    [(header, pieces)] = uitgaan.rows[0].changed_cells()
    assert header == "Specifiek"
    assert [(p.kind, p.text) for p in pieces if p.kind != "="] == [("-", "Uitvoeren"), ("+", "Naleven")]

    overlast = changed["Overlast gevende jeugdgroepen"]
    assert [(row.kind, row.new.specific.text[:20]) for row in overlast.rows] == [("verplaatst", "Aanpak schoolverzuim")]

    huiselijk = changed["Huiselijk geweld"]
    assert [(row.kind, row.old.specific.text) for row in huiselijk.rows] == [("verwijderd", "Aanpak ouderengeweld.")]

    veelplegers = changed["Veelplegers"]
    assert [(g.kind, g.new.text) for g in veelplegers.goals] == [("toegevoegd", "Nazorg voor ex-gedetineerden")]
    assert [(row.kind, row.new.specific.text) for row in veelplegers.rows] == [
        ("toegevoegd", "Elke ex-gedetineerde een nazorgplan")
    ]

    woonomgeving = changed["Kwaliteit Woonomgeving"]
    assert [(t.where, t.kind) for t in woonomgeving.texts] == [("alinea 1", "gewijzigd")]
    assert [(p.kind, p.text.strip()) for p in woonomgeving.texts[0].pieces if p.kind != "="] == [("+", "stevig")]
    assert not woonomgeving.rows and not woonomgeving.goals


def revision_texts(document, tag: str) -> list[str]:
    text_tag = qn("w:delText") if tag == "w:del" else qn("w:t")
    return ["".join(t.text or "" for t in element.iter(text_tag)) for element in document.element.body.iter(qn(tag))]


def row_text(tr, tag: str) -> str:
    return "".join(t.text or "" for t in tr.iter(qn(tag)))


def test_redline_has_real_tracked_changes(known_diff: DiffResult) -> None:
    redline = known_diff.redline
    assert redline.name == "Gezamenlijk jaarplan 2010 - wijzigingen versie 2.3 → versie 2.4.docx"
    document = Document(redline)
    inserted = [text.strip() for text in revision_texts(document, "w:ins") if text.strip()]
    deleted = [text.strip() for text in revision_texts(document, "w:del") if text.strip()]
    assert "Naleven" in inserted and "Uitvoeren" in deleted
    assert "stevig" in inserted
    assert "Aanpak ouderengeweld." in deleted
    assert "Nazorg voor ex-gedetineerden" in inserted and "Elke ex-gedetineerde een nazorgplan" in inserted
    assert not any("schoolverzuim" in text for text in inserted + deleted)  # moved, not removed and added
    for element in document.element.body.iter(qn("w:ins"), qn("w:del")):
        assert element.get(qn("w:author")) == "jaarplan" and element.get(qn("w:date")) and element.get(qn("w:id"))
    rows = [tr for table in matrix_tables(document) for tr in table._tbl.iter(qn("w:tr"))]
    deleted_rows = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None]
    inserted_rows = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None]
    assert [row_text(tr, "w:delText") for tr in deleted_rows] == ["Aanpak ouderengeweld.Idemja"]  # three cells
    assert [row_text(tr, "w:t") for tr in inserted_rows] == [
        "Nazorg voor ex-gedetineerdenElke ex-gedetineerde een nazorgplan100%"
    ]
    ids = [e.get(qn("w:id")) for e in document.element.body.iter(qn("w:ins"), qn("w:del"))]
    assert len(ids) == len(set(ids))


def test_a_removed_row_stays_where_it_stood(known_diff: DiffResult) -> None:
    """Not at the end of its Doel group, where it could land alone on the next page."""
    document = Document(known_diff.redline)
    table = next(t for t in matrix_tables(document) if "ouderengeweld" in row_text(t._tbl, "w:delText"))
    specific = [
        "".join(t.text or "" for t in tr.findall(qn("w:tc"))[1].iter(qn("w:t"), qn("w:delText")))
        for tr in table._tbl.iter(qn("w:tr"))
    ]
    assert [text[:22] for text in specific[1:]] == [
        "Uitbouwen werkwijze St",
        "RAAK aanpak kindermish",
        "Aanpak ouderengeweld.",  # deleted, between its old neighbours
        "Aanpak eergeerelateerd",
        "Wet tijdelijk huisverb",
    ]


def make_formatting_edits(source: Path) -> None:
    """Only formatting: a word made italic, italics taken off, and words in a matrix cell made bold."""
    book = load_workbook(source / "jaarplan.xlsx", rich_text=True)
    themes, matrix = book["Thema's"], book["Matrix"]
    before, after = str(themes["C2"].value).split("negatief", 1)
    themes["C2"] = CellRichText([before, TextBlock(InlineFont(i=True), "negatief"), after])
    assert "kwaliteit van de woonomgeving" in str(themes["C9"].value)
    themes["C9"] = str(themes["C9"].value)  # the italic words become plain
    before, after = str(matrix["C20"].value).split("Horeca-overleg Binnenstad", 1)
    matrix["C20"] = CellRichText([before, TextBlock(InlineFont(b=True), "Horeca-overleg Binnenstad"), after])
    book.save(source / "jaarplan.xlsx")


@pytest.fixture(scope="module")
def formatting_diff(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """``jaarplan diff 2.2 source`` after formatting-only edits, the source still numbered 2.2."""
    folder = tmp_path_factory.mktemp("opmaak")
    source = Path(shutil.copytree(SOURCE, folder / "source"))
    output = folder / "uit"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(pdf.SOFFICE_VARIABLE, str(folder / "geen-soffice"))
        build(source, output, TEMPLATE)  # archives 2.2
        make_formatting_edits(source)
        result = CliRunner().invoke(
            main, ["diff", "2.2", str(source), "--output", str(output), "--template", str(TEMPLATE)]
        )
    assert result.exit_code == 0, result.output
    redline = next(output.glob("*wijzigingen*.docx"))
    return result.output.splitlines(), redline


def test_diff_names_formatting_only_changes(formatting_diff: tuple[list[str], Path]) -> None:
    lines, _ = formatting_diff
    assert "  alinea 1 opmaak gewijzigd: 'negatief' cursief" in lines
    assert "  alinea 1 opmaak gewijzigd: 'kwaliteit van de woonomgeving' niet meer cursief" in lines
    assert "    Specifiek: opmaak gewijzigd: 'Horeca-overleg Binnenstad' vet" in lines
    assert not any("[-" in line or "{+" in line for line in lines)  # no word was typed or removed


def test_redline_tracks_formatting_changes(formatting_diff: tuple[list[str], Path]) -> None:
    _, redline = formatting_diff
    body = Document(redline).element.body
    changes = {}
    for change in body.iter(qn("w:rPrChange")):
        run = change.getparent().getparent()
        old = change.find(qn("w:rPr"))
        changes["".join(t.text for t in run.iter(qn("w:t")))] = (
            [child.tag.split("}")[1] for child in run.find(qn("w:rPr")) if child is not change],
            [child.tag.split("}")[1] for child in old],
        )
        assert change.get(qn("w:author")) == "jaarplan" and change.get(qn("w:date")) and change.get(qn("w:id"))
    assert changes == {
        "negatief": (["i", "iCs"], []),
        "kwaliteit van de woonomgeving": ([], ["i", "iCs"]),
        "Horeca-overleg Binnenstad": (["b", "bCs"], []),
    }
    assert next(body.iter(qn("w:ins")), None) is None and next(body.iter(qn("w:del")), None) is None


def test_libreoffice_reads_the_formatting_changes_as_tracked_changes(
    formatting_diff: tuple[list[str], Path], tmp_path: Path
) -> None:
    """Converted to LibreOffice's own format, each is a change a reader can accept or reject."""
    soffice = require_soffice()
    _, redline = formatting_diff
    copy = Path(shutil.copy(redline, tmp_path / "redline.docx"))
    profile = (tmp_path / "profiel").as_uri()
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with zipfile.ZipFile(tmp_path / "redline.odt") as odt:
        content = odt.read("content.xml").decode()
    assert content.count("<text:format-change>") == 3


def test_redline_names_the_edited_source_as_the_next_concept(formatting_diff: tuple[list[str], Path]) -> None:
    lines, redline = formatting_diff
    assert redline.name == "Gezamenlijk jaarplan 2010 - wijzigingen versie 2.2 → versie 2.3.docx"
    assert lines[-1] == f"Geschreven: {redline}"
    assert any(line.startswith("Wijzigingen van versie 2.2 naar versie 2.3 (") for line in lines)


def test_diff_with_nothing_changed(two_versions: tuple[Path, Path]) -> None:
    source, output = two_versions
    result = diff("2.4", "2.4", output, TEMPLATE, source=source)
    assert result.diff.changed_parts == []
    assert revision_texts(Document(result.redline), "w:ins") == []


def test_diff_command_against_the_source_and_unknown_version(two_versions: tuple[Path, Path]) -> None:
    source, output = two_versions
    runner = CliRunner()
    result = runner.invoke(main, ["diff", "2.3", str(source), "--output", str(output), "--template", str(TEMPLATE)])
    assert result.exit_code == 0, result.output
    assert "Thema 'Uitgaan/Horeca': gewijzigd" in result.output
    assert "Specifiek: [-Uitvoeren-]{+Naleven+} afspraken convenant" in result.output
    assert "regel verplaatst (doel 'Verminderen jeugdoverlast" in result.output
    wrong = runner.invoke(main, ["diff", "2.1", "2.4", "--source", str(source), "--output", str(output)])
    assert wrong.exit_code == 1
    assert "versie 2.1 staat niet in het archief van dit plan (gearchiveerde versies: 2.3, 2.4)" in wrong.output


def test_redline_of_a_removed_and_an_added_theme(source_copy: Path, tmp_path: Path) -> None:
    new = Path(shutil.copytree(source_copy, tmp_path / "nieuw"))
    book = load_workbook(new / "jaarplan.xlsx", rich_text=True)
    assert str(book["Thema's"]["A12"].value).startswith("Drugshandel")
    book["Thema's"].delete_rows(12)
    book["Thema's"].append(["Cybercrime", "criminaliteit", "Nieuw thema over online criminaliteit."])
    book["Matrix"].append(["Cybercrime", "Minder online fraude", "Voorlichting aan ouderen"])
    book.save(new / "jaarplan.xlsx")
    result = diff(str(source_copy), str(new), tmp_path / "uit", TEMPLATE)
    assert [(part.title, part.status) for part in result.diff.changed_parts] == [
        ("Cybercrime", "toegevoegd"),
        ("Drugshandel en (-drugserelateerde) criminaliteit", "verwijderd"),
    ]
    document = Document(result.redline)
    headings = {
        "".join(t.text or "" for t in p._p.iter(qn("w:t"), qn("w:delText"))): p._p
        for p in document.paragraphs
        if p.style.name == "Heading 1"
    }
    removed = headings["Drugshandel en (-drugserelateerde) criminaliteit"]
    added = headings["Cybercrime"]
    assert removed.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None
    assert added.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None
    assert headings["Veelplegers"].find(f".//{qn('w:ins')}") is None  # the neighbours are untouched
    # The table of contents lists what the plan holds once the changes are accepted.
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("toc")]
    assert any(text.startswith("Cybercrime") for text in toc)
    assert not any(text.startswith("Drugshandel") for text in toc)


def test_diff_reports_footnotes_and_document_details(source_copy: Path, tmp_path: Path) -> None:
    new = Path(shutil.copytree(source_copy, tmp_path / "nieuw"))
    book = load_workbook(new / "jaarplan.xlsx", rich_text=True)
    book["Voetnoten"]["B2"] = str(book["Voetnoten"]["B2"].value).replace("faciliteert", "ondersteunt", 1)
    book.save(new / "jaarplan.xlsx")
    yaml_file = new / "plan.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("gemeente Alkmaar", "gemeente Alkmaar en Heiloo"), "utf-8"
    )
    result = diff(str(source_copy), str(new), tmp_path / "uit", TEMPLATE)
    assert [(c.where, [(p.kind, p.text) for p in c.pieces if p.kind != "="]) for c in result.diff.metadata] == [
        ("partners", [("+", " en Heiloo")])
    ]
    [footnote] = result.diff.changed_parts
    assert (footnote.kind, footnote.title) == ("voetnoot", "1")
    assert [(p.kind, p.text) for p in footnote.texts[0].pieces if p.kind != "="] == [
        ("-", "faciliteert"),
        ("+", "ondersteunt"),
    ]
    document = Document(result.redline)
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert b"ondersteunt" in part.blob and b'w:author="jaarplan"' in part.blob
