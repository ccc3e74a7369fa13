"""`Report`: the one value object between import, workbook, checker and renderer.

A Report holds the metadata, the narrative fields and the cell values by id, each value as it
was found (a number, None for blank, "/" or text). Values read from a published document may
include *stated* totals that differ from the computed ones; a Report read from a workbook holds
the totals its formulas compute. `provenance` says where each value came from.

JSON interchange (schema version 1), ids as in format.md:

    {"schema": "xxgk-report/1", "format": "2021",
     "meta": {"agency": "...", "year": 2024, "publish_date": "2025-01-20", ...},
     "text": {"s1.overview": "...", "s5": "...", ...},
     "cells": {"t3.new_received.natural": 23, "t2.fees.amount_wan_yuan": "1.47万元", ...},
     "provenance": {"t3.new_received.natural": {"line": 96, "text": "23"}}}
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportError  # noqa: F401  (re-exported: part of this module's API)
from .limits import MAX_FILE_BYTES, megabytes
from .model import META_FIELDS, TEXT_FIELDS, VERSIONS, get_format
from .values import length_problem, number_problem, year_problem

SCHEMA = "xxgk-report/1"


def computed_totals(fmt, cells: dict[str, object], only_missing: bool = False) -> dict[str, object]:
    """Fill the derived cells (totals) exactly as the workbook formulas compute them.

    IF(COUNT(parts)=n, SUM(parts), ""): the sum when every part holds a number, else blank
    (None) -- blank is never 0, and text such as "19万" is not a number to a spreadsheet either.
    The model lists derived cells after their parts, so one pass in order suffices. With
    `only_missing`, totals already present in `cells` (stated ones) are kept.
    """
    for cid, cell in fmt.cells.items():
        if not cell.parts or (only_missing and cid in cells):
            continue
        total = 0
        for part in cell.parts:
            v = cells.get(part)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                total = None
                break
            total += v
        cells[cid] = total
    return cells


# Where a value came from: (line in the document or None, the text found there). A plain tuple: an
# import keeps one per cell, and the importer's table cells are these pairs, so a value's
# provenance is the cell it was read from.
Source = tuple[int | None, str]


@dataclass
class Report:
    format: str
    meta: dict[str, object] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    cells: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, Source] = field(default_factory=dict)
    # Sections found in a published document (一…六); None when not known (e.g. a workbook).
    sections_present: tuple[str, ...] | None = None

    @property
    def fmt(self):
        return get_format(self.format)

    @property
    def year(self) -> int | None:
        y = self.meta.get("year")
        try:
            return int(y) if y not in (None, "") else None
        except (TypeError, ValueError, OverflowError):
            return None

    def to_dict(self) -> dict:
        d = {"schema": SCHEMA, "format": self.format, "meta": dict(self.meta), "text": dict(self.text),
             "cells": dict(self.cells)}
        if self.provenance:
            d["provenance"] = {k: {"line": s[0], "text": s[1]} for k, s in self.provenance.items()}
        if self.sections_present is not None:
            d["sections_present"] = list(self.sections_present)
        return d

    def to_json(self) -> str:
        """JSON as the standard has it: the readers let no NaN or infinity into a report."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)

    @classmethod
    def from_dict(cls, d: object, where: str = "JSON") -> "Report":
        if not isinstance(d, dict):
            raise ReportError(f"{where}：顶层应为对象（{{...}}）")
        fmt = str(d.get("format", ""))
        if fmt not in VERSIONS:
            raise ReportError(f"{where}：“format”应为 2021 或 2019，实际为“{d.get('format')}”")
        spec = get_format(fmt)
        meta, text, cells = (_object(d, key, where) for key in ("meta", "text", "cells"))
        for key, value in meta.items():
            _known(key in {f.id for f in META_FIELDS}, f"未知的基本信息字段“meta.{key}”", where)
            _scalar(value, f"meta.{key}", where)
            _check(year_problem(value) if key == "year" else "", f"“meta.{key}”：", where)
        for key, value in text.items():
            _known(key in {f.id for f in TEXT_FIELDS}, f"未知的正文字段“text.{key}”", where)
            _scalar(value, f"text.{key}", where)
        for key, value in cells.items():
            _known(key in spec.cells, f"{fmt} 格式中没有单元格“{key}”", where)
            _scalar(value, key, where, what="单元格")
            _check(number_problem(value), f"单元格“{key}”为 ", where)
        _check(length_problem([*meta.values(), *text.values(), *cells.values()]), "", where)
        prov = _provenance(d.get("provenance"), where)
        sections = _sections(d.get("sections_present"), where)
        # A derived cell left out of the JSON is computed like the workbook formula; one given
        # (even as null) is kept as stated, so a report as published is checked as published.
        cells = computed_totals(spec, dict(cells), only_missing=True)
        return cls(fmt, dict(meta), {k: str(v) for k, v in text.items() if v is not None}, cells, prov, sections)

    @classmethod
    def load_json(cls, path: str | Path) -> "Report":
        p = Path(path)
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise ReportError(f"{p.name}：文件超过 {megabytes(MAX_FILE_BYTES)}（xxgk 读取的上限，xxgk export 导出的 "
                                  f"JSON 约 30 KB），不像年报数据，拒绝读取")
            raw = p.read_text(encoding="utf-8")
            data = json.loads(raw, parse_constant=_not_a_number)
        except FileNotFoundError:
            raise ReportError(f"找不到文件：{p}") from None
        except json.JSONDecodeError as e:
            raise ReportError(f"{p.name} 不是有效的 JSON 文件：第 {e.lineno} 行第 {e.colno} 列出错（{_JSON_ERRORS.get(e.msg, e.msg)}）") from None
        except UnicodeDecodeError:
            raise ReportError(f"{p.name} 不是有效的 JSON 文件：文字编码不是 UTF-8") from None
        except _NotANumber as e:
            raise ReportError(f"{p.name}：第 {_line_of(raw, e.args[0])} 行的 {e.args[0]} 不是有效的 JSON 数字"
                              f"（JSON 只有有限的数；年报的数字应为有限的数）") from None
        except RecursionError:
            raise ReportError(f"{p.name}：JSON 的嵌套层数过多（xxgk export 导出的 JSON 只有 3 层），不像年报数据，拒绝读取") from None
        except ValueError:          # an integer of more digits than Python converts (4300)
            raise ReportError(f"{p.name}：JSON 中有位数过多的数字，不像年报数据，拒绝读取") from None
        return cls.from_dict(data, p.name)


