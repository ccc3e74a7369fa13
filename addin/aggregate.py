"""The Excel ribbon button 汇总: what `xxgk aggregate` does, into the open workbook.

The clerk chooses the folder of the units' reports in a dialog (VBA Aggregate); this sums them
(generator/aggregate) for this book's format and year, writes every summed input cell (totals are
the book's formulas) and the 来源 sheet. A filled cell that the sum would change is never changed
silently: desktop Excel asks, elsewhere the cells are listed and nothing is written.
"""
from __future__ import annotations

import os
from pathlib import Path

import xlwings as xw

from addin.macros import MAX_LISTED, BookCells, MacroError, _alert, _guard, _safe_text, _same, _sheet
from generator.layout import meta_id

ACTION = "汇总"


def _year(cells: BookCells) -> int | None:
    y = cells.get(meta_id("year"))
    return int(y) if isinstance(y, (int, float)) or str(y or "").strip().isdigit() else None


def _book_file(book) -> list[Path]:
    """The book's own file (skipped when it sits in the units' folder)."""
    full = str(book.fullname or "")
    return [Path(full)] if os.path.isabs(full) and Path(full).exists() else []


def summed_writes(cells: BookCells, summed) -> dict[str, object]:
    """id -> value: every summed input cell of this book (None where the sum is left blank)."""
    from generator.aggregate.sources import listed_ids
    return {cid: summed.cells.get(cid) for cid in listed_ids(summed) if cells.place(cid) is not None}


def _conflicts(cells: BookCells, writes: dict) -> list[str]:
    return [k for k, v in writes.items() if cells.get(k) is not None and (v is None or not _same(cells.get(k), v))]


def _ask(book, message: str) -> bool:
    if getattr(getattr(book.app, "engine", None), "name", "") in ("remote", "officejs", "calamine"):
        return False        # server and Lite alerts do not return the answer
    try:
        return book.app.alert(message, ACTION, buttons="yes_no") == "yes"
    except Exception:
        return False


def _shown(v) -> str:
    return "空白" if v is None else f"“{v}”"


@_guard(ACTION)
def aggregate(book, folder: str):
    from generator.aggregate import aggregate_findings, collect, sum_units
    from generator.aggregate.sources import SHEET_SOURCES, source_rows
    from generator.aggregate.workbook import sources_title
    cells = BookCells(book)
    agency = str(cells.get(meta_id("agency")) or "").strip() or None
    collected = collect([folder], _year(cells), agency, skip=_book_file(book))
    summed = sum_units(cells.version, collected.units)
    writes = summed_writes(cells, summed)
    if _year(cells) is None and collected.year is not None:
        writes[meta_id("year")] = collected.year
    conflicts = _conflicts(cells, writes)
    if conflicts:
        listed = "\n".join(f"{cells.address(k)}：现为“{cells.get(k)}”，汇总为{_shown(writes[k])}"
                           for k in conflicts[:MAX_LISTED])
        more = f"\n……共 {len(conflicts)} 个单元格" if len(conflicts) > MAX_LISTED else ""
        question = f"下列 {len(conflicts)} 个已填写的单元格与汇总结果不同：\n{listed}{more}\n\n"
        if not _ask(book, question + "是否用汇总结果替换？"):
            raise MacroError(question + "未写入任何数据。请先清空这些单元格（或在桌面版 Excel 中确认替换）后重新汇总。")
    changed = {k: v for k, v in writes.items() if k in conflicts or cells.get(k) is None and v is not None}
    for k, v in changed.items():
        cells.range(k).value = _safe_text(v)
    rows = source_rows(summed, sources_title(summed, agency or "", collected.year))
    sheet = _sheet(book, SHEET_SOURCES)
    sheet.clear_contents()
    sheet.range((1, 1)).value = [[_safe_text(v) for v in row] for row in rows]
    _alert(book, _summary(summed, collected, aggregate_findings(summed), len(changed)), ACTION)
    return changed


def _summary(summed, collected, findings, written: int) -> str:
    lines = [f"已汇总 {len(summed.units)} 个单位的年报（{collected.year}年度），写入 {written} 个单元格；"
             f"每个单元格各单位的数值见“来源”工作表。"]
    if summed.gaps:
        lines.append(f"{len(summed.gaps)} 个单元格留空（有单位空白、填“/”、文字或格式不同），原因见“来源”工作表的“说明”列。")
    lines += [f"[{f.severity}] {f.rule} {f.message}" for f in findings[:MAX_LISTED]]
    if len(findings) > MAX_LISTED:
        lines.append(f"……共 {len(findings)} 条，命令行 xxgk aggregate 可列出全部。")
    lines += collected.notes[:MAX_LISTED]
    lines.append("“正文”请按本级情况填写，然后点击“校验”。")
    return "\n".join(lines)


def aggregate_classic(hex_path: str):
    path = "".join(chr(int(hex_path[i:i + 4], 16)) for i in range(0, len(hex_path), 4))
    aggregate(xw.Book.caller(), path)
