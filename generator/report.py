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
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportError  # noqa: F401  (re-exported: part of this module's API)
from .model import META_FIELDS, TEXT_FIELDS, VERSIONS, get_format

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
        except (TypeError, ValueError):
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
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, d: object, where: str = "JSON") -> "Report":
        if not isinstance(d, dict):
            raise ReportError(f"{where}：顶层应为对象（{{...}}）")
        fmt = str(d.get("format", ""))
        if fmt not in VERSIONS:
            raise ReportError(f"{where}：“format”应为 2021 或 2019，实际为“{d.get('format')}”")
        spec = get_format(fmt)
        meta, text, cells = d.get("meta", {}), d.get("text", {}), d.get("cells", {})
        for key, value in (("meta", meta), ("text", text), ("cells", cells)):
            if not isinstance(value, dict):
                raise ReportError(f"{where}：“{key}”应为对象")
        known_meta = {f.id for f in META_FIELDS}
        known_text = {f.id for f in TEXT_FIELDS}
        for key in meta:
            if key not in known_meta:
                raise ReportError(f"{where}：未知的基本信息字段“meta.{key}”")
        for key in text:
            if key not in known_text:
                raise ReportError(f"{where}：未知的正文字段“text.{key}”")
        for key, value in cells.items():
            if key not in spec.cells:
                raise ReportError(f"{where}：{fmt} 格式中没有单元格“{key}”")
            if value is not None and not isinstance(value, (int, float, str)) or isinstance(value, bool):
                raise ReportError(f"{where}：单元格“{key}”的值应为数字、字符串或 null")
        prov = {}
        for key, s in (d.get("provenance") or {}).items():
            if isinstance(s, dict):
                prov[key] = (s.get("line"), str(s.get("text", "")))
        sections = d.get("sections_present")
        # A derived cell left out of the JSON is computed like the workbook formula; one given
        # (even as null) is kept as stated, so a report as published is checked as published.
        cells = computed_totals(spec, dict(cells), only_missing=True)
        return cls(fmt, dict(meta), {k: str(v) for k, v in text.items()}, cells, prov,
                   tuple(sections) if isinstance(sections, list) else None)

    @classmethod
    def load_json(cls, path: str | Path) -> "Report":
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ReportError(f"找不到文件：{p}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ReportError(f"{p.name} 不是有效的 JSON 文件：{e}") from None
        return cls.from_dict(data, p.name)
