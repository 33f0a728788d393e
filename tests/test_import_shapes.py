"""Importing the plans municipalities really have (tests/fixtures/shapes.py), and never losing a row silently.

Each shape must come in with every theme, goal and matrix row in place, and the
rebuilt document must hold at least 95% of the Word file's words. Whatever is not
placed is counted, listed per cause with its place, and written to a report beside
the workbook; ``check`` warns about a plan without themes or rows, or with fewer rows
than the import found.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.commands.create import import_with_report
from jaarplan.source.check import check_source, load_plan

from .conftest import TEMPLATE
from .fixtures.shapes import LABELS, NOT_PRINTED, PARTNERS, PLAN, SHAPES, themes, write_shape
from .ooxml_validation import assert_valid_ooxml

OUR_STATUS = {"Loopt": "op schema", "Niet gestart": "nog niet gestart", "Afgerond": "gereed", "Vertraagd": "achter",
              "Aandacht nodig": "aandacht", "Uitgesteld": "nog niet gestart"}  # fmt: skip
WORD = re.compile(r"\w+")
GOAL_LABELS = ("Doel", "Doelstelling")


def imported(shape: str, tmp_path: Path):
    return import_with_report(write_shape(shape, tmp_path / f"{shape}.docx"), tmp_path / "bron")


def small_plan(theme: str | None = "Woninginbraak"):
    """The start of the small plans below: a title block and, unless None, a theme with its "Cluster:" line."""
    document = Document()
    for line in ("Jaarplan veiligheid 2025", "Gemeente en politie", "Versie 1.0, 3 maart 2025, OOV"):
        document.add_paragraph(line)
    if theme is not None:
        document.add_paragraph(theme, style="Heading 2")
        document.add_paragraph("Cluster: Veilige woon- en leefomgeving")
    return document


def import_small_plan(document, tmp_path: Path):
    document.save(str(tmp_path / "plan.docx"))
    return import_with_report(tmp_path / "plan.docx", tmp_path / "bron")


def small_matrix(document, goal: str) -> None:
    """A two-column matrix of one row: Doel and Activiteit."""
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Doel", "Activiteit", goal, f"Aanpak voor: {goal}"], strict=True):
        cell.text = text


def fill_in(folder: Path) -> None:
    """What the user fills in after an import, as check asks: a date or author it did not find, a known status."""
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8").replace('datum: ""', "datum: 2025-03-12")
    path.write_text(text.replace('auteur: ""', 'auteur: "OOV"'), encoding="utf-8")
    book = load_workbook(folder / "jaarplan.xlsx", rich_text=True)
    for cell in book["Matrix"]["J"]:
        if cell.value == "Uitgesteld":
            cell.value = "nog niet gestart"
    book.save(folder / "jaarplan.xlsx")


def words(texts: Iterable[str]) -> Counter[str]:
    """The words of ``texts``, lower case, as a multiset."""
    return Counter(word.casefold() for text in texts for word in WORD.findall(text))


def all_text(document) -> list[str]:
    """Every text of a .docx's body, paragraphs and table cells alike."""
    return [t.text or "" for t in document.element.body.iter(qn("w:t"))]


def plan_text(document) -> list[str]:
    """The source's texts the jaarplan prints: every paragraph and cell, without the column labels.

    Left out: header rows and the keys of an action table (labels; the jaarplan prints its own),
    and the Status and carried columns (kept in the workbook; the jaarplan does not print them,
    by design). A Doel typed again on the next row (or action) counts once: it becomes one
    merged cell. Any other text counts as often as it stands, so losing one of two equal cells shows.
    """
    texts: list[str] = [p.text for p in document.paragraphs]
    header: list[str] = []
    goal = None  # the Doel above: typed again, it is the same goal
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if len(rows[0]) == 2 and rows[0][0] == "Doel":  # an action table: key | value
            rows, header = [[value for _, value in rows]], [key for key, _ in rows]
        elif any(text in LABELS for text in rows[0]):
            header, rows = rows[0], rows[1:]
        for row in rows:
            for label, text in zip(header, row, strict=True):
                if label in GOAL_LABELS:
                    text, goal = ("" if text == goal else text), (text or goal)
                if label not in NOT_PRINTED:
                    texts.append(text)
    return texts


