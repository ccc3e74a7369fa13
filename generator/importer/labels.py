"""Label normalisation (format.md §a.7) and the matching vocabulary, built from generator.model.

No label is spelt here: the vocabulary is derived from the model's declarations. The only literal
strings are the few normalisation aliases below (drift seen in published reports).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import (SECTIONS, T2_TITLE, T3_COLUMNS, T3_HEAD_APPLICANT, T3_HEAD_ORG, T3_NOTE, T3_TITLE,
                     T4_COLUMNS, T4_GROUPS, T4_SUPER, T4_TITLE, VERSIONS, get_format)
from ..nfkc import nfkc
from ..values import WORD_MARKER

# Published drift -> canonical wording, applied to the normalised text (format.md §a.7).
# Both sides are normalised keys: NFKC (half-width brackets), no whitespace, no quotes.
ALIASES = (
    ("行政法复议", "行政复议"),                      # typo seen in Pingtan 2022
    ("逾期未接收费用通知", "逾期未按收费通知"),        # seed 000
    ("行政规范性文件", "规范性文件"),                  # the 2019 label leaks into 2021 reports (seed 000)
    ("本年增减", "本年增/减"),
)

_QUOTES = "\"'“”‘’「」"
_ITEM_NO = re.compile(r"(\d{1,2})[、,，.．]")
TAIL = ":：。;；"         # dropped at the end of a label


def spelling(text: str) -> str:
    """A label's text as written, made comparable: NFKC, no markers/whitespace/quotes, '1、' -> '1.'.

    Unlike norm() it keeps trailing punctuation and applies no alias, so that the spelling of a
    piece of a wrapped label is a prefix of the spelling of the whole label."""
    s = nfkc(text)
    if "[" in s:
        s = WORD_MARKER.sub("", s)
    s = "".join(s.split())      # str.split() splits at exactly what regex \s matches
    for q in _QUOTES:
        if q in s:
            s = s.replace(q, "")
    m = _ITEM_NO.match(s)
    if m:
        s = f"{m[1]}.{s[m.end():]}"
    return s.replace(",", "、")


def norm(text: str) -> str:
    """The matching key of a label: its spelling without trailing punctuation, aliases applied."""
    s = spelling(text).rstrip(TAIL)
    for old, new in ALIASES:
        if old in s:
            s = s.replace(old, new)
    return s



@dataclass(frozen=True)
class Entry:
    """What a label means in one format version."""
    kind: str          # 'caption' | 'info' | 't2col' | 't2row' | 't3row' | 't3group' | 't3head' | 't4head' | 'title'
    table: str         # 't2' | 't3' | 't4'
    ref: object = None  # caption/row: sub-table index; t2col: column id; t3row: row id; t2row: (sub-table index, row id)


def _labels(version: str):
    """(label as the model writes it, its meaning) for every label of the version's tables."""
    fmt = get_format(version)
    for i, st in enumerate(fmt.t2):
        yield st.caption, Entry("caption", "t2", i)
        yield st.header, Entry("info", "t2")
        for c in st.columns:
            yield c.label, Entry("t2col", "t2", c.id)
        for r in st.rows:
            yield r.label, Entry("t2row", "t2", (i, r.id))
    yield T2_TITLE, Entry("title", "t2")
    for r in fmt.t3_rows:
        yield r.label, Entry("t3row" if r.id else "t3group", "t3", r.id)
    for label in (T3_NOTE, T3_HEAD_APPLICANT, T3_HEAD_ORG, *(c.label for c in T3_COLUMNS)):
        yield label, Entry("t3head", "t3")
    yield T3_TITLE, Entry("title", "t3")
    for label in (*T4_SUPER, *(g.label for g in T4_GROUPS), *(c.label for c in T4_COLUMNS)):
        yield label, Entry("t4head", "t4")
    yield T4_TITLE, Entry("title", "t4")


