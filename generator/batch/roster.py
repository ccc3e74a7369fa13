"""The list of units that must file (--roster 名单.xlsx|.csv), and what the folder says against it.

The list: the first sheet of an .xlsx, or a .csv (UTF-8, or GB18030 as Excel saves it in China).
Its header row names a column 单位名称 (or 单位, 机关名称, 名称); an optional column 别名 holds other
names of the unit, separated by 、 ， ; or spaces. Without such a header the first column is the list.

A report's unit is the roster's unit when
1. their names, normalised (names.normalise: full/half width, brackets, spaces and punctuation,
   a final 人民政府/政府), are equal, or equal to one of the roster's aliases; else
2. one normalised name ends with the other, the shorter has at least four characters, and exactly
   one roster unit matches that way (「宁波市鄞州区教育局」 and 「鄞州区教育局」).
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .names import normalise

NAME_HEADERS = ("单位名称", "单位", "机关名称", "名称", "单位全称")
ALIAS_HEADERS = ("别名", "其他名称", "简称")
_ALIAS_SPLIT = re.compile(r"[、，,;；\s]+")
MIN_SUFFIX = 4

MISSING, NOT_LISTED, TWICE, OTHER_YEAR, RENAMED = "未报送", "不在名单", "重复报送", "年度不符", "名称不一致"


class RosterError(Exception):
    """The roster cannot be read; the message is Chinese."""


@dataclass
class Unit:
    name: str
    aliases: tuple[str, ...] = ()
    keys: set[str] = field(default_factory=set)


def load(path: str | Path) -> list[Unit]:
    p = Path(path)
    if not p.exists():
        raise RosterError(f"找不到名单文件：{p}")
    rows = _rows(p)
    units = _units(rows, p.name)
    if not units:
        raise RosterError(f"{p.name}：名单中没有单位名称（应有一列“单位名称”，每行一个单位）")
    return units


def _rows(p: Path) -> list[list[str]]:
    suffix = p.suffix.lower()
    if suffix == ".csv":
        data = p.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RosterError(f"{p.name}：无法识别文件编码（应为 UTF-8 或 GB18030）")
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if suffix in (".xlsx", ".xlsm"):
        from ..errors import ReportError
        from ..workbook_read import open_workbook
        try:
            wb = open_workbook(p, read_only=True)
        except ReportError as e:
            raise RosterError(f"名单文件无法读取：{e}") from None
        try:
            ws = wb.worksheets[0]
            return [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    raise RosterError(f"{p.name}：名单应为 .xlsx 或 .csv 文件（旧版 .xls 请另存为 .xlsx）")


def _units(rows: list[list[str]], name: str) -> list[Unit]:
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = [normalise(c) for c in rows[0]]
    col = next((header.index(h) for h in NAME_HEADERS if h in header), None)
    alias_col = next((header.index(h) for h in ALIAS_HEADERS if h in header), None)
    body = rows[1:] if col is not None else rows
    col = col or 0
    units, seen = [], set()
    for r in body:
        unit_name = r[col] if col < len(r) else ""
        if not unit_name or normalise(unit_name) in seen:
            continue
        aliases = tuple(a for a in _ALIAS_SPLIT.split(r[alias_col]) if a) if alias_col is not None and alias_col < len(r) else ()
        u = Unit(unit_name, aliases, {normalise(unit_name)} | {normalise(a) for a in aliases})
        seen.add(normalise(unit_name))
        units.append(u)
    return units


def match(unit: str | None, roster: list[Unit]) -> tuple[Unit | None, str]:
    """The roster unit a report's unit is (rule in the module docstring), and how it was matched."""
    if not unit:
        return None, ""
    key = normalise(unit)
    exact = [u for u in roster if key in u.keys]
    if exact:
        return exact[0], "" if normalise(exact[0].name) == key else f"按别名匹配名单中的“{exact[0].name}”"
    if len(key) >= MIN_SUFFIX:
        hits = [u for u in roster if any(_suffix(key, k) for k in u.keys)]
        if len(hits) == 1:
            return hits[0], f"按名称后缀匹配名单中的“{hits[0].name}”"
    return None, ""


def _suffix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_SUFFIX and long.endswith(short)


def batch_year(results, year: int | None) -> int | None:
    """The year being checked: --year, else the year most reports have (the latest of a tie)."""
    if year is not None:
        return year
    counts = Counter(r.year for r in results if r.ok and r.year is not None)
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, n in counts.items() if n == top)


def compare(results, roster: list[Unit], year: int | None) -> list[dict]:
    """Rows of the 未报送 sheet: who has not filed for `year`, reports not on the list, units with
    two reports for the year, and reports of another year."""
    filed: dict[int, list] = {}
    rows = []
    for r in results:
        if not r.ok:
            continue
        unit, how = match(r.unit, roster)
        if r.year is not None and year is not None and r.year != year:
            rows.append(_row(OTHER_YEAR, r.unit, unit, r.year, [r.rel],
                             f"报告年度为 {r.year}，本次核查 {year} 年度"))
            continue
        if unit is None:
            why = "未能识别报告的单位" if not r.unit else "名单中没有这个单位（名称不同时可在名单中加“别名”列）"
            rows.append(_row(NOT_LISTED, r.unit, None, r.year, [r.rel], why))
            continue
        filed.setdefault(id(unit), []).append((r, how))
    for u in roster:
        got = filed.get(id(u))
        if not got:
            rows.append(_row(MISSING, None, u, year, [], f"文件夹中没有该单位 {year or ''} 年度的报告"))
        elif len(got) > 1:
            rows.append(_row(TWICE, got[0][0].unit, u, year, [r.rel for r, _ in got],
                             f"同一年度有 {len(got)} 份不同的报告，请确认以哪一份为准"))
        else:
            r, how = got[0]
            if how:
                rows.append(_row(RENAMED, r.unit, u, year, [r.rel], how))
    return rows


def _row(case: str, unit: str | None, listed: Unit | None, year, files: list[str], note: str) -> dict:
    return {"case": case, "unit": unit, "listed": listed.name if listed else None, "year": year,
            "files": "\n".join(files) or None, "note": note}
