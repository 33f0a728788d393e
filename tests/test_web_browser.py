"""The werkomgeving end to end in a real browser: Debian's Chromium through Playwright, against waitress.

One server for the module, started as the README says (``jaarplan serve
--login`` in the plan's folder, with its relative source, output and users
file), with a lezer and three bewerkers.
The steps a team goes through (log in, upload a wrong and a fixed workbook,
build by keyboard, download and read the .docx, issue a version, compare),
what a lezer and a forged POST cannot do, two builds at once, and axe-core
plus screenshots at 1280 and 390 px on every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from jaarplan.commands.build import build
from jaarplan.store.lock import current_holder
from jaarplan.store.logbook import entries
from jaarplan.web.preview_page import LARGE_PLAN_ROWS

from .browser import look, open_page
from .conftest import TEMPLATE
from .fixtures.progress import write_progress_plan
from .web_support import (
    EDITOR_NAME,
    ERROR_CELL,
    ERROR_MESSAGE,
    NEW_PROGRESS,
    OTHER_EDITORS,
    READER_NAME,
    XLSX,
    broken_workbook,
    fixed_workbook,
    log_in,
    make_plan,
    served,
    upload,
    with_statuses,
)

BUILD_SECONDS = 180_000  # ms: a build with LibreOffice takes seconds; two at once on 2 shared cores, more


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("werkomgeving")
    plan = make_plan(folder)
    # The team issued 2.2 (archived), with three actions' status, and works on a concept of the next version.
    with_statuses(plan.source)
    build(plan.source, plan.output, TEMPLATE)
    for document in plan.output.glob("*.docx"):
        document.unlink()
    metadata = plan.source / "plan.yaml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace("status: definitief", "status: concept"), "utf-8")
    with served(folder, "--login", libreoffice=True) as running:
        yield running.base, plan


def wait_until_done(page) -> None:
    """The job page reloads itself when the job is done; then it says klaar or mislukt."""
    page.wait_for_selector("#taak[data-finished='ja']", timeout=BUILD_SECONDS)


def test_a_bewerker_goes_from_upload_to_compared_versions(browser, server, shots: Path) -> None:
    base, plan = server
    with open_page(browser) as page:
        page.goto(f"{base}/versies")
        assert page.url.startswith(f"{base}/inloggen")  # every page needs a login here
        look(page, shots, "inloggen")
        log_in(page, base)
        look(page, shots, "overzicht")

        before = (plan.source / "jaarplan.xlsx").read_bytes()
        upload(page, base, broken_workbook(plan.source))
        row = page.locator("table tbody tr", has_text=ERROR_MESSAGE)
        assert row.locator("td").nth(2).inner_text() == "Matrix" and row.locator("td").nth(3).inner_text() == ERROR_CELL
        assert page.get_by_text("Er is niets vervangen").is_visible()
        assert (plan.source / "jaarplan.xlsx").read_bytes() == before
        look(page, shots, "werkmap-fout")

        upload(page, base, fixed_workbook(plan.source))
        assert page.get_by_text("is nu de werkmap").is_visible()
        assert page.locator("ins", has_text=NEW_PROGRESS).is_visible()
        look(page, shots, "werkmap-geplaatst")
        page.goto(f"{base}/controle")
        look(page, shots, "controle")
        page.goto(f"{base}/voortgang")
        assert page.locator("tr.total").inner_text().split()[-1] == "34"
        look(page, shots, "voortgang")
        page.goto(f"{base}/bekijken")
        assert page.locator("table caption").count() == 10  # Versiebeheer and the nine matrices
        look(page, shots, "bekijken")

        # Keyboard only: tab to the build button and press Enter.
        page.goto(f"{base}/")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "bouwen":
                break
        assert page.evaluate("document.activeElement.id") == "bouwen"
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/taken/*")
        wait_until_done(page)
        # 2.2 is issued: the uploaded change is built as the concept of 2.3, nobody edits plan.yaml
        assert page.get_by_text("Klaar: versie 2.3 is gebouwd").is_visible()
        assert not re.search(r"jaarplan (build|release)|--[a-z]", page.inner_text("main"))  # no command-line advice
        look(page, shots, "bouwen-klaar")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download Word").click()
        document = Document(download.value.path())
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert NEW_PROGRESS in cells and download.value.suggested_filename.endswith("versie 2.3.docx")

        page.goto(f"{base}/versies")
        page.get_by_label("Omschrijving").fill("Rooidagen afgestemd")
        page.get_by_role("button", name="Verder: controleren en bevestigen").click()
        assert page.get_by_role("heading", name="Versie 2.3 uitgeven?").is_visible()
        assert page.locator("ins", has_text=NEW_PROGRESS).first.is_visible()  # what changed since 2.2
        assert not (plan.output / "archief" / "versie-2.3").exists()  # nothing issued before the confirmation
        look(page, shots, "uitgeven-bevestigen")
        page.get_by_role("button", name="Ja, versie 2.3 uitgeven").click()
        wait_until_done(page)
        assert page.get_by_text("Klaar: versie 2.3 is gebouwd en gearchiveerd").is_visible()
        page.goto(f"{base}/versies")
        row = page.locator("tr", has=page.locator("th", has_text="2.3"))
        assert "JM" in row.inner_text() and "Rooidagen afgestemd" in row.inner_text()
        look(page, shots, "versies")

        page.get_by_label("Oude versie").select_option("2.2")
        page.get_by_label("Nieuwe versie").select_option("2.3")
        page.get_by_role("button", name="Vergelijken").click()
        wait_until_done(page)
        assert page.locator("ins", has_text=NEW_PROGRESS).first.is_visible()
        look(page, shots, "vergelijken")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download de redline").click()
        redline = Document(download.value.path())
        assert NEW_PROGRESS in "".join(t.text for t in redline.element.body.xpath(".//w:ins//w:t"))

        page.goto(f"{base}/bestaat-niet")
        look(page, shots, "fout-404")


def test_a_large_plan_is_read_a_theme_per_page_from_its_contents(browser, tmp_path: Path, shots: Path) -> None:
    """Bekijken of a plan above LARGE_PLAN_ROWS: contents per cluster, then a theme, by keyboard too."""
    write_progress_plan(tmp_path / "source", themes=LARGE_PLAN_ROWS // 8 + 1)  # eight rows a theme: 2,008 rows
    with served(tmp_path) as running, open_page(browser) as page:
        page.goto(f"{running.base}/bekijken")
        assert page.locator("table caption").count() == 0  # no matrix on the contents page
        look(page, shots, "bekijken-inhoud")
        contents = page.get_by_role("navigation", name="Inhoudsopgave")
        first = contents.locator('a[href="/bekijken/thema/1"]')  # under the first theme's cluster
        title = first.inner_text()
        first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{running.base}/bekijken/thema/1")
        assert page.locator("table caption").inner_text() == f"SMART-matrix: {title}"
        look(page, shots, "bekijken-thema")
        page.get_by_role("link", name=re.compile("^Volgend thema: ")).click()
        page.wait_for_url(f"{running.base}/bekijken/thema/2")
        page.get_by_role("link", name="Inhoudsopgave van het hele plan").click()
        page.wait_for_url(f"{running.base}/bekijken")


def test_a_lezer_cannot_upload_and_a_post_without_csrf_token_is_refused(browser, server) -> None:
    base, plan = server
    with open_page(browser) as page:
        log_in(page, base, READER_NAME)
        page.goto(f"{base}/werkmap")
        assert page.locator("#werkmap").count() == 0 and page.get_by_role("button", name="Bouwen").count() == 0
        before = (plan.source / "jaarplan.xlsx").read_bytes()
        token = page.request.get(f"{base}/werkmap").text().split('name="csrf" value="')[1].split('"')[0]
        forbidden = page.request.post(
            f"{base}/werkmap",
            multipart={
                "csrf": token,
                "werkmap": {"name": "x.xlsx", "mimeType": XLSX, "buffer": fixed_workbook(plan.source)},
            },
        )
        assert forbidden.status == 403 and "lezer" in forbidden.text()
        assert (plan.source / "jaarplan.xlsx").read_bytes() == before
    with open_page(browser) as page:
        log_in(page, base)
        without_token = page.request.post(f"{base}/bouwen", form={})
        assert without_token.status == 400 and "Het formulier is verlopen" in without_token.text()
        assert current_holder(plan.output) is None  # nothing started


def test_two_builds_at_once_take_turns_and_a_browser_that_leaves_leaves_no_half_file(browser, server) -> None:
    base, plan = server
    documents_before = {path.name for path in plan.output.glob("* - versie *.docx")}
    builds_before = builds_logged(plan.output)
    with open_page(browser) as first, open_page(browser) as second, open_page(browser) as leaving:
        # Three bewerkers: one person has at most one build running or waiting (tests/test_team_server.py).
        for page, name in zip((first, second, leaving), (*OTHER_EDITORS, EDITOR_NAME), strict=True):
            log_in(page, base, name)
        leaving.get_by_role("button", name="Bouwen (Word + PDF)").click()
        leaving.context.close()  # the browser goes away mid-build
        first.get_by_role("button", name="Bouwen (Word + PDF)").click()
        second.get_by_role("button", name="Bouwen (Word + PDF)").click()
        versions = set()
        for page in (first, second):
            wait_until_done(page)
            said = page.locator(".notice.ok").inner_text()
            versions.add(re.fullmatch(r"Klaar: versie (\S+) is gebouwd\.", said)[1])
        steps = first.locator("#taak-stappen").inner_text() + second.locator("#taak-stappen").inner_text()
        assert "Wacht: eerst wordt een build door jan.meijer" in steps  # told it waits
    assert current_holder(plan.output) is None
    leftovers = [path.name for path in plan.output.rglob("*") if path.name.startswith((".~jaarplan-", ".versie-"))]
    assert leftovers == []
    [version] = versions  # all three built the one version, into one document
    documents = sorted(plan.output.glob("* - versie *.docx"))
    built = f"Gezamenlijk jaarplan 2010 - versie {version}.docx"
    assert {path.name for path in documents} == {*documents_before, built}
    for word in documents:
        Document(word)  # every document whole
    assert builds_logged(plan.output) == builds_before + 3  # the one whose browser left as well


def builds_logged(output: Path) -> int:
    return sum(entry.action == "build" for entry in entries(output))
