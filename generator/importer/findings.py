"""Findings of the import, in the checker's Finding class and the rule catalogue's wording."""
from __future__ import annotations

from ..finding import Finding, where_map
from ..rules import RULES


def finding(version: str, rule: str, message: str, cells=(), expected=None, found=None,
            severity: str | None = None) -> Finding:
    w = where_map(version)     # str(place) of every item of the version's layout
    where = tuple(w[c] for c in cells if c in w)
    return Finding(rule, severity or RULES[rule].severity, message, tuple(cells), expected, found, False, where)


def line_ref(line: int | None) -> str:
    return f"第{line}行" if line else "原文"
