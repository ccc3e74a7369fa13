"""Start this year's report from last year's (xxgk template --from, and the Excel button).

What carries over is what the definitions carry (format.md d.7), and the fixed metadata:
- 表三 上年结转 (every column) = last year's 结转下年度继续办理 (Y1);
- 2021 format: 表二 现行有效件数 starts at last year's (Y2: this year's 制发 and 废止 then change it);
- 2019 format: 表二 上一年项目数量 = last year's 上一年项目数量 + its 本年增/减 (Y3);
- no table 二 figure across the change of format, 2020 -> 2021 (Y4);
- 机关名称, address, postcode, phone, e-mail, website. Not the narrative (「不得年年雷同」) nor the date.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import META_FIELDS, TABLE_NAMES, expected_version, get_format
from .contact import meta_text
from .report import Report, ReportError
from .values import State, parse

FIXED_META = ("agency", "address", "postcode", "phone", "email", "website")
_T3_COLUMNS = ("natural", "commercial", "research", "public_welfare", "legal_service", "other_org")


@dataclass
class Carried:
    report: Report                              # this year's report, pre-filled
    filled: list[str] = field(default_factory=list)   # what was filled, in the clerk's words
    source: str = ""                            # e.g. 某局 2023年度


def _number(report: Report, cid: str):
    cell = report.fmt.cells.get(cid)
    if cell is None:
        return None
    p = parse(report.cells.get(cid), cell.kind)
    return p.number if p.state is State.NUMBER else None


def _table2(prev: Report, version: str) -> tuple[dict, str]:
    cells: dict[str, object] = {}
    if prev.format != version:
        return cells, ""
    if version == "2021":
        for row in ("regulations", "normative_docs"):
            n = _number(prev, f"t2.{row}.in_force")
            if n is not None:
                cells[f"t2.{row}.in_force"] = n
        return cells, f"{TABLE_NAMES['t2']}“现行有效件数” {len(cells)} 格（上年的数，本年有制发、废止的请相应增减）"
    for st in get_format(version).t2:
        if not any(c.id == "change" for c in st.columns):
            continue
        for row in st.rows:
            last, change = _number(prev, f"t2.{row.id}.prev_items"), _number(prev, f"t2.{row.id}.change")
            if last is not None and change is not None:
                cells[f"t2.{row.id}.prev_items"] = last + change
    return cells, f"{TABLE_NAMES['t2']}“上一年项目数量” {len(cells)} 格（上年的上一年项目数量加本年增/减）"


def carry_forward(prev: Report, year: int | None = None, version: str | None = None) -> Carried:
    """This year's report from last year's `prev`: `year` defaults to the year after prev's,
    `version` to the format of that year."""
    if year is None:
        if prev.year is None:
            raise ReportError("上年年报没有填写“报告年度”：请用 --year 指定本年度")
        year = prev.year + 1
    version = version or expected_version(year)
    fmt = get_format(version)
    meta: dict[str, object] = {"year": year, "format": version}
    for key in FIXED_META:
        value = meta_text(prev.meta, key)
        if value:
            meta[key] = value
    cells: dict[str, object] = {}
    for col in _T3_COLUMNS:
        n = _number(prev, f"t3.carried_forward.{col}")
        if n is not None and f"t3.carried_over.{col}" in fmt.cells:
            cells[f"t3.carried_over.{col}"] = n
    t2, t2_words = _table2(prev, version)
    cells.update(t2)
    labels = {f.id: f.label for f in META_FIELDS}
    filled = []
    if len(meta) > 2:
        filled.append("基本信息：" + "、".join(labels[k] for k in FIXED_META if k in meta))
    if cells.keys() - t2.keys():
        filled.append(f"{TABLE_NAMES['t3']}“上年结转” {len(cells) - len(t2)} 格（上年的“结转下年度继续办理”）")
    if t2:
        filled.append(t2_words)
    source = f"{prev.meta.get('agency') or '（未填机关名称）'} {prev.year or '？'}年度"
    return Carried(Report(version, meta, {}, cells), filled, source)

