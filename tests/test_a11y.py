"""Readers in Chromium (issue 12), on the fixture site built once per session (`seed_site`):

- every page: no table wider than its column at 1366 px, no request off the site, and no
  serious or critical axe-core violation (axe-playwright-python, which bundles axe-core).
  axe's colour-contrast rule, the slow one, runs on one page of each kind, light and dark.
  To keep the suite fast, entity pages (one renderer, 80 pages here) are checked one per kind
  with and without mentions, unless A11Y_ALL_PAGES=1 (as .ci/run sets) asks for all of them;
- the phone layout opens the navigation drawer; dark mode switches and persists;
- an anchor into a collapsed section opens it; a passage link highlights its paragraph;
- the generated HTML validates with the Nu Html Checker (vnu.jar from npm, `make vnu`);
- screenshots of home, a topic, a source and the cross-reference page, desktop and phone,
  are saved to build/screenshots/ (not committed) for people to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ROOT
from .test_browser import Watched, browser, pagefind_search, serve_folder  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}
SCREENSHOTS = ROOT / "build" / "screenshots"
SHOTS = {"home": "/", "topic": "/topics/galaxy-leader/", "source": "/sources/002/", "xref": "/xref/"}
VNU = ROOT / "build" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SERIOUS = {"serious", "critical"}
FAST = {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}
FULL = {"resultTypes": ["violations"]}
KINDS = ["/", "/sources/", "/sources/002/", "/topics/", "/topics/galaxy-leader/", "/entities/",
         "/entities/houthis/", "/xref/", "/annotations/", "/about/"]  # one page of each kind: checked in full
DARK = ["/", "/sources/000/", "/sources/002/", "/topics/galaxy-leader/", "/xref/"]  # checked in full in the dark palette too
LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|blob:)")

# Tables wider than the content column they sit in (1 px of rounding allowed).
OVERFLOWING = """() => Array.from(document.querySelectorAll('article table')).filter(t => {
  const column = t.closest('.md-content__inner').getBoundingClientRect();
  const box = t.getBoundingClientRect();
  return box.right > column.right + 1 || box.width > column.width + 1;
}).map(t => (t.tHead ? t.tHead.textContent : '').trim().slice(0, 60))"""


@pytest.fixture(scope="module")
def site_url(seed_site):
    with serve_folder(seed_site) as url:
        yield url


@pytest.fixture(scope="module")
def survey(browser, seed_site, site_url):  # noqa: F811 - pytest fixture injection
    """Every page of the site visited once at 1366 px: what axe, the tables and the network say."""
    every = site_pages(seed_site)
    pages = set(every if os.environ.get("A11Y_ALL_PAGES") == "1" else sampled(seed_site, every)) | set(KINDS)
    context = browser.new_context(viewport=DESKTOP)
    third_party: list[str] = []
    context.route(LOCAL, lambda route: (third_party.append(route.request.url), route.abort()))
    page = context.new_page()
    axe = Axe()
    found = {"pages": every, "axe_pages": pages, "axe": {}, "overflow": {}, "third_party": third_party,
             "errors": []}
    page.on("pageerror", lambda exc: found["errors"].append(str(exc)))
    try:
        for path in every:
            page.goto(site_url + path, wait_until="load")
            wide = page.evaluate(OVERFLOWING)
            if wide:
                found["overflow"][path] = wide
            if path in pages:
                found["axe"].update(serious(axe, page, path, FULL if path in KINDS else FAST))
    finally:
        context.close()
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    context.route(LOCAL, lambda route: (third_party.append(route.request.url), route.abort()))
    page = context.new_page()
    try:
        for path in DARK:
            page.goto(site_url + path, wait_until="load")
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
            found["axe"].update(serious(axe, page, path + " (dark)", FULL))
    finally:
        context.close()
    return found


def serious(axe: Axe, page, name: str, options: dict) -> dict[str, list[str]]:
    results = axe.run(page, options=options).response
    bad = [f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
           for v in results["violations"] if v["impact"] in SERIOUS]
    return {name: bad} if bad else {}


def site_pages(site: Path) -> list[str]:
    return sorted(("/" + p.parent.relative_to(site).as_posix() + "/").replace("/./", "/")
                  for p in site.rglob("index.html"))


def sampled(site: Path, every: list[str]) -> list[str]:
    """Every page but entity pages, of which the first of each kind with and without mentions."""
    data = json.loads((site / "data" / "dossier.json").read_text("utf-8"))
    chosen = {}
    for entity in data["entities"]:
        chosen.setdefault((entity["kind"], bool(entity["mentions"])), f"/entities/{entity['id']}/")
    keep = set(chosen.values())
    return [p for p in every if not re.fullmatch(r"/entities/[^/]+/", p) or p in keep]


def test_the_survey_visits_every_page(survey):
    assert len(survey["pages"]) >= 100
    assert set(KINDS) <= set(survey["pages"]) and set(KINDS) <= set(survey["axe_pages"])
    assert len([p for p in survey["axe_pages"] if p.startswith("/entities/")]) >= 8


def test_no_serious_or_critical_accessibility_violation_on_any_page(survey):
    assert survey["axe"] == {}


def test_no_table_is_wider_than_its_column_at_desktop_width(survey):
    assert survey["overflow"] == {}


def test_no_page_requests_anything_off_the_site(survey):
    assert survey["third_party"] == []
    assert survey["errors"] == []


def test_the_overflow_check_can_fail(browser, site_url):  # noqa: F811
    """The check above finds a table that is too wide when there is one."""
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site_url + "/sources/", wait_until="load")
        page.add_style_tag(content=".md-typeset table:not([class]) { min-width: 3000px; }")
        assert page.evaluate(OVERFLOWING) != []
    finally:
        page.close()


def test_search_results_naming_source_paragraphs_have_no_serious_violation(browser, site_url):  # noqa: F811
    """The survey sees the search page empty: here with results, sub-results per paragraph among them."""
    context = browser.new_context(viewport=DESKTOP)
    third_party: list[str] = []
    context.route(LOCAL, lambda route: (third_party.append(route.request.url), route.abort()))
    try:
        watched = Watched(context.new_page())
        pagefind_search(watched, site_url, "tycoon")
        page = watched.page
        assert page.locator(".pagefind-ui__result-nested a[href='/sources/002/#p24']").count() >= 2
        assert serious(Axe(), page, "/search/ (results)", FULL) == {}
        assert third_party == [] and watched.errors == []
    finally:
        context.close()


def test_phone_layout_opens_the_navigation_drawer(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(site_url + "/topics/galaxy-leader/", wait_until="load")
        link = page.locator(".md-nav--primary a.md-nav__link[href$='xref/']").first
        on_screen = "a => { const r = a.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth; }"
        assert link.evaluate(on_screen) is False  # the drawer is closed, off the screen
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_function("document.getElementById('__drawer').checked")
        link.wait_for(state="visible")
        page.wait_for_function(f"({on_screen})(document.querySelector(\".md-nav--primary a.md-nav__link[href$='xref/']\"))")
        link.click()
        page.wait_for_url(re.compile(r"/xref/$"))
        # A wide table scrolls inside its own box, with its first column pinned.
        table = page.locator("article table").first
        assert table.evaluate("t => t.scrollWidth > t.clientWidth")
        first = table.locator("tbody tr td").first
        assert first.evaluate("c => getComputedStyle(c).position") == "sticky"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    finally:
        context.close()


def test_dark_mode_switches_and_persists(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url + "/", wait_until="load")

        def scheme() -> str:
            return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

        background = "getComputedStyle(document.body).backgroundColor"
        assert scheme() == "default"
        light = page.evaluate(background)
        page.locator("label[title='Switch to dark mode']").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert page.evaluate(background) != light
        page.goto(site_url + "/sources/002/", wait_until="load")
        assert scheme() == "slate"  # kept across pages (Material's localStorage)
    finally:
        context.close()


def test_an_anchor_into_a_collapsed_section_opens_it(browser, site_url):  # noqa: F811
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site_url + "/sources/002/", wait_until="load")
        assert page.evaluate("document.getElementById('capture').open") is False
        assert not page.locator("#L30").is_visible()
        page.goto(site_url + "/sources/002/#L30", wait_until="load")
        page.wait_for_function("document.getElementById('capture').open")
        assert page.locator("#L30").is_visible()
        top = page.evaluate("document.getElementById('L30').getBoundingClientRect().top")
        assert 0 <= top < DESKTOP["height"]
        # The log's line links open the capture too, and the summary works from the keyboard.
        page.goto(site_url + "/sources/002/", wait_until="load")
        page.locator("#log > summary").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('log').open") is True
        page.locator("#log a[href='#L13']").click()
        page.wait_for_function("document.getElementById('capture').open")
        assert page.locator("#L13").is_visible()
    finally:
        page.close()


def test_following_a_citation_in_the_editors_summary_highlights_the_paragraph(browser, site_url):  # noqa: F811
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(site_url + "/topics/galaxy-leader/", wait_until="load")
        link = page.locator(".dossier-editorial sup.dossier-ref a[href$='#p24']").first
        link.click()
        page.wait_for_url(re.compile(r"/sources/002/#p24$"))
        target = page.locator("p.dossier-para#p24")
        assert page.evaluate("document.querySelector(':target').id") == "p24"
        page.wait_for_timeout(400)  # the highlight's 0.3 s transition
        on = target.evaluate("p => getComputedStyle(p).backgroundColor")
        off = page.locator("p.dossier-para#p25").evaluate("p => getComputedStyle(p).backgroundColor")
        assert on != off
    finally:
        page.close()


def test_screenshots_of_the_main_pages(browser, site_url):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        try:
            for name, path in SHOTS.items():
                page.goto(site_url + path, wait_until="load")
                page.wait_for_load_state("networkidle")
                out = SCREENSHOTS / f"{name}-{device}.png"
                page.screenshot(path=str(out), full_page=True)
                assert out.stat().st_size > 10_000
        finally:
            page.close()


# --- the Nu Html Checker -----------------------------------------------------------------------

# Errors in Material's own templates, not in anything this project generates (checked: each
# is reported on the theme's header, search or palette markup, outside the article).
THEME_ERRORS = [
    re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),  # search box
    re.compile(r"Bad value “” for attribute “tabindex” on element “label”"),  # header buttons
    re.compile(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden"),  # palette
]


def vnu_errors(*folders: Path) -> list[str]:
    """Every error but the theme's in the HTML files of `folders`, as `file:line: message`."""
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("the Nu Html Checker is missing: run `make vnu` (needs Java and npm)")
    pages = sorted(str(p) for folder in folders for p in folder.rglob("*.html"))
    done = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                          capture_output=True, text=True, timeout=600, check=False)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name if 'control' in m.get('url', '') else m.get('url', '').split('/site/')[-1]}"
            f":{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") == "error" and not any(t.search(m["message"]) for t in THEME_ERRORS)]


def test_generated_html_validates(seed_site, tmp_path):
    """One run of the checker (its start-up is slow): the site, and a page known to be invalid
    (the control), which must be the only one reported."""
    control = tmp_path / "control"
    control.mkdir()
    (control / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", "utf-8")
    errors = vnu_errors(seed_site, control)
    assert [e for e in errors if not e.startswith("bad.html:")] == []
    assert [e for e in errors if e.startswith("bad.html:")] != []
