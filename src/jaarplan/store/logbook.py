"""The logboek: who uploaded, built or released what, and when (``output/logboek.jsonl``).

One JSON object per line, appended; read back newest first for the werkomgeving.
"""

from __future__ import annotations

import datetime
import json
import threading
from dataclasses import dataclass
from pathlib import Path

AUDIT_FILE = "logboek.jsonl"
_write_lock = threading.Lock()


@dataclass(frozen=True)
class Entry:
    time: str
    who: str
    action: str
    what: str


def record(output: Path, who: str, action: str, what: str) -> Entry:
    """Append one line: ``who`` did ``action`` ("upload", "build", "release", ...) on ``what``."""
    entry = Entry(datetime.datetime.now().isoformat(timespec="seconds"), who, action, what)
    output.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry.__dict__, ensure_ascii=False) + "\n"
    with _write_lock, (output / AUDIT_FILE).open("a", encoding="utf-8") as handle:
        handle.write(line)  # one write of one line: appends from other processes do not interleave
    return entry


def entries(output: Path, limit: int = 50) -> list[Entry]:
    """The last ``limit`` entries, newest first; lines that do not parse are skipped."""
    path = output / AUDIT_FILE
    if not path.exists():
        return []
    found = []
    # split("\n"), not splitlines(): a U+2028 inside a name must not split its line
    for line in path.read_text(encoding="utf-8").split("\n")[-limit - 1 :]:
        if not line.strip():
            continue
        try:
            found.append(Entry(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return found[::-1]
