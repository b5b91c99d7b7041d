"""The comparisons between sources on dossiers the seeds do not contain: shared text, quotation
groups, figures and quantities (with editors' decisions), dated events and wording."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.analysis import analyse
from build_scripts.analysis.dates import resolve
from build_scripts.load import load
from build_scripts.pipeline import build, read_dossier
from build_scripts.problems import DossierInvalid

from .conftest import dump

PEOPLE = [
    {"id": "jane-doe", "name": "Jane Doe", "kind": "person", "description": "A minister.",
     "aliases": ["Doe", "Minister Jane Doe"]},
    {"id": "omar-said", "name": "Omar Said", "kind": "person", "description": "A general.", "aliases": ["Said"]},
    {"id": "nordic-star", "name": "Nordic Star", "kind": "vessel", "description": "A tanker.",
     "aliases": ["MV Nordic Star"]},
    {"id": "harbour-strike", "name": "Harbour strike", "kind": "event", "description": "A strike.",
     "aliases": ["harbour strike"]},
]


def analysed(factory):
    dossier, problems = read_dossier(factory.root)
    assert dossier is not None, problems
    analysis, more = analyse(dossier)
    return dossier, analysis, more


def words_of(dossier, span) -> str:
    return dossier.source(span.source).reading.paragraph(span.paragraph).text[span.start:span.end]


# --- shared text -------------------------------------------------------------------------

LONG = ("The port authority said on Tuesday that three cranes had been damaged by the storm and "
        "that loading would resume once engineers had inspected the quay and the rail link.")


def _minhash(items):
    """datasketch's own MinHash of a shingle set, the definition `shared._signatures` computes."""
    from datasketch import MinHash

    m = MinHash(num_perm=64, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def test_bands_find_the_candidates_that_datasketch_minhashlsh_finds():
    """`Bands` keeps the buckets of datasketch's MinHashLSH by hand: with the bands and rows it
    chooses, every query gives the same candidates as MinHashLSH's own, on signatures of shingle
    sets that overlap by every amount."""
    import random

    from datasketch import MinHashLSH

    from build_scripts.analysis.shared import PERMUTATIONS, THRESHOLD, Bands

    rng = random.Random(7)
    theirs, ours = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS), Bands()
    assert (ours.bands, ours.rows) == (theirs.b, theirs.r)
    stories = [[f"s{k} w{i}" for i in range(30)] for k in range(8)]
    sizes = []
    for n in range(600):
        story = rng.choice(stories)
        keep = rng.randint(4, 30)
        items = frozenset(rng.sample(story, keep) + [f"own{n} {i}" for i in range(rng.randint(0, 20))])
        signature = _minhash(items)
        found = set(theirs.query(signature))
        assert ours.query(signature.hashvalues.tobytes()) == found
        sizes.append(len(found))
        if n % 3:
            theirs.insert(f"p{n}", signature)
            ours.insert(f"p{n}", signature.hashvalues.tobytes())
    assert min(sizes) == 0 and max(sizes) > 20 and len(set(sizes)) > 10  # no, few and many candidates


def test_signatures_are_datasketch_minhash_values():
    """`_signatures` computes the MinHash values of all a source's paragraphs at once, with NumPy
    alone: they are the bytes of datasketch's own `MinHash` values (its permutations of seed 1,
    its hash function), for paragraphs of every length, repeated words and shingles, and
    paragraphs too short to compare in between."""
    import random

    import numpy as np
    from datasketch import MinHash

    from build_scripts.analysis.shared import PERMUTATIONS, _permutations, _signatures, shingles

    assert np.array_equal(_permutations(), MinHash(num_perm=PERMUTATIONS, seed=1).permutations)
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(40)] + ["Port", "Galdor’s", "état", "İSTANBUL", "ΟΔΟΣ", "3,000"]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.choice([1, 3, 5, 6, 7, 12, 40, 200])))
             for _ in range(60)]
    paragraphs = [SimpleNamespace(id=f"p{i}", text=text) for i, text in enumerate(texts)]
    source = SimpleNamespace(id="x", reading=SimpleNamespace(paragraphs=paragraphs))  # what _signatures reads
    found = _signatures(source)
    expected = [(f"x\x00{p.id}", _minhash(shingles(p.text)).hashvalues) for p in paragraphs if shingles(p.text)]
    assert 20 < len(found) < len(paragraphs)
    assert [k for k, _ in found] == [k for k, _ in expected]
    for (_, ours), (_, theirs) in zip(found, expected):
        assert theirs.dtype == np.uint64 and len(theirs) == PERMUTATIONS
        assert ours == theirs.tobytes()


