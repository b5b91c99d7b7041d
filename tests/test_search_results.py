"""Search results name the source and the paragraph that matched (issue 12), in Chromium.

The search page's `processResult` (docs/javascripts/search-results.js) rebuilds Pagefind's
sub-results per reading-text paragraph, quoted passage and entity mention row. Tested on the
seed site (browser fixtures of test_browser.py) and on a small dossier whose words the seeds
do not contain; the hostile-text case is in test_browser.py, next to its site.
"""

from __future__ import annotations

import pytest

from .conftest import DossierFactory, make_project, mkdocs_build
from .test_browser import (  # noqa: F401 - pytest fixtures: the shared browser, a page, the seed site
    INTERPRETED, browser, search_results, seed_url, serve_folder, settle, style, sub_result, watched)

pytestmark = pytest.mark.browser


def follow_to_paragraph(watched, base: str, href: str, pid: str, number: int) -> None:
    """Click the sub-result linking to `href`: it lands on paragraph `pid`, highlighted, numbered `number`."""
    page = watched.page
    page.locator(f'.pagefind-ui__result-nested a[href="{href}"]').first.click()
    page.wait_for_url(base + href)
    page.wait_for_load_state("load")
    settle(page)
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == pid
    assert page.locator(f"p.dossier-para#{pid} .dossier-n").inner_text() == str(number)
    on, off = style(page, f"#{pid}"), style(page, f"p.dossier-para:not(#{pid}) >> nth=0")
    assert on["background"] != off["background"] and on["border"] != off["border"], (on, off)


SIX = "Six stories: ties with Israel, Tavassoli, Galaxy Leader, Kayhan, Kurdistan border, Paydari"


@pytest.mark.parametrize(("query", "pid", "number"), [
    ("corruption", "p60", 51),  # only in source 002: paragraph 51 starts on line 60 of its capture
    ("connections", "p3", 2),  # after an editor's highlight (an element with an id) inside the paragraph
])
def test_search_result_names_the_source_paragraph_and_links_to_it(watched, seed_url, query, pid, number):
    results = search_results(watched, seed_url, query)
    hit = sub_result(results, SIX, f"Paragraph {number} of {SIX}")
    assert hit["href"] == f"/sources/002/#{pid}"
    assert f"<mark>{query}" in hit["excerpt"].lower()
    assert "line" not in hit["excerpt"].split("<mark>")[0].split()[:2]  # the text, not the paragraph's number
    follow_to_paragraph(watched, seed_url, hit["href"], pid, number)
    assert watched.errors == [] and watched.third_party == []


def test_search_hits_in_quoted_passages_and_mentions_name_and_link_the_source_paragraph(watched, seed_url):
    results = search_results(watched, seed_url, "tycoon")
    hit = sub_result(results, "The seizure of the Galaxy Leader",
                     f"Quoted from paragraph 19 of {SIX} (editor\u2019s label)")
    assert hit["href"] == "/sources/002/#p24" and "<mark>tycoon</mark>" in hit["excerpt"]
    assert "Source 002" not in hit["excerpt"]  # the passage's words, not its citation
    assert sub_result(results, SIX, f"Paragraph 19 of {SIX}")["href"] == "/sources/002/#p24"
    # The entity page's row of the mention: the paragraph too, from the source it names.
    mention = sub_result(results, "Abraham Ungar", f"Paragraph 19 of {SIX} (editor’s label)")
    assert mention["href"] == "/sources/002/#p24" and "<mark>tycoon</mark>" in mention["excerpt"]
    follow_to_paragraph(watched, seed_url, hit["href"], "p24", 19)
    assert watched.errors == [] and watched.third_party == []


# A dossier the seeds know nothing of: a word ("wombat") that no seed has, in a paragraph whose
# number (3) is not its line (5), under a title made of markup that must be shown as written.
WOMBAT_TITLE = 'Notes <b>from</b> the <img src=x onerror="window.__pwned=1"> reserve & "fence"'
WOMBAT = ("Field notes from the reserve, written at dusk.\n\n"
          "The rangers counted the animals at dawn and found them well.\n\n"
          "A wombat dug under the fence near the gate, the rangers said on Monday.\n\n"
          "They will mend the fence next week, before the rains come.\n")


@pytest.fixture(scope="module")
def wombat_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wombat")
    factory = DossierFactory(tmp / "dossier")
    factory.source("field-notes", WOMBAT, title={"value": WOMBAT_TITLE, "basis": "test"})
    factory.source("other-notes", "A note about the weather at the reserve.\n\nRain is due on Monday.\n")
    factory.entities([{"id": "reserve-fence", "name": "fence", "kind": "place", "description": "The reserve's fence."}])
    factory.topic("wombats", title="Wombats at the reserve", match={"terms": ["wombat"], "anchors": ["reserve-fence"]})
    project = make_project(tmp / "project", dossier=factory.root)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serve_folder(project / "site") as url:
        yield url


def test_search_names_the_paragraph_on_a_dossier_the_seeds_do_not_contain(watched, wombat_url):
    page = watched.page
    results = search_results(watched, wombat_url, "wombat")
    assert {WOMBAT_TITLE, "Wombats at the reserve", "fence"} <= set(results), results
    hit = sub_result(results, WOMBAT_TITLE, f"Paragraph 3 of {WOMBAT_TITLE}")
    assert hit["href"] == "/sources/field-notes/#p5"
    assert hit["excerpt"] == ("A <mark>wombat</mark> dug under the fence near the gate, the rangers said on Monday.")
    quoted = sub_result(results, "Wombats at the reserve", f"Quoted from paragraph 3 of {WOMBAT_TITLE}")
    assert quoted["href"] == "/sources/field-notes/#p5" and "<mark>wombat</mark>" in quoted["excerpt"]
    mention = sub_result(results, "fence", f"Paragraph 3 of {WOMBAT_TITLE}")  # the entity page
    assert mention["href"] == "/sources/field-notes/#p5" and "<mark>wombat</mark>" in mention["excerpt"]
    assert page.evaluate("typeof window.__pwned") == "undefined" and page.evaluate(INTERPRETED) == []
    follow_to_paragraph(watched, wombat_url, hit["href"], "p5", 3)

    search_results(watched, wombat_url, "wombat")  # the quoted passage's link, from the topic's result
    page.locator('.pagefind-ui__result-nested a[href="/sources/field-notes/#p5"]').last.click()
    page.wait_for_url(wombat_url + "/sources/field-notes/#p5")
    assert page.evaluate("document.querySelector(':target').id") == "p5"
    assert watched.errors == [] and watched.dialogs == [] and watched.third_party == []
