"""The redline: the new plan as a Word document whose differences from the old are tracked changes.

The two plans are merged into one Plan whose spans carry a revision ("ins",
"del"); the normal template renders it. Afterwards the XML is finished the
way Word writes revisions: runs of added or removed chapters and themes are
wrapped whole, table rows and paragraphs whose text is all inserted or all
deleted get an inserted or deleted row or paragraph mark (so accepting a
deletion removes the row), and every ``w:ins``/``w:del`` gets an id, author
and date. A reader can accept or reject each change in Word or LibreOffice.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TypeVar

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from jaarplan.diff.compare import REWRITTEN, pair_up, row_text
from jaarplan.model import Chapter, FootnoteRef, Goal, Inline, MatrixRow, Plan, RichText, Span, Theme, joined
from jaarplan.word import ooxml, toc
from jaarplan.word.matrix_rows import RowLoop, kept_rows

REVISION_AUTHOR = "jaarplan"
REVISION_TAGS = (qn("w:ins"), qn("w:del"), qn("w:rPrChange"))
REVISION_MARKS = (b"<w:ins", b"<w:del", b"<w:rPrChange")  # the same in a row's XML as written
T = TypeVar("T")


def merged_plan(old: Plan, new: Plan, description: str) -> tuple[Plan, list[str | None]]:
    """The new plan with the old one's removed parts put back as deletions.

    Returns the plan and, per chapter and theme in document order, the
    revision of the part as a whole (None, "ins" or "del").
    """
    chapters = _merge_parts(old.chapters, new.chapters, _merge_chapter)
    themes = _merge_parts(old.themes, new.themes, _merge_theme)
    metadata = replace(new.metadata, distribution=description)
    revisions = [revision for _, revision in chapters + themes]
    footnotes = {**old.footnotes, **new.footnotes}
    for key in old.footnotes.keys() & new.footnotes.keys():
        paragraphs = _merge_paragraphs(old.footnotes[key].paragraphs, new.footnotes[key].paragraphs)
        footnotes[key] = replace(new.footnotes[key], paragraphs=paragraphs)
    merged = Plan(metadata, [c for c, _ in chapters], [t for t, _ in themes], footnotes, new.indicators)
    return merged, revisions


def _merge_parts(old: list, new: list, merge_one) -> list[tuple[Chapter | Theme, str | None]]:
    """New parts in their order, each removed old part right after the part that preceded it."""
    pairs = pair_up(old, new, lambda part: part.title)
    partner_of_new = {id(b): a for a, b in pairs}
    merged: list[tuple[Chapter | Theme, str | None]] = []
    for part in new:
        partner = partner_of_new.get(id(part))
        if partner is None:
            merged.append((_marked_part(part, "ins"), "ins"))
        else:
            merged.append((merge_one(partner, part), None))
    new_of_old = {id(a): b for a, b in pairs}
    for index, part in enumerate(old):
        if id(part) in new_of_old:
            continue
        after = next((new_of_old.get(id(p)) for p in reversed(old[:index]) if id(p) in new_of_old), None)
        position = next((i + 1 for i, (m, _) in enumerate(merged) if m.title == getattr(after, "title", None)), 0)
        merged.insert(position, (_marked_part(part, "del"), "del"))
    return merged


def _marked_part(part: Chapter | Theme, revision: str) -> Chapter | Theme:
    if isinstance(part, Chapter):
        return replace(part, paragraphs=[_marked(p, revision) for p in part.paragraphs])
    goals = [Goal(_marked(g.title, revision), [_marked_row(r, revision) for r in g.rows]) for g in part.goals]
    return replace(
        part,
        paragraphs=[_marked(p, revision) for p in part.paragraphs],
        see_also=[_marked(p, revision) for p in part.see_also],
        goals=goals,
    )


def _merge_chapter(old: Chapter, new: Chapter) -> Chapter:
    return replace(new, paragraphs=_merge_paragraphs(old.paragraphs, new.paragraphs))


def _merge_theme(old: Theme, new: Theme) -> Theme:
    return replace(
        new,
        paragraphs=_merge_paragraphs(old.paragraphs, new.paragraphs),
        see_also=_merge_paragraphs(old.see_also, new.see_also),
        goals=_merge_goals(old.goals, new.goals),
    )


def _merge_paragraphs(old: list[RichText], new: list[RichText]) -> list[RichText]:
    """The new paragraphs merged with their partners; a removed one stays after the paragraph before it."""
    pairs = pair_up(old, new, lambda paragraph: paragraph.text)
    partner_of_new = {id(b): a for a, b in pairs}
    merged_of_old: dict[int, RichText] = {}
    merged = []
    for paragraph in new:
        partner = partner_of_new.get(id(paragraph))
        merged.append(merge_text(partner, paragraph) if partner is not None else _marked(paragraph, "ins"))
        if partner is not None:
            merged_of_old[id(partner)] = merged[-1]
    return _put_back(merged, old, lambda p: merged_of_old.get(id(p)), lambda p: _marked(p, "del"))


def _merge_goals(old: list[Goal], new: list[Goal]) -> list[Goal]:
    """Goals of the new theme with their rows merged; rows are paired across the whole theme.

    A removed row stays where it stood: right after the old row that preceded
    it in its goal. A removed goal stays after the goal that preceded it.
    """
    goal_pairs = pair_up(old, new, lambda goal: goal.title.text)
    old_goal_of_new = {id(b): a for a, b in goal_pairs}
    old_rows = [row for goal in old for row in goal.rows]
    new_rows = [row for goal in new for row in goal.rows]
    row_pairs = pair_up(old_rows, new_rows, row_text)
    old_row_of_new = {id(b): a for a, b in row_pairs}
    paired_old_rows = {id(a) for a, _ in row_pairs}
    merged: list[Goal] = []
    merged_goal_of_old: dict[int, Goal] = {}
    for goal in new:
        old_goal = old_goal_of_new.get(id(goal))
        title = merge_text(old_goal.title, goal.title) if old_goal else _marked(goal.title, "ins")
        merged_row_of_old: dict[int, MatrixRow] = {}
        rows = []
        for row in goal.rows:
            partner = old_row_of_new.get(id(row))
            rows.append(_merge_row(partner, row) if partner is not None else _marked_row(row, "ins"))
            if partner is not None:
                merged_row_of_old[id(partner)] = rows[-1]
        if old_goal is not None:
            rows = _put_back(
                rows,
                old_goal.rows,
                lambda row, found=merged_row_of_old: found.get(id(row)),
                lambda row: None if id(row) in paired_old_rows else _marked_row(row, "del"),
            )
        merged.append(Goal(title, rows, goal.location))
        if old_goal is not None:
            merged_goal_of_old[id(old_goal)] = merged[-1]

    def removed_goal(goal: Goal) -> Goal | None:
        rows = [_marked_row(row, "del") for row in goal.rows if id(row) not in paired_old_rows]
        return Goal(_marked(goal.title, "del"), rows, goal.location) if rows else None

    return _put_back(merged, old, lambda goal: merged_goal_of_old.get(id(goal)), removed_goal)


def _put_back(
    merged: list[T], old: list, kept: Callable[[object], T | None], removed: Callable[[object], T | None]
) -> list[T]:
    """``merged`` with each removed old item (``removed`` gives it, marked) right after the old item before it.

    ``kept`` gives the merged item an old one became, or None; removed items
    before any kept one go first.
    """
    result = list(merged)
    position = 0  # where the next removed item goes
    for item in old:
        became = kept(item)
        if became is not None:
            position = next(index for index, merged_item in enumerate(result) if merged_item is became) + 1
            continue
        marked = removed(item)
        if marked is not None:
            result.insert(position, marked)
            position += 1
    return result


def _merge_row(old: MatrixRow, new: MatrixRow) -> MatrixRow:
    cells = [merge_text(a, b) for a, b in zip(old.cells(), new.cells(), strict=True)]
    return MatrixRow(*cells, location=new.location)


def _marked_row(row: MatrixRow, revision: str) -> MatrixRow:
    return MatrixRow(*(_marked(cell, revision) for cell in row.cells()), location=row.location)


def _marked(text: RichText, revision: str) -> RichText:
    """All of a text inserted or deleted (a deleted footnote reference is left out: its note would dangle)."""
    parts: list[Inline] = []
    for part in text.parts:
        if isinstance(part, Span):
            parts.append(replace(part, revision=revision))
        elif revision == "ins":
            parts.append(part)
    return RichText(tuple(parts))


# --- word level ---------------------------------------------------------------------------------

Token = tuple[str, Inline]


def merge_text(old: RichText, new: RichText) -> RichText:
    """``new`` with what changed since ``old`` marked per word; formatting and footnotes kept.

    A word whose italic, bold or superscript changed carries its old formatting
    (``Span.format_before``): a tracked formatting change.
    """
    if old == new:
        return new
    a, b = _tokens(old), _tokens(new)
    parts: list[Inline] = []
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    if matcher.ratio() < REWRITTEN:  # rewritten: the old text out and the new in, not word by word
        return RichText((*_marked(old, "del").parts, *_marked(new, "ins").parts))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts += [_formatted(before, after) for (_, before), (_, after) in zip(a[i1:i2], b[j1:j2], strict=True)]
            continue
        if tag in ("delete", "replace"):
            parts += [_with(piece, "del") for _, piece in a[i1:i2] if isinstance(piece, Span)]
        if tag in ("insert", "replace"):
            parts += [_with(piece, "ins") for _, piece in b[j1:j2]]
    return RichText(tuple(joined(parts)))


def _tokens(text: RichText) -> list[Token]:
    """Words, spaces and punctuation, each with the span (formatting) it came from."""
    tokens: list[Token] = []
    for part in text.parts:
        if isinstance(part, FootnoteRef):
            tokens.append((f"\0voetnoot {part.key}", part))
            continue
        for word in re.findall(r"\s+|\w+|[^\w\s]", part.text):
            tokens.append((word, replace(part, text=word)))
    return tokens


def _formatted(before: Inline, after: Inline) -> Inline:
    """An unchanged word, marked as a formatting change when its formatting is not the old one."""
    if isinstance(before, Span) and isinstance(after, Span) and before.format != after.format:
        return replace(after, revision=None, format_before=before.format)
    return _with(after, None)


def _with(piece: Inline, revision: str | None) -> Inline:
    return replace(piece, revision=revision) if isinstance(piece, Span) else piece


# --- finishing the XML --------------------------------------------------------------------------


def finish_revisions(document: Document, part_revisions: list[str | None], when: datetime.datetime) -> None:
    """Mark whole parts, rows and paragraphs; give every revision an id, author and date.

    Matrix rows kept apart from the tree (``word.matrix_rows``) are finished
    where their marker stands, one theme at a time, so the redline of 20,000
    rows never holds them all as elements; ids still run in document order.
    """
    body = document.element.body
    rows = kept_rows(document)
    theme_revisions: dict[int, str] = {}  # per theme's kept rows: the revision of its whole part
    for region, revision in zip(_heading_regions(document), part_revisions, strict=False):
        if revision:
            for element in region:
                _mark_all_runs(element, revision)
                theme_revisions |= dict.fromkeys(_marked_themes(element, rows), revision)
    for row in body.iter(qn("w:tr")):
        _mark_container(row, "w:trPr", _uniform_revision(row))
    for paragraph in body.iterchildren(qn("w:p")):
        revision = _uniform_revision(paragraph)
        if revision:
            _mark_paragraph(paragraph, revision)
    numbers = itertools.count(1)
    if rows is None:
        _stamp(body, numbers, when)
    else:
        _stamp_with_kept_rows(body, rows, theme_revisions, numbers, when)
    footnotes = ooxml.footnotes_part(document)
    if footnotes is not None:
        root = etree.fromstring(footnotes.blob)
        _stamp(root, numbers, when)
        footnotes._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    toc.fill(document)  # deleted headings drop out of the table of contents


def _stamp(root: etree._Element, numbers: Iterator[int], when: datetime.datetime) -> bool:
    """Id (unique across the document and its footnotes), author and date on every revision and formatting change.

    True when there was any.
    """
    found = False
    for element in root.iter(*REVISION_TAGS):
        _stamp_one(element, numbers, when)
        found = True
    return found


def _stamp_one(element: etree._Element, numbers: Iterator[int], when: datetime.datetime) -> None:
    element.set(qn("w:id"), str(next(numbers)))
    element.set(qn("w:author"), REVISION_AUTHOR)
    element.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _marked_themes(element: etree._Element, rows: RowLoop | None) -> list[int]:
    """The themes whose kept rows stand in ``element`` (their markers)."""
    if rows is None:
        return []
    numbers = (rows.number(marker) for marker in element.iter(etree.Comment))
    return [number for number in numbers if number is not None]


def _stamp_with_kept_rows(
    body: etree._Element,
    rows: RowLoop,
    theme_revisions: dict[int, str],
    numbers: Iterator[int],
    when: datetime.datetime,
) -> None:
    """``_stamp`` over the body, and at each theme's marker over its rows, marked first as ``finish_revisions`` does."""

    def finished(row: etree._Element) -> bool:
        revision = theme_revisions.get(number)
        if revision:
            _mark_all_runs(row, revision)
        _mark_container(row, "w:trPr", _uniform_revision(row))
        return _stamp(row, numbers, when)

    for element in body.iter(*REVISION_TAGS, etree.Comment):
        number = rows.number(element) if element.tag is etree.Comment else None
        if number is not None and (number in theme_revisions or rows.holds(number, REVISION_MARKS)):
            rows.change(number, finished)  # rows with no revision in them get no mark: not parsed
        elif element.tag is not etree.Comment:
            _stamp_one(element, numbers, when)


