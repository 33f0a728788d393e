"""The LibreOffice side of ``office.session.Office``: a script run by LibreOffice's own Python.

``import uno`` only works in the Python that LibreOffice was built for (Debian's
``/usr/bin/python3`` with ``python3-uno``, the ``python.exe`` in LibreOffice's
``program`` folder on Windows), never in the project's virtual environment.
So this file imports nothing from jaarplan and runs on its own:

    python worker.py SOFFICE PROFILE_URL LOG_PATH

It starts ``soffice`` headless with the given throw-away profile, connects to
it over a named pipe, says ``{"ready": ...}`` on stdout and then answers one
JSON request per line on stdin with one JSON line on stdout:

    {"layout": {"document": PATH, "pdf": PATH, "bookmarks": [NAME, ...], "export": {OPTION: VALUE}}}
      -> {"pages": [PAGE, ...], "page_count": N, "seconds": {STEP: SECONDS}}
    {"quit": true}  -> LibreOffice is closed and the worker ends

However it ends (quit, stdin closed because the caller went away), the worker
closes LibreOffice properly and then removes the folder that holds the log and
the profile: a soffice that is killed leaves its pipe files in /tmp, and the
caller no longer waits for that (``office.session.Office.close``).

``layout`` loads the document once, updates its indexes (the table of
contents' ``update()`` is what puts the page numbers in), reads the page of
every named bookmark and exports the PDF. A failure is ``{"error": TEXT}``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError as missing:  # not LibreOffice's Python: the caller falls back to --convert-to
    print(json.dumps({"error": f"no-uno: {missing}"}), flush=True)
    sys.exit(3)

CONNECT_SECONDS = 120


def properties(**values: object) -> tuple:
    """UNO's list of named values (``PropertyValue``), as loadComponentFromURL and storeToURL take them."""
    result = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name = name
        item.Value = value
        result.append(item)
    return tuple(result)


def launch(soffice: str, profile: str, log: object) -> tuple[subprocess.Popen, str]:
    """Start soffice listening on a fresh named pipe; return it and the pipe's name."""
    pipe = f"jaarplan-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    return office, pipe


def connect(office: subprocess.Popen, pipe: str) -> object:
    """LibreOffice's desktop, once soffice accepts connections on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            # A fresh profile makes soffice restart itself once, so its exit code 81 is no failure.
            if office.poll() not in (None, 81) or time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice startte niet (code {office.poll()})") from None
            time.sleep(0.005)  # polled often: the whole build waits for this moment
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def stop(office: subprocess.Popen, desktop: object | None, folder: str) -> None:
    """Close LibreOffice; kill it (and this worker with it) if it does not go within ten seconds."""
    if desktop is not None:
        with contextlib.suppress(Exception):  # already gone: the bridge is disposed
            desktop.terminate()
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(office.pid)], capture_output=True, check=False)
        else:
            shutil.rmtree(folder, ignore_errors=True)  # now: the kill below ends this worker too
            os.killpg(os.getpgrp(), signal.SIGKILL)  # soffice.bin is a grandchild; our group holds it


def layout(desktop: object, request: dict, opened: list) -> dict:
    """Load, update the indexes, read the bookmarks' pages, export the PDF: one pass over one document.

    The document is left open in ``opened``: it is closed after the answer is
    sent, so the caller does not wait for that.
    """
    seconds = {}
    started = time.perf_counter()
    url = uno.systemPathToFileUrl(os.path.abspath(request["document"]))
    # Read-only: no lock file beside the document, which the caller removes right after.
    document = desktop.loadComponentFromURL(url, "_blank", 0, properties(Hidden=True, ReadOnly=True))
    if document is None:
        return {"error": "LibreOffice kon het document niet openen"}
    opened.append(document)
    seconds["load"] = _lap(started)
    indexes = document.getDocumentIndexes()
    for number in range(indexes.getCount()):
        indexes.getByIndex(number).update()
    seconds["update"] = _lap(started)
    pages = bookmark_pages(document, request.get("bookmarks", []))
    count = document.getCurrentController().getPropertyValue("PageCount")
    seconds["pages"] = _lap(started)
    export(document, request["pdf"], request.get("export", {}))
    seconds["pdf"] = _lap(started)
    return {"pages": pages, "page_count": count, "seconds": seconds}


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def bookmark_pages(document: object, names: list[str]) -> list[int] | None:
    """The page (1-based, as laid out) on which each bookmark stands; None if one is missing."""
    bookmarks = document.getBookmarks()
    cursor = document.getCurrentController().getViewCursor()
    pages = []
    for name in names:
        if not bookmarks.hasByName(name):
            return None
        cursor.gotoRange(bookmarks.getByName(name).getAnchor().getStart(), False)
        pages.append(cursor.getPage())
    return pages


def export(document: object, target: str, options: dict) -> None:
    """Store the document as PDF with the given export options (the filter's FilterData)."""
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", properties(**options))
    arguments = properties(FilterName="writer_pdf_Export", FilterData=filter_data)
    url = uno.systemPathToFileUrl(os.path.abspath(target))
    uno.invoke(document, "storeToURL", (url, arguments))


def serve(office: subprocess.Popen, desktop: object) -> None:
    """Answer requests from stdin until it closes or says quit; end when soffice died."""
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            return
        opened = []
        try:
            answer = layout(desktop, request["layout"], opened)
        except Exception as error:  # UNO raises its own kinds; the caller turns the text into a PlanError
            answer = {"error": f"{type(error).__name__}: {error}"}
            if office.poll() is not None:
                answer["gone"] = True
        print(json.dumps(answer), flush=True)
        if answer.get("gone"):
            return
        for document in opened:
            with contextlib.suppress(Exception):  # closing a document LibreOffice already dropped
                document.close(True)


def main() -> None:
    """Start LibreOffice, serve requests, and stop LibreOffice however this ends.

    When the caller goes away (even killed), stdin closes and ``serve`` returns,
    so LibreOffice never outlives the program that started it, and its
    temporary folder (the log's) does not either.
    """
    soffice, profile, log_path = sys.argv[1:4]
    folder = os.path.dirname(os.path.abspath(log_path))
    try:
        with open(log_path, "ab") as log:
            started = time.perf_counter()
            office, pipe = launch(soffice, profile, log)
            desktop = None
            try:
                desktop = connect(office, pipe)
                print(json.dumps({"ready": round(time.perf_counter() - started, 3)}), flush=True)
                serve(office, desktop)
            except Exception as error:  # told to the caller, if it is still there
                with contextlib.suppress(Exception):
                    print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
            finally:
                stop(office, desktop, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
