"""The plan as plain data: what readers fill and writers read.

Nothing here knows Excel or Word. A ``location`` says where a piece came from
so that later checks can point the user at the right cell or line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from jaarplan.errors import Location

DEFAULT_SOURCE = Path("source")  # the plan's folder when none is named: the CLI's --source and diff's fallback


@dataclass(frozen=True)
class Span:
    """A piece of text with one formatting."""

    text: str
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    revision: str | None = None  # "ins" or "del" in a redline: text inserted or deleted since the old version
    format_before: tuple[bool, bool, bool] | None = None  # in a redline: the old (italic, bold, superscript)

    @property
    def format(self) -> tuple[bool, bool, bool]:
        """(italic, bold, superscript): what a formatting change compares."""
        return (self.italic, self.bold, self.superscript)


@dataclass(frozen=True)
class FootnoteRef:
    """The place where footnote ``key`` is referenced; Word numbers it."""

    key: str


Inline = Span | FootnoteRef


@dataclass(frozen=True)
class RichText:
    """A paragraph's or a cell's text: spans and footnote references in order."""

    parts: tuple[Inline, ...] = ()

    @classmethod
    def plain(cls, text: str) -> RichText:
        return cls((Span(text),) if text else ())

    @property
    def text(self) -> str:
        """The text without formatting or footnote references."""
        return "".join(part.text for part in self.parts if isinstance(part, Span))

    def footnote_keys(self) -> Iterator[str]:
        return (part.key for part in self.parts if isinstance(part, FootnoteRef))

    def __bool__(self) -> bool:
        return bool(self.text.strip()) or any(self.footnote_keys())


EMPTY = RichText()


def joined(parts: list[Inline]) -> list[Inline]:
    """Adjacent spans of the same formatting (and revision) as one span, empty spans left out: fewer, longer runs."""
    result: list[Inline] = []
    for part in parts:
        last = result[-1] if result else None
        if isinstance(part, Span) and not part.text:
            continue
        if isinstance(part, Span) and isinstance(last, Span) and replace(last, text="") == replace(part, text=""):
            result[-1] = replace(last, text=last.text + part.text)
        else:
            result.append(part)
    return result


@dataclass
class Chapter:
    """A fixed chapter before the themes (Aanleiding, Afstemming, Proces)."""

    title: str
    paragraphs: list[RichText] = field(default_factory=list)
    location: Location | None = None
    paragraph_locations: list[Location] = field(default_factory=list, compare=False)  # the cell of each paragraph


@dataclass
class MatrixRow:
    """One row of a SMART matrix, without its Doel (that belongs to the Goal)."""

    specific: RichText = EMPTY
    measurable: RichText = EMPTY
    acceptable: RichText = EMPTY
    realistic: RichText = EMPTY
    time_bound: RichText = EMPTY
    deadline: RichText = EMPTY
    progress: RichText = EMPTY
    location: Location | None = None
    status: str = ""  # the Status cell as typed (not printed in the jaarplan); "" is "geen status"
    status_location: Location | None = None
    cell_locations: Sequence[Location] = field(default=(), compare=False)  # each of cells(), when read from cells
    # Columns jaarplan carries along without printing them (another plan's "Trekker", "Partners"): (header, text)
    # per column with text, in the order of the workbook. Kept in the workbook; the jaarplan does not show them.
    carried: tuple[tuple[str, RichText], ...] = ()

    def cells(self) -> tuple[RichText, ...]:
        """The cells in matrix order, after Doel."""
        return (
            self.specific,
            self.measurable,
            self.acceptable,
            self.realistic,
            self.time_bound,
            self.deadline,
            self.progress,
        )


@dataclass
class Goal:
    """A Doel and the matrix rows it spans."""

    title: RichText
    rows: list[MatrixRow] = field(default_factory=list)
    location: Location | None = None


@dataclass
class Theme:
    """A theme: heading, cluster, prose, "Zie ook" references and its matrix."""

    title: str
    cluster: str
    paragraphs: list[RichText] = field(default_factory=list)
    see_also: list[RichText] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    location: Location | None = None
    cluster_location: Location | None = None  # the Cluster cell, for messages about the cluster
    paragraph_locations: list[Location] = field(default_factory=list, compare=False)  # the cell of each paragraph
    see_also_locations: list[Location] = field(default_factory=list, compare=False)


@dataclass
class Footnote:
    """A footnote's text, referenced from anywhere by its key."""

    key: str
    paragraphs: list[RichText] = field(default_factory=list)
    location: Location | None = None


OWN_AREA = "Gemeente"  # the Gebied of a measurement of the plan's own municipality (the others: "Nederland", …)


@dataclass(frozen=True)
class Measurement:
    """One figure of an indicator: its value in a year for one area (the plan's own or a comparison area)."""

    year: int
    value: float
    area: str = OWN_AREA
    location: Location | None = field(default=None, compare=False)


@dataclass
class Indicator:
    """A figure the plan promises to move (a BBV beleidsindicator or the plan's own), with its measurements.

    ``theme`` names the Theme it belongs to (its title); ``goal`` optionally the
    text of the Doel it measures. The nulmeting and streefwaarde are optional while
    a plan is being written; the checks say when one is missing or points the wrong way.
    """

    name: str
    theme: str
    unit: str = ""  # e.g. "per 1.000 inwoners", "%", "aantal"
    source: str = ""  # e.g. "CBS / politie", "Stichting Halt", "Veiligheidsmonitor"
    definition: str = ""
    goal: str = ""
    higher_is_better: bool = False  # the workbook's "Beter is": "hoger" or "lager"
    baseline: float | None = None  # nulmeting
    baseline_year: int | None = None
    target: float | None = None  # streefwaarde
    target_year: int | None = None
    measurements: list[Measurement] = field(default_factory=list)  # in the workbook's order
    location: Location | None = None  # the indicator's row
    cell_locations: dict[str, Location] = field(default_factory=dict, compare=False)  # field name -> its cell


