"""The template is found from any folder: named, the repository's templates/, or the package's copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from jaarplan.cli.commands import main
from jaarplan.errors import PlanError
from jaarplan.word import template as template_module
from jaarplan.word.template import JAARPLAN_TEMPLATE, PACKAGED_TEMPLATES, find_template

from .conftest import REPO, SOURCE
from .docx_reading import matrix_tables
from .system_tools import require_soffice

REPO_TEMPLATES = REPO / "templates"


def test_the_packaged_templates_are_the_repository_templates() -> None:
    """One set of templates: a restyle or a new template goes into both folders (tools/make_template.py does)."""
    repo = {path.name: path.read_bytes() for path in REPO_TEMPLATES.glob("*.docx")}
    packaged = {path.name: path.read_bytes() for path in PACKAGED_TEMPLATES.glob("*.docx")}
    assert JAARPLAN_TEMPLATE in repo
    assert sorted(packaged) == sorted(repo), "copy templates/*.docx to src/jaarplan/word/templates/"
    for name, content in repo.items():
        assert packaged[name] == content, f"src/jaarplan/word/templates/{name} differs from templates/{name}"


def test_make_template_writes_both_committed_copies(tmp_path: Path) -> None:
    """Without arguments the tool writes templates/ and the package's copy, as committed."""
    shutil.copytree(REPO / "tools", tmp_path / "tools")
    shutil.copytree(REPO / "src" / "jaarplan", tmp_path / "src" / "jaarplan", ignore=shutil.ignore_patterns("*.docx"))
    (tmp_path / "templates").mkdir()
    subprocess.run([sys.executable, str(tmp_path / "tools" / "make_template.py")], check=True)
    for made in (
        tmp_path / "templates" / JAARPLAN_TEMPLATE,
        tmp_path / "src" / "jaarplan" / "word" / "templates" / JAARPLAN_TEMPLATE,
    ):
        with zipfile.ZipFile(made) as new, zipfile.ZipFile(REPO_TEMPLATES / JAARPLAN_TEMPLATE) as committed:
            assert {n: new.read(n) for n in new.namelist()} == {n: committed.read(n) for n in committed.namelist()}


def test_make_letter_template_writes_both_committed_copies(tmp_path: Path) -> None:
    """The raadsinformatiebrief's template is made reproducibly too: both copies, part for part as committed."""
    shutil.copytree(REPO / "tools", tmp_path / "tools")
    shutil.copytree(REPO / "src" / "jaarplan", tmp_path / "src" / "jaarplan", ignore=shutil.ignore_patterns("*.docx"))
    (tmp_path / "templates").mkdir()
    subprocess.run([sys.executable, str(tmp_path / "tools" / "make_letter_template.py")], check=True)
    name = "raadsinformatiebrief.docx"
    for made in (tmp_path / "templates" / name, tmp_path / "src" / "jaarplan" / "word" / "templates" / name):
        with zipfile.ZipFile(made) as new, zipfile.ZipFile(REPO_TEMPLATES / name) as committed:
            assert {n: new.read(n) for n in new.namelist()} == {n: committed.read(n) for n in committed.namelist()}


def test_an_installed_package_builds_from_any_folder(tmp_path: Path) -> None:
    """The package as setuptools installs it (package data from pyproject.toml), run outside any checkout."""
    installed = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py", "-d", str(installed)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    assert (installed / "jaarplan" / "word" / "templates" / JAARPLAN_TEMPLATE).read_bytes() == (
        REPO_TEMPLATES / JAARPLAN_TEMPLATE
    ).read_bytes()
    work = tmp_path / "ergens"
    shutil.copytree(SOURCE, work / "bron")
    environment = {**os.environ, "PYTHONPATH": str(installed), "JAARPLAN_SOFFICE": str(tmp_path / "geen-soffice")}
    completed = subprocess.run(
        [sys.executable, "-m", "jaarplan", "build", "--source", "bron", "--output", "uit", "--html"],
        cwd=work,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert f"Sjabloon: {installed / 'jaarplan' / 'word' / 'templates' / JAARPLAN_TEMPLATE}" in completed.stdout
    assert len(matrix_tables(Document(work / "uit" / "Gezamenlijk jaarplan 2010 - versie 2.2.docx"))) == 9
    site = work / "uit" / "Gezamenlijk jaarplan 2010 - versie 2.2 (web)"  # the page's template and CSS are packaged
    assert "SMART-matrix" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "style.css").read_text(encoding="utf-8") == (
        REPO / "src/jaarplan/webpage/assets/style.css"
    ).read_text(encoding="utf-8")


