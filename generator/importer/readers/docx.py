"""Word .docx reports: body paragraphs and tables in document order, merged cells expanded.

word/document.xml is read once with lxml (`_docx_package`: size limit, no DTD, no entities).
A paragraph's text is its runs' w:t, with w:tab as "\\t" and w:br/w:cr as "\\n", as python-docx
gives it, and also the runs inside content controls (w:sdt), w:customXml, w:smartTag, w:hyperlink,
w:fldSimple and insertions (w:ins, w:moveTo); deleted text (w:del, w:moveFrom) and field
instructions are left out. Content controls and custom XML around paragraphs, rows and cells are
looked through too.

Table rows are expanded as python-docx's `row.cells`: a cell spanning columns (w:gridSpan) fills
its slots, and a continuation of a vertical merge (w:vMerge) takes the cell above; every slot after
a cell's first is a copy. Grid columns a row leaves empty (w:gridBefore/w:gridAfter) are skipped.
A nested table's paragraphs are part of its cell's text.

Line numbers count body paragraphs and the rows of body tables in document order (the first is 1).
"""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

from ...limits import MAX_SLOTS, MAX_SPAN
from ..blocks import Block, Cell, Para, Table, copy_of
from ..errors import ReportImportError
from ._docx_package import main_part

TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


class _Tags:
    """Clark names of the elements read, in one of the two WordprocessingML namespaces."""

    def __init__(self, ns: str):
        w = "{%s}" % ns
        for local in ("body", "p", "tbl", "tr", "tc", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen",
                      "sdt", "sdtContent", "trPr", "tcPr", "gridBefore", "gridSpan", "vMerge"):
            setattr(self, local, w + local)
        self.val, self.type = w + "val", w + "type"
        self.wrapper = w + "customXml"     # around paragraphs, tables, rows or cells
        # what a paragraph's runs may be inside of; deletions (w:del, w:moveFrom) are not
        self.containers = frozenset(w + t for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo",
                                                    "fldSimple", "sdt", "sdtContent"))
        # children looked at, filtered by lxml before any Python object is made for them
        self.run_text = (self.t, self.tab, self.ptab, self.br, self.cr, self.noBreakHyphen)
        self.cell_props = (self.gridSpan, self.vMerge)
        self.grid_before = f"{self.trPr}/{self.gridBefore}"


@lru_cache(maxsize=2)
def _tags(ns: str) -> _Tags:
    return _Tags(ns)


def read(data: bytes, name: str = "") -> list[Block]:
    root = main_part(data, name)
    ns = etree.QName(root).namespace
    if ns not in (TRANSITIONAL, STRICT) or etree.QName(root).localname != "document":
        raise ReportImportError(f"{name}：不是有效的 .docx 文件（正文部分不是 Word 文档）")
    w = _tags(ns)
    body = root.find(w.body)
    return [] if body is None else _Reader(w, name).body(body)


