"""A table's cells become labelled rows: each row label of the model with the values that follow it.

Rows are found by the model's labels, in the order they come; a row's values are the value cells
after its label up to the next label. In a table's own rows (.docx, .html, PDF ruling lines,
Word's text export) a label is one cell and values never leave their row. In rows that are lines
of text (`Table.lines`), a label may be wrapped over lines, with the row's values on a line in
between and pieces of the group labels of table 三 (三、本年度办理结果, （三）不予公开 …) on the same
lines: each piece of text continues the open label it is the next piece of, or begins a new one,
and values go to the data-row label being read. Text that begins no label is kept as a row of
its own, so that numbers after it are never given to the row before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Cell, Table, is_copy
from .labels import DATA_ROWS, GROUP, ROW, TAIL as _TAIL, Entry, norm, prefixes, spelling, vocabulary
from .tokens import is_value

_WRAP_LINES = 2        # a wrapped label's values are at most this many lines below its last piece
_OPEN_LINES = 6        # a label not continued for this many lines is finished


@dataclass
class Row:
    line: int                              # the line of the label's first piece, or of the first value
    label: str | None = None               # the label's pieces joined; None: values without a label
    entries: tuple[Entry, ...] | None = None   # its meanings; None: text that is no whole label
    values: list[Cell] = field(default_factory=list)
    spelt: str = ""                        # spelling() of the pieces so far
    last_line: int = 0                     # the line of the last piece
    touched: int = 0                       # when its last piece came (a count of pieces)
    closed: bool = False                   # text not of its label came after its values: no more values
    lines: bool = False                    # read from lines of text (where digits may run together)

    @property
    def takes_values(self) -> bool:
        """A data row, a row group (reported when it has numbers) or unknown text."""
        return self.label is not None and (self.entries is None or
                                           any(e.kind in DATA_ROWS or e.kind == "t3group" for e in self.entries))


# what some reports write in a cell for "none" (kept as the cell's text, which the checks report)
_PLACEHOLDER = re.compile(r"[-－—–―~～]+|无")


def _is_data_row(row: Row | None) -> bool:
    """A row of the model that carries numbers: text in its value cells is a value (“—”, “无”)."""
    return row is not None and bool(row.entries) and any(e.kind in DATA_ROWS for e in row.entries)


def assemble(table: Table, version: str, before: Row | None = None) -> list[Row]:
    """The table's labelled rows; `before` is the last row of the table before it, if this one goes
    on with it (a table cut by a page break may cut a row's label too: "行政事业性收" / "费")."""
    rows = (_Lines(version) if table.lines else _Rows(version)).read(table, before)
    for r in rows:
        r.lines = table.lines
    return rows


class _Rows:
    """A table's own rows: one label per cell, values stay in their row."""

    def __init__(self, version: str):
        self.vocab = vocabulary(version)

    def read(self, table: Table, before: Row | None) -> list[Row]:
        out: list[Row] = []
        for cells in table.rows:
            target: Row | None = None
            for c in cells:
                if is_copy(c):
                    continue
                text = c[1]
                if before is not None and text.strip() and self._continues(before, text):
                    target = before
                    continue
                before = None             # only the first label of the table may go on with it
                if text.strip() and not is_value(text) and not (_is_data_row(target) and norm(text) not in self.vocab):
                    row = Row(c[0], text, self.vocab.get(norm(text)))
                    out.append(row)
                    target = row if row.takes_values else None
                elif target is None and not text.strip():
                    continue             # a blank before the row's label: the slot of a merged label
                else:
                    if target is None:
                        target = Row(c[0])
                        out.append(target)
                    target.values.append(c)
        return out

    def _continues(self, before: Row, text: str) -> bool:
        """The text is the rest of the label of the row before, which is no whole label without it."""
        if before.label is None or before.entries is not None:
            return False
        whole = self.vocab.get(norm(before.label + text))
        if whole is not None:
            before.label += text.strip()
            before.entries = whole
        return whole is not None


class _Lines:
    """Rows that are lines of text: labels joined from pieces, values to the label being read."""

    def __init__(self, version: str):
        self.vocab = vocabulary(version)
        self.prefixes = prefixes(version)
        self.out: list[Row] = []
        self.open: list[Row] = []         # labels that may go on in a later piece
        self.current: Row | None = None   # the row that takes the next values
        self.pieces = 0                   # pieces of text read so far
        self.valued: Row | None = None    # the row that took the last value

    def read(self, table: Table, before: Row | None) -> list[Row]:
        if before is not None and before.label is not None and before.entries is None:
            before.spelt, before.last_line = spelling(before.label), table.rows[0][0][0] if table.rows[0] else 0
            self.open.append(before)     # its label may go on in this table's first piece
        for cells in table.rows:
            for c in cells:
                line, text = c[0], c[1]
                self._finish_stale(line)
                if is_value(text) or (_PLACEHOLDER.fullmatch(text.strip()) and _is_data_row(self.current)):
                    self.value(c)
                else:
                    self.piece(c)
        self._finish_stale(None)
        return self.out

    def _finish_stale(self, line: int | None) -> None:
        """Labels not continued for _OPEN_LINES lines (all of them at the table's end) are finished."""
        stale = [r for r in self.open if line is None or line - r.last_line > _OPEN_LINES]
        for r in stale:
            r.entries = self.vocab.get(norm(r.label))
            self.open.remove(r)

    def piece(self, c: Cell) -> None:
        line, text = c[0], c[1]
        spelt = spelling(text)
        row = self._continued(spelt)
        if self.valued is not None and self.valued is not row:
            self.valued.closed = True     # a row's values are one run: what comes after text is not its
        if self.current is not None and self.current.label is None:
            self.current = None           # numbers without a label end at the first text
        self.pieces += 1
        if row is not None:
            row.label += text.strip()
            row.spelt += spelt
            row.last_line = line
        else:
            row = Row(line, text.strip(), None, spelt=spelt, last_line=line)
            self.out.append(row)
            if spelt in self.prefixes or self._whole(row) is not None:
                self.open.append(row)
        row.touched = self.pieces
        whole = self._whole(row)
        if whole is not None or row.spelt not in self.prefixes:
            row.entries = whole
        if row.spelt not in self.prefixes and row in self.open:
            self.open.remove(row)         # a whole label that begins no longer one: finished
        if row.entries is not None:
            takes = row.takes_values
        elif row in self.open:
            takes = self.prefixes.get(row.spelt, -1) >= GROUP
        else:
            takes = True                  # text that is no label: numbers after it are not imported
        if takes:
            self.current = row
        elif row.entries is not None:
            self.current = None           # a caption or a header: values after it are not a row's

    def _continued(self, spelt: str) -> Row | None:
        """The open label this piece continues: one it makes whole, else one it leaves a beginning of
        (the most recent first)."""
        for r in reversed(self.open):
            if self._could_be_whole(r.spelt + spelt) and norm(r.label + spelt) in self.vocab:
                return r
        for r in reversed(self.open):
            if r.spelt + spelt in self.prefixes:
                return r
        return None

    def _could_be_whole(self, spelt: str) -> bool:
        """Whether a text of this spelling can be a whole label: all of it but its last character is a
        beginning of one (a cheap test before norm())."""
        core = spelt.rstrip(_TAIL)
        return len(core) <= 1 or core[:-1] in self.prefixes

    def _whole(self, row: Row) -> tuple[Entry, ...] | None:
        return self.vocab.get(norm(row.label)) if self._could_be_whole(row.spelt) else None

    def value(self, c: Cell) -> None:
        """The value goes to the unfinished data-row label it sits in (the values of a wrapped label
        are on a line between its pieces), or else to the current row."""
        line = c[0]
        wrapped = next((r for r in reversed(self.open) if r.entries is None and not r.values
                        and line - r.last_line <= _WRAP_LINES and self.prefixes.get(r.spelt) == ROW), None)
        target = self.current
        if wrapped is not None and (target is None or wrapped.touched > target.touched):
            target = wrapped
        if target is None or target.closed:
            target = self.current = Row(line)   # numbers of no row, or after their row's run ended
            self.out.append(target)
        target.values.append(c)
        self.valued = target
