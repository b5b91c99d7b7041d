"""Entity mentions, topic membership and name candidates: on the seeds and on new texts."""

from __future__ import annotations

import pytest

from build_scripts.analysis import analyse
from build_scripts.pipeline import read_dossier
from build_scripts.pipeline import build

from .conftest import SEED


@pytest.fixture(scope="module")
def seed():
    dossier, problems = read_dossier(SEED)
    assert dossier is not None, [p.format() for p in problems]
    analysis, warnings = analyse(dossier)
    assert warnings == []
    return dossier, analysis


def members(analysis, slug):
    return set(analysis.topics[slug].sources)


def stories(analysis, slug):
    return {(p.source, p.story) for p in analysis.topics[slug].passages}


# --- the seeds, as the issue states them ----------------------------------------------------


def test_seed_topic_membership(seed):
    _, analysis = seed
    assert members(analysis, "galaxy-leader") == {"000", "002"}
    assert members(analysis, "paydari") == {"002"}
    assert members(analysis, "kurdistan-border") == {"002"}
    assert members(analysis, "fattah-ii") == {"000", "001", "002"}
    assert members(analysis, "khamenei-cut-ties") == {"000", "001", "002", "003", "004"}
    assert members(analysis, "houthi-red-sea-campaign") == {"000", "002"}
    assert members(analysis, "tavassoli-sentence") == {"002"}
    assert members(analysis, "kayhan-two-state") == {"002"}


def test_seed_bundle_contributes_only_its_relevant_stories(seed):
    _, analysis = seed
    assert stories(analysis, "paydari") == {("002", "s55")}
    assert stories(analysis, "kurdistan-border") == {("002", "s46")}
    assert stories(analysis, "galaxy-leader") == {("000", "s1"), ("002", "s21")}
    assert stories(analysis, "kayhan-two-state") == {("002", "s36")}  # not the Galaxy story that names Kayhan
    assert ("002", "s1") in stories(analysis, "khamenei-cut-ties")
    assert not {s for s in stories(analysis, "khamenei-cut-ties") if s[0] == "002" and s[1] != "s1"}


def test_every_passage_and_mention_is_verbatim(seed):
    dossier, analysis = seed
    for topic in analysis.topics.values():
        for p in topic.passages:
            para = dossier.source(p.source).reading.paragraph(p.paragraph)
            assert para.story == p.story
            assert sorted(h.text(para.text) for h in p.hits) == sorted(p.words)
    for m in analysis.mentions:
        assert dossier.source(m.source).reading.paragraph(m.paragraph).text[m.start:m.end] == m.surface


def surfaces(analysis, entity):
    return {m.surface for m in analysis.by_entity[entity]}


def test_seed_alias_variants(seed):
    _, analysis = seed
    assert {"Fattah II", "Fattah 2"} <= surfaces(analysis, "fattah-ii")
    assert {"Houthis", "Houthi rebels", "Ansarallah"} <= surfaces(analysis, "houthis")
    assert {"Yahya Saree", "Yahya Sarea"} <= surfaces(analysis, "yahya-saree")
    seen = surfaces(analysis, "hossein-amir-abdollahian")
    assert "Amir-Abdollahian" in seen and "Hossein Amirabdollahian" in seen
    assert {"Ray Car Carriers", "Ray Shipping"} <= surfaces(analysis, "ray-shipping")
    assert {"IRGC", "Islamic Revolutionary Guard Corps", "Islamic Revolution Guards Corps",
            "Revolutionary Guards"} <= surfaces(analysis, "irgc")
    assert {"Ali Khamenei", "Ayatollah Seyyed Ali Khamenei", "Khamenei’s", "Khamenei's"} <= surfaces(analysis, "ali-khamenei")


def test_seed_confined_aliases_apply_only_where_meant(seed):
    _, analysis = seed
    leader = [m for m in analysis.by_entity["ali-khamenei"] if m.alias == "the Leader"]
    assert leader and {m.source for m in leader} == {"004"}
    assert {(m.source, m.story) for m in analysis.by_entity["mojtaba-mesbah-yazdi"]} == {("002", "s55")}


