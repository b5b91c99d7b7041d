"""Annotated passages in a real browser: reachable by keyboard, described by their note for
screen readers, the note shown beside the paragraph, all without scripts of ours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_browser import browser, seed_url, watched  # noqa: F401 - fixtures shared with the browser tests

pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement && document.activeElement.id"


def test_tab_reaches_each_annotated_passage_and_its_note_describes_it(watched, seed_url):  # noqa: F811
    page = watched.page
    watched.open(f"{seed_url}/sources/002/")
    reached = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED) or ""
        if focused.startswith("mark-"):
            reached.append(focused)
        if focused == "mark-crew-count-52":
            break
    assert reached[:2] == ["mark-repeated-lead-002", "mark-crew-count-52"], reached
    mark = page.locator("#mark-crew-count-52")
    expect(mark).to_be_focused()
    expect(mark).to_have_accessible_description(
        "Note 2 · disputing · Dossier editors, 2026-11-23 52 is the only count that is not 25: the next sentence "
        "gives 25 from the Israeli Prime Minister's office, and capture 000 gives 25 too. The two figures may "
        "differ by a transposed digit; no capture says which is right. See also: source 000, annotation "
        "crew-count-25", timeout=10_000)
    note = page.locator("#note-crew-count-52")
    expect(note).to_be_visible()
    assert note.evaluate("el => el.previousElementSibling.id") == "p22"  # right after its paragraph
    # the highlight is visible: the mark's background differs from the paragraph's
    colours = mark.evaluate("el => [getComputedStyle(el).backgroundColor, "
                            "getComputedStyle(el.parentElement).backgroundColor]")
    assert colours[0] != colours[1], colours
    # the note links back to the passage, by keyboard too
    note.locator("a[href='#mark-crew-count-52']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#mark-crew-count-52'")
    assert watched.errors == []
