"""The intermediate form every reader produces: paragraphs and tables of cells, with line numbers.

A text file's line number is the line in the file; for .docx and .html it is the ordinal of the
paragraph or table row in the document (the first paragraph is 1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from ..report import Source


class TCell(Source):
    """A table cell as read: its line, its text (as found, not stripped) and whether it is a copy
    made by expanding a merged cell (rowspan/colspan), which matching ignores. A cell is the
    provenance of the value read from it.

    The tuple is (line, text, copy); readers that make many cells build them with
    `tuple.__new__(TCell, (line, text, False))`, which skips the Python-level __new__.
    """
    __slots__ = ()

    def __new__(cls, text: str, line: int, copy: bool = False):
        return tuple.__new__(cls, (line, text, copy))

    def __getnewargs__(self):
        return (self[1], self[0], self[2])

    copy = property(itemgetter(2))

    def __repr__(self) -> str:
        return f"TCell(text={self.text!r}, line={self.line!r}, copy={self.copy!r})"


@dataclass
class Para:
    line: int
    text: str


@dataclass
class Table:
    rows: list[list[TCell]] = field(default_factory=list)

    @property
    def line(self) -> int:
        for row in self.rows:
            for c in row:
                return c.line
        return 0


Block = Para | Table
