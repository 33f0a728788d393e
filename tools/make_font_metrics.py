"""Write ``src/jaarplan/source/xlsx/font_metrics.py``: the advance widths of Arial 10's letters.

The writer sizes columns and rows by the text they hold, on Windows and Macs
too, where Liberation Sans is not installed: so the widths travel with the
code. Liberation Sans has Arial's widths glyph for glyph (it was made to), so
its font files, as Debian installs them, are the measure:

    python tools/make_font_metrics.py [FONT_FOLDER [TARGET]]

(default /usr/share/fonts/truetype/liberation2 and the module in src/;
tests/test_workbook_look.py checks the committed module is what this writes).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
TARGET = (
    Path(sys.argv[2])
    if len(sys.argv) > 2
    else Path(__file__).resolve().parents[1] / "src" / "jaarplan" / "source" / "xlsx" / "font_metrics.py"
)
# Latin-1's printable letters and the typographic ones Word and Excel put in Dutch text; written as code
CHARACTERS_CODE = '"".join(chr(code) for code in range(32, 256) if code < 127 or code > 160) + "‘’‚“”„–—…•€"'
CHARACTERS: str = eval(CHARACTERS_CODE)  # our own constant: the same line in the module and here


def advances(font_file: Path) -> list[int]:
    """The advance width of each of ``CHARACTERS`` in ``font_file``, in its units per em (2048)."""
    font = TTFont(font_file)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return [metrics[cmap[ord(char)]][0] for char in CHARACTERS]


def main() -> None:
    lines = [
        '"""Advance widths of Arial (Liberation Sans) per character, in 1/2048 of the font size.',
        "",
        "Written by tools/make_font_metrics.py from the Liberation Sans font files; do not edit.",
        '"""',
        "",
        "UNITS_PER_EM = 2048",
        f"CHARACTERS = {CHARACTERS_CODE}",
    ]
    for name, file in (("REGULAR", "LiberationSans-Regular.ttf"), ("BOLD", "LiberationSans-Bold.ttf")):
        numbers = textwrap.wrap(" ".join(str(width) for width in advances(FONTS / file)), 110)
        lines += [f'_{name} = """', *numbers, '"""']
        lines.append(f"{name}: dict[str, int] = dict(zip(CHARACTERS, map(int, _{name}.split()), strict=True))")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
