"""The value of every number cell (V1, V3, V4, V6, T2-1, T4-2; V2 and V7 for what was cleaned) and
the unit of the 2019 采购总金额 (V5), by the tests of cell_rules that the 校验 sheet's formulas use.

`checker` is the checker (generator/checker.py): its parsed cells (`unusual`, `nums`), `add` for
findings and `explained` for totals that hold what their formula gives.
"""
from __future__ import annotations

from .cell_rules import DECIMALS, NEGATIVE, NUMBER, value_code, value_rule
from .model import Kind, cell_title, cell_titles
from .values import State, format_number, parse_unit


def _broken(title: str, n, kind: Kind, code: str) -> tuple[str, str]:
    """The message and the expectation of a number that breaks its cell's value test."""
    shown = f"{title}为 {format_number(n)}"
    if code == NEGATIVE:
        return f"{shown}：金额不应小于0", "不小于0"
    if code == DECIMALS:
        return f"{shown}：小数超过4位，请核对金额单位和精度", "不超过4位小数"
    if kind is Kind.SIGNED:
        return f"{shown}：应为整数（减少用负数表示）", "整数"
    return f"{shown}：应为不小于0的整数", "不小于0的整数"


def check_values(checker) -> None:
    fmt = checker.fmt
    titles = cell_titles(fmt.version)
    for cid, p in checker.unusual.items():    # the checker left out the common, valid case
        cell = fmt.cells[cid]
        if cell.derived and checker.explained(cid):
            continue
        title, raw = titles[cid], checker.report.cells.get(cid)
        if p.state is State.BLANK:
            checker.add("V6", f"{title}空白：应填写数字（没有的填 0），空白不按 0 计算", (cid,), "数字", None)
        elif p.state is State.SLASH:
            checker.add("V6", f"{title}填写了“/”：应填写数字（没有的填 0）", (cid,), "数字", "/")
        elif p.state is State.TEXT:
            checker.add("V4", f"{title}填写了文字“{raw}”：应为数字（没有的填 0）", (cid,), "数字", raw)
        else:
            if p.note:
                checker.add(p.note_rule, f"{title}：{p.note}", (cid,), p.number, raw)
            code = value_code(p.number, cell.kind)
            if code != NUMBER:
                message, expected = _broken(title, p.number, cell.kind, code)
                checker.add(value_rule(fmt.version, cell.table, cell.kind, code), message, (cid,), expected,
                            p.number)
    _procurement_unit(checker)


def _procurement_unit(checker) -> None:
    fmt = checker.fmt
    if fmt.version != "2019":
        return
    uid, aid = "t2.procurement.amount_unit", "t2.procurement.amount"
    declared = parse_unit(checker.report.cells.get(uid))
    written = checker.parsed(aid).unit
    if written and declared and written != declared:
        checker.add("V5", f"{cell_title(fmt.cells[aid])}写明单位“{written}”，与声明的单位“{declared}”不一致",
                    (aid, uid), declared, written)
    elif not declared and not written and aid in checker.nums:
        checker.add("V5", f"{cell_title(fmt.cells[aid])}未注明单位：请在“采购总金额单位”中选择“元”或“万元”",
                    (uid,), "元或万元", checker.report.cells.get(uid))
