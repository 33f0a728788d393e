"""Starting and migrating: import from Word (round trips), a new plan year, and the guided workbook."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.commands.create import import_plan, new_plan
from jaarplan.errors import PlanError, Reason
from jaarplan.source.check import check_source, load_plan
from jaarplan.source.workbook import THEME_COLUMNS, WORKBOOK_MATRIX_COLUMNS

from .conftest import SOURCE, TEMPLATE
from .docx_reading import matrix_tables
from .fixtures.handmade import write_handmade
from .test_fidelity import assert_holds_the_seed


def plan_data(plan) -> dict:
    """A plan as plain data without locations (where a text came from differs between sources).

    Fingerprints are left out too: they live in plan.yaml, a Word document does not carry them.
    """

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if "location" not in k and k != "fingerprint"}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return clean(dataclasses.asdict(plan))


def test_import_of_the_built_default_gives_back_the_same_plan(built_default: Path, tmp_path: Path) -> None:
    problems = import_plan(built_default, tmp_path / "terug")
    assert problems == []
    imported = load_plan(tmp_path / "terug").plan
    assert imported.metadata.plan_id.startswith("jaarplan-2010-")  # an imported plan is a plan of its own
    imported.metadata.plan_id = ""
    assert plan_data(imported) == plan_data(load_plan(SOURCE).plan)


def test_import_of_a_handmade_word_plan_then_build_reproduces_the_seed(tmp_path: Path) -> None:
    handmade = write_handmade(tmp_path / "met de hand.docx")
    assert import_plan(handmade, tmp_path / "bron") == []
    metadata = load_plan(tmp_path / "bron").plan.metadata
    assert (metadata.full_title, metadata.version, metadata.author) == ("Gezamenlijk jaarplan 2010", "2.2", "JM")
    assert metadata.clusters == ["sociaal maatschappelijke thema's", "openbaar domein", "criminaliteit"]
    document = Document(build(tmp_path / "bron", tmp_path / "uit", TEMPLATE).document)
    assert_holds_the_seed(document)


def test_a_footnote_typed_by_hand_becomes_a_real_footnote(tmp_path: Path) -> None:
    """A superscript 1 in the matrix and "¹ …" with its continuation below it: the seed's own footnote."""
    handmade = write_handmade(tmp_path / "getypt.docx", typed_footnotes=True)
    assert import_plan(handmade, tmp_path / "bron") == []
    document = Document(build(tmp_path / "bron", tmp_path / "uit", TEMPLATE).document)
    assert_holds_the_seed(document)


def test_a_typed_footnote_without_its_mark_stays_text_with_a_warning(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Gezamenlijk jaarplan 2010")
    document.add_paragraph("Versie 2.2, 24 november 2009, JM")
    document.add_paragraph("Veelplegers")
    document.add_paragraph("Cluster: criminaliteit")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table._cells, ["Doel", "Specifiek", "Minder recidive", "Elke veelpleger een plan"], strict=True
    ):
        cell.text = text
    document.add_paragraph("² Bron: de politie.")
    document.save(tmp_path / "plan.docx")
    problems = import_plan(tmp_path / "plan.docx", tmp_path / "bron")
    assert [p.message for p in problems if "voetnoot" in p.message] == [
        "voetnoot 2 onder de matrix van 'Veelplegers' zonder verwijzing 2 in de tekst of de matrix; de tekst staat "
        "nu vóór de matrix"
    ]


def test_import_reports_what_it_cannot_place(tmp_path: Path) -> None:
    handmade = write_handmade(tmp_path / "met extra's.docx", extras=True)
    result = CliRunner().invoke(main, ["import", str(handmade), str(tmp_path / "bron")])
    assert result.exit_code == 0, result.output
    assert (
        f"WAARSCHUWING  {handmade.as_posix()} › alinea 4: niet geplaatst – staat niet onder een hoofdstuk of "
        "thema: 'Opgesteld na het veiligheidsoverleg.'" in result.output
    )
    assert "› tabel 10: niet geplaatst – tabel die geen matrix is" in result.output
    assert "'Contactpersoon | Telefoon'" in result.output
    assert load_plan(tmp_path / "bron").plan is not None  # the rest is a plan that builds


def test_import_never_writes_over_an_existing_plan(built_default: Path, tmp_path: Path) -> None:
    target = tmp_path / "bron"
    import_plan(built_default, target)
    before = (target / "jaarplan.xlsx").read_bytes()
    with pytest.raises(PlanError, match=r"de map bevat al jaarplan\.xlsx en plan\.yaml"):
        import_plan(built_default, target)
    assert (target / "jaarplan.xlsx").read_bytes() == before


def test_import_of_something_that_is_no_word_document(tmp_path: Path) -> None:
    text = tmp_path / "plan.docx"
    text.write_text("geen Word", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(text), str(tmp_path / "bron")])
    assert result.exit_code == 1 and "dit is geen Word-document (.docx)" in result.output
    assert "Traceback" not in result.output


