"""Escaping untrusted text: whatever a source or an editor writes is shown as written."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_scripts.render.markup import Mark, front_matter, highlight, md, url, visible
from build_scripts.render.markup import html as html_escape

EXTENSIONS = ["attr_list", "tables", "toc"]  # as in mkdocs.yml

NASTY = [
    "<script>alert(1)</script>", "</title><script>x</script>", '<img src=x onerror="alert(1)">',
    "[link](javascript:alert(1))", "![img](x)", "**bold** __b__ *i* _i_ `code`", "# not a heading",
    "> not a quote", "1. not a list", "- not a list", "+ nope", "---", "***", "| a | b |",
    "{: #id .class }", "{{ config }} {% raw %}", "&amp; &lt; &#169; &copy;", "\\*escaped\\*",
    "<http://example.org>", "a\x02wzxhzdk:0\x03b", "trailing two spaces  ", "Text with ‘quotes’ and “more”",
    "=== ~~~ ::: ^^ ==mark==", "<!-- comment -->", "[x]: http://example.org", "foo\\", "",
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def rendered(source: str) -> _Text:
    parser = _Text()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return parser


def shown(text: str) -> str:
    """What a reader should see: the text with control characters made visible, spaces collapsed."""
    return " ".join(visible(text).split())


def check_literal(text: str) -> None:
    out = rendered(md(text))
    assert set(out.tags) <= {"p", "bdi"}, (text, out.tags)  # bidi controls are isolated in <bdi>
    assert " ".join("".join(out.text).split()) == shown(text)


def test_nasty_strings_render_literally_in_markdown():
    for text in NASTY:
        check_literal(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_text_renders_literally_in_markdown(text):
    check_literal(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NASTY + ["x", " ", "#", "|", "\\", "`", "*", "[", "]", "(", ")", "<", "&"]), max_size=8))
def test_combinations_render_literally_in_headings_and_table_cells(parts):
    text = "".join(parts)
    assume(text.strip())  # titles are never empty (the schema requires text)
    heading = rendered(f"## {md(text)} {{ #fixed }}")
    assert set(heading.tags) <= {"h2"} and " ".join("".join(heading.text).split()) == shown(text)
    cell = rendered(f"| A | B |\n| -- | -- |\n| {md(text) or ' '} | end |")
    assert "".join(cell.text).split("end")[0].split("B")[-1].strip() == shown(text).strip()
    assert set(cell.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}


def test_html_escape_for_raw_blocks_and_attributes():
    assert html_escape('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert html_escape("a\x00b\x1bc\x7f\x85") == "a\u2400b\u241bc\u2421\u27e8U+0085\u27e9"
    raw = f'<p id="p1">{html_escape(NASTY[2] + NASTY[0])}</p>'
    out = rendered(raw)
    assert out.tags == ["p"] and "".join(out.text) == NASTY[2] + NASTY[0]


def test_front_matter_title_is_yaml_and_html_safe():
    title = '</title><script>alert("x")</script> \'quoted\' ünïcode \x02 {{ x }}'
    block = front_matter(title, search={"exclude": True})
    meta = yaml.safe_load(block.strip().strip("-"))
    assert meta["title"] == html.escape(visible(title), quote=True)
    assert "<" not in meta["title"] and meta["search"] == {"exclude": True}


def test_relative_urls_between_pages():
    assert url("topics/galaxy-leader/index.md", "sources/000/index.md", "p13") == "../../sources/000/#p13"
    assert url("sources/000/index.md", "sources/000/index.md", "p2") == "#p2"
    assert url("index.md", "sources/index.md") == "sources/"
    assert re.fullmatch(r"\.\./\.\./entities/x/", url("topics/t/index.md", "entities/x/index.md"))


# --- spans: one renderer for every feature that marks text ----------------------------------


class _Marks(HTMLParser):
    """Rebuilds the text and, for each character, the classes of the marks around it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.chars: list[tuple[str, tuple[str, ...]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag == "mark"
        attrs = dict(attrs)
        self.open.append(attrs["class"])
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        assert tag == "mark" and self.open
        self.open.pop()

    def handle_data(self, data):
        self.chars += [(ch, tuple(sorted(self.open))) for ch in data]


def parse_marks(out: str) -> _Marks:
    parser = _Marks()
    parser.feed(out)
    parser.close()
    assert not parser.open, "every <mark> is closed"
    return parser


def test_highlight_nests_and_splits_overlapping_marks():
    text = "Abraham “Rami” Ungar & <Ray> Shipping"
    marks = [Mark(0, 20, "a", id="m1"), Mark(8, 14, "b"), Mark(15, 37, "c", title="x\"y")]
    out = highlight(text, marks)
    assert out.startswith('<mark class="a" id="m1">Abraham <mark class="b">“Rami”</mark> <mark class="c" title="x&quot;y">')
    assert "&lt;Ray&gt;" in out and "&amp;" in out
    parsed = parse_marks(out)
    assert "".join(ch for ch, _ in parsed.chars) == text
    assert parsed.ids == ["m1"]  # an id is given once, on the first piece of a split mark
    for i, (_, classes) in enumerate(parsed.chars):
        assert classes == tuple(sorted(m.css for m in marks if m.start <= i < m.end)), i


def test_highlight_ignores_empty_and_out_of_range_marks_and_counts_code_points():
    text = "Tehran 🚀 تهران"
    out = highlight(text, [Mark(7, 8, "emoji"), Mark(9, 14, "fa"), Mark(3, 3, "empty"), Mark(10, 99, "bad")])
    assert out == 'Tehran <mark class="emoji">🚀</mark> <mark class="fa">تهران</mark>'


def test_highlight_in_markdown_renders_literally():
    text = "A *starred* [link](javascript:x) | pipe"
    out = highlight(text, [Mark(2, 11, "m")], markdown=True)
    parsed = rendered(out)
    assert parsed.tags == ["p", "mark"] and "".join(parsed.text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from("abc")), max_size=6))
