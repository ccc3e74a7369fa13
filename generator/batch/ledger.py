"""Write the 核查台账 .xlsx from its sheets (sheets.py): Chinese headers, frozen and filtered,
printed on A4 landscape one page wide with the headers repeated, and the 复核结论 drop-down.

XlsxWriter in constant-memory mode writes row by row, so a thousand reports' rows do not sit in
memory twice. Text is always written as text: a message starting with = + - @ is never a formula.
"""
from __future__ import annotations

import math
from pathlib import Path

from .sheets import Sheet
from .verdicts import VERDICTS

MARK = "xxgk-batch-ledger/1"       # the workbook's subject: how a re-run knows the 台账 is ours
TITLE = "政府信息公开工作年度报告核查台账"
_STATUS_COLOURS = {"已消除": "#808080", "数据已变": "#9C5700"}
_SEVERITY_COLOURS = {"错误": "#C00000", "警告": "#9C5700"}


def write(path: Path, sheets: list[Sheet]) -> None:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": TITLE, "subject": MARK, "author": "xxgk batch",
                       "comments": "由 xxgk batch 生成。复核结论、复核说明两列可填写，重新核查时保留；请勿修改隐藏的指纹列。"})
    f = _Formats(wb)
    for sheet in sheets:
        _sheet(wb, f, sheet)
    wb.close()


class _Formats:
    def __init__(self, wb):
        border = {"border": 1, "border_color": "#BFBFBF", "valign": "top", "font_name": "宋体", "font_size": 10}
        self.header = wb.add_format(dict(border, bold=True, bg_color="#DDEBF7", text_wrap=True, align="center",
                                         valign="vcenter"))
        self.label = wb.add_format(dict(border, bg_color="#F2F2F2", text_wrap=True, font_size=9))
        self.plain = wb.add_format(border)
        self.wrap = wb.add_format(dict(border, text_wrap=True))
        self.percent = wb.add_format(dict(border, num_format="0.0%"))
        self.verdict = wb.add_format(dict(border, bg_color="#FFF2CC"))
        self.grey = wb.add_format({"font_color": _STATUS_COLOURS["已消除"]})
        self.severity = {s: wb.add_format({"font_color": c, "bold": s == "错误"}) for s, c in _SEVERITY_COLOURS.items()}


def _sheet(wb, f: _Formats, sheet: Sheet) -> None:
    ws = wb.add_worksheet(sheet.name)
    cols = sheet.columns
    for j, c in enumerate(cols):
        ws.set_column(j, j, c.width, None, {"hidden": True} if c.hidden else None)
    ws.set_row(0, 30 if not sheet.labels else None)
    for j, c in enumerate(cols):
        ws.write_string(0, j, c.header, f.header)
    if sheet.labels:
        ws.set_row(1, 60)
        for j, c in enumerate(cols):
            ws.write_string(1, j, sheet.labels.get(c.key, c.header), f.label)
    top = sheet.header_rows
    fmt = [None if sheet.plain else f.percent if c.percent else
           f.verdict if c.key in ("verdict", "note") and sheet.verdicts else f.wrap if c.wrap else f.plain
           for c in cols]
    wrapped = [(j, c) for j, c in enumerate(cols) if c.wrap and not c.hidden]
    for i, row in enumerate(sheet.rows, top):
        if wrapped and not sheet.plain:   # rows as tall as their text: Excel and LibreOffice both show it
            lines = max(_lines(row.get(c.key), c.width) for _, c in wrapped)
            if lines > 1:
                ws.set_row(i, min(409, 14.5 * lines + 2))
        for j, c in enumerate(cols):
            _write(ws, i, j, row.get(c.key), fmt[j])
    last = max(top, top + len(sheet.rows) - 1)
    ws.freeze_panes(top, 0)
    ws.autofilter(top - 1, 0, last, len(cols) - 1)
    if sheet.verdicts:
        _verdict_list(ws, f, cols, top, last)
    _print_setup(ws, sheet, top, len(cols))
    if sheet.hidden:
        ws.hide()


def _lines(value, width: float) -> int:
    """Lines a wrapped cell takes: a Chinese character is two widths of “0”, the column's unit."""
    if value is None:
        return 1
    n = 0
    for part in str(value).split("\n"):
        w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in part)
        n += max(1, math.ceil(w / max(1.0, width - 1)))
    return n


def _write(ws, i: int, j: int, value, fmt) -> None:
    if value is None:
        if fmt is not None:
            ws.write_blank(i, j, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(i, j, "是" if value else "否", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(i, j, value, fmt)
    else:
        ws.write_string(i, j, str(value), fmt)


def _verdict_list(ws, f: _Formats, cols, top: int, last: int) -> None:
    keys = [c.key for c in cols]
    v = keys.index("verdict")
    ws.data_validation(top, v, max(last, top + 500), v, {
        "validate": "list", "source": list(VERDICTS), "input_title": "复核结论",
        "input_message": "确认：是问题，需整改；不是问题：不列入整改通知；已整改：单位已改正",
        "error_type": "warning", "error_title": "复核结论",
        "error_message": "请从下拉列表中选择：确认、不是问题、已整改"})
    width = len(cols) - 1
    status = keys.index("status")
    col = _letter(status)
    ws.conditional_format(top, 0, last, width, {"type": "formula", "criteria": f'=${col}{top + 1}="已消除"',
                                                "format": f.grey})
    if "severity" in keys:
        s = keys.index("severity")
        for sev, fmt in f.severity.items():
            ws.conditional_format(top, s, last, s, {"type": "cell", "criteria": "==", "value": f'"{sev}"',
                                                    "format": fmt})


def _letter(j: int) -> str:
    from xlsxwriter.utility import xl_col_to_name
    return xl_col_to_name(j)


def _print_setup(ws, sheet: Sheet, top: int, ncols: int) -> None:
    ws.set_paper(9)                 # A4
    ws.set_landscape()
    printed = [j for j, c in enumerate(sheet.columns) if not (c.hidden or c.unprinted)]
    if ncols <= 30:                 # 数据's two hundred columns would print unreadably small
        ws.fit_to_pages(1, 0)       # one page wide, as many pages long as needed
        ws.print_area(0, 0, max(top, top + len(sheet.rows) - 1), max(printed))
    ws.repeat_rows(0, top - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&C&\"宋体,Bold\"{TITLE}·{sheet.name}")
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(0)
