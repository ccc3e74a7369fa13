"""Plain text (.txt, .md): one paragraph per non-blank line, tabs kept.

Whether lines form a table (Word's export with a tab before each cell, one cell per line, pipe
tables, `pdftotext -layout` columns) is decided above the readers, in `..tabulate`, for text from
every form alike. Line numbers are those of `str.splitlines()` (the first line is 1).
"""
from __future__ import annotations

from ..blocks import Block, Para
from ..errors import ReportImportError


def decode(data: bytes, name: str) -> str:
    if data[:2] == b"PK":
        raise ReportImportError(f"{name}：这是 Word/压缩文件而不是文本文件，请使用 .docx 扩展名")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReportImportError(f"{name}：无法识别文字编码（应为 UTF-8 或 GBK/GB18030 编码的文本）")


def parse_text(text: str) -> list[Block]:
    """A line with only a tab is kept: it is a blank cell of Word's export."""
    return [Para(no, line) for no, line in enumerate(text.splitlines(), 1) if line.strip() or "\t" in line]


def read(data: bytes, name: str) -> list[Block]:
    return parse_text(decode(data, name))
