"""``cijfers.yaml`` beside ``plan.yaml``: how a CSV file of figures maps onto the plan, kept for next year.

The mapping is given once (command options or questions in the terminal)
and then kept with the plan, so next year's export of the same site imports
without questions. It lives in a file of its own, not in ``plan.yaml``:
changing how figures are read is no change of the plan's content and must not
make a new concept version. A user may edit it; every mistake in it is a
Dutch message with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from jaarplan.errors import Location, PlanError
from jaarplan.source.figures import FigureMapping, FigureTable

MAPPING_FILE = "cijfers.yaml"
HEADER = """\
# Hoe 'jaarplan import-figures' een CSV-bestand met cijfers leest: welke kolom wat is.
# Gemaakt bij de eerste import; volgend jaar leest hetzelfde soort bestand zonder vragen.
# Per soort bestand (StatLine, waarstaatjegemeente.nl) een koppeling: die met de kolommen van het bestand geldt.
# gebied, jaar: de kolommen met het gebied en de periode; eigen_gemeente: het gebied dat het plan zelf is.
# Lang bestand: indicator en waarde (een kolom met de naam, een met het getal).
# Breed bestand: geen indicator/waarde; elke kolom is een indicator.
# indicatoren: naam in het bestand -> naam van de indicator in het plan (leeg: overslaan).
# gebieden (als het bestand codes geeft): code of naam in het bestand -> naam in het plan, zoals NL01: Nederland.
"""
KEYS = {
    "gebied": "area",
    "jaar": "year",
    "eigen_gemeente": "own_area",
    "indicator": "indicator",
    "waarde": "value",
}


def read_mappings(source: Path) -> list[FigureMapping]:
    """The mappings kept in ``source`` (one per kind of file: a site's export), none when there is no file yet."""
    path = source / MAPPING_FILE
    if not path.is_file():
        return []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError):
        raise PlanError("dit bestand kan niet worden gelezen als UTF-8-tekst", Location(path)) from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise PlanError(f"geen geldige YAML ({error.problem})", Location(path, line=line)) from None
    if root is None:
        return []
    entries = _entries(path, root)
    return [_mapping(path, entry) for entry in entries]


def _entries(path: Path, root: yaml.Node) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == "bestanden" and isinstance(value_node, yaml.SequenceNode):
                return list(value_node.value)
    raise PlanError("verwacht 'bestanden:' met daaronder per soort bestand een koppeling", Location(path, line=1))


def _mapping(path: Path, node: yaml.Node) -> FigureMapping:
    if not isinstance(node, yaml.MappingNode):
        raise PlanError("verwacht regels 'sleutel: waarde'", Location(path, line=node.start_mark.line + 1))
    values: dict[str, object] = {}
    for key_node, value_node in node.value:
        key, where = key_node.value, Location(path, line=key_node.start_mark.line + 1)
        if key == "indicatoren":
            values["indicators"] = _names(path, value_node)
        elif key == "gebieden":
            values["areas"] = {name: target or name for name, target in _names(path, value_node).items()}
        elif key in KEYS and isinstance(value_node, yaml.ScalarNode):
            values[KEYS[key]] = str(value_node.value)
        else:
            known = ", ".join([*KEYS, "indicatoren", "gebieden"])
            raise PlanError(f"onbekende sleutel '{key}'; de sleutels zijn: {known}", where)
    return FigureMapping(**values)  # type: ignore[arg-type]


def _names(path: Path, node: yaml.Node) -> dict[str, str | None]:
    if not isinstance(node, yaml.MappingNode):
        where = Location(path, line=node.start_mark.line + 1)
        raise PlanError("onder 'indicatoren' hoort per regel 'naam in het bestand: naam in het plan'", where)
    names: dict[str, str | None] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not isinstance(value_node, yaml.ScalarNode):
            where = Location(path, line=key_node.start_mark.line + 1)
            raise PlanError("verwacht 'naam in het bestand: naam in het plan'", where)
        target = str(value_node.value).strip()
        names[str(key_node.value)] = target if target and value_node.tag != "tag:yaml.org,2002:null" else None
    return names


def mappings_text(mappings: list[FigureMapping]) -> str:
    """The text of ``cijfers.yaml``: the comment, then per mapping only the keys that are set."""
    entries = []
    for mapping in mappings:
        data: dict[str, object] = {
            dutch: getattr(mapping, attribute) for dutch, attribute in KEYS.items() if getattr(mapping, attribute)
        }
        if mapping.indicators:
            data["indicatoren"] = dict(mapping.indicators)
        if mapping.areas:
            data["gebieden"] = dict(mapping.areas)
        entries.append(data)
    text = yaml.safe_dump({"bestanden": entries}, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + re.sub(r": null$", ":", text, flags=re.MULTILINE)  # "overslaan" reads as an empty value


def matching(mappings: list[FigureMapping], table: FigureTable) -> FigureMapping:
    """The kept mapping whose columns the file has, the one naming most columns; an empty one when none fits."""
    fitting = [(sum(map(bool, _columns(m))), m) for m in mappings if all(table.column(h) for h in _columns(m) if h)]
    return max(fitting, key=lambda pair: pair[0])[1] if fitting else FigureMapping()


def _columns(mapping: FigureMapping) -> tuple[str, str, str, str]:
    return (mapping.area, mapping.year, mapping.indicator, mapping.value)


def kept(mappings: list[FigureMapping], mapping: FigureMapping) -> list[FigureMapping]:
    """``mappings`` with ``mapping`` in place of any for the same columns (the same kind of file), last."""
    return [other for other in mappings if _columns(other) != _columns(mapping)] + [mapping]
