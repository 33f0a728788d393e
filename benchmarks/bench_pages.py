"""The werkomgeving's Bekijken and Voortgang pages for a large plan: server time, size, and a browser's load.

    python benchmarks/bench_pages.py [--themes 1000] [--repeat 3]

Issue 23 asks whether these pages stay usable for a plan of 20,000 rows. A
synthetic plan (``bench_report.synthetic_source``: every status, 20 rows a
theme) is served by the app without login (Flask's test client: no network);
each page is fetched ``--repeat`` times (the first fills the cached check, so
the median is what a user sees on a next visit), its size taken, and then
opened in Chromium (Debian's, headless, through Playwright, as the tests do;
skipped when it is not there) from a file with its stylesheet beside it:
time to the load event, the JS heap, and the height of the laid-out page.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import ROWS_PER_THEME, synthetic_source  # noqa: E402

PAGES = {
    "/bekijken": "/bekijken/opmaak.css",
    "/bekijken/thema/1": "/bekijken/opmaak.css",  # a large plan: a theme per page
    "/voortgang": "/static/jaarplan.css",
}
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def served(app, path: str, repeat: int) -> tuple[float, bytes]:
    """The median seconds to serve ``path`` and its body."""
    client = app.test_client()
    times, body = [], b""
    for _ in range(repeat + 1):  # the first fills the cached check
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        body = response.data
    return statistics.median(times[1:]), body


def in_browser(files: list[Path]) -> list[dict[str, float]] | None:
    """Open each HTML file in headless Chromium: load time, JS heap (MiB), page height (px)."""
    executable = next((path for path in CHROMIUM if Path(path).is_file()), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if executable is None:
        return None
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--enable-precise-memory-info"])
        for file in files:
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(file.as_uri(), wait_until="load", timeout=300_000)
            seconds = time.perf_counter() - started
            heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20
            height = page.evaluate("document.documentElement.scrollHeight")
            found.append({"seconds": seconds, "heap_mib": heap, "height_px": height})
            page.close()
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=1000, help="themes of the synthetic plan (20 rows each)")
    parser.add_argument("--repeat", type=int, default=3, help="fetches per page after the first (median shown)")
    args = parser.parse_args()
    from jaarplan.web.app import Settings, create_app

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        synthetic_source(scratch / "bron", args.themes)
        settings = Settings(
            scratch / "bron", scratch / "uitvoer", REPO / "templates" / "jaarplan.docx", login_required=False
        )  # as serve on loopback: the pages without a login
        app = create_app(settings)
        rows, files = [], []
        for path, stylesheet in PAGES.items():
            seconds, body = served(app, path, args.repeat)
            folder = scratch / path.strip("/")
            folder.mkdir(parents=True)
            css = app.test_client().get(stylesheet).data
            html = body.decode("utf-8")
            (folder / "opmaak.css").write_bytes(css)
            html = html.replace(f'href="{stylesheet}"', 'href="opmaak.css"')
            (folder / "pagina.html").write_text(html, encoding="utf-8")
            files.append(folder / "pagina.html")
            rows.append((path, seconds, len(body)))
        browser = in_browser(files)
        shutil.rmtree(scratch / "uitvoer", ignore_errors=True)
    print(f"{args.themes * ROWS_PER_THEME} rows")
    print(f"{'page':<20}{'served s':>10}{'MB':>8}{'browser s':>11}{'JS heap MiB':>13}{'height px':>12}")
    for number, (path, seconds, size) in enumerate(rows):
        shown = browser[number] if browser else None
        browser_part = "  (no browser)"
        if shown:
            browser_part = f"{shown['seconds']:>11.2f}{shown['heap_mib']:>13.0f}{shown['height_px']:>12.0f}"
        print(f"{path:<20}{seconds:>10.2f}{size / 1e6:>8.1f}{browser_part}")


if __name__ == "__main__":
    main()
