"""The document's metadata: ``plan.yaml`` to Metadata and back.

The YAML is read as a node tree rather than loaded, so that every value keeps
the line it stands on (for messages) and its text as typed: ``versie: 2.10``
stays "2.10" instead of becoming the number 2.1. It is written line by line
with a comment per key, each value by PyYAML's emitter, so what is written
reads back as it was.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

import yaml

from jaarplan.errors import Location, PlanError, Problems
from jaarplan.model import ADDRESSEES, DEFAULT_STATUSES, Metadata, OfferTexts, StatusKind, VersionEntry

METADATA_FILE = "plan.yaml"
STATUSES = ("concept", "definitief")
REQUIRED_KEYS = ("titel", "jaar", "partners", "versie", "datum", "auteur", "status")
IMPORT_COUNT_KEY = "import_matrixregels"
OFFER_KEY = "aanbieden"
PREVIOUS_YEAR_KEY = "vorig_planjaar"
OPTIONAL_KEYS = (
    "kenmerk",
    PREVIOUS_YEAR_KEY,
    "verzending",
    "clusters",
    "versies",
    "statussen",
    "peildatum",
    OFFER_KEY,
    IMPORT_COUNT_KEY,
)
OFFER_KEYS = ("aan", "van", "contactpersoon", "kenmerk_raad")  # under ``aanbieden:``, for the raadsinformatiebrief
HISTORY_KEYS = ("versie", "datum", "auteur", "omschrijving", "inhoud")
STATUS_KEYS = ("naam", "symbool", "kleur", "ernst", "afgerond", "aandachtspunt")
YES, NO = ("ja", "yes", "true", "waar"), ("nee", "no", "false", "onwaar", "")
# Word's core properties (title, subject, author) hold at most 255 characters; the title
# property is "titel jaar", so the title itself leaves room for a space and the year.
CORE_PROPERTY_LIMIT = 255
PROPERTY_LIMITS = {
    "titel": CORE_PROPERTY_LIMIT - len(" 2010"),
    "partners": CORE_PROPERTY_LIMIT,
    "auteur": CORE_PROPERTY_LIMIT,
}

# What no Word document can hold (XML 1.0): control characters but tab and line ends, lone surrogates, and
# U+FFFE/U+FFFF. plan.yaml can spell them as escapes ("\a"); the reader refuses them, and so does the writer.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


AUTHOR_LIMIT = 20  # initials, as the title page and the Versiebeheer show them
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}  # control and format characters, line and paragraph separators


def checked_initials(text: str) -> str:
    """The author's initials of a new version; refused before a release writes anything, since issued is for good."""
    initials = text.strip()
    if not initials:
        raise PlanError("vul de initialen van de auteur in")
    if any(unicodedata.category(character) in _INVISIBLE for character in initials):
        raise PlanError("de initialen van de auteur bevatten een regeleinde of een onzichtbaar teken; typ ze opnieuw")
    if len(initials) > AUTHOR_LIMIT:
        raise PlanError(f"de initialen van de auteur zijn {len(initials)} tekens lang; hoogstens {AUTHOR_LIMIT}")
    return initials


