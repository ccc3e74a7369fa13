"""The 来源 sheet of a 汇总 workbook: for every summed cell, the sum, why it is blank, and each
unit's value, the units' names, files, formats and years heading their columns, so that any
number of the 汇总 can be traced to the reports it adds up.

`source_rows` gives the sheet as rows (the command line writes them with openpyxl, the Excel
button through xlwings); values are the units' cells as they hold them (blank, "/", text kept).
"""
from __future__ import annotations

from ..layout import get_layout
from ..model import PROCUREMENT_UNIT_ID, cell_titles
from ..values import is_formula_like
from .sum import Summed, amount_id, declared_unit, summed_ids

SHEET_SOURCES = "来源"
HEAD = ("单元格", "位置", "汇总", "说明")
ABSENT = "（无此项）"          # the unit's format has no such cell
FIRST_DATA_ROW = 5             # rows 1-4: title, unit names, files, formats and years
MAX_TEXT = 32767               # characters a spreadsheet cell holds


def listed_ids(summed: Summed) -> list[str]:
    """The cells the sheet lists: the summed ones, and the unit of 2019 采购总金额 after it."""
    ids = list(summed_ids(summed.version))
    amount = amount_id(summed.version)
    if amount is not None:
        ids.insert(ids.index(amount) + 1, PROCUREMENT_UNIT_ID)
    return ids


def _note(summed: Summed, cid: str) -> str:
    gaps = summed.gaps.get(cid)
    if gaps:
        return "留空：" + "；".join(f"{g.unit.name}{g.reason}" for g in gaps)
    if cid == amount_id(summed.version) and summed.cells.get(cid) is not None:
        other = [u.name for u in summed.units if declared_unit(u) not in (None, summed.amount_unit)]
        if other:
            return f"已换算为{summed.amount_unit}：{'、'.join(other)}以其他单位填报"
    return ""


def source_rows(summed: Summed, title: str) -> list[list]:
    """The sheet, row by row (every row as wide as the header)."""
    units = summed.units
    names, places = cell_titles(summed.version), get_layout(summed.version).places
    rows = [[title] + [""] * (len(HEAD) - 1 + len(units)),
            list(HEAD) + [u.name for u in units],
            ["文件", "", "", ""] + [u.file for u in units],
            ["格式、年度", "", "", ""] + [f"{u.report.format} 格式，" + (f"{u.report.year}年度" if u.report.year
                                                                       else "年度未写明") for u in units]]
    for cid in listed_ids(summed):
        if cid == PROCUREMENT_UNIT_ID:
            title_ = f"{names[amount_id(summed.version)]}的单位"
            values = [declared_unit(u) or "" for u in units]
        else:
            title_ = names[cid]
            values = [u.report.cells.get(cid) if summed.has(u, cid) else ABSENT for u in units]
        total = summed.cells.get(cid)
        rows.append([title_, str(places[cid]), "" if total is None else total, _note(summed, cid)]
                    + ["" if v is None else v for v in values])
    return rows


def write_sheet(wb, rows: list[list]) -> None:
    """Add (or replace) the 来源 sheet of an openpyxl workbook."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    if SHEET_SOURCES in wb.sheetnames:
        del wb[SHEET_SOURCES]
    ws = wb.create_sheet(SHEET_SOURCES)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):     # a unit's text as a cell can hold it: no control characters
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and is_formula_like(value):
                cell.data_type = "s"       # a unit's text is never a formula
            if r in (2, 3) or c == 1 and r < FIRST_DATA_ROW:
                cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=c <= len(HEAD) or r < FIRST_DATA_ROW, vertical="top")
    ws["A1"].font = Font(bold=True, size=12)
    for letter, width in zip("ABCD", (44, 12, 12, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, len(HEAD) + 1)
    ws.protection.sheet = True      # a record of what was summed, not for editing (no password)


def add_sources_sheet(path, rows: list[list]) -> None:
    """Write the 来源 sheet into the workbook at `path` (saved in place: the caller writes to a
    temporary file). Formulas, names and an .xlsm's macros are kept (openpyxl keep_vba)."""
    from pathlib import Path

    from ..workbook_read import open_workbook
    path = Path(path)
    wb = open_workbook(path, read_only=False, keep_vba=path.suffix.lower() == ".xlsm", data_only=False)
    write_sheet(wb, rows)
    wb.save(path)
