"""A jaarplan written in Word, read back into plan data: the way in for ``jaarplan import``.

Word files made by hand differ in styles, so structure is recognised by what
people see: the title block (title, partners, ``Versie 2.2, 24 november 2009,
JM``, or with dashes or bars between the parts), headings (a heading style, a
typed number such as "2.3", or a short line in bold), a theme by the
``Cluster: ...`` line under its heading or, in a plan without such lines, by
having a matrix of its own (the heading one level up is then its cluster). A
matrix is a table whose header names Doel and other matrix columns, in our
words or another plan's (``vocabulary``); a table per action ("kenmerk |
waarde") is one matrix row; a header-less table right after a matrix (only
empty paragraphs between) with as many columns continues it. A Doel merged
over rows, left blank below, or typed again on every row reads the same. Columns we have no place for are carried
along. Italic, bold and superscript from direct formatting or character styles,
and real Word footnotes, are kept. Every paragraph and cell with text is
counted with where it went (``tally``); whatever does not fit is reported with
the paragraph, table and row it came from, never dropped silently.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from jaarplan.errors import Location, PlanError, Problem, Problems
from jaarplan.importer.tally import Piece, Tally
from jaarplan.importer.vocabulary import (
    MATRIX_HEADERS,
    YEAR,
    history_column,
    matrix_column,
    our_status,
    parse_date,
    typed_number,
    without_number,
)
from jaarplan.model import (
    ROW_FIELDS,
    STATUS_COLUMN,
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
    joined,
)
from jaarplan.source.lifecycle import version_key
from jaarplan.source.metadata import is_version
from jaarplan.source.workbook import WORKBOOK_MATRIX_COLUMNS, clean_text
from jaarplan.source.xlsx.safe_open import OLE2_SIGNATURE, is_encrypted_office_file
from jaarplan.source.xlsx.strict import check_package_sizes, is_strict, transitional_package
from jaarplan.text import shorten
from jaarplan.word.ooxml import paragraph_style_id, style_outline_levels

CLUSTER_LINE = re.compile(r"\s*Cluster\s*:\s*(.+)", re.IGNORECASE)
# "Versie 2.2, 24 november 2009, JM", "Versie 1.3 – 12 maart 2025 – afdeling OOV", "Versie 2.0 | maart 2025":
# version, date and (optional) author, between commas, bars or dashes (a hyphen only with spaces around it).
_SEPARATOR = r"\s*(?:,|\||–|—|\s-\s)\s*"
VERSION_LINE = re.compile(rf"\s*Versie:?\s+(\d+\.\d+){_SEPARATOR}(.+?)(?:{_SEPARATOR}(.+?))?\s*", re.IGNORECASE)
DISTRIBUTION_LINE = re.compile(r"\s*ter\s+\w+", re.IGNORECASE)  # "Ter kennisname aan …", "Ter besluitvorming …"
TITLE_BLOCK_SEARCH = 8  # the version line stands among the first paragraphs, or there is none
# Headings of the template's own furniture, not chapters of the plan.
FURNITURE = ("inhoudsopgave", "inhoud", "versiebeheer")
CARRIED = "~"  # before a column name: a column jaarplan carries along (MatrixRow.carried)
ACTION_HEADERS = ("kenmerk", "onderdeel", "veld", "item", "eigenschap")  # a header row of an action table
BULLETS = ("•", "-", "–", "*", "·", "▪", "o ")
W_QUESTION = re.compile(r"\s*Wat\s.*\?\s*", re.IGNORECASE)  # "Wat gaan we (daarvoor) doen?": the drie W-vragen


@dataclass
class Imported:
    """What the import found, and what it could not place (warnings with their paragraph or table)."""

    metadata: Metadata
    texts: PlanTexts
    problems: list[Problem] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    missing: tuple[str, ...] = ()  # plan.yaml keys the document did not give ("datum", "jaar"): left empty


def import_document(path: Path) -> Imported:
    document = _open(path)
    reader = _Reader(path, document)
    return reader.read()


def _open(path: Path) -> DocumentType:
    """The document, read by python-docx; a Strict Open XML document is read as its Transitional twin.

    The declared sizes are checked first: the Strict copy unpacks what it copies.
    """
    if not path.is_file():
        raise PlanError("het Word-document bestaat niet", Location(path))
    if not zipfile.is_zipfile(path):
        raise PlanError(_not_a_package(path), Location(path))
    strict = False
    try:
        with zipfile.ZipFile(path) as archive:
            check_package_sizes(archive.infolist(), Location(path), "het Word-document", "het")
            strict = is_strict(archive)
            return Document(transitional_package(archive) if strict else str(path))
    except PlanError:
        raise
    except Exception:  # python-docx raises several kinds for a file that is no .docx
        raise PlanError(STRICT_UNREADABLE if strict else DAMAGED, Location(path)) from None


DAMAGED = (
    "dit Word-document is beschadigd of onvolledig en kan niet worden gelezen; open het in Word en sla het "
    "opnieuw op als .docx"
)
STRICT_UNREADABLE = (
    "dit Word-document is opgeslagen als 'Strict Open XML' en kan niet worden gelezen; sla het op als gewoon "
    "Word-document (Word: Opslaan als › Word-document (*.docx), niet 'Strict Open XML-document'; LibreOffice: "
    "Bestand › Opslaan als › Word 2007-365 (.docx))"
)
OLD_WORD = (
    "dit is een oud Word-bestand (.doc), geen .docx; open het in Word en sla het op als Word-document (Opslaan als "
    "› Word-document (*.docx); LibreOffice: Bestand › Opslaan als › Word 2007-365 (.docx))"
)
ENCRYPTED = (
    "het Word-document is beveiligd met een wachtwoord; sla het op zonder wachtwoord (Word: Bestand › Info › "
    "Document beveiligen › Versleutelen met wachtwoord: leegmaken; LibreOffice: Bestand › Opslaan als, zonder "
    "'Opslaan met wachtwoord')"
)


def _not_a_package(path: Path) -> str:
    """Why a file that is no zip package cannot be imported: a password, an old .doc, or no .docx at all."""
    if is_encrypted_office_file(path):
        return ENCRYPTED
    with path.open("rb") as handle:
        if handle.read(len(OLE2_SIGNATURE)) == OLE2_SIGNATURE:
            return OLD_WORD
    return "dit is geen Word-document (.docx); open het in Word en sla het op als .docx"


@dataclass
class _TypedNote:
    """A footnote typed by hand below a theme's matrix: its number and paragraphs."""

    theme: Theme
    number: str
    paragraphs: list[RichText]
    where: Location


SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
TYPED_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def typed_footnote(text: RichText) -> tuple[str, RichText] | None:
    """(number, text) when a paragraph starts with a typed footnote mark: "¹ Bron" or a superscript "1"."""
    parts = list(text.parts)
    if not parts or not isinstance(parts[0], Span):
        return None
    first = parts[0]
    if first.superscript and first.text.strip().isdigit():
        number, rest = first.text.strip(), parts[1:]
    elif match := TYPED_MARK.match(first.text):
        number = match.group(0).translate(SUPERSCRIPT_DIGITS)
        rest = [replace(first, text=first.text[match.end() :]), *parts[1:]]
    else:
        return None
    rest = _trimmed([part for part in rest if not isinstance(part, Span) or part.text])
    return (number, RichText(tuple(rest))) if RichText(tuple(rest)).text.strip() else None


def _replace_mark(theme: Theme, number: str, reference: FootnoteRef) -> bool:
    """Put ``reference`` at the first mark ``number`` in the theme's texts and matrix; False if there is none."""
    for texts in (theme.paragraphs, theme.see_also):
        for index, text in enumerate(texts):
            if (marked := _with_reference(text, number, reference)) is not None:
                texts[index] = marked
                return True
    for goal in theme.goals:
        for holder, name in [(goal, "title"), *((row, column) for row in goal.rows for column in ROW_FIELDS)]:
            if (marked := _with_reference(getattr(holder, name), number, reference)) is not None:
                setattr(holder, name, marked)
                return True
    return False


def _with_reference(text: RichText, number: str, reference: FootnoteRef) -> RichText | None:
    """``text`` with its first mark ``number`` (superscript digits, or ¹ ² …) as ``reference``; None if absent."""
    for index, part in enumerate(text.parts):
        if not isinstance(part, Span):
            continue
        if part.superscript and part.text.strip() == number:
            return RichText((*text.parts[:index], reference, *text.parts[index + 1 :]))
        for match in TYPED_MARK.finditer(part.text):
            if match.group(0).translate(SUPERSCRIPT_DIGITS) == number:
                before = part.text[: match.start()].rstrip()
                after = part.text[match.end() :]
                pieces = [replace(part, text=before), reference, replace(part, text=after)]
                kept = tuple(piece for piece in pieces if not isinstance(piece, Span) or piece.text)
                return RichText((*text.parts[:index], *kept, *text.parts[index + 1 :]))
    return None


@dataclass
class _Matrix:
    """The last matrix read: its theme and columns, so a header-less table after it can continue it."""

    theme: Theme
    columns: dict[int, str]
    width: int