# json's messages for the errors a hand-edited file has most often
_JSON_ERRORS = {"Expecting value": "缺少值", "Expecting ',' delimiter": "缺少逗号",
                "Expecting property name enclosed in double quotes": "键名应加双引号（或多了逗号）",
                "Expecting ':' delimiter": "缺少冒号", "Unterminated string starting at": "字符串缺少结尾的引号",
                "Extra data": "数据结束后还有多余内容", "Invalid control character at": "字符串中有控制字符"}


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity, which Python's json reads and the JSON standard has not."""


def _not_a_number(name: str):
    raise _NotANumber(name)


def _line_of(raw: str, token: str) -> int:
    """The line of the first `token` that stands as a value (after a colon, bracket or comma)."""
    m = re.search(r"[:\[,]\s*" + re.escape(token), raw)
    return raw.count("\n", 0, m.end() if m else 0) + 1


def _object(d: dict, key: str, where: str) -> dict:
    value = d.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReportError(f"{where}：“{key}”应为对象（{{...}}），实际为{_kind(value)}")
    return value


def _known(ok: bool, message: str, where: str) -> None:
    if not ok:
        raise ReportError(f"{where}：{message}")


def _check(problem: str, what: str, where: str) -> None:
    if problem:
        raise ReportError(f"{where}：{what}{problem}")


def _scalar(value: object, key: str, where: str, what: str = "字段") -> None:
    """A value a cell can hold: null, a number or text without control characters."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
        raise ReportError(f"{where}：{what}“{key}”的值应为数字、字符串或 null，实际为{_kind(value)}")
    if isinstance(value, str) and not value.isprintable():
        bad = next((i for i, c in enumerate(value) if c not in "\t\n\r" and unicodedata.category(c) == "Cc"), None)
        if bad is not None:
            raise ReportError(f"{where}：{what}“{key}”第 {bad + 1} 个字符是控制字符 U+{ord(value[bad]):04X}，不是文字，"
                              f"请删除后再读取")


def _provenance(value: object, where: str) -> dict[str, Source]:
    """{id: {"line": n or null, "text": "..."}} as (line, text) pairs."""
    out = {}
    for key, s in _object({"provenance": value}, "provenance", where).items():
        line = s.get("line") if isinstance(s, dict) else None
        text = s.get("text", "") if isinstance(s, dict) else None
        if not isinstance(text, str) or line is not None and (isinstance(line, bool) or not isinstance(line, int)
                                                             or not 0 <= line <= 10 ** 9):
            raise ReportError(f"{where}：“provenance.{key}”应为 {{\"line\": 行号或 null, \"text\": \"原文\"}}，"
                              f"实际为{_kind(s)}")
        out[key] = (line, text)
    return out


def _sections(value: object, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v in _NUMERALS for v in value):
        raise ReportError(f"{where}：“sections_present”应为一至六部分序号的列表，如 [\"一\", \"二\"]")
    return tuple(value)


_NUMERALS = "一二三四五六"


def _kind(value: object) -> str:
    """What a JSON value is, in words."""
    if value is None or isinstance(value, bool):
        return f" {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return "数字"
    return {dict: "对象", list: "列表", str: "字符串"}.get(type(value), type(value).__name__)