@cache
def vocabulary(version: str) -> dict[str, tuple[Entry, ...]]:
    """norm(label) -> meanings, for every label of the version's tables."""
    out: dict[str, list[Entry]] = {}
    for label, entry in _labels(version):
        lst = out.setdefault(norm(label), [])
        if entry not in lst:
            lst.append(entry)
    return {k: tuple(v) for k, v in out.items()}


@cache
def all_labels() -> frozenset[str]:
    """Every normalised table label of either version (to tell a table line from prose)."""
    keys: set[str] = set()
    for v in VERSIONS:
        keys.update(vocabulary(v))
    return frozenset(keys)


DATA_ROWS = frozenset({"t2row", "t3row"})     # labels of rows that carry numbers
ROW, GROUP, HEAD = 2, 1, 0                     # what a beginning of a label may begin, best first


@cache
def prefixes(version: str) -> dict[str, int]:
    """spelling() of every proper beginning of every label of the version (and of its published
    variants) -> ROW if it begins the label of a data row, else GROUP (a row group of table 三)
    or HEAD: how `assemble` tells the piece of a wrapped label from text that is no label."""
    out: dict[str, int] = {}
    for text, entries in _label_texts(version).items():
        kinds = {e.kind for e in entries}
        what = ROW if kinds & DATA_ROWS else GROUP if "t3group" in kinds else HEAD
        spellings = {spelling(text)}
        for old, new in ALIASES:          # the published variants ("规范性文件" for "行政规范性文件")
            spellings |= {s.replace(new, old) for s in spellings if new in s}
        for s in spellings:
            for i in range(1, len(s)):
                out[s[:i]] = max(out.get(s[:i], HEAD), what)
    return out


@cache
def _label_texts(version: str) -> dict[str, tuple[Entry, ...]]:
    """Every label of the version's tables as the model writes it -> its meanings."""
    vocab = vocabulary(version)
    return {text: vocab[norm(text)] for text, _ in _labels(version)}


@cache
def version_markers() -> dict[str, frozenset[str]]:
    """Labels only one version has (format.md b.6), derived as set differences of the two vocabularies."""
    a, b = vocabulary("2021"), vocabulary("2019")
    # a label that exists in both versions but means a data row in one and a group in the other
    # (（六）其他处理) tells nothing by itself; only labels absent from the other version count.
    return {"2021": frozenset(set(a) - set(b)), "2019": frozenset(set(b) - set(a))}


_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．,，]\s*(.*)$")


# one run of spaces on each side of the optional marker: two stars side by side would try every
# split of a long run of blanks (a line of 40,000 tabs took 20 s)
_HEADING_START = re.compile(r"^\s*(?:\[bookmark:[^\]]*\]\s*)?[一二三四五六]")


def section_of_heading(line: str) -> str | None:
    """The numeral 一…六 if the line is a section heading: numeral + a keyword of that section."""
    if not _HEADING_START.match(line):
        return None
    return _section_of_heading(line)


def _section_of_heading(line: str) -> str | None:
    m = _HEADING.match(nfkc(WORD_MARKER.sub("", line) if "[" in line else line))
    if not m:
        return None
    numeral, rest = m.groups()
    rest = norm(rest)
    if len(rest) > 40:
        return None
    for s in SECTIONS:
        if s.numeral == numeral:
            return numeral if any(norm(k) in rest for k in s.keywords) else None
    return None



SUB_NUMERALS = "一二三四五六七八九十"
_SUBHEADING = re.compile(r"^\s*[(（]\s*([一二三四五六七八九十])\s*[)）]")


def subheading_index(line: str) -> int | None:
    """0 for a line starting （一）, 1 for （二）… (half-width brackets too, Word markers ignored)."""
    m = _SUBHEADING.match(WORD_MARKER.sub("", line) if "[" in line else line)
    return SUB_NUMERALS.index(m.group(1)) if m else None
