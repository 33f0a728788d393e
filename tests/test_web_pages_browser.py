"""What a civil servant meets in the werkomgeving, in Debian's Chromium against waitress (issue 22, section 5).

Each test starts its own server as the README says (``jaarplan serve --login``
in the plan's folder, relative folders, no LibreOffice), drives the pages as a
person would (also at 390 px, a phone), runs axe-core and takes
screenshots at 1280 and 390 px of what it saw (JAARPLAN_SCREENSHOTS keeps them).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jaarplan.source.check import check_source, load_plan
from jaarplan.store.lock import plan_lock
from jaarplan.webpage.page import write_site

from .browser import PHONE, look, open_page
from .web_support import (
    NEW_PROGRESS,
    broken_workbook,
    fixed_workbook,
    log_in,
    make_plan,
    served,
    upload,
    with_statuses,
    workbook_bytes,
)

JOB_MS = 120_000
LONG_DESCRIPTION = "Vastgesteld in het veiligheidsoverleg van 24 november 2009 na afstemming met woningbouwcoöperaties"
# Every word of every visible text node whose letters do not all sit on one line, unless the browser broke it
# where it hyphenates (a Dutch dictionary, a soft hyphen): a word that breaks even so ("novemb|er") breaks
# without a hyphen. Without overflow-wrap and word-break the word is measured again: still on two lines, the
# break was a hyphen's; on one line, it broke only because breaking anywhere was allowed.
# (Debian's Chromium has no hyphenation dictionaries, so there any break inside a word counts.)
BROKEN_WORDS = """() => {
  const hidden = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clip !== 'auto' || style.clipPath !== 'none' || style.display === 'none') return true;
    }
    return false;
  };
  const lines = (range) =>
    new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  const hyphenated = (element, range) => {
    const [wrap, wordBreak] = [element.style.overflowWrap, element.style.wordBreak];
    element.style.overflowWrap = 'normal';
    element.style.wordBreak = 'normal';
    const still = lines(range) > 1;
    [element.style.overflowWrap, element.style.wordBreak] = [wrap, wordBreak];
    return still;
  };
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || hidden(node.parentElement)) continue;
    const word = /[^\\s\\-\\u2010\\u2013\\/]+/g;
    let match;
    while ((match = word.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (lines(range) > 1 && !hyphenated(node.parentElement, range)) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Elements that let the browser break any word anywhere, even where it fits when its box is sized
# ("overflow-wrap: anywhere" shrinks a box's minimum to one letter): one narrow table or title away from "novemb|er".
BREAKS_ANYWHERE = """() => [...document.querySelectorAll('body, body *')]
  .filter(e => ['anywhere'].includes(getComputedStyle(e).overflowWrap) ||
               ['break-all', 'break-word'].includes(getComputedStyle(e).wordBreak))
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


# For each element: is it what a click on its middle would hit (shown, not clipped away or covered)?
SEEN = """elements => elements.map(element => {
  element.scrollIntoView({block: 'center'});
  const box = element.getBoundingClientRect();
  return element.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
})"""


@pytest.fixture
def server(tmp_path: Path):
    """A plan with statuses and a long Versiebeheer line, served as the README says with --login, no LibreOffice."""
    plan = make_plan(tmp_path)
    with_statuses(plan.source)
    metadata = plan.source / "plan.yaml"
    text = metadata.read_text(encoding="utf-8").replace('omschrijving: ""', f'omschrijving: "{LONG_DESCRIPTION}"', 1)
    metadata.write_text(text, encoding="utf-8")
    with served(tmp_path, "--login") as running:
        yield running.base, plan


# --- Lopend werk and jobs ------------------------------------------------------------------------------


def test_lopend_werk_names_the_work_in_dutch_and_a_waiting_build_says_for_whom(browser, server, shots) -> None:
    base, plan = server
    with open_page(browser) as page:
        log_in(page, base)
        with plan_lock(plan.output, "karin", "een build"):  # `jaarplan build` on the command line, say
            page.get_by_role("button", name="Bouwen (Word + PDF)").click()
            page.wait_for_url(f"{base}/taken/*")
            page.wait_for_selector("#taak-stappen li")
            assert "Wacht: eerst wordt een build door karin (sinds " in page.locator("#taak-stappen").inner_text()
            page.goto(f"{base}/")
            running = page.locator("h2:has-text('Lopend werk') + ul").inner_text()
            assert re.fullmatch(r"Bouwen door jan\.meijer, gestart om \d\d:\d\d: wacht op zijn beurt", running)
            look(page, shots, "overzicht-lopend-werk")
        page.get_by_role("link", name=re.compile("^Bouwen door")).click()
        page.wait_for_selector("#taak[data-finished='ja']", timeout=JOB_MS)
        assert page.get_by_text("Klaar: versie 2.2 is gebouwd").is_visible()


# --- what changed after an upload ----------------------------------------------------------------------


def test_the_change_list_names_the_words_whose_formatting_changed_and_which_row(browser, server, shots) -> None:
    base, plan = server
    book = load_workbook(plan.source / "jaarplan.xlsx", rich_text=True)
    aanleiding = book["Hoofdstukken"]["B2"]
    aanleiding.value = str(aanleiding.value)  # the same words, 'integraal' no longer italic
    book["Matrix"]["I3"] = NEW_PROGRESS  # the second of the two rows of the goal in Matrix!B2
    goal = book["Matrix"]["B2"].value
    buffer = io.BytesIO()
    book.save(buffer)
    with open_page(browser) as page:
        log_in(page, base)
        upload(page, base, buffer.getvalue())
        changes = page.locator(".diff").inner_text()
        assert "alinea 1 (opmaak gewijzigd): 'integraal' niet meer cursief" in changes
        assert "De politie (afdeling Alkmaar)" not in changes  # not the whole paragraph
        assert f"Regel gewijzigd bij doel “{goal}” (regel 2 van 2):" in changes
        look(page, shots, "werkmap-wijzigingen")


# --- Terugzetten ---------------------------------------------------------------------------------------


def test_terugzetten_asks_first_says_in_words_what_it_did_and_the_list_shows_who_placed_what(
    browser, server, shots
) -> None:
    base, plan = server
    with open_page(browser) as page:
        log_in(page, base)
        upload(page, base, fixed_workbook(plan.source), name="plan met rooidagen.xlsx")
        placed = (plan.source / "jaarplan.xlsx").read_bytes()
        upload(page, base, workbook_bytes(plan.source, I2="Nog een stand"), name="tweede.xlsx")
        page.goto(f"{base}/werkmap")
        rows = page.locator("table:has(caption:has-text('Eerdere werkmappen')) tbody tr")
        newest = rows.nth(0)
        assert "jan.meijer" in newest.inner_text() and "plan met rooidagen.xlsx" in newest.inner_text()
        assert "onbekend" in rows.nth(1).inner_text()  # the workbook the plan started with, placed outside
        look(page, shots, "werkmap-bewaard")

        before = (plan.source / "jaarplan.xlsx").read_bytes()
        newest.get_by_role("link", name=re.compile("^Terugzetten")).click()
        assert page.get_by_role("heading", name="Werkmap terugzetten?").is_visible()
        assert "plan met rooidagen.xlsx, geplaatst door jan.meijer" in page.locator("main").inner_text()
        assert (plan.source / "jaarplan.xlsx").read_bytes() == before  # nothing happened yet
        look(page, shots, "terugzetten")
        page.get_by_role("button", name="Ja, zet deze werkmap terug").click()
        page.wait_for_url(f"{base}/werkmap")
        notice = page.locator(".notice.ok").inner_text()
        assert re.match(
            r"De werkmap van \d\d-\d\d-\d{4} om \d\d:\d\d \(plan met rooidagen\.xlsx, geplaatst door jan\.meijer\) "
            r"is weer de huidige werkmap\. De werkmap die er stond, is bewaard",
            notice,
        )
        assert not re.search(r"\d{4}-\d\d-\d\d-\d{6}", notice)  # no raw id
        assert (plan.source / "jaarplan.xlsx").read_bytes() == placed
        look(page, shots, "werkmap-teruggezet")


def test_the_address_cannot_put_a_success_notice_on_the_werkmap_page(browser, server) -> None:
    """Only what the server itself did is told: ?teruggezet=<any text> once showed that text as a green notice."""
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        page.goto(f"{base}/werkmap?teruggezet=Alles+is+gewist")
        assert page.locator(".notice.ok").count() == 0 and "Alles is gewist" not in page.content()


# --- Bekijken, narrow screens, Controle, Voortgang -------------------------------------------------------


def test_bekijken_has_the_menu_back_to_the_other_pages(browser, server, shots) -> None:
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        page.goto(f"{base}/bekijken")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        assert menu.get_by_role("link", name="Bekijken").get_attribute("aria-current") == "page"
        look(page, shots, "bekijken-menu")
        menu.get_by_role("link", name="Werkmap").click()
        page.wait_for_url(f"{base}/werkmap")


def test_at_390_px_no_word_breaks_without_a_hyphen_and_dates_stay_whole(browser, server, tmp_path: Path) -> None:
    base, plan = server
    site = write_site(load_plan(plan.source, allow_changed_issue=True).plan, tmp_path / "site")
    with open_page(browser, width=PHONE) as page:
        page.goto(site.as_uri())  # the published page, as `jaarplan html` writes it
        assert page.evaluate("getComputedStyle(document.body).hyphens") == "auto"
        assert (page.evaluate(BROKEN_WORDS), page.evaluate(BREAKS_ANYWHERE)) == ([], [])
        assert page.locator("td.date", has_text="24 november 2009").count() == 1
        log_in(page, base)
        (plan.source / "jaarplan.xlsx").write_bytes(broken_workbook(plan.source))
        for path in ("/", "/werkmap", "/controle", "/versies", "/voortgang", "/bekijken"):
            page.goto(base + path)
            assert page.evaluate("document.documentElement.lang") == "nl"
            assert page.evaluate("getComputedStyle(document.querySelector('main') || document.body).hyphens") == "auto"
            assert (path, page.evaluate(BROKEN_WORDS), page.evaluate(BREAKS_ANYWHERE)) == (path, [], [])


def test_a_word_broken_where_it_hyphenates_is_not_counted_as_broken(browser) -> None:
    """What a browser with a Dutch dictionary does (here by a soft hyphen) is fine; a break at any letter is not."""
    with open_page(browser, width=PHONE) as page:
        narrow = '<p style="width: {width}em; overflow-wrap: {wrap}">{word}</p>'
        hyphenated = narrow.format(width=7, wrap="break-word", word="veiligheids\u00adoverleg")  # one part fits
        squeezed = narrow.format(width=3, wrap="anywhere", word="november")
        page.set_content(f'<html lang="nl"><body>{hyphenated}{squeezed}</body>')
        assert page.evaluate("document.querySelector('p').getClientRects()[0].height > 30")  # on two lines
        assert page.evaluate(BROKEN_WORDS) == ["november"]


def test_controle_at_390_px_keeps_its_sort_headers(browser, server, shots) -> None:
    base, plan = server
    (plan.source / "jaarplan.xlsx").write_bytes(broken_workbook(plan.source))
    with open_page(browser, width=PHONE) as page:
        log_in(page, base)
        page.goto(f"{base}/controle")
        assert "klik op een kolomkop om te sorteren" in page.locator("caption").inner_text()
        heads = page.locator("thead th a")
        assert heads.evaluate_all(SEEN) == [True] * 5  # each head is there to see and click, not clipped away
        heads.filter(has_text="Cel").click()
        page.wait_for_url(re.compile(r"sorteer=cel"))
        assert page.locator("th[aria-sort='ascending']", has_text="Cel").is_visible()
        look(page, shots, "controle-gesorteerd")


def test_voortgang_shows_the_status_symbols_as_the_report_does(browser, server, shots) -> None:
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        page.goto(f"{base}/voortgang")
        heads = page.locator("thead th").all_inner_texts()
        assert {"✔ gereed", "→ op schema", "! aandacht", "✘ achter"} <= {head.strip() for head in heads}
        attention = page.locator(".attention li strong").all_inner_texts()
        assert "! aandacht" in attention and "✘ achter" in attention
        look(page, shots, "voortgang-symbolen")


# --- login, too large, not a workbook ---------------------------------------------------------------------


def test_the_login_page_sends_someone_logged_in_on(browser, server) -> None:
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        page.goto(f"{base}/inloggen?volgende=/werkmap")
        assert page.url == f"{base}/werkmap"
        assert page.get_by_role("heading", name="Werkmap", exact=True).is_visible()


def test_a_too_large_file_is_told_the_20_mb_limit_and_led_back_to_werkmap(browser, server, shots) -> None:
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        upload(page, base, b"x" * (21 * 1024 * 1024), name="film.xlsx")
        assert page.get_by_role("heading", name="Het bestand is te groot om te plaatsen.").is_visible()
        assert "hoogstens 20 MB" in page.locator("main").inner_text()
        look(page, shots, "fout-413")
        page.get_by_role("link", name="Terug naar de werkmap").click()
        page.wait_for_url(f"{base}/werkmap")


def test_a_file_that_is_no_workbook_is_not_told_to_fix_cells(browser, server, shots) -> None:
    base, _ = server
    with open_page(browser) as page:
        log_in(page, base)
        upload(page, base, opendocument_spreadsheet(), name="export.ods")
        summary = page.locator(".error-summary").inner_text()
        assert "dit is een OpenDocument-rekenblad (.ods), geen .xlsx" in page.locator("table").inner_text()
        assert "Niet geplaatst: export.ods heeft fouten" in summary
        assert "cellen" not in summary and "Hieronder staat wat er aan het bestand mis is" in summary
        look(page, shots, "werkmap-geen-werkmap")


def opendocument_spreadsheet() -> bytes:
    """What LibreOffice Calc saves by default: a zip whose first entry says it is an OpenDocument spreadsheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_thousands_of_problems_show_the_first_200_with_the_total_and_download_whole(browser, server, shots) -> None:
    base, plan = server
    book = load_workbook(plan.source / "jaarplan.xlsx", rich_text=True)
    sheet = book["Matrix"]
    first = sheet.max_row + 1
    for row in range(first, first + 1500):
        sheet.cell(row, 1, sheet["A2"].value)
        sheet.cell(row, 2, f"Doel {row}")
        sheet.cell(row, 3, "=1+1")  # a formula Excel never calculated: one FOUT each
    book.save(plan.source / "jaarplan.xlsx")
    total = len(check_source(plan.source, allow_changed_issue=True).problems)  # 1,500 and the plan's own
    shown = f"{total:,}".replace(",", ".")
    with open_page(browser) as page:
        log_in(page, base)
        page.goto(f"{base}/controle")
        assert page.locator("tbody tr").count() == 200
        assert (
            f"Hieronder staan de eerste 200 van de {shown} meldingen." in page.locator("#meldingen-aantal").inner_text()
        )
        look(page, shots, "controle-veel")
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Download alle {shown} meldingen (CSV, opent in Excel)").click()
        data = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename == "meldingen.csv" and data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["Soort", "Bestand", "Blad", "Cel", "Regel", "Melding"] and len(rows) == total + 1
