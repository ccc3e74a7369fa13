"""`Finding`: one result of a rule on a report, and the one way to build it.

Its own module so that the checker, the narrative checks and the importer all import it without
importing each other. Severity comes from the rule catalogue (rules.RULES) and workbook
positions from the layout; callers give the rule, the message and the cells only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .layout import get_layout
from .model import TABLE_NAMES
from .rules import RULES, UNDECIDED_SEVERITY


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    cells: tuple[str, ...] = ()       # model ids (cells, 'meta.*' or text fields)
    expected: object = None
    found: object = None
    undecided: bool = False
    where: tuple[str, ...] = field(default=())  # sheet!cell of `cells` in the workbook

    @property
    def table(self) -> str:
        """Grouping key for display: t2/t3/t4, 'meta' or 'text'."""
        first = self.cells[0] if self.cells else ""
        head = first.split(".", 1)[0]
        return head if head in TABLE_NAMES else ("meta" if head == "meta" else "text")

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "cells": list(self.cells), "where": list(self.where), "expected": self.expected,
                "found": self.found, "undecided": self.undecided}


@cache
def where_map(version: str) -> dict[str, str]:
    """Item id -> 'sheet!A1' of the version's layout (str(Place)), built once per version."""
    return {cid: str(place) for cid, place in get_layout(version).places.items()}


def make_finding(version: str, rule: str, message: str, cells=(), expected=None, found=None,
                 undecided: bool = False, case: str | None = None) -> Finding:
    """A finding of `rule` on `cells`: the catalogue's severity (of the rule's `case`, if it names
    one; 提示 when undecided), the cells' workbook positions."""
    w = where_map(version)
    severity = UNDECIDED_SEVERITY if undecided else RULES[rule].severity_of(case)
    return Finding(rule, severity, message, tuple(cells), expected, found, undecided,
                   tuple(w[c] for c in cells if c in w))
