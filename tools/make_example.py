"""Write the fictional example plan ``examples/voorbeeldgemeente/``: a source and two archived versions.

Voorbeeldgemeente does not exist; its plan is made up to show (and test) the
progress report: four themes in three clusters, every status, deadlines
before and after its peildatum (30 juni 2026), and versions 1.0 and 1.1
archived the way ``jaarplan build`` archives them, so ``jaarplan voortgang``
can say what changed since.

    python tools/make_example.py [examples/voorbeeldgemeente]
"""

from __future__ import annotations

import datetime
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jaarplan.commands.build import build
from jaarplan.model import Chapter, Goal, MatrixRow, Metadata, PlanTexts, RichText, Theme, VersionEntry
from jaarplan.source.metadata import METADATA_FILE, write_metadata
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.source.xlsx.writer import write_workbook
from jaarplan.text import dutch_date

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "templates" / "jaarplan.docx"
CLUSTERS = ["sociaal maatschappelijke thema's", "openbaar domein", "criminaliteit"]
REFERENCE_DATE = datetime.date(2026, 6, 30)
VERSIONS = ("1.0", "1.1", "1.2")  # 1.0 and 1.1 are archived; 1.2 is the source now, a concept


@dataclass(frozen=True)
class Action:
    """A matrix row through the versions: (status, Stand van zaken) per version, None where it is absent."""

    specific: str
    measurable: str
    deadline: str | datetime.date
    states: dict[str, tuple[str, str] | None]


def _d(month: int, day: int) -> datetime.date:
    return datetime.date(2026, month, day)


THEMES: list[tuple[str, str, str, list[tuple[str, list[Action]]]]] = [
    (
        "Woninginbraak",
        "criminaliteit",
        "Het aantal woninginbraken in Voorbeeldgemeente daalt, vooral in de wijken Oost en Haven.",
        [
            (
                "Minder woninginbraken",
                [
                    Action(
                        "Inbraakpreventie-avonden in Oost en Haven",
                        "2 avonden, 100 bezoekers",
                        _d(3, 31),
                        {
                            "1.0": ("op schema", ""),
                            "1.1": ("aandacht", "Eerste avond uitgesteld: zaal niet beschikbaar."),
                            "1.2": ("gereed", "Beide avonden gehouden, 140 bezoekers."),
                        },
                    ),
                    Action(
                        "Folderactie voor nieuwe bewoners",
                        "folder bij elke inschrijving",
                        _d(2, 28),
                        {"1.0": ("nog niet gestart", ""), "1.1": ("op schema", "Drukker gekozen."), "1.2": None},
                    ),
                    Action(
                        "Extra surveillance in de donkere maanden",
                        "8 avonden per maand",
                        _d(6, 1),
                        {
                            "1.0": ("op schema", ""),
                            "1.1": ("op schema", "Rooster met politie afgesproken."),
                            "1.2": ("op schema", "Rooster met politie afgesproken; evaluatie nog niet ontvangen."),
                        },
                    ),
                ],
            ),
        ],
    ),
    (
        "Ondermijning",
        "criminaliteit",
        "Gemeente, politie en OM pakken verwevenheid van onder- en bovenwereld samen aan.",
        [
            (
                "Zicht op ondermijning",
                [
                    Action(
                        "Ondermijningsbeeld van het bedrijventerrein",
                        "rapport met maatregelen",
                        _d(5, 15),
                        {
                            "1.0": ("nog niet gestart", ""),
                            "1.1": ("op schema", "Opdracht verstrekt aan het RIEC."),
                            "1.2": ("achter", "RIEC heeft te weinig capaciteit; oplevering verschoven naar oktober."),
                        },
                    ),
                    Action(
                        "Integrale controles horeca",
                        "6 controles",
                        "doorlopend",
                        {
                            "1.0": ("op schema", ""),
                            "1.1": ("op schema", "Twee controles gehouden."),
                            "1.2": ("op schema", "Vier controles gehouden."),
                        },
                    ),
                ],
            ),
            (
                "Weerbare ondernemers",
                [
                    Action(
                        "Training signalen herkennen voor vastgoedmakelaars",
                        "20 makelaars getraind",
                        _d(11, 30),
                        {
                            "1.0": ("nog niet gestart", ""),
                            "1.1": ("nog niet gestart", ""),
                            "1.2": ("nog niet gestart", "Start na de zomer."),
                        },
                    ),
                ],
            ),
        ],
    ),
    (
        "Jeugdoverlast",
        "openbaar domein",
        "Minder overlast van jongeren rond het winkelcentrum en het Stationsplein.",
        [
            (
                "Minder overlastmeldingen",
                [
                    Action(
                        "Jongerenwerk op vrijdag- en zaterdagavond",
                        "25% minder meldingen",
                        _d(12, 31),
                        {
                            "1.0": ("op schema", ""),
                            "1.1": ("op schema", "Twee jongerenwerkers aangenomen."),
                            "1.2": ("aandacht", "Een jongerenwerker vertrokken; vacature staat open."),
                        },
                    ),
                    Action(
                        "Buurtvaders op vrijdagavond bij het Stationsplein",
                        "12 buurtvaders actief",
                        _d(9, 30),
                        {"1.0": None, "1.1": None, "1.2": ("op schema", "Acht buurtvaders gestart; werving loopt.")},
                    ),
                    Action(
                        "Cameratoezicht Stationsplein evalueren",
                        "evaluatie in de raad",
                        _d(4, 30),
                        {"1.0": ("", ""), "1.1": ("", ""), "1.2": ("", "")},
                    ),
                ],
            ),
        ],
    ),
    (
        "Huiselijk geweld",
        "sociaal maatschappelijke thema's",
        "Huiselijk geweld wordt eerder gezien en gemeld, en hulp komt sneller op gang.",
        [
            (
                "Eerder signaleren",
                [
                    Action(
                        "Meldcode-training voor huisartsen en scholen",
                        "alle scholen bereikt",
                        _d(10, 31),
                        {
                            "1.0": ("nog niet gestart", ""),
                            "1.1": ("nog niet gestart", ""),
                            "1.2": ("op schema", "Eerste training op 8 september."),
                        },
                    ),
                    Action(
                        "Tijdelijk huisverbod binnen 24 uur opgelegd",
                        "90% binnen 24 uur",
                        "doorlopend",
                        {
                            "1.0": ("op schema", ""),
                            "1.1": ("gereed", "Werkwijze vastgesteld."),
                            "1.2": ("gereed", "Werkwijze vastgesteld en in gebruik."),
                        },
                    ),
                ],
            ),
        ],
    ),
]


