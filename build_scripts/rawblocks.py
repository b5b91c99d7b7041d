"""Finished HTML blocks kept away from Python-Markdown, for the MkDocs hook.

Renderers wrap bulky HTML (reading text, captures, quoted passages, long tables) with
`markup.raw`. Before conversion, `lift` replaces each block with a token paragraph made of a
nonce drawn for this page (so no text of the dossier can forge one); after conversion,
`splice` puts the blocks back and returns the element ids they hold, which MkDocs must know
to check links to their anchors. Python-Markdown would otherwise parse every tag of these
blocks with html.parser: most of MkDocs' time on our pages.
"""

from __future__ import annotations

import re
import secrets

from .render.markup import RAW_CLOSE, RAW_OPEN

_BLOCK = re.compile(rf"^{re.escape(RAW_OPEN)}\n(.*?)\n{re.escape(RAW_CLOSE)}$", re.S | re.M)
_ID = re.compile(r'\bid="([^"]+)"')
_TOKEN = re.compile(r"<p>dossierraw([0-9a-f]+)x(\d+)</p>")  # one pattern for every page: its nonce is checked


def lift(markdown: str) -> tuple[str, list[str], str]:
    """The Markdown with each raw block replaced by a token paragraph, the blocks, the nonce."""
    if RAW_OPEN not in markdown:
        return markdown, [], ""
    nonce = secrets.token_hex(12)
    blocks: list[str] = []

    def token(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"dossierraw{nonce}x{len(blocks) - 1}"

    return _BLOCK.sub(token, markdown), blocks, nonce


def splice(html: str, blocks: list[str], nonce: str) -> tuple[str, set[str]]:
    """The converted HTML with the blocks back in place, and the ids they hold."""
    if not blocks:
        return html, set()
    out = _TOKEN.sub(lambda m: blocks[int(m[2])] if m[1] == nonce else m[0], html)
    return out, {i for block in blocks for i in _ID.findall(block)}
