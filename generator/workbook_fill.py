"""Write a `Report` into an existing workbook (through its defined names), and export a Report as JSON.

Filling never overwrites a non-empty cell with a different value unless asked (`force`): without
it, any conflict leaves the file untouched and the conflicts are returned. Derived cells are
formulas and are never written. The cells go into the workbook's own package (xlsx_cells.py):
everything else the clerk made — text boxes, comments, images, extra sheets, names, VBA — is kept
byte for byte. The read and the write hold the target's lock (locking.py); saves are atomic.
A value a cell cannot hold (cell_text.py) stops the write before anything is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_path
from .cell_rules import as_written, year_value
from .cell_text import check_fits
from .layout import SHEET_CHECKS, meta_id
from .locking import check_not_open, target_lock
from .model import META_FIELDS, TEXT_FIELDS
from .report import Report, ReportError


@dataclass(frozen=True)
class Change:
    id: str                    # cell id, 'meta.*' or text field id
    where: str                 # sheet!cell
    old: object
    new: object

    @property
    def conflict(self) -> bool:
        """The cell already holds a different, non-empty value."""
        return not _empty(self.old)


def _empty(v) -> bool:
    return v is None or isinstance(v, str) and v.strip() == ""


def _same(a, b) -> bool:
    if isinstance(a, dt.date) and isinstance(b, dt.date):   # openpyxl reads a date cell as a datetime
        return (a.date() if isinstance(a, dt.datetime) else a) == (b.date() if isinstance(b, dt.datetime) else b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return abs(a - b) < 1e-9
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return str(a) == str(b)


def _wanted(report: Report) -> dict[str, object]:
    """What the report would write: metadata, text and input cells that hold something."""
    out: dict[str, object] = {}
    for f in META_FIELDS:
        v = report.meta.get(f.id)
        if f.id != "format" and not _empty(v):
            out[meta_id(f.id)] = _meta_value(f.id, v)
    for f in TEXT_FIELDS:
        v = report.text.get(f.id)
        if not _empty(v):
            out[f.id] = str(v)
    fmt = report.fmt
    for cid in fmt.input_ids():
        v = as_written(report.cells.get(cid), fmt.cells[cid].kind)   # as build_workbook writes it
        if not _empty(v):
            out[cid] = v
    return out


def _meta_value(field: str, v):
    """A date as a date and the year as a number, which the 校验 sheet's formulas compare (P1, S4)."""
    if field == "year":
        return v if year_value(v) is None else year_value(v)
    if field == "publish_date":
        from .checker import parse_date
        return parse_date(v) or v
    return v


def fill_workbook(path, report: Report, force: bool = False, dry_run: bool = False,
                  on_wait=None) -> list[Change]:
    """Write `report` into the workbook at `path`; return the changes (conflicts have `.conflict`).

    Nothing is written when `dry_run`, or when a cell would be overwritten and not `force`.
    Another writer of the same file is waited for (`on_wait()` is called if so); ReportError
    when the wait runs out, a value does not fit a cell, or the workbook is open in Excel.
    """
    path = Path(path)
    with target_lock(path, on_wait=on_wait):
        return _fill_locked(path, report, force, dry_run)


def _fill_locked(path: Path, report: Report, force: bool, dry_run: bool) -> list[Change]:
    from .workbook_read import DATA_SHEETS, detect_version, open_workbook, resolve_names
    from .xlsx_cells import write_cells

    wb = open_workbook(path, read_only=False, data_only=False)  # formulas are not values to compare
    version = detect_version(wb, path.name)
    if version != report.format:
        raise ReportError(f"{path.name} 是 {version} 格式的工作簿，而报告数据是 {report.format} 格式，不能填入")
    wanted = _wanted(report)
    where = resolve_names(wb, version, path.name, ids=set(wanted))
    changes: list[Change] = []
    for item_id, new in wanted.items():
        sheet, row, col = where[item_id]
        old = wb[sheet].cell(row, col).value
        if not _empty(old) and _same(old, new):
            continue
        changes.append(Change(item_id, f"{sheet}!{wb[sheet].cell(row, col).coordinate}", old, new))
    check_fits(version, {c.id: c.new for c in changes})
    if dry_run or not changes or (any(c.conflict for c in changes) and not force):
        return changes
    check_not_open(path)
    values = {where[c.id]: _as_cell(wb, where[c.id], c.new) for c in changes}
    with atomic_path(path) as tmp:
        write_cells(path, tmp, values, owned=set(DATA_SHEETS) | {SHEET_CHECKS})
    return changes


def _as_cell(wb, place: tuple[str, int, int], value):
    """A date as the serial number a date cell holds; in a cell the clerk formatted otherwise, as
    text (the formats are kept as they are)."""
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils.datetime import to_excel
    if not isinstance(value, dt.date):
        return value
    sheet, row, col = place
    if is_date_format(wb[sheet].cell(row, col).number_format):
        return to_excel(value, wb.epoch)
    return value.isoformat()


def export_json(report: Report, path, replace: bool = True) -> Path:
    """Write the report as JSON (schema xxgk-report/1), atomically; `replace` as in atomic_path."""
    path = Path(path)
    with atomic_path(path, replace=replace) as tmp:
        tmp.write_text(report.to_json() + "\n", encoding="utf-8")
    return path
