"""The catalogue of checkable rules (format.md §d) and the arithmetic checks derived from the model.

Each arithmetic rule instance is a `LinearCheck`: sum(lhs) <op> sum(rhs) over cell ids. The
Python checker evaluates them and the workbook's 校验 sheet turns the very same objects into
formulas, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

from .model import T3_COLUMNS, T3_ENTITY_COLUMNS, T4_GROUPS, TABLE_NAMES, Format, get_format

ERROR, WARNING, INFO = "错误", "警告", "提示"
SEVERITIES = (ERROR, WARNING, INFO)

# Status words of one check, shared by the Python checker and the workbook formulas.
PASS, UNDECIDED = "通过", "无法判断"
# A rule whose inputs are blank or not numbers is not broken, only undecided: that is a 提示.
UNDECIDED_SEVERITY = INFO


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    cases: tuple[tuple[str, str], ...] = ()   # (case, severity) where a case of the rule weighs otherwise

    def severity_of(self, case: str | None = None) -> str:
        return dict(self.cases).get(case, self.severity) if case else self.severity


RULES = {r.id: r for r in (
    Rule("S1", ERROR, "报告应包含一至六全部六个部分"),
    Rule("M1", WARNING, "基本信息应填写完整"),    # contact details: the official format prescribes none
    Rule("M2", WARNING, "邮编应为六位数字；邮编、联系电话应按文字填写（开头的 0 不能丢失）"),
    Rule("S2", ERROR, "表二、表三、表四应以表格形式完整列出"),
    # format.md d.1: a row or column missing is an error, an added one a warning; a label that differs
    # a little from the template's, or a sub-heading beyond （五）, is read as the template's and noted.
    Rule("S3", WARNING, "表格的行和列应与模板一致：不得删减，增加的行应核对",
         cases=(("missing", ERROR), ("near_label", INFO))),
    Rule("S4", WARNING, "格式版本应与报告年度相符"),
    Rule("S6", WARNING, "总体情况篇幅原则上不超过一千字"),
    Rule("S7", WARNING, "存在的主要问题及改进情况应实事求是、明确具体"),
    Rule("S8", WARNING, "正文不应与上年年报雷同（需 --previous）"),
    Rule("S10", WARNING, "正文所写的工作年度应与报告年度相符"),
    Rule("S9", WARNING, "其他需要报告的事项应报告收取信息处理费情况"),
    Rule("V1", ERROR, "数量应为不小于0的整数"),
    Rule("V2", INFO, "本年增/减可为负数，正号可省略"),
    Rule("V3", WARNING, "金额应为不小于0的数字"),
    Rule("V4", WARNING, "数字单元格中不应填写单位或文字"),
    Rule("V5", WARNING, "政府集中采购总金额应注明单位（元或万元）"),
    Rule("V6", WARNING, "单元格不应空白或填写“/”"),
    Rule("V7", INFO, "单元格中的空格或 Word 标记已清除"),
    Rule("V8", WARNING, "连在一起的数字只按唯一满足本行合计关系的拆法读取，应核对原文"),
    Rule("T2-1", ERROR, "表二件数、数量应为不小于0的整数，收费金额不小于0"),
    Rule("T2-3", WARNING, "表二对外公开总数量不小于本年新公开数量，本年新公开数量不大于本年新制作数量"),
    Rule("T2-4", WARNING, "表二上一年项目数量加本年增/减不应小于0"),
    Rule("T3-1", ERROR, "表三每列：第一项加第二项之和，等于第三项加第四项之和"),
    Rule("T3-2", ERROR, "表三（七）总计应等于（一）至（六）各项之和"),
    Rule("T3-3", ERROR, "表三每行总计应等于自然人与法人或其他组织各列之和"),
    Rule("T4-1", ERROR, "表四每组总计应等于结果维持、结果纠正、其他结果、尚未审结之和"),
    Rule("T4-2", ERROR, "表四各数应为不小于0的整数"),
    Rule("N1", WARNING, "正文所述收到申请数应与表三一致"),
    Rule("N2", WARNING, "正文所述办结、结转件数应与表三一致"),
    Rule("N3", WARNING, "正文所述各类申请人的申请数应与表三各列一致"),
    Rule("N4", WARNING, "正文所述予以公开、部分公开、无法提供、不予处理、其他处理件数应与表三一致"),
    Rule("N5", WARNING, "正文所述行政复议、行政诉讼件数应与表四一致"),
    Rule("N6", WARNING, "正文称“没有/无”行政复议、行政诉讼或申请，表格中却有数字"),
    Rule("N7", WARNING, "正文所述不予公开件数应与表三（三）不予公开各项之和一致"),
    Rule("N8", WARNING, "正文所述规章、规范性文件件数应与表二一致"),
    Rule("N9", WARNING, "有申请人逾期未缴纳信息处理费的，其他需要报告的事项应报告信息处理费情况"),
    Rule("N10", WARNING, "信息处理费的表述应前后一致"),
    Rule("P1", WARNING, "报告应在规定期限前发布"),
    Rule("Y1", WARNING, "本年“上年结转”应等于上年“结转下年度继续办理”"),
    Rule("Y2", WARNING, "本年现行有效件数应等于上年现行有效件数加本年制发减本年废止"),
    Rule("Y3", WARNING, "本年上一年项目数量应等于上年的上一年项目数量加上年增/减"),
    Rule("Y0", WARNING, "跨年度核对的上年年报应为同一机关上一年度的报告"),
    # 汇总 (generator/aggregate/): a region's report summed from its units' reports (format.md N11)
    Rule("A1", ERROR, "汇总的各单位年报应为同一报告年度"),
    Rule("A2", WARNING, "各单位的单元格都应为数字：有单位空白、填“/”或文字时，汇总值无法得出，留空"),
    Rule("A3", WARNING, "格式版本不同的单位年报只能汇总两种格式共有的单元格"),
    Rule("A4", WARNING, "单位年报自身的错误会带入汇总"),
    Rule("A5", ERROR, "汇总的每个单元格应等于各单位之和"),
    Rule("A6", WARNING, "名单中的每个单位都应有年报：缺少时汇总无法核对"),
    Rule("A7", WARNING, "年报的单位应在名单中"),
    Rule("A8", ERROR, "每个单位只应有一份年报"),
    Rule("A9", WARNING, "单位年报应写明报告年度"),
)}


@dataclass(frozen=True)
class LinearCheck:
    rule: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    op: str                    # "==", ">=", "<="
    subject: str               # the cell a failure points at (a stated total, usually)
    where: str                 # Chinese: which column/row/group, e.g. 表三“自然人”列

    @property
    def cells(self) -> tuple[str, ...]:
        return self.lhs + self.rhs

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity


def outcome_cells(fmt: Format, col: str) -> tuple[str, ...]:
    """The cells of one table 三 column that （七）总计 adds up: （一） to （六）."""
    return tuple(f"t3.{r.id}.{col}" for r in fmt.t3_outcome_rows)


def _t3_checks(fmt: Format) -> list[LinearCheck]:
    t3 = TABLE_NAMES["t3"]
    checks = []
    for c in T3_COLUMNS:
        col = f"{t3}“{c.label}”列"
        checks.append(LinearCheck(
            "T3-1", (f"t3.new_received.{c.id}", f"t3.carried_over.{c.id}"),
            (f"t3.total_processed.{c.id}", f"t3.carried_forward.{c.id}"), "==",
            f"t3.total_processed.{c.id}", col))
    for c in T3_COLUMNS:
        cell = f"t3.total_processed.{c.id}"
        checks.append(LinearCheck("T3-2", (cell,), outcome_cells(fmt, c.id), "==", cell, f"{t3}“{c.label}”列"))
    for r in fmt.t3_data_rows:
        cell = fmt.cells[f"t3.{r.id}.total"]
        checks.append(LinearCheck("T3-3", (cell.id,), tuple(f"t3.{r.id}.{c.id}" for c in T3_ENTITY_COLUMNS),
                                  "==", cell.id, f"{t3}“{r.label}”行"))
    return checks


def _t4_checks(fmt: Format) -> list[LinearCheck]:
    out = []
    for g in T4_GROUPS:
        cell = fmt.cells[f"t4.{g.id}.total"]
        label = g.label if g.label == g.super_label else f"{g.super_label}·{g.label}"
        out.append(LinearCheck("T4-1", (cell.id,), cell.parts, "==", cell.id,
                               f"{TABLE_NAMES['t4']}“{label}”"))
    return out


def _t2_checks(fmt: Format) -> list[LinearCheck]:
    if fmt.version != "2019":
        return []
    t2 = TABLE_NAMES["t2"]
    out = []
    for row in fmt.t2[0].rows:
        p = f"t2.{row.id}."
        out.append(LinearCheck("T2-3", (p + "total_published",), (p + "new_published",), ">=",
                               p + "total_published", f"{t2}“{row.label}”行"))
        out.append(LinearCheck("T2-3", (p + "new_published",), (p + "new_made",), "<=",
                               p + "new_published", f"{t2}“{row.label}”行"))
    for st in fmt.t2:
        if any(c.id == "change" for c in st.columns):
            for row in st.rows:
                p = f"t2.{row.id}."
                out.append(LinearCheck("T2-4", (p + "prev_items", p + "change"), (), ">=",
                                       p + "change", f"{t2}“{row.label}”行"))
    return out


@cache
def arithmetic_checks(version: str) -> tuple[LinearCheck, ...]:
    fmt = get_format(version)
    return tuple(_t2_checks(fmt) + _t3_checks(fmt) + _t4_checks(fmt))


@dataclass(frozen=True)
class Comparison:
    """One operator of the checks, written once for both engines: `holds` tests d = lhs - rhs in
    Python, `excel` is the same test in a formula, on the formula text of d."""
    op: str
    holds: Callable[[float], bool]
    excel: str                 # template with {d}


# Sums of counts are compared with a tolerance: both engines add binary floats, in their own order.
TOLERANCE = 1e-6
_TOL = f"{TOLERANCE:.6f}"
COMPARISONS = {c.op: c for c in (
    Comparison("==", lambda d: abs(d) < TOLERANCE, f"ABS({{d}})<{_TOL}"),
    Comparison(">=", lambda d: d > -TOLERANCE, f"{{d}}>-{_TOL}"),
    Comparison("<=", lambda d: d < TOLERANCE, f"{{d}}<{_TOL}"),
)}


def compare(lhs: float, rhs: float, op: str) -> bool:
    return COMPARISONS[op].holds(lhs - rhs)


def excel_test(check: LinearCheck, ref) -> str:
    """The formula that is TRUE when the check holds; `ref(cell_id)` gives a cell's reference."""
    lhs = "+".join(ref(c) for c in check.lhs) or "0"
    rhs = "+".join(ref(c) for c in check.rhs) or "0"
    return COMPARISONS[check.op].excel.format(d=f"(({lhs})-({rhs}))")


def excel_status_formula(check: LinearCheck, ref) -> str:
    """The workbook formula giving the same status as the Python checker for this check.

    `ref(cell_id)` returns the sheet-qualified reference of a cell. Only functions that Excel,
    WPS and LibreOffice share are used (IF, COUNT, ABS).
    """
    refs = [ref(c) for c in check.cells]
    fail = RULES[check.rule].severity
    return (f'=IF(COUNT({",".join(refs)})<{len(refs)},"{UNDECIDED}",'
            f'IF({excel_test(check, ref)},"{PASS}","{fail}"))')
