"""Tables as plain text, aligned by display width, and as Markdown tables with the right columns.

A Chinese character takes two columns of a monospaced screen (East Asian width W or F), a Latin
letter or digit one; a table padded by len() is misaligned as soon as a row holds Chinese. The
grids are context.py's: rows of anchor cells with colspan/rowspan.
"""
from __future__ import annotations

import unicodedata

GAP = "  "      # between two columns


def display_width(text: str) -> int:
    """Columns `text` takes on a monospaced screen: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    room = max(0, width - display_width(text))
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _placed(grid: list[list[dict]], width: int) -> list[list[tuple[int, dict]]]:
    """Each row's anchor cells with the grid column they start in (cells covered by a rowspan from
    above are skipped, as context.expand does)."""
    covered: list[set[int]] = [set() for _ in grid]
    out = []
    for r, row in enumerate(grid):
        c, placed = 0, []
        for cell in row:
            while c in covered[r]:
                c += 1
            placed.append((c, cell))
            for dr in range(1, cell["rowspan"]):
                covered[r + dr].update(range(c, c + cell["colspan"]))
            c += cell["colspan"]
        out.append(placed)
    return out


def _column_widths(placed: list[list[tuple[int, dict]]], width: int) -> list[int]:
    """Widest single-column cell of each column; then each spanning cell widens the last column it
    spans until its text fits (narrowest spans first, so wider spans see the final widths)."""
    widths = [0] * width
    spans = []
    for row in placed:
        for c, cell in row:
            w = display_width(cell["text"])
            if cell["colspan"] == 1:
                widths[c] = max(widths[c], w)
            else:
                spans.append((cell["colspan"], c, w))
    for span, c, w in sorted(spans):
        have = sum(widths[c:c + span]) + len(GAP) * (span - 1)
        if w > have:
            widths[c + span - 1] += w - have
    return widths


def aligned_lines(grid: list[list[dict]], width: int) -> list[str]:
    """The table as lines of text: every cell padded to its columns' display width, numbers to the
    right, headings centred, labels to the left; a merged cell is written once."""
    placed = _placed(grid, width)
    widths = _column_widths(placed, width)
    lines = []
    for row in placed:
        line, col = "", 0
        for c, cell in row:
            if c > col:   # columns covered by a merge from the row above
                line += " " * (sum(widths[col:c]) + len(GAP) * (c - col))
            span_width = sum(widths[c:c + cell["colspan"]]) + len(GAP) * (cell["colspan"] - 1)
            align = "center" if cell["head"] else "right" if cell["id"] else "left"
            line += _pad(cell["text"], span_width, align) + GAP
            col = c + cell["colspan"]
        lines.append(line.rstrip())
    return lines


def t2_pieces(t2: dict) -> list[dict]:
    """Table 二 as its sub-tables, each with its own columns: {"caption", "rows"} where rows[0] is
    the header. Its grid spreads every sub-table over the same six units; a Markdown or text table
    of those units would show empty columns the official table does not have."""
    return [{"caption": st["caption"], "rows": [[st["header"]] + list(st["columns"])]
             + [[r["label"]] + list(r["v"]) for r in st["rows"]]} for st in t2["subtables"]]


def piece_grid(rows: list[list[str]]) -> list[list[dict]]:
    """A plain rectangle of strings (first row headings, first column labels) as a grid."""
    return [[{"text": t, "colspan": 1, "rowspan": 1, "head": r == 0, "id": "" if r == 0 or c == 0 else "v"}
             for c, t in enumerate(row)] for r, row in enumerate(rows)]
