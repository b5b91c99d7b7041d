"""The default furniture rules (build_scripts/defaults/furniture.yml): each category removes
its furniture, keeps prose that looks like it, and logs every removal."""

from __future__ import annotations

import pytest

from build_scripts.load import convert, schema
from build_scripts.load.defaults import with_defaults
from build_scripts.load.xrefcheck import Located
from build_scripts.models import SourceInfo
from build_scripts.normalise import derive_reading

from .conftest import UNKNOWN

RULES = with_defaults(None, [])[1]

# category: (furniture lines, as found on pages the seeds do not come from; prose that looks like it)
CASES = {
    "share and social": (
        ["Share this article", "Share on WhatsApp", "Tweet", "Email", "Print", "Follow us on Instagram",
         "Share via Email", "icon-facebook icon-twitter"],
        ["Share prices fell sharply on Monday after the announcement.",
         "She asked her followers to share the petition with friends."]),
    "newsletter and subscription": (
        ["Sign up to our Morning Briefing newsletter", "Subscribe to the Morning Review newsletter",
         "Subscribe today", "Already have an account? Sign in", "Get our breaking news email alerts",
         "This article is for subscribers only."],
        ["The newsletter, founded in 1998, was read by most of the ministry's staff.",
         "Readers who subscribe to the paper pay less than they did ten years ago."]),
    "advertisement": (
        ["Advertisement", "ADVERTISEMENT", "Ad", "Story continues below advertisement", "Sponsored",
         "Scroll to continue with content", "Article continues below advertisement"],
        ["The advertisement campaign ran for six weeks on state television.",
         "An advertisement in the newspaper called for volunteers."]),
    "cookie and consent": (
        ["We use cookies to give you the best experience on our website.", "Accept all cookies",
         "Manage cookie preferences", "Cookie Policy", "By using this website you agree to our use of cookies.",
         "We and our partners value your privacy"],
        ["The regulator said websites that use cookies must ask visitors first.",
         "We use the same method as last year, the minister said."]),
    "updated and published": (
        ["Updated 3 hours ago", "Published 12 minutes ago", "Last updated: 2 days ago", "Just now",
         "Updated: 19 November 2023, 14:05 GMT", "Published on Nov. 19, 2023 at 10:30 a.m. ET",
         "Sunday, 19 November 2023", "Updated at 1:23 p.m.", "2 hours ago"],
        ["Published in 1990, the book became a bestseller in Iran.",
         "Updated figures show that 300 people were injured.",
         "Posted on the wall of the ministry, the notice listed 40 names."]),
    "bylines": (
        ["By John Smith", "By Parisa Hafezi and Jon Gambrell", "By JANE DOE", "By Maryam Sinaiee | Staff Writer",
         "Reporting by Parisa Hafezi; Editing by Alex Richardson", "Written by Amir Vahdat"],
        ["By the end of the day, the convoy had reached the border.",
         "By Monday, officials had left the capital.",
         "Reporting by state media suggested that the talks had failed."]),
    "copyright and rights": (
        ["© 2023 Reuters. All rights reserved.", "Copyright © 2024 The Portmere Gazette", "© Reuters",
         "All Rights Reserved", "(c) 2023 Associated Press"],
        ["Copyright law was changed in 2019, the minister said.",
         "The author kept all rights reserved to her family, the lawyer said."]),
    "comment counters": (
        ["Comments (214)", "214 comments", "Comments", "View comments", "Leave a comment", "Replies [3]",
         "Join the discussion"],
        ["Comments by the minister drew criticism from the opposition.",
         "The ministry received 214 comments on the draft law, officials said."]),
    "read more and related": (
        ["Read more", "Related", "Related Articles", "READ MORE: Iran unveils new missile",
         "Related: Houthis seize cargo ship", "More on this story", "You might also like", "Most Read",
         "Recommended"],
        ["Read more carefully, the statement shows a change of tone.",
         "Related talks in Doha have made little progress, diplomats said."]),
    "image credits": (
        ["Photo: Reuters", "Image credit: Getty Images", "Photograph: Atta Kenare/AFP via Getty Images",
         "(Photo by Mohammed Abed/AFP)", "REUTERS/Dado Ruvic", "Anadolu Agency"],
        ["Photo by photo, the album records the war in Gaza.",
         "The photographer said Reuters had bought the picture."]),
    "breadcrumbs": (
        ["Home › World › Middle East", "News / Politics / Iran", "Home > News", "World » Asia",
         "News | Middle East | Iran"],
        ["He said the ratio was 3 / 4 of the total.",
         "The talks were held in Doha > not in Cairo, as first reported."]),
}