def test_lookup_order_named_then_current_folder_then_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(template_module, "REPOSITORY_TEMPLATES", tmp_path / "geen-checkout")
    assert find_template() == PACKAGED_TEMPLATES / JAARPLAN_TEMPLATE
    (tmp_path / "templates").mkdir()
    restyled = Path(shutil.copy(REPO_TEMPLATES / JAARPLAN_TEMPLATE, tmp_path / "templates"))
    assert find_template().resolve() == restyled.resolve()
    assert find_template(given=restyled) == restyled
    with pytest.raises(PlanError) as raised:
        find_template(given=Path("huisstijl.docx"))
    message = str(raised.value)
    assert str(tmp_path / "huisstijl.docx") in message and "--template" in message
    with pytest.raises(PlanError, match=r"'begroting.docx' is niet gevonden .*--template"):
        find_template("begroting.docx")  # a kind of document with no template yet


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder that is not the repository, with no checkout templates to fall back on."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(template_module, "REPOSITORY_TEMPLATES", tmp_path / "geen-checkout")
    shutil.copytree(SOURCE, tmp_path / "bron")
    return tmp_path


def run(*arguments: str) -> str:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_works_from_another_folder(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """new, check, build, html, release, diff, import and pdf with relative paths, run outside the repository."""
    monkeypatch.setenv("JAARPLAN_SOFFICE", str(elsewhere / "geen-soffice"))  # LibreOffice only for pdf, below
    run("new", "bron-2011", "--from", "bron", "--year", "2011", "--author", "JM")
    assert "Geen fouten in bron-2011" in run("check", "--source", "bron-2011")
    built = run("build", "--source", "bron", "--output", "uit")
    assert f"Sjabloon: {PACKAGED_TEMPLATES / JAARPLAN_TEMPLATE}" in built
    document = elsewhere / "uit" / "Gezamenlijk jaarplan 2010 - versie 2.2.docx"
    assert len(matrix_tables(Document(document))) == 9
    run("html", "--source", "bron", "--output", "uit")
    assert (elsewhere / "uit" / "Gezamenlijk jaarplan 2010 - versie 2.2 (web)" / "index.html").is_file()
    plan_yaml = elsewhere / "bron" / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text("utf-8").replace("Ter kennisname", "Ter bespreking"), "utf-8")
    run("release", "--source", "bron", "--output", "uit", "--author", "JM", "--description", "Elders uitgegeven")
    assert (elsewhere / "uit" / "archief" / "versie-2.3" / "SHA256SUMS").is_file()
    run("diff", "2.2", "bron", "--output", "uit")
    assert list((elsewhere / "uit").glob("*wijzigingen*.docx"))
    run("import", "uit/Gezamenlijk jaarplan 2010 - versie 2.3.docx", "terug")
    assert "Geen fouten in terug" in run("check", "--source", "terug")
    monkeypatch.delenv("JAARPLAN_SOFFICE")
    require_soffice()
    run("pdf", "uit/Gezamenlijk jaarplan 2010 - versie 2.3.docx")
    assert (elsewhere / "uit" / "Gezamenlijk jaarplan 2010 - versie 2.3.pdf").stat().st_size > 10_000