def read_metadata(path: Path) -> Metadata:
    """Read ``plan.yaml``; every mistake is a PlanError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError("het bestand met de documentgegevens ontbreekt", Location(path)) from None
    except UnicodeDecodeError:
        raise PlanError("het bestand is geen UTF-8-tekst; sla het op als UTF-8", Location(path)) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow anywhere in the file
        raise _unacceptable_character(path, text, error.position, error.character) from None
    except RecursionError:  # PyYAML composes nested lists and mappings recursively
        raise PlanError(
            "het bestand zet lijsten of haken honderden niveaus diep in elkaar; zo ziet plan.yaml er nooit uit: "
            "zet het bestand terug (bijvoorbeeld uit het archief) of begin opnieuw met 'jaarplan new'",
            Location(path),
        ) from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise PlanError(
            "geen geldige YAML op of vlak vóór deze regel (let op aanhalingstekens, haken en inspringen; "
            f"YAML zegt: {error.problem})",
            Location(path, line=line),
        ) from None
    if not isinstance(root, yaml.MappingNode):
        raise PlanError("verwacht een lijst van 'sleutel: waarde'-regels", Location(path, line=1))
    return _metadata_from_nodes(path, root)


def _unacceptable_character(path: Path, text: str, position: int, character: int | str) -> PlanError:
    """The PlanError for a character PyYAML's reader refuses (a control character typed or pasted into the file)."""
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = character if isinstance(character, int) else ord(character)
    return PlanError(
        f"onzichtbaar besturingsteken U+{code:04X} op positie {column} van deze regel; dat mag niet in "
        "plan.yaml: haal het weg (een teksteditor die onzichtbare tekens toont, helpt)",
        Location(path, line=line),
    )


def _unwritable_values(path: Path, root: yaml.Node, problems: Problems) -> None:
    """An error for each value that holds a character no Word document can hold (written as an escape, "\a")."""
    pending: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()  # an alias is the same node again: each is looked at once
    while pending:
        node, key = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = _UNWRITABLE.search(str(node.value))
            if found:
                name = f"'{key}' bevat" if key else "deze regel bevat"
                problems.error(
                    f"{name} het teken U+{ord(found.group()):04X}, dat niet in een Word-document kan; haal het weg",
                    _at(path, node),
                )
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, key) for item in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                pending.extend([(value_node, str(key_node.value)), (key_node, "")])


def _metadata_from_nodes(path: Path, root: yaml.MappingNode) -> Metadata:
    values: dict[str, yaml.Node] = {}
    problems = Problems()
    _unwritable_values(path, root, problems)
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            hint = difflib.get_close_matches(key, REQUIRED_KEYS + OPTIONAL_KEYS, n=1)
            suggestion = f"; bedoelt u '{hint[0]}'?" if hint else ""
            problems.error(f"onbekende sleutel '{key}'{suggestion}", _at(path, key_node))
        values[key] = value_node
    for key in REQUIRED_KEYS:
        if key not in values:
            problems.error(f"'{key}' ontbreekt", _at(path, root))
        elif _scalar(values[key]) == "":
            problems.error(f"'{key}' is leeg; vul het in", _at(path, values[key]))
    for key, limit in PROPERTY_LIMITS.items():
        if key in values and len(_scalar(values[key])) > limit:
            problems.error(
                f"'{key}' is {len(_scalar(values[key]))} tekens lang; in de documenteigenschappen van Word "
                f"past hoogstens {limit}: kort het in",
                _at(path, values[key]),
            )
    problems.raise_if_errors()

    def field(key: str) -> tuple[str, Location]:
        return _scalar(values[key]), _at(path, values[key])

    metadata = Metadata(
        title=field("titel")[0],
        year=_parse_year(*field("jaar")),
        partners=field("partners")[0],
        version=_parse_version(*field("versie")),
        date=_parse_date(*field("datum")),
        author=field("auteur")[0],
        status=_parse_status(*field("status")),
        distribution=_scalar(values["verzending"]) if "verzending" in values else "",
        clusters=_parse_list(path, values["clusters"]) if "clusters" in values else [],
        history=_parse_history(path, values["versies"]) if "versies" in values else [],
        statuses=_parse_statuses(path, values["statussen"]) if "statussen" in values else DEFAULT_STATUSES,
        reference_date=parse_reference_date(*field("peildatum")) if _scalar(values.get("peildatum")) else None,
        plan_id=_parse_plan_id(*field("kenmerk")) if "kenmerk" in values else "",
        offer=_parse_offer(path, values[OFFER_KEY]) if OFFER_KEY in values else OfferTexts(),
        previous_year=_parse_previous_year(*field(PREVIOUS_YEAR_KEY)) if PREVIOUS_YEAR_KEY in values else None,
    )
    return metadata


