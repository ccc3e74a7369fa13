"""The blocks of a parsed HTML element: paragraphs, and tables with rowspan/colspan expanded.

Walks an lxml tree in document order and feeds the same start/end/data events a streaming parser
would see to one state machine: block-level tags end a paragraph; only the outermost of nested
tables is a Table, the text of a nested table going into its cell; <script>, <style>, <head>,
<noscript> and <template> are skipped with everything in them.

Line numbers are lines of the HTML source: a paragraph's is the line where the piece of text it
starts with begins, right after the tag before it (lxml's `sourceline` of the last tag, plus the
newlines of the text since); a cell's is its <td>'s line.
"""
from __future__ import annotations

from lxml import etree

from ...limits import MAX_SLOTS, MAX_SPAN
from ..blocks import Block, Cell, Para, Table, copy_of, is_copy
from ..errors import ReportImportError

BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header",
                   "footer", "blockquote", "pre", "ul", "ol", "body", "title", "center"})
SKIP = frozenset({"script", "style", "head", "noscript", "template"})


def span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


class _Walker:
    def __init__(self, name: str):
        self.name = name
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.para_line = 0
        self.line = 1                  # the source line the walk has reached
        self.depth = 0                 # table nesting; only the outermost table makes a Table
        self.rows: list[list[tuple[str, int, int, int]]] = []   # (text, line, rowspan, colspan)
        self.row: list | None = None
        self.cell: list[str] | None = None
        self.cell_attrs = (0, 1, 1)
        self.links = 0                 # <a> elements open
        self.plain = False             # the open paragraph has text outside links
        self.link_only: set[int] = set()   # id() of the paragraphs that are all link text (menus)
        self.slots = 0                 # of every table so far, merged cells expanded (limits.MAX_SLOTS)

    def walk(self, top) -> list[Block]:
        events = etree.iterwalk(top, events=("start", "end"))
        for event, el in events:
            tag = el.tag
            visible = isinstance(tag, str) and tag not in SKIP
            if event == "start":
                if not visible:
                    events.skip_subtree()
                    continue
                self.line = el.sourceline or self.line
                self.start(tag, el)
                if el.text:
                    self.data(el.text)
            else:
                if visible:
                    self.end(tag)
                if el.tail and el is not top:
                    self.data(el.tail)
        if self.depth:
            self.end_table()
        self.flush_para()
        return self.blocks

    # paragraphs
    def flush_para(self) -> None:
        text = "".join(self.para).strip()
        if text:
            para = Para(self.para_line, text)
            self.blocks.append(para)
            if not self.plain:
                self.link_only.add(id(para))
        self.para = []
        self.plain = False

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
        table = expand(self.rows, self.name, MAX_SLOTS - self.slots)
        self.slots += sum(len(r) for r in table.rows)
        if table.rows:
            self.blocks.append(table)
        self.rows = []

    def start(self, tag: str, el) -> None:
        self.links += tag == "a"
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
                self.cell = []
                self.cell_attrs = (self.line, span(el.get("rowspan")), span(el.get("colspan")))
            elif tag in ("br", "p", "div") and self.cell is not None:
                self.cell.append("\n")
            return
        if tag == "br" or tag in BLOCK:
            self.flush_para()

    def end(self, tag: str) -> None:
        self.links -= tag == "a"
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
        if self.depth == 0 and tag in BLOCK:
            self.flush_para()

    def data(self, text: str) -> None:
        line = self.line
        self.line += text.count("\n")
        if self.depth:
            if self.cell is not None:
                self.cell.append(text)
            return
        if not self.para and not text.isspace():
            self.para_line = line
        if self.para or not text.isspace():
            self.para.append(text.replace("\n", ""))
            self.plain = self.plain or (not self.links and not text.isspace())


def blocks_of(element, name: str = "") -> list[Block]:
    """The paragraphs and tables of `element` and everything in it (its tail excluded)."""
    return _Walker(name).walk(element)


def plain_paragraphs(element, name: str = "") -> list[Para]:
    """The paragraphs of `element` that are not all link text (a menu, a share button)."""
    walker = _Walker(name)
    return [b for b in walker.walk(element) if isinstance(b, Para) and id(b) not in walker.link_only]


def expand(rows: list[list[tuple[str, int, int, int]]], name: str = "", limit: int = MAX_SLOTS) -> Table:
    """Rows of (text, line, rowspan, colspan) as a grid: a merged cell fills every slot it covers,
    the slots after the first being marked as copies. Work is bounded by `limit` slots (what is left
    of MAX_SLOTS for the document)."""
    table = Table()
    pending: dict[int, list] = {}       # column -> [cell, rows left]
    slots = 0
    start = next((cell[1] for row in rows for cell in row), 0)     # the line of the table's first cell
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
            out.append(origin)
            for _ in range(cs - 1):
                out.append(copy_of(line, text))
            if rs > 1:
                for k in range(col, col + cs):
                    pending[k] = [origin, rs - 1]
            col += cs
            if slots + len(out) > limit:
                _too_big(name, start)
        fill_pending()
        last = max(pending, default=-1)     # rowspans to the right of the row's last cell
        while col <= last:
            if col in pending:
                fill_pending()
            else:
                out.append(copy_of(out[-1][0] if out else 0, ""))
                col += 1
        slots += len(out)
        if slots > limit:
            _too_big(name, start)
        table.rows.append(out)
    table.merged = any(is_copy(c) for r in table.rows for c in r)
    return table


def _too_big(name: str, line: int) -> None:
    raise ReportImportError(f"{name or '网页'}：到第 {line} 行起的表格为止，表格的单元格（合并单元格展开后）超过 "
                            f"{MAX_SLOTS} 格（xxgk 读取的上限，真实的年报约 400 格），不像年报的表格，拒绝读取")