def test_new_plan_year_from_last_year(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["I2"] = "Convenant getekend in maart"
    book.save(source_copy / "jaarplan.xlsx")
    warnings = new_plan(tmp_path / "2011", from_source=source_copy, year=2011, author="")
    old, new = load_plan(source_copy, allow_changed_issue=True).plan, load_plan(tmp_path / "2011").plan
    assert (new.metadata.year, new.metadata.version, new.metadata.status) == (2011, "0.1", "concept")
    assert new.metadata.history == []
    assert [t.title for t in new.themes] == [t.title for t in old.themes]
    assert new.metadata.clusters == old.metadata.clusters
    assert [[g.title for g in t.goals] for t in new.themes] == [[g.title for g in t.goals] for t in old.themes]
    new_rows = [row for t in new.themes for g in t.goals for row in g.rows]
    old_rows = [row for t in old.themes for g in t.goals for row in g.rows]
    assert all(not row.progress for row in new_rows) and any(row.progress for row in old_rows)
    assert [row.specific for row in new_rows] == [row.specific for row in old_rows]
    assert any(w.message.startswith("noemt nog 2010") and w.location.cell for w in warnings)
    document = Document(build(tmp_path / "2011", tmp_path / "uit", TEMPLATE).document)
    assert document.paragraphs[0].text == "Gezamenlijk jaarplan 2011"
    assert "CONCEPT" in document.sections[0].header.paragraphs[0].text
    assert not any(t.rows[0].cells[0].text == "Versie" for t in document.tables)  # no history: no table
    progress = [row.cells[7].text for table in matrix_tables(document) for row in table.rows[1:]]
    assert progress == [""] * len(new_rows)  # Stand van zaken starts empty in every row


def test_new_empty_plan_is_ready_to_fill(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / "leeg"), "--year", "2012", "--author", "AB"])
    assert result.exit_code == 0, result.output
    plan = load_plan(tmp_path / "leeg").plan
    assert (plan.metadata.year, plan.metadata.version, plan.metadata.status) == (2012, "0.1", "concept")
    assert plan.themes == [] and plan.chapters == []
    book = load_workbook(tmp_path / "leeg" / "jaarplan.xlsx")
    assert [c.value for c in book["Matrix"][1]] == list(WORKBOOK_MATRIX_COLUMNS)
    assert build(tmp_path / "leeg", tmp_path / "uit", TEMPLATE).document.is_file()


def test_every_written_workbook_is_guided(tmp_path: Path) -> None:
    for path in (SOURCE / "jaarplan.xlsx", _new_from_source(tmp_path) / "jaarplan.xlsx"):
        book = load_workbook(path)
        assert book.sheetnames[0] == "Toelichting" and book.active.title == "Matrix"
        guide = [(row[0].value, row[1].value) for row in book["Toelichting"].iter_rows(min_row=2)]
        for header in WORKBOOK_MATRIX_COLUMNS:
            assert ("Matrix", header) in guide, header
        for header in THEME_COLUMNS:
            assert ("Thema's", header) in guide, header
        lists = book["Lijsten"]
        assert [c.value for c in lists["A"][1:4]] == [
            "sociaal maatschappelijke thema's",
            "openbaar domein",
            "criminaliteit",
        ]
        assert lists["B2"].value == "Alcohol- en drugsproblematiek, algemeen"
        matrix, themes = book["Matrix"], book["Thema's"]
        assert _validation(matrix, "A2") == "=Lijsten!$B$2:$B$500"
        assert _validation(themes, "B2") == "=Lijsten!$A$2:$A$500"
        assert matrix["J1"].value == "Status" and _validation(matrix, "J2") == "=Lijsten!$C$2:$C$6"
        assert [c.value for c in lists["C"][:6]] == [
            "Statussen",
            "gereed",
            "op schema",
            "aandacht",
            "achter",
            "nog niet gestart",
        ]
        rules = [rule.formula[0] for rng in matrix.conditional_formatting for rule in rng.rules]
        assert "AND(LEN($A2)=0,COUNTA($B2:$J2)>0)" in rules  # Thema missing on a row with content: red
        for sheet in (matrix, themes, book["Hoofdstukken"], book["Voetnoten"]):
            assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
            assert sheet["A2"].alignment.wrap_text
        widths = {letter: matrix.column_dimensions[letter].width for letter in "ABCDEFGHI"}
        assert max(widths, key=widths.get) == "C"  # Specifiek holds the most text


def _new_from_source(tmp_path: Path) -> Path:
    new_plan(tmp_path / "nieuw", from_source=SOURCE, year=2011)
    return tmp_path / "nieuw"


def _validation(sheet, cell: str) -> str | None:
    for validation in sheet.data_validations.dataValidation:
        if cell in validation.sqref:
            return validation.formula1
    return None