@dataclass(frozen=True)
class VersionEntry:
    """One line of the Versiebeheer table: an issued version."""

    version: str
    date: datetime.date
    author: str
    description: str = ""
    fingerprint: str = ""  # "sha256:…" of the content as issued (issued.fingerprint); "" for older versions
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class StatusKind:
    """One value of the Status column (plan.yaml ``statussen``): how it looks and what it means.

    ``severity`` orders the statuses from good to bad: a Doel takes the status
    of its worst row. ``done`` statuses are never overdue; ``attention``
    statuses put a row on the Aandachtspunten page.
    """

    name: str
    symbol: str
    colour: str  # hex RGB without '#', e.g. "2E7D32"
    severity: int
    done: bool = False
    attention: bool = False


# The defaults, in the order of the drop-down; worst first would read oddly, so severity is explicit:
# gereed (0) < op schema (1) < nog niet gestart (2) < aandacht (3) < achter (4).
DEFAULT_STATUSES = (
    StatusKind("gereed", "✔", "2E7D32", 0, done=True),
    StatusKind("op schema", "→", "1565C0", 1),
    StatusKind("aandacht", "!", "E65100", 3, attention=True),
    StatusKind("achter", "✘", "C62828", 4, attention=True),
    StatusKind("nog niet gestart", "○", "757575", 2),
)


ADDRESSEES = ("college", "raad", "beide")  # plan.yaml ``aanbieden: aan``: whom the raadsinformatiebrief is for


@dataclass(frozen=True)
class OfferTexts:
    """plan.yaml ``aanbieden``: what the raadsinformatiebrief needs that the plan itself does not say.

    Not content: left out of the fingerprint, so filling it in changes no issued version.
    """

    to: str = ""  # one of ADDRESSEES
    sender: str = ""  # "van": who sends the letter, e.g. the portefeuillehouder or the college
    contact: str = ""  # "contactpersoon": name, phone or e-mail for questions
    council_reference: str = ""  # "kenmerk_raad": the raad's own reference (optional)


@dataclass
class Metadata:
    """What the title block, header, file name and document properties show."""

    title: str
    year: int
    partners: str
    version: str
    date: datetime.date
    author: str
    status: str
    distribution: str = ""
    clusters: list[str] = field(default_factory=list)
    history: list[VersionEntry] = field(default_factory=list)
    statuses: tuple[StatusKind, ...] = DEFAULT_STATUSES
    reference_date: datetime.date | None = None  # plan.yaml ``peildatum``: the date a progress report describes
    plan_id: str = ""  # plan.yaml ``kenmerk``: which plan this is (its own archive); "" before kenmerken
    offer: OfferTexts = field(default_factory=OfferTexts)  # plan.yaml ``aanbieden``: for ``jaarplan aanbieden``
    # plan.yaml ``vorig_planjaar``: the year of the plan ``new --from`` made this one from; its cells still naming
    # that year are reminded of while a concept (the plan may skip years: 2010 to 2027)
    previous_year: int | None = None

    def status_kind(self, name: str) -> StatusKind | None:
        """The status a Status cell names (case and surrounding spaces ignored); None for an unknown one."""
        wanted = " ".join(name.split()).casefold()
        return next((kind for kind in self.statuses if kind.name.casefold() == wanted), None)

    @property
    def full_title(self) -> str:
        """The document title, e.g. "Gezamenlijk jaarplan 2010"."""
        return f"{self.title} {self.year}"

    @property
    def is_concept(self) -> bool:
        return self.status == "concept"


@dataclass
class Plan:
    """A whole jaarplan."""

    metadata: Metadata
    chapters: list[Chapter] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)  # the Indicatoren sheet; none in most plans


# The matrix as the plan names it: the workbook's headers, the Word table's, the importer's.
MATRIX_COLUMNS = (
    "Thema", "Doel", "Specifiek", "Meetbaar", "Acceptabel",
    "Realistisch", "Tijdgebonden", "Deadline", "Stand van zaken",
)  # fmt: skip
# Status is the workbook's own column, after Stand van zaken: it feeds the progress report and is not
# printed in the jaarplan. Optional, so a workbook made before it existed still reads (with a warning).
STATUS_COLUMN = "Status"
# The MatrixRow fields in the order of the matrix columns after Doel, and those columns' headers.
ROW_FIELDS = ("specific", "measurable", "acceptable", "realistic", "time_bound", "deadline", "progress")
ROW_HEADERS = MATRIX_COLUMNS[2:]


@dataclass(frozen=True)
class PlanTexts:
    """What the workbook holds: everything of the plan but its metadata."""

    chapters: list[Chapter]
    themes: list[Theme]
    footnotes: dict[str, Footnote]
    matrix_read: bool = True  # False when the Thema or Matrix sheet could not be read: every theme looks empty
    misspelt: frozenset[str] = frozenset()  # themes a misspelt Thema in the Matrix resembles: their rows may be there
    indicators: list[Indicator] = field(default_factory=list)
