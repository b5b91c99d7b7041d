"""The multi-pattern matcher: boundaries, case, possessives, hyphen/space variants, overlaps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.analysis.matching import Matcher, fold, lower_same_length, match_key
from build_scripts.analysis.text import WORD, words


def found(patterns, text, **kw):
    return [(m.surface, m.payload) for m in Matcher(patterns).find(text, **kw)]


def test_word_boundaries():
    m = [("Iran", "iran", False), ("Hamas", "hamas", False)]
    assert found(m, "Iranian officials met Hamas leaders in Iran.") == [("Hamas", "hamas"), ("Iran", "iran")]
    assert found(m, "Hamasian, Irani, subIran") == []


def test_case_is_honoured_and_sentence_initial_capital_allowed():
    m = [("the Leader", "k", False), ("IRGC", "irgc", False), ("morality police", "mp", True)]
    assert found(m, "The Leader said so; the leader of the band; the Leader left.") == [("The Leader", "k"), ("the Leader", "k")]
    assert found(m, "irgc IRGC") == [("IRGC", "irgc")]
    assert found(m, "the Morality Police and MORALITY POLICE") == [("Morality Police", "mp"), ("MORALITY POLICE", "mp")]


def test_possessives_are_part_of_the_surface():
    m = [("Khamenei", "k", False), ("Houthis", "h", False)]
    assert found(m, "Khamenei's call, Khamenei’s call, the Houthis' ship, Khameneis") == [
        ("Khamenei's", "k"), ("Khamenei’s", "k"), ("Houthis'", "h")]


def test_hyphen_space_and_apostrophe_variants_meet():
    m = [("Amir-Abdollahian", "a", False), ("Fattah II", "f", False), ("Shia' Al Sudani", "s", False)]
    text = "Amir Abdollahian and Amir‑Abdollahian (non-breaking hyphen); Fattah-II and Fattah  II; Shia’ Al Sudani"
    assert [p for _, p in found(m, text)] == ["a", "a", "f", "f", "s"]


def test_longest_leftmost_match_wins_and_matches_do_not_overlap():
    m = [("Ali Khamenei", "k", False), ("Khamenei", "k2", False), ("Supreme Leader Ali", "x", False)]
    assert found(m, "Ayatollah Ali Khamenei spoke") == [("Ali Khamenei", "k")]
    assert found(m, "Supreme Leader Ali Khamenei") == [("Supreme Leader Ali", "x"), ("Khamenei", "k2")]


def test_prefix_patterns_match_word_endings():
    m = [("sever*", "t", True)]
    assert found(m, "Sever ties, severing, severance; reverse; severalfold") == [
        ("Sever", "t"), ("severing", "t"), ("severance", "t"), ("severalfold", "t")]


def test_accept_filters_before_overlaps_are_resolved():
    m = [("the Leader", "scoped", False), ("Leader", "plain", False)]
    assert found(m, "the Leader spoke", accept=lambda p: p != "scoped") == [("Leader", "plain")]


def test_payloads_sharing_a_span_all_match_and_duplicates_once():
    m = [("border", "a", True), ("border", "b", True), ("Border", "a", True)]
    assert found(m, "the border") == [("border", "a"), ("border", "b")]


def test_offsets_map_back_to_the_original_text():
    text = "Foo  -  Bar met Ｘ and İstanbul’s mayor"
    m = Matcher([("Foo Bar", 1, False), ("istanbul", 2, True)])
    out = m.find(text)
    assert [(text[x.start:x.end], x.payload) for x in out] == [("Foo  -  Bar", 1), ("İstanbul’s", 2)]


def test_fold_and_keys():
    folded, index = fold("a \t-\n b’c")
    assert folded == "a b'c" and len(index) == len(folded)
    assert match_key(" Fattah-II ", False) == "Fattah II" == match_key("Fattah II", False)
    assert match_key("IRGC", True) == "irgc"
    assert len(lower_same_length("İSTANBUL")) == len("İSTANBUL")


def test_empty_matcher_finds_nothing():
    assert Matcher([]).find("anything at all") == []


def test_each_group_sees_its_own_overlapping_matches():
    m = Matcher([("two state solution", ("kayhan", "match"), True), ("two-state", ("kayhan", "requires"), True)])
    text = "backing a two-state solution"
    assert [(x.surface, x.payload[1]) for x in m.find(text, group=lambda p: p)] == [
        ("two-state solution", "match"), ("two-state", "requires")]
    assert [x.payload[1] for x in m.find(text)] == ["match"]  # one group: the longest wins, as before


def test_quotation_mark_styles_meet():
    m = [('Abraham "Rami" Ungar', "u", False)]
    assert [p for _, p in found(m, "Abraham “Rami” Ungar, Abraham \"Rami\" Ungar, Abraham «Rami» Ungar")] == ["u", "u", "u"]


def test_case_sensitive_aliases_match_title_and_upper_case_but_not_lower():
    m = [("Paydari party", "p", False), ("US", "us", False)]
    assert found(m, "Paydari party, Paydari Party, PAYDARI PARTY, paydari party; US and us") == [
        ("Paydari party", "p"), ("Paydari Party", "p"), ("PAYDARI PARTY", "p"), ("US", "us")]


# The fast paths of fold() and lower_same_length() (str.translate, a range for the index) must
# give exactly what the character-by-character definitions give, on any text.

_SEPARATORS = "-\u2010\u2011\u2012\u2013"
_APOSTROPHES = "'\u2019\u02bc\u2018`\u2032"
_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'


def _fold_by_definition(text: str) -> tuple[str, list[int]]:
    out, index, in_space = [], [], False
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _SEPARATORS:
            if in_space:
                continue
            ch, in_space = " ", True
        else:
            in_space = False
            ch = "'" if ch in _APOSTROPHES else '"' if ch in _QUOTES else ch
        out.append(ch)
        index.append(i)
    return "".join(out), index


_TRICKY = st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u2028\u2029\u202f\u205f\u3000\ufeff"
                               + _SEPARATORS + _APOSTROPHES + _QUOTES + "aZİΣß"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=30).map("".join))
def test_fold_matches_its_definition(text):
    folded, index = fold(text)
    assert (folded, list(index)) == _fold_by_definition(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=30).map("".join))
def test_lower_same_length_matches_its_definition(text):
    assert lower_same_length(text) == "".join(c.lower()[:1] or c for c in text)


def test_lower_same_length_covers_every_code_point_with_a_lower_case():
    assert lower_same_length("ΟΔΟΣ İSTANBUL \U0001e900") == "οδοσ istanbul \U0001e922"
    assert all(not chr(i).isspace() for i in range(0x3001, 0x110000))  # fold's table stops at U+3000
    assert all(chr(i).lower() == chr(i) for i in range(0x1E922, 0x110000))  # lower's table stops there


def test_fold_and_lower_give_their_definition_for_every_code_point_in_non_ascii_text():
    """Non-ASCII text is folded by substitutions and lower-cased by `str.lower` where that is the
    same (faster than `translate`): every code point, beside a non-ASCII letter, and beside a
    final capital sigma (which `str.lower` would make "ς")."""
    for i in range(0x110000):
        if 0xD800 <= i < 0xE000:
            continue
        for text in (f"é{chr(i)}", f"{chr(i)}Σ x"):
            if i < 0x3100 or i % 97 == 0:  # fold's table stops at U+3000
                folded, index = fold(text)
                assert (folded, list(index)) == _fold_by_definition(text), hex(i)
            assert lower_same_length(text) == "".join(c.lower()[:1] or c for c in text), hex(i)


def _words_by_definition(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def test_words_give_their_definition_for_every_code_point():
    """`words` lower-cases the whole text before it finds the words (faster than word by word):
    the same words for every code point, alone, inside a word, after an apostrophe, and beside
    "İ" and "Σ" (whose lower case depends on what surrounds them)."""
    assert words("İSTANBUL’S ΟΔΟΣ don’t") == ["i̇stanbul's", "οδος", "don't"]
    for i in range(0x110000):
        if 0xD800 <= i < 0xE000:
            continue
        c = chr(i)
        for text in (f"{c}", f"ab{c}cd e", f"x’{c}y", f"{c}İ {c}Σ"):
            assert words(text) == _words_by_definition(text), hex(i)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=30).map("".join))
def test_words_match_their_definition(text):
    assert words(text) == _words_by_definition(text)
