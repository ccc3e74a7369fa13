"""Unit names compared as a supervisor compares them, one rule for roster, fingerprints and the
previous year's reports.

normalise(name):
1. NFKC (full-width letters, digits and brackets become half-width);
2. bracketed notes of up to twelve characters are dropped: 「（本级）」「（汇总）」「(2024)」;
3. whitespace and punctuation are dropped;
4. 管理委员会 is written 管委会; a final 人民政府 or 政府 is dropped (「某某区人民政府」, 「某某区政府」
   and 「某某区」 are one unit), unless nothing else would be left.

Two names are the same unit when their normalised forms are equal (roster.py adds aliases and a
unique-suffix rule for names written with or without the region in front).
"""
from __future__ import annotations

import re

from ..nfkc import nfkc

_BRACKETED = re.compile(r"[(\[【〔][^()\[\]【】〔〕]{0,12}[)\]】〕]")
_NOT_WORD = re.compile(r"[\W_]+")
_DROPPED_ENDS = ("人民政府", "政府")


def normalise(name: object) -> str:
    t = nfkc(str(name or ""))
    t = _BRACKETED.sub("", t)
    t = _NOT_WORD.sub("", t).replace("管理委员会", "管委会")
    for end in _DROPPED_ENDS:
        if t.endswith(end) and len(t) > len(end) + 1:
            return t[:-len(end)]
    return t