def test_near_copy_with_small_edits_is_shared_text(factory):
    edited = LONG.replace("three cranes", "four cranes").replace("engineers", "inspectors")
    factory.source("a", LONG + "\nA second paragraph only this source has, about fish markets and prices.\n")
    factory.source("b", edited + "\nSomething else entirely: the orchestra played a new symphony last night.\n")
    factory.source("c", "The port authority met on Tuesday. Cranes and quays are common words in ports too.\n")
    dossier, analysis, _ = analysed(factory)
    pairs = analysis.compare.shared.pairs
    assert [(p.a.source, p.a.paragraph, p.b.source, p.b.paragraph) for p in pairs] == [("a", "p1", "b", "p1")]
    assert 0.5 <= pairs[0].similarity < 1.0
    links = analysis.compare.shared.links
    assert {(link.source, link.other, link.identical) for link in links} == {("a", "b", False), ("b", "a", False)}


def test_paragraphs_of_one_source_are_never_paired(factory):
    factory.source("a", LONG + "\n\n" + LONG.replace("Tuesday", "Wednesday") + "\n")
    _, analysis, _ = analysed(factory)
    assert analysis.compare.shared.pairs == ()


def test_topic_counts_independent_texts_and_shows_a_copy_once(factory):
    factory.source("a", LONG + "\n")
    factory.source("b", LONG + "\n")
    factory.source("c", "The port authority said the cranes are fine and the quay is open again today.\n")
    factory.topic("port", match={"terms": ["port authority"], "terms_alone": True})
    site = build(factory.root)
    page = site.files["topics/port/index.md"].decode()
    assert "3 captures, 2 independent texts." in page
    assert page.count("inspected the quay and the rail link.") == 1  # the copy is not quoted again
    assert 'Paragraph 1: the same text as <a href="#a-p1">source a, paragraph 1</a>' in page
    assert "also carried by" in page
    source_page = site.files["sources/b/index.md"].decode()
    assert '<li>Its text reproduces story 1 of <a href="../a/">a: Test source a</a>: 1 of 1 paragraph shared, word for word.</li>' in source_page


# --- quotations ----------------------------------------------------------------------------


def test_quote_speakers_in_their_usual_forms(factory):
    factory.entities(PEOPLE)
    factory.source("a", (
        "“We will rebuild every school in the valley before winter,” Minister Jane Doe said on Monday.\n"
        "Said told reporters: \"Our troops will leave the northern towns by the end of the month.\"\n"
        "“No convoy will be stopped at the border crossing again,” according to the Red Cross.\n"
        "Doe spoke later. \"The budget for hospitals doubles next year,\" she added.\n"))
    dossier, analysis, _ = analysed(factory)
    found = {words_of(dossier, v.span): (v.speaker, v.entity) for g in analysis.compare.quotes for v in g.variants
             if v.kind == "quoted"}
    assert found == {
        "We will rebuild every school in the valley before winter": ("Minister Jane Doe", "jane-doe"),
        "Our troops will leave the northern towns by the end of the month.": ("Said", "omar-said"),
        "No convoy will be stopped at the border crossing again": ("the Red Cross", ""),
        "The budget for hospitals doubles next year": ("Doe", "jane-doe"),  # "she": the person just named
    }


def test_one_statement_across_sources_is_grouped_and_two_statements_are_not(factory):
    factory.entities(PEOPLE)
    factory.source("a", ("“Every school in the valley will be rebuilt before the winter comes,” Doe said.\n"
                         "“The hospital budget will double next year,” Doe added.\n"))
    factory.source("b", ("Minister Jane Doe promised: \"We shall rebuild all schools of the valley before winter.\"\n"
                         "Doe said the valley's schools would be rebuilt before winter arrives.\n"))
    factory.source("c", "“Every school in the valley will be rebuilt before winter,” Said said.\n")
    dossier, analysis, _ = analysed(factory)
    groups = [[(v.span.source, v.kind) for v in g.variants] for g in analysis.compare.quotes]
    schools = next(g for g in groups if ("a", "quoted") in g and len(g) > 1)
    assert sorted(schools) == [("a", "quoted"), ("b", "quoted"), ("b", "reported")]
    assert [("a", "quoted")] in groups  # the hospital budget: another statement of the same speaker
    assert [("c", "quoted")] in groups  # the same words from another registered speaker


