"""S10: the narrative's work phrases name the report's year, not last year's.

A 2024 report that says 「2023年，我局……」 or 「本报告所列数据的统计期限自2023年1月1日……」 was
written over last year's. Only a year that opens a clause and is followed by the agency doing
something counts (「2023年，我局」「2023年度本局」「2023年，兴宁市公安局」); comparisons
(「与2023年相比」「较2023年增加」), spans (「2023年以来」) and plans for a later year
(「2025年，我局将……」) are not work phrases of another year.
"""
from __future__ import annotations

import re

from .model import TEXT_FIELDS
from .nfkc import nfkc

_SUBJECT = r"(?:我们|我(?:局|委|办|厅|部|署|院|会|区|县|市|镇|乡|街道|单位|中心|司|处|站|所)|本(?:局|委|办|厅|部|署|院|会|区|县|市|镇|乡|单位|机关|中心|系统)|全(?:区|县|市|镇|乡|局|省|系统))"
# the year opens the text or a clause; 年 or 年度; then a comma or nothing
# one run of blanks around the optional comma: two would try every split of a long run
_OPEN = r"(?:^|(?<=[。；！？\n:：]))\s*(\d{4})\s*年(?:度)?\s*(?:[,，]\s*)?"
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PERIOD = re.compile(r"统计期限(?:为|是|自|从)?\s*(\d{4})\s*年\s*1\s*月\s*1\s*日")


def _phrases(text: str, agency: str) -> re.Pattern:
    subject = _SUBJECT if not agency else f"(?:{_SUBJECT}|{re.escape(agency)})"
    return re.compile(_OPEN + subject)


def wrong_years(text: object, year: int, agency: str = "") -> list[tuple[int, str]]:
    """(year, phrase) of every work phrase of `text` that names a year before `year`, and of a
    statistics period that does not start in `year`."""
    t = str(text or "").translate(_DIGITS)   # the text as written, for quoting; full-width digits read
    out = []
    for m in _phrases(t, agency).finditer(t):
        y = int(m.group(1))
        if y < year:
            out.append((y, t[m.start(1):m.end() + 8].split("。")[0]))
    for m in _PERIOD.finditer(t):
        if int(m.group(1)) != year:
            out.append((int(m.group(1)), t[m.start():m.end() + 12].split("。")[0]))
    return out


def check_work_year(checker) -> None:
    """One S10 finding per text field that names another year."""
    from .cross_year import field_title
    r = checker.report
    if r.year is None:
        return
    agency = "".join(nfkc(str(r.meta.get("agency") or "")).split())
    fields = [f.id for f in TEXT_FIELDS]
    for fid in fields:
        found = wrong_years(r.text.get(fid), r.year, agency)
        if not found:
            continue
        where = field_title(fid)
        quoted = "、".join(f"“{p}…”" for _, p in found[:3]) + ("等" if len(found) > 3 else "")
        years = "、".join(str(y) for y in dict.fromkeys(y for y, _ in found))
        checker.add("S10", f"{where}写的是 {years} 年的工作（{quoted}），本报告是 {r.year} 年度：可能沿用了往年的文字，"
                           "请改为本年度的情况", (fid,), r.year, int(found[0][0]))
