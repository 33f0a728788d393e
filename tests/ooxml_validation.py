"""Every .docx and .xlsx we write passes the independent validator ``openxml-audit -f microsoft365``.

Word and Excel repair (or call damaged) files that break the OOXML schema; LibreOffice
forgives more, so it opening a file proves little. ``assert_valid_ooxml(path)`` runs the
validator's own command line and fails on every finding, errors and warnings alike, except
the validator's artefacts in ``ARTEFACTS``: each is a finding the validator also makes on
the blank file of the library that writes ours, and each comes with the reason it is not
a fault. The list stays this short: anything else is ours to fix, not to list.

Use it for every new kind of file: ``assert_valid_ooxml(written_file)``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FORMAT = "microsoft365"


@dataclass(frozen=True)
class Artefact:
    """A validator finding that is not a fault of the file, with the reason."""

    part: str  # regular expression over the part name, e.g. /xl/styles.xml
    path: str  # regular expression over the element's path in the part
    description: str  # regular expression over the finding's text
    reason: str

    def matches(self, finding: dict) -> bool:
        return bool(
            re.fullmatch(self.part, finding.get("part_uri") or "")
            and re.fullmatch(self.path, finding.get("path") or "")
            and re.search(self.description, finding.get("description") or "")
        )


ARTEFACTS = (
    Artefact(
        part=r"/xl/styles\.xml",
        path=r"/styleSheet\[1\]/(fonts\[1\]|dxfs\[1\]/dxf\[\d+\])/font\[\d+\]",
        description=r"^Unexpected element '(color|b|sz)' found$",
        reason=(
            'ECMA-376 Part 1, sml.xsd: CT_Font is <xsd:choice maxOccurs="unbounded">, so a font\'s children '
            "may come in any order. The validator's data (from the Open XML SDK) has it as a sequence. "
            "openpyxl writes <name> first and <color> before <sz>; openpyxl's own blank workbook gets the same "
            "finding, and a workbook font with a name (Arial) and bold or a size gets it for <b> and <sz>."
        ),
    ),
    Artefact(
        part=r"/xl/worksheets/sheet\d+\.xml",
        path=r"",
        description=r"inline-string cell\(s\) .*no populated `xl/sharedStrings\.xml`",
        reason=(
            "A warning, not an error: ST_CellType 'inlineStr' (ECMA-376 Part 1, §18.18.11) is valid and Excel "
            "opens the file without repair; it only moves the strings to a shared-strings table when the user "
            "saves. openpyxl 3.1 writes every string inline; its own workbook with one text cell gets it too."
        ),
    ),
)


def findings(path: Path) -> list[dict]:
    """Every finding of ``openxml-audit -f microsoft365`` (errors and warnings) for one file."""
    completed = subprocess.run(
        [sys.executable, "-m", "openxml_audit", "-f", FORMAT, "-o", "json", "-m", "0", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        results = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        report = completed.stdout + completed.stderr
        raise AssertionError(f"openxml-audit gave no report for {path}:\n{report}") from error
    # One report for the one file: an empty list would pass any file the validator skipped.
    assert [result.get("file") for result in results] == [str(path)], f"openxml-audit did not report on {path}"
    return results[0].get("errors", [])


def faults(path: Path) -> list[dict]:
    """The findings that are not a known artefact of the validator."""
    return [finding for finding in findings(path) if not any(a.matches(finding) for a in ARTEFACTS)]


def assert_valid_ooxml(path: Path) -> None:
    """Fail with the validator's own words when ``path`` has any finding that is not an artefact."""
    found = faults(Path(path))
    lines = [f"  {f.get('severity')}: {f.get('description')} [{f.get('part_uri')} {f.get('path')}]" for f in found[:20]]
    assert not found, f"openxml-audit -f {FORMAT} {path}: {len(found)} finding(s)\n" + "\n".join(lines)
