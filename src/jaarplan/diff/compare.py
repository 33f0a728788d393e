"""What changed between two plans: compared as data (themes, goals, rows, texts), not as Word files.

Rows are matched on their content, not their position: across the whole
theme, the most similar pairs are taken first, so a reordered row is
"verplaatst" and a row whose Specifiek was edited is "gewijzigd", not
removed and added. Changed text is marked per word; words whose italic,
bold or superscript changed are "opmaak gewijzigd". Indicators are matched by
name (unique in a plan): added, removed, or changed in a field, the nulmeting,
the streefwaarde or a measurement (by year and area), each said in Dutch
numbers (``IndicatorChange``).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from jaarplan.model import (
    ROW_HEADERS,
    STATUS_COLUMN,
    Chapter,
    Goal,
    Indicator,
    MatrixRow,
    Plan,
    RichText,
    Span,
    Theme,
)
from jaarplan.text import cut_after_word, cut_before_word, dutch_number, shorten, with_year

T = TypeVar("T")
SAME_THING = 0.5  # similarity from which two rows, goals or paragraphs count as one thing, edited
REWRITTEN = 0.3  # below this, a changed text reads better as old text out, new text in, than word by word


@dataclass(frozen=True)
class Piece:
    """A run of words in a word diff: kept ("="), inserted ("+") or deleted ("-")."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The words of ``new`` against ``old``, with what was inserted and deleted."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        return [piece for piece in (Piece("-", old), Piece("+", new)) if piece.text]
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(pieces, "=", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(pieces, "-", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(pieces, "+", "".join(b[j1:j2]))
    return pieces


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|\w+|[^\w\s]", text)


def _append(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def similarity(old: str, new: str) -> float:
    if old == new:
        return 1.0
    return difflib.SequenceMatcher(None, _tokens(old), _tokens(new), autojunk=False).ratio()


@functools.lru_cache(maxsize=2**14)
def _similarity_from_same_thing(old: str, new: str) -> float:
    """``similarity`` where it is at least SAME_THING, else 0: what ``pair_up`` needs, sooner.

    difflib's cheap upper bounds rule out most pairs of unrelated texts before
    the full match (``ratio``), which is what made pairing many edited rows
    slow. Kept for the next ask: ``diff`` pairs the same rows up to three
    times (whether the sides differ, the comparison, the redline's merge).
    """
    if old == new:
        return 1.0
    matcher = difflib.SequenceMatcher(None, _tokens(old), _tokens(new), autojunk=False)
    if matcher.real_quick_ratio() < SAME_THING or matcher.quick_ratio() < SAME_THING:
        return 0.0
    return matcher.ratio()


FORMAT_NAMES = ("cursief", "vet", "superscript")  # in the order of Span.format


def format_changes(old: RichText, new: RichText) -> list[str]:
    """The words whose italic, bold or superscript changed, in Dutch: "'woonomgeving' cursief".

    Only words that are in both texts count: a word typed anew is a text change.
    """
    a, b = _formatted_tokens(old), _formatted_tokens(new)
    matcher = difflib.SequenceMatcher(None, [word for word, _ in a], [word for word, _ in b], autojunk=False)
    groups: list[tuple[str, str]] = []  # (change, words); an empty change separates groups
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            groups.append(("", ""))
            continue
        for (word, before), (_, after) in zip(a[i1:i2], b[j1:j2], strict=True):
            change = _format_change(before, after)
            if groups and groups[-1][0] and (word.isspace() or change == groups[-1][0]):
                groups[-1] = (groups[-1][0], groups[-1][1] + word)
            elif not word.isspace():
                groups.append((change, word))
    return [f"'{words.strip()}' {change}" for change, words in groups if change]


def formatting_line(changes: list[str]) -> str:
    """Words whose formatting changed as the CLI and the werkomgeving both say them: "'a' vet, 'b' cursief"."""
    return ", ".join(changes)


def _formatted_tokens(text: RichText) -> list[tuple[str, tuple[bool, bool, bool]]]:
    return [(word, part.format) for part in text.parts if isinstance(part, Span) for word in _tokens(part.text)]


def _format_change(before: tuple[bool, ...], after: tuple[bool, ...]) -> str:
    """E.g. "cursief", "niet meer vet", or "" when nothing changed."""
    changes = [
        name if now else f"niet meer {name}"
        for name, was, now in zip(FORMAT_NAMES, before, after, strict=True)
        if was != now
    ]
    return ", ".join(changes)


@dataclass
class TextChange:
    """A paragraph (or Doel) added, removed or edited: ``where`` says which, in Dutch."""

    where: str
    kind: str  # "toegevoegd", "verwijderd", "gewijzigd", "opmaak gewijzigd" (same words, other formatting)
    old: RichText | None
    new: RichText | None

    @property
    def pieces(self) -> list[Piece]:
        return word_diff(self.old.text if self.old else "", self.new.text if self.new else "")

    @property
    def formatting(self) -> str:
        """The words whose formatting changed, as one line (``formatting_line``); "" when none did."""
        return formatting_line(format_changes(self.old, self.new)) if self.old and self.new else ""


@dataclass
class RowChange:
    kind: str  # "toegevoegd", "verwijderd", "gewijzigd", "verplaatst"
    old: MatrixRow | None
    new: MatrixRow | None
    old_goal: str = ""
    new_goal: str = ""
    moved: bool = False
    position: tuple[int, int] = (1, 1)  # (n, of): the row's place among its goal's rows (the old goal's if removed)

    @property
    def where(self) -> str:
        """E.g. "Regel gewijzigd bij doel “Minder inbraken” (regel 2 van 3)": which row, when a goal has several."""
        goal = self.new_goal or self.old_goal
        where = f"Regel {self.kind}" + (f" bij doel “{goal}”" if goal else "")
        number, of = self.position
        return where + (f" (regel {number} van {of})" if of > 1 else "")

    def changed_cells(self) -> list[tuple[str, list[Piece]]]:
        """The matrix columns whose text differs (Status included), each with its word diff."""
        changed = [
            (header, word_diff(old.text, new.text)) for header, old, new in self._cells() if old.text != new.text
        ]
        if self.status_change:
            changed.append((STATUS_COLUMN, word_diff(*self.status_change)))
        return changed

    @property
    def status_change(self) -> tuple[str, str] | None:
        """(old, new) Status of a row that is in both plans and whose Status changed; "" is geen status."""
        if self.old is None or self.new is None or self.old.status == self.new.status:
            return None
        return self.old.status, self.new.status

    def reformatted_cells(self) -> list[tuple[str, str]]:
        """The matrix columns with words whose formatting changed, each with those words as one line."""
        changes = [(header, formatting_line(format_changes(old, new))) for header, old, new in self._cells()]
        return [(header, line) for header, line in changes if line]

    def _cells(self) -> list[tuple[str, RichText, RichText]]:
        old_cells = self.old.cells() if self.old else (RichText(),) * len(ROW_HEADERS)
        new_cells = self.new.cells() if self.new else (RichText(),) * len(ROW_HEADERS)
        return list(zip(ROW_HEADERS, old_cells, new_cells, strict=True))


@dataclass
class PartDiff:
    """The changes in one chapter or theme."""

    kind: str  # "hoofdstuk", "thema" or "voetnoot"
    title: str
    status: str  # "toegevoegd", "verwijderd", "gewijzigd"
    old_title: str = ""
    texts: list[TextChange] = field(default_factory=list)
    goals: list[TextChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    cluster: tuple[str, str] | None = None

    @property
    def has_changes(self) -> bool:
        renamed = bool(self.old_title) and self.old_title != self.title
        return self.status != "gewijzigd" or bool(self.texts or self.goals or self.rows or self.cluster or renamed)


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator "toegevoegd", "verwijderd" or "gewijzigd"; what changed as Dutch lines ("streefwaarde: …").

    ``measurements`` keeps each changed measurement's kind beside its line, so a
    reader outside the team can be told "2 nieuwe metingen" instead of every figure.
    """

    name: str
    kind: str
    fields: tuple[tuple[str, str, str], ...] = ()  # (label, was, now) of its own fields, "" when empty
    measurements: tuple[tuple[str, str, str], ...] = ()  # (toegevoegd / gewijzigd / verwijderd, area, Dutch line)

    @property
    def lines(self) -> tuple[str, ...]:
        """Every change as a Dutch line: the fields ("streefwaarde: 2,5 (2026) → 2 (2026)"), then the measurements."""
        fields = tuple(
            f"{label}: {shorten(was) or '(leeg)'} → {shorten(now) or '(leeg)'}" for label, was, now in self.fields
        )
        return fields + tuple(line for _, _, line in self.measurements)


@dataclass
class PlanDiff:
    old_label: str
    new_label: str
    parts: list[PartDiff]
    metadata: list[TextChange] = field(default_factory=list)  # title, partners, distribution, clusters
    indicators: list[IndicatorChange] = field(default_factory=list)

    @property
    def changed_parts(self) -> list[PartDiff]:
        return [part for part in self.parts if part.has_changes]

    @property
    def has_changes(self) -> bool:
        """Anything of the plan's content changed (what the fingerprint covers, apart from the version's own)."""
        return bool(self.changed_parts or self.metadata or self.indicators)


def compare(old: Plan, new: Plan, old_label: str, new_label: str) -> PlanDiff:
    """Every chapter, theme and footnote of both plans, in the new plan's order, with what changed.

    Version, date, author and status are left out: they change with every version by design.
    """
    parts = [
        *_compare_parts(old.chapters, new.chapters, "hoofdstuk", _compare_chapter),
        *_compare_parts(old.themes, new.themes, "thema", _compare_theme),
        *_compare_footnotes(old, new),
    ]
    indicators = list(_compare_indicators(old.indicators, new.indicators))
    return PlanDiff(old_label, new_label, parts, list(_compare_metadata(old, new)), indicators)


INDICATOR_FIELDS = {
    "thema": lambda i: i.theme,
    "doel": lambda i: i.goal,
    "eenheid": lambda i: i.unit,
    "bron": lambda i: i.source,
    "definitie": lambda i: i.definition,
    "beter is": lambda i: "hoger" if i.higher_is_better else "lager",
    "nulmeting": lambda i: with_year(i.baseline, i.baseline_year) if i.baseline is not None else "",
    "streefwaarde": lambda i: with_year(i.target, i.target_year) if i.target is not None else "",
}


def _compare_indicators(old: list[Indicator], new: list[Indicator]) -> Iterator[IndicatorChange]:
    """By name, in the new plan's order, then the removed ones."""
    before = {indicator.name: indicator for indicator in old}
    after = {indicator.name: indicator for indicator in new}
    for name, indicator in after.items():
        if name not in before:
            yield IndicatorChange(name, "toegevoegd")
        elif (change := _changed_indicator(before[name], indicator)).lines:
            yield change
    yield from (IndicatorChange(name, "verwijderd") for name in before if name not in after)


def _changed_indicator(old: Indicator, new: Indicator) -> IndicatorChange:
    fields = tuple(
        (label, value(old), value(new))
        for label, value in INDICATOR_FIELDS.items()
        if value(old) != value(new) or (label in ("nulmeting", "streefwaarde") and _figures(old, new, label))
    )
    values = [{(m.year, m.area): m.value for m in indicator.measurements} for indicator in (old, new)]
    measurements = []
    for key in sorted(values[0].keys() | values[1].keys()):
        was, now = (found.get(key) for found in values)
        where = f"meting {key[0]} ({key[1]})"
        if was is None:
            measurements.append(("toegevoegd", key[1], f"{where} toegevoegd: {dutch_number(now)}"))
        elif now is None:
            measurements.append(("verwijderd", key[1], f"{where} verwijderd: {dutch_number(was)}"))
        elif was != now:
            measurements.append(("gewijzigd", key[1], f"{where}: {dutch_number(was)} → {dutch_number(now)}"))
    return IndicatorChange(new.name, "gewijzigd", fields, tuple(measurements))


def _figures(old: Indicator, new: Indicator, label: str) -> bool:
    """A nulmeting or streefwaarde changed below the printed precision (2,125 → 2,13) still changed."""
    name = "baseline" if label == "nulmeting" else "target"
    return getattr(old, name) != getattr(new, name) or getattr(old, f"{name}_year") != getattr(new, f"{name}_year")


def _compare_metadata(old: Plan, new: Plan) -> Iterator[TextChange]:
    fields = {
        "titel": lambda plan: plan.metadata.full_title,
        "partners": lambda plan: plan.metadata.partners,
        "verzending": lambda plan: plan.metadata.distribution,
        "clusters": lambda plan: ", ".join(plan.metadata.clusters),
    }
    for name, value in fields.items():
        if value(old) != value(new):
            yield TextChange(name, "gewijzigd", RichText.plain(value(old)), RichText.plain(value(new)))


def _compare_footnotes(old: Plan, new: Plan) -> Iterator[PartDiff]:
    for key in dict.fromkeys([*new.footnotes, *old.footnotes]):
        before, after = old.footnotes.get(key), new.footnotes.get(key)
        if before is None or after is None:
            yield PartDiff("voetnoot", key, "toegevoegd" if before is None else "verwijderd")
            continue
        part = PartDiff("voetnoot", key, "gewijzigd")
        part.texts = list(_compare_paragraphs(before.paragraphs, after.paragraphs, "alinea"))
        yield part


def _compare_parts(
    old: Sequence[Chapter | Theme],
    new: Sequence[Chapter | Theme],
    kind: str,
    compare_one: Callable,
) -> Iterator[PartDiff]:
    pairs = pair_up(old, new, lambda part: part.title)
    partner_of_new = {id(b): a for a, b in pairs}
    paired_old = {id(a) for a, _ in pairs}
    for part in new:
        if id(part) in partner_of_new:
            yield compare_one(partner_of_new[id(part)], part)
        else:
            yield PartDiff(kind, part.title, "toegevoegd")
    for part in old:
        if id(part) not in paired_old:
            yield PartDiff(kind, part.title, "verwijderd")


def pair_up(old: Sequence[T], new: Sequence[T], text: Callable[[T], str]) -> list[tuple[T, T]]:
    """Pairs of (old, new) that are the same thing: equal text first, then the most similar, greedily."""
    pairs: list[tuple[T, T]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for index, item in enumerate(old):
        by_text.setdefault(text(item), []).append(index)
    for j, item in enumerate(new):
        candidates = [i for i in by_text.get(text(item), []) if i not in used_old]
        if candidates:
            used_old.add(candidates[0])
            used_new.add(j)
            pairs.append((old[candidates[0]], item))
    scored = sorted(
        (
            (_similarity_from_same_thing(text(a), text(b)), i, j)
            for i, a in enumerate(old)
            if i not in used_old
            for j, b in enumerate(new)
            if j not in used_new
        ),
        key=lambda score: (-score[0], score[1], score[2]),
    )
    for score, i, j in scored:
        if score < SAME_THING:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j]))
    return pairs


def _compare_chapter(old: Chapter, new: Chapter) -> PartDiff:
    part = PartDiff("hoofdstuk", new.title, "gewijzigd", old_title=old.title)
    part.texts = list(_compare_paragraphs(old.paragraphs, new.paragraphs, "alinea"))
    return part


def _compare_theme(old: Theme, new: Theme) -> PartDiff:
    part = PartDiff("thema", new.title, "gewijzigd", old_title=old.title)
    if old.cluster != new.cluster:
        part.cluster = (old.cluster, new.cluster)
    part.texts = [
        *_compare_paragraphs(old.paragraphs, new.paragraphs, "alinea"),
        *_compare_paragraphs(old.see_also, new.see_also, "zie ook"),
    ]
    goal_pairs = pair_up(old.goals, new.goals, lambda goal: goal.title.text)
    for old_goal, new_goal in goal_pairs:
        kind = _text_change_kind(old_goal.title, new_goal.title)
        if kind:
            part.goals.append(TextChange("doel", kind, old_goal.title, new_goal.title))
    paired_old = {id(a) for a, _ in goal_pairs}
    paired_new = {id(b) for _, b in goal_pairs}
    part.goals += [TextChange("doel", "toegevoegd", None, g.title) for g in new.goals if id(g) not in paired_new]
    part.goals += [TextChange("doel", "verwijderd", g.title, None) for g in old.goals if id(g) not in paired_old]
    part.rows = _compare_rows(old.goals, new.goals, goal_pairs)
    return part


def _compare_paragraphs(old: list[RichText], new: list[RichText], label: str) -> Iterator[TextChange]:
    pairs = pair_up(old, new, lambda paragraph: paragraph.text)
    partner_of_new = {id(b): a for a, b in pairs}
    paired_old = {id(a) for a, _ in pairs}
    for number, paragraph in enumerate(new, 1):
        partner = partner_of_new.get(id(paragraph))
        if partner is None:
            yield TextChange(f"{label} {number}", "toegevoegd", None, paragraph)
        elif kind := _text_change_kind(partner, paragraph):
            yield TextChange(f"{label} {number}", kind, partner, paragraph)
    for number, paragraph in enumerate(old, 1):
        if id(paragraph) not in paired_old:
            yield TextChange(f"{label} {number} (oud)", "verwijderd", paragraph, None)


def _text_change_kind(old: RichText, new: RichText) -> str:
    """ "gewijzigd" (other words), "opmaak gewijzigd" (same words, other formatting) or "" (the same).

    Equal parts are the same at once: comparing the formatting word by word
    (``format_changes``) for every unchanged cell took 60 s of two plans of 20,000 rows.
    """
    if old.parts == new.parts:
        return ""
    if old.text != new.text:
        return "gewijzigd"
    return "opmaak gewijzigd" if format_changes(old, new) else ""


def row_text(row: MatrixRow) -> str:
    return " | ".join(cell.text for cell in row.cells())


def _compare_rows(old_goals: list[Goal], new_goals: list[Goal], goal_pairs: list[tuple[Goal, Goal]]) -> list[RowChange]:
    """Rows matched across the whole theme; moved when their goal or their order among the others changed."""
    old_rows = [(goal, row) for goal in old_goals for row in goal.rows]
    new_rows = [(goal, row) for goal in new_goals for row in goal.rows]
    pairs = pair_up(old_rows, new_rows, lambda goal_row: row_text(goal_row[1]))
    goal_partner = {id(b): a for a, b in goal_pairs}
    old_index = {id(row): index for index, (_, row) in enumerate(old_rows)}
    partner_of_new = {id(b[1]): a for a, b in pairs}
    in_new_order = [(partner_of_new[id(row)], (goal, row)) for goal, row in new_rows if id(row) in partner_of_new]
    in_order = _longest_increasing([old_index[id(a[1])] for a, _ in in_new_order])
    place = {
        id(row): (number, len(goal.rows))
        for goal in (*old_goals, *new_goals)
        for number, row in enumerate(goal.rows, 1)
    }
    changes = []
    for goal, row in new_rows:
        partner = partner_of_new.get(id(row))
        if partner is None:
            changes.append(RowChange("toegevoegd", None, row, new_goal=goal.title.text, position=place[id(row)]))
            continue
        old_goal, old_row = partner
        moved = goal_partner.get(id(goal)) is not old_goal or old_index[id(old_row)] not in in_order
        edited = any(_text_change_kind(a, b) for a, b in zip(old_row.cells(), row.cells(), strict=True))
        edited = edited or old_row.status != row.status
        if edited or moved:
            kind = "gewijzigd" if edited else "verplaatst"
            changes.append(RowChange(kind, old_row, row, old_goal.title.text, goal.title.text, moved, place[id(row)]))
    paired_old = {id(a[1]) for a, _ in pairs}
    for goal, row in old_rows:
        if id(row) not in paired_old:
            changes.append(RowChange("verwijderd", row, None, old_goal=goal.title.text, position=place[id(row)]))
    return changes


def _longest_increasing(sequence: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the rows that kept their order."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        previous[index] = tail_at[low - 1] if low else -1
        if low == len(tails):
            tails.append(value)
            tail_at.append(index)
        else:
            tails[low] = value
            tail_at[low] = index
    kept = set()
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        kept.add(sequence[index])
        index = previous[index]
    return kept


# --- the report in the terminal ---------------------------------------------------------------


CONTEXT = 40  # characters of unchanged text kept on each side of a change in the terminal


def marked(pieces: list[Piece]) -> str:
    """A word diff as text: [-deleted-] and {+inserted+}, as git's word diff writes it.

    Long unchanged stretches are cut to some words around the changes, so a
    one-word edit in a long paragraph fits on a line or two.
    """
    out = []
    for index, piece in enumerate(pieces):
        if piece.kind == "-":
            out.append(f"[-{piece.text}-]")
        elif piece.kind == "+":
            out.append(f"{{+{piece.text}+}}")
        else:
            out.append(_context(piece.text, first=index == 0, last=index == len(pieces) - 1))
    return "".join(out)


def _context(text: str, *, first: bool, last: bool) -> str:
    """Unchanged text between changes, its middle left out at word boundaries (never "…sduur in de")."""
    keep_start = 0 if first else CONTEXT
    keep_end = 0 if last else CONTEXT
    if len(text) <= keep_start + keep_end + 5:
        return text
    start = cut_after_word(text, keep_start) if keep_start else ""
    end = cut_before_word(text, keep_end) if keep_end else ""
    # The space that parted a kept word from the left-out middle stays, so the words do not run together.
    before = " " if start and text[len(start)].isspace() else ""
    after = " " if end and text[len(text) - len(end) - 1].isspace() else ""
    return f"{start}{before}…{after}{end}"


def report_lines(diff: PlanDiff) -> list[str]:
    """The whole comparison in Dutch, a line per change, grouped by chapter and theme."""
    lines = [f"Wijzigingen van {diff.old_label} naar {diff.new_label}"]
    changed = diff.changed_parts
    if diff.metadata:
        lines += ["", "Documentgegevens:"]
        lines += [f"  {change.where}: {marked(change.pieces)}" for change in diff.metadata]
    if not diff.has_changes:
        return [*lines, "Geen verschillen in hoofdstukken, thema's, matrices, voetnoten en indicatoren."]
    if diff.indicators:
        lines += ["", "Indicatoren:"]
        for change in diff.indicators:
            lines.append(f"  indicator '{change.name}' {change.kind}{':' if change.lines else ''}")
            lines += [f"    {line}" for line in change.lines]
    for part in changed:
        lines.append("")
        lines.append(f"{part.kind.capitalize()} '{part.title}': {part.status}")
        if part.old_title and part.old_title != part.title:
            lines.append(f"  titel: {marked(word_diff(part.old_title, part.title))}")
        if part.cluster:
            lines.append(f"  cluster: '{part.cluster[0]}' → '{part.cluster[1]}'")
        for change in part.texts + part.goals:
            if change.kind != "opmaak gewijzigd":
                lines.append(f"  {change.where} {change.kind}: {marked(change.pieces)}")
            if change.formatting:
                lines.append(f"  {change.where} opmaak gewijzigd: {change.formatting}")
        for row in part.rows:
            lines.extend(_row_lines(row))
    return lines


def _row_lines(row: RowChange) -> list[str]:
    goal = row.new_goal or row.old_goal
    head = f"  regel {row.kind} (doel '{shorten(goal)}')"
    if row.moved and row.old_goal != row.new_goal:
        head = f"  regel {row.kind} (doel '{shorten(row.old_goal)}' → '{shorten(row.new_goal)}')"
    elif row.moved and row.kind == "gewijzigd":
        head += ", ook verplaatst"
    if row.kind in ("toegevoegd", "verwijderd", "verplaatst"):
        shown = row.new or row.old
        return [f"{head}: {shorten(shown.specific.text or row_text(shown), 80)}"]
    return [
        head + ":",
        *(f"    {header}: {marked(pieces)}" for header, pieces in row.changed_cells()),
        *(f"    {header}: opmaak gewijzigd: {line}" for header, line in row.reformatted_cells()),
    ]
