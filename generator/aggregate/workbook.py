"""Write the 汇总 workbook: the template of its format filled with the summed cells (totals stay
formulas), plus the 来源 sheet; one atomic write, so a failed run leaves no half-made file."""
from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_path
from ..model import get_format
from ..report import Report, computed_totals
from .sources import add_sources_sheet, source_rows
from .sum import Summed


def summary_report(summed: Summed, agency: str, year: int | None) -> Report:
    """The 汇总 as a Report: its agency and year, the summed cells, no narrative (the clerk's)."""
    fmt = get_format(summed.version)
    cells = {cid: summed.cells.get(cid) for cid in fmt.input_ids()}
    meta = {"agency": agency, "year": year, "format": summed.version}
    return Report(summed.version, meta, {}, computed_totals(fmt, cells))


def sources_title(summed: Summed, agency: str, year: int | None) -> str:
    return (f"来源：{agency}{year or ''}年度汇总，每个单元格由以下 {len(summed.units)} 个单位的年报相加"
            "（有单位空白、填“/”或文字的单元格留空，不按 0 计算）")


def write_summary(path, summed: Summed, agency: str, year: int | None, replace: bool = True) -> Path:
    """The workbook at `path` (.xlsx, or .xlsm with the buttons and ribbon). `replace=False`: a file
    that appeared at `path` meanwhile is kept (atomic.OutputExists)."""
    from ..workbook_write import build_workbook
    path = Path(path)
    report = summary_report(summed, agency, year)
    with atomic_path(path, replace=replace) as tmp:
        build_workbook(tmp, summed.version, report=report, macros=path.suffix.lower() == ".xlsm")
        add_sources_sheet(tmp, source_rows(summed, sources_title(summed, agency, year)))
    return path
