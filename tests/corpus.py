"""The adversarial corpus: every class of hostile text a person can type or a client can send.

It gathers the hostile strings the builders' and the renderer's tests use (mentions, template
syntax, entities, code fences, emoji, right-to-left text and bidi overrides, zero-width
characters, long text) and adds what only arrives over the wire: lone UTF-16 surrogates and NUL
(valid as JSON escapes, unstorable as they are), other control characters and noncharacters.
"""

from __future__ import annotations

import re

from tests.test_blocks import HOSTILE as BLOCKS_HOSTILE
from tests.test_render import HOSTILE as RENDER_HOSTILE

WIRE_ONLY = [
    "lone high surrogate \ud83d here",
    "lone low surrogate \ude00 here",
    "reversed pair \ude00\ud83d",
    "\ud800",
    "NUL \x00 in the middle",
    "\x00",
    "C0 controls \x01\x07\x08\x0b\x0c\x1b[31mred\x1b[0m",
    "DEL \x7f and C1 \x85\x9b",
    "noncharacters \ufffe \uffff \U0010ffff and private use \ue000",
    "Z\u0334\u0322a\u0337l\u0338g\u0336o combining marks",
    "\ufeffBOM first",
    "tab\tcarriage\r\nreturn",
]

CORPUS = list(dict.fromkeys([*BLOCKS_HOSTILE, *RENDER_HOSTILE, *WIRE_ONLY]))
"""Every hostile string, each once."""

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def as_stored(text: str) -> str:
    """What the bot keeps of `text`: lone surrogates and NUL become U+FFFD, nothing else changes."""
    return UNSTORABLE.sub("\ufffd", text)
