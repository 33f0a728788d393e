"""Real-browser helpers for tests: Debian's Chromium through Playwright, and axe-core.

Shared by every test that looks at a page (the static site, the web app). One
browser runs for the whole test session (``browser`` fixture in conftest.py);
each test opens its own page at the width it needs with ``open_page``.
Nothing is downloaded: Chromium is the system's, axe-core is the copy that the
``axe-playwright-python`` package ships.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .system_tools import skip_missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The success criteria of WCAG 2.0 and 2.1, levels A and AA, as axe-core tags them.
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = 1280
PHONE = 390  # an iPhone 12-15's CSS width


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by JAARPLAN_CHROMIUM; None when there is none."""
    named = os.environ.get("JAARPLAN_CHROMIUM")
    if named:
        return named
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@contextmanager
def launched_browser() -> Iterator[object]:
    """Start Playwright and headless Chromium; stopped again when the block ends."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_missing("Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        skip_missing("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser, url: str | None = None, width: int = DESKTOP, height: int = 900) -> Iterator[object]:
    """A fresh page (own context: no cookies or state shared) at ``width`` CSS pixels, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        if url is not None:
            page.goto(url)
        yield page
    finally:
        context.close()


def axe_violations(page, tags: list[str] = WCAG21_AA) -> list[dict]:
    """axe-core's violations of the page as it is now, limited to the rules with these tags."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
    return results.response["violations"]


def assert_no_axe_violations(page, tags: list[str] = WCAG21_AA) -> None:
    """Fail with axe-core's own report (rule, impact, element, why) when the page breaks a WCAG 2.1 A/AA rule."""
    violations = axe_violations(page, tags)
    assert not violations, "\n".join(_described(violation) for violation in violations)


def _described(violation: dict) -> str:
    nodes = "; ".join(
        f"{', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
        for node in violation["nodes"][:5]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']} [{nodes}]"


def look(page, shots: Path, name: str) -> None:
    """axe-core on the page as it is, and a full-page screenshot at both widths."""
    assert_no_axe_violations(page)
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": DESKTOP, "height": 900})
