"""Characters that untrusted text may hold but no reader should meet unannounced.

- control characters (C0 but tab and newline, DEL, C1) and non-characters (U+FDD0-U+FDEF and
  the last two code points of every plane): shown as visible symbols on the site;
- bidirectional controls (embeddings, overrides, isolates, marks): they can make a name or a
  title display in a misleading order, so the site isolates them and `check` warns;
- lone surrogates (only reachable through a YAML escape such as "\\ud800"): not characters at
  all, refused at load.
"""

from __future__ import annotations

import re
import unicodedata

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")


def describe(ch: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: a character named for a message."""
    code = ord(ch)
    if NONCHARACTER.match(ch):
        name = "a non-character"
    elif SURROGATE.match(ch):
        name = "half of a UTF-16 surrogate pair"
    else:
        name = unicodedata.name(ch, "a control character")
    return f"U+{code:04X} ({name})"


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
