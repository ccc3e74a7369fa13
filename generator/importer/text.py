"""Plain text as exported from Word (format.md §a.7, the seeds): tables as one cell per line or per
tab, rows separated by blank lines, headers split over lines; pipe/markdown tables; flattened rows
("一、本年新收政府信息公开申请数量 23 1 0 0 0 0 24")."""
from __future__ import annotations

import re
from functools import cache

from ..memo import Memo
from ..values import State, is_text, parse
from ..model import Kind
from .blocks import Block, Cell, Para, Table
from .labels import all_labels, norm, section_of_heading

# line breaks of str.splitlines() other than "\n" ("\r\n" is the common one)
_OTHER_BREAKS = ("\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_MD_SEP = re.compile(r"^:?-{2,}:?$")
_ROW_BLOCK = re.compile(r"\t[^\t\n]*(?:\n\t[^\t\n]*)*")   # lines of one cell each, after a tab
_DIGIT_RUN = re.compile(r"[0-9]+(?: [0-9]+)*")


def _is_value(text: str) -> bool:
    """A cell that holds a number (possibly with a unit or sign), a blank or "/"."""
    if is_text(text):        # most texts that are not values, prose above all, without parsing
        return False
    p = parse(text, Kind.SIGNED)
    if p.state is State.TEXT:
        p = parse(text, Kind.AMOUNT)
    return p.state is not State.TEXT


is_value = Memo(_is_value).__getitem__


def _label_key(text: str) -> str | None:
    """norm(text) for a cell that holds a label; None for a number (with or without unit), a blank or "/"."""
    return None if is_value(text) else norm(text)


# text -> _label_key(text), memoised: `LABEL_KEYS[text]` computes a text's key the first time, so a
# table's keys come from map(LABEL_KEYS.__getitem__, ...) with no Python call per known text
LABEL_KEYS = Memo(_label_key)


def _is_label(text: str) -> bool:
    return norm(text) in all_labels()


@cache
def _label_ends_in_digit() -> bool:
    return any(k[-1:] in "0123456789" for k in all_labels() if k)


def _flat_cells(line: str) -> list[str] | tuple[str, ...] | None:
    """Split a line without tabs into known labels and values, or None if it is prose."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    if " " not in stripped and "\u3000" not in stripped and "\u00a0" not in stripped:
        # one token (most lines): a label, a value, or prose
        return [stripped] if norm(stripped) in all_labels() or is_value(stripped) else None
    cells = _LABEL_LINES.get(stripped)
    if cells is not None:
        return cells
    cells, values = _split_flat(stripped)
    if cells is not None and not values:
        if len(_LABEL_LINES) >= 5000:
            _LABEL_LINES.clear()
        _LABEL_LINES[stripped] = tuple(cells)     # shared by every caller: immutable
    return cells


# Flattened lines of labels only (header rows such as "结果维持 结果纠正 …"), as split: they recur
# in every report, and splitting them is the costly case (each run of tokens is tried as a label).
# Lines with values are split each time.
_LABEL_LINES: dict[str, tuple[str, ...]] = {}


def _split_flat(stripped: str) -> tuple[list[str] | None, bool]:
    """_flat_cells of a stripped line of several tokens, and whether any cell is a value."""
    spaced = stripped.replace("\u3000", " ").replace("\u00a0", " ")
    labels = all_labels()
    # norm() keeps a trailing ASCII digit, so while no label ends with one, a run of tokens ending in
    # a number ("... 23") is not a label: this keeps the search linear on flattened rows
    digits = "" if _label_ends_in_digit() else "0123456789"
    if digits:
        # most flattened rows: one token, then numbers ("一、本年新收… 23 1 0"): the first token is the
        # only run that can be a label, as the search below would find
        head, _, rest = spaced.partition(" ")
        rest = rest.lstrip(" ")
        if rest and _DIGIT_RUN.fullmatch(rest) and norm(head) in labels:
            return [head, *rest.split(" ")], True
    # split at runs of space, U+3000 and U+00A0 (str.replace/str.split: several times faster than a regex)
    tokens = [t for t in spaced.split(" ") if t]
    cells: list[str] = []
    values = False
    i, n = 0, len(tokens)
    ends = [j for j in range(n, 0, -1) if tokens[j - 1][-1] not in digits]   # candidate ends, descending
    while i < n:
        if not ends or ends[0] <= i:
            # no label can start at token i or later: the rest are values, or the line is prose
            rest = tokens[i:]
            if not _DIGIT_RUN.fullmatch(" ".join(rest)):   # ASCII digits: always values
                for t in rest:
                    if not is_value(t):
                        return None, True
            cells.extend(rest)
            return cells, True
        end = 0
        for j in ends:     # the longest run of tokens from i that is a label
            if j <= i:
                break
            if norm("".join(tokens[i:j])) in labels:
                end = j
                break
        if end:
            cells.append(" ".join(tokens[i:end]))
            i = end
        else:              # no label starts at token i: a value, or the line is prose
            t = tokens[i]
            if (t.isdigit() and t.isascii()) or is_value(t):   # ASCII digits: always a value
                cells.append(t)
                values = True
                i += 1
            else:
                return None, values
    return cells, values


def parse_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: Table | None = None
    row: list[Cell] | None = None

    def flush() -> None:
        nonlocal row
        if row is not None and table is not None:
            table.rows.append(row)
        row = None

    def end_table() -> None:
        nonlocal table
        flush()
        if table is not None and table.rows:
            blocks.append(table)
        table = None

    if any(sep in text for sep in _OTHER_BREAKS):
        text = "\n".join(text.splitlines())   # the same lines, each ended by "\n" alone
    # The text in blocks between blank lines; a block of one cell per line after a tab (Word's export
    # of a table row, the shape of most lines) becomes a row without a Python step per line.
    start = 1                                   # the block's first line
    for block in text.split("\n\n"):
        if row is not None:                     # flush(), inlined: the blank line before the block
            if table is not None:
                table.rows.append(row)
            row = None
        if table is not None and _ROW_BLOCK.fullmatch(block):
            cells = block.split("\n\t")
            cells[0] = cells[0][1:]
            row = list(zip(range(start, start + len(cells)), cells))
            start += len(cells) + 1
            continue
        n = block.count("\n")
        for no, line in enumerate(block.split("\n"), start):
            if "\t" in line:
                if table is not None and line[0] == "\t" and line.count("\t") == 1:
                    # one cell per line after a tab, in a block with other lines
                    if row is None:
                        row = [(no, line[1:])]
                    else:
                        row.append((no, line[1:]))
                    continue
                parts = line.split("\t")
                if parts[0].strip() == "":
                    parts = parts[1:]
                if table is None:
                    if section_of_heading(line) is not None:
                        blocks.append(Para(no, line.strip()))
                        continue
                    table = Table()
                if len(parts) == 1:
                    if row is None:
                        row = []
                    row.append((no, parts[0]))
                else:
                    flush()
                    table.rows.append([(no, p) for p in parts])
                continue
            stripped = line.strip()       # str.strip() removes U+3000 too
            if not stripped:
                if row is not None:       # flush(), inlined: a blank line ends most rows
                    if table is not None:
                        table.rows.append(row)
                    row = None
                continue
            if stripped.startswith("|") and stripped.count("|") >= 2:
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                # a separator row |---|:--:| ("--" in it is necessary, and rules out data rows cheaply)
                if "--" in stripped and all(_MD_SEP.match(c.replace(" ", "")) for c in cells if c) and any(cells):
                    continue
                flush()
                if table is None:
                    table = Table()
                table.rows.append([(no, c) for c in cells])
                continue
            if section_of_heading(stripped) is not None:
                end_table()
                blocks.append(Para(no, stripped))
                continue
            flat = _flat_cells(stripped)
            if flat is not None and (table is not None or any(_is_label(c) for c in flat) or len(flat) >= 3):
                if table is None:
                    table = Table()
                if len(flat) == 1:
                    if row is None:
                        row = []
                    row.append((no, flat[0]))
                else:
                    flush()
                    table.rows.append([(no, c) for c in flat])
                continue
            if table is not None and len(stripped) <= 12 and "。" not in stripped:
                # a header split over lines ("本年新" / "制作数量"): continues the last cell
                target = row if row else (table.rows[-1] if table.rows else None)
                if target:
                    last = target[-1]
                    target[-1] = (last[0], last[1] + stripped)
                    continue
            end_table()
            blocks.append(Para(no, line))
        start += n + 2
    end_table()
    return blocks