def _heading_regions(document: Document) -> list[list[etree._Element]]:
    """Per heading (chapter or theme) the heading and the body elements up to the next heading."""
    # A set of the elements themselves: it keeps their lxml proxies alive, so identity holds while we iterate.
    headings = set(toc.heading_paragraphs(document))
    regions: list[list[etree._Element]] = []
    for element in document.element.body:
        if element in headings:
            regions.append([element])
        elif regions and element.tag in (qn("w:p"), qn("w:tbl")):
            regions[-1].append(element)
    return regions


def _mark_all_runs(element: etree._Element, revision: str) -> None:
    """Wrap every run not yet in a revision; a deleted run's text becomes ``w:delText``."""
    runs = [element] if element.tag == qn("w:r") else list(element.iter(qn("w:r")))
    for run in runs:
        parent = run.getparent()
        if parent.tag in (qn("w:ins"), qn("w:del")) or not _has_text(run):
            continue
        wrapper = parse_xml(f'<w:{revision} {nsdecls("w")} w:id="0" w:author="" w:date=""/>')
        parent.replace(run, wrapper)
        wrapper.append(run)
        if revision == "del":
            for text in run.findall(qn("w:t")):
                text.tag = qn("w:delText")


def _has_text(run: etree._Element) -> bool:
    return any(child.tag in (qn("w:t"), qn("w:delText")) and child.text for child in run)