def share_kept(source: Path, rebuilt: Path) -> tuple[float, float]:
    """The share of the source's words the rebuilt document holds: of its plan text, and of all its text."""
    document, after = Document(str(source)), words(all_text(Document(str(rebuilt))))
    shares = []
    for before in (words(plan_text(document)), words(all_text(document))):
        shares.append(sum((before & after).values()) / sum(before.values()))
    return shares[0], shares[1]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_imports_every_theme_goal_and_row(shape: str, tmp_path: Path) -> None:
    result = imported(shape, tmp_path)
    assert result.tally.unplaced == []
    fill_in(tmp_path / "bron")
    plan = load_plan(tmp_path / "bron").plan
    assert [(t.cluster, t.title) for t in plan.themes] == [(cluster, t.title) for cluster, t in themes()]
    assert plan.metadata.clusters == list(PLAN)
    assert plan.metadata.partners == PARTNERS
    assert (plan.metadata.title, plan.metadata.year) == ("Integraal Veiligheidsplan Bergen", 2025)
    for theme, (_, expected) in zip(plan.themes, themes(), strict=True):
        assert theme.paragraphs[0].text == expected.intro
        assert [g.title.text for g in theme.goals] == [goal for goal, _ in expected.goals]  # one goal, not one per row
        for goal, (_, actions) in zip(theme.goals, expected.goals, strict=True):
            assert [row.measurable.text for row in goal.rows] == [a.indicator for a in actions]
            assert [row.specific.text.replace("• ", "") for row in goal.rows] == [
                "\n".join(a.activity_lines) for a in actions
            ]
            if shape in ("headings", "bold", "actions"):
                assert [row.status for row in goal.rows] == [OUR_STATUS[a.status] for a in actions]
    # the unknown status was kept (and the user chose one since): see test_action_tables_…


@pytest.mark.parametrize("shape", SHAPES)
def test_each_rebuilt_shape_holds_95_percent_of_its_words(shape: str, tmp_path: Path) -> None:
    source = write_shape(shape, tmp_path / f"{shape}.docx")
    import_with_report(source, tmp_path / "bron")
    fill_in(tmp_path / "bron")
    rebuilt = build(tmp_path / "bron", tmp_path / "uit", TEMPLATE).document
    plan_share, all_share = share_kept(source, rebuilt)
    print(f"{shape}: {plan_share:.1%} of the plan text, {all_share:.1%} of all text")  # for the figures in reviews
    assert plan_share >= 0.95


def test_columns_in_other_words_and_carried_columns(tmp_path: Path) -> None:
    """Doelstelling, Activiteit(en), Indicator, Planning, Voortgang, Status mapped; Trekker and Partners carried."""
    result = imported("headings", tmp_path)
    carried = [p.message for p in result.problems if "meegenomen" in p.message]
    assert len(carried) == len(themes())  # once per table, not per cell
    assert carried[0] == (
        "kolommen 'Trekker', 'Partners' meegenomen als eigen kolommen op het blad Matrix (na Status); het jaarplan "
        "toont ze niet"
    )
    book = load_workbook(tmp_path / "bron" / "jaarplan.xlsx")
    sheet = book["Matrix"]
    assert [c.value for c in sheet[1]][9:] == ["Status", "Trekker", "Partners"]
    assert ("Matrix", "Kolommen na Status") in [(r[0].value, r[1].value) for r in book["Toelichting"].iter_rows()]
    assert [c.value for c in sheet[2]][1:] == [
        "Minder woninginbraken dan in 2024", "• Inbraakpreventie-avonden in drie wijken\n• Buurtpreventie-app "
        "uitbreiden naar Egmond", "Twintig procent minder inbraken", None, None, "Heel 2025", None,
        "Twee avonden gehouden", "op schema", "Gemeente", "Politie, woningcorporatie Kennemer Wonen",
    ]  # fmt: skip
    fill_in(tmp_path / "bron")
    row = load_plan(tmp_path / "bron").plan.themes[0].goals[0].rows[1]
    assert [(name, text.text) for name, text in row.carried] == [("Trekker", "Politie"), ("Partners", "Boa's")]
    built = Document(str(build(tmp_path / "bron", tmp_path / "uit", TEMPLATE).document))
    printed = " ".join(t.text or "" for t in built.element.body.iter(qn("w:t")))
    assert "Kennemer Wonen" not in printed  # carried, not printed
    assert "• Inbraakpreventie-avonden in drie wijken" in printed  # the cell's bullets kept


