"""What a workbook cell can hold: Excel keeps at most 32,767 characters in a cell and cuts the
rest (XlsxWriter does too), and XML has no place for control characters. A value that does not
fit is refused with a message naming the field, never cut or changed without a word.
"""
from __future__ import annotations

import re

from .errors import ReportError

CELL_TEXT_MAX = 32767
# XML 1.0 characters, less the three whitespace controls it keeps (tab, line feed, carriage return).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text_length(text: str) -> int:
    """Length as Excel counts it (UTF-16 units: a character outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def problem(value, xml: bool = True) -> str | None:
    """Why `value` cannot go into a cell as it is (Chinese), or None. `xml=False` skips the
    control-character test, for writers that escape them (XlsxWriter)."""
    if not isinstance(value, str):
        return None
    n = text_length(value)
    if n > CELL_TEXT_MAX:
        return (f"有 {n:,} 个字符，超过 Excel 单元格能保存的 {CELL_TEXT_MAX:,} 个字符，写入会被截断："
                "请删减到上限以内，或把其中的附表、名单改为附件")
    bad = _NOT_XML.search(value) if xml else None
    if bad:
        return (f"第 {bad.start() + 1} 个字符是控制字符 U+{ord(bad.group()):04X}，工作簿不能保存它："
                "请删除它（通常是从其他程序复制时带入的）")
    return None


def check_fits(version: str, values: dict[str, object], xml: bool = True) -> None:
    """ReportError listing every item (cell id, meta.* or text field) whose value does not fit."""
    lines = [f"{_title(version, k)}{why}" for k, v in values.items() if (why := problem(v, xml))]
    if lines:
        raise ReportError("工作簿的单元格放不下以下内容，没有写入任何内容：" + "；".join(lines))


def _title(version: str, item_id: str) -> str:
    from .workbook_read import item_title
    try:
        return item_title(version, item_id)
    except (KeyError, StopIteration):
        return f"“{item_id}”"
