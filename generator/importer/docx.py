"""Word .docx reports: body paragraphs and tables in document order, merged cells expanded.

The XML is first parsed with defusedxml (no DTDs, no entities), then read with python-docx.
Line numbers count body paragraphs and table rows in document order (the first is 1).
"""
from __future__ import annotations

import io
import zipfile

from .blocks import Block, Cell, Para, Table, copy_of


def parse_docx(data: bytes, name: str = "") -> list[Block]:
    from . import ReportImportError
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ReportImportError(f"{name}：不是有效的 .docx 文件（文件损坏，或是旧版 .doc 格式：请在 Word 中另存为 .docx）") from None
    try:
        import defusedxml.ElementTree as safe_et
        from defusedxml import DefusedXmlException
        safe_et.fromstring(xml, forbid_dtd=True)
    except (DefusedXmlException, safe_et.ParseError) as e:
        raise ReportImportError(f"{name}：Word 文件的内容不是安全、完整的 XML（{type(e).__name__}），拒绝读取") from None
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises assorted errors on damaged packages
        raise ReportImportError(f"{name}：无法读取 Word 文件（{type(e).__name__}）") from None
    blocks: list[Block] = []
    line = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            line += 1
            text = Paragraph(child, document).text
            if text.strip():
                blocks.append(Para(line, text))
        elif child.tag == qn("w:tbl"):
            table = Table()
            seen: dict[int, object] = {}   # id -> element, kept alive so that ids stay unique
            for row in DocxTable(child, document).rows:
                line += 1
                cells: list[Cell] = []
                for cell in row.cells:
                    key = id(cell._tc)
                    if key in seen:     # a slot covered by a merged cell
                        cells.append(copy_of(line, cell.text))
                        table.merged = True
                    else:
                        cells.append((line, cell.text))
                    seen[key] = cell._tc
                table.rows.append(cells)
            if table.rows:
                blocks.append(table)
    return blocks
