"""The progress report as plain data: counts per status and cluster, aandachtspunten, per theme, changes, indicators.

This is the library API for every face that shows progress: ``progress_report``
gives a ``ProgressReport`` whose ``summary`` (counts per cluster and in total)
and ``attention`` (the Aandachtspunten, grouped by theme) the Word report
(``report.document``) and the web app show alike. Nothing here knows Word,
Excel or matplotlib.

A row's status is what its Status cell says, never guessed from text. A row
is *verlopen* when its Deadline is a date before the peildatum and its status
is not a done one (gereed); a Deadline typed as text counts when it reads as
one date (``text.parse_deadline``: "1 juli", "1-7-2011", "eind 2011"), and
``jaarplan check`` warns for every other one. A Doel takes the worst status of its rows, by the
statuses' ``severity`` (default: gereed < op schema < nog niet gestart <
aandacht < achter); rows without a status are left out of that, and a Doel
with no status on any row has none. An indicator's verdict is
``indicators.verdict``'s; one achter op koers joins the Aandachtspunten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from jaarplan.diff.compare import Piece, PlanDiff, compare, row_text, word_diff
from jaarplan.diff.plain import indicator_changes
from jaarplan.indicators import IndicatorLine, indicator_line, shown
from jaarplan.model import MatrixRow, Metadata, Plan, RichText, StatusKind, Theme
from jaarplan.text import parse_deadline

NO_STATUS = StatusKind("geen status", "–", "9E9E9E", -1)
OVERDUE = "verlopen"


def status_of(metadata: Metadata, name: str) -> StatusKind:
    """The StatusKind a Status cell names; an empty cell is NO_STATUS, an unknown name a kind of its own."""
    if not name.strip():
        return NO_STATUS
    return metadata.status_kind(name) or StatusKind(name, "?", "BDBDBD", -1)


def deadline_date(row: MatrixRow, year: int) -> datetime.date | None:
    """The Deadline as a date when it is one, as ``text.parse_deadline`` reads it (a day without a year in ``year``)."""
    return parse_deadline(row.deadline.text, year)


@dataclass(frozen=True)
class RowStatus:
    """One action (matrix row) with its status on the peildatum."""

    theme: str
    goal: RichText
    row: MatrixRow
    status: StatusKind
    deadline: datetime.date | None
    overdue: bool

    @property
    def needs_attention(self) -> bool:
        """On the Aandachtspunten page: an attention status (aandacht, achter) or verlopen."""
        return self.status.attention or self.overdue


@dataclass(frozen=True)
class GoalStatus:
    """A Doel, its derived status (the worst of its rows) and its actions."""

    title: RichText
    status: StatusKind
    overdue: bool
    rows: list[RowStatus]


@dataclass(frozen=True)
class ThemeStatus:
    title: str
    cluster: str
    goals: list[GoalStatus]

    @property
    def rows(self) -> list[RowStatus]:
        return [row for goal in self.goals for row in goal.rows]


@dataclass(frozen=True)
class StatusCount:
    """One line of the summary: a cluster (or "Totaal") with the number of actions per status."""

    label: str
    counts: dict[str, int]  # status name → actions, in the order of ``Summary.statuses``
    overdue: int
    total: int


@dataclass(frozen=True)
class Summary:
    """Counts per status, per cluster and in total; ``statuses`` is plan.yaml's list plus geen status."""

    statuses: tuple[StatusKind, ...]
    clusters: list[StatusCount]
    total: StatusCount


@dataclass(frozen=True)
class AttentionTheme:
    """The aandachtspunten of one theme, in matrix order."""

    title: str
    cluster: str
    rows: list[RowStatus]


@dataclass(frozen=True)
class ActionChange:
    """An action whose status or Stand van zaken changed, or that is new or gone, since an earlier version."""

    theme: str
    goal: str
    action: str  # the Specifiek text (or the whole row when Specifiek is empty)
    kind: str  # "status", "stand van zaken", "toegevoegd", "verwijderd"
    old_status: StatusKind | None = None
    new_status: StatusKind | None = None
    progress: list[Piece] = field(default_factory=list)  # word diff of Stand van zaken


@dataclass(frozen=True)
class Changes:
    """What changed in the actions and indicators since ``since`` (e.g. "versie 1.1"), built on ``diff.compare``.

    ``indicators`` are the raadsinformatiebrief's sentences (``diff.plain.indicator_changes``), so both say the same.
    """

    since: str
    status: list[ActionChange]
    progress: list[ActionChange]
    added: list[ActionChange]
    removed: list[ActionChange]
    indicators: list[str] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        """No action and no indicator changed: the report says "geen wijzigingen"."""
        return not (self.status or self.progress or self.added or self.removed or self.indicators)


@dataclass(frozen=True)
class ProgressReport:
    """Everything the voortgangsrapportage shows, as plain data."""

    metadata: Metadata
    reference_date: datetime.date
    summary: Summary
    attention: list[AttentionTheme]
    themes: list[ThemeStatus]
    changes: Changes | None = None
    indicators: list[IndicatorLine] = field(default_factory=list)  # in the workbook's order, each with its verdict

    @property
    def attention_indicators(self) -> list[IndicatorLine]:
        """The indicators achter op koers: on the Aandachtspunten page beside the actions."""
        return [line for line in self.indicators if line.verdict.behind]


