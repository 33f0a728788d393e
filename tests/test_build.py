"""Features of the built document, the CLI, escaping and broken sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from jaarplan.cli.commands import main
from jaarplan.commands.build import build
from jaarplan.errors import PlanError

from .broken_inputs import placeholder_then_patch
from .conftest import REPO, TEMPLATE
from .docx_reading import body_blocks, is_matrix, matrix_tables
from .system_tools import require_soffice


def test_output_name_and_core_properties(built_default: Path, default_document) -> None:
    assert built_default.name == "Gezamenlijk jaarplan 2010 - versie 2.2.docx"
    properties = default_document.core_properties
    assert (properties.title, properties.author, properties.version) == ("Gezamenlijk jaarplan 2010", "JM", "2.2")
    assert properties.language == "nl-NL"


def test_a_title_too_long_for_a_file_name_is_shortened_in_the_name_only(source_copy: Path, tmp_path: Path) -> None:
    """150 Arabic characters are 300 bytes, over the 255 a file name may have: the name is cut, stably."""
    title = ("خطة الأمن المشتركة للبلدية والشرطة والنيابة العامة " * 3)[:150].strip()
    plan_yaml = source_copy / "plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace('"Gezamenlijk jaarplan"', f'"{title}"'), encoding="utf-8"
    )
    first = build(source_copy, tmp_path / "a", TEMPLATE).document
    again = build(source_copy, tmp_path / "b", TEMPLATE).document
    assert first.name == again.name
    assert len(first.name.encode()) <= 160
    assert first.name.endswith("… 2010 - versie 2.2.docx")
    assert title.startswith(first.name.split("…")[0])
    document = Document(first)
    assert document.core_properties.title == f"{title} 2010"
    assert f"{title} 2010" in [p.text for p in document.paragraphs]


def test_a_line_break_pasted_from_word_is_a_line_break(source_copy: Path, tmp_path: Path) -> None:
    """Word's line break pasted into Excel is a vertical tab (_x000B_): the words stay apart, on two lines."""
    placeholder_then_patch("Matrix", "C2", b"Eerste regel_x000B_tweede regel")(source_copy)
    document = Document(build(source_copy, tmp_path / "uit", TEMPLATE).document)
    cell = next(tc for tc in document.element.body.iter(qn("w:tc")) if "Eerste regel" in "".join(tc.itertext()))
    run = next(r for r in cell.iter(qn("w:r")) if "Eerste regel" in "".join(r.itertext()))
    assert [child.tag.split("}")[1] for child in run if child.tag != qn("w:rPr")] == ["t", "br", "t"]
    assert [t.text for t in run.iter(qn("w:t"))] == ["Eerste regel", "tweede regel"]