def test_lexicon_referents_let_a_translation_meet_its_original(factory):
    factory.entities(PEOPLE)
    factory.write("lexicons/wording.yml", dump({"terms": [
        {"term": "Nordland", "refers_to": "Nordland", "case": "sensitive"},
        {"term": "northern regime", "refers_to": "Nordland"}]}))
    factory.source("a", "“Neighbouring states must suspend trade with Nordland for a year,” Doe said.\n")
    factory.source("b", "“The neighbouring states should suspend their trade with the northern regime for one year,” Doe said.\n")
    _, analysis, _ = analysed(factory)
    assert any(g.sources == ("a", "b") for g in analysis.compare.quotes)


# --- figures and quantities ---------------------------------------------------------------

SHIP = ("The MV Nordic Star was seized on Monday.\n"
        "Port officials say there are 23 crew members aboard the vessel. The owners said 20 sailors were aboard.\n"
        "In 2019 the harbour strike lasted 12 days, and 5,000 workers joined it on March 3.\n")


def test_same_quantity_disagrees_with_attributions(factory):
    factory.entities(PEOPLE)
    factory.source("a", SHIP)
    factory.source("b", "The Nordic Star had 20 crewmates on board, reportedly.\n")
    _, analysis, _ = analysed(factory)
    crew = next(q for q in analysis.compare.quantities if q.id == "crew@nordic-star")
    assert crew.disagreement and crew.values == ("23", "20")
    assert [(f.span.source, f.value, f.attribution) for f in crew.figures] == [
        ("a", "23", "Port officials"), ("a", "20", "The owners"), ("b", "20", "reportedly")]
    values = {f.value for f in analysis.compare.figures}
    assert "2019" not in values and "3" not in values  # a year and a date are not figures


def test_different_counted_things_and_unknown_subjects_never_disagree(factory):
    factory.source("a", "Officials said 5,000 terrorists were killed.\n")
    factory.source("b", "More than 5,000 children were killed, and 7,000 children were injured.\n")
    factory.source("c", "More than 6,000 children were killed, the ministry said.\n")
    _, analysis, _ = analysed(factory)
    assert not any(q.disagreement for q in analysis.compare.quantities)
    counted = {(f.counted, f.event) for f in analysis.compare.figures}
    assert counted == {("terrorists", "killed"), ("children", "killed"), ("children", "injured")}


def test_editor_merge_split_and_confirm(factory):
    factory.entities(PEOPLE)
    factory.source("a", SHIP)
    factory.source("b", "The harbour strike drew 6,000 workers, the union said.\n")
    factory.write("figures.yml", dump({"decisions": [
        {"quantity": "workers@harbour-strike", "action": "confirm", "note": "Checked."},
        {"quantity": "crew@nordic-star", "action": "split", "values": [{"source": "a", "paragraph": "p2", "value": "20"}],
         "to": "sailors-on-deck@nordic-star"}]}))
    _, analysis, problems = analysed(factory)
    assert problems == []
    by_id = {q.id: q for q in analysis.compare.quantities}
    assert by_id["workers@harbour-strike"].disagreement and by_id["workers@harbour-strike"].decided == "confirmed"
    assert by_id["crew@nordic-star"].values == ("23",) and not by_id["crew@nordic-star"].disagreement
    assert by_id["sailors-on-deck@nordic-star"].values == ("20",)


def test_editor_merge_makes_one_quantity(factory):
    factory.source("a", "Rescuers counted 40 survivors.\n")
    factory.source("b", "Rescuers counted 44 survivors.\n")
    _, analysis, _ = analysed(factory)
    ids = sorted(q.id for q in analysis.compare.quantities)
    assert not any(q.disagreement for q in analysis.compare.quantities)
    factory.write("figures.yml", dump({"decisions": [{"quantity": ids[0], "action": "merge", "others": [ids[1]]}]}))
    _, analysis, _ = analysed(factory)
    (merged,) = analysis.compare.quantities
    assert merged.disagreement and merged.values == ("40", "44") and merged.decided == "merged"


def test_figures_file_errors_name_file_and_line(factory):
    factory.source("a", "Rescuers counted 40 survivors.\n")
    path = factory.write("figures.yml", (
        "decisions:\n"
        "  - quantity: crew@nowhere\n"
        "    action: confirm\n"
        "  - quantity: crew@elsewhere\n"
        "    action: merge\n"))
    dossier, problems = load(factory.root)
    assert [(p.line, p.message) for p in problems] == [
        (4, "decisions[1]: a merge needs `others:`, the ids of the quantities to merge into this one")]
    path.write_text("decisions:\n  - quantity: crew@nowhere\n    action: confirm\n", "utf-8")
    with pytest.raises(DossierInvalid) as exc:
        build(factory.root)
    assert [(p.path, p.line, p.message) for p in exc.value.problems] == [(str(path), 2, (
        "decisions[0]: 'crew@nowhere' is not a quantity of the dossier; copy the id from the figures page "
        "(figures/index.md)"))]


