"""雷同: narrative sections of different units that are near-identical, and (with --previous-year)
sections copied from the unit's own report of last year.

The measure is the one S8 (cross_year.py) uses: difflib's SequenceMatcher ratio ≥ 0.9 between the
texts without whitespace and punctuation, the years around the report's year masked, compared
section by section (the opening and 收取信息处理费情况 are not, and neither is a section shorter
than 30 characters: 「无。」 may well recur). Between units the units' own names and every run of
digits are masked as well: a report copied with its name and figures changed is still a copy.

A thousand reports make eight thousand sections; comparing every pair with difflib would take
hours. Identical texts are grouped by equality; the rest are found with MinHash on character
5-grams (one-permutation hashing, 60 bins, computed in the workers) cut into 20 bands of 3 bins:
two texts share a band with probability 1-(1-J³)²⁰ for 5-gram Jaccard J — 0.93 at J = 0.5, 0.99
at 0.6, 0.9999 at 0.7 —, and only texts sharing a band are measured with difflib. A copy whose
edits come in runs (names, figures, a sentence rewritten) keeps J well above 0.7 at ratio 0.9;
only a text edited every few characters throughout can reach ratio 0.9 with J near 0.4 and be
missed (one time in four). Sections of unrelated reports have J below 0.08 (the seeds and the
corpus: 99% of pairs below 0.04), so few pairs are measured needlessly.
"""
from __future__ import annotations

import difflib
import re
import zlib
from dataclasses import dataclass

from ..cross_year import MIN_COMPARED, SIMILAR, _around, _comparable
from ..model import TEXT_FIELDS

SHINGLE, BINS, BANDS = 5, 60, 20
ROWS = BINS // BANDS
COMPARED = tuple(f.id for f in TEXT_FIELDS if f.id not in ("opening", "s6.fees"))
_DIGITS = re.compile(r"\d+")
_EMPTY = 1 << 40          # no 5-gram fell in a bin: it takes a neighbour's value, offset by this


def comparable(text: object, year: int | None, unit: str | None) -> str:
    t = _comparable(text, _around(year))
    name = _comparable(unit, ()) if unit else ""
    if len(name) >= 2:
        t = t.replace(name, "□")
    return _DIGITS.sub("#", t)


def signature(text: str) -> tuple[int, ...]:
    """One-permutation MinHash of the 5-gram set; an empty bin takes the value of the next filled
    bin to its right, plus its distance (the densification of Shrivastava and Li, 2014)."""
    mins = [-1] * BINS
    data = memoryview(text.encode("utf-32-le"))     # four bytes a character: a 5-gram is 20 bytes
    width = 4 * SHINGLE
    for i in range(0, len(data) - width + 1, 4):
        h = zlib.crc32(data[i:i + width])
        b, v = h % BINS, h // BINS
        if mins[b] < 0 or v < mins[b]:
            mins[b] = v
    if min(mins) < 0:
        filled = [i for i in range(BINS) if mins[i] >= 0]
        if not filled:
            return tuple(mins)
        out = list(mins)
        for i in range(BINS):
            if mins[i] < 0:
                d = next(d for d in range(1, BINS) if mins[(i + d) % BINS] >= 0)
                out[i] = mins[(i + d) % BINS] + d * _EMPTY
        mins = out
    return tuple(mins)


def prepare(text: dict, unit: str | None, year: int | None) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Per compared section: its comparable text and signature (run in the worker)."""
    out = {}
    for fid in COMPARED:
        c = comparable(text.get(fid), year, unit)
        if len(c) >= MIN_COMPARED:
            out[fid] = (c, signature(c))
    return out


def ratio(a: str, b: str) -> float:
    """SequenceMatcher ratio, or 0 when its cheap upper bounds already fall short of SIMILAR."""
    if a == b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < SIMILAR or sm.quick_ratio() < SIMILAR:
        return 0.0
    return sm.ratio()


def previous_ratio(report, prev, fid: str) -> float:
    """S8's measure of one section against last year's."""
    a = _comparable(report.text.get(fid), _around(report.year))
    b = _comparable(prev.text.get(fid), _around(prev.year))
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Match:
    a: int            # index of the result whose section is a copy
    b: int            # the other unit's result it is most like
    field: str
    ratio: float
    units: int        # units in the group of near-identical sections


def cross_unit(results, keys: list[str]) -> list[Match]:
    """Every (result, section) near-identical to a section of another unit. `keys[i]` is the unit
    key of results[i]: sections of one unit (two files) are not 雷同 of each other."""
    by_field: dict[str, dict[str, list[int]]] = {}
    sigs: dict[tuple[str, str], tuple[int, ...]] = {}
    for i, r in enumerate(results):
        for fid, (text, sig) in r.texts.items():
            by_field.setdefault(fid, {}).setdefault(text, []).append(i)
            sigs[fid, text] = sig
    out = []
    for fid, groups in by_field.items():
        out += _field_matches(fid, groups, sigs, keys)
    return out


def _field_matches(fid, groups: dict[str, list[int]], sigs, keys) -> list[Match]:
    texts = list(groups)
    g = _Graph(len(texts))
    buckets: dict[tuple, list[int]] = {}
    for s, t in enumerate(texts):
        sig = sigs[fid, t]
        for band in range(BANDS):
            buckets.setdefault((band, sig[band * ROWS:(band + 1) * ROWS]), []).append(s)
    for members in buckets.values():
        if len(members) > 1:
            g.link_bucket(members, texts)
    units_of = [{keys[i] for i in groups[t]} for t in texts]
    members: dict[int, list[int]] = {}
    for s in range(len(texts)):
        members.setdefault(g.find(s), []).append(s)
    out = []
    for root, texts_in in members.items():
        n_units = len(set().union(*(units_of[s] for s in texts_in)))
        if n_units < 2:
            continue
        for s in texts_in:
            for i in groups[texts[s]]:
                best = _partner(i, s, texts, groups, keys, g, texts_in)
                if best is not None:
                    out.append(Match(i, best[1], fid, best[0], n_units))
    return out


def _other(group: list[int], keys, i: int) -> int | None:
    """The first result of `group` that is not result i's unit."""
    return next((j for j in group if keys[j] != keys[i]), None)


def _partner(i, s, texts, groups, keys, g, texts_in) -> tuple[float, int] | None:
    """The other unit's result most like result i's section (text s): the same text first, then
    the texts measured against s; failing those, up to three more texts of its group."""
    j = _other(groups[texts[s]], keys, i)
    if j is not None:
        return 1.0, j
    for q, t in sorted(g.edges[s], key=lambda e: -e[0]):
        j = _other(groups[texts[t]], keys, i)
        if j is not None:
            return q, j
    tried = 0
    for t in texts_in:
        j = _other(groups[texts[t]], keys, i) if t != s else None
        if j is None:
            continue
        q = ratio(texts[s], texts[t])
        if q >= SIMILAR:
            return q, j
        tried += 1
        if tried == 3:
            break
    return None


class _Graph:
    """Union-find of the distinct texts, with the measured pairs (edges) that joined them."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.edges: list[list[tuple[float, int]]] = [[] for _ in range(n)]

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def link_bucket(self, members: list[int], texts: list[str]) -> None:
        reps: list[int] = []        # one text per group met in this bucket
        for s in members:
            if any(self.find(r) == self.find(s) for r in reps):
                continue
            for r in reps[:3]:
                q = ratio(texts[r], texts[s])
                if q >= SIMILAR:
                    self.parent[self.find(s)] = self.find(r)
                    self.edges[s].append((q, r))
                    self.edges[r].append((q, s))
                    break
            else:
                reps.append(s)