class _Reader:
    def __init__(self, tags: _Tags, name: str):
        self.w = tags
        self.name = name
        self.line = 0
        self.blocks: list[Block] = []
        self.slots = 0           # of every table so far, merged cells expanded (limits.MAX_SLOTS)

    def body(self, body) -> list[Block]:
        w = self.w
        for el in self.children(body, (w.p, w.tbl)):
            if el.tag == w.p:
                self.line += 1
                if not len(el):       # an empty paragraph: nothing to look for inside (a million of them)
                    continue
                text = self.paragraph(el)
                if text.strip():
                    self.blocks.append(Para(self.line, text))
            else:
                table = self.table(el)
                if table.rows:
                    self.blocks.append(table)
        return self.blocks

    def children(self, parent, wanted: tuple[str, ...]):
        """The children of `parent` with the wanted tags, looking through w:sdt and w:customXml."""
        w = self.w
        for el in parent.iterchildren(*wanted, w.sdt, w.wrapper):
            tag = el.tag
            if tag in wanted:
                yield el
            elif tag == w.sdt:
                content = el.find(w.sdtContent)
                if content is not None:
                    yield from self.children(content, wanted)
            elif tag == w.wrapper:
                yield from self.children(el, wanted)

    # -- text ------------------------------------------------------------------------------------
    def paragraph(self, p) -> str:
        """lxml finds the text elements anywhere in the paragraph; those in a run of the paragraph
        itself, directly or through inline containers, are kept (not a text box's, not a tab stop)."""
        w = self.w
        parts: list[str] = []
        for el in p.iter(*w.run_text):
            run = el.getparent()
            if run.tag != w.r or not self._inline_of(run.getparent(), p):
                continue
            tag = el.tag
            if tag == w.t:
                if el.text:
                    parts.append(el.text)
            elif tag == w.tab or tag == w.ptab:
                parts.append("\t")
            elif tag == w.br:
                if el.get(w.type, "textWrapping") == "textWrapping":   # not a page or column break
                    parts.append("\n")
            elif tag == w.cr:
                parts.append("\n")
            else:
                parts.append("-")           # w:noBreakHyphen
        return "".join(parts)

    def _inline_of(self, node, p) -> bool:
        """Whether `node` is `p`, or inline containers lead from it up to `p`."""
        containers = self.w.containers
        while node is not p:
            if node is None or node.tag not in containers:
                return False
            node = node.getparent()
        return True

    def cell_text(self, tc) -> str:
        """Its paragraphs' text, one per line, those of nested tables included, in document order."""
        return "\n".join(self._cell_paragraphs(tc))

    def _cell_paragraphs(self, container):
        w = self.w
        for el in self.children(container, (w.p, w.tbl)):
            if el.tag == w.p:
                yield self.paragraph(el)
            else:
                for tr in self.children(el, (w.tr,)):
                    for tc in self.children(tr, (w.tc,)):
                        yield from self._cell_paragraphs(tc)

    # -- tables ----------------------------------------------------------------------------------
    def table(self, tbl) -> Table:
        w = self.w
        table = Table()
        seen: set = set()            # the w:tc elements given a slot already: later slots are copies
        above: dict[int, tuple] = {}   # grid offset -> (w:tc, text, span) of the cell starting there
        for tr in self.children(tbl, (w.tr,)):
            self.line += 1
            line = self.line
            offset = _int(tr.find(w.grid_before), w.val, 0)
            starts: dict[int, tuple] = {}
            cells: list[Cell] = []
            for tc in self.children(tr, (w.tc,)):
                span, continues = self.merge(tc)
                origin = above.get(offset) if continues else None
                if origin is None:            # a cell of its own (or a continuation with nothing above)
                    origin = (tc, self.cell_text(tc), span)
                starts[offset] = origin
                offset += span
                root, text, root_span = origin
                for _ in range(root_span):
                    cells.append(copy_of(line, text) if root in seen else (line, text))
                    seen.add(root)
            self.slots += len(cells)
            if self.slots > MAX_SLOTS:
                raise ReportImportError(f"{self.name}：到第 {line} 行为止，表格的单元格（合并单元格展开后）超过 "
                                        f"{MAX_SLOTS} 格（xxgk 读取的上限，真实的年报约 400 格），不像年报的表格，拒绝读取")
            above = starts
            table.rows.append(cells)
        table.merged = any(len(c) > 2 for r in table.rows for c in r)
        return table

    def merge(self, tc) -> tuple[int, bool]:
        """The grid columns the cell spans, and whether it continues the cell above: a w:vMerge
        without w:val="restart"."""
        w = self.w
        span, continues = 1, False
        props = tc.find(w.tcPr)
        if props is not None:
            for el in props.iterchildren(*w.cell_props):
                if el.tag == w.gridSpan:
                    span = max(1, min(_int(el, w.val, 1), MAX_SPAN))
                else:
                    continues = el.get(w.val, "continue") != "restart"
        return span, continues


def _int(el, attr: str, default: int) -> int:
    if el is None:
        return default
    try:
        return int(str(el.get(attr, default)).strip())
    except ValueError:
        return default