# --- dated events --------------------------------------------------------------------------

SUNDAY = dt.date(2023, 11, 19)


@pytest.mark.parametrize("expression, published, expected", [
    ("Sunday", SUNDAY, "2023-11-19"),
    ("on Sunday", SUNDAY, "2023-11-19"),
    ("Friday", SUNDAY, "2023-11-17"),
    ("Last Wednesday", SUNDAY, "2023-11-15"),
    ("November 1", SUNDAY, "2023-11-01"),
    ("October 7", SUNDAY, "2023-10-07"),
    ("September 19", SUNDAY, "2023-09-19"),
    ("back in March", SUNDAY, "2023-03"),
    ("2021", SUNDAY, "2021"),
    ("March 2024", SUNDAY, "2024-03"),
    ("Monday", dt.date(2024, 2, 14), "2024-02-12"),
    ("December 25", dt.date(2024, 2, 14), "2023-12-25"),
    ("2 January 2020", None, "2020-01-02"),
])
def test_resolve_against_publication_date(expression, published, expected):
    assert resolve(expression, published) == (expected, "")


def test_a_year_alone_is_that_year_as_dateparser_reads_it_whatever_the_publication_date():
    """`resolve` answers a year alone without asking dateparser: for every year the expressions
    find, dateparser gives that year, for sources published on any day or on an unknown one."""
    from build_scripts.analysis.dates import _parser

    for base in (None, SUNDAY, dt.date(1900, 1, 1), dt.date(2000, 2, 29), dt.date(2099, 12, 31)):
        for year in range(1900, 2100):
            data = _parser(base).get_date_data(str(year))
            assert (data.period, data.date_obj.year) == ("year", year), (base, year)
            assert resolve(str(year), base) == (str(year), "")


def _as_dateparser_reads(text: str, base: dt.date | None) -> str | None:
    """What `resolve` gives for `text` through dateparser (None: it cannot read it)."""
    from build_scripts.analysis.dates import _parser

    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    assert data.period == "day", (text, base, data.period)
    return data.date_obj.date().isoformat()


def test_a_plain_day_and_month_is_read_as_dateparser_reads_it():
    """`resolve` reads "November 1", "1 November", "November 1, 2023", "November 1 2023" and
    "1 November 2023" without dateparser (0.4 ms each): for every day of every month, days that
    the month lacks included, it gives what dateparser gives, or leaves the text to it."""
    from build_scripts.analysis.dates import _MONTH_NUMBERS, _plain_date

    bases = (SUNDAY, dt.date(2024, 2, 29), dt.date(2024, 3, 1), dt.date(2025, 1, 1), dt.date(2023, 12, 31))
    read_here = 0
    for month in _MONTH_NUMBERS:
        for day in range(1, 32):
            for text in (f"{month} {day}", f"{day} {month}"):
                for base in bases:
                    mine, theirs = _plain_date(text, base), _as_dateparser_reads(text, base)
                    assert mine in (None, theirs), (text, base, mine, theirs)
                    read_here += mine is not None
                    if mine is not None:
                        assert resolve(text, base) == (mine, "")
            for year in (2023, 2024):
                for text in (f"{month} {day}, {year}", f"{month} {day} {year}", f"{day} {month} {year}"):
                    mine, theirs = _plain_date(text, None), _as_dateparser_reads(text, None)
                    assert mine in (None, theirs), (text, mine, theirs)
                    read_here += mine is not None
    # Every day there is: February 29 without a year only where the publication year has it
    # (two of the five), and with a year in 2024.
    assert read_here == 2 * (366 * len(bases) - 3) + 3 * (365 + 366)
    assert _plain_date("November 1st", SUNDAY) is None and _plain_date("November  1", SUNDAY) is None


@pytest.mark.parametrize("expression, published, reason", [
    ("Sunday", None, "the source's publication date is unknown"),
    ("October 7", None, "the source's publication date is unknown"),
    ("in March", SUNDAY, "a month without a year, and the text does not say whether it is past or to come"),
    ("this weekend", SUNDAY, "dateparser cannot read this expression"),
])
def test_unresolvable_expressions_say_why(expression, published, reason):
    assert resolve(expression, published) == ("", reason)


DATE_WORDS = ["Sunday", "on", "last", "Last", "this", "next", "Next", "in", "back", "Back", "early", "late", "mid-",
              "March", "May", "December", "of", "1st", "19", "2", "1994", "2023", "20", ",", "-", ".", "week",
              "weekend", "month", "year", "yesterday", "Yesterday", "earlier", "Earlier", "since", "until", "the"]


