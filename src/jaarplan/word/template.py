"""Where a Word template is found: named, the repository's ``templates/``, or the copy in the package.

``templates/jaarplan.docx`` in the repository is the one people restyle in
Word. The package carries a copy (``jaarplan/word/templates/``), so a command run
from any folder, or from an installed wheel, still finds a template. Every
template goes through ``find_template`` by its file name, e.g.
``find_template("jaarplan.docx")``; a new kind of document adds its template to
both folders (``tests/test_template.py`` keeps them equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jaarplan.errors import Location, PlanError

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
