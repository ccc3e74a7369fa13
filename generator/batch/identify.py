"""Who filed a report, for which year, and whether it is a region's 汇总 — from the report's own
title and text (or a workbook's 基本信息), never from the file name.

The unit and the year are what the importer read from the title (report.meta, the title's line in
report.provenance); when the title names no unit, the opening sentence is searched for
「……2023年宁波市公安局鄞州分局政府信息公开工作年度报告」.

The kind is 汇总 (a region's report, which adds up its departments and lower governments) when
1. the title says 汇总 or 本级政府; or
2. the unit is a region: its name, less a final 人民政府/政府/管委会, ends with 省 市 区 县 旗 州 盟
   (自治区, 自治州, 自治县, 新区, 实验区 included) — 「平潭综合实验区」, 「某某市人民政府」; a department
   (…局, …委员会, …办公室, …中心) or a 乡镇/街道 is not; or
3. the opening or the overview says 汇总 or 本级政府 (「本报告由区政务公开办汇总编制」).
Otherwise it is 本机关. 「全市」「全区」 alone decide nothing: departments write them too
(「全市县级公安机关」 in 宁波市公安局's own report).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import meta_id
from ..nfkc import nfkc
from .names import normalise

OWN, SUMMARY = "本机关", "汇总"
_SUMMARY_WORDS = ("汇总", "本级政府")
_REGION_END = re.compile(r"(?:省|市|区|县|旗|州|盟)$")
_GOVERNMENT_END = re.compile(r"(?:人民政府|政府|管委会)$")
_IN_TEXT = re.compile(r"(?:19|20)\d{2}\s*年度?\s*(?P<unit>[^\s，,。；;、：:“”《》()（）]{2,40}?)\s*政府信息公开工作\s*年度\s*报告")


@dataclass
class Identity:
    unit: str | None
    year: int | None
    kind: str
    unit_note: str          # where the unit was found, or that it was not
    year_note: str
    kind_note: str

    @property
    def note(self) -> str:
        return "；".join(n for n in (self.unit_note, self.year_note, self.kind_note) if n)


def identify(report, workbook: bool = False) -> Identity:
    title = _title(report)
    unit, unit_note = _unit(report, title, workbook)
    year, year_note = _year(report, workbook)
    kind, kind_note = kind_of(unit, title, report.text)
    return Identity(unit, year, kind, unit_note, year_note, kind_note)


def _title(report) -> str:
    src = report.provenance.get(meta_id("agency")) or report.provenance.get(meta_id("year"))
    return src[1] if src else ""


def _unit(report, title: str, workbook: bool) -> tuple[str | None, str]:
    agency = str(report.meta.get("agency") or "").strip()
    if agency:
        return agency, ""
    for fid in ("opening", "s1.overview"):
        m = _IN_TEXT.search(nfkc(report.text.get(fid) or ""))
        if m:
            return m["unit"], "标题中没有单位名称，单位取自正文开头"
    where = "工作簿“基本信息”没有填写机关名称" if workbook else "标题和正文开头都没有写明机关名称"
    return None, f"未能识别单位：{where}"


def _year(report, workbook: bool) -> tuple[int | None, str]:
    if report.year is not None:
        return report.year, ""
    where = "工作簿“基本信息”没有填写报告年度" if workbook else "标题和统计期限中都没有写明报告年度"
    return None, f"未能识别年度：{where}"


def kind_of(unit: str | None, title: str, text: dict) -> tuple[str, str]:
    """(本机关 | 汇总, why) by the rule in the module docstring."""
    t = nfkc(title)
    for w in _SUMMARY_WORDS:
        if w in t:
            return SUMMARY, f"标题含“{w}”，按汇总报告核查"
    if unit:
        bare = _GOVERNMENT_END.sub("", normalise(unit))
        if bare and _REGION_END.search(bare):
            return SUMMARY, f"“{unit}”是地区，按汇总报告核查"
    for fid in ("opening", "s1.overview"):
        body = text.get(fid) or ""
        for w in _SUMMARY_WORDS:
            if w in body:
                return SUMMARY, f"正文开头写有“{w}”，按汇总报告核查"
    return OWN, ""
