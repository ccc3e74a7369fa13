"""The limits of generator/limits.py for a PDF, checked before pdfminer does the costly work: the
page count from the page tree before any page is made, a page's content streams inflated with a
bound before the page is interpreted (pdfminer takes about 3 s a megabyte), its ruling lines before
the table finder meets them, its tables' slots before they are made, and the characters read so far
after each page. Content and lines are
bounded for each page and for the whole document: five hundred pages that each stay under a page's
limit are still refused."""
from __future__ import annotations

import zlib

from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

from ...limits import (MAX_PDF_CONTENT_BYTES, MAX_PDF_LINES, MAX_PDF_PAGE_BYTES, MAX_PDF_PAGE_LINES, MAX_PDF_PAGES,
                       MAX_SLOTS, MAX_TEXT_CHARS, megabytes)
from ..errors import ReportImportError

_FLATE = (LIT("FlateDecode"), LIT("Fl"))
_REAL = "（xxgk 读取的上限，真实的年报远小于此），不像年报，拒绝读取"


def check_pages(pdf, name: str) -> None:
    """The page count the document's page tree declares."""
    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except (KeyError, AttributeError, TypeError):
        return                     # pdfminer finds the pages its own way, or says the file is damaged
    if isinstance(count, int) and count > MAX_PDF_PAGES:
        raise ReportImportError(f"{name}：PDF 有 {count} 页，超过 {MAX_PDF_PAGES} 页{_REAL}")


class Budget:
    """What the pages read so far have used of the document's limits."""

    def __init__(self, name: str):
        self.name = name
        self.content = self.lines = self.chars = self.slots = 0

    def content_of(self, page, number: int) -> None:
        """The page's content streams, inflated no further than the limits allow."""
        size = 0
        for ref in page.page_obj.contents:
            stream = resolve1(ref)
            if isinstance(stream, PDFStream):
                size += _inflated_size(stream, MAX_PDF_PAGE_BYTES + 1 - size)
            if size > MAX_PDF_PAGE_BYTES:
                self._refuse(f"第 {number} 页的内容解压后超过 {megabytes(MAX_PDF_PAGE_BYTES)}")
        self.content += size
        if self.content > MAX_PDF_CONTENT_BYTES:
            self._refuse(f"到第 {number} 页为止，页面内容解压后超过 {megabytes(MAX_PDF_CONTENT_BYTES)}")

    def lines_of(self, segments: list, number: int) -> None:
        if len(segments) > MAX_PDF_PAGE_LINES:
            self._refuse(f"第 {number} 页有 {len(segments)} 条线段，超过 {MAX_PDF_PAGE_LINES} 条")
        self.lines += len(segments)
        if self.lines > MAX_PDF_LINES:
            self._refuse(f"到第 {number} 页为止的线段超过 {MAX_PDF_LINES} 条")

    def slots_of(self, tables: list[list[tuple]], number: int) -> None:
        """The tables' slots (the grid of their cells' left and top edges), before they are made."""
        self.slots += sum(len({c[0] for c in cells}) * len({c[1] for c in cells}) for cells in tables)
        if self.slots > MAX_SLOTS:
            self._refuse(f"到第 {number} 页为止，表格的单元格（合并单元格展开后）超过 {MAX_SLOTS} 格")

    def chars_of(self, chars: int, number: int) -> None:
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            self._refuse(f"到第 {number} 页为止的文字超过 {MAX_TEXT_CHARS} 个字符")

    def _refuse(self, why: str) -> None:
        raise ReportImportError(f"{self.name}：PDF {why}{_REAL}")


def _inflated_size(stream: PDFStream, most: int) -> int:
    """Bytes of the stream once inflated, counted up to `most`; a stream already decoded or with
    another filter is counted as stored (its size is bounded by the file's)."""
    raw = stream.rawdata
    if raw is None:
        return len(stream.data or b"")
    filters = [f for f, _ in stream.get_filters()]
    if len(filters) != 1 or filters[0] not in _FLATE:
        return len(raw)
    try:
        return len(zlib.decompressobj().decompress(raw, max(1, most)))
    except zlib.error:
        return 0                   # pdfminer decides what a damaged stream gives
