"""The raadsinformatiebrief: a ``Letter`` (plain texts) through ``templates/raadsinformatiebrief.docx``.

The letter's look is the template's (named styles only, restylable in Word;
``tools/make_letter_template.py`` made the first one); this module only fills
in its tags (``letter.to``, ``letter.summary``, …) with escaped text and sets
the document's title and language, which the tagged PDF carries. What the
letter says is decided by the caller (``commands/offer.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from jaarplan.text import dutch_date
from jaarplan.word import ooxml
from jaarplan.word.render import fill_template
from jaarplan.word.template import find_template

LETTER_TEMPLATE = "raadsinformatiebrief.docx"


@dataclass(frozen=True)
class Letter:
    """Everything the raadsinformatiebrief says, as plain Dutch text."""

    to: str  # "het college van burgemeester en wethouders", "de gemeenteraad", or both
    sender: str
    contact: str
    date: datetime.date
    subject: str  # "Gezamenlijk jaarplan 2010, versie 2.2"
    council_reference: str  # the raad's own reference; "" leaves its line out
    request: str  # what the raad is asked: kennisnemen van …
    summary: tuple[str, ...]  # a paragraph each
    changes_heading: str  # "Wat is veranderd sinds versie 2.1" or "Eerste versie"
    changes_intro: str
    changes: tuple[str, ...]  # a bullet each
    attachments: tuple[str, ...]  # a bullet each: the other files of the package

    @property
    def title(self) -> str:
        """The document's title (Word's properties, the PDF's title bar)."""
        return f"Raadsinformatiebrief: {self.subject}"


def render_letter(letter: Letter, template: Path | None = None) -> Document:
    """The letter as a python-docx Document in memory, from the named template or the default one."""
    found = find_template(LETTER_TEMPLATE, template)
    document = fill_template(found, lambda _: {"letter": _context(letter)}).docx
    properties = document.core_properties
    properties.title = letter.title
    properties.subject = letter.subject
    properties.author = letter.sender
    properties.last_modified_by = letter.sender
    properties.language = "nl-NL"
    properties.keywords = "raadsinformatiebrief"
    moment = datetime.datetime.combine(letter.date, datetime.time(12))
    properties.created = properties.modified = moment  # the letter's own date: the same letter, the same properties
    properties.revision = 1
    return document


def _context(letter: Letter) -> dict[str, object]:
    text = ooxml.escape_text
    return {
        "to": text(letter.to),
        "sender": text(letter.sender),
        "contact": text(letter.contact),
        "date": text(dutch_date(letter.date)),
        "subject": text(letter.subject),
        "council_reference": text(letter.council_reference),
        "request": text(letter.request),
        "summary": [text(line) for line in letter.summary],
        "changes_heading": text(letter.changes_heading),
        "changes_intro": text(letter.changes_intro),
        "changes": [text(line) for line in letter.changes],
        "attachments": [text(line) for line in letter.attachments],
    }
