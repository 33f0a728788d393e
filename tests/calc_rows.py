"""Ask a headless LibreOffice Calc how it lays out a workbook: column widths, and each row's height as
the file gives it and as Calc fits it to its text (the row's optimal height, as a double click on its edge).

Run with a Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
    python3 tests/calc_rows.py WORKBOOK PROFILE_DIR
Prints one JSON object: sheet name → {"columns": [width, …], "rows": [[as written, fitted], …]},
all in points.
"""

import contextlib
import json
import os
import subprocess
import sys

import uno
from com.sun.star.beans import PropertyValue
from waiting import wait_until  # tests/waiting.py, beside this script: stdlib only

POINTS_PER_HUNDREDTH_MM = 72 / 2540


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start(profile):
    """A headless LibreOffice listening on a pipe of its own."""
    pipe = f"jaarplan-rows-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--norestore", "--nologo",
         f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return office, pipe


def connect(pipe):
    """Its component context, once it answers on the pipe (within a minute)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)

    def answer():
        with contextlib.suppress(Exception):
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        return None

    return wait_until(answer, lambda context: context is not None, 60, "LibreOffice answers over UNO")


def layout(sheet):
    """Widths of the used columns; per used row the height as loaded, then the height Calc fits."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_column, last_row = cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow
    columns = [sheet.Columns.getByIndex(i).Width * POINTS_PER_HUNDREDTH_MM for i in range(last_column + 1)]
    rows = []
    for index in range(last_row + 1):
        row = sheet.Rows.getByIndex(index)
        written = row.Height
        row.OptimalHeight = True
        rows.append([written * POINTS_PER_HUNDREDTH_MM, row.Height * POINTS_PER_HUNDREDTH_MM])
    return {"columns": columns, "rows": rows}


def main():
    path, profile = sys.argv[1], sys.argv[2]
    office, pipe = start(profile)
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),)
        )
        sheets = document.Sheets
        result = {name: layout(sheets.getByName(name)) for name in sheets.ElementNames}
        document.close(True)
        with contextlib.suppress(Exception):  # LibreOffice may drop the connection while it quits
            desktop.terminate()
        office.wait(timeout=60)
    finally:
        if office.poll() is None:  # it did not quit (or something above failed): never leave it running
            office.kill()
            office.wait(timeout=60)
    print(json.dumps(result))


main()
