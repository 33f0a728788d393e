"""Write ``src/jaarplan/source/xlsx/font_metrics.py``: the advance widths of Arial 10's letters.

The writer sizes columns and rows by the text they hold, on Windows and Macs
too, where Liberation Sans is not installed: so the widths travel with the
code. Liberation Sans has Arial's widths glyph for glyph (it was made to), so
its font files, as Debian installs them, are the measure:

    python tools/make_font_metrics.py [/usr/share/fonts/truetype/liberation2]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
TARGET = Path(__file__).resolve().parents[1] / "src" / "jaarplan" / "source" / "xlsx" / "font_metrics.py"
CHARACTERS = [chr(code) for code in range(32, 256) if code < 127 or code > 160] + list("‘’‚“”„–—…•€")


def advances(font_file: Path) -> dict[str, int]:
    font = TTFont(font_file)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return {char: metrics[cmap[ord(char)]][0] for char in CHARACTERS if ord(char) in cmap}


def main() -> None:
    lines = [
        '"""Advance widths of Arial (Liberation Sans) per character, in 1/2048 of the font size.',
        "",
        "Written by tools/make_font_metrics.py from the Liberation Sans font files; do not edit.",
        '"""',
        "",
        "UNITS_PER_EM = 2048",
    ]
    for name, file in (("REGULAR", "LiberationSans-Regular.ttf"), ("BOLD", "LiberationSans-Bold.ttf")):
        table = advances(FONTS / file)
        lines.append(f"{name}: dict[str, int] = {{")
        lines += [f"    {char!r}: {width}," for char, width in table.items()]
        lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
