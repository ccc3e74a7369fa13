"""One file, in a worker process: read or import it, check it, identify it, and return a small
picklable `FileResult`. Nothing a file holds can end the batch: any failure is the file's row."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..commands.common import WORKBOOK_SUFFIXES
from ..errors import ReportError
from ..sheet_rows import DEFAULT_DEADLINE
from .identify import SUMMARY, identify
from .names import normalise
from .results import UNREADABLE, FileResult, Item

SUMMARY_DEADLINE = "03-31"   # 条例第四十九条: the 本级政府 report is published by 31 March
CROSS_YEAR = ("Y0", "Y1", "Y2", "Y3", "S8")   # the checker's rules that need last year's report
_LEGACY_FORMS = {".doc": "旧版 Word", ".wps": "WPS 文字", ".rtf": "RTF", ".odt": "ODT"}


@dataclass
class Settings:
    deadline: str = DEFAULT_DEADLINE
    summary_deadline: str = SUMMARY_DEADLINE
    # previous year's reports: unit key -> {year: (compact report, file)}
    previous: dict = field(default_factory=dict)


_settings = Settings()


def init(settings: Settings) -> None:
    """Pool initializer: the settings every task of the batch shares, sent once per worker."""
    global _settings
    _settings = settings


def form_of(path: Path) -> str:
    from ..importer.readers import READERS
    s = path.suffix.lower()
    if s in WORKBOOK_SUFFIXES:
        return "工作簿"
    if s in _LEGACY_FORMS:
        return _LEGACY_FORMS[s]
    return next((r.form for r in READERS if s in r.suffixes), s.lstrip(".").upper() or "无扩展名")


def process(task: tuple[str, str, str, int]) -> FileResult:
    path, rel, sha, size = task
    p = Path(path)
    res = FileResult(rel, sha, size, form_of(p))
    try:
        _process(p, res)
    except ReportError as e:          # the importer's and the workbook reader's Chinese messages
        res.status, res.error = UNREADABLE, str(e)
    except MemoryError:
        res.status, res.error = UNREADABLE, "文件过大，内存不足，未能读取"
    except Exception as e:  # noqa: BLE001 - a bug must not end the batch: the row says so
        res.status = UNREADABLE
        res.error = (f"处理该文件时程序内部出错（{type(e).__name__}：{e}），其他文件照常核查；"
                     f"请把该文件发给维护人员")
    if not res.ok:
        res.items, res.report = [], None
    return res


def _process(p: Path, res: FileResult) -> None:
    from ..checker import check
    workbook = p.suffix.lower() in WORKBOOK_SUFFIXES
    if workbook:
        from ..workbook_read import read_workbook
        report, findings = read_workbook(p), None
    else:
        from ..importer import import_path
        imported = import_path(p)
        report, findings = imported.report, imported.findings
    who = identify(report, workbook)
    res.unit, res.year, res.kind, res.format = who.unit, who.year, who.kind, report.format
    res.identity_note = who.note
    deadline = _settings.summary_deadline if who.kind == SUMMARY else _settings.deadline
    prev, prev_file = _previous(who.unit, who.year)
    if findings is None:
        findings = check(report, prev, deadline)
    elif prev is not None or deadline != DEFAULT_DEADLINE:
        # the import checked with the default deadline and no previous report: redo those rules
        extra = [f for f in check(report, prev, deadline) if f.rule in CROSS_YEAR or f.rule == "P1"]
        findings = [f for f in findings if f.rule != "P1"] + extra
    if _settings.previous and prev is None:
        res.notes.append("上年年报中没有找到该单位上一年度的报告，未做跨年度核对")
    if prev is not None:
        res.previous_file = prev_file
        res.copied_from_previous = _copied(report, prev, findings)
    res.items = items_of(findings, report, who.unit, who.year, sha=res.sha256, workbook=workbook)
    res.report = compact(report)
    from .similar import prepare
    res.texts = prepare(report.text, who.unit, who.year)


def _previous(unit, year):
    if not _settings.previous or not unit or year is None:
        return None, None
    hit = _settings.previous.get(normalise(unit), {}).get(year - 1)
    if hit is None:
        return None, None
    return report_of(hit[0]), hit[1]


def _copied(report, prev, findings) -> list[tuple[str, float]]:
    """(text field, ratio) of every section S8 found copied from last year, by S8's own measure."""
    from .similar import previous_ratio
    return [(f.cells[0], previous_ratio(report, prev, f.cells[0])) for f in findings if f.rule == "S8" and f.cells]


def unit_key(unit: str | None, sha: str) -> str:
    return normalise(unit) if unit else f"文件{sha[:12]}"


def items_of(findings, report, unit, year, sha: str = "", workbook: bool = False) -> list[Item]:
    """The findings as 台账 rows, each with its fingerprint and the hash of the values it reads."""
    key = unit_key(unit, sha)
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        what = ",".join(f.cells) if f.cells else f.message
        fp = _digest(f"{key}|{year}|{f.rule}|{what}")
        seen[fp] = n = seen.get(fp, 0) + 1
        if n > 1:       # the same rule twice on the same cells: told apart by order
            fp = f"{fp}#{n}"
        out.append(Item(f.rule, f.severity, f.message, tuple(f.cells), where_of(f, report, workbook), f.undecided, fp,
                        _values_hash(f, report)))
    return out


def where_of(f, report, workbook: bool) -> str:
    """A workbook's cells (表三!D12); a published report's lines (原文第96行), or for what it does
    not show, the item in words (基本信息“联系电话”): its reader has the document, not a workbook."""
    if workbook:
        return _some(list(f.where))
    lines = sorted({s[0] for c in f.cells if (s := report.provenance.get(c)) and s[0]})
    if lines:
        return "原文" + _some([f"第{n}行" for n in lines])
    from ..workbook_read import item_title
    return _some([item_title(report.format, c) for c in f.cells if _known(report.format, c)])


def _some(parts: list[str], n: int = 4) -> str:
    return "、".join(parts[:n]) + ("等" if len(parts) > n else "")


def _known(version: str, item_id: str) -> bool:
    from ..finding import where_map
    return item_id in where_map(version)


def _values_hash(f, report) -> str:
    if not f.cells:
        return _digest(f.message)
    values = [[c, value_of(report, c)] for c in f.cells]
    return _digest(json.dumps(values, ensure_ascii=False, default=str))


def value_of(report, item_id: str):
    if item_id.startswith("meta."):
        return report.meta.get(item_id[5:])
    if item_id in report.cells:
        return report.cells[item_id]
    return report.text.get(item_id)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def compact(report) -> dict:
    return {"format": report.format, "meta": dict(report.meta), "text": dict(report.text),
            "cells": dict(report.cells), "lines": {k: s[0] for k, s in report.provenance.items() if s[0]},
            "sections": list(report.sections_present) if report.sections_present is not None else None}


def report_of(d: dict):
    """A `Report` again from `compact` (provenance keeps the lines only)."""
    from ..report import Report
    sections = d.get("sections")
    return Report(d["format"], dict(d["meta"]), dict(d["text"]), dict(d["cells"]),
                  {k: (n, "") for k, n in (d.get("lines") or {}).items()},
                  tuple(sections) if sections is not None else None)
