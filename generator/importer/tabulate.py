"""Tables written as lines of text become `Table` blocks, whatever reader the lines came from.

Text files, the paragraphs of a .docx whose tables were pasted as text, and the text lines of a
PDF all write a table in one of these layouts:

- Word's text export: a tab before each cell, one cell per line, a blank line after each row
  (a line without a tab right after a cell continues it: "本年新" / "制作数量");
- tab-separated rows ("规章\\t0\\t0\\t0") and pipe/markdown tables ("| 规章 | 0 | 0 | 0 |");
- anything else: one cell per line, flattened rows ("一、本年新收… 23 1 0 0 0 0 24"), or
  `pdftotext -layout` columns. These become rows of whitespace-separated tokens with
  `Table.lines` set; `assemble` joins labels wrapped over lines.

A table starts at a line holding a label of the model's tables (in sections 二 to 四; elsewhere
only a table's caption, header or title) and ends at a section heading or a line of prose.
"""
from __future__ import annotations

import re
from functools import cache

from ..nfkc import nfkc
from .blocks import Block, Cell, Para, Table
from .tokens import is_value
from .labels import all_labels, norm, section_of_heading, vocabulary

# running page numbers ("— 3 —", "- 3 -", "第 3 页 共 8 页", "3/8"); a lone number may be a cell.
# One run of spaces around the optional comma: two would try every split of a long run.
_PAGE_NUMBER = re.compile(r"[-—–―－]+ *\d{1,3} *[-—–―－]+|第 *\d{1,3} *页(?: *(?:[,，/] *)?共 *\d{1,3} *页)?"
                          r"|\d{1,3} */ *\d{1,3}")
_MD_SEP = re.compile(r":?-{2,}:?")
_TABLE_SECTIONS = "二三四"


@cache
def _strong_labels() -> frozenset[str]:
    """Labels that start a table even outside sections 二 to 四: captions, headers, titles."""
    keys = set()
    for version in ("2021", "2019"):
        for key, entries in vocabulary(version).items():
            if any(e.kind in ("caption", "info", "title") or (e.kind in ("t3head", "t4head") and len(key) >= 4)
                   for e in entries):
                keys.add(key)
    return frozenset(keys)


def _is_prose(text: str) -> bool:
    return "。" in text


def _tokens(text: str) -> list[str]:
    return [c for c in re.split(r"[\t|]", text) if c.strip()] + text.split()


def _starts(p: Para, section: str | None) -> bool:
    if _is_prose(p.text):
        return False
    labels = all_labels() if section and section in _TABLE_SECTIONS else _strong_labels()
    return any(norm(t) in labels for t in [p.text, *_tokens(p.text)])


def _continues(p: Para) -> bool:
    compact = "".join(p.text.split())
    return not _is_prose(p.text) and (len(compact) <= 60 or any(c.isdigit() for c in compact))


def tabulate(blocks: list[Block]) -> list[Block]:
    """The blocks with every run of table lines made a Table (or several, one per layout)."""
    out: list[Block] = []
    run: list[Para] = []
    section = None
    for b in blocks:
        if isinstance(b, Para) and not b.role:
            numeral = section_of_heading(b.text)
            if numeral is None and (_continues(b) if run else _starts(b, section)):
                run.append(b)
                continue
            if numeral is not None:
                section = numeral
        out.extend(_tables(run))
        run = []
        out.append(b)
    out.extend(_tables(run))
    return out


def _layout(text: str) -> str:
    if text.startswith("\t") and text.count("\t") == 1:
        return "cells"
    if "\t" in text:
        return "tsv"
    stripped = text.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    return "lines"


def _tables(run: list[Para]) -> list[Table]:
    tables: list[Table] = []
    prev_layout = None
    prev_line = -1
    for p in run:
        layout = _layout(p.text)
        if layout == "lines" and prev_layout == "cells" and p.line == prev_line + 1:
            layout = "cells"                    # a cell continued on the next line
        if layout != prev_layout or not tables:
            tables.append(Table(lines=layout == "lines"))
        table = tables[-1]
        if layout == "cells":
            _add_cell(table, p, continues=prev_layout == "cells" and p.line == prev_line + 1)
        elif layout == "tsv":
            parts = p.text.split("\t")
            table.rows.append([(p.line, c) for c in (parts[1:] if not parts[0].strip() else parts)])
        elif layout == "pipe":
            cells = [c.strip() for c in p.text.strip().strip("|").split("|")]
            if not all(_MD_SEP.fullmatch(c.replace(" ", "")) for c in cells if c) or not any(cells):
                table.rows.append([(p.line, c) for c in cells])
        elif not _PAGE_NUMBER.fullmatch(nfkc(p.text).strip()):
            table.rows.append([(p.line, t) for t in p.text.split()])
        prev_layout, prev_line = layout, p.line
    return [t for t in tables if t.rows]


def _add_cell(table: Table, p: Para, continues: bool) -> None:
    """A line of Word's export: a new cell (after a tab) of the row, or the rest of the last cell."""
    if not continues or not table.rows:
        table.rows.append([])
    row: list[Cell] = table.rows[-1]
    if p.text.startswith("\t"):
        row.append((p.line, p.text[1:]))
    elif row and not is_value(p.text) and not is_value(row[-1][1]):    # never join two numbers
        line, text = row[-1][:2]
        row[-1] = (line, text + p.text.strip())
    else:
        row.append((p.line, p.text))
