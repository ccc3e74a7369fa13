"""The intermediate form every reader produces: paragraphs and tables of cells, with line numbers.

A text file's line number is the line in the file; for .html it is the line of the page's source
where the paragraph or cell starts; for .docx and .pdf it is the ordinal of the paragraph (or text
line) or table row in the document (the first is 1).

A table cell is a plain tuple (line, text), the text as found (not stripped): the same pair as a
value's provenance (report.Source), so the cell a value is read from is its provenance.
Expanding a merged cell (.docx, .html, .pdf) fills the slots it covers with copies (line, text, True),
which matching ignores; a table that has any says so in `merged`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Cell = tuple   # (line, text), or (line, text, True) for the copy of a merged cell


def copy_of(line: int, text: str) -> tuple:
    return (line, text, True)


def is_copy(cell: tuple) -> bool:
    return len(cell) > 2


@dataclass
class Para:
    line: int
    text: str              # as found; a text line keeps its tabs (a table row exported by Word)
    role: str = ""         # "page_title": a web page's <title>, which may name the agency and year


PAGE_TITLE = "page_title"


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    merged: bool = False       # some cells are copies of a merged cell
    lines: bool = False        # rows are lines of text split into tokens, not the rows of a table:
                               # blank cells are not there, a label may wrap over several lines

    @property
    def line(self) -> int:
        for row in self.rows:
            for c in row:
                return c[0]
        return 0


Block = Para | Table
