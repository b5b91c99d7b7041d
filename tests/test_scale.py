"""Scale features on synthetic dossiers: the generator, paginated listings, the per-source
cache, the raw HTML blocks the hook splices in, and the benchmark run at a small size."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from build_scripts import rawblocks, source_cache
from build_scripts.load import load
from build_scripts.pipeline import build
from build_scripts.render import paging
from build_scripts.render.markup import raw
from build_scripts.synth import write_dossier

from .conftest import ROOT


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synth60(tmp_path_factory) -> Path:
    return write_dossier(tmp_path_factory.mktemp("synth") / "dossier", 60, seed=3)


# --- the generator -----------------------------------------------------------------------------


def test_synth_is_deterministic_per_seed(tmp_path, synth60):
    again = write_dossier(tmp_path / "again", 60, seed=3)
    assert listing(again) == listing(synth60)
    other = write_dossier(tmp_path / "other", 60, seed=4)
    assert listing(other) != listing(synth60)


def test_synth_refuses_a_folder_with_files(synth60):
    with pytest.raises(FileExistsError, match="is not empty; choose a new or empty folder"):
        write_dossier(synth60, 5)


def test_synth_dossier_is_valid_and_gives_every_analysis_work(synth60, monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    site = build(synth60)
    d, a = site.dossier, site.analysis
    assert len(d.sources) == 60 and not [p for p in site.problems if p.severity.name != "NOTE"]
    assert len({s.meta.outlet.known for s in d.sources}) >= 8  # varied outlets
    assert len({s.meta.published.known for s in d.sources}) >= 10  # and dates
    assert any(s.meta.published.known is None for s in d.sources) and any(not s.has_title for s in d.sources)
    assert any(s.meta.byline.quote for s in d.sources)
    assert sum(len(s.reading.stories) > 1 for s in d.sources) >= 5  # bundled stories
    actions = Counter(e.action for s in d.sources for e in s.reading.log)
    assert actions["removed"] and actions["split"]  # furniture removed, stories split
    texts = Counter(p.text for s in d.sources for p in s.reading.paragraphs)
    assert sum(n >= 2 for n in texts.values()) >= 5  # agency copy shared word for word
    assert any("“" in t and "said" in t for t in texts) and any(re.search(r"\d,\d{3}", t) for t in texts)
    entities = Counter(m.entity for m in a.mentions)
    assert len(entities) >= 30 and entities.most_common(1)[0][1] > 60  # some named nearly everywhere
    assert all(a.topics[t.slug].passages for t in d.topics)
    quoted = {(p.source, p.story) for t in a.topics.values() for p in t.passages}
    stories = {(s.id, st.id) for s in d.sources for st in s.reading.stories}
    assert len(stories - quoted) >= 10  # unrelated stories stay out of every topic
    assert a.candidates  # names no entity covers: the byline writers, the football club


def test_synth_command_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "build_scripts", "synth", "--sources", "3", "--out",
                             str(tmp_path / "d"), "--seed", "9"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "d" / "sources").iterdir()) == ["s0000", "s0001", "s0002"]
    again = subprocess.run([sys.executable, "-m", "build_scripts", "synth", "--sources", "3", "--out",
                            str(tmp_path / "d")], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 1
    assert again.stderr == f"error: {tmp_path / 'd'} is not empty; choose a new or empty folder\n"


# --- long listings are paginated, and links follow -------------------------------------------------


def test_long_listings_are_split_and_every_link_lands_on_its_anchor(synth60, monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    monkeypatch.setattr(paging, "PER_PAGE", 12)
    files = {k: v.decode() for k, v in build(synth60).files.items() if k.endswith(".md")}
    anchors = {path: [x or y for x, y in re.findall(r'\{ #([\w-]+) \}|id="([\w-]+)"', text)]
               for path, text in files.items()}
    split = [p for p in files if re.fullmatch(r"entities/[\w-]+/\d+/index\.md", p)]
    assert split and any(re.fullmatch(r"topics/[\w-]+/\d+/index\.md", p) for p in files)
    for path in split:  # a source's mentions are on one page only
        entity = path.split("/")[1]
        pages = [p for p in files if p.startswith(f"entities/{entity}/")]
        ids = Counter(a for p in pages for a in anchors[p] if a.startswith("in-"))
        assert ids and max(ids.values()) == 1
    checked = 0
    for path in ("xref/index.md", *[p for p in files if p.startswith("topics/") or p.startswith("sources/")]):
        for href, anchor in re.findall(r'href="([^"#]*)#((?:in|from)-[\w-]+)"', files[path]):
            target = os.path.normpath(os.path.join(os.path.dirname(path), href, "index.md")).replace(os.sep, "/")
            assert anchor in anchors[target], (path, href, anchor)
            checked += 1
    assert checked > 100


def _links(path: str, text: str) -> list[tuple[str, str]]:
    """(target page, anchor) of every link with an anchor, Markdown or raw HTML, from page `path`."""
    out = []
    for a, b, c, d in re.findall(r'\]\(([^)#\s]*)#([\w-]+)\)|href="([^"#]*)#([\w-]+)"', text):
        href, anchor = a or c, b or d
        if href.endswith(".md"):
            target = os.path.normpath(os.path.join(os.path.dirname(path), href))
        else:
            target = os.path.normpath(os.path.join(os.path.dirname(path), href, "index.md"))
        out.append((target.replace(os.sep, "/"), anchor))
    return out


def test_comparison_pages_are_split_and_every_link_lands_on_its_anchor(synth60, monkeypatch):
    from build_scripts.render import split

    monkeypatch.setenv("DOSSIER_CACHE", "off")
    monkeypatch.setattr(split, "PAGE_CHARS", 20_000)
    monkeypatch.setattr(split, "TOPIC_ITEMS", 2)
    files = {k: v.decode() for k, v in build(synth60).files.items() if k.endswith(".md")}
    anchors = {path: [x or y for x, y in re.findall(r'\{ #([\w-]+) \}|id="([\w-]+)"', text)]
               for path, text in files.items()}
    for kind in ("figures", "timeline", "quotations"):
        pages = [p for p in files if p.startswith(f"{kind}/")]
        assert len(pages) >= 3 and f"{kind}/2/index.md" in pages, kind
        ids = Counter(a for p in pages for a in anchors[p])
        assert ids and max(ids.values()) == 1, kind  # every block's anchor on one page only
        for page in pages:
            assert len(files[page]) < 20_000 + 30_000, page  # the budget, plus at most one block
            assert ('class="dossier-pager"' in files[page]) and (page == f"{kind}/index.md" or "page " in files[page].split("\n")[1])
    checked = 0
    for path, text in files.items():
        for target, anchor in _links(path, text):
            if target.split("/")[0] in ("figures", "timeline", "quotations"):
                assert anchor in anchors[target], (path, target, anchor)
                checked += 1
    assert checked > 50
    assert "## Disagreements (continued)" in "".join(files[p] for p in files if p.startswith("figures/")) or \
        "## All other quantities (continued)" in "".join(files[p] for p in files if p.startswith("figures/"))
    topic = files["topics/talks/index.md"]
    assert re.search(r"The first 2 of [\d,]+ quantities in these passages are shown here; \[Reported figures\]", topic)
    assert re.search(r"The first 2 of [\d,]+ dates in these passages are shown here; \[Timeline\]", topic)


def test_split_cuts_blocks_in_order_and_links_across_pages():
    from build_scripts.render.split import Block, split

    items = [("a", 10), ("b", 10), ("c", 25), ("d", 5)]
    pages = split("figures", items, lambda item, here: Block(item[0], f"{here}|" + "x" * item[1], "S"), budget=60)
    assert [[b.anchor for b in page] for page in pages.pages] == [["a", "b"], ["c"], ["d"]]
    assert pages.pages[0][0].text.startswith("figures/index.md|")  # made for the page it lands on
    assert pages.pages[1][0].text.startswith("figures/2/index.md|")
    assert pages.link("d", "figures/index.md", "d") == "[d](3/index.md#d)"
    assert pages.link("a", "figures/index.md", "a") == "[a](#a)"
    out = pages.render("Figures", ["Intro."], {})
    assert list(out) == ["figures/index.md", "figures/2/index.md", "figures/3/index.md"]
    assert "## S (continued)" in out["figures/2/index.md"] and "## S\n" in out["figures/index.md"]
    assert "Page 2 of 3 of [Figures](../index.md)." in out["figures/2/index.md"]
    assert ('<p>Page 2 of 3: <a href="../" rel="prev">Previous</a> · <a href="../">1</a> · '
            '<a aria-current="page" class="dossier-current" href="./">2</a> · <a href="../3/">3</a> · '
            '<a href="../3/" rel="next">Next</a></p>') in out["figures/2/index.md"]
    assert out["figures/2/index.md"].count('class="dossier-pager"') == 2  # above and below, named apart


# --- the per-source cache ---------------------------------------------------------------------------


def test_deleting_the_cache_changes_no_output(synth60, tmp_path, monkeypatch):
    from build_scripts.writer import write_pages

    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    write_pages(build(synth60).files, tmp_path / "cold")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [  # one pack per stage
        f"stage-{s}.pickle" for s in sorted(["load", "normalise", "mentions", "topics", "name-runs", "quotes", "figures",
                                             "dates", "wording", "signatures"])]
    write_pages(build(synth60).files, tmp_path / "warm")
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    write_pages(build(synth60).files, tmp_path / "none")
    assert listing(tmp_path / "cold") == listing(tmp_path / "warm") == listing(tmp_path / "none")


def test_a_build_removes_the_entries_of_the_first_cache_layout_and_nothing_else(synth60, tmp_path, monkeypatch):
    """The first cache kept one pickle per source folder (`ab/ab….pickle`), never read again since
    each stage keeps one pack: a build that writes its packs removes them, and only them."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DOSSIER_CACHE", str(cache))
    old = [cache / "ab" / f"ab{'0' * 62}.pickle", cache / "ab" / f"ab{'1' * 62}.pickle", cache / "07" / f"07{'f' * 62}.pickle"]
    kept = [cache / "ab" / f"cd{'0' * 62}.pickle", cache / "ab" / "notes.txt", cache / "xy" / f"xy{'0' * 62}.pickle",
            cache / "mine.pickle"]
    for path in old + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"an entry")
    outside = tmp_path / "outside"  # a link named like an entries' folder is never followed
    outside.mkdir()
    kept.append(outside / f"cd{'2' * 62}.pickle")
    kept[-1].write_bytes(b"an entry")
    (cache / "cd").symlink_to(outside)
    build(synth60)
    assert not any(p.exists() for p in old) and not (cache / "07").exists()
    assert all(p.read_bytes() == b"an entry" for p in kept) and (cache / "cd").is_symlink()
    assert (cache / "stage-load.pickle").is_file()