def test_a_paragraph_the_trigger_passes_over_has_no_date_expression():
    """`dates.TRIGGER` lets the dates stage skip paragraphs: it must find something in every text
    where EXPRESSION does (every run of three of DATE_WORDS, joined as a text would join them)."""
    import itertools

    from build_scripts.analysis.dates import EXPRESSION, TRIGGER

    missed = [text for words in itertools.product(DATE_WORDS, repeat=3) for separator in (" ", "", ", ")
              if EXPRESSION.search(text := separator.join(words)) and not TRIGGER.search(text)]
    assert missed == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=3)), max_size=12),
       st.sampled_from([" ", "", ", ", "-", "\n"]))
def test_the_trigger_on_random_texts(words, separator):
    from build_scripts.analysis.dates import EXPRESSION, TRIGGER

    text = separator.join(words)
    assert TRIGGER.search(text) or not EXPRESSION.search(text)


def _same_matches(text: str) -> bool:
    import re

    from build_scripts.analysis.dates import _EXPRESSIONS, EXPRESSION

    return [m.span() for m in EXPRESSION.finditer(text)] == [m.span() for m in re.finditer(_EXPRESSIONS, text)]


def test_date_expressions_are_found_as_the_plain_alternation_finds_them():
    """EXPRESSION is the alternation of `_EXPRESSIONS` behind a look-ahead for a letter or digit:
    the same matches, at the same places, in every run of three date words."""
    import itertools

    assert all(_same_matches(separator.join(three)) for three in itertools.product(DATE_WORDS, repeat=3)
               for separator in (" ", "", ", "))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=3)), max_size=12),
       st.sampled_from([" ", "", ", ", "-", "\n"]))
def test_date_expressions_on_random_texts(words, separator):
    assert _same_matches(separator.join(words))


def test_dates_found_in_text_with_and_without_publication_date(factory):
    text = "The talks began on Sunday. Back in March, the envoy visited; the treaty dates from 1994.\n"
    factory.source("dated", text, published={"value": "2024-06-09", "basis": "Given by the test."})
    factory.source("undated", text)
    dossier, analysis, _ = analysed(factory)
    found = {(e.span.source, words_of(dossier, e.span)): e.date or e.unresolved for e in analysis.compare.dates}
    assert found == {
        ("dated", "Sunday"): "2024-06-09", ("dated", "Back in March"): "2024-03", ("dated", "1994"): "1994",
        ("undated", "Sunday"): "the source's publication date is unknown",
        ("undated", "Back in March"): "the source's publication date is unknown", ("undated", "1994"): "1994",
    }


# --- wording -------------------------------------------------------------------------------


def test_wording_counts_forms_and_case(factory):
    factory.write("lexicons/wording.yml", dump({"terms": [
        {"term": "rebels", "forms": ["rebel group"]},
        {"term": "Resistance", "case": "sensitive"}]}))
    factory.source("a", "The Rebels and the rebel group met. resistance was low; the Resistance front spoke.\n")
    factory.source("b", "No such words here.\n")
    dossier, analysis, _ = analysed(factory)
    w = analysis.compare.wording
    assert dict(w.counts) == {("rebels", "a"): 2, ("Resistance", "a"): 1}
    assert [words_of(dossier, o.span) for o in w.of("rebels", "a")] == ["Rebels", "rebel group"]


def test_wording_lexicon_errors_name_file_and_line(factory):
    path = factory.write("lexicons/wording.yml", "terms:\n  - term: rebels\n    colour: red\n")
    _, problems = load(factory.root)
    assert [(p.path, p.line, p.message) for p in problems] == [(str(path), 3, (
        "terms[0].colour: unknown key; allowed keys here: term, forms, refers_to, case, note"))]


def test_pair_order_is_the_order_of_shared_pairs():
    """`find_pairs` sorts by `_pair_order` (tuples, compared in C): the dataclass order of `SharedPair`."""
    import random

    from build_scripts.analysis.shared import SharedPair, _pair_order
    from build_scripts.models import Span

    rng = random.Random(5)

    def span():
        return Span(rng.choice(["a", "b", "a1"]), rng.choice(["p1", "p10", "p2"]), rng.randint(0, 2), rng.randint(0, 2))

    pairs = [SharedPair(span(), span(), rng.choice([0.5, 0.75, 1.0])) for _ in range(500)]
    assert sorted(pairs, key=_pair_order) == sorted(pairs)
    assert [_pair_order(p) for p in sorted(pairs, key=_pair_order)] == [_pair_order(p) for p in sorted(pairs)]
