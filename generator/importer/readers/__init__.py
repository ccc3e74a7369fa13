"""Readers: one module per input form, each turning a file's bytes into blocks (`..blocks`).

A reader is registered here with the suffixes it reads; the command line's help and the
"unsupported file type" message are made from this registry. Every form passes the same checks
here: the file's size and its text's length within generator/limits.py, and no control characters
in the text (a published report's stray \x01 or escape sequence is no text: it is dropped). Readers depend only on `..blocks`,
`..errors` and third-party libraries, never on the stages above them (outline, matching, checks).
Modules are imported when a file of their form is read, so the command line starts fast.

    read_path(path)  -> (blocks, name)       # by suffix
    read_text(text)  -> blocks               # text already in memory (pasted into Excel, say)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ...limits import MAX_DIGITS, MAX_FILE_BYTES, MAX_PARAGRAPHS, MAX_TEXT_CHARS, megabytes
from ..blocks import Block, Para, Table, is_copy
from ..errors import ReportImportError


@dataclass(frozen=True)
class Reader:
    form: str                    # the form's Chinese name, as the user knows it
    suffixes: tuple[str, ...]    # lower case, with the dot
    module: str                  # module in this package with `read(data: bytes, name: str) -> list[Block]`


READERS = (
    Reader("文本", (".txt", ".text", ".md"), "text"),
    Reader("网页", (".html", ".htm", ".shtml", ".mhtml", ".mht"), "html"),
    Reader("Word", (".docx",), "docx"),
    Reader("PDF", (".pdf",), "pdf"),
    Reader("旧版 Word、WPS、RTF、ODT，需安装 LibreOffice", (".doc", ".wps", ".rtf", ".odt"), "legacy"),
)
SUFFIXES = tuple(s for r in READERS for s in r.suffixes)


def supported() -> str:
    """The supported suffixes for messages and help: “.txt、.text、.md（文本）；…”."""
    return "；".join(f"{'、'.join(r.suffixes)}（{r.form}）" for r in READERS)


# files users mistake for a published report, and what to do with them instead
_NOT_REPORTS = {
    (".xlsx", ".xlsm"): "这是填报工作簿，不是已发布的年报：校验请用“xxgk validate {name}”，生成年报请用“xxgk render {name} -o 年报.docx”",
    (".xls", ".et"): "这是旧版 Excel/WPS 表格：请另存为 .xlsx 后用“xxgk validate”校验",
    (".json",): "这是 JSON 数据文件，不是已发布的年报：写入工作簿请用“xxgk fill {name} -o 新工作簿.xlsx”",
}


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    for r in READERS:
        if suffix in r.suffixes:
            return r
    for suffixes, advice in _NOT_REPORTS.items():
        if suffix in suffixes:
            raise ReportImportError(f"{path.name}：" + advice.format(name=path.name))
    shown = f"“{path.suffix}”" if path.suffix else "（没有扩展名）"
    raise ReportImportError(f"{path.name}：不支持的文件类型{shown}。支持的文件：{supported()}")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReportImportError(f"{path.name}：文件有 {size // (1024 * 1024)} MB，超过 {megabytes(MAX_FILE_BYTES)}"
                                    f"（xxgk 读取的上限，真实的年报不到 1 MB），不像年报，拒绝读取")
        return path.read_bytes()
    except OSError as e:
        if not path.exists():
            raise ReportImportError(f"找不到文件：{path}") from None
        if path.is_dir():
            raise ReportImportError(f"{path} 是文件夹，不是文件") from None
        raise ReportImportError(f"{path.name}：无法读取（{e.strerror or e}）") from None


def read_path(path: str | Path) -> tuple[list[Block], str]:
    """The blocks of the document at `path`, and the name to show for it."""
    path = Path(path)
    reader = reader_for(path)
    data = _read_bytes(path)
    return checked(import_module(f"{__name__}.{reader.module}").read(data, path.name), path.name), path.name


def read_text(text: str, name: str = "文本") -> list[Block]:
    """The blocks of a report's text already in memory."""
    from .text import parse_text
    return checked(parse_text(text), name)


# C0 controls but tab and newline, DEL and C1 controls: no report's text; a worksheet cannot hold them
_CONTROLS = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])


_LONG_NUMBER = re.compile(r"(?<!\d)\d{%d}" % (MAX_DIGITS + 1))


def checked(blocks: list[Block], name: str) -> list[Block]:
    """The blocks without control characters; ReportImportError past MAX_PARAGRAPHS, MAX_TEXT_CHARS
    or MAX_DIGITS."""
    paragraphs = sum(1 for b in blocks if isinstance(b, Para))
    if paragraphs > MAX_PARAGRAPHS:
        raise ReportImportError(f"{name}：有 {paragraphs} 段（行）文字，超过 {MAX_PARAGRAPHS} 段（xxgk 读取的上限，"
                                f"真实的年报约 400 段），不像年报，拒绝读取")
    chars = 0
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                for k, cell in enumerate(row):
                    chars = _counted(chars, cell[1], name)     # cell by cell: a merged cell's copies count too
                    if not is_copy(cell):                     # a copy's text is its merged cell's, checked there
                        _check_digits(cell[1], cell[0], name)
                    if not cell[1].isprintable():
                        row[k] = (cell[0], cell[1].translate(_CONTROLS), *cell[2:])
        else:
            chars = _counted(chars, b.text, name)
            _check_digits(b.text, b.line, name)
            if not b.text.isprintable():
                b.text = b.text.translate(_CONTROLS)
    return blocks


def _counted(chars: int, text: str, name: str) -> int:
    chars += len(text)
    if chars > MAX_TEXT_CHARS:
        raise ReportImportError(f"{name}：文字超过 {MAX_TEXT_CHARS} 个字符（xxgk 读取的上限，真实的年报约 1 万字），"
                                f"不像年报，拒绝读取")
    return chars


def _check_digits(text: str, line: int, name: str) -> None:
    if len(text) > MAX_DIGITS and _LONG_NUMBER.search(text):
        raise ReportImportError(f"{name}：第 {line} 行有超过 {MAX_DIGITS} 位连在一起的数字（xxgk 读取的上限，真实的年报"
                                f"最多几十位），不像年报，拒绝读取")