def progress_report(plan: Plan, reference_date: datetime.date, since: tuple[Plan, str] | None = None) -> ProgressReport:
    """The progress of ``plan`` on ``reference_date``; with ``since`` (an earlier plan and its label) also the
    changes since then. The one function the report, the web app and any other face call."""
    themes = [_theme_status(plan.metadata, theme, reference_date) for theme in plan.themes]
    attention = [
        AttentionTheme(theme.title, theme.cluster, [row for row in theme.rows if row.needs_attention])
        for theme in themes
    ]
    changes = None if since is None else _changes(since[0], plan, since[1])
    return ProgressReport(
        metadata=plan.metadata,
        reference_date=reference_date,
        summary=summarize(plan.metadata, themes),
        attention=[theme for theme in attention if theme.rows],
        themes=themes,
        changes=changes,
        indicators=[indicator_line(indicator) for indicator in shown(plan.indicators)],
    )


def _theme_status(metadata: Metadata, theme: Theme, reference_date: datetime.date) -> ThemeStatus:
    goals = []
    for goal in theme.goals:
        rows = [_row_status(metadata, theme.title, goal.title, row, reference_date) for row in goal.rows]
        goals.append(GoalStatus(goal.title, worst(row.status for row in rows), any(r.overdue for r in rows), rows))
    return ThemeStatus(theme.title, theme.cluster, goals)


def _row_status(
    metadata: Metadata, theme: str, goal: RichText, row: MatrixRow, reference_date: datetime.date
) -> RowStatus:
    status = status_of(metadata, row.status)
    deadline = deadline_date(row, metadata.year)
    overdue = deadline is not None and deadline < reference_date and not status.done
    return RowStatus(theme, goal, row, status, deadline, overdue)


def worst(statuses) -> StatusKind:
    """The status with the highest severity; NO_STATUS when none of them has a status."""
    known = [status for status in statuses if status is not NO_STATUS]
    return max(known, key=lambda status: status.severity) if known else NO_STATUS


def summarize(metadata: Metadata, themes: list[ThemeStatus]) -> Summary:
    """Actions counted per status, per cluster (plan.yaml's order, then any other) and in total."""
    statuses = (*metadata.statuses, NO_STATUS)
    clusters = list(dict.fromkeys([*metadata.clusters, *(theme.cluster for theme in themes)]))
    lines = [
        _count(cluster, statuses, [r for t in themes if t.cluster == cluster for r in t.rows]) for cluster in clusters
    ]
    lines = [line for line in lines if line.total or line.label in metadata.clusters]
    total = _count("Totaal", statuses, [row for theme in themes for row in theme.rows])
    return Summary(statuses, lines, total)


def _count(label: str, statuses: tuple[StatusKind, ...], rows: list[RowStatus]) -> StatusCount:
    counts = dict.fromkeys((status.name for status in statuses), 0)
    for row in rows:
        counts[row.status.name] = counts.get(row.status.name, 0) + 1
    return StatusCount(label, counts, sum(row.overdue for row in rows), len(rows))


# --- changes since an earlier version -----------------------------------------------------------


def _changes(old: Plan, new: Plan, label: str) -> Changes:
    """Status changes, changed Stand van zaken, new and removed actions, indicators: off ``diff.compare``'s PlanDiff."""
    diff: PlanDiff = compare(old, new, label, f"versie {new.metadata.version}")
    status: list[ActionChange] = []
    progress: list[ActionChange] = []
    added: list[ActionChange] = []
    removed: list[ActionChange] = []
    new_themes = {theme.title: theme for theme in new.themes}
    old_themes = {theme.title: theme for theme in old.themes}
    for part in diff.parts:
        if part.kind != "thema":
            continue
        if part.status in ("toegevoegd", "verwijderd"):
            theme = (new_themes if part.status == "toegevoegd" else old_themes)[part.title]
            target = added if part.status == "toegevoegd" else removed
            target += [
                ActionChange(theme.title, goal.title.text, _action(row), part.status)
                for goal in theme.goals
                for row in goal.rows
            ]
            continue
        for change in part.rows:
            if change.kind in ("toegevoegd", "verwijderd"):
                row = change.new or change.old
                goal = change.new_goal or change.old_goal
                (added if change.kind == "toegevoegd" else removed).append(
                    ActionChange(part.title, goal, _action(row), change.kind)
                )
                continue
            if change.status_change:
                old_name, new_name = change.status_change
                status.append(
                    ActionChange(
                        part.title,
                        change.new_goal,
                        _action(change.new),
                        "status",
                        status_of(new.metadata, old_name),
                        status_of(new.metadata, new_name),
                    )
                )
            if change.old.progress.text != change.new.progress.text:
                pieces = word_diff(change.old.progress.text, change.new.progress.text)
                progress.append(
                    ActionChange(part.title, change.new_goal, _action(change.new), "stand van zaken", progress=pieces)
                )
    return Changes(label, status, progress, added, removed, indicator_changes(diff.indicators))


def _action(row: MatrixRow) -> str:
    return row.specific.text.strip() or row_text(row)
