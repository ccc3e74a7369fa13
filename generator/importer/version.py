"""The format version of a report (format.md b.6): markers among its table labels decide; without
any, the year; else 2021."""
from __future__ import annotations

from ..model import expected_version
from .blocks import Table, is_copy
from .labels import norm, version_markers


def _label_keys(tables: list[Table]):
    """norm() of every cell that is not a plain number, and of each such cell joined to the next in its
    row (a label wrapped once)."""
    for t in tables:
        for row in t.rows:
            texts = [c[1] for c in row if not is_copy(c) and not _plain_number(c[1])]
            for i, text in enumerate(texts):
                yield norm(text)
                if i + 1 < len(texts):
                    yield norm(text + texts[i + 1])


def _plain_number(text: str) -> bool:
    stripped = text.strip()
    return not stripped or (stripped.isdigit() and stripped.isascii())


def detect_version(tables: list[Table], year: int | None) -> tuple[str, dict[str, int]]:
    markers = version_markers()
    seen = set(_label_keys(tables))
    score = {v: len(seen & m) for v, m in markers.items()}
    if score["2021"] != score["2019"]:
        return max(score, key=score.get), score
    return (expected_version(year) if year else "2021"), score
