"""Checks of a report against the same agency's report of the year before (validate --previous).

Y0  the --previous file is that report: the same agency, the year before. When it is not, the
    figures are not compared (Y1–Y3 would only be noise), and the finding says so.
Y1–Y3  the carried figures (format.md d.7).
S8  narrative copied from last year: a section whose text is last year's, word for word or with
    only the year changed (「年年雷同」, format.md d.1).
S10 (generator/work_year.py, also without --previous) work phrases that name another year.
"""
from __future__ import annotations

import difflib
import re

from .layout import meta_id
from .model import SECTIONS, TEXT_FIELDS, Kind, cell_title
from .nfkc import nfkc
from .values import parse

SIMILAR = 0.9        # SequenceMatcher ratio from which two texts are "the same text"
MIN_COMPARED = 30    # characters: shorter texts (「无。」「本年度未收取信息处理费。」) may well recur
_T3_COLUMNS = ("natural", "commercial", "research", "public_welfare", "legal_service", "other_org", "total")


def _name(text: object) -> str:
    return "".join(nfkc(str(text or "")).split())


def same_source(cur, prev) -> list[tuple[str, str]]:
    """Why `prev` is not the same agency's report of the year before: (meta id, message) pairs."""
    out = []
    a, b = _name(cur.meta.get("agency")), _name(prev.meta.get("agency"))
    if a and b and a != b:
        out.append(("agency", f"上年年报是“{prev.meta.get('agency')}”的，本报告是“{cur.meta.get('agency')}”的"))
    if cur.year is not None:
        if prev.year is None:
            out.append(("year", "上年年报没有填写报告年度，无法确认是上一年度的"))
        elif prev.year != cur.year - 1:
            out.append(("year", f"上年年报是 {prev.year} 年度的，本报告是 {cur.year} 年度：应为 {cur.year - 1} 年度的报告"))
    return out


def check_previous(checker, prev) -> None:
    """Y0, then Y1–Y3 when `prev` is the right file, and S8 in any case (copying another
    agency's report is 雷同 too)."""
    cur = checker.report
    problems = same_source(cur, prev)
    for key, why in problems:
        checker.add("Y0", f"{why}。请确认 --previous 指定的文件；跨年度数字核对（Y1–Y3）未进行", (meta_id(key),),
                    found=prev.meta.get(key))
    if not problems:
        carried_figures(checker, prev)
    copied_text(checker, prev)


# ---------------------------------------------------------------------------------------------
# Y1–Y3

def carried_figures(cur, prev) -> None:
    """Y1 上年结转 = last year's 结转下年度; Y2 (2021) 现行有效 = last year's + 制发 − 废止;
    Y3 (2019) 上一年项目数量 = last year's + its 本年增/减. No table 二 carry across the change
    of format (Y4)."""
    if prev.format != cur.report.format and not (prev.format == "2019" and cur.report.format == "2021"):
        return
    pv = {cid: parse(prev.cells.get(cid), c.kind) for cid, c in prev.fmt.cells.items()
          if c.kind not in (Kind.UNIT, Kind.TEXT)}
    fmt, py = cur.fmt, prev.year
    for col in _T3_COLUMNS:
        a, b = f"t3.carried_over.{col}", f"t3.carried_forward.{col}"
        x, y = cur.parsed(a), pv.get(b)
        if x.is_number and y and y.is_number and x.number != y.number:
            cur.add("Y1", f"{cell_title(fmt.cells[a])}为 {x.number}，上年（{py}年度）“结转下年度继续办理”为 {y.number}",
                    (a,), y.number, x.number)
    if prev.format != cur.report.format:
        return
    if fmt.version == "2021":
        _in_force(cur, fmt, pv)
    else:
        _prev_items(cur, fmt, pv)


def _in_force(cur, fmt, pv) -> None:
    for row in ("regulations", "normative_docs"):
        p = f"t2.{row}."
        vals = [cur.parsed(p + k) for k in ("in_force", "issued", "repealed")]
        last = pv[p + "in_force"]
        if all(v.is_number for v in vals) and last.is_number:
            want = last.number + vals[1].number - vals[2].number
            if want != vals[0].number:
                cur.add("Y2", f"{cell_title(fmt.cells[p + 'in_force'])}为 {vals[0].number}，按上年 {last.number}"
                              f" + 本年制发 {vals[1].number} − 本年废止 {vals[2].number} 应为 {want}（清理或修订可能导致不一致）",
                        (p + "in_force",), want, vals[0].number)


def _prev_items(cur, fmt, pv) -> None:
    for st in fmt.t2:
        if not any(c.id == "change" for c in st.columns):
            continue
        for row in st.rows:
            p = f"t2.{row.id}."
            now, last, chg = cur.parsed(p + "prev_items"), pv[p + "prev_items"], pv[p + "change"]
            if now.is_number and last.is_number and chg.is_number and now.number != last.number + chg.number:
                want = last.number + chg.number
                cur.add("Y3", f"{cell_title(fmt.cells[p + 'prev_items'])}为 {now.number}，按上年 {last.number}"
                              f" 加上年增/减 {chg.number} 应为 {want}", (p + "prev_items",), want, now.number)


# ---------------------------------------------------------------------------------------------
# S8: narrative copied from last year

def _comparable(text: object, years: tuple[int | None, ...]) -> str:
    """Text without whitespace and punctuation, the years around its report's year replaced by one
    mark: a section copied with only 「2023年」 changed to 「2024年」 is still the same section."""
    t = nfkc(str(text or ""))
    for y in years:
        if y is not None:
            t = t.replace(str(y), "〇")
    return re.sub(r"[\W_]+", "", t)


def _around(year: int | None) -> tuple[int, ...]:
    """A report's year with the one before (上年) and after (plans: 「2025年，将……」)."""
    return (year - 1, year, year + 1) if year else ()


def field_title(fid: str) -> str:
    f = next(f for f in TEXT_FIELDS if f.id == fid)
    if not f.section:
        return f.label
    section = next(s for s in SECTIONS if s.id == f.section)
    return section.heading if f.label == section.heading or fid == "s1.overview" else f"{section.heading}“{f.label}”"


def copied_text(checker, prev) -> None:
    cur = checker.report
    cy, py = cur.year, prev.year
    for f in TEXT_FIELDS:
        if f.id == "s6.fees":
            continue
        a = _comparable(cur.text.get(f.id), _around(cy))
        b = _comparable(prev.text.get(f.id), _around(py))
        if len(a) < MIN_COMPARED or len(b) < MIN_COMPARED:
            continue
        ratio = 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= SIMILAR:
            how = "与上年年报相同" if ratio == 1.0 else f"与上年年报基本相同（{ratio:.0%} 相同）"
            checker.add("S8", f"{field_title(f.id)}{how}：应写本年度的情况，不得年年雷同", (f.id,),
                        "本年度的内容", f"{py or '上'}年度的内容")


def check_years(checker, prev=None) -> None:
    """The checker's entry point: S10 always, the checks against `prev` when given."""
    from .work_year import check_work_year
    check_work_year(checker)
    if prev is not None:
        check_previous(checker, prev)
