"""Issue 8: topics and mentions that hold on sources the seeds do not contain.

Each test adds ordinary new articles to a dossier built with DossierFactory that holds the
real dossier's entity, topic and lexicon files (and its sources, so aliases confined to them
stay valid), and checks what an editor would see.
"""

from __future__ import annotations

import shutil

import pytest

from build_scripts.pipeline import build
from build_scripts.problems import Severity

from .conftest import SEED


@pytest.fixture
def real(factory):
    for folder in ("entities", "topics", "lexicons", "sources"):
        shutil.copytree(SEED / folder, factory.root / folder, dirs_exist_ok=True)
    return factory


def members(site, slug):
    return set(site.analysis.topics[slug].sources)


def passages(site, slug, source):
    return [p.paragraph for p in site.analysis.topics[slug].passages if p.source == source]


def test_words_alone_no_longer_make_members(real):
    real.source("hypersonic", "The hypersonic arms race\nThe US Army unveiled its first hypersonic battery, "
                "and China tested a hypersonic glide vehicle.\nAnalysts say hypersonic weapons are hard to track.\n")
    real.source("shirt", "Club news\nThe club unveiled its new home shirt on Thursday.\nTickets go on sale at noon.\n")
    real.source("fans", "Supporters said they would boycott Sunday's match over ticket prices.\n"
                "The club said it had severed ties with the ticket agency.\n")
    real.source("mexico", "Migrant crossings at the US-Mexico border fell in December.\n"
                "Texas has installed a barrier and observation towers along the border.\n")
    site = build(real.root)
    assert members(site, "fattah-ii") == {"000", "001", "002"}
    assert members(site, "khamenei-cut-ties") == {"000", "001", "002", "003", "004"}
    assert members(site, "kurdistan-border") == {"002"}


OTHER_SHIPS = """Three merchant ships attacked in the Red Sea
Three merchant ships came under attack in the Red Sea on Sunday, in the latest strikes claimed by the Houthis.
The Unity Explorer and the Number 9 were hit by drones; their crews reported minor injuries.
Shipping companies are watching the route, as they did after the Galaxy Leader last month.
A Houthi spokesman said the group would keep targeting vessels linked to Israel.
"""


def test_a_passing_mention_of_the_galaxy_leader_makes_no_member_and_no_passage(real):
    real.source("other-ships", OTHER_SHIPS)
    site = build(real.root)
    assert members(site, "galaxy-leader") == {"000", "002"}
    assert passages(site, "galaxy-leader", "other-ships") == []
    assert "other-ships-p3" not in site.files["topics/galaxy-leader/index.md"].decode()
    assert "other-ships" in members(site, "houthi-red-sea-campaign")  # the attacks are the Houthi campaign


def test_min_mentions_are_counted_in_the_window_not_the_story(factory):
    text = ("The Paydari party met.\nThe weather was fine.\nThe roads were closed.\n"
            "Markets were calm.\nPaydari deputies left.\n")
    factory.source("a", text)
    factory.entities([{"id": "paydari", "name": "Paydari party", "kind": "organisation", "description": "x",
                       "aliases": ["Paydari"]}])
    factory.topic("paydari", match={"entities": ["paydari"], "min_mentions": 2, "window": 1})
    factory.topic("wide", match={"entities": ["paydari"], "min_mentions": 2, "window": 4})
    site = build(factory.root)
    assert site.analysis.topics["paydari"].passages == ()  # two mentions, four paragraphs apart
    assert [p.paragraph for p in site.analysis.topics["wide"].passages] == ["p1", "p5"]


def test_a_requires_term_inside_a_longer_term_of_the_main_group_is_seen(real):
    real.source("kayhan", "Kayhan attacks the two-state solution\n"
                "Hossein Shariatmadari, the editor of Kayhan, wrote that backing a two-state solution was treason.\n"
                "Reformist papers replied on Tuesday.\n")
    site = build(real.root)
    assert members(site, "kayhan-two-state") == {"002", "kayhan"}
    [first, *_] = [p for p in site.analysis.topics["kayhan-two-state"].passages if p.source == "kayhan"]
    assert "two-state" in first.required


def test_paydari_under_its_english_name(real):
    real.source("stability", "The Front of Islamic Revolution Stability held its congress on Thursday.\n"
                "Leaders of the Front of Islamic Revolution Stability said they would contest every seat.\n")
    site = build(real.root)
    assert members(site, "paydari") == {"002", "stability"}
    assert "Front of Islamic Revolution Stability" not in {c.name for c in site.analysis.candidates}


def test_a_byline_is_never_a_passage(real):
    real.source("crew", "Sara Lind, Maritime Correspondent\n"
                "The Houthis said the crew of the Galaxy Leader were held in Hodeidah.\n"
                "Ansarallah has threatened more attacks on ships tied to Israel.\n",
                byline={"quote": "Sara Lind"})
    real.source("by", "By Tom Reyes, Shipping Editor\nHouthi missiles struck two container ships in the Red Sea.\n")
    site = build(real.root)
    assert passages(site, "houthi-red-sea-campaign", "crew") == ["p2", "p3"]
    assert passages(site, "houthi-red-sea-campaign", "by") == ["p2"]


def test_check_warns_about_a_topic_whose_terms_stand_alone(factory):
    factory.source("a", "Bread prices rose.\n")
    path = factory.topic("bread", match={"terms": ["bread"], "terms_alone": True})
    site = build(factory.root)
    assert [p.format() for p in site.problems if p.severity is Severity.WARNING] == [
        f"{path}:7: warning: match.terms_alone: terms make passages with no anchoring entity, so any story "
        "using these words joins the topic; list anchoring `entities` or `anchors` instead"]


def test_terms_without_an_anchor_are_refused_with_what_to_do(factory):
    path = factory.topic("bread", match={"terms": ["bread"]})
    from build_scripts.load import load
    _, problems = load(factory.root)
    assert [p.format() for p in problems] == [
        f"{path}:4: error: match: terms count only near an anchoring entity: list `entities` or `anchors`, "
        "or write `terms_alone: true` to let the terms make passages on their own"]


def test_the_topic_page_says_why_each_passage_is_there(real):
    real.source("fattah", "Iran shows the Fattah-2\nThe Guards showed the Fattah-2 on Sunday.\n"
                "Commanders said the hypersonic missile could change direction in flight.\n")
    page = build(real.root).files["topics/fattah-ii/index.md"].decode()
    assert "· matched “hypersonic”; terms anchored by “Fattah-2”</p></blockquote>" in page
    assert ("A paragraph is quoted here when it names [Fattah II](../../entities/fattah-ii/index.md), or uses "
            "one of “hypersonic\\*”, “unveil\\*” with [Fattah II](../../entities/fattah-ii/index.md) named in the "
            "same paragraph or the 1 paragraph on either side.") in page