def test_a_template_that_asks_for_a_carried_column_prints_it(tmp_path: Path) -> None:
    """``{{r row.carried['Trekker'] }}`` in a template of one's own: here in place of Stand van zaken."""
    template = tmp_path / "eigen.docx"
    with zipfile.ZipFile(TEMPLATE) as ours, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as own:
        for item in ours.infolist():
            data = ours.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{r row.progress }}", b"{{r row.carried['Trekker'] }}")
            own.writestr(item, data)
    imported("headings", tmp_path)
    fill_in(tmp_path / "bron")
    built = Document(str(build(tmp_path / "bron", tmp_path / "uit", template).document))
    cells = [row.cells[-1].text for table in built.tables for row in table.rows]
    leads = [action.lead for _, theme in themes() for _, actions in theme.goals for action in actions]
    assert [cell for cell in cells if cell in leads] == leads  # the Trekker of each row, in order
    assert "Twee avonden gehouden" not in cells


def test_a_matrix_split_by_a_page_break_continues(tmp_path: Path) -> None:
    result = imported("bold", tmp_path)
    assert not [p for p in result.problems if "niet geplaatst" in p.message]
    fill_in(tmp_path / "bron")
    goals = load_plan(tmp_path / "bron").plan.themes[0].goals
    assert [len(goal.rows) for goal in goals] == [2, 1]  # row 2 of goal 1 and goal 2 stood in the second table


def test_title_block_and_history_in_other_words(tmp_path: Path) -> None:
    imported("headings", tmp_path / "a")
    fill_in(tmp_path / "a" / "bron")
    metadata = load_plan(tmp_path / "a" / "bron").plan.metadata
    assert (metadata.version, metadata.date.isoformat(), metadata.author) == ("1.3", "2025-03-12", "afdeling OOV")
    imported("numbered", tmp_path / "b")
    fill_in(tmp_path / "b" / "bron")
    metadata = load_plan(tmp_path / "b" / "bron").plan.metadata
    assert (metadata.version, metadata.date.isoformat(), metadata.author) == ("1.0", "2025-03-12", "KvdB")
    assert [(v.version, v.date.isoformat(), v.description) for v in metadata.history] == [
        ("0.9", "2025-02-04", "Eerste opzet voor de driehoek"),
        ("1.0", "2025-03-12", "Vastgesteld door de driehoek"),
    ]
    result = imported("bold", tmp_path / "c")
    assert any("de versieregel noemt alleen maand en jaar ('maart 2025')" in p.message for p in result.problems)
    fill_in(tmp_path / "c" / "bron")
    assert load_plan(tmp_path / "c" / "bron").plan.metadata.date.isoformat() == "2025-03-01"


def test_a_date_the_import_cannot_find_is_an_error_until_filled_in(tmp_path: Path) -> None:
    """Never today's date: plan.yaml gets an empty datum, and check says FOUT."""
    result = imported("actions", tmp_path)
    assert "nog in te vullen: 'datum' is leeg; vul het in" in [p.message for p in result.problems]
    assert 'datum: ""' in (tmp_path / "bron" / "plan.yaml").read_text(encoding="utf-8")
    errors = [p.message for p in check_source(tmp_path / "bron").problems if p.is_error]
    assert "'datum' is leeg; vul het in" in errors
    fill_in(tmp_path / "bron")
    checked = check_source(tmp_path / "bron")
    assert not any("noemt nog 2025" in p.message for p in checked.problems)  # the year is the title's, 2025