class _Reader:
    """Walks the body once, in order, deciding per paragraph and table where it belongs.

    A plan with "Cluster:" lines is read by them. Without any, the headings'
    outline decides (``_outline``): a heading with a matrix of its own is a
    theme, the heading above it (one level up) its cluster.
    """

    def __init__(self, path: Path, document: DocumentType) -> None:
        self.path = path
        self.document = document
        self.problems = Problems()
        self.styles = _Styles(document)
        self.footnote_keys: dict[str, str] = {}
        self.word_footnotes = _word_footnotes(document)
        self.title_block: list[tuple[str, RichText, Location]] = []
        self.chapters: list[Chapter] = []
        self.themes: list[Theme] = []
        self.history: list[VersionEntry] = []
        self.current: Chapter | Theme | None = None
        self.current_level = 0  # the heading level of the current theme (outline-read plans)
        self.kept = True  # whether the current heading's text is kept (False: reported as not placed)
        self.under_cluster = ""  # the cluster heading whose intro text is being read, if any
        self.seen_cluster = False  # a cluster heading came: headings after it are no chapters
        self.after_matrix = False
        self.matrix_open = False  # only empty paragraphs (a page break) since the last matrix: a table may continue it
        self.last_matrix: _Matrix | None = None
        self.missing_said: set[tuple[str, ...]] = set()  # missing matrix columns, said once for the plan
        self.typed_notes: list[_TypedNote] = []  # footnotes typed by hand below a matrix
        self.typed_footnotes: dict[str, list[RichText]] = {}  # key -> paragraphs, once linked
        self.roles: dict[int, tuple[str, int, str]] = {}  # block index -> (role, level, cluster) when outline-read
        self.tally = Tally()
        self.pieces: dict[str, Piece] = {}  # where -> piece, in the order read

    # --- walking -------------------------------------------------------------------------------

    def read(self) -> Imported:
        blocks = [child for child in self.document.element.body if child.tag in (qn("w:p"), qn("w:tbl"))]
        title_block = self._title_block(blocks)
        if not any(_is_cluster_line(block) for block in blocks):
            self.roles = self._outline(blocks, title_block)
        paragraphs = tables = 0
        for index, block in enumerate(blocks):
            if block.tag == qn("w:tbl"):
                tables += 1
                self._table(block, tables)
                continue
            paragraphs += 1
            where = Location(self.path, part=f"alinea {paragraphs}")
            text = _text(block).strip()
            if text:
                self.tally.paragraphs += 1
                self.matrix_open = False
            if index in title_block:
                self.title_block.append((text, self._rich(block), where))
                self._place(where, text, "titelpagina")  # here, in document order; _metadata says which part
                continue
            following = next((b for b in blocks[index + 1 :] if b.tag != qn("w:p") or _text(b).strip()), None)
            self._paragraph(block, following, where, self.roles.get(index))
        for note in self.typed_notes:
            self._link_typed_note(note)
        metadata, missing = self._metadata()
        footnotes = self._footnotes()
        self._count(footnotes)
        self.tally.history = len(metadata.history)
        texts = PlanTexts(self.chapters, self.themes, footnotes)
        return Imported(metadata, texts, self.problems.found, self.tally, missing)

    def _count(self, footnotes: dict[str, Footnote]) -> None:
        tally = self.tally
        tally.pieces = list(self.pieces.values())
        tally.chapters, tally.themes, tally.footnotes = len(self.chapters), len(self.themes), len(footnotes)
        tally.goals = sum(len(theme.goals) for theme in self.themes)
        tally.matrix_rows = sum(len(goal.rows) for theme in self.themes for goal in theme.goals)

    def _place(self, where: Location | str, text: str, placed: str) -> None:
        part = where if isinstance(where, str) else where.part
        if text.strip():
            self.pieces[part] = Piece(part, " ".join(text.split()), placed)

    def _title_block(self, blocks: list[etree._Element]) -> set[int]:
        """The title page's paragraphs: up to the version line and a distribution line ("Ter kennisname …").

        Decided before the walk, because a title in big bold letters looks like a heading.
        """
        filled = [i for i, b in enumerate(blocks) if b.tag == qn("w:p") and _text(b).strip()][:TITLE_BLOCK_SEARCH]
        version_at = next((i for i in filled if VERSION_LINE.fullmatch(_text(blocks[i]))), None)
        if version_at is None:  # the title, and the partners when a plain line follows it right away
            second = filled[1] if len(filled) > 1 else None
            plain = second is not None and not self.styles.is_heading(blocks[second])
            return set(filled[:1]) | ({second} if plain and all(b.tag == qn("w:p") for b in blocks[:second]) else set())
        block = {i for i in filled if i <= version_at}
        after = [i for i in filled if i > version_at][:1]
        if after and DISTRIBUTION_LINE.match(_text(blocks[after[0]])):
            block.add(after[0])
        return block

    def _outline(self, blocks: list[etree._Element], title_block: set[int]) -> dict[int, tuple[str, int, str]]:
        """Each heading's role in a plan without "Cluster:" lines: theme, cluster, or another heading.

        A heading's level is its style's, else its typed number's depth ("2.3" is 2),
        else one below the last styled or numbered heading (a bold line). A heading
        with a matrix (or an action table) before the next heading is a theme; the
        nearest heading above it with a lower level is its cluster. A heading that
        only introduces the matrix ("Wat gaan we doen?" under every theme) hands it
        up to its parent heading, which is then the theme (``_matrix_owners``).
        """
        headings: list[tuple[int, int, str]] = []  # (block index, level, title)
        with_matrix: set[int] = set()
        last_level = 0
        for index, block in enumerate(blocks):
            if block.tag == qn("w:tbl"):
                if headings and _table_kind(_table_rows(block)) in ("matrix", "actions"):
                    with_matrix.add(headings[-1][0])
                continue
            text = _text(block).strip()
            if index in title_block or not text or self.styles.is_toc(block) or text.lower() in FURNITURE:
                continue
            if not self.styles.is_heading(block):
                continue
            level = self.styles.heading_level(block)
            numbered = typed_number(text)
            if level is None and numbered is not None:
                level = numbered[0]
            if level is None:
                level = last_level + 1 if last_level else 1
            else:
                last_level = level
            headings.append((index, level, without_number(text)))
        owners = _matrix_owners(headings, with_matrix)
        roles: dict[int, tuple[str, int, str]] = {}
        for position, (index, level, _) in enumerate(headings):
            if index not in owners:
                roles.setdefault(index, ("heading", level, ""))
                continue
            above = _parent(headings, position)
            cluster = headings[above][2] if above is not None else ""
            roles[index] = ("theme", level, cluster)
            if above is not None:
                roles[headings[above][0]] = ("cluster", headings[above][1], "")
        return roles

    def _paragraph(
        self, p: etree._Element, following: etree._Element | None, where: Location, role: tuple[str, int, str] | None
    ) -> None:
        text = _text(p).strip()
        if not text:
            return
        if self.styles.is_toc(p):
            self._place(where, text, "inhoudsopgave (wordt opnieuw gemaakt)")
            return
        if text.lower() in FURNITURE:  # the template's own headings: Inhoudsopgave, Versiebeheer
            self.current = None if self.current is None or self.styles.is_heading(p) else self.current
            self._place(where, text, "kop van de sjabloon (wordt opnieuw gemaakt)")
            return
        if role is not None:
            self._outlined_heading(text, role, where)
            return
        if self.styles.is_heading(p) or (following is not None and _is_cluster_line(following)):
            self._heading(text, following, where)
            return
        if isinstance(self.current, Theme) and _is_cluster_line(p):
            self._place(where, text, f"cluster van thema '{self.current.title}'")
            return  # read with the theme's heading
        if self.current is None or not self.kept:
            why = "staat niet onder een hoofdstuk of thema"
            if self.under_cluster:
                why = "tekst onder een clusterkop, vóór het eerste thema"
            elif not self.kept:
                why = "tekst onder een kop die niet geplaatst is"
                if self.roles:  # a plan read by its outline: "Cluster:" would not help
                    why = "tekst onder een kop zonder eigen matrix, na de thema's"
            self._unplaced(where, text, why)
            return
        rich = self._rich(p)
        if isinstance(self.current, Chapter):
            self.current.paragraphs.append(rich)
            self._place(where, text, f"hoofdstuk '{self.current.title}'")
        elif self.styles.name(p) == "Zie ook" or text.startswith("Zie "):
            self.current.see_also.append(rich)
            self._place(where, text, f"thema '{self.current.title}' (Zie ook)")
        else:
            if self.after_matrix and self._typed_note_paragraph(rich, where):
                self._place(where, text, f"voetnoot bij thema '{self.current.title}'")
                return
            if self.after_matrix:
                self.problems.warn(
                    f"tekst na de matrix van '{self.current.title}'; in het plan staat hij vóór de matrix: "
                    f"'{shorten(text)}'",
                    where,
                )
            self.current.paragraphs.append(rich)
            self._place(where, text, f"thema '{self.current.title}'")

    def _outlined_heading(self, text: str, role: tuple[str, int, str], where: Location) -> None:
        """A heading of a plan without "Cluster:" lines, by the role ``_outline`` gave it."""
        kind, level, cluster = role
        title = without_number(text)
        self.after_matrix = False
        self.kept, self.under_cluster = True, ""
        if kind == "theme":
            self.current, self.current_level = Theme(title, cluster, location=where), level
            self.themes.append(self.current)
            self._place(where, text, f"thema '{title}' (cluster '{cluster}')" if cluster else f"thema '{title}'")
            if not cluster:
                self.problems.warn(
                    f"thema '{title}' staat niet onder een kop die het cluster noemt; vul de kolom Cluster in "
                    "op het blad Thema's",
                    where,
                )
        elif kind == "cluster":
            self.current, self.under_cluster, self.seen_cluster = None, title, True
            self._place(where, text, f"cluster '{title}'")
        elif isinstance(self.current, Theme) and level > self.current_level:
            self.current.paragraphs.append(RichText((Span(title, bold=True),)))  # a subheading inside the theme
            self._place(where, text, f"thema '{self.current.title}' (tussenkop)")
        elif not self.themes and not self.seen_cluster:
            self._chapter(title, where, text)
        else:  # a closing "Bijlage", or an "Overig" without matrix among the themes
            self._unplaced(where, text, "kop zonder eigen matrix, na de thema's")
            self.current, self.kept = None, False

    def _chapter(self, title: str, where: Location, text: str) -> None:
        self.current = Chapter(title, location=where)
        self.chapters.append(self.current)
        self._place(where, text, f"hoofdstuk '{title}'")

    def _typed_note_paragraph(self, rich: RichText, where: Location) -> bool:
        """A footnote typed by hand below the matrix: "¹ Bron: …" starts one, the paragraphs after it continue it."""
        typed = typed_footnote(rich)
        if typed is not None:
            number, text = typed
            self.typed_notes.append(_TypedNote(self.current, number, [text], where))
            return True
        note = self.typed_notes[-1] if self.typed_notes else None
        if note is not None and note.theme is self.current:
            note.paragraphs.append(rich)
            return True
        return False

    def _link_typed_note(self, note: _TypedNote) -> None:
        """Make a typed footnote a real one at its mark (a superscript 1 or ¹) in the theme's text or matrix."""
        key = str(len(self.footnote_keys) + 1)
        if _replace_mark(note.theme, note.number, FootnoteRef(key)):
            self.footnote_keys[f"getypt {key}"] = key
            self.typed_footnotes[key] = note.paragraphs
            return
        self.problems.warn(
            f"voetnoot {note.number} onder de matrix van '{note.theme.title}' zonder verwijzing {note.number} in "
            "de tekst of de matrix; de tekst staat nu vóór de matrix",
            note.where,
        )
        note.theme.paragraphs.extend(note.paragraphs)
        piece = self.pieces.get(note.where.part)
        if piece is not None:
            self.pieces[note.where.part] = replace(piece, placed=f"thema '{note.theme.title}'")

    def _heading(self, text: str, following: etree._Element | None, where: Location) -> None:
        self.after_matrix = False
        self.kept = True
        if following is not None and _is_cluster_line(following):
            cluster = CLUSTER_LINE.fullmatch(_text(following)).group(1).strip()
            self.current = Theme(text, cluster, location=where)
            self.themes.append(self.current)
            self._place(where, text, f"thema '{text}'")
        elif self.themes:
            self._unplaced(where, text, "kop zonder 'Cluster:'-regel eronder, tussen de thema's")
            self.current, self.kept = None, False  # its text is reported, not kept
        else:
            self._chapter(text, where, text)

    # --- tables --------------------------------------------------------------------------------

    def _table(self, table: etree._Element, number: int) -> None:
        where = Location(self.path, part=f"tabel {number}")
        rows = _table_rows(table)
        self.tally.tables += 1
        self.tally.rows += len(rows)
        self.tally.cells += sum(1 for row in rows for cell in row if _text_of(cell).strip())
        if not rows:
            return
        header = [_text_of(cell).strip() for cell in rows[0]]
        kind = _table_kind(rows)
        continues = self._continues(rows, kind)
        self.matrix_open = False  # set again below when this table is (part of) a matrix
        if kind == "history":
            self._history(rows, where)
        elif kind == "matrix" or continues:
            if not isinstance(self.current, Theme):
                self._unplaced_table(rows, where, header[0], "matrix die niet onder een thema staat")
                return
            if continues:
                self._matrix(rows, self.last_matrix.columns, where, first=1, continues=True)
                self.matrix_open = True
                return
            if self.current.goals:
                self.problems.warn(
                    f"tweede matrix bij '{self.current.title}'; de regels zijn bij de eerste gevoegd", where
                )
            columns = self._matrix_columns(header, rows, where)
            self._place_row(where, 1, rows[0], "kopregel van de matrix (wordt opnieuw gemaakt)")
            self._matrix(rows, columns, where, first=2, continues=False)
            self.last_matrix = _Matrix(self.current, columns, len(header))
            self.after_matrix = self.matrix_open = True
        elif kind == "actions":
            if not isinstance(self.current, Theme):
                self._unplaced_table(rows, where, header[0], "matrix die niet onder een thema staat")
                return
            self._action(rows, where)
            self.after_matrix = True
        else:
            why = "tabel die geen matrix is (de eerste kolom heet niet 'Doel')"
            self._unplaced_table(rows, where, " | ".join(header), why)

    def _continues(self, rows: list[list[etree._Element | None]], kind: str) -> bool:
        """A table without header right after a matrix, with as many columns: the matrix split by a page break.

        Right after: only empty paragraphs (a page break) between; a table below text is a table of its own.
        """
        last = self.last_matrix
        return (
            kind == "other"
            and last is not None
            and last.theme is self.current
            and self.matrix_open
            and all(len(row) == last.width for row in rows)
        )

    def _matrix(
        self, rows: list[list[etree._Element | None]], columns: dict[int, str], where: Location, *, first: int,
        continues: bool,
    ) -> None:  # fmt: skip
        """The rows of a matrix (from row ``first``) as goals of the current theme.

        A blank Doel, or the same Doel typed again, continues the goal above; a
        continuation table goes on with the goal its matrix ended with.
        """
        theme = self.current
        goals = theme.goals
        start = 0 if continues else len(goals)
        header = [_text_of(cell).strip() for cell in rows[0]]
        for number, row in enumerate(rows[first - 1 :], start=first):
            if not continues and _is_header_repeat(row, header):
                self._place_row(where, number, row, "kopregel van de matrix (wordt opnieuw gemaakt)")
                continue
            texts = {name: self._rich_cell(row[index]) for index, name in columns.items() if index < len(row)}
            if not any(texts.values()):
                continue
            goal_title = texts.get("Doel", RichText())
            if goal_title and not (len(goals) > start and goal_title.text.strip() == goals[-1].title.text.strip()):
                goals.append(Goal(goal_title))
            elif len(goals) <= start:
                self.problems.warn(f"rij {number} van de matrix heeft geen Doel; de regel is onder een leeg doel gezet",
                                   where)  # fmt: skip
                goals.append(Goal(RichText()))
            goals[-1].rows.append(self._matrix_row(texts, replace(where, part=f"{where.part} rij {number}")))
            for index, name in columns.items():
                if index < len(row):
                    self._place_cell(f"{where.part} rij {number} kolom {index + 1}", name, _text_of(row[index]), theme)

    def _place_cell(self, part: str, name: str, text: str, theme: Theme) -> None:
        """A matrix cell as placed, its text labelled with its column (a carried one said to be not printed)."""
        if not text.strip():
            return
        if name.startswith(CARRIED):
            self.tally.carried_cells += 1
            name = f"{name.removeprefix(CARRIED)} (meegenomen kolom, niet afgedrukt)"
        self._place(part, f"{name}: {text}", f"matrix van '{theme.title}' (blad Matrix)")

    def _matrix_row(self, texts: dict[str, RichText], where: Location) -> MatrixRow:
        cells = {field: texts.get(name, RichText()) for field, name in zip(ROW_FIELDS, MATRIX_HEADERS[1:], strict=True)}
        carried = tuple(
            (name[len(CARRIED) :], text) for name, text in texts.items() if name.startswith(CARRIED) and text
        )
        typed = texts.get(STATUS_COLUMN, RichText()).text.strip()
        return MatrixRow(**cells, status=self._status(typed, where), carried=carried)

    def _status(self, typed: str, where: Location) -> str:
        """Our status for a typed one ("Vertraagd" → achter); an unknown one is kept as typed, with a warning."""
        if not typed:
            return ""
        status = our_status(typed)
        if status is None:
            self.problems.warn(
                f"status '{typed}' is geen status van jaarplan; overgenomen zoals getypt: kies in de kolom Status "
                "een status uit de lijst",
                where,
            )
            return " ".join(typed.split())
        return status

    def _matrix_columns(
        self, header: list[str], rows: list[list[etree._Element | None]], where: Location
    ) -> dict[int, str]:
        """Column index → matrix column, Status, or a carried column ("~Trekker"); said once per table.

        A column with no text below its header (the seed's empty ninth column) is left out.
        """
        columns: dict[int, str] = {}
        for index, name in enumerate(header):
            column = matrix_column(name, set(columns.values()))
            if column is not None:
                columns[index] = column
            elif any(index < len(row) and _text_of(row[index]).strip() for row in rows[1:]):
                columns[index] = _carried(name or f"Kolom {index + 1}", columns.values())
        carried = [name[len(CARRIED) :] for name in columns.values() if name.startswith(CARRIED)]
        if carried:
            names = ", ".join(f"'{name}'" for name in carried)
            self.problems.warn(
                f"{'kolom' if len(carried) == 1 else 'kolommen'} {names} meegenomen als eigen "
                f"{'kolom' if len(carried) == 1 else 'kolommen'} op het blad Matrix (na Status); het jaarplan "
                "toont ze niet",
                where,
            )
        missing = [name for name in MATRIX_HEADERS if name not in columns.values()]
        if missing and tuple(missing) not in self.missing_said:  # once per plan for the same columns
            self.missing_said.add(tuple(missing))
            names = ", ".join(f"'{name}'" for name in missing)
            self.problems.warn(
                f"de matrix heeft geen {'kolom' if len(missing) == 1 else 'kolommen'} {names}; "
                f"{'die blijft' if len(missing) == 1 else 'die blijven'} leeg (ook in de matrices erna zonder "
                f"{'die kolom' if len(missing) == 1 else 'deze kolommen'})",
                where,
            )
        return columns

    def _action(self, rows: list[list[etree._Element | None]], where: Location) -> None:
        """A table per action ("kenmerk | waarde"): one matrix row; the same Doel as the action before, one goal."""
        theme = self.current
        texts: dict[str, RichText] = {}
        for number, row in enumerate(rows, start=1):
            key = _text_of(row[0]).strip()
            value = next((cell for cell in row[1:] if cell is not None), None)
            if value is None and key:  # a row of one cell (an action's title over both columns): nowhere to go
                self._unplaced(where, key, "regel van een actietabel zonder waarde", row=(number, row))
                continue
            name = matrix_column(key, set(texts))
            if name is None and number == 1 and key.casefold() in ACTION_HEADERS:
                self._place_row(where, number, row, "kopregel van een actietabel (wordt niet overgenomen)")
                continue
            name = name or _carried(key, texts)
            texts[name] = self._rich_cell(value)
            self._place_cell(f"{where.part} rij {number} kolom 1", name, _text_of(value), theme)  # the key is its label
        title = texts.get("Doel", RichText())
        if not theme.goals or (title and title.text.strip() != theme.goals[-1].title.text.strip()):
            theme.goals.append(Goal(title))
        theme.goals[-1].rows.append(self._matrix_row(texts, where))

    def _history(self, rows: list[list[etree._Element | None]], where: Location) -> None:
        columns = {
            name: index
            for index, cell in enumerate(rows[0])
            if (name := history_column(_text_of(cell).strip())) is not None
        }
        self._place_row(where, 1, rows[0], "kopregel van het versiebeheer (wordt opnieuw gemaakt)")
        for number, row in enumerate(rows[1:], start=2):
            cells = {name: _text_of(row[index]).strip() if index < len(row) else "" for name, index in columns.items()}
            version, date = cells.get("Versie", ""), parse_date(cells.get("Datum", ""))[0]
            if not any(cells.values()):
                continue
            if not is_version(version) or date is None:
                texts = " | ".join(_text_of(cell).strip() for cell in row)
                self._unplaced(where, texts, "regel van het versiebeheer zonder versie of datum", row=(number, row))
                continue
            self.history.append(VersionEntry(version, date, cells.get("Auteur", ""), cells.get("Omschrijving", "")))
            self._place_row(where, number, row, f"versiebeheer (versie {version})")

    def _place_row(self, where: Location, number: int, row: list[etree._Element | None], placed: str) -> None:
        for index, cell in enumerate(row):
            self._place(f"{where.part} rij {number} kolom {index + 1}", _text_of(cell), placed)

    def _unplaced_table(self, rows: list[list[etree._Element | None]], where: Location, text: str, why: str) -> None:
        """One warning for the table; every cell with text listed as not placed."""
        self.problems.warn(f"niet geplaatst – {why}: '{shorten(text)}'", where)
        for number, row in enumerate(rows, start=1):
            for index, cell in enumerate(row):
                if text := _text_of(cell).strip():
                    part = f"{where.part} rij {number} kolom {index + 1}"
                    self.pieces[part] = Piece(part, " ".join(text.split()), None, why)

    def _unplaced(
        self, where: Location, text: str, why: str, row: tuple[int, list[etree._Element | None]] | None = None
    ) -> None:
        self.problems.warn(f"niet geplaatst – {why}: '{shorten(text)}'", where)
        if row is None:
            self.pieces[where.part] = Piece(where.part, " ".join(text.split()), None, why)
            return
        number, cells = row
        for index, cell in enumerate(cells):
            if cell_text := _text_of(cell).strip():
                part = f"{where.part} rij {number} kolom {index + 1}"
                self.pieces[part] = Piece(part, " ".join(cell_text.split()), None, why)

    # --- text ----------------------------------------------------------------------------------

    def _rich_cell(self, cell: etree._Element | None) -> RichText:
        """A cell's paragraphs joined by line breaks; a paragraph of a bullet list keeps a bullet ("• ")."""
        if cell is None:
            return RichText()
        parts: list[Inline] = []
        for p in cell.iter(qn("w:p")):
            paragraph = self._rich(p)
            if not paragraph:
                continue
            if parts:
                parts.append(Span("\n"))
            if self.styles.is_list_item(p) and not paragraph.text.lstrip().startswith(BULLETS):
                parts.append(Span("• "))
            parts.extend(paragraph.parts)
        return RichText(tuple(joined(parts)))

    def _rich(self, p: etree._Element) -> RichText:
        """A paragraph's runs as spans; field codes and deleted (tracked) text left out."""
        parts: list[Inline] = []
        in_field_code = 0
        for run in p.iter(qn("w:r")):
            if _inside(run, qn("w:del")):
                continue
            for child in run:
                if child.tag == qn("w:fldChar"):
                    kind = child.get(qn("w:fldCharType"))
                    in_field_code += 1 if kind == "begin" else -1 if kind == "separate" else 0
                elif in_field_code > 0:
                    continue
                elif child.tag == qn("w:t"):
                    parts.append(self.styles.span(run, clean_text(child.text or "")))
                elif child.tag in (qn("w:tab"),):
                    parts.append(self.styles.span(run, " "))
                elif child.tag in (qn("w:br"), qn("w:cr")):
                    if child.get(qn("w:type")) not in ("page", "column"):
                        parts.append(self.styles.span(run, "\n"))
                elif child.tag == qn("w:footnoteReference"):
                    parts.append(FootnoteRef(self._footnote_key(child.get(qn("w:id")))))
        return RichText(tuple(_trimmed(joined(parts))))

    def _footnote_key(self, word_id: str) -> str:
        """Footnotes numbered 1, 2, … in the order they are referenced, as Word shows them."""
        return self.footnote_keys.setdefault(word_id, str(len(self.footnote_keys) + 1))

    def _footnotes(self) -> dict[str, Footnote]:
        footnotes = {}
        for word_id, key in self.footnote_keys.items():
            paragraphs = self.typed_footnotes.get(key) or [self._rich(p) for p in self.word_footnotes.get(word_id, [])]
            footnotes[key] = Footnote(key, [p for p in paragraphs if p])
        return footnotes

    # --- metadata ------------------------------------------------------------------------------

    def _metadata(self) -> tuple[Metadata, tuple[str, ...]]:
        """The plan's metadata, and the plan.yaml keys the document did not give (left empty: errors in check).

        Version, date and author come from the version line, else from the newest
        row of the Versiebeheer table; the year from the title, else from the date.
        Today's date is never filled in.
        """
        title, partners, distribution = "", "", ""
        version, date, author = "0.1", None, ""
        lines = list(self.title_block)
        version_at = next((i for i, (text, _, _) in enumerate(lines) if VERSION_LINE.fullmatch(text)), None)
        self.history.sort(key=lambda entry: (entry.date, version_key(entry.version)))  # oldest first
        newest = self.history[-1] if self.history else None
        if version_at is None:
            before, after = lines, []
            if newest is not None:
                version, date, author = newest.version, newest.date, newest.author
            else:
                self.problems.warn(
                    "geen versieregel gevonden (zoals 'Versie 2.2, 24 november 2009, JM') en geen versiebeheer; "
                    "vul versie, datum en auteur in plan.yaml in",
                    Location(self.path),
                )
        else:
            text, _, where = lines[version_at]
            version, date, author = self._version_line(text, where, newest)
            before, after = lines[:version_at], lines[version_at + 1 :]
            self._place(where, text, "titelpagina (versie, datum, auteur)")
        for name, line in zip(("titel", "partners"), before[:2], strict=False):
            self._place(line[2], line[0], f"titelpagina ({name})")
        if after:
            self._place(after[0][2], after[0][0], "titelpagina (verzending)")
        title = before[0][0] if before else ""
        partners = before[1][0] if len(before) > 1 else ""
        distribution = after[0][0] if after else ""
        for text, _, where in before[2:] + after[1:]:
            self._unplaced(where, text, "tekst op de titelpagina die geen titel, partners, versie of verzending is")
        title, year = _title_and_year(title, date)
        missing = tuple(key for key, value in (("jaar", year), ("datum", date)) if value is None)
        history = self.history or (
            [VersionEntry(version, date, author, "")] if version_at is not None and date is not None else []
        )
        metadata = Metadata(
            title=title,
            year=year or 0,
            partners=partners,
            version=version,
            date=date or datetime.date(1, 1, 1),  # a stand-in: plan.yaml gets an empty 'datum' (``missing``)
            author=author,
            # Without a version line or a Versiebeheer row nothing says it was issued: a concept, so no build
            # archives it by mistake. A version taken from the history was issued: definitief, or the lifecycle
            # would read "concept 1.0" (issued) as the next concept, 1.1 of today.
            status="concept" if (version_at is None and newest is None) or self._marked_concept() else "definitief",
            distribution=distribution,
            clusters=list(dict.fromkeys(theme.cluster for theme in self.themes if theme.cluster)),
            history=history,
        )
        return metadata, missing

    def _version_line(
        self, text: str, where: Location, newest: VersionEntry | None
    ) -> tuple[str, datetime.date | None, str]:
        """Version, date and author of "Versie 1.3 – 12 maart 2025 – afdeling OOV" (commas, dashes or bars)."""
        match = VERSION_LINE.fullmatch(text)
        version, date_text, author = match.group(1), match.group(2), match.group(3) or ""
        date, month_only = parse_date(date_text)
        if date is None and newest is not None and newest.version == version:
            date = newest.date
        elif date is None:
            self.problems.warn(
                f"de datum in de versieregel is geen geldige datum ('{text}'); de datum is leeg gelaten, "
                "vul de juiste datum in plan.yaml in",
                where,
            )
        elif month_only:
            self.problems.warn(
                f"de versieregel noemt alleen maand en jaar ('{date_text}'); de 1e van de maand is ingevuld, "
                "pas de datum in plan.yaml zo nodig aan",
                where,
            )
        return version, date, author or (newest.author if newest is not None else "")

    def _marked_concept(self) -> bool:
        for section in self.document.sections:
            for header in (section.header, section.first_page_header):
                if "CONCEPT" in " ".join(p.text for p in header.paragraphs).upper():
                    return True
        return False


