"""Run every rule the data of a `Report` can decide and return findings.

Works on a Report as published (stated totals may disagree with their parts) as well as on one
read from a workbook (totals computed). A rule with a blank or non-numeric input is reported as
无法判断, never evaluated as if the blank were 0.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .cell_rules import count_chars, year_value
from .check_values import check_values
from .finding import Finding, make_finding
from .layout import meta_id
from .model import META_FIELDS, SECTIONS, Kind, cell_titles, expected_version, get_format
from .narrative import check as narrative_check
from .report import Report
from .rules import ERROR, INFO, PASS, UNDECIDED, WARNING, LinearCheck, arithmetic_checks, compare, outcome_cells
from .sheet_rows import DEFAULT_DEADLINE, FEE_WORD, S6_LIMIT, TEXT_SECTIONS, SumRow, row_findings, row_status, sheet_rows
from .s7 import check_s7
from .contact import check_contact
from .cross_year import check_years
from .values import Parsed, State, format_number, parse


class _Checker:
    def __init__(self, report: Report):
        self.report = report
        self.fmt = report.fmt
        self.findings: list[Finding] = []
        # nums: cell id -> number, for every number cell that holds one (what the arithmetic sums).
        # unusual: cell id -> values.parse of the cells values() must look at, i.e. all but the
        # common, valid case of an int >= 0 (which parses to Parsed(NUMBER, n) whatever the kind).
        self.nums: dict[str, int | float] = {}
        self.unusual: dict[str, Parsed] = {}
        nums, unusual = self.nums, self.unusual
        get = report.cells.get
        memo: dict[tuple, Parsed] = {}  # most unusual cells hold the same few values
        for cid, kind in _numeric_kinds(report.format):
            raw = get(cid)
            if type(raw) is int and raw >= 0:
                nums[cid] = raw
                continue
            key = (type(raw), raw, kind)
            p = memo.get(key)
            if p is None:
                p = memo[key] = parse(raw, kind)
            if p.state is State.NUMBER:
                nums[cid] = p.number
            if p.note or p.state is not State.NUMBER or kind is not Kind.COUNT or type(p.number) is not int \
                    or p.number < 0:
                unusual[cid] = p

    def parsed(self, cid: str) -> Parsed:
        """values.parse of a number cell."""
        p = self.unusual.get(cid)
        return p if p is not None else Parsed(State.NUMBER, self.nums[cid])

    def add(self, rule: str, message: str, cells=(), expected=None, found=None, undecided=False) -> None:
        self.findings.append(make_finding(self.fmt.version, rule, message, cells, expected, found, undecided))

    def explained(self, cid: str) -> bool:
        """A total that holds what its workbook formula gives (the sum when every part holds a
        number, else blank): whatever is wrong with it is wrong with its parts, reported there."""
        parts = self.fmt.cells[cid].parts
        raw = self.report.cells.get
        got, want = raw(cid), formula_total(raw(p) for p in parts) if parts else False
        return want is None and got is None or _plain(got) and want is not None and compare(got, want, "==")

    def blame(self, cid: str) -> list[str]:
        """The input cells that leave `cid` without a number: itself, or for a total its formula
        leaves blank, the parts that do (the clerk fills those, never the locked total)."""
        if _plain(self.report.cells.get(cid)):
            return []
        if not self.fmt.cells[cid].derived or not self.explained(cid):
            return [cid]
        return [c for p in self.fmt.cells[cid].parts for c in self.blame(p)]

    def values(self) -> None:
        check_values(self)  # generator/check_values.py: V1 V3 V4 V5 V6 T2-1 T4-2 (V2 V7)

    # -- arithmetic ----------------------------------------------------------------------------
    def _sum(self, ids) -> float | None:
        """The sum of the cells, or None unless every one holds a number (blank is never 0)."""
        try:
            return sum(map(self.nums.__getitem__, ids))
        except KeyError:
            return None

    def arithmetic(self) -> None:
        """Every arithmetic check in order: a finding for each that fails or cannot be decided."""
        for check in arithmetic_checks(self.fmt.version):
            status, lhs, rhs = self.evaluate(check)
            if status == UNDECIDED:
                self._undecided(check)
            elif status != PASS:
                self._failed(check, lhs, rhs)

    def _undecided(self, check: LinearCheck) -> None:
        """A check with a blank or non-numeric cell: undecided (blank is never 0)."""
        bad = list(dict.fromkeys(b for c in check.cells if c not in self.nums for b in self.blame(c) or [c]))
        names = "、".join(cell_titles(self.fmt.version)[c] for c in bad[:3]) + ("等" if len(bad) > 3 else "")
        self.add(check.rule, f"无法判断：{check.where}——{names}空白或不是数字，不能按 0 计算",
                 tuple(bad), undecided=True)

    def _failed(self, check: LinearCheck, lhs: float, rhs: float) -> None:
        before, between, after = _message_text(check, cell_titles(self.fmt.version))
        left, right = format_number(lhs), format_number(rhs)
        message = before + left + (after if between is None else between + right + after)
        if check.rule == "T3-1":
            message += self._t3_identity_hint(check, lhs)
        self.add(check.rule, message, check.cells, right, left)

    def evaluate(self, check: LinearCheck) -> tuple[str, float | None, float | None]:
        lhs, rhs = self._sum(check.lhs), self._sum(check.rhs)
        if lhs is None or rhs is None:
            return UNDECIDED, lhs, rhs
        return (PASS if compare(lhs, rhs, check.op) else check.severity), lhs, rhs

    def _t3_identity_hint(self, check: LinearCheck, lhs: float) -> str:
        """For a failed T3-1: whether the identity holds with （七）总计 computed from its parts."""
        computed = self._sum(_outcome_cells(self.fmt.version, check.subject.rsplit(".", 1)[1]))
        carried = self._sum((check.rhs[1],))
        if computed is not None and carried is not None and compare(lhs, computed + carried, "=="):
            return f"；按各项之和计算（七）总计（{format_number(computed)}），等式成立，问题在于（七）总计填报有误"
        return ""

    # -- text and metadata ---------------------------------------------------------------------
    def meta(self) -> None:
        m = self.report.meta
        for f in META_FIELDS:
            if f.required and (m.get(f.id) is None or str(m.get(f.id)).strip() == ""):
                self.add("M1", f"基本信息“{f.label}”未填写", (meta_id(f.id),), f.label, None)
        check_contact(self, m)  # generator/contact.py: M2
        year = year_value(m.get("year"))
        if m.get("year") is not None and str(m.get("year")).strip() != "" and year is None:
            self.add("M1", f"基本信息“报告年度”应为四位年份，实际为“{m.get('year')}”", (meta_id("year"),))
        if year is None:
            self.add("S4", "无法判断：报告年度未填写或不是四位年份，不能核对格式版本", (meta_id("year"),),
                     undecided=True)
        elif expected_version(year) != self.fmt.version:
            self.add("S4", f"{year}年度报告应使用 {expected_version(year)} 格式，实际为 {self.fmt.version} 格式",
                     (meta_id("format"),), expected_version(year), self.fmt.version)

    def sections(self) -> None:
        present = self.report.sections_present
        if present is not None:
            missing = [s for s in SECTIONS if s.numeral not in present]
        else:
            text = self.report.text
            missing = [s for s in SECTIONS if s.id in TEXT_SECTIONS
                       and not any(str(text.get(k, "")).strip() for k in text if k.split(".")[0] == s.id)]
        if missing:
            ids = tuple(s.id if s.id != "s1" else "s1.overview" for s in missing)
            self.add("S1", "缺少部分：" + "、".join(s.heading for s in missing), ids,
                     "一至六全部部分", "缺" + "、".join(s.numeral for s in missing))
        text = self.report.text
        s1 = "".join(str(v) for k, v in text.items() if k.split(".")[0] == "s1")
        n = count_chars(s1)
        if self.fmt.version == "2021" and n > S6_LIMIT:
            self.add("S6", f"一、总体情况共 {n} 字，篇幅原则上不超过一千字", ("s1.overview",), S6_LIMIT, n)
        check_s7(self, text.get("s5"), present)  # generator/s7.py
        s6 = str(text.get("s6", "")) + str(text.get("s6.fees", ""))
        if self.fmt.version == "2021" and (present is None or "六" in present) and FEE_WORD not in s6:
            self.add("S9", "六、其他需要报告的事项未报告收取信息处理费情况（未收取的也应写明）", ("s6.fees",))

    def deadline(self, deadline: str) -> None:
        year = year_value(self.report.meta.get("year"))
        raw = self.report.meta.get("publish_date")
        filled = raw is not None and str(raw).strip() != ""
        published = parse_date(raw) if filled else None
        if filled and published is None:
            self.add("M1", f"基本信息“发布日期”无法识别：“{raw}”（应如 2025-01-20）", (meta_id("publish_date"),))
        if year is None or published is None:
            why = "报告年度未填写或不是四位年份" if year is None else "发布日期无法识别" if filled else "发布日期未填写"
            self.add("P1", f"无法判断：{why}，不能核对发布期限", (meta_id("publish_date"),), undecided=True)
            return
        month, day = (int(x) for x in deadline.split("-"))
        limit = dt.date(year + 1, month, day)
        if published > limit:
            self.add("P1", f"发布日期 {published.isoformat()} 晚于规定期限 {limit.isoformat()}",
                     (meta_id("publish_date"),), limit.isoformat(), published.isoformat())


def _message_text(check: LinearCheck, titles: dict[str, str]) -> tuple[str, str | None, str]:
    """The words of a failed check's message around its two sides, as printed: the message is
    before + L + between + R + after, or before + L + after when `between` is None."""
    if check.rule == "T3-1":
        return f"{check.where}：第一项加第二项之和为 ", "，第三项加第四项之和为 ", "，勾稽关系不成立"
    if check.rule in ("T3-2", "T3-3", "T4-1"):
        return f"{check.where}：{titles[check.subject]}填报 ", "，按各项之和应为 ", ""
    if check.rule == "T2-4":
        return f"{check.where}：上一年项目数量加本年增/减为 ", None, "，不应小于0"
    if check.rule == "T2-3":
        return f"{check.where}：{titles[check.lhs[0]]}为 ", f"，{titles[check.rhs[0]]}为 ", "，数量关系不合理"
    return f"{check.where}：", " 与 ", " 不符"


def _plain(v: object) -> bool:
    """A number as a spreadsheet formula sees one (text such as "19万" is not)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def formula_total(values) -> float | None:
    """What a total's formula IF(COUNT(parts)=n,SUM(parts),"") gives: blank unless all are numbers."""
    values = list(values)
    return sum(values) if all(map(_plain, values)) else None