def test_action_tables_map_statuses_and_keep_an_unknown_one(tmp_path: Path) -> None:
    result = imported("actions", tmp_path)
    warned = [p.message for p in result.problems if p.message.startswith("status ")]
    assert warned == [
        "status 'Uitgesteld' is geen status van jaarplan; overgenomen zoals getypt: kies in de kolom Status een "
        "status uit de lijst"
    ]
    sheet = load_workbook(tmp_path / "bron" / "jaarplan.xlsx")["Matrix"]
    assert [c.value for c in sheet["J"][1:]] == [
        "op schema", "nog niet gestart", "gereed", "op schema", "achter", "aandacht", "op schema", "op schema",
        "op schema", "Uitgesteld",
    ]  # fmt: skip
    assert sheet["K1"].value == "Trekker" and sheet["K2"].value == "Gemeente"


def test_the_import_ends_with_a_count_and_points_to_the_report(tmp_path: Path) -> None:
    source = write_shape("headings", tmp_path / "plan.docx")
    result = CliRunner().invoke(main, ["import", str(source), str(tmp_path / "bron")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # 3 title lines + 2 chapters × 2 + 3 clusters + 4 themes × 2 = 18 paragraphs; 4 tables of 3, 2, 4, 3 rows
    # (with header) and 8 filled cells a row.
    assert "Gelezen: 18 alinea's, 4 tabellen met 14 rijen en 112 gevulde cellen." in lines
    assert (
        "Geplaatst: 2 hoofdstukken, 4 thema's, 6 doelen met 10 matrixregels, 20 cellen in meegenomen kolommen, "
        "0 voetnoten, 1 versies in het versiebeheer." in lines
    )
    assert "Niet geplaatst: niets; alle tekst staat in de werkmap of plan.yaml." in lines
    report = tmp_path / "bron" / "importverslag.docx"
    assert lines[-1] == f"Wat waar staat en wat niet geplaatst is, leest u in het importverslag: {report}"


def test_every_unplaced_text_is_listed_per_cause_with_its_place_and_what_to_do(tmp_path: Path) -> None:
    source = write_shape("unreadable", tmp_path / "plan.docx")
    result = CliRunner().invoke(main, ["import", str(source), str(tmp_path / "bron")])
    assert result.exit_code == 0, result.output
    assert "Niet geplaatst: 30 stukken tekst (hieronder per oorzaak)." in result.output
    assert (
        "  tabel die geen matrix is (de eerste kolom heet niet 'Doel') (30): tabel 1 rijen 1–3, tabel 2 rijen 1–2, "
        "tabel 3 rijen 1–3, tabel 4 rijen 1–2; wat te doen: geef de tabel een kopregel met Doel en de matrixkolommen "
        "en importeer opnieuw, of neem de tekst over in de werkmap." in result.output.splitlines()
    )


def test_the_report_beside_the_workbook_names_every_lost_cell(tmp_path: Path) -> None:
    source = write_shape("unreadable", tmp_path / "plan.docx")
    result = import_with_report(source, tmp_path / "bron")
    assert result.report == tmp_path / "bron" / "importverslag.docx"
    assert_valid_ooxml(result.report)
    report = Document(str(result.report))
    lost = {(row.cells[0].text, row.cells[1].text) for row in report.tables[0].rows[1:]}
    word = Document(str(source))
    for number, table in enumerate(word.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                assert (f"tabel {number} rij {r} kolom {c}", cell.text) in lost
    assert len(lost) == 30
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Niet geplaatst: 30 stukken tekst (hieronder per oorzaak)." in text
    assert "Wat te doen: geef de tabel een kopregel met Doel" in text
    assert [row.cells[0].text for row in report.tables[1].rows[1:5]] == [  # in the order of the Word file
        "alinea 1",
        "alinea 2",
        "alinea 3",
        "alinea 4",
    ]
    marks = [row.cells[2].text for row in report.tables[1].rows[1:]]
    assert "✔ geplaatst: titelpagina (titel)" in marks
    assert marks.count("✘ niet geplaatst: tabel die geen matrix is (de eerste kolom heet niet 'Doel')") == 10  # rows


def test_check_warns_about_a_plan_without_themes_or_rows(tmp_path: Path) -> None:
    imported("unreadable", tmp_path)
    warnings = [p.message for p in check_source(tmp_path / "bron").problems if not p.is_error]
    assert "het plan heeft geen thema's; het document krijgt geen matrix (zie importverslag.docx naast de werkmap)" in (
        warnings
    )


def test_check_warns_about_themes_without_any_matrix_row(tmp_path: Path) -> None:
    document = small_plan()
    document.add_paragraph("Het aantal inbraken daalt, maar niet overal.")
    import_small_plan(document, tmp_path)
    warnings = [str(p) for p in check_source(tmp_path / "bron").problems if "matrixregels" in p.message]
    assert warnings == [
        f"{(tmp_path / 'bron' / 'jaarplan.xlsx').as_posix()} › Matrix: het plan heeft geen matrixregels; het document "
        "krijgt lege matrices (zie importverslag.docx naast de werkmap)"
    ]


def test_check_warns_when_the_workbook_holds_fewer_rows_than_the_import_found(tmp_path: Path) -> None:
    imported("headings", tmp_path)
    fill_in(tmp_path / "bron")
    assert not [p for p in check_source(tmp_path / "bron").problems if "matrixregels" in p.message]
    path = tmp_path / "bron" / "jaarplan.xlsx"
    book = load_workbook(path, rich_text=True)
    book["Matrix"].delete_rows(5, 2)
    book.save(path)
    warnings = [str(p) for p in check_source(tmp_path / "bron").problems if "matrixregels" in p.message]
    assert warnings == [
        f"{path.as_posix()} › Matrix: de werkmap heeft 8 matrixregels, de import uit Word vond er 10 (zie "
        "importverslag.docx naast de werkmap); zet de ontbrekende regels terug, of haal 'import_matrixregels' uit "
        "plan.yaml als ze bewust weg zijn"
    ]


def test_check_shows_the_fewer_rows_warning_beside_an_error_in_one_run(tmp_path: Path) -> None:
    """An unknown status is a FOUT until fixed; it does not hold the lost rows back (issue 21: all at once)."""
    imported("headings", tmp_path)
    path = tmp_path / "bron" / "jaarplan.xlsx"
    book = load_workbook(path, rich_text=True)
    book["Matrix"].delete_rows(5, 2)
    book.save(path)
    problems = check_source(tmp_path / "bron").problems
    assert any(p.is_error and "'Uitgesteld'" in p.message for p in problems)
    assert [p.message.split(" (")[0] for p in problems if not p.is_error and "matrixregels" in p.message] == [
        "de werkmap heeft 8 matrixregels, de import uit Word vond er 10"
    ]


def test_an_unreadable_matrix_sheet_gives_its_error_not_an_empty_plan_warning(tmp_path: Path) -> None:
    imported("headings", tmp_path)
    fill_in(tmp_path / "bron")
    path = tmp_path / "bron" / "jaarplan.xlsx"
    book = load_workbook(path, rich_text=True)
    book["Matrix"]["B1"] = "Doelen"  # a column it needs, renamed: the sheet cannot be read
    book.save(path)
    problems = check_source(tmp_path / "bron").problems
    assert any(p.is_error and "Doel" in p.message for p in problems)
    assert not [p for p in problems if "matrixregels" in p.message or "thema's" in p.message]


def test_a_carried_column_never_takes_a_name_the_workbook_has_or_one_twice(tmp_path: Path) -> None:
    """A first column "Thema" and two columns "Opmerking": each kept under a name of its own."""
    document = small_plan()
    table = document.add_table(rows=2, cols=5)
    texts = ["Thema", "Doel", "Activiteit", "Opmerking", "Opmerking", "Inbraak", "Minder inbraken", "Avonden", "a", "b"]
    for cell, text in zip(table._cells, texts, strict=True):
        cell.text = text
    import_small_plan(document, tmp_path)
    sheet = load_workbook(tmp_path / "bron" / "jaarplan.xlsx")["Matrix"]
    assert [c.value for c in sheet[1]][10:] == ["Thema (uit Word)", "Opmerking", "Opmerking 2"]
    assert [c.value for c in sheet[2]][10:] == ["Inbraak", "a", "b"]
    row = load_plan(tmp_path / "bron").plan.themes[0].goals[0].rows[0]
    assert [(name, text.text) for name, text in row.carried] == [
        ("Thema (uit Word)", "Inbraak"),
        ("Opmerking", "a"),
        ("Opmerking 2", "b"),
    ]


def test_an_action_table_row_without_value_is_listed_not_lost(tmp_path: Path) -> None:
    """A P&C export's title over both columns of an action table: reported, with its place."""
    document = small_plan()
    table = document.add_table(rows=5, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Actie 1.1 Preventie"
    for row, (key, value) in enumerate(
        [("Doel", "Minder inbraken"), ("Activiteit", "Avonden"), ("Resultaat", "Tien avonden"), ("Status", "Loopt")],
        start=1,
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = key, value
    result = import_small_plan(document, tmp_path)
    assert [(p.where, p.text, p.cause) for p in result.tally.unplaced] == [
        ("tabel 1 rij 1 kolom 1", "Actie 1.1 Preventie", "regel van een actietabel zonder waarde")
    ]
    assert result.tally.matrix_rows == 1


def test_the_w_questions_hand_the_matrix_to_the_theme_above_them(tmp_path: Path) -> None:
    """H1 cluster, H2 theme, H3 "Wat gaan we doen?" above the matrix: the H2 is the theme, the question a subheading."""
    result = imported("questions", tmp_path)
    assert (result.tally.chapters, result.tally.themes, result.tally.matrix_rows) == (2, 4, 10)
    fill_in(tmp_path / "bron")
    theme = load_plan(tmp_path / "bron").plan.themes[0]
    assert (theme.cluster, theme.title) == ("Veilige woon- en leefomgeving", "Woninginbraak")
    assert [p.text for p in theme.paragraphs] == [
        "Het aantal woninginbraken daalt al jaren, maar in de wijken aan de kust stijgt het weer.",
        "Wat willen we bereiken?",
        "Voor woninginbraak willen we in 2025 dit bereiken: minder woninginbraken dan in 2024.",
        "Wat gaan we doen?",
        "Wat mag het kosten?",
        "Dit betalen de partners uit hun eigen begroting.",
    ]


def test_a_heading_above_every_matrix_hands_it_up_but_same_named_themes_stay(tmp_path: Path) -> None:
    """A heading "Activiteiten" above each matrix is no theme; "Overlast" in two clusters is two themes."""
    document = small_plan(theme=None)
    for cluster, theme in (("Jeugd", "Overlast"), ("Wonen", "Overlast")):
        document.add_paragraph(cluster, style="Heading 1")
        document.add_paragraph(theme, style="Heading 2")
        small_matrix(document, f"Minder overlast ({cluster})")
    for cluster, theme in (("Ondermijning", "Drugs"), ("Fysiek", "Brand")):
        document.add_paragraph(cluster, style="Heading 1")
        document.add_paragraph(theme, style="Heading 2")
        document.add_paragraph(f"Over {theme.lower()}.")
        document.add_paragraph("Activiteiten", style="Heading 3")
        small_matrix(document, f"Minder {theme.lower()}")
    result = import_small_plan(document, tmp_path)
    assert result.tally.unplaced == []
    sheet = load_workbook(tmp_path / "bron" / "jaarplan.xlsx")["Thema's"]  # two themes of one name: check says so
    assert [row for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True) if row[0]] == [
        ("Overlast", "Jeugd"),
        ("Overlast", "Wonen"),
        ("Drugs", "Ondermijning"),
        ("Brand", "Fysiek"),
    ]


def test_a_table_below_text_after_a_matrix_does_not_continue_it(tmp_path: Path) -> None:
    """Only empty paragraphs (a page break) between make a header-less table a matrix's continuation."""
    document = small_plan()
    small_matrix(document, "Minder inbraken")
    document.add_paragraph("De contactpersonen per wijk:")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Wijkagent Noord", "J. de Vries"
    result = import_small_plan(document, tmp_path)
    assert result.tally.matrix_rows == 1
    assert [(p.where, p.text) for p in result.tally.unplaced] == [
        ("tabel 2 rij 1 kolom 1", "Wijkagent Noord"),
        ("tabel 2 rij 1 kolom 2", "J. de Vries"),
    ]


def test_a_title_that_starts_with_a_number_keeps_it(tmp_path: Path) -> None:
    """Typed numbers go ("2.3 Woninginbraak", "4. Brand"); "1 op de 5 jongeren drinkt" is a title and keeps it."""
    document = small_plan(theme=None)
    document.add_paragraph("Jeugd en veiligheid", style="Heading 1")
    for title in ("1 op de 5 jongeren drinkt", "2.3 Woninginbraak", "4. Brand"):
        document.add_paragraph(title, style="Heading 2")
        small_matrix(document, f"Doel bij {title}")
    import_small_plan(document, tmp_path)
    sheet = load_workbook(tmp_path / "bron" / "jaarplan.xlsx")["Thema's"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True) if row[0]] == [
        "1 op de 5 jongeren drinkt",
        "Woninginbraak",
        "Brand",
    ]


def test_a_closing_heading_of_an_outline_read_plan_gets_advice_that_fits_it(tmp_path: Path) -> None:
    """A plan without "Cluster:" lines ending in "Bijlage": no advice to add a "Cluster:" line."""
    document = small_plan(theme=None)
    document.add_paragraph("Jeugd en veiligheid", style="Heading 1")
    document.add_paragraph("Alcohol", style="Heading 2")
    small_matrix(document, "Minder drinken")
    document.add_paragraph("Bijlage", style="Heading 1")
    document.add_paragraph("Cijfers van de politie over 2024.")
    result = import_small_plan(document, tmp_path)
    assert [(p.where, p.text, p.advice) for p in result.tally.unplaced] == [
        ("alinea 6", "Bijlage", "hoort de tekst bij een thema, neem hem over op het blad Thema's; een slothoofdstuk "
         "of bijlage neemt u over op het blad Hoofdstukken (die staan vóór de thema's) of laat u weg"),
        ("alinea 7", "Cijfers van de politie over 2024.", "hoort de tekst bij een thema, neem hem over op het blad "
         "Thema's; een slothoofdstuk of bijlage neemt u over op het blad Hoofdstukken of laat u weg"),
    ]  # fmt: skip


def test_an_unknown_status_is_said_once_and_check_guesses_no_other_word(tmp_path: Path) -> None:
    """The importer says "Uitgesteld" at its Word place, once; check names the cell, guessing no "gereed"."""
    result = imported("questions", tmp_path)
    assert [str(p) for p in result.problems if "Uitgesteld" in p.message] == [
        f"{(tmp_path / 'questions.docx').as_posix()} › tabel 4 rij 3: status 'Uitgesteld' is geen status van "
        "jaarplan; overgenomen zoals getypt: kies in de kolom Status een status uit de lijst"
    ]
    assert [p.message for p in check_source(tmp_path / "bron").problems] == [
        "onbekende status 'Uitgesteld'. Kies uit 'gereed', 'op schema', 'aandacht', 'achter', 'nog niet gestart' "
        "(plan.yaml, statussen)"
    ]


def test_the_share_of_words_counts_equal_cells_each_time(tmp_path: Path) -> None:
    """Two cells "Heel 2025" in the Word file and one in the rebuilt document: not all words kept."""
    source, rebuilt = tmp_path / "bron.docx", tmp_path / "herbouwd.docx"
    rows = [("Minder inbraken", "Avonden", "Heel 2025"), ("Minder inbraken", "Surveillance", "Heel 2025")]
    for path, cells in ((source, rows), (rebuilt, [rows[0], ("", "Surveillance", "")])):
        document = Document()
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate([("Doel", "Activiteit", "Planning"), *cells]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.save(str(path))
    assert share_kept(source, rebuilt)[0] == 0.75  # the Doel once (one goal), "Heel 2025" twice: 6 of 8 words