def test_seed_registry_leaves_no_name_candidates(seed):
    _, analysis = seed
    assert analysis.candidates == ()


# --- new texts --------------------------------------------------------------------------------

PAYDARI_BUNDLE = """Election roundup

The Paydari party held its congress in Qom on Friday.
Paydari leaders said the party would field candidates in every district.
Observers said the Paydari list was the longest in years.

The price of bread rose again in the capital this week.
Bakers blamed the cost of flour, and one said the Paydari deputies had done nothing about it.
The government promised subsidies before the new year.
"""

PASSING = """Budget debate continues
Deputies argued over the budget for a third day.
One of them, from the Paydari faction, left the chamber.
The vote is expected next week.
"""


@pytest.fixture
def synthetic(factory):
    factory.source("bundle", PAYDARI_BUNDLE)
    factory.source("passing", PASSING)
    factory.source("leader", "The Leader spoke to the crowd.\nThe Leader then left the square.\n")
    factory.source("other-leader", "The Leader of the opposition spoke.\nHe said the Leader of the house was wrong.\n")
    factory.entities([
        {"id": "paydari", "name": "Paydari party", "kind": "organisation", "description": "A party.",
         "aliases": ["Paydari"]},
        {"id": "leader", "name": "Ali Khamenei", "kind": "person", "description": "Supreme Leader.",
         "aliases": [{"text": "the Leader", "sources": ["leader"]}]},
        {"id": "qom", "name": "Qom", "kind": "place", "description": "A city."},
    ])
    factory.topic("paydari", match={"entities": ["paydari"], "min_mentions": 2, "window": 1})
    factory.topic("bread", match={"terms": ["bread", "flour", "bak*"], "terms_alone": True})
    factory.topic("paydari-in-qom", match={"entities": ["paydari"], "requires": {"entities": ["qom"]}})
    return factory


def test_passing_mention_does_not_make_a_topic_source(synthetic):
    analysis = build(synthetic.root).analysis
    assert members(analysis, "paydari") == {"bundle"}
    assert stories(analysis, "paydari") == {("bundle", "s1")}  # not the bread story that names Paydari once
    assert [p.paragraph for p in analysis.topics["paydari"].passages] == ["p3", "p4", "p5"]


def test_terms_alone_and_prefix_terms(synthetic):
    analysis = build(synthetic.root).analysis
    passages = analysis.topics["bread"].passages
    assert [(p.source, p.paragraph) for p in passages] == [("bundle", "p7"), ("bundle", "p8")]
    assert passages[1].words == ("Bakers", "flour")
    assert [(h.start, h.end) for h in passages[1].hits] == [(0, 6), (26, 31)]


def test_requires_group(synthetic):
    analysis = build(synthetic.root).analysis
    assert stories(analysis, "paydari-in-qom") == {("bundle", "s1")}


def test_confined_alias_in_new_sources(synthetic):
    analysis = build(synthetic.root).analysis
    assert {m.source for m in analysis.by_entity["leader"]} == {"leader"}
    assert [m.surface for m in analysis.by_entity["leader"]] == ["The Leader", "The Leader"]


def test_name_candidates(factory):
    factory.source("a", "Ismail Haniyeh met Ziyad Nakhalah in Doha.\nAccording to Ziyad Nakhalah, the talks went well.\n"
                        "Big Headline In Title Case\nThe Prime Minister's Office of Israel said nothing.\n")
    factory.entities([{"id": "haniyeh", "name": "Ismail Haniyeh", "kind": "person", "description": "x"}])
    factory.write("lexicons/names.yml", "leading_words: [According, The]\nconnectors: [of]\nnot_names: [Prime Minister's Office of Israel]\n")
    site = build(factory.root)
    assert [(c.name, c.count, c.line) for c in site.analysis.candidates] == [("Ziyad Nakhalah", 2, 1)]
    notes = [p.format() for p in site.problems]
    assert notes == ["{}:1: note: name candidate 'Ziyad Nakhalah' (2 times in 1 source) is in no entity's "
                     "aliases: add it to an entity in dossier/entities/, or to not_names in "
                     "dossier/lexicons/names.yml".format(notes[0].split(":")[0])]
    assert notes[0].split(":")[0].endswith("sources/a/capture.txt")