def _at(path: Path, node: yaml.Node) -> Location:
    return Location(path, line=node.start_mark.line + 1)


def _scalar(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    return ""


def _parse_year(text: str, where: Location) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise PlanError(f"'jaar' moet een jaartal zijn, zoals 2010, niet '{text}'", where)
    return int(text)


def _parse_previous_year(text: str, where: Location) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise PlanError(
            f"'{PREVIOUS_YEAR_KEY}' moet het jaartal zijn van het plan waarvan dit plan is gemaakt, zoals 2010, "
            f"niet '{text}'; weet u het niet, verwijder de regel dan",
            where,
        )
    return int(text)


def imported_rows(path: Path) -> int | None:
    """plan.yaml's ``import_matrixregels``: the matrix rows ``import`` found in the Word file; None if not there.

    Not part of Metadata (it says how the plan began, not what it is): ``check`` alone reads it,
    and ``release`` leaves it out when it writes plan.yaml again.
    """
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # read_metadata says what is wrong with the file
    count = values.get(IMPORT_COUNT_KEY) if isinstance(values, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def is_version(text: str) -> bool:
    """A version number as the plan writes it: 2.2, 2.10, 3.0."""
    return re.fullmatch(r"\d+\.\d+", text) is not None


def _parse_version(text: str, where: Location) -> str:
    if not is_version(text):
        raise PlanError(f"'versie' moet een versienummer zijn, zoals 2.2, niet '{text}'", where)
    return text


def _parse_date(text: str, where: Location) -> datetime.date:
    """Accept ISO dates (2009-11-24) and Dutch ones (24-11-2009)."""
    dutch = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    try:
        if dutch:
            day, month, year = (int(part) for part in dutch.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise PlanError(f"'datum' is geen geldige datum: '{text}' (schrijf bijvoorbeeld 2009-11-24)", where) from None


def parse_reference_date(text: str, where: Location) -> datetime.date:
    """The peildatum of a progress report: JJJJ-MM-DD, as in plan.yaml or ``--peildatum``."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return datetime.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise PlanError(f"'{text}' is geen geldige peildatum; schrijf JJJJ-MM-DD, zoals 2026-06-30", where)


def is_plan_id(text: str) -> bool:
    """A plan's kenmerk as ``new`` writes it ("jaarplan-2011-3fa2c1"): safe as a folder name on every system."""
    return re.fullmatch(r"[a-z0-9][a-z0-9-]{2,62}", text) is not None and not text.startswith("versie-")


def _parse_plan_id(text: str, where: Location) -> str:
    if not is_plan_id(text):
        raise PlanError(
            f"'kenmerk' moet het kenmerk zijn dat 'jaarplan new' schreef (zoals jaarplan-2011-3fa2c1), niet '{text}'; "
            "wijzig het niet: het wijst het archief van dit plan aan",
            where,
        )
    return text


def _parse_status(text: str, where: Location) -> str:
    if text not in STATUSES:
        raise PlanError(f"'status' moet 'concept' of 'definitief' zijn, niet '{text}'", where)
    return text


def _parse_list(path: Path, node: yaml.Node) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise PlanError("'clusters' moet een lijst zijn, elke cluster op een regel met '- '", _at(path, node))
    return [_scalar(item) for item in node.value if _scalar(item)]


def _parse_history(path: Path, node: yaml.Node) -> list[VersionEntry]:
    """The ``versies`` list: one mapping (versie, datum, auteur, omschrijving) per issued version."""
    if not isinstance(node, yaml.SequenceNode):
        raise PlanError("'versies' moet een lijst zijn, elke versie beginnend met '- versie:'", _at(path, node))
    history = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise PlanError("elke versie in 'versies' heeft versie, datum, auteur en omschrijving", _at(path, item))
        fields = {str(key.value): value for key, value in item.value}
        for key in fields:
            if key not in HISTORY_KEYS:
                expected = ", ".join(HISTORY_KEYS)
                raise PlanError(f"onbekende sleutel '{key}' in 'versies'; gebruik {expected}", _at(path, item))
        for key in HISTORY_KEYS[:3]:
            if key not in fields or not _scalar(fields[key]):
                raise PlanError(f"'{key}' ontbreekt bij een versie in 'versies'", _at(path, item))
        history.append(
            VersionEntry(
                version=_parse_version(_scalar(fields["versie"]), _at(path, fields["versie"])),
                date=_parse_date(_scalar(fields["datum"]), _at(path, fields["datum"])),
                author=_scalar(fields["auteur"]),
                description=_scalar(fields["omschrijving"]) if "omschrijving" in fields else "",
                fingerprint=_parse_fingerprint(path, fields["inhoud"]) if "inhoud" in fields else "",
                location=_at(path, fields["versie"]),
            )
        )
    return history


def _parse_statuses(path: Path, node: yaml.Node) -> tuple[StatusKind, ...]:
    """The ``statussen`` list: naam, symbool, kleur, ernst and the yes/no keys afgerond and aandachtspunt."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise PlanError("'statussen' moet een lijst zijn, elke status beginnend met '- naam:'", _at(path, node))
    statuses: list[StatusKind] = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise PlanError("elke status in 'statussen' heeft naam, symbool, kleur en ernst", _at(path, item))
        fields = {str(key.value): value for key, value in item.value}
        for key in fields:
            if key not in STATUS_KEYS:
                hint = difflib.get_close_matches(key, STATUS_KEYS, n=1)
                suggestion = f"; bedoelt u '{hint[0]}'?" if hint else f"; gebruik {', '.join(STATUS_KEYS)}"
                raise PlanError(f"onbekende sleutel '{key}' in 'statussen'{suggestion}", _at(path, fields[key]))
        for key in STATUS_KEYS[:4]:
            if not _scalar(fields.get(key)):
                raise PlanError(f"'{key}' ontbreekt bij een status in 'statussen'", _at(path, item))
        name = " ".join(_scalar(fields["naam"]).split())
        if any(kind.name.casefold() == name.casefold() for kind in statuses):
            raise PlanError(f"status '{name}' staat twee keer in 'statussen'", _at(path, fields["naam"]))
        colour = _scalar(fields["kleur"]).removeprefix("#").upper()
        if not re.fullmatch(r"[0-9A-F]{6}", colour):
            raise PlanError(
                f"'kleur' moet een kleurcode zijn zoals 2E7D32, niet '{_scalar(fields['kleur'])}'",
                _at(path, fields["kleur"]),
            )
        severity = _scalar(fields["ernst"])
        if not severity.isdecimal():  # not isdigit: "²" is a digit that int() refuses
            raise PlanError(
                f"'ernst' moet een geheel getal zijn (0 = goed, hoger = slechter), niet '{severity}'",
                _at(path, fields["ernst"]),
            )
        statuses.append(
            StatusKind(
                name=name,
                symbol=_scalar(fields["symbool"]),
                colour=colour,
                severity=int(severity),
                done=_parse_yes_no(path, fields.get("afgerond"), "afgerond"),
                attention=_parse_yes_no(path, fields.get("aandachtspunt"), "aandachtspunt"),
            )
        )
    return tuple(statuses)


def _parse_offer(path: Path, node: yaml.Node) -> OfferTexts:
    """``aanbieden:``, the raadsinformatiebrief's texts: aan, van, contactpersoon, kenmerk_raad (each optional)."""
    if isinstance(node, yaml.ScalarNode) and _scalar(node) == "":
        return OfferTexts()
    if not isinstance(node, yaml.MappingNode):
        raise PlanError(
            f"'{OFFER_KEY}' moet sleutels hebben ({', '.join(OFFER_KEYS)}), elk op een eigen, ingesprongen regel",
            _at(path, node),
        )
    fields: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in OFFER_KEYS:
            hint = difflib.get_close_matches(key, OFFER_KEYS, n=1)
            suggestion = f"; bedoelt u '{hint[0]}'?" if hint else f"; gebruik {', '.join(OFFER_KEYS)}"
            raise PlanError(f"onbekende sleutel '{key}' onder '{OFFER_KEY}'{suggestion}", _at(path, key_node))
        fields[key] = _scalar(value_node)
    to = fields.get("aan", "").casefold()
    if to and to not in ADDRESSEES:
        raise PlanError(
            f"'{OFFER_KEY}: aan' moet college, raad of beide zijn, niet '{fields['aan']}'",
            _at(path, node),
        )
    return OfferTexts(to, fields.get("van", ""), fields.get("contactpersoon", ""), fields.get("kenmerk_raad", ""))


def _parse_yes_no(path: Path, node: yaml.Node | None, key: str) -> bool:
    text = _scalar(node).lower()
    if text in YES or text in NO:
        return text in YES
    raise PlanError(f"'{key}' moet ja of nee zijn, niet '{text}'", _at(path, node))


def _parse_fingerprint(path: Path, node: yaml.Node) -> str:
    text = _scalar(node)
    if not re.fullmatch(r"sha256:[0-9a-f]{16}", text):
        raise PlanError(
            f"'inhoud' moet het controlegetal zijn dat 'jaarplan release' schreef (zoals sha256:3f2a9c0b1d4e5f60), "
            f"niet '{text}'; wijzig of verwijder het niet",
            _at(path, node),
        )
    return text


def write_metadata(
    metadata: Metadata, path: Path, *, unknown: Collection[str] = (), imported_rows: int | None = None
) -> None:
    """Write ``plan.yaml`` with a comment per key, for the person who edits it next.

    What ``read_metadata`` read, written, reads back equal (tests/test_metadata.py): each
    text value is a double-quoted YAML scalar made by PyYAML's emitter, on one line, with
    escapes for what cannot stand in it as typed ("\\n" for a line break). A value the
    reader refuses (a control character Word cannot hold) is refused here, before anything
    is written: a PlanError. Keys in ``unknown`` ("datum", "jaar": an import did not find
    them) are written empty, so ``check`` says to fill them in rather than a guess passing;
    ``imported_rows`` is the import's count of matrix rows (``imported_rows``).
    """
    missing = "# Niet gevonden in het Word-document: vul dit in."
    lines = [
        "# Documentgegevens van het jaarplan. Pas de waarden aan; laat de sleutels staan.",
        *(
            (
                "# Kenmerk van dit plan: zijn versies staan in output/archief/<kenmerk>. Niet wijzigen.",
                f"kenmerk: {_quoted(metadata.plan_id)}",
            )
            if metadata.plan_id
            else ()
        ),
        *(
            (
                "# Het plan is gemaakt uit het plan van dit jaar: 'jaarplan check' noemt elke cel die dat jaar",
                "# nog noemt, zolang het plan een concept is.",
                f"{PREVIOUS_YEAR_KEY}: {metadata.previous_year:04d}",
            )
            if metadata.previous_year
            else ()
        ),
        f"titel: {_quoted(metadata.title)}",
        *((missing, 'jaar: ""') if "jaar" in unknown else (f"jaar: {metadata.year:04d}",)),  # "jaar: 0999" is 999
        f"partners: {_quoted(metadata.partners)}",
        "# Versienummer tussen aanhalingstekens, zodat 2.10 niet 2.1 wordt.",
        f"versie: {_quoted(metadata.version)}",
        "# Datum van deze versie: jjjj-mm-dd of dd-mm-jjjj.",
        *((missing, 'datum: ""') if "datum" in unknown else (f"datum: {metadata.date.isoformat()}",)),
        "# Initialen van de auteur van deze versie.",
        f"auteur: {_quoted(metadata.author)}",
        "# concept of definitief",
        f"status: {metadata.status if metadata.status in STATUSES else _quoted(metadata.status)}",
        "# Verzendregel op de titelpagina (mag leeg blijven).",
        f"verzending: {_quoted(metadata.distribution)}",
        "# De clusters waarin de thema's vallen (kolom Cluster op het blad Thema's).",
        "clusters:" if metadata.clusters else "clusters: []",
        *(f"  - {_quoted(cluster)}" for cluster in metadata.clusters),
        "# Versiebeheer: de uitgegeven versies, oudste eerst ('jaarplan release' voegt er een toe).",
        "# 'inhoud' is het controlegetal van de inhoud zoals die is uitgegeven: niet wijzigen.",
        "versies:" if metadata.history else "versies: []",
        *(
            line
            for entry in metadata.history
            for line in (
                f"  - versie: {_quoted(entry.version)}",
                f"    datum: {entry.date.isoformat()}",
                f"    auteur: {_quoted(entry.author)}",
                f"    omschrijving: {_quoted(entry.description)}",
                *([f"    inhoud: {_quoted(entry.fingerprint)}"] if entry.fingerprint else []),
            )
        ),
        "# Statussen voor de kolom Status en de voortgangsrapportage ('jaarplan voortgang'): symbool,",
        "# kleur (RGB), ernst (0 = goed, hoger = slechter; een doel krijgt de status van zijn slechtste regel),",
        "# afgerond (nooit verlopen) en aandachtspunt (komt op de pagina Aandachtspunten).",
        "statussen:",
        *(
            line
            for kind in metadata.statuses
            for line in (
                f"  - naam: {_quoted(kind.name)}",
                f"    symbool: {_quoted(kind.symbol)}",
                f"    kleur: {_quoted(kind.colour)}",
                f"    ernst: {kind.severity}",
                f"    afgerond: {'ja' if kind.done else 'nee'}",
                f"    aandachtspunt: {'ja' if kind.attention else 'nee'}",
            )
        ),
        *(
            ("# De datum die de voortgangsrapportage beschrijft (jjjj-mm-dd).", f"peildatum: {metadata.reference_date}")
            if metadata.reference_date
            else ()
        ),
        *_offer_lines(metadata.offer),
        *(
            (
                "# Matrixregels die 'jaarplan import' in het Word-document vond; check waarschuwt als de werkmap",
                "# er minder heeft (zie importverslag.docx). Verwijder de regel als dat zo hoort.",
                f"{IMPORT_COUNT_KEY}: {imported_rows}",
            )
            if imported_rows is not None
            else ()
        ),
    ]
    text = "\n".join(lines) + "\n"
    problems = Problems()
    _unwritable_values(path, yaml.compose(text, Loader=yaml.SafeLoader), problems)  # the reader's own rule
    problems.raise_if_errors()
    path.write_text(text, encoding="utf-8")


def _offer_lines(offer: OfferTexts) -> list[str]:
    """``aanbieden:`` as written back (only when something is filled in: a new plan.yaml stays as it was)."""
    if offer == OfferTexts():
        return []
    values = (offer.to, offer.sender, offer.contact, offer.council_reference)
    return [
        "# Voor de raadsinformatiebrief van 'jaarplan aanbieden': aan (college, raad of beide), van,",
        "# contactpersoon en kenmerk_raad (mag leeg). Elk kan ook als optie van 'jaarplan aanbieden'.",
        f"{OFFER_KEY}:",
        *(f"  {key}: {_quoted(value)}" for key, value in zip(OFFER_KEYS, values, strict=True) if value),
    ]


def _quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar on one line: "Politie, OM en gemeente", "a\\nb"."""
    return yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=math.inf).rstrip("\n")