def test_dutch_language_headings_and_table_of_contents(default_document) -> None:
    defaults = default_document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "nl-NL"
    headings = [p.text for p in default_document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["Aanleiding", "Afstemming", "Proces", "Alcohol- en drugsproblematiek, algemeen"]
    assert len(headings) == 13
    instructions = [t.text for t in default_document.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in instructions)


def test_header_footer_and_landscape_matrices(default_document) -> None:
    sections = default_document.sections
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert sections[0].header.paragraphs[0].text == "Gezamenlijk jaarplan 2010 – versie 2.2"
    footer = sections[0].footer.paragraphs[0]
    fields = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("pagina ") and " van " in footer.text
    body = default_document.element.body
    assert not any("{{" in (t.text or "") or "{%" in (t.text or "") for t in body.iter(qn("w:t")))


def test_cli_build_prints_where_and_how_long(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--source", str(REPO / "source"), "--output", str(tmp_path), "--template", str(TEMPLATE)]
    )
    assert result.exit_code == 0, result.output
    assert "Geschreven:" in result.output and "Klaar in " in result.output
    assert (tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.docx").is_file()


def test_a_workbook_open_in_libreoffice_is_said_before_the_libreoffice_step(source_copy: Path, tmp_path: Path) -> None:
    """The user may want to save first: the warning comes right after reading, once, not after the layout."""
    require_soffice()
    (source_copy / ".~lock.jaarplan.xlsx#").write_text("Jan de Vries,jan,pc,04.12.2026 10:15,profiel;", "utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(source_copy), "--output", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    warned = [i for i, line in enumerate(lines) if "de werkmap is geopend in LibreOffice door Jan de Vries" in line]
    libreoffice = [
        i for i, line in enumerate(lines) if "met LibreOffice" in line and not line.startswith("WAARSCHUWING")
    ]
    assert len(warned) == 1 and libreoffice, result.output
    assert lines[warned[0]].startswith("WAARSCHUWING  ") and warned[0] < libreoffice[0]
    assert lines[warned[0] - 1].startswith("Bron lezen en controleren")


def test_build_py_runs_the_default_build(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--output", str(tmp_path)], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert len(matrix_tables(Document(tmp_path / "Gezamenlijk jaarplan 2010 - versie 2.2.docx"))) == 9


@pytest.mark.parametrize(
    "text",
    [
        "college van b & w <en> \"raad\" 'OM'",
        "{{ plan.title }} en {% if true %}x{% endif %}",
        "{_{ x }_} {_% y %_} onder_streep",
    ],
)
def test_cell_text_is_text(source_copy: Path, tmp_path: Path, text: str) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"]["C2"] = text
    book.save(source_copy / "jaarplan.xlsx")
    document = Document(build(source_copy, tmp_path, TEMPLATE).document)
    first_table = next(block for block in body_blocks(document) if is_matrix(block))
    assert first_table[1][1].text == text


def test_merged_doel_reads_like_blank_below(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"].merge_cells("B2:B3")
    book.save(source_copy / "jaarplan.xlsx")
    document = Document(build(source_copy, tmp_path, TEMPLATE).document)
    rows = matrix_tables(document)[0]._tbl.findall(qn("w:tr"))
    assert rows[2].find(f".//{qn('w:vMerge')}").get(qn("w:val")) == "continue"


def test_broken_source_fails_with_location(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"]["I1"] = "Stand v. zaken"
    book.save(source_copy / "jaarplan.xlsx")
    with pytest.raises(PlanError) as caught:
        build(source_copy, tmp_path, TEMPLATE)
    assert "Matrix!I1" in str(caught.value) and "Stand van zaken" in str(caught.value)
    result = CliRunner().invoke(main, ["build", "--source", str(source_copy), "--output", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_yaml_error_names_file_and_line(source_copy: Path, tmp_path: Path) -> None:
    path = source_copy / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('versie: "2.2"', "versie: [2.2"), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        build(source_copy, tmp_path, TEMPLATE)
    assert "plan.yaml" in str(caught.value) and "regel" in str(caught.value)


def test_unknown_theme_in_matrix(source_copy: Path, tmp_path: Path) -> None:
    book = load_workbook(source_copy / "jaarplan.xlsx")
    book["Matrix"]["A2"] = "Huiselijk gewelt"
    book.save(source_copy / "jaarplan.xlsx")
    with pytest.raises(PlanError, match=r"Matrix!A2: onbekend thema 'Huiselijk gewelt'.*Huiselijk geweld"):
        build(source_copy, tmp_path, TEMPLATE)


def test_source_is_not_modified(source_copy: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in source_copy.iterdir()}
    build(source_copy, tmp_path, TEMPLATE)
    assert before == {p.name: p.read_bytes() for p in source_copy.iterdir()}


def test_ruff_is_clean() -> None:
    completed = subprocess.run([sys.executable, "-m", "ruff", "check", str(REPO)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout


def test_cli_speaks_dutch() -> None:
    runner = CliRunner()
    for arguments in (["--help"], ["build", "--help"], ["check", "--help"], ["pdf", "--help"]):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0
        assert "Gebruik:" in result.output and "Opties:" in result.output and "Toon deze hulp" in result.output
        assert not any(word in result.output for word in ("Usage:", "Options:", "Show this message", "default:"))
    wrong = runner.invoke(main, ["build", "--sourse", "x"])
    assert wrong.exit_code == 2
    assert "FOUT  verkeerd gebruik: onbekende optie '--sourse'. Bedoelt u '--source'?" in wrong.output


def test_template_and_default_source_are_made_by_their_scripts(tmp_path: Path) -> None:
    """tools/ reproduce what is committed, so restyling can start over and the tools cannot rot."""
    import zipfile

    subprocess.run([sys.executable, str(REPO / "tools" / "make_template.py"), str(tmp_path / "t.docx")], check=True)
    with zipfile.ZipFile(tmp_path / "t.docx") as made, zipfile.ZipFile(TEMPLATE) as committed:
        assert {n: made.read(n) for n in made.namelist()} == {n: committed.read(n) for n in committed.namelist()}
    seed = REPO / "tools" / "gezamenlijk-jaarplan-2010-v2.2.txt"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "seed_to_source.py"), str(seed), str(tmp_path / "s")], check=True
    )
    assert (tmp_path / "s" / "plan.yaml").read_text(encoding="utf-8") == (REPO / "source" / "plan.yaml").read_text(
        encoding="utf-8"
    )
    # byte for byte but the creation time: widths, heights, borders and bands too, not only the values
    with (
        zipfile.ZipFile(tmp_path / "s" / "jaarplan.xlsx") as made,
        zipfile.ZipFile(REPO / "source" / "jaarplan.xlsx") as committed,
    ):
        assert made.namelist() == committed.namelist()
        for name in (name for name in committed.namelist() if name != "docProps/core.xml"):
            assert made.read(name) == committed.read(name), f"{name}: run tools/seed_to_source.py"
