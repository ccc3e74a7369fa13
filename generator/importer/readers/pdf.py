"""PDF reports: the text layer, read with pdfplumber. Ruled tables become tables, other text lines.

Each page is interpreted once (pdfplumber's `page.layout`, pdfminer's objects) and its characters
and ruling lines are taken from that directly: pdfplumber's dictionaries of every object's every
attribute would cost a quarter of the read. The ruling lines go to pdfplumber's table finder as
explicit lines (the edges its "lines" strategy would take from the page); each character then goes
to the table cell that holds its centre, or else to a line of text.

A line of text reads like `pdftotext -layout` prints it: a space between words, a run of spaces
for a gap of an em or more, so that the columns of a table drawn without ruling lines stay apart.
Running page numbers (“— 3 —”, “第 3 页”, “3/8”, a lone number in the top or bottom margin) are
dropped. Line numbers count the lines of text and table rows of the document (the first is 1).
"""
from __future__ import annotations

import io
import logging
import re
from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import NamedTuple

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..blocks import Block, Para, Table, copy_of
from ..errors import ReportImportError
from ._pdf_limits import Budget, check_pages


class Glyph(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


class Item(NamedTuple):
    top: float
    bottom: float
    text: str | None               # a line of text, or None for a table
    rows: list | None = None       # a table's rows of (text, is the merged cell's own slot)


class Page(NamedTuple):
    items: list[Item]              # in reading order
    chars: int                     # characters that are not blank
    undecoded: int                 # characters without a Unicode mapping, pdfminer's "(cid:n)"
    images: int


_MIN_EDGE = 1            # pt: shorter ruling lines are specks (the "lines" strategy's prefilter)
_WORD_GAP = 0.25         # em: a wider gap between two characters separates words
_WIDE_GAP = 1.0          # em: a gap this wide separates columns, with two spaces or more
_MARGIN = 0.12           # of the page height: the band of a header or footer
_DASH = "[-－—–―─]"
_PAGE_NO = re.compile(
    rf"{_DASH}+\s*\d{{1,4}}\s*{_DASH}+|\d{{1,4}}\s*/\s*\d{{1,4}}|(?i:page)\s*\d{{1,4}}(?:\s*(?i:of)\s*\d{{1,4}})?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页")
_LONE_NO = re.compile(r"\d{1,4}")
_TABLES = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}

# pdfminer warns in English about each flaw it works around; the reader reports what matters in
# Chinese. A handler of its own keeps Python from printing them when the program configures none.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def read(data: bytes, name: str) -> list[Block]:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReportImportError(f"{name}：不是 PDF 文件（文件开头没有 PDF 标记），请确认文件完整、扩展名正确")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            check_pages(pdf, name)
            pages = _read_pages(pdf, name)
    except (ReportImportError, MemoryError):
        raise
    except Exception as e:  # pdfminer raises assorted errors on damaged files
        raise _damaged(e, name) from None
    _check_text(pages, name)
    return _blocks(pages)


# ---------------------------------------------------------------------------------------------
# Files that cannot be read

def _damaged(e: Exception, name: str) -> ReportImportError:
    cause = e.args[0] if type(e).__name__ == "PdfminerException" and e.args else e
    if isinstance(cause, PDFPasswordIncorrect):
        return ReportImportError(f"{name}：PDF 文件设有打开密码，无法读取。请用 PDF 阅读器输入密码后另存为"
                                 "不加密的 PDF，或改用 Word/文本版本的年报")
    if isinstance(cause, PDFEncryptionError):
        return ReportImportError(f"{name}：PDF 文件已加密，且加密方式无法处理。请另存为不加密的 PDF，"
                                 "或改用 Word/文本版本的年报")
    return ReportImportError(f"{name}：PDF 文件已损坏或不完整，无法读取（{type(cause).__name__}）。"
                             "请重新下载，或改用 Word/文本版本的年报")