def _parent(headings: list[tuple[int, int, str]], position: int) -> int | None:
    """The position of the nearest heading above ``headings[position]`` with a lower level, if any."""
    level = headings[position][1]
    return next((p for p in range(position - 1, -1, -1) if headings[p][1] < level), None)


def _matrix_owners(headings: list[tuple[int, int, str]], with_matrix: set[int]) -> set[int]:
    """The block indexes of the headings that are themes: those with a matrix, or the parent of one that hands it up.

    The "drie W-vragen" of Dutch P&C documents put "Wat gaan we doen?" above each
    theme's matrix: a question heading (``W_QUESTION``) hands its matrix to its
    parent. So does a heading whose title stands above more than one matrix
    ("Activiteiten") when its parent has a parent too (a cluster above the theme),
    so that two themes of the same name in different clusters stay themes.
    """
    titles = [title.casefold() for index, _, title in headings if index in with_matrix]
    owners: set[int] = set()
    for position, (index, _, title) in enumerate(headings):
        if index not in with_matrix:
            continue
        parent = _parent(headings, position)
        repeated = titles.count(title.casefold()) > 1 and parent is not None and _parent(headings, parent) is not None
        if parent is not None and (W_QUESTION.fullmatch(title) or repeated):
            owners.add(headings[parent][0])
        else:
            owners.add(index)
    return owners


