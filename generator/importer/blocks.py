"""The intermediate form every reader produces: paragraphs and tables of cells, with line numbers.

A text file's line number is the line in the file; for .docx and .html it is the ordinal of the
paragraph or table row in the document (the first paragraph is 1).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TCell:
    text: str
    line: int
    copy: bool = False        # a copy made by expanding a merged cell (rowspan/colspan); ignored by matching


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
