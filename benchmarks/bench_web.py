"""Load on the werkomgeving: readers and builds at once against `jaarplan serve` on loopback.

    python benchmarks/bench_web.py [--readers 20] [--builds 3] [--seconds 60]

Starts the server in a subprocess on a free loopback port over a copy of
`source/`, runs ``--readers`` threads that fetch the pages and ``--builds``
threads that each start a build (Word + PDF when LibreOffice is there) and
follow it to the end, again and again, for ``--seconds``. Prints the median
and 95th percentile per page, and checks: no error responses, every build
finished, every document whole, no temporary (half) file left. Traffic goes
only to 127.0.0.1; every loop stops at the deadline (and at a request cap).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ["/", "/werkmap", "/controle", "/versies"]
MAX_REQUESTS_PER_READER = 20_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path, port: int) -> subprocess.Popen:
    source = shutil.copytree(REPO / "source", folder / "source")
    command = [
        sys.executable,
        "-m",
        "jaarplan",
        "serve",
        "--source",
        str(source),
        "--output",
        str(folder / "output"),
        "--template",
        str(REPO / "templates" / "jaarplan.docx"),
        "--port",
        str(port),
        "--no-browser",
    ]
    # The server's own log (waitress warns when requests queue) goes to a file: an unread pipe would fill and stall it.
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/jaarplan.css", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("de server startte niet binnen 30 s")


class Client:
    """One browser: its own cookies (session and CSRF token)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.read(), time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.perf_counter() - started
        except OSError as error:  # no answer at all (time-out, reset): counted as an error, the loop goes on
            return 0, str(error).encode(), time.perf_counter() - started

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.base + path, data=data, timeout=120) as response:
            return response.status, response.geturl()


def reader(base: str, deadline: float, timings: dict, errors: list) -> None:
    client = Client(base)
    for count in range(MAX_REQUESTS_PER_READER):
        if time.monotonic() > deadline:
            return
        page = PAGES[count % len(PAGES)]
        status, _, seconds = client.get(page)
        timings[page].append(seconds)
        if status != 200:
            errors.append(f"GET {page}: {status}")


def builder(base: str, deadline: float, timings: dict, errors: list, results: list) -> None:
    client = Client(base)
    while time.monotonic() < deadline:
        _, html, _ = client.get("/")
        found = re.search(rb'name="csrf" value="([^"]+)"', html)
        if found is None:
            errors.append("GET /: geen formulier om te bouwen")
            return
        token = found.group(1).decode()
        started = time.perf_counter()
        _, job_url = client.post("/bouwen", {"csrf": token})
        job = urllib.parse.urlsplit(job_url).path
        while True:
            status, body, _ = client.get(f"{job}/status")
            if status != 200:
                errors.append(f"GET {job}/status: {status}")
                break
            if b'"finished":true' in body.replace(b" ", b""):
                state = re.search(rb'"state":\s*"(\w+)"', body).group(1).decode()
                results.append(state)
                timings["bouwen (start tot klaar)"].append(time.perf_counter() - started)
                if state != "klaar":
                    errors.append(f"build {job}: {state}")
                break
            time.sleep(0.5)


def check_files(output: Path) -> list[str]:
    problems = [f"half bestand: {path.name}" for path in output.rglob(".~jaarplan-*")]
    for document in list(output.glob("*.docx")) + list(output.glob("*.pdf")):
        if document.suffix == ".docx":
            with zipfile.ZipFile(document) as archive:
                if archive.testzip() is not None or "word/document.xml" not in archive.namelist():
                    problems.append(f"kapot: {document.name}")
        elif not document.read_bytes().rstrip().endswith(b"%%EOF"):
            problems.append(f"kapot: {document.name}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as work:
        port = free_port()
        server = start_server(Path(work), port)
        base = f"http://127.0.0.1:{port}"
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        results: list[str] = []
        deadline = time.monotonic() + arguments.seconds
        threads = [
            threading.Thread(target=reader, args=(base, deadline, timings, errors)) for _ in range(arguments.readers)
        ]
        threads += [
            threading.Thread(target=builder, args=(base, deadline, timings, errors, results))
            for _ in range(arguments.builds)
        ]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=arguments.seconds + 600)
        finally:
            server.terminate()
            server.wait(timeout=30)
        errors += check_files(Path(work) / "output")
    print(f"{arguments.readers} lezers en {arguments.builds} builds tegelijk, {arguments.seconds:.0f} s, op {base}")
    print(f"{'pagina':<26}{'aantal':>8}{'mediaan':>10}{'p95':>10}")
    for page, values in sorted(timings.items()):
        values.sort()
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        print(f"{page:<26}{len(values):>8}{statistics.median(values) * 1000:>8.0f}ms{p95 * 1000:>8.0f}ms")
    print(f"builds: {results.count('klaar')} klaar, {len(results) - results.count('klaar')} mislukt")
    print(f"fouten: {len(errors)}" + "".join(f"\n  {error}" for error in errors[:20]))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
