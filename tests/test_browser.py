"""The browser helpers themselves: axe-core in Chromium finds a broken page and passes a sound one."""

from __future__ import annotations

import pytest

from .browser import PHONE, assert_no_axe_violations, axe_violations, open_page

BROKEN = '<!doctype html><html><head><title>x</title></head><body><img src="x.png"><a href="#"></a></body></html>'
SOUND = (
    '<!doctype html><html lang="nl"><head><title>Proef</title></head><body>'
    "<main><h1>Proef</h1><p>Tekst.</p></main></body></html>"
)


def test_axe_reports_the_rules_a_broken_page_breaks(browser) -> None:
    with open_page(browser) as page:
        page.set_content(BROKEN)
        rules = {violation["id"] for violation in axe_violations(page)}
        assert {"html-has-lang", "image-alt", "link-name"} <= rules
        with pytest.raises(AssertionError, match="image-alt"):
            assert_no_axe_violations(page)


def test_a_sound_page_passes_at_phone_width(browser) -> None:
    with open_page(browser, width=PHONE) as page:
        page.set_content(SOUND)
        assert page.evaluate("window.innerWidth") == PHONE
        assert_no_axe_violations(page)
