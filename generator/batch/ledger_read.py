"""Read back a 台账 this tool wrote: the verdict rows of 问题清单 and 雷同 (for a re-run), and the
reports of 数据 and 正文存档 (when last year's 台账 is given as --previous-year)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReportError
from .ledger import MARK
from .sheets import DATA, FINDING_COLS, FINDINGS, SIMILAR, SIMILAR_COLS, TEXTS, Col


class LedgerError(Exception):
    """The 台账 cannot be used; the message is Chinese (exit code 2)."""


def is_ours(path: Path) -> bool:
    """The workbook's subject is MARK (read from docProps/core.xml without loading the sheets)."""
    import zipfile
    from defusedxml import ElementTree
    try:
        with zipfile.ZipFile(path) as z:
            root = ElementTree.fromstring(z.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return False
    subject = root.find("{http://purl.org/dc/elements/1.1/}subject")
    return subject is not None and (subject.text or "").strip() == MARK


def _open(path: Path):
    from ..workbook_read import open_workbook
    if not is_ours(path):
        raise LedgerError(f"“{path.name}”不是 xxgk batch 生成的核查台账，为免覆盖您的文件，未写入。"
                          f"请用 -o 指定另一个文件名")
    try:
        return open_workbook(path, read_only=True)
    except ReportError as e:
        raise LedgerError(f"原台账无法读取，未写入：{e}") from None


def _rows(wb, sheet: str, columns: list[Col], header_rows: int = 1, required=("fingerprint",)) -> list[dict]:
    if sheet not in wb.sheetnames:
        return []
    it = wb[sheet].iter_rows(values_only=True)
    header = next(it, None) or ()
    for _ in range(header_rows - 1):
        next(it, None)
    by_header = {c.header: c.key for c in columns}
    index = {by_header[h]: j for j, h in enumerate(header) if h in by_header}
    missing = [c.header for c in columns if c.key in required and c.key not in index]
    if missing:
        raise LedgerError(f"原台账“{sheet}”表缺少“{'”“'.join(missing)}”列（隐藏列被删除？），无法保留复核结论，"
                          f"未写入。请恢复该列，或用 -o 另存为新台账")
    out = []
    for values in it:
        if values is None or all(v is None for v in values):
            continue
        out.append({k: (values[j] if j < len(values) else None) for k, j in index.items()})
    return out


def old_verdicts(path: Path) -> tuple[list[dict], list[dict], list[str]]:
    """(问题清单 rows, 雷同 rows, sheets the user added) of the 台账 at `path`."""
    wb = _open(path)
    try:
        findings = _rows(wb, FINDINGS, FINDING_COLS)
        similar = _rows(wb, SIMILAR, SIMILAR_COLS)
        from .sheets import ROSTER, SUMMARY
        ours = {SUMMARY, FINDINGS, DATA, ROSTER, SIMILAR, TEXTS}
        added = [s for s in wb.sheetnames if s not in ours]
    finally:
        wb.close()
    return findings, similar, added


def previous_reports(path: Path) -> list[tuple[dict, str, str | None]]:
    """(compact report, file, unit) of every report of a 台账's 数据 and 正文存档 sheets."""
    from ..model import TEXT_FIELDS, VERSIONS, get_format
    wb = _open(path)
    try:
        from .sheets import data_columns, texts_columns
        data = _sheet_dicts(wb, DATA, 2, data_columns())
        texts = {(r.get("file")): r for r in _sheet_dicts(wb, TEXTS, 1, texts_columns())}
    finally:
        wb.close()
    out = []
    for row in data:
        fmt = str(row.get("format") or "")
        if fmt not in VERSIONS:
            continue
        cells = {c: row.get(c) for c in get_format(fmt).cells}
        t = texts.get(row.get("file"), {})
        text = {f.id: str(t[f.id]) for f in TEXT_FIELDS if t.get(f.id)}
        year = row.get("year")
        meta = {"agency": row.get("unit"), "year": int(year) if isinstance(year, (int, float)) else year, "format": fmt}
        out.append(({"format": fmt, "meta": meta, "text": text, "cells": cells, "lines": {}, "sections": None},
                    str(row.get("file")), row.get("unit")))
    return out


def _sheet_dicts(wb, sheet: str, header_rows: int, columns: list[Col]) -> list[dict]:
    """Rows of a sheet as dicts by column key (the first header row names the columns)."""
    if sheet not in wb.sheetnames:
        return []
    it = wb[sheet].iter_rows(values_only=True)
    by_header = {c.header: c.key for c in columns}
    keys = [by_header.get(h, h) for h in (next(it, None) or ())]
    for _ in range(header_rows - 1):
        next(it, None)
    return [dict(zip(keys, values)) for values in it if values and any(v is not None for v in values)]
