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
from jaarplan.model import (
    Chapter,
    Goal,
    Indicator,
    MatrixRow,
    Measurement,
    Metadata,
    PlanTexts,
    RichText,
    Theme,
    VersionEntry,
)
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


# The indicators of the source (version 1.2; the archived versions had none): made-up figures per year for
# Voorbeeldgemeente ("Gemeente") and Nederland. Vernielingen is clearly off course (rising, the target lower);
# Winkeldiefstallen has no nulmeting and streefwaarde yet, as a plan in the making may.
_PER_RESIDENTS = "per 1.000 inwoners"
_POLICE = "CBS / politie (waarstaatjegemeente.nl)"
INDICATORS: list[tuple[dict[str, object], dict[str, dict[int, float]]]] = [
    (
        {"name": "Diefstallen uit woning", "theme": "Woninginbraak", "goal": "Minder woninginbraken",
         "unit": _PER_RESIDENTS, "source": _POLICE,
         "definition": "Het aantal geregistreerde diefstallen uit woningen (woninginbraken), per 1.000 inwoners.",
         "baseline": 3.4, "baseline_year": 2022, "target": 2.5, "target_year": 2026},
        {"Gemeente": {2021: 3.6, 2022: 3.4, 2023: 3.1, 2024: 2.9, 2025: 2.7},
         "Nederland": {2021: 2.4, 2022: 2.2, 2023: 2.1, 2024: 2.0, 2025: 1.9}},
    ),
    (
        {"name": "% inwoners dat zich veilig voelt in de buurt", "theme": "Woninginbraak", "unit": "%",
         "source": "Veiligheidsmonitor (CBS)", "higher_is_better": True,
         "definition": "Het deel van de inwoners van 15 jaar en ouder dat zich (vrijwel) nooit onveilig voelt in de "
         "eigen buurt.",
         "baseline": 79, "baseline_year": 2021, "target": 84, "target_year": 2027},
        {"Gemeente": {2019: 78, 2021: 79, 2023: 81, 2025: 82}, "Nederland": {2019: 81, 2021: 82, 2023: 82, 2025: 83}},
    ),
    (
        {"name": "Aantal hennepkwekerijen geruimd", "theme": "Ondermijning", "goal": "Zicht op ondermijning",
         "unit": "aantal", "source": "Politie en gemeente Voorbeeldgemeente", "higher_is_better": True,
         "definition": "Het aantal hennepkwekerijen dat in het jaar is opgerold en geruimd.",
         "baseline": 8, "baseline_year": 2023, "target": 15, "target_year": 2026},
        {"Gemeente": {2023: 8, 2024: 11, 2025: 13}},
    ),
    (
        {"name": "Winkeldiefstallen", "theme": "Ondermijning", "goal": "Weerbare ondernemers",
         "unit": _PER_RESIDENTS, "source": _POLICE,
         "definition": "Het aantal winkeldiefstallen dat de politie registreerde, per 1.000 inwoners."},
        {"Gemeente": {2022: 4.1, 2023: 4.6, 2024: 4.4, 2025: 4.3},
         "Nederland": {2022: 3.0, 2023: 3.4, 2024: 3.3, 2025: 3.2}},
    ),
    (
        {"name": "Verwijzingen Halt", "theme": "Jeugdoverlast", "unit": "per 1.000 jongeren van 12–17 jaar",
         "source": "Stichting Halt (waarstaatjegemeente.nl)",
         "definition": "Het aantal verwijzingen naar Halt per 1.000 jongeren van 12 tot en met 17 jaar.",
         "baseline": 14.0, "baseline_year": 2022, "target": 11.0, "target_year": 2026},
        {"Gemeente": {2022: 14.0, 2023: 13.5, 2024: 12.6, 2025: 11.6},
         "Nederland": {2022: 11.2, 2023: 11.0, 2024: 10.7, 2025: 10.5}},
    ),
    (
        {"name": "Vernielingen en beschadigingen (in de openbare ruimte)", "theme": "Jeugdoverlast",
         "goal": "Minder overlastmeldingen", "unit": _PER_RESIDENTS, "source": _POLICE,
         "definition": "Het aantal geregistreerde vernielingen en beschadigingen in de openbare ruimte, "
         "per 1.000 inwoners.",
         "baseline": 6.1, "baseline_year": 2023, "target": 5.0, "target_year": 2026},
        {"Gemeente": {2021: 6.3, 2022: 6.0, 2023: 6.1, 2024: 6.6, 2025: 7.0},
         "Nederland": {2021: 5.2, 2022: 5.0, 2023: 4.9, 2024: 4.8, 2025: 4.8}},
    ),
]  # fmt: skip


def indicators_for(version: str) -> list[Indicator]:
    """The example's indicators: only in the source's version (1.2), so the archived versions stay as issued."""
    if version != VERSIONS[-1]:
        return []
    indicators = []
    for fields, figures in INDICATORS:
        measurements = [
            Measurement(year, float(value), area) for area, values in figures.items() for year, value in values.items()
        ]
        numbers = {key: float(value) for key, value in fields.items() if key in ("baseline", "target")}
        indicators.append(Indicator(**{**fields, **numbers}, measurements=measurements))  # type: ignore[arg-type]
    return indicators


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
    return PlanTexts(chapters, themes, {}, indicators=indicators_for(version))


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