def texts_for(version: str) -> PlanTexts:
    """The workbook's contents as they were in ``version``."""
    themes = []
    for title, cluster, text, goals in THEMES:
        theme_goals = []
        for goal_title, actions in goals:
            rows = []
            for action in actions:
                state = action.states[version]
                if state is None:
                    continue
                deadline = action.deadline if isinstance(action.deadline, str) else dutch_date(action.deadline)
                rows.append(
                    MatrixRow(
                        specific=RichText.plain(action.specific),
                        measurable=RichText.plain(action.measurable),
                        acceptable=RichText.plain("ja"),
                        realistic=RichText.plain("ja"),
                        time_bound=RichText.plain(""),
                        deadline=RichText.plain(deadline),
                        progress=RichText.plain(state[1]),
                        status=state[0],
                    )
                )
            theme_goals.append(Goal(RichText.plain(goal_title), rows))
        themes.append(Theme(title, cluster, [RichText.plain(text)], [], theme_goals))
    chapters = [
        Chapter(
            "Aanleiding",
            [RichText.plain("Dit is een verzonnen voorbeeld. Voorbeeldgemeente bestaat niet; de cijfers ook niet.")],
        )
    ]
    return PlanTexts(chapters, themes, {})


def metadata_for(version: str) -> Metadata:
    dates = {"1.0": _d(1, 15), "1.1": _d(3, 31), "1.2": _d(6, 30)}
    history = [
        VersionEntry("1.0", dates["1.0"], "VB", "Vastgesteld in het veiligheidsoverleg"),
        VersionEntry("1.1", dates["1.1"], "VB", "Stand van zaken eerste kwartaal"),
    ]
    issued = version != VERSIONS[-1]
    return Metadata(
        title="Gezamenlijk jaarplan Voorbeeldgemeente",
        year=2026,
        partners="Politie, OM en gemeente Voorbeeldgemeente (verzonnen voorbeeld)",
        version=version,
        date=dates[version],
        author="VB",
        status="definitief" if issued else "concept",
        distribution="",
        clusters=CLUSTERS,
        history=[entry for entry in history if entry.version <= version],
        reference_date=None if issued else REFERENCE_DATE,
    )


def write_source(folder: Path, version: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    metadata = metadata_for(version)
    write_workbook(texts_for(version), folder / WORKBOOK_FILE, metadata.clusters, metadata.statuses)
    write_metadata(metadata, folder / METADATA_FILE)


def main(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    output = target / "output"
    for version in VERSIONS[:-1]:
        staging = target / f".bron-{version}"
        write_source(staging, version)
        build(staging, output, TEMPLATE)  # a definitief build archives the version in output/archief
        shutil.rmtree(staging)
    for document in output.glob("*.docx"):
        document.unlink()  # only the archive is kept
    write_source(target / "bron", VERSIONS[-1])
    print(f"wrote {target}: source versie {VERSIONS[-1]}, archived 1.0 and 1.1")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "voorbeeldgemeente")