def _carried(name: str, taken: Iterable[str]) -> str:
    """A carried column's name ("~Trekker"): never one of the workbook's own, never twice in a table."""
    taken = {other.casefold() for other in taken}
    if name.casefold() in {column.casefold() for column in WORKBOOK_MATRIX_COLUMNS}:
        name = f"{name} (uit Word)"
    unique, number = name, 1
    while (CARRIED + unique).casefold() in taken:
        number += 1
        unique = f"{name} {number}"
    return CARRIED + unique


def _title_and_year(title: str, date: datetime.date | None) -> tuple[str, int | None]:
    """The title without its year ("Veiligheidsplan 2025" → "Veiligheidsplan", 2025); else the date's year."""
    match = YEAR.search(title)
    if match is None:
        return title or "Gezamenlijk jaarplan", date.year if date else None
    rest = " ".join((title[: match.start()] + " " + title[match.end() :]).split()).strip(" -–:")
    return rest or "Gezamenlijk jaarplan", int(match.group(1))


def _table_kind(rows: list[list[etree._Element | None]]) -> str:
    """ "history", "matrix", "actions" (a "kenmerk | waarde" table per action) or "other"."""
    if not rows:
        return "other"
    header = [_text_of(cell).strip() for cell in rows[0]]
    history = {history_column(name) for name in header}
    if {"Versie", "Datum"} <= history:
        return "history"
    keys: set[str] = set()
    for row in rows:
        if len([cell for cell in row if cell is not None]) == 2 and (key := matrix_column(_text_of(row[0]), keys)):
            keys.add(key)
    if len(keys) >= 3 and keys & {"Doel", "Specifiek"}:  # the keys down the first column: an action
        return "actions"
    columns: set[str] = set()
    for name in header:
        if (column := matrix_column(name, columns)) is not None:
            columns.add(column)
    if (header and header[0].lower() == "doel") or ("Doel" in columns and len(columns) >= 2):
        return "matrix"
    return "other"