@cache
def _outcome_cells(version: str, col: str) -> tuple[str, ...]:
    return outcome_cells(get_format(version), col)


@cache
def _numeric_kinds(version: str) -> tuple[tuple[str, Kind], ...]:
    return tuple((cid, c.kind) for cid, c in get_format(version).cells.items()
                 if c.kind is not Kind.UNIT and c.kind is not Kind.TEXT)


def parse_date(raw: object) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):   # a spreadsheet's date serial
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw)) if 1 <= raw < 2958466 else None
    m = re.search(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})", str(raw))
    if not m:
        return None
    try:
        return dt.date(*(int(x) for x in m.groups()))
    except ValueError:
        return None


_EXCEL_EPOCH = dt.date(1899, 12, 30)    # day 0 of spreadsheets' serials (Excel's 1900 system, from March 1900)


def sheet_view(report: Report) -> list[tuple[str, str]]:
    """(status, detail) of every row of the 校验 sheet (sheet_rows.sheet_rows), as `xxgk validate`
    finds them with the default deadline: what the sheet's formulas show, text aside."""
    c = _Checker(report)
    c.meta()
    c.sections()
    c.values()
    c.deadline(DEFAULT_DEADLINE)
    out = []
    for row in sheet_rows(report.format):
        if isinstance(row, SumRow):
            out.append((c.evaluate(row.check)[0], ""))
        else:
            found = row_findings(row, c.findings)
            out.append((row_status(row, found), row.py_detail(found, report)))
    return out


def check(report: Report, previous: Report | None = None, deadline: str = DEFAULT_DEADLINE) -> list[Finding]:
    """All findings for a report; `previous` is the same agency's report of the year before."""
    c = _Checker(report)
    c.meta()
    c.sections()
    c.values()
    c.arithmetic()
    c.deadline(deadline)
    check_years(c, previous)  # generator/cross_year.py: S10, and Y0–Y3, S8 against `previous`
    if any(str(v).strip() for v in report.text.values()):
        c.findings.extend(narrative_check(report))  # N1–N10: narrative against the tables
    return c.findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def summary(findings: list[Finding]) -> dict[str, int]:
    out = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        out[f.severity] += 1
    return out