def test_two_aliases_of_one_entity_on_one_span_count_once(factory):
    factory.source("a", "The Board met. Later the Board voted.\n")
    factory.entities([{"id": "board", "name": "Board", "kind": "organisation", "description": "x",
                       "aliases": ["the Board", "The Board"]}])
    site = build(factory.root)
    assert [(m.surface, m.start) for m in site.analysis.by_entity["board"]] == [("The Board", 0), ("the Board", 21)]
    assert [p.message for p in site.problems] == ["alias 'The Board' is listed twice for 'board'; keep one"]


def test_name_candidates_keep_particles_and_hyphens_and_leave_out_adjective_pairs(factory):
    factory.source("a", "Egyptian President Abdel Fattah al-Sisi met Mohammed bin Salman in Cairo.\n"
                        "The talks were praised by Ursula von der Leyen and by Iranian Kurdish groups.\n"
                        "Saudi Arabian officials and the Islamic State were not mentioned.\n")
    factory.write("lexicons/names.yml", (SEED / "lexicons" / "names.yml").read_text("utf-8"))
    names = {c.name for c in build(factory.root).analysis.candidates}
    assert names == {"Abdel Fattah al-Sisi", "Mohammed bin Salman", "Ursula von der Leyen", "Islamic State"}


def _runs_word_by_word(text: str, words) -> list[tuple[str, int, int]]:
    """The plain reading `candidates._runs` must agree with: every word found with its offsets,
    a run grown word by word across single spaces, connectors allowed inside, then its lead
    words dropped."""
    import re

    found = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\W_][\w'’-]*", text)]
    out, i = [], 0
    while i < len(found):
        if not words.capitalised(found[i][0]):
            i += 1
            continue
        run, j = [found[i]], i + 1
        while j < len(found) and text[run[-1][2]:found[j][1]] == " ":
            k = j
            while k < len(found) and found[k][0] in words.connectors and text[found[k - 1][2]:found[k][1]] == " ":
                k += 1
            if k < len(found) and text[found[k - 1][2]:found[k][1]] == " " and words.capitalised(found[k][0]):
                run += found[j:k + 1]
                j = k + 1
            else:
                break
        i = j
        k = 0
        while k < len(run) and run[k][0] in words.adjectives:
            k += 1
        if k == len(run) or run[k][0] in words.leading:
            run = run[k:]
        while run and (run[0][0] in words.leading or run[0][0] in words.connectors):
            run = run[1:]
        if len(run) >= 2:
            start, end = run[0][1], run[-1][2]
            out.append((re.sub(r"['’]s?$", "", text[start:end].rstrip(".,")), start, end))
    return out


_PIECES = ["Abdel", "Fattah", "al-Sisi", "al", "bin", "von", "der", "Al", "The", "President", "Iranian", "Kurdish",
           "said", "met", "Élysée", "İstanbul", "ǅemal", "Ⅻ", "x_Y", "_Zed", "O'Neill", "Houthis’", "U.S.", "-Bakr",
           "Abu-", "de-Gaulle", "1,200", " ", " ", " ", "  ", ". ", ", ", "\u00a0", "\n"]


@pytest.mark.parametrize("seed", range(3))
def test_name_runs_are_the_word_by_word_reading(seed):
    """`_runs` reads a paragraph by its chains of words joined by single spaces (split in C) and
    looks only at capitalised words: on random texts of names, particles, titles, adjectives and
    odd separators it finds the runs the word-by-word reading finds."""
    import random

    from build_scripts.analysis.candidates import _runs, _Words

    rng = random.Random(seed)
    words = _Words({"The", "President", "According"}, {"al", "bin", "von", "der", "Al"}, {"Iranian", "Kurdish"})
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(1, 14)))
        assert list(_runs(text, words)) == _runs_word_by_word(text, words), text
