"""Run-together digits: a web page's text where "77132470" is four cells of one row.

A row with fewer values than columns is split only when exactly one way of cutting its runs of
digits gives the row's number of columns *and* satisfies the row's sum identities (table 三: 总计
is the sum of the six applicant columns; table 四: each group's 总计 is the sum of its four
results). Table 二 has no identity, so its rows are never split. Pieces never start with 0
unless they are "0". The search is bounded: past _MAX_TRIES candidates, or _MAX_STEPS steps of a
search that finds none (cuts of one run that leave the others uncuttable), nothing is split.
"""
from __future__ import annotations

from .blocks import Cell

_MAX_TRIES = 20000
_MAX_STEPS = 200_000


class _Exhausted(Exception):
    """The search took more steps than _MAX_STEPS."""


def _step(budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Exhausted


def _identities_hold(numbers: list[int], table: str) -> bool:
    if table == "t3":
        return numbers[6] == sum(numbers[:6])
    if table == "t4":
        return all(numbers[g + 4] == sum(numbers[g:g + 4]) for g in (0, 5, 10))
    return False


def _cuts(digits: str, pieces: int, budget: list[int]):
    """Every way of cutting `digits` into `pieces` numbers without leading zeros."""
    _step(budget)
    if pieces == 1:
        if digits == "0" or not digits.startswith("0"):
            yield [digits]
        return
    head_max = 1 if digits.startswith("0") else len(digits) - pieces + 1
    for i in range(1, head_max + 1):
        for rest in _cuts(digits[i:], pieces - 1, budget):
            yield [digits[:i], *rest]


def _splits(tokens: list[str], extra: int, budget: list[int]):
    """Every list of pieces that cuts the tokens into len(tokens) + extra numbers."""
    _step(budget)
    if not tokens:
        if extra == 0:
            yield []
        return
    first, rest = tokens[0], tokens[1:]
    most = min(extra, len(first) - 1) if first.isdigit() else 0
    for k in range(most + 1):
        for head in _cuts(first, k + 1, budget):
            for tail in _splits(rest, extra - k, budget):
                yield head + tail


def split_digits(values: list[Cell], columns: int, table: str) -> list[Cell] | None:
    """The row's values with its runs of digits cut, if exactly one cut fits; else None."""
    texts = [v[1].strip() for v in values]
    extra = columns - len(values)
    if extra <= 0 or table not in ("t3", "t4") or not all(t.isascii() and t.isdigit() for t in texts):
        return None
    found: list[list[str]] = []
    try:
        for tries, pieces in enumerate(_splits(texts, extra, [_MAX_STEPS])):
            if tries >= _MAX_TRIES:
                return None
            if _identities_hold([int(p) for p in pieces], table):
                found.append(pieces)
                if len(found) > 1:
                    return None
    except _Exhausted:
        return None
    if len(found) != 1:
        return None
    out: list[Cell] = []
    pieces = iter(found[0])
    for v, text in zip(values, texts):
        out.extend((v[0], p) for p in _take(pieces, text))
    return out


def _take(pieces, text: str):
    """The pieces that make up `text`, in order."""
    got = ""
    while got != text:
        p = next(pieces)
        got += p
        yield p
