"""Make ``source/`` (workbook and plan.yaml) from the seed text of the 2010 plan, versie 2.2.

The seed is a plain rendering of the Word original: one paragraph a line,
table rows as tab-separated cells, ``*x*`` italic, `` ^e `` superscript and
`` ¹ `` a footnote reference; the footnote's own text follows the table it
belongs to, starting with ``¹``. This script is how the repo's default source
was made; run it again only to start over from the seed:

    python tools/seed_to_source.py tools/gezamenlijk-jaarplan-2010-v2.2.txt source
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jaarplan.model import (
    ROW_FIELDS,
    Chapter,
    Footnote,
    FootnoteRef,
    Goal,
    Inline,
    MatrixRow,
    Metadata,
    PlanTexts,
    RichText,
    Span,
    Theme,
    VersionEntry,
)
from jaarplan.source.check import load_plan
from jaarplan.source.fingerprint import fingerprint
from jaarplan.source.metadata import METADATA_FILE, write_metadata
from jaarplan.source.workbook import WORKBOOK_FILE
from jaarplan.source.xlsx.writer import write_workbook
from jaarplan.text import parse_dutch_date

CHAPTERS = ("Aanleiding", "Afstemming", "Proces")
FOOTNOTE_MARKS = {"¹": "1", "²": "2", "³": "3"}
CLUSTER_PREFIX = "Cluster: "
# What the seed does not say, taken from its own text: the Proces chapter sends it t.k.n.
DISTRIBUTION = "Ter kennisname aan het college van B&W en de gemeenteraad"

INLINE = re.compile(r"\*(?P<italic>[^*]+)\*| \^(?P<sup>\w+)| ?(?P<note>[¹²³]) ?")


def parse_inline(text: str) -> RichText:
    """Seed markup to RichText: the spaces around ``^e`` and ``¹`` are the rendering's, not the text's."""
    parts: list[Inline] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            parts.append(Span(text[position : match.start()]))
        if match.group("italic"):
            parts.append(Span(match.group("italic"), italic=True))
        elif match.group("sup"):
            parts.append(Span(match.group("sup"), superscript=True))
        else:
            parts.append(FootnoteRef(FOOTNOTE_MARKS[match.group("note")]))
        position = match.end()
    if position < len(text):
        parts.append(Span(text[position:]))
    return RichText(tuple(parts))


def blocks(lines: list[str]) -> list[str | list[list[str]]]:
    """Paragraph lines as strings; runs of tab-separated lines as tables (lists of rows)."""
    result: list[str | list[list[str]]] = []
    for line in lines:
        if "\t" in line:
            if not result or not isinstance(result[-1], list):
                result.append([])
            result[-1].append(line.split("\t"))
        elif line.strip():
            result.append(line.strip())
    return result


def read_seed(path: Path) -> tuple[Metadata, PlanTexts]:
    items = blocks(path.read_text(encoding="utf-8").splitlines())
    title, partners, version_line = items[:3]
    metadata = _metadata(title, partners, version_line)
    chapters: list[Chapter] = []
    themes: list[Theme] = []
    footnotes: dict[str, Footnote] = {}
    in_footnote: Footnote | None = None
    index = 3
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(item, list):
            themes[-1].goals = _goals(item[1:])
        elif isinstance(following, str) and following.startswith(CLUSTER_PREFIX):
            in_footnote = None
            themes.append(Theme(item, following.removeprefix(CLUSTER_PREFIX)))
            if themes[-1].cluster not in metadata.clusters:
                metadata.clusters.append(themes[-1].cluster)
            index += 1
        elif item in CHAPTERS:
            chapters.append(Chapter(item))
        elif item[0] in FOOTNOTE_MARKS:
            key = FOOTNOTE_MARKS[item[0]]
            in_footnote = footnotes[key] = Footnote(key, [parse_inline(item[1:].strip())])
        elif in_footnote is not None:
            in_footnote.paragraphs.append(parse_inline(item))
        elif themes:
            (themes[-1].see_also if item.startswith("Zie ") else themes[-1].paragraphs).append(parse_inline(item))
        else:
            chapters[-1].paragraphs.append(parse_inline(item))
        index += 1
    return metadata, PlanTexts(chapters, themes, footnotes)


def _metadata(title: str, partners: str, version_line: str) -> Metadata:
    match = re.fullmatch(r"Versie (\d+\.\d+), (\d+) (\w+) (\d{4}), (\w+)", version_line)
    if not match or not re.fullmatch(r".* \d{4}", title):
        raise SystemExit(f"unexpected title block: {title!r} / {version_line!r}")
    version, day, month, year, author = match.groups()
    date = parse_dutch_date(f"{day} {month} {year}")
    return Metadata(
        title=title.rsplit(" ", 1)[0],
        year=int(title.rsplit(" ", 1)[1]),
        partners=partners,
        version=version,
        date=date,
        author=author,
        status="definitief",
        distribution=DISTRIBUTION,
        history=[VersionEntry(version, date, author)],  # the seed names no earlier versions: invent none
    )


def _goals(rows: list[list[str]]) -> list[Goal]:
    """Matrix rows below the header; a blank Doel continues the goal above.

    Rows beyond the eight matrix columns are dropped: the Prostitutie table of
    the original has a ninth column that is empty on every row.
    """
    goals: list[Goal] = []
    for cells in rows:
        if extra := [cell for cell in cells[8:] if cell.strip()]:
            raise SystemExit(f"text beyond the matrix columns: {extra}")
        cells = (cells + [""] * 8)[:8]
        if cells[0].strip():
            goals.append(Goal(parse_inline(cells[0].strip())))
        values = {field: parse_inline(cell.strip()) for field, cell in zip(ROW_FIELDS, cells[1:], strict=True)}
        goals[-1].rows.append(MatrixRow(**values))
    return goals


def main(seed: Path, source: Path) -> None:
    metadata, texts = read_seed(seed)
    source.mkdir(parents=True, exist_ok=True)
    write_metadata(metadata, source / METADATA_FILE)
    write_workbook(texts, source / WORKBOOK_FILE, metadata.clusters)
    # Versie 2.2 is issued: record the fingerprint of its content, as 'jaarplan release' does.
    plan = load_plan(source, allow_changed_issue=True).plan
    issued = [
        replace(entry, fingerprint=fingerprint(plan)) if entry.version == metadata.version else entry
        for entry in metadata.history
    ]
    write_metadata(replace(metadata, history=issued), source / METADATA_FILE)
    rows = sum(len(goal.rows) for theme in texts.themes for goal in theme.goals)
    print(f"wrote {source}: {len(texts.themes)} themes, {rows} matrix rows, {len(texts.footnotes)} footnote(s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