def test_any_marks_on_any_text_keep_the_text_and_cover_the_right_characters(text, raw):
    marks = [Mark(min(a, b), max(a, b), css) for a, b, css in raw]
    parsed = parse_marks(highlight(text, marks))
    assert "".join(ch for ch, _ in parsed.chars) == visible(text)
    if visible(text) == text:
        valid = [m for m in marks if m.start < m.end <= len(text)]
        for i, (_, classes) in enumerate(parsed.chars):
            assert set(classes) == {m.css for m in valid if m.start <= i < m.end}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "index.md", "sources", "001", ".", "..", ""]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b", "index.md", "sources", "001", ".", ".."]), min_size=1, max_size=4))
def test_relpath_by_parts_is_posix_relpath(target, here):
    import posixpath

    from build_scripts.render.markup import _relpath

    t, h = "/".join(target) or ".", "/".join(here)
    assert _relpath.__wrapped__(t, h) == posixpath.relpath(t, h)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b&c", "index.md", "x.md", "sources", "001", ".", "..", ""]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b&c", "index.md", "x.md", "sources", "001", ".", "..", ""]), min_size=1, max_size=4),
       st.sampled_from([None, "p1", "a&b"]))
def test_url_by_remembered_parts_is_the_general_rule(here, target, anchor):
    """`url` remembers each path's escaped parts; what it gives is the relative path computed
    the general way (`posixpath.relpath` for odd parts), escaped as a whole."""
    import html

    from build_scripts.render.markup import _page_url_general

    h, t = "/".join(here), "/".join(target)
    rel = _page_url_general(h, t)
    assert url(h, t, anchor) == html.escape(f"{rel}#{anchor}" if anchor else rel or "./", quote=True)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30), st.integers(-2, 32), st.integers(-2, 32), st.sampled_from(["dossier-hit", "a&b\"c"]))
def test_one_marked_span_is_highlight_with_one_mark(text, start, end, css):
    """`marked`, the one-span case of snippets and excerpts, gives what `highlight` gives,
    out-of-range and empty spans included."""
    from build_scripts.render.markup import marked

    assert marked(text, start, end, css) == highlight(text, [Mark(start, end, css)])


def test_inline_is_remembered_but_gives_each_text_its_own_html():
    from build_scripts.render.markup import inline

    assert inline("a <b>\u2028c") == "a &lt;b&gt; c" and inline("a\x01") == "a\u2401"
    assert inline("a <b>\u2028c") is inline("a <b>\u2028c")