def meta(**normalise) -> SourceInfo:
    fields = {n: UNKNOWN for n in ("title", "outlet", "url", "published", "retrieved", "language", "byline", "dateline")}
    return convert.source_info(schema.SourceMeta.model_validate({
        "id": "t", **fields, "normalise": normalise,
        "capture": {"file": "c.txt", "sha256": "0" * 64, "method": "test"}}), None)


def read(lines: list[str], **normalise):
    text = "\n".join(lines) + "\n"
    reading, issues = derive_reading(text, meta(**normalise), RULES)
    assert issues == []
    return reading


@pytest.mark.parametrize("category", sorted(CASES))
def test_furniture_is_removed_and_logged(category):
    furniture, _ = CASES[category]
    article = "The harbour authority said on Tuesday that the ferry terminal would close."
    reading = read([*furniture, article])
    assert [p.text for p in reading.paragraphs] == [article]
    assert [(e.action, e.text) for e in reading.log] == [("removed", f) for f in furniture]
    assert all(e.rule for e in reading.log)


@pytest.mark.parametrize("category", sorted(CASES))
def test_look_alikes_in_prose_are_kept(category):
    _, prose = CASES[category]
    reading = read(prose)
    assert [p.text for p in reading.paragraphs] == prose
    assert reading.log == ()


def test_a_caption_keeps_its_words_and_loses_its_credit():
    reading = read(["Protesters gather in Tehran on Sunday. (Photo: Reuters)"])
    assert [p.text for p in reading.paragraphs] == ["Protesters gather in Tehran on Sunday."]
    assert [(e.action, e.rule, e.text) for e in reading.log] == [("trimmed", "image-credit-trim", "(Photo: Reuters)")]


def test_dates_and_bylines_stay_in_the_log_as_evidence():
    reading = read(["By Ada Lovelace", "Updated: 19 November 2023, 14:05 GMT", "The text of the article."])
    assert [(e.line, e.rule, e.text) for e in reading.log] == [
        (1, "byline", "By Ada Lovelace"), (2, "updated-line", "Updated: 19 November 2023, 14:05 GMT")]


def test_a_source_opts_out_of_a_default_rule():
    reading = read(["Advertisement", "By Ada Lovelace", "The text."], skip_rules=["advertisement-marker"])
    assert [p.text for p in reading.paragraphs] == ["Advertisement", "The text."]


def test_default_rules_load_without_problems():
    problems = []
    with_defaults(None, problems)
    assert problems == []
    assert len(RULES.furniture) >= 15 and all(r.origin.path.endswith("defaults/furniture.yml") for r in RULES.furniture)


def test_a_dossier_rule_replaces_the_default_of_the_same_id():
    own = schema.NormaliseRules.model_validate({"furniture": [
        {"id": "byline", "description": "Only this byline", "pattern": "By Nobody", "examples": ["By Nobody"]}]})
    rules = with_defaults(Located(own, None, ()), [])[1]
    assert [r.id for r in rules.furniture].count("byline") == 1
    assert rules.furniture[0].description == "Only this byline"
    assert "advertisement-marker" in {r.id for r in rules.furniture}