def _check_text(pages: list[Page], name: str) -> None:
    """A PDF without a text layer (a scan), or whose characters cannot be decoded, says so."""
    if not pages:
        raise ReportImportError(f"{name}：PDF 文件中没有页面（文件可能已损坏），请重新下载")
    chars = sum(p.chars for p in pages)
    if not chars and any(p.images for p in pages):
        raise ReportImportError(f"{name}：这是扫描图片制作的 PDF，没有文字层，无法读取其中的文字。"
                                "请找 Word/文本版本的年报，或先用文字识别（OCR）软件把它转成文字")
    if not chars:
        raise ReportImportError(f"{name}：PDF 中没有可读取的文字（页面空白，或文件已损坏）。"
                                "请重新下载，或改用 Word/文本版本的年报")
    if sum(p.undecoded for p in pages) * 2 > chars:
        raise ReportImportError(f"{name}：PDF 中的文字无法解码（字体缺少编码信息）。"
                                "请找 Word/文本版本的年报，或先用文字识别（OCR）软件把它转成文字")


# ---------------------------------------------------------------------------------------------
# A page: characters and ruling lines, tables, lines of text

def _read_pages(pdf, name: str) -> list[Page]:
    """Every page, within the limits of _pdf_limits (checked before each costly step)."""
    pages, budget = [], Budget(name)
    for number, page in enumerate(pdf.pages, 1):
        budget.content_of(page, number)
        pages.append(_read_page(page, budget, number))
        budget.chars_of(pages[-1].chars, number)
    return pages


def _read_page(page, budget: Budget | None = None, number: int = 1) -> Page:
    layout = page.layout
    glyphs, segments, images = _objects(layout)
    if budget is not None:
        budget.lines_of(segments, number)
    h_edges, v_edges = _edges(segments, layout.height)
    tables = _find_tables(page, h_edges, v_edges)
    if budget is not None:
        budget.slots_of([t.cells for t in tables], number)
    grids = [_Grid(t.cells) for t in tables]
    free = [g for g in glyphs if not any(grid.take(g) for grid in grids)]
    items = [Item(line[0].top, max(g.bottom for g in line), text)
             for line in _lines(free) if (text := _line_text(line, spaced=True))]
    items += [Item(grid.top, grid.bottom, None, rows) for grid in grids if _has_text(rows := grid.rows())]
    items.sort(key=lambda i: (i.top, i.text is None))
    items = [i for k, i in enumerate(items) if not _page_number(i, k in (0, len(items) - 1), layout.height)]
    blank = sum(1 for g in glyphs if g.text.isspace())
    return Page(items, len(glyphs) - blank, sum(1 for g in glyphs if g.text.startswith("(cid:")), images)


