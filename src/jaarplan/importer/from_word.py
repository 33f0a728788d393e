"""A jaarplan written in Word, read back into plan data: the way in for ``jaarplan import``.

Word files made by hand differ in styles, so structure is recognised by what
people see: the title block (title, partners, ``Versie 2.2, 24 november 2009,
JM``), headings (a heading style, or a short line in bold), a theme by the
``Cluster: ...`` line under its heading, a matrix by its header row starting
with Doel. A Doel merged over rows or left blank below reads the same.
Italic, bold and superscript from direct formatting or character styles,
and real Word footnotes, are kept. Whatever does not fit is reported with the
paragraph or table it came from, never dropped silently.
"""

from __future__ import annotations

import datetime
import difflib
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from jaarplan.errors import Location, PlanError, Problem, Problems
from jaarplan.model import (
    MATRIX_COLUMNS,
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
    joined,
)
from jaarplan.source.metadata import is_version
from jaarplan.source.workbook import clean_text
from jaarplan.text import parse_dutch_date, shorten
from jaarplan.word.ooxml import paragraph_style_id, style_outline_levels

CLUSTER_LINE = re.compile(r"\s*Cluster\s*:\s*(.+)", re.IGNORECASE)
VERSION_LINE = re.compile(r"\s*Versie\s+(\d+\.\d+)\s*,\s*(\d{1,2})\s+(\w+)\s+(\d{4})\s*,\s*(.+?)\s*", re.IGNORECASE)
TITLE_WITH_YEAR = re.compile(r"(.+?)\s+(\d{4})")
DISTRIBUTION_LINE = re.compile(r"\s*ter\s+\w+", re.IGNORECASE)  # "Ter kennisname aan …", "Ter besluitvorming …"
TITLE_BLOCK_SEARCH = 8  # the version line stands among the first paragraphs, or there is none
HISTORY_HEADERS = ("Versie", "Datum", "Auteur", "Omschrijving")
# Headings of the template's own furniture, not chapters of the plan.
FURNITURE = ("inhoudsopgave", "inhoud", "versiebeheer")
MATRIX_HEADERS = MATRIX_COLUMNS[1:]  # Doel … Stand van zaken


@dataclass
class Imported:
    """What the import found, and what it could not place (warnings with their paragraph or table)."""

    metadata: Metadata
    texts: PlanTexts
    problems: list[Problem] = field(default_factory=list)


def import_document(path: Path) -> Imported:
    document = _open(path)
    reader = _Reader(path, document)
    return reader.read()


def _open(path: Path) -> DocumentType:
    if not path.is_file():
        raise PlanError("het Word-document bestaat niet", Location(path))
    if not zipfile.is_zipfile(path):
        raise PlanError("dit is geen Word-document (.docx); open het in Word en sla het op als .docx", Location(path))
    try:
        return Document(str(path))
    except Exception:  # python-docx raises several kinds for a file that is no .docx
        raise PlanError(
            "dit Word-document is beschadigd of onvolledig en kan niet worden gelezen; open het in Word en sla "
            "het opnieuw op als .docx",
            Location(path),
        ) from None


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