class _Styles:
    """What the document's styles say: heading level, table of contents, character formatting."""

    def __init__(self, document: DocumentType) -> None:
        self.by_id = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        self.outline_levels = style_outline_levels(document)

    def name(self, p: etree._Element) -> str:
        style = self.by_id.get(paragraph_style_id(p) or "")
        name = None if style is None else style.find(qn("w:name"))
        return "" if name is None else name.get(qn("w:val"))

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based_on = style.find(qn("w:basedOn"))
            style_id = None if based_on is None else based_on.get(qn("w:val"))
        return chain

    def outline_level(self, p: etree._Element) -> int | None:
        """The paragraph's own outline level, else its style's."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if own is not None:
            return int(own.get(qn("w:val"))) + 1
        return self.outline_levels.get(paragraph_style_id(p) or "")

    def is_heading(self, p: etree._Element) -> bool:
        """A heading style (outline level 1–3, or named Heading/Kop), or a short line that is all bold."""
        level = self.outline_level(p)
        if level is not None and level <= 3:
            return True
        if re.match(r"(heading|kop)\s*\d", self.name(p), re.IGNORECASE):
            return True
        text = _text(p).strip()
        runs = [run for run in p.iter(qn("w:r")) if _run_text(run).strip()]
        short = len(text) <= 80 and not text.endswith((".", ":", ";", ","))
        return short and bool(runs) and all(self._formatted(run, "w:b") for run in runs)

    def heading_level(self, p: etree._Element) -> int | None:
        """1 for a Heading 1 (or outline level 1), …; None for a bold line or a heading without a level."""
        level = self.outline_level(p)
        if level is not None:
            return level
        match = re.match(r"(?:heading|kop)\s*(\d)", self.name(p), re.IGNORECASE)
        return int(match.group(1)) if match else None

    def is_list_item(self, p: etree._Element) -> bool:
        """A paragraph of a bullet or numbered list: numbering of its own, or a list style."""
        if p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            return True
        return bool(re.match(r"(list|lijst)", self.name(p), re.IGNORECASE))

    def is_toc(self, p: etree._Element) -> bool:
        name = self.name(p).lower()
        if name.startswith("toc") or name.startswith("inhopg"):
            return True
        return any((t.text or "").strip().startswith("TOC") for t in p.iter(qn("w:instrText")))

    def span(self, run: etree._Element, text: str) -> Span:
        superscript = self._value(run, "w:vertAlign") == "superscript"
        return Span(text, italic=self._formatted(run, "w:i"), bold=self._formatted(run, "w:b"), superscript=superscript)

    def _formatted(self, run: etree._Element, tag: str) -> bool:
        value = self._value(run, tag)
        return value is not None and value not in ("0", "false", "off")

    def _value(self, run: etree._Element, tag: str) -> str | None:
        """A run property from the run itself, else from its character style chain ("1" when set without w:val)."""
        properties = run.find(qn("w:rPr"))
        candidates = [] if properties is None else [properties]
        style = None if properties is None else properties.find(qn("w:rStyle"))
        if style is not None:
            candidates += [s.find(qn("w:rPr")) for s in self._chain(style.get(qn("w:val")))]
        for r_pr in candidates:
            element = None if r_pr is None else r_pr.find(qn(tag))
            if element is not None:
                return element.get(qn("w:val"), "1")
        return None


# --- small helpers ---------------------------------------------------------------------------------


def _run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def _text(p: etree._Element) -> str:
    return "".join(_run_text(run) for run in p.iter(qn("w:r")) if not _inside(run, qn("w:del")))


def _text_of(cell: etree._Element | None) -> str:
    return "" if cell is None else "\n".join(_text(p) for p in cell.iter(qn("w:p")))


def _inside(element: etree._Element, tag: str) -> bool:
    return any(ancestor.tag == tag for ancestor in element.iterancestors())


def _is_cluster_line(block: etree._Element) -> bool:
    return block.tag == qn("w:p") and CLUSTER_LINE.fullmatch(_text(block)) is not None


def _table_rows(table: etree._Element) -> list[list[etree._Element | None]]:
    """Cells per grid column; a vertically merged continuation cell and a gridSpan's extra columns are None."""
    rows = []
    for tr in table.findall(qn("w:tr")):
        cells: list[etree._Element | None] = []
        for tc in tr.findall(qn("w:tc")):
            properties = tc.find(qn("w:tcPr"))
            merge = None if properties is None else properties.find(qn("w:vMerge"))
            span = None if properties is None else properties.find(qn("w:gridSpan"))
            continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            cells.append(None if continues else tc)
            cells += [None] * ((int(span.get(qn("w:val"))) if span is not None else 1) - 1)
        rows.append(cells)
    return rows


def _is_header_repeat(row: list[etree._Element | None], header: list[str]) -> bool:
    return [_text_of(cell).strip() for cell in row] == header


def _word_footnotes(document: DocumentType) -> dict[str, list[etree._Element]]:
    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
            root = etree.fromstring(rel.target_part.blob)
            return {
                note.get(qn("w:id")): note.findall(qn("w:p"))
                for note in root.findall(qn("w:footnote"))
                if note.get(qn("w:type")) not in ("separator", "continuationSeparator", "continuationNotice")
            }
    return {}


def _trimmed(parts: list[Inline]) -> list[Inline]:
    """Without the spaces at the paragraph's ends (Word keeps them; the plan's texts do not)."""
    if parts and isinstance(parts[0], Span):
        parts[0] = Span(parts[0].text.lstrip(), parts[0].italic, parts[0].bold, parts[0].superscript)
    if parts and isinstance(parts[-1], Span):
        parts[-1] = Span(parts[-1].text.rstrip(), parts[-1].italic, parts[-1].bold, parts[-1].superscript)
    return [part for part in parts if not isinstance(part, Span) or part.text]
