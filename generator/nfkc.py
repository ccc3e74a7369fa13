"""NFKC normalisation (format.md §a.7: half-width brackets and digits), fast for Chinese prose.

unicodedata.normalize returns text that is already NFKC at once, but Chinese text rarely is: its
full-width punctuation ，（）：； has compatibility forms, and the full normalisation of a line of
prose costs some 30 µs. Replacing those characters by their NFKC forms first (str.replace, a C
scan each) usually leaves text that is NFKC, which the library's quick check confirms cheaply.

Why the result is exact: a character and its NFKC form have the same compatibility decomposition,
so replacing one by the other leaves the NFKC of the whole text unchanged; and text that is NFKC
is its own NFKC. Anything else (full-width digits, combining marks …) goes to the full
normalisation.
"""
from __future__ import annotations

import unicodedata

# the full-width forms of Chinese prose and tables, and the no-break space of Word, each with its NFKC form
_COMMON = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，（）：；？！\u3000\u00a0")
_SHORT = 8     # shorter texts (cell values, short labels): the plain call is as cheap


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), the same result."""
    if len(text) < _SHORT:
        return unicodedata.normalize("NFKC", text)
    for c, n in _COMMON:
        if c in text:
            text = text.replace(c, n)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