def _objects(layout) -> tuple[list[Glyph], list[tuple], int]:
    """The page's characters (y from the top), the straight strokes of its lines and rectangles
    (x0, y0, x1, y1, y from the bottom) and the number of its images."""
    height = layout.height
    glyphs: list[Glyph] = []
    segments: list[tuple] = []
    images = 0
    stack = [iter(layout)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                glyphs.append(Glyph(obj.x0, obj.x1, height - obj.y1, height - obj.y0, obj.get_text(), obj.size))
            elif isinstance(obj, LTRect):
                x0, y0, x1, y1 = obj.bbox
                segments += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
            elif isinstance(obj, LTCurve):     # lines too: each stroke between consecutive points
                segments += [(*a, *b) for a, b in zip(obj.pts, obj.pts[1:])]
            elif isinstance(obj, LTImage):
                images += 1
            elif isinstance(obj, LTContainer):  # a form XObject: its objects, then the rest of this one
                stack.append(iter(obj))
                break
        else:
            stack.pop()
    return glyphs, segments, images


def _edges(segments: list[tuple], height: float) -> tuple[list[dict], list[dict]]:
    """The horizontal and vertical strokes as edges, y from the top."""
    h_edges, v_edges = [], []
    for x0, y0, x1, y1 in segments:
        if y0 == y1 and abs(x1 - x0) >= _MIN_EDGE:
            h_edges.append(_edge(min(x0, x1), height - y0, max(x0, x1), height - y0, "h"))
        elif x0 == x1 and abs(y1 - y0) >= _MIN_EDGE:
            v_edges.append(_edge(x0, height - max(y0, y1), x0, height - min(y0, y1), "v"))
    return h_edges, v_edges


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    """An edge as pdfplumber's table finder takes it."""
    return {"object_type": "line_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


def _find_tables(page, h_edges: list[dict], v_edges: list[dict]) -> list:
    if len(h_edges) < 2 or len(v_edges) < 2:     # no cell (and the finder refuses fewer lines)
        return []
    return page.find_tables({**_TABLES, "explicit_vertical_lines": v_edges, "explicit_horizontal_lines": h_edges})


class _Grid:
    """A table's cells on the grid of their top and left edges; a merged cell covers several slots."""

    def __init__(self, cells: list[tuple]):
        self.xs = sorted({c[0] for c in cells})
        self.tops = sorted({c[1] for c in cells})
        self.x0, self.top = self.xs[0], self.tops[0]
        self.x1, self.bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        self.slots: dict[tuple[int, int], tuple] = {}
        for c in cells:
            for r in range(self.tops.index(c[1]), bisect_left(self.tops, c[3])):
                for k in range(self.xs.index(c[0]), bisect_left(self.xs, c[2])):
                    self.slots[r, k] = c
        self.glyphs: dict[tuple, list[Glyph]] = {c: [] for c in cells}

    def take(self, g: Glyph) -> bool:
        """Put the glyph in the cell that holds its centre, if any."""
        x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        if not (self.x0 <= x < self.x1 and self.top <= y < self.bottom):
            return False
        cell = self.slots.get((bisect_right(self.tops, y) - 1, bisect_right(self.xs, x) - 1))
        if cell is None or not (cell[0] <= x < cell[2] and cell[1] <= y < cell[3]):
            return False
        self.glyphs[cell].append(g)
        return True

    def rows(self) -> list[list[tuple[str, bool]]]:
        """Every slot's (text, own): a merged cell's text in each slot it covers, own in its first;
        ("", False) where no cell is (a table that is not rectangular)."""
        texts = {c: "\n".join(_line_text(line, spaced=False) for line in _lines(gs)) for c, gs in self.glyphs.items()}
        rows = []
        for r, top in enumerate(self.tops):
            row = []
            for k, x0 in enumerate(self.xs):
                c = self.slots.get((r, k))
                row.append(("", False) if c is None else (texts[c], c[0] == x0 and c[1] == top))
            rows.append(row)
        return rows


def _has_text(rows: list[list[tuple[str, bool]]]) -> bool:
    return any(text.strip() for row in rows for text, _ in row)


def _lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines: a glyph whose middle is above the current line's bottom is on it."""
    lines: list[list[Glyph]] = []
    bottom = 0.0
    for g in sorted(glyphs, key=attrgetter("top")):
        if lines and (g.top + g.bottom) / 2 < bottom:
            lines[-1].append(g)
            bottom = max(bottom, g.bottom)
        else:
            lines.append([g])
            bottom = g.bottom
    return lines


def _line_text(line: list[Glyph], spaced: bool) -> str:
    """The line's words left to right, one space apart; `spaced`: wide gaps as runs of spaces."""
    out: list[str] = []
    prev: Glyph | None = None
    blank = False
    for g in sorted(line, key=attrgetter("x0")):
        if not g.text or g.text.isspace():
            blank = True
            continue
        if prev is not None:
            if g.text == prev.text and abs(g.x0 - prev.x0) < 1 and abs(g.top - prev.top) < 1:
                continue   # drawn twice over (a simulated bold)
            em = max(g.size, prev.size, 1.0)
            gap = g.x0 - prev.x1
            if spaced and gap >= _WIDE_GAP * em:
                out.append(" " * max(2, round(2 * gap / em)))
            elif blank or gap > _WORD_GAP * em:
                out.append(" ")
        out.append(g.text)
        prev, blank = g, False
    return "".join(out)


def _page_number(item: Item, at_edge: bool, height: float) -> bool:
    """A running page number: “— 3 —”, “第 3 页”, “3/8”, …, or a lone number first or last on the
    page and in its top or bottom margin."""
    if item.text is None:
        return False
    text = item.text.strip()
    if _PAGE_NO.fullmatch(text):
        return True
    in_margin = item.top < _MARGIN * height or item.bottom > (1 - _MARGIN) * height
    return at_edge and in_margin and _LONE_NO.fullmatch(text) is not None


# ---------------------------------------------------------------------------------------------
# Blocks, numbered through the document

def _blocks(pages: list[Page]) -> list[Block]:
    blocks: list[Block] = []
    line = 0
    for page in pages:
        for item in page.items:
            if item.text is not None:
                line += 1
                blocks.append(Para(line, item.text))
                continue
            table = Table()
            for row in item.rows:
                line += 1
                table.rows.append([(line, text) if own else copy_of(line, text) for text, own in row])
                table.merged = table.merged or not all(own for _, own in row)
            blocks.append(table)
    return blocks
