"""Load on the werkomgeving: readers and builds at once against `jaarplan serve` on loopback.

    python benchmarks/bench_web.py [--readers 20] [--builds 3] [--seconds 60] [--plans default,20000]

For each plan (``default``: a copy of `source/`; a number: a synthetic plan of
that many matrix rows, as bench_build.py makes them) starts the server as the
README says for a team (``jaarplan serve --login`` in the plan's folder, with
relative source, output and users file) on a free loopback port, logs in
``--readers`` lezers that fetch the pages and ``--builds`` bewerkers that each
start a build (Word + PDF when LibreOffice is there) and follow it to the end,
again and again, for ``--seconds``. Each person has a name of their own: the
server runs at most one job per person. Prints the median and 95th percentile
per page and the server's peak memory, and checks: no error responses, every
build finished, every document whole, no temporary (half) file left. Traffic
goes only to 127.0.0.1; every loop stops at the deadline (and at a request cap).
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
sys.path.insert(0, str(REPO / "src"))
PAGES = ["/", "/werkmap", "/controle", "/versies", "/voortgang", "/bekijken"]
MAX_REQUESTS_PER_READER = 20_000
PASSWORD = "benchmark wachtwoord"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_plan_folder(folder: Path, plan: str, readers: int, builders: int) -> None:
    """``folder``/source (the default plan, or a synthetic one of ``plan`` rows) and gebruikers.json."""
    from jaarplan.web.users import EDITOR, READER, add_user

    if plan == "default":
        shutil.copytree(REPO / "source", folder / "source")
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_build import ROWS_PER_THEME, synthetic_source

        synthetic_source(folder / "source", max(1, int(plan) // ROWS_PER_THEME))
    for number in range(readers):
        add_user(folder / "gebruikers.json", f"lezer{number}", PASSWORD, role=READER)
    for number in range(builders):
        add_user(folder / "gebruikers.json", f"bewerker{number}", PASSWORD, role=EDITOR)


def start_server(folder: Path, port: int) -> subprocess.Popen:
    """``jaarplan serve --login`` in the plan's folder, as the README says: relative source, output and users."""
    command = [sys.executable, "-m", "jaarplan", "serve", "--login", "--port", str(port), "--no-browser"]
    # The server's own log (waitress warns when requests queue) goes to a file: an unread pipe would fill and stall it.
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/jaarplan.css", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("de server startte niet binnen 30 s")


def peak_mib(pid: int) -> float:
    """The server process's peak resident memory (VmHWM; Linux), 0 where /proc is not there."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Client:
    """One browser: its own cookies (session and CSRF token), logged in as ``name``."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _, page, _ = self.get("/inloggen")
        token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
        self.post("/inloggen", {"naam": name, "wachtwoord": PASSWORD, "csrf": token})

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


def reader(client: Client, deadline: float, timings: dict, errors: list) -> None:
    for count in range(MAX_REQUESTS_PER_READER):
        if time.monotonic() > deadline:
            return
        page = PAGES[count % len(PAGES)]
        status, _, seconds = client.get(page)
        timings[page].append(seconds)
        if status != 200:
            errors.append(f"GET {page}: {status}")


def builder(client: Client, deadline: float, timings: dict, errors: list, results: list) -> None:
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


def run(plan: str, arguments: argparse.Namespace) -> bool:
    """One plan under load; prints its figures; True when nothing went wrong."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as work:
        folder = Path(work)
        make_plan_folder(folder, plan, arguments.readers, arguments.builds)
        port = free_port()
        server = start_server(folder, port)
        base = f"http://127.0.0.1:{port}"
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        results: list[str] = []
        try:
            # Logged in before the clock starts; the first Overzicht (the first check of the plan) is timed apart.
            started = time.perf_counter()
            readers = [Client(base, f"lezer{number}") for number in range(arguments.readers)]
            builders = [Client(base, f"bewerker{number}") for number in range(arguments.builds)]
            first_check = time.perf_counter() - started
            deadline = time.monotonic() + arguments.seconds
            threads = [threading.Thread(target=reader, args=(client, deadline, timings, errors)) for client in readers]
            threads += [
                threading.Thread(target=builder, args=(client, deadline, timings, errors, results))
                for client in builders
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=arguments.seconds + 600)
            memory = peak_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        errors += check_files(folder / "output")
    label = "standaardplan" if plan == "default" else f"plan van {plan} regels"
    print(f"{label}: {arguments.readers} lezers en {arguments.builds} builds tegelijk, {arguments.seconds:.0f} s")
    print(f"inloggen van allen, met de eerste controle van het plan: {first_check:.1f} s")
    print(f"{'pagina':<26}{'aantal':>8}{'mediaan':>10}{'p95':>10}")
    for page, values in sorted(timings.items()):
        values.sort()
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        print(f"{page:<26}{len(values):>8}{statistics.median(values) * 1000:>8.0f}ms{p95 * 1000:>8.0f}ms")
    print(f"builds: {results.count('klaar')} klaar, {len(results) - results.count('klaar')} mislukt")
    print(f"piekgeheugen server: {memory:.0f} MiB")
    print(f"fouten: {len(errors)}" + "".join(f"\n  {error}" for error in errors[:20]))
    return not errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--plans", default="default,20000", help="default and/or numbers of matrix rows")
    arguments = parser.parse_args()
    outcomes = [run(plan.strip(), arguments) for plan in arguments.plans.split(",")]
    sys.exit(0 if all(outcomes) else 1)


if __name__ == "__main__":
    main()