def _edit_capture(folder: Path, line: str) -> None:
    """Add a paragraph to a source's capture, with the hash its metadata must then give."""
    import hashlib

    capture = folder / "capture.txt"
    old_hash = hashlib.sha256(capture.read_bytes()).hexdigest()
    capture.write_bytes(capture.read_bytes().rstrip(b"\n") + b"\n" + line.encode() + b"\n")
    meta = folder / "source.yml"
    meta.write_text(meta.read_text("utf-8").replace(old_hash, hashlib.sha256(capture.read_bytes()).hexdigest()), "utf-8")


# Each edit, then the files of a build from the warm cache are those of a build without a cache.
EDITS = {
    "a capture": lambda d: _edit_capture(d / "sources" / "s0004", (
        "Wanda Karimov said 4,200 negotiators met Greta Mirza in Sarnova City on 3 May 2024, and "
        "\u201cwe will not accept this,\u201d she told the Continental Press Agency.")),
    "a source's metadata": lambda d: (d / "sources" / "s0007" / "source.yml").write_text(
        (d / "sources" / "s0007" / "source.yml").read_text("utf-8").replace("The text is in English.", "Edited."), "utf-8"),
    "an entity's aliases": lambda d: (d / "entities" / "place.yml").write_text(
        (d / "entities" / "place.yml").read_text("utf-8").replace(
            "  kind: place\n", "  kind: place\n  aliases:\n    - text: reporters\n      case: insensitive\n", 1), "utf-8"),
    "the normalisation rules": lambda d: (d / "rules" / "normalise.yml").write_text(
        (d / "rules" / "normalise.yml").read_text("utf-8").replace("min_chars: ", "min_chars: 1", 1), "utf-8"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_then_a_warm_build_gives_the_bytes_of_a_build_without_cache(edit, tmp_path, monkeypatch):
    import shutil

    dossier = shutil.copytree(write_dossier(tmp_path / "base", 12, seed=5), tmp_path / "d")
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    before = build(dossier).files
    EDITS[edit](dossier)
    warm = build(dossier).files
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    assert warm == build(dossier).files
    assert warm != before  # the edit shows


def test_after_one_edit_only_that_source_is_worked_on_again(tmp_path, monkeypatch):
    from build_scripts import normalise
    from build_scripts.analysis import mentions

    dossier = write_dossier(tmp_path / "d", 12, seed=5)
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    build(dossier)
    calls: list[str] = []
    for module, name in ((normalise, "derive_reading"), (mentions, "_mentions")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    EDITS["a capture"](dossier)
    build(dossier)
    assert sorted(calls) == ["_mentions", "derive_reading"]
    calls.clear()
    build(dossier)
    assert calls == []


def test_fingerprints_are_the_same_in_every_process_and_follow_the_data(tmp_path):
    import subprocess
    import sys

    from build_scripts.load import load

    code = ("import sys; from pathlib import Path; from build_scripts.load import load; "
            "from build_scripts.source_cache import fingerprint; d = load(Path(sys.argv[1]))[0]; "
            "print(fingerprint((d.rules, d.entities, d.topics, d.names, d.wording)))")
    dossier = write_dossier(tmp_path / "d", 3, seed=5)
    runs = {subprocess.run([sys.executable, "-c", code, str(dossier)], cwd=ROOT, capture_output=True, text=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed, "DOSSIER_CACHE": "off"},
                           check=True).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1
    d = load(dossier)[0]
    assert source_cache.fingerprint(d.entities) != source_cache.fingerprint(d.entities[1:])
    assert source_cache.fingerprint(frozenset({"a", "b"})) == source_cache.fingerprint(frozenset({"b", "a"}))
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        source_cache.fingerprint(object())


def test_cache_key_follows_the_source_and_the_code(tmp_path, monkeypatch):
    dossier = write_dossier(tmp_path / "d", 2)
    folder = dossier / "sources" / "s0000"
    key = source_cache.key(folder, "")
    assert source_cache.key(folder, "") == key
    meta = folder / "source.yml"
    meta.write_text(meta.read_text("utf-8").replace("The text is in English.", "Edited."), "utf-8")
    assert source_cache.key(folder, "") != key
    other = dossier / "sources" / "s0001"
    before = source_cache.key(other, "rules")
    monkeypatch.setattr(source_cache, "code_version", lambda: "another version of build_scripts")
    assert source_cache.key(other, "rules") != before


def test_an_edited_source_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    dossier = write_dossier(tmp_path / "d", 5)
    build(dossier)
    meta = dossier / "sources" / "s0002" / "source.yml"
    meta.write_text(meta.read_text("utf-8").replace("The text is in English.", "An edited basis."), "utf-8")
    page = build(dossier).files["sources/s0002/index.md"].decode()
    assert "Editor: An edited basis." in page
    capture = dossier / "sources" / "s0003" / "capture.txt"
    capture.write_bytes(capture.read_bytes() + b"\nA line added.\n")
    problems = [p.format() for p in load(dossier)[1]]
    assert any("capture.sha256: capture.txt has SHA-256" in p for p in problems)


# --- raw HTML blocks ----------------------------------------------------------------------------------


def test_raw_blocks_are_lifted_and_spliced_back_and_cannot_be_forged():
    block = '<table><tr><td id="x1">a &lt;b&gt;</td></tr></table>'
    markdown = f"# Title\n\ndossierraw0x0\n\n{raw(block)}\n\nText after.\n"
    lifted, blocks, nonce = rawblocks.lift(markdown)
    assert blocks == [block] and "<table>" not in lifted and len(nonce) == 24
    forged = f"<p>dossierraw0x0</p>\n<p>dossierraw{'0' * 24}x0</p>"  # a token of another nonce stays text
    converted = f"<h1>Title</h1>\n{forged}\n<p>dossierraw{nonce}x0</p>\n<p>Text after.</p>"
    html, ids = rawblocks.splice(converted, blocks, nonce)
    assert html == f"<h1>Title</h1>\n{forged}\n{block}\n<p>Text after.</p>" and ids == {"x1"}
    assert rawblocks.lift("no blocks here") == ("no blocks here", [], "")


# --- the benchmark, at a small size (figures are printed, never asserted) -----------------------------


@pytest.mark.mkdocs
def test_benchmark_runs_at_a_small_size(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "benchmarks/bench_build.py", "--sources", "20", "--no-search",
                             "--repeat", "2", "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = json.loads(out.read_text("utf-8"))
    assert len(rows) == 1
    row = rows[0]
    for key in ("sources", "generate_s", "build_s", "baseline_s", "peak_rss_mb", "site_mb", "max_page_kb",
                "search_download_kb", "edit_s"):
        assert key in row, key
    assert row["sources"] == 20 and row["search_download_kb"] is None and row["repeat"] == 2
    assert all(row[k] > 0 for k in ("generate_s", "build_s", "baseline_s", "peak_rss_mb", "site_mb", "edit_s"))
    assert re.search(r"^\s+20\s", result.stdout, re.M)


def test_cross_reference_rows_stay_short_however_many_sources_name_an_entity(synth60, monkeypatch):
    from build_scripts.render import xref

    monkeypatch.setenv("DOSSIER_CACHE", "off")
    monkeypatch.setattr(xref, "ROW_MAX", 3)
    page = build(synth60).files["xref/index.md"].decode()
    rows = [line for line in page.splitlines() if line.startswith("<tr><td")]
    assert rows and all(len(re.findall(r"<code>[\w-]+</code> <a ", row)) <= 3 for row in rows)
    assert re.search(r' and \d+ more on <a href="\.\./entities/[\w-]+/">its page</a>', page)


def test_a_long_lived_process_redoes_the_comparisons_only_when_their_inputs_change(tmp_path, monkeypatch):
    import importlib

    compare = importlib.import_module("build_scripts.analysis.compare")  # the module, not the function it exports

    dossier = write_dossier(tmp_path / "d", 8, seed=6)
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    calls: list[str] = []
    for name in ("shared_text", "find_quotes"):
        real = getattr(compare, name)
        monkeypatch.setattr(compare, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    first = build(dossier).files
    assert sorted(calls) == ["find_quotes", "shared_text"]
    calls.clear()
    EDITS["a source's metadata"](dossier)  # the reading text is the same: both kept
    assert build(dossier).files != first and calls == []
    EDITS["an entity's aliases"](dossier)  # speakers may change: quotations redone, shared text kept
    build(dossier)
    assert calls == ["find_quotes"]
    calls.clear()
    EDITS["a capture"](dossier)  # new text: both redone
    warm = build(dossier).files
    assert sorted(calls) == ["find_quotes", "shared_text"]
    monkeypatch.setenv("DOSSIER_CACHE", "off")  # and what was kept gives the bytes of a build without cache
    assert build(dossier).files == warm