def test_new_names_each_cell_with_the_old_year_and_check_repeats_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["new", "bron-2011", "--from", str(SOURCE), "--year", "2011"])
    assert made.exit_code == 0, made.output
    warned = [line for line in made.output.splitlines() if line.startswith("WAARSCHUWING")]
    book = load_workbook(tmp_path / "bron-2011" / "jaarplan.xlsx")
    naming = [
        f"{sheet}!{cell.coordinate}"
        for sheet in ("Thema's", "Matrix", "Hoofdstukken", "Voetnoten")  # the order they are read in
        for row in book[sheet].iter_rows(min_row=2)
        for cell in row
        if "2010" in str(cell.value or "")
    ]
    assert len(naming) > 10
    assert sorted(warned) == sorted(
        [
            *(
                f"WAARSCHUWING  bron-2011/jaarplan.xlsx › {cell}: noemt nog 2010; pas de tekst aan voor 2011 als dat "
                "nodig is"
                for cell in naming
            ),
            "WAARSCHUWING  bron-2011/jaarplan.xlsx › Matrix!H30: Deadline 'Eind 2009' valt in 2009, niet in het "
            "planjaar 2011; de voortgangsrapportage rekent met 31 december 2009. Klopt het jaar?",
        ]
    )
    checked = runner.invoke(main, ["check", "--source", "bron-2011"])
    assert checked.exit_code == 0
    assert [line for line in checked.output.splitlines() if line.startswith("WAARSCHUWING")] == warned


def test_a_plan_made_across_a_year_gap_keeps_reminding_of_the_year_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walk finding 1: from the 2010 plan to 2027, check (and the next concept) still names every '2010'.

    Last year is still reminded of; an older year that is a fact (a Meetbaar "van 144 in 2005") is not.
    """
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["new", "bron 2027", "--from", str(SOURCE), "--year", "2027", "--author", "JM"])
    assert made.exit_code == 0, made.output
    assert "vorig_planjaar: 2010" in (tmp_path / "bron 2027" / "plan.yaml").read_text(encoding="utf-8")
    book = load_workbook(tmp_path / "bron 2027" / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["I2"] = "Evaluatie in 2026 afgerond"
    book["Matrix"]["E3"] = "Van 144 in 2005 naar 100"
    book.save(tmp_path / "bron 2027" / "jaarplan.xlsx")

    def reminders() -> dict[str, str]:
        checked = check_source(Path("bron 2027"))
        return {p.location.cell: p.message for p in checked.problems if p.reason is Reason.LAST_YEAR}

    first = reminders()
    made_warned = [line for line in made.output.splitlines() if "noemt nog 2010" in line]
    assert len(made_warned) > 10 and sum("noemt nog 2010;" in message for message in first.values()) >= 10
    assert first["I2"] == "noemt nog 2026; pas de tekst aan voor 2027 als dat nodig is"
    assert "E3" not in first
    released = runner.invoke(
        main, ["release", "--source", "bron 2027", "--output", "uit", "--author", "JM", "--description", "Eerste"]
    )
    assert released.exit_code == 0, released.output
    book = load_workbook(tmp_path / "bron 2027" / "jaarplan.xlsx", rich_text=True)
    book["Matrix"]["I4"] = "Bijgewerkt na de uitgifte"
    book.save(tmp_path / "bron 2027" / "jaarplan.xlsx")
    assert check_source(Path("bron 2027")).plan.metadata.version == "1.1"  # the next concept
    assert reminders() == first  # still every cell naming 2010 (and 2026)


def test_new_or_import_onto_a_file_is_a_message(tmp_path: Path) -> None:
    afile = tmp_path / "bestaat"
    afile.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(afile)])
    assert result.exit_code == 1 and "dit is een bestand, geen map" in result.output


def test_import_warns_about_an_impossible_date_and_without_version_line_is_a_concept(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Gezamenlijk jaarplan 2012")
    document.add_paragraph("Politie, OM en gemeente Heiloo")
    document.add_paragraph("Versie 1.0, 31 februari 2012, JM")
    document.add_paragraph("Aanleiding", style="Heading 1")
    document.add_paragraph("Tekst.")
    document.save(tmp_path / "plan.docx")
    problems = import_plan(tmp_path / "plan.docx", tmp_path / "a")
    assert [p.message for p in problems] == [
        "de datum in de versieregel is geen geldige datum ('Versie 1.0, 31 februari 2012, JM'); de datum is "
        "leeg gelaten, vul de juiste datum in plan.yaml in",
        "nog in te vullen: 'datum' is leeg; vul het in",  # never today's date: check says FOUT until filled in
    ]
    document.paragraphs[2]._p.getparent().remove(document.paragraphs[2]._p)
    document.save(tmp_path / "zonder.docx")
    import_plan(tmp_path / "zonder.docx", tmp_path / "b")
    assert "status: concept" in (tmp_path / "b" / "plan.yaml").read_text(encoding="utf-8")
    assert "'auteur' is leeg; vul het in" in [p.message for p in check_source(tmp_path / "b").problems]
