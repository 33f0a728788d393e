"""Where a Word template is found: named, the repository's ``templates/``, or the copy in the package.

``templates/jaarplan.docx`` in the repository is the one people restyle in
Word. The package carries a copy (``jaarplan/word/templates/``), so a command run
from any folder, or from an installed wheel, still finds a template. Every
template goes through ``find_template`` by its file name, e.g.
``find_template("jaarplan.docx")``; a new kind of document adds its template to
both folders (``tests/test_template.py`` keeps them equal).

A template restyled before a feature came (the indicators of issue 24) lacks
that feature's tags and silently leaves it out; ``outdated_template`` is the
warning that says so, naming the file and how to bring it up to date. Putting
the block into someone's own template for them is not worth its complexity.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from jaarplan.errors import Location, PlanError, Problem, Severity

JAARPLAN_TEMPLATE = "jaarplan.docx"
PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"
# The repository's templates/ when the package runs from a checkout (src/jaarplan/word/ → ../../../templates).
REPOSITORY_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def template_folders() -> list[Path]:
    """The folders searched for a template that is not named, best first.

    ``templates/`` in the current folder (the repository root, where people
    restyle it), the repository this package runs from, then the package's own
    copy, which is always there.
    """
    return [Path.cwd() / "templates", REPOSITORY_TEMPLATES, PACKAGED_TEMPLATES]


def find_template(
    name: str = JAARPLAN_TEMPLATE, given: Path | None = None, folders: Sequence[Path] | None = None
) -> Path:
    """The template file to use: ``given`` when the user named one, else the first ``name`` in ``folders``.

    A named file that does not exist is an error that says where it was
    looked for; it never falls back silently to another template.
    """
    if given is not None:
        if not given.is_file():
            raise PlanError(
                f"de Word-sjabloon is niet gevonden (gezocht: {given.resolve()}); "
                "geef met --template het pad van een .docx, of laat --template weg voor de standaardsjabloon",
                Location(given),
            )
        return given
    searched = list(template_folders() if folders is None else folders)
    for folder in searched:
        if (folder / name).is_file():
            return folder / name
    looked = ", ".join(str(folder / name) for folder in searched)
    raise PlanError(f"de Word-sjabloon '{name}' is niet gevonden (gezocht: {looked}); geef er een met --template")


def missing_tags(template: Path, names: Sequence[str]) -> list[str]:
    """The names (``theme.indicators``) that no tag of the template's body uses: an older or restyled template.

    The body is read as text without its XML, so a tag Word split over runs still counts, as docxtpl joins it.
    """
    with zipfile.ZipFile(template) as package:
        body = re.sub(r"<[^>]*>", "", package.read("word/document.xml").decode("utf-8"))
    tags = " ".join(re.findall(r"\{[{%].*?[%}]\}", body, flags=re.DOTALL))
    return [name for name in names if not re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", tags)]


def outdated_template(template: Path, name: str, left_out: str, tool: str, block: str) -> Problem:
    """The warning for a template without a block the plan needs: what is ``left_out``, and how to update it.

    ``name`` is the template's kind (``jaarplan.docx``), whose packaged copy has the block.
    """
    packaged = (PACKAGED_TEMPLATES / name).as_posix()
    return Problem(
        f"deze sjabloon is van voor de indicatoren: {left_out} Neem {block} over uit de meegeleverde sjabloon "
        f"({packaged}) of maak de sjabloon opnieuw met python {tool} (README, Opmaak)",
        Location(template),
        Severity.WARNING,
    )
