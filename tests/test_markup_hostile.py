"""render/markup.py against hostile text (issue 14): front matter that always parses, non-characters
shown, bidirectional controls isolated in HTML and shown as symbols in plain-text places."""

from __future__ import annotations

import html as _html

import markdown
import pytest
from mkdocs.utils.meta import get_data

from build_scripts.render.markup import attr, front_matter, heading, html, md, plain, visible

ISSUE_PAYLOAD = "\uffff![y](https://x.invalid/y.png){: onerror=alert(document.domain) }"
SPECIALS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0x10FFFF,
                             0x202E, 0x2066, 0x200F, 0x2028, 0x2029, 0xFEFF]]


def render(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=["attr_list", "tables", "toc"])


@pytest.mark.parametrize("special", SPECIALS + ["\U0001f600", "\u00e9"], ids=lambda c: f"U+{ord(c):04X}")
def test_front_matter_always_parses_and_gives_the_title_back(special):
    title = f"A {special} title {ISSUE_PAYLOAD} \"quoted\" 'single' : # & <b> \\"
    doc, meta = get_data(front_matter(title, description=f"About {title}", search={"exclude": True},
                                      edit="sources/x/source.yml") + "\n# Heading\n")
    assert doc == "# Heading\n", "the front matter was not parsed: MkDocs would render it as Markdown"
    assert meta["title"] == attr(plain(title))
    assert meta["description"] == attr(plain(f"About {title}"))  # an emoji broke this (JSON's surrogate escapes)
    assert meta["search"] == {"exclude": True} and meta["edit"] == "sources/x/source.yml"


def test_yaml_string_is_what_pyyaml_writes_for_every_code_point():
    """`yaml_string` writes most texts itself, faster than PyYAML's serialiser: for every code
    point, in runs of text, it gives exactly what `safe_dump` gives, and both of YAML's readers
    (PyYAML's, which MkDocs uses, and libyaml's) read the text back."""
    import yaml

    from build_scripts.render.markup import yaml_string

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for start in range(0, len(chars), 4096):
        text = "a " + "".join(chars[start:start + 4096]) + ' "\\ z'
        written = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=float("inf")).strip()
        assert yaml_string(text) == written, hex(start)
        assert yaml.load(written, yaml.SafeLoader) == text == yaml.load(written, yaml.CSafeLoader)
    for c in chars[:0x3000:7] + chars[0x3000::997] + ["\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\U0010ffff"]:
        for text in (c, f"x{c}y", f" {c} "):
            assert yaml_string(text) == yaml.safe_dump(text, allow_unicode=True, default_style='"',
                                                       width=float("inf")).strip(), hex(ord(c))


def test_the_issue_payload_in_a_title_stays_text():
    doc, meta = get_data(front_matter(ISSUE_PAYLOAD))
    assert meta["title"] == "\u27e8U+FFFF\u27e9![y](https://x.invalid/y.png){: onerror=alert(document.domain) }"
    out = render(f"# {heading(ISSUE_PAYLOAD)}\n\n{md(ISSUE_PAYLOAD)}")
    assert "<img" not in out and "onerror=" not in out.replace("{: onerror=", "")
    assert out.count("{: onerror=alert(document.domain) }") == 2


@pytest.mark.parametrize("payload", [
    "[x](javascript:alert(1))", "<javascript:alert(1)>", "![i](data:image/png;base64,AA==)",
    "{: onclick=alert(1) }", "x {#id onclick=alert(1)}", "[r]: javascript:alert(1)", "&#106;avascript:",
    "<!-- c -->", "*[HTML]: Hyper Text", "--8<-- 'x'", "{{ config }} {% raw %}",
])
def test_md_output_renders_as_written(payload):
    out = render(md(payload))
    assert out.startswith("<p>") and out.endswith("</p>")
    assert _html.unescape(out[3:-4]) == payload
    assert "<a" not in out and "<img" not in out and "onclick=\"" not in out and "<!--" not in out


def test_visible_changes_exactly_the_controls_and_non_characters_of_any_text():
    """`visible` skips texts with nothing to show by a check in C: for every code point, alone,
    in ASCII and in non-ASCII text, it shows what its table and the non-character pattern say,
    and nothing else."""
    from build_scripts.charsets import CONTROL, NONCHARACTER

    for i in range(0x110000):
        if 0xD800 <= i < 0xE000:
            continue
        ch = chr(i)
        shown = f"\u27e8U+{i:04X}\u27e9" if (NONCHARACTER.match(ch) or 0x80 <= i < 0xA0) else (
            chr(0x2400 + i) if i < 0x20 else "\u2421") if (CONTROL.match(ch) or ch == "\r") else ch
        assert (visible(ch), visible(f"a {ch} b"), visible(f"é{ch}’")) == (shown, f"a {shown} b", f"é{shown}’"), hex(i)


def test_non_characters_are_visible():
    assert visible("a\uffffb\ufdd0\U0001fffe") == "a\u27e8U+FFFF\u27e9b\u27e8U+FDD0\u27e9\u27e8U+1FFFE\u27e9"
    assert visible("\x00\x85") == "\u2400\u27e8U+0085\u27e9"


def test_bidi_controls_are_isolated_in_html_and_shown_in_plain_text():
    spoof = "abc\u202edcba.exe"
    assert html(spoof) == "<bdi>abc\u202edcba.exe</bdi>"
    assert md(spoof) == "<bdi>abc\u202edcba\\.exe</bdi>"
    assert attr(spoof) == "abc\u202edcba.exe"  # attributes are not shown as text; html() isolates
    assert plain(spoof) == "abc\u27e8U+202E\u27e9dcba.exe"
    assert heading(spoof) == "abc\u27e8U\\+202E\u27e9dcba\\.exe"
    assert html("plain text") == "plain text" and md("plain") == "plain"
