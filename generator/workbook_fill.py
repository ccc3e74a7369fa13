"""Write a `Report` into an existing workbook (through its defined names), and export a Report as JSON.

Filling never overwrites a non-empty cell with a different value unless asked (`force`): without
it, any conflict leaves the file untouched and the conflicts are returned. Derived cells are
formulas and are never written. Saves are atomic; an .xlsm keeps its VBA project.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_path
from .cell_rules import as_written, year_value
from .layout import meta_id
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


def atomic_save(wb, path: Path) -> None:
    with atomic_path(path) as tmp:
        wb.save(tmp)


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


def fill_workbook(path, report: Report, force: bool = False, dry_run: bool = False) -> list[Change]:
    """Write `report` into the workbook at `path`; return the changes (conflicts have `.conflict`).

    Nothing is written when `dry_run`, or when a cell would be overwritten and not `force`.
    """
    from openpyxl.cell.cell import TYPE_STRING

    from .workbook_read import detect_version, open_workbook, resolve_names

    path = Path(path)
    xlsm = path.suffix.lower() == ".xlsm"
    wb = open_workbook(path, read_only=False, keep_vba=xlsm, data_only=False)  # keep the formulas
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
    if dry_run or not changes or (any(c.conflict for c in changes) and not force):
        return changes
    for c in changes:
        sheet, row, col = where[c.id]
        cell = wb[sheet].cell(row, col)
        cell.value = c.new
        if isinstance(c.new, str):
            cell.data_type = TYPE_STRING  # text starting with = + - @ stays text, never a formula
    atomic_save(wb, path)
    return changes


def export_json(report: Report, path) -> Path:
    """Write the report as JSON (schema xxgk-report/1), atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(report.to_json() + "\n", encoding="utf-8")
    return path