class _Reader:
    """Walks the body once, in order, deciding per paragraph and table where it belongs."""

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
        self.after_matrix = False
        self.typed_notes: list[_TypedNote] = []  # footnotes typed by hand below a matrix
        self.typed_footnotes: dict[str, list[RichText]] = {}  # key -> paragraphs, once linked

    # --- walking -------------------------------------------------------------------------------

    def read(self) -> Imported:
        blocks = [child for child in self.document.element.body if child.tag in (qn("w:p"), qn("w:tbl"))]
        title_block = self._title_block(blocks)
        paragraphs = tables = 0
        for index, block in enumerate(blocks):
            if block.tag == qn("w:tbl"):
                tables += 1
                self._table(block, Location(self.path, part=f"tabel {tables}"))
                continue
            paragraphs += 1
            where = Location(self.path, part=f"alinea {paragraphs}")
            if index in title_block:
                self.title_block.append((_text(block).strip(), self._rich(block), where))
                continue
            following = next((b for b in blocks[index + 1 :] if b.tag != qn("w:p") or _text(b).strip()), None)
            self._paragraph(block, following, where)
        for note in self.typed_notes:
            self._link_typed_note(note)
        metadata = self._metadata()
        footnotes = self._footnotes()
        return Imported(metadata, PlanTexts(self.chapters, self.themes, footnotes), self.problems.found)

    def _title_block(self, blocks: list[etree._Element]) -> set[int]:
        """The title page's paragraphs: up to the version line and a distribution line ("Ter kennisname …").

        Decided before the walk, because a title in big bold letters looks like a heading.
        """
        filled = [i for i, b in enumerate(blocks) if b.tag == qn("w:p") and _text(b).strip()][:TITLE_BLOCK_SEARCH]
        version_at = next((i for i in filled if VERSION_LINE.fullmatch(_text(blocks[i]))), None)
        if version_at is None:
            return set(filled[:1])
        block = {i for i in filled if i <= version_at}
        after = [i for i in filled if i > version_at][:1]
        if after and DISTRIBUTION_LINE.match(_text(blocks[after[0]])):
            block.add(after[0])
        return block

    def _paragraph(self, p: etree._Element, following: etree._Element | None, where: Location) -> None:
        text = _text(p).strip()
        if not text or self.styles.is_toc(p):
            return
        if text.lower() in FURNITURE:  # the template's own headings: Inhoudsopgave, Versiebeheer
            self.current = None if self.current is None or self.styles.is_heading(p) else self.current
            return
        if self.styles.is_heading(p) or (following is not None and _is_cluster_line(following)):
            self._heading(text, following, where)
            return
        if isinstance(self.current, Theme) and _is_cluster_line(p):
            return  # read with the theme's heading
        if self.current is None:
            self._unplaced(where, text, "staat niet onder een hoofdstuk of thema")
            return
        rich = self._rich(p)
        if isinstance(self.current, Chapter):
            self.current.paragraphs.append(rich)
        elif self.styles.name(p) == "Zie ook" or text.startswith("Zie "):
            self.current.see_also.append(rich)
        else:
            if self.after_matrix and self._typed_note_paragraph(rich, where):
                return
            if self.after_matrix:
                self.problems.warn(
                    f"tekst na de matrix van '{self.current.title}'; in het plan staat hij vóór de matrix: "
                    f"'{shorten(text)}'",
                    where,
                )
            self.current.paragraphs.append(rich)

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

    def _heading(self, text: str, following: etree._Element | None, where: Location) -> None:
        self.after_matrix = False
        if following is not None and _is_cluster_line(following):
            cluster = CLUSTER_LINE.fullmatch(_text(following)).group(1).strip()
            self.current = Theme(text, cluster, location=where)
            self.themes.append(self.current)
        elif self.themes:
            self._unplaced(where, text, "kop zonder 'Cluster:'-regel eronder, tussen de thema's")
            self.current = Chapter(text, location=where)  # its text is read, but not kept
        else:
            self.current = Chapter(text, location=where)
            self.chapters.append(self.current)

    def _table(self, table: etree._Element, where: Location) -> None:
        rows = _table_rows(table)
        if not rows:
            return
        header = [_text_of(cell).strip() for cell in rows[0]]
        if [h.lower() for h in header[:4]] == [h.lower() for h in HISTORY_HEADERS]:
            self._history(rows[1:], where)
        elif header and header[0].lower() == "doel":
            if not isinstance(self.current, Theme):
                self._unplaced(where, header[0], "matrix die niet onder een thema staat")
                return
            if self.current.goals:
                self.problems.warn(
                    f"tweede matrix bij '{self.current.title}'; de regels zijn bij de eerste gevoegd", where
                )
            self.current.goals += self._matrix(rows, header, where)
            self.after_matrix = True
        else:
            self._unplaced(where, " | ".join(header), "tabel die geen matrix is (de eerste kolom heet niet 'Doel')")

    def _matrix(self, rows: list[list[etree._Element | None]], header: list[str], where: Location) -> list[Goal]:
        columns = self._matrix_columns(header, rows, where)
        goals: list[Goal] = []
        for number, row in enumerate(rows[1:], start=2):
            if _is_header_repeat(row, header):
                continue
            texts = {name: self._rich_cell(row[index]) for name, index in columns.items()}
            if not any(texts.values()):
                continue
            goal_title = texts.get("Doel", RichText())
            if goal_title:
                goals.append(Goal(goal_title))
            elif not goals:
                self.problems.warn(f"rij {number} van de matrix heeft geen Doel; de regel is onder een leeg doel gezet",
                                   where)  # fmt: skip
                goals.append(Goal(RichText()))
            cells = {
                field: texts.get(name, RichText()) for field, name in zip(ROW_FIELDS, MATRIX_HEADERS[1:], strict=True)
            }
            goals[-1].rows.append(MatrixRow(**cells))
        return goals

    def _matrix_columns(
        self, header: list[str], rows: list[list[etree._Element | None]], where: Location
    ) -> dict[str, int]:
        """Column index per matrix header; a near miss ("Stand v. zaken") counts, a column with text is reported."""
        columns: dict[str, int] = {}
        for index, name in enumerate(header):
            match = difflib.get_close_matches(name, MATRIX_HEADERS, n=1, cutoff=0.6)
            if match and match[0] not in columns:
                columns[match[0]] = index
                continue
            filled = [_text_of(row[index]).strip() for row in rows[1:] if index < len(row) and row[index] is not None]
            if any(filled):
                self._unplaced(where, name or f"kolom {index + 1}", f"kolom {index + 1} is geen matrixkolom")
        for name in MATRIX_HEADERS:
            if name not in columns:
                self.problems.warn(f"de matrix heeft geen kolom '{name}'; die blijft leeg", where)
        return columns

    def _history(self, rows: list[list[etree._Element | None]], where: Location) -> None:
        for row in rows:
            cells = [_text_of(cell).strip() for cell in row] + [""] * 4
            date = parse_dutch_date(cells[1])
            if not is_version(cells[0]) or date is None:
                self._unplaced(where, " | ".join(cells[:4]), "regel van het versiebeheer zonder versie of datum")
                continue
            self.history.append(VersionEntry(cells[0], date, cells[2], cells[3]))

    def _unplaced(self, where: Location, text: str, why: str) -> None:
        self.problems.warn(f"niet geplaatst – {why}: '{shorten(text)}'", where)

    # --- text ----------------------------------------------------------------------------------

    def _rich_cell(self, cell: etree._Element | None) -> RichText:
        if cell is None:
            return RichText()
        paragraphs = [self._rich(p) for p in cell.iter(qn("w:p"))]
        parts: list[Inline] = []
        for paragraph in [p for p in paragraphs if p]:
            if parts:
                parts.append(Span("\n"))
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

    def _metadata(self) -> Metadata:
        today = datetime.date.today()
        title, partners, distribution = "", "", ""
        version, date, author = "0.1", today, ""
        lines = list(self.title_block)
        version_at = next((i for i, (text, _, _) in enumerate(lines) if VERSION_LINE.fullmatch(text)), None)
        if version_at is None:
            self.problems.warn(
                "geen versieregel gevonden (zoals 'Versie 2.2, 24 november 2009, JM'); vul versie, datum en "
                "auteur in plan.yaml in",
                Location(self.path),
            )
            before, after = lines, []
        else:
            text, _, where = lines[version_at]
            match = VERSION_LINE.fullmatch(text)
            version, author = match.group(1), match.group(5)
            date = parse_dutch_date(f"{match.group(2)} {match.group(3)} {match.group(4)}")
            if date is None:
                self.problems.warn(
                    f"de datum in de versieregel is geen geldige datum ('{text}'); vandaag is ingevuld, "
                    "zet de juiste datum in plan.yaml",
                    where,
                )
                date = today
            before, after = lines[:version_at], lines[version_at + 1 :]
        if before:
            title = before[0][0]
        if len(before) > 1:
            partners = before[1][0]
        if after:
            distribution = after[0][0]
        for text, _, where in before[2:] + after[1:]:
            self._unplaced(where, text, "tekst op de titelpagina die geen titel, partners, versie of verzending is")
        year_match = TITLE_WITH_YEAR.fullmatch(title)
        year = int(year_match.group(2)) if year_match else date.year
        title = year_match.group(1) if year_match else (title or "Gezamenlijk jaarplan")
        history = self.history or ([VersionEntry(version, date, author, "")] if version_at is not None else [])
        return Metadata(
            title=title,
            year=year,
            partners=partners,
            version=version,
            date=date,
            author=author,
            # Without a version line nothing says it was issued: a concept, so no build archives it by mistake.
            status="concept" if version_at is None or self._marked_concept() else "definitief",
            distribution=distribution,
            clusters=list(dict.fromkeys(theme.cluster for theme in self.themes)),
            history=history,
        )

    def _marked_concept(self) -> bool:
        for section in self.document.sections:
            for header in (section.header, section.first_page_header):
                if "CONCEPT" in " ".join(p.text for p in header.paragraphs).upper():
                    return True
        return False


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
