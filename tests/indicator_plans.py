"""Plans with indicators, built in code on the seed plan (the workbook sheets come from another branch).

``with_indicators`` adds to a plan read from ``source/`` three indicators of its
first theme and one of its second, covering each verdict: on the path, behind it,
no measurement after the nulmeting, no streefwaarde. ``EXPECTED`` is what the
tables must say, written out by hand.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from jaarplan.model import Indicator, Measurement, Plan
from jaarplan.source.check import load_plan

from .conftest import REPO, SOURCE

EXAMPLE = REPO / "examples" / "voorbeeldgemeente" / "bron"  # the example plan, with six indicators
# main's templates from before issue 24: a restyled template without the indicator blocks
BEFORE_INDICATORS = Path(__file__).parent / "data" / "templates-before-indicators"


def seed_plan() -> Plan:
    return load_plan(SOURCE).plan


def indicators_for(plan: Plan) -> list[Indicator]:
    first, second = plan.themes[0].title, plan.themes[1].title
    return [
        Indicator(
            "Diefstallen uit woning", first, unit="per 1.000 inwoners", source="CBS / politie",
            higher_is_better=False, baseline=4.5, baseline_year=2006, target=2.5, target_year=2010,
            measurements=[
                Measurement(2006, 4.5), Measurement(2007, 4.2), Measurement(2008, 3.4),
                Measurement(2007, 2.9, "Nederland"), Measurement(2008, 2.75, "Nederland"),
            ],
        ),
        Indicator(
            "% inwoners dat zich veilig voelt in de buurt", first, unit="%", source="Veiligheidsmonitor",
            higher_is_better=True, baseline=78, baseline_year=2007, target=86, target_year=2011,
            measurements=[Measurement(2008, 78.5), Measurement(2009, 79.25), Measurement(2009, 84.1, "Nederland")],
        ),
        Indicator(
            "Aantal hennepkwekerijen geruimd", first, unit="aantal", source="politie",
            higher_is_better=True, baseline=1234, baseline_year=2009, target=1500, target_year=2011,
        ),
        Indicator(
            "Verwijzingen Halt", second, unit="per 1.000 jongeren van 12-17 jaar", source="Stichting Halt",
            higher_is_better=False, baseline=12.5, baseline_year=2008,
            measurements=[Measurement(2009, 11.0)],
        ),
    ]  # fmt: skip


# What the Word table, the report and the page say per indicator (cells in TABLE_HEADERS order + comparison).
EXPECTED = [
    ("Diefstallen uit woning", "per 1.000 inwoners", "4,5 (2006)", "3,4 (2008)", "2,5 (2010)",
     "Nederland: 2,75 (2008)"),
    ("% inwoners dat zich veilig voelt in de buurt", "%", "78 (2007)", "79,25 (2009)", "86 (2011)",
     "Nederland: 84,1 (2009)"),
    ("Aantal hennepkwekerijen geruimd", "aantal", "1.234 (2009)", "–", "1.500 (2011)", "–"),
    ("Verwijzingen Halt", "per 1.000 jongeren van 12-17 jaar", "12,5 (2008)", "11 (2009)", "–", "–"),
]  # fmt: skip


def with_indicators(plan: Plan | None = None) -> Plan:
    """A copy of ``plan`` (default: the seed plan) with ``indicators_for`` it."""
    plan = copy.copy(plan or seed_plan())
    plan.indicators = indicators_for(plan)
    return plan


def with_old_template(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A copy of the example's source and, in a folder with a space, the template ``name`` from before issue 24."""
    template = tmp_path / "mijn sjablonen" / name
    template.parent.mkdir()
    shutil.copyfile(BEFORE_INDICATORS / name, template)
    return template, shutil.copytree(EXAMPLE, tmp_path / "bron")


def the_template_warning(warnings: list) -> str:
    """The one warning about the template, as the terminal prints it (file: message)."""
    warned = [str(warning) for warning in warnings if "sjabloon" in warning.message]
    assert len(warned) == 1, warned
    return warned[0]