def _uniform_revision(element: etree._Element) -> str | None:
    """ "ins" or "del" when every run with text in ``element`` is that; else None.

    Without any ``w:ins`` or ``w:del`` in it, the answer is None at once: most
    rows of a theme with one changed row have none, and looking at every run
    of 20,000 rows took seconds.
    """
    if next(element.iter(*REVISION_TAGS[:2]), None) is None:
        return None
    kinds = {
        run.getparent().tag for run in element.iter(qn("w:r")) if _has_text(run) and not _in_footnote_reference(run)
    }
    if kinds == {qn("w:ins")}:
        return "ins"
    if kinds == {qn("w:del")}:
        return "del"
    return None


def _in_footnote_reference(run: etree._Element) -> bool:
    return run.find(qn("w:footnoteReference")) is not None


def _mark_container(row: etree._Element, properties_tag: str, revision: str | None) -> None:
    if revision is None:
        return
    properties = row.find(qn(properties_tag))
    if properties is None:
        properties = parse_xml(f"<{properties_tag} {nsdecls('w')}/>")
        row.insert(0 if row.find(qn("w:tblPrEx")) is None else 1, properties)
    if len(properties) == 0:
        # CT_TrPr extends CT_TrPrBase, a choice with minOccurs 1: ins/del may not stand alone.
        # A height of "auto" is what a row without properties has anyway.
        properties.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="0" w:hRule="auto"/>'))
    properties.append(parse_xml(f'<w:{revision} {nsdecls("w")} w:id="0" w:author="" w:date=""/>'))


def _mark_paragraph(paragraph: etree._Element, revision: str) -> None:
    """Mark the paragraph mark itself, so accepting a deletion leaves no empty paragraph."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        paragraph.insert(0, properties)
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        section = properties.find(qn("w:sectPr"))
        if section is not None:
            section.addprevious(run_properties)
        else:
            properties.append(run_properties)
    # CT_ParaRPr starts with ins/del: Word rejects them after the formatting elements.
    run_properties.insert(0, parse_xml(f'<w:{revision} {nsdecls("w")} w:id="0" w:author="" w:date=""/>'))
