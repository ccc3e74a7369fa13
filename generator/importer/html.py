"""HTML reports: paragraphs and tables (rowspan/colspan expanded; copies marked), stdlib parser only.

Line numbers are the lines of the HTML source where a paragraph or a cell starts. No network,
no scripts: <script> and <style> contents are skipped.
"""
from __future__ import annotations

from html.parser import HTMLParser

from .blocks import Block, Cell, Para, Table, copy_of, is_copy

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
          "blockquote", "pre", "ul", "ol", "body", "title", "center"}
_SKIP = {"script", "style", "head", "noscript", "template"}


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), 200))
    except ValueError:
        return 1


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.para_line = 0
        self.skip = 0
        self.depth = 0                 # table nesting; only the outermost table makes a Table
        self.rows: list[list[tuple[str, int, int, int]]] = []   # (text, line, rowspan, colspan)
        self.row: list | None = None
        self.cell: list[str] | None = None
        self.cell_attrs = (0, 1, 1)

    # paragraphs
    def flush_para(self) -> None:
        text = "".join(self.para).strip()
        if text:
            self.blocks.append(Para(self.para_line, text))
        self.para = []

    # table cells
    def end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            line, rs, cs = self.cell_attrs
            self.row.append(("".join(self.cell).strip(), line, rs, cs))
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None

    def end_table(self) -> None:
        self.end_row()
        table = expand(self.rows)
        if table.rows:
            self.blocks.append(table)
        self.rows = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.flush_para()
            return
        if self.depth >= 1:
            if self.depth > 1:
                return
            if tag == "tr":
                self.end_row()
                self.row = []
            elif tag in ("td", "th"):
                if self.row is None:
                    self.row = []
                self.end_cell()
                a = dict(attrs)
                self.cell = []
                self.cell_attrs = (self.getpos()[0], _span(a.get("rowspan")), _span(a.get("colspan")))
            elif tag in ("br", "p", "div") and self.cell is not None:
                self.cell.append("\n")
            return
        if tag == "br" or tag in _BLOCK:
            self.flush_para()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table":
            if self.depth == 1:
                self.end_table()
            self.depth = max(0, self.depth - 1)
            return
        if self.depth == 1:
            if tag in ("td", "th"):
                self.end_cell()
            elif tag == "tr":
                self.end_row()
            return
        if self.depth == 0 and tag in _BLOCK:
            self.flush_para()

    def handle_data(self, data):
        if self.skip:
            return
        if self.depth:
            if self.cell is not None:
                self.cell.append(data)
            return
        if not self.para and data.strip():
            self.para_line = self.getpos()[0]
        if data.strip() or self.para:
            self.para.append(data.replace("\n", ""))


def expand(rows: list[list[tuple[str, int, int, int]]]) -> Table:
    """Rows of (text, line, rowspan, colspan) as a grid: a merged cell fills every slot it covers,
    the slots after the first being marked as copies."""
    table = Table()
    pending: dict[int, list] = {}       # column -> [cell, rows left]
    for row in rows:
        out: list[Cell] = []
        col = 0

        def fill_pending():
            nonlocal col
            while col in pending:
                cell, left = pending[col]
                out.append(copy_of(cell[0], cell[1]))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col][1] = left - 1
                col += 1

        for text, line, rs, cs in row:
            fill_pending()
            origin = (line, text)
            for k in range(cs):
                cell = origin if k == 0 else copy_of(line, text)
                out.append(cell)
                if rs > 1:
                    pending[col] = [origin, rs - 1]
                col += 1
        fill_pending()
        while pending and max(pending) >= col:   # rowspans to the right of the last cell
            if col in pending:
                fill_pending()
            else:
                out.append(copy_of(out[-1][0] if out else 0, ""))
                col += 1
        table.rows.append(out)
    table.merged = any(is_copy(c) for r in table.rows for c in r)
    return table


def parse_html(text: str, name: str = "") -> list[Block]:
    p = _Parser()
    p.feed(text)
    p.close()
    if p.depth:
        p.end_table()
    p.flush_para()
    return p.blocks
