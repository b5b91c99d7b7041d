"""One search on a built site in Debian's chromium (Playwright): what the reader downloads.

Serves the site on 127.0.0.1, opens its search page, types a query, waits for results and
sums the bytes of every response fetched for the search (the Pagefind scripts, its WebAssembly,
the index chunks and result fragments). Requests leaving 127.0.0.1 are refused and counted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.webserve import LAUNCH_ARGS, serve_folder  # noqa: E402 - the browser tests' server and flags

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def run_search(site: Path, query: str) -> dict:
    """{"kb": bytes fetched for the search / 1024, "results": result titles, "refused": off-site URLs}."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, int] = {}
    refused: list[str] = []
    with serve_folder(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()

            def route(r):
                if r.request.url.startswith(base):
                    r.continue_()
                else:
                    refused.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("response", lambda resp: fetched.__setitem__(resp.url, _size(resp)))
            page.goto(base + "/search/", wait_until="load")
            before = set(fetched)
            box = page.locator(".pagefind-ui__search-input")
            box.wait_for(timeout=30_000)
            box.fill(query)
            page.locator(".pagefind-ui__result").first.wait_for(timeout=30_000)
            page.wait_for_function("""() => [...document.querySelectorAll('.pagefind-ui__result-title')]
                .every(t => !/^[. ]*$/.test(t.textContent)) && !document.querySelector('.pagefind-ui__loading')""",
                                   timeout=30_000)
            page.wait_for_load_state("networkidle")
            titles = [t.strip() for t in page.locator(".pagefind-ui__result-title").all_inner_texts()]
        finally:
            browser.close()
    search = {u: n for u, n in fetched.items() if "/pagefind/" in u or u not in before}
    return {"kb": sum(search.values()) / 1024, "results": titles, "refused": refused, "urls": sorted(search)}


def _size(resp) -> int:
    try:
        return len(resp.body())
    except Exception:  # redirects and aborted requests have no body
        return 0


def measure_search(site: Path, query: str) -> float | None:
    if not Path(CHROMIUM).exists() or not (site / "pagefind").is_dir():
        return None
    return run_search(site, query)["kb"]
