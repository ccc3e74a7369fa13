"""The Excel button 从上年年报填入: what `xxgk template --from` does, into the open workbook.

The clerk chooses last year's workbook (or published report) in a dialog (VBA FromPrevious); this
fills the cells that carry over (generator/carry_forward.py) into this book, only where they are
empty: a filled cell is never overwritten, it is listed instead.
"""
from __future__ import annotations

from pathlib import Path

import xlwings as xw

from addin.macros import BookCells, MacroError, _alert, _guard, _safe_text
from generator.cross_year import same_source
from generator.layout import meta_id

ACTION = "从上年年报填入"
WORKBOOKS = (".xlsx", ".xlsm", ".xltx", ".xltm")


def read_previous(path: Path):
    """Last year's report from its workbook, its JSON export, or the published document."""
    if not path.exists():
        raise MacroError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        from generator.workbook_read import read_workbook
        return read_workbook(path)
    if suffix == ".json":
        from generator.report import Report
        return Report.load_json(path)
    from generator.importer import import_path
    return import_path(path).report


def carried_writes(cells: BookCells, prev) -> tuple[dict[str, object], list[str], str]:
    """id -> value to write into this book, what they are (Chinese lines) and last year's name."""
    from generator.carry_forward import carry_forward
    year = cells.get(meta_id("year"))
    year = int(year) if isinstance(year, (int, float)) or str(year or "").isdigit() else None
    carried = carry_forward(prev, year, cells.version)
    report = carried.report
    writes = {meta_id(k): v for k, v in report.meta.items() if k not in ("format",)}
    writes.update(report.cells)
    writes = {k: v for k, v in writes.items() if cells.place(k) is not None and not _derived(cells, k)}
    return writes, carried.filled, carried.source


def _identity(cells: BookCells):
    """This book's agency and year as a Report (all that same_source compares), as filled now."""
    from generator.report import Report
    return Report(cells.version, {k: cells.get(meta_id(k)) for k in ("agency", "year")})


def _as_written(item_id: str, value):
    """Postcode and phone stay text even in a cell formatted as a number (leading apostrophe)."""
    if item_id in (meta_id("postcode"), meta_id("phone")) and str(value)[:1].isdigit():
        return "'" + str(value)
    return _safe_text(value)


def _derived(cells: BookCells, item_id: str) -> bool:
    cell = cells.fmt.cells.get(item_id)
    return bool(cell and cell.derived)


@_guard(ACTION)
def from_previous(book, path: str):
    cells = BookCells(book)
    prev = read_previous(Path(path))
    writes, filled, source = carried_writes(cells, prev)
    kept = {k: v for k, v in writes.items() if cells.get(k) is not None and str(cells.get(k)) != str(v)}
    todo = {k: v for k, v in writes.items() if cells.get(k) is None}
    if not todo and not kept:
        raise MacroError(f"“{Path(path).name}”（{source}）中没有可以沿用的数字和基本信息。")
    for k, v in todo.items():
        cells.range(k).value = _as_written(k, v)
    lines = "\n".join(f"  {line}" for line in filled)
    note = "".join(f"\n注意：{why}，请确认选择的文件。" for _, why in same_source(_identity(cells), prev))
    if kept:
        listed = "、".join(cells.address(k) for k in list(kept)[:8]) + ("等" if len(kept) > 8 else "")
        note += f"\n{len(kept)} 个单元格已填写其他内容，未改动：{listed}。"
    _alert(book, f"已由“{Path(path).name}”（{source}）填入 {len(todo)} 个单元格：\n{lines}{note}\n"
                 "正文未沿用上年的文字（年度报告不得年年雷同），请按本年度情况填写。", ACTION)
    return todo


def from_previous_classic(hex_path: str):
    path = "".join(chr(int(hex_path[i:i + 4], 16)) for i in range(0, len(hex_path), 4))
    from_previous(xw.Book.caller(), path)
