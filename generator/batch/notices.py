"""整改通知: one .docx per unit listing its findings that the reviewers did not mark 不是问题,
with where each is, what the rule requires, and the deadline (--due).

The document is the report's own Word template (templates/report.docx, GB/T 9704: A4, margins,
仿宋 body, 黑体 headings, page numbers "— 1 —") emptied of its content, and its tables are built
with the report's table helper, so that notices and reports look alike and are styled in one place.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from ..atomic import atomic_path
from ..render.build_docx_tables import _Table
from .names import normalise
from .verdicts import dismissed

NUMERALS = "一二三四五六七八九十"
_FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_WIDTHS = [10, 16, 28, 62, 40]         # mm: 序号 级别 位置 问题 整改要求 (the text block is 156 mm)
_SIMILAR_WIDTHS = [10, 52, 64, 30]


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def by_unit(finding_rows: list[dict], similar_rows: list[dict]) -> dict[str, dict]:
    """unit key -> {"unit", "findings", "similar"}: the rows a notice lists."""
    out: dict[str, dict] = {}
    for key, rows in (("findings", finding_rows), ("similar", similar_rows)):
        for row in rows:
            if not row.get("unit") or dismissed(row) or (key == "similar" and row.get("kind") != "单位之间"):
                continue
            u = out.setdefault(normalise(row["unit"]), {"unit": row["unit"], "findings": [], "similar": []})
            u[key].append(row)
    return {k: v for k, v in out.items() if v["findings"] or v["similar"]}


def file_name(unit: str) -> str:
    return f"整改通知_{_FILE_UNSAFE.sub('_', unit).strip('_.')[:60]}.docx"


def write_notices(folder: Path, units: dict[str, dict], due: dt.date, issuer: str | None,
                  force: bool, today: dt.date | None = None) -> tuple[list[Path], list[Path]]:
    """(written, left as they were because they exist and `force` is not given)."""
    folder.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for u in sorted(units.values(), key=lambda u: u["unit"]):
        path = folder / file_name(u["unit"])
        if path.exists() and not force:
            kept.append(path)
            continue
        doc = build(u, due, issuer, today or dt.date.today())
        with atomic_path(path) as tmp:
            doc.save(str(tmp))
        written.append(path)
    return written, kept


def _blank_template():
    from importlib.resources import files

    from docx import Document
    doc = Document(io.BytesIO(files("generator.templates").joinpath("report.docx").read_bytes()))
    body = doc.element.body
    for el in list(body):
        if not el.tag.endswith("}sectPr"):
            body.remove(el)
    sec = doc.sections[0]
    for header in (sec.header, sec.even_page_header):
        for p in header.paragraphs:
            p.text = ""           # the report's draft banner
    return doc


def build(unit: dict, due: dt.date, issuer: str | None, today: dt.date):
    doc = _blank_template()
    name = unit["unit"]
    doc.add_paragraph(f"关于{name}政府信息公开工作年度报告问题的整改通知", style="报告标题")
    head = doc.add_paragraph(f"{name}：", style="Normal")
    from docx.shared import Pt
    head.paragraph_format.first_line_indent = Pt(0)     # 主送机关 starts at the margin (GB/T 9704 7.2.3)
    reports = _reports(unit["findings"])
    doc.add_paragraph(_opening(reports, unit["similar"], due), style="Normal")
    n = 0
    for (year, file), rows in reports.items():
        doc.add_paragraph(f"{NUMERALS[n % 10]}、{year or '年度不详'}年度报告（{file}）", style="一级标题")
        _findings_table(doc, rows)
        n += 1
    if unit["similar"]:
        doc.add_paragraph(f"{NUMERALS[n % 10]}、与其他单位报告雷同的内容", style="一级标题")
        _similar_table(doc, unit["similar"])
    doc.add_paragraph("级别说明：“错误”必须改正；“警告”请逐项核实，确有问题的改正；“提示”和“无法判断”"
                      "请补齐空白、核对原文。确属填报无误的事项，请在报送整改情况时一并说明。", style="Normal")
    doc.add_paragraph("", style="Normal")
    doc.add_paragraph(issuer or "（发文单位）", style="落款")
    doc.add_paragraph(chinese_date(today), style="落款")
    core = doc.core_properties
    core.title, core.subject = f"{name}整改通知", "政府信息公开工作年度报告整改通知"
    core.author = core.last_modified_by = issuer or "xxgk batch"
    core.comments = ""
    return doc


def _reports(rows: list[dict]) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for r in rows:
        out.setdefault((r.get("year"), r.get("file")), []).append(r)
    return out


def _opening(reports: dict, similar: list[dict], due: dt.date) -> str:
    rows = [r for rs in reports.values() for r in rs]
    counts = {s: sum(1 for r in rows if _level(r) == s) for s in ("错误", "警告", "提示", "无法判断")}
    parts = "、".join(f"{s}{n}项" for s, n in counts.items() if n)
    years = "、".join(sorted({f"{y}年度" for (y, _) in reports if y})) or "本年度"
    what = f"存在以下问题，共{len(rows)}项（{parts}）" if rows else "存在以下问题"
    extra = f"另有{len(similar)}处内容与其他单位的报告雷同。" if similar else ""
    return (f"经核查，你单位{years}政府信息公开工作年度报告{what}。{extra}请逐项核实整改，于{chinese_date(due)}前"
            f"改正并重新发布，并将整改情况报送我单位。")


def _level(row: dict) -> str:
    return "无法判断" if row.get("undecided") else row.get("severity") or ""


def _findings_table(doc, rows: list[dict]) -> None:
    t = _Table(doc, _WIDTHS, "表格文字", 1)
    t.row([(h, 1) for h in ("序号", "级别", "位置", "问题", "整改要求")], head=True)
    for n, r in enumerate(rows, 1):
        verdict = "（复核：已整改）" if r.get("verdict") == "已整改" else ""
        t.row([(str(n), 1, None, "center"), (_level(r), 1, None, "center"),
               (r.get("where") or "—", 1, None, "left"),
               (f"{r.get('rule')} {r.get('message') or ''}{verdict}", 1, None, "left"),
               (r.get("fix") or "", 1, None, "left")])
    doc.add_paragraph("", style="Normal")


def _similar_table(doc, rows: list[dict]) -> None:
    t = _Table(doc, _SIMILAR_WIDTHS, "表格文字", 1)
    t.row([(h, 1) for h in ("序号", "部分", "雷同对象", "相似度")], head=True)
    for n, r in enumerate(rows, 1):
        other = f"{r.get('other') or ''}（{r.get('other_year') or ''}年度，{r.get('other_file') or ''}）"
        t.row([(str(n), 1, None, "center"), (r.get("section") or "", 1, None, "left"), (other, 1, None, "left"),
               (f"{(r.get('similarity') or 0):.0%}", 1, None, "center")])
    doc.add_paragraph("", style="Normal")

