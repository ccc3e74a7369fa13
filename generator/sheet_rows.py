"""The rows of the workbook's live 校验 sheet: every rule a formula can decide, as one object each
that knows its rule, the cells whose findings it shows, the cell it links to and its formula.

A row's status is, in Python, what `xxgk validate` finds for its rule on its cells (checker.
sheet_statuses), and in the workbook the row's formula; tests/test_recalc_workbook.py holds the
two together after LibreOffice recalculates. The formulas read the cells through `x`, the writer's
references: x.ref(id) (sheet-qualified), x.addr(id) ("D5"), x.code(id) (the cell's code, see
cell_rules) and x.length(section) (its characters without whitespace).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .cell_rules import codes_of, count_chars, value_rule, xl_names, xl_text, xl_year, xl_year_ok
from .layout import meta_id
from .model import (META_FIELDS, SECTIONS, T3_ENTITY_COLUMNS, T4_GROUPS, TABLE_NAMES, TEXT_FIELDS, Kind,
                    get_format)
from .rules import PASS, RULES, UNDECIDED, LinearCheck, arithmetic_checks, excel_status_formula

S6_LIMIT = 1000                # 总体情况: 原则上不超过一千字
FEE_WORD = "信息处理费"          # S9: 六 reports the fees, collected or not
DEFAULT_DEADLINE = "01-31"     # P1: 部门 and 乡镇 publish by 1月31日 of the following year (format.md c.1)
TEXT_SECTIONS = ("s1", "s5", "s6")  # the sections a workbook holds as text (二至四 are its tables)


def section_fields(section: str) -> tuple[str, ...]:
    return tuple(f.id for f in TEXT_FIELDS if f.section == section)


def _status(rule: str, failed: str) -> str:
    return f'IF({failed},"{RULES[rule].severity}","{PASS}")'


@dataclass(frozen=True)
class Row:
    rule: str
    where: str                 # what the row checks, before the rule's title
    cells: tuple[str, ...]     # the items whose findings of `rule` the row shows
    link: str                  # the item the row's hyperlink goes to

    def formula(self, x) -> str:
        """The status formula: 通过, the rule's severity, or 无法判断."""
        raise NotImplementedError

    def detail(self, x) -> str | None:
        """The formula naming what breaks the rule, if the row has one."""
        return None

    def py_detail(self, findings, report) -> str:
        """What the row's detail formula shows, from `xxgk validate`'s findings on `report`."""
        return ""


@dataclass(frozen=True)
class SumRow(Row):
    check: LinearCheck | None = None

    def formula(self, x) -> str:
        return excel_status_formula(self.check, x.ref)


@dataclass(frozen=True)
class ValueRow(Row):
    """Input cells of one table block whose code breaks `rule` (V6, V4, V1, T2-1, T4-2, V3)."""
    codes: tuple[tuple[str, ...], ...] = ()   # per cell, the codes that break `rule`

    def _bad(self, x, i: int) -> str:
        return "OR(" + ",".join(f'{x.code(self.cells[i])}="{c}"' for c in self.codes[i]) + ")"

    def formula(self, x) -> str:
        return "=" + _status(self.rule, "OR(" + ",".join(self._bad(x, i) for i in range(len(self.cells))) + ")")

    def detail(self, x) -> str:
        return "=" + xl_names([(self._bad(x, i), x.addr(c)) for i, c in enumerate(self.cells)])

    def py_detail(self, findings, report) -> str:
        where = {c: w for f in findings for c, w in zip(f.cells, f.where)}   # "表三!D5"
        return "、".join(where[c].split("!")[1] for c in self.cells if c in where)


@dataclass(frozen=True)
class FilledRow(Row):
    """M1: a field of 基本信息 that must be filled."""
    def formula(self, x) -> str:
        return "=" + _status(self.rule, f"{x.blank(self.link)}")


@dataclass(frozen=True)
class YearRow(Row):
    def formula(self, x) -> str:
        y = x.ref(self.link)
        return "=" + _status(self.rule, f"NOT({xl_year_ok(y)})")


@dataclass(frozen=True)
class DateRow(Row):
    """M1 for the publication date: filled, with a date. The workbook writes every date Python can
    read as a date, so text left in the cell is text `xxgk validate` cannot read either."""
    def formula(self, x) -> str:
        return "=" + _status(self.rule, f"OR({x.blank(self.link)},NOT(ISNUMBER({x.ref(self.link)})))")


@dataclass(frozen=True)
class SectionsRow(Row):
    """S1: 一、五、六 hold text (a workbook always has the tables 二至四)."""
    def _missing(self, x) -> list[tuple[str, str]]:
        return [(f"{x.length(s.id)}=0", s.numeral) for s in SECTIONS if s.id in TEXT_SECTIONS]

    def formula(self, x) -> str:
        return "=" + _status(self.rule, "OR(" + ",".join(c for c, _ in self._missing(x)) + ")")

    def detail(self, x) -> str:
        return f'=IF(OR({",".join(c for c, _ in self._missing(x))}),"缺"&{xl_names(self._missing(x))},"")'

    def py_detail(self, findings, report) -> str:
        return "".join(str(f.found) for f in findings)


@dataclass(frozen=True)
class LengthRow(Row):
    """S6: 总体情况 has at most S6_LIMIT characters, whitespace not counted."""
    def formula(self, x) -> str:
        return "=" + _status(self.rule, f"{x.length('s1')}>{S6_LIMIT}")

    def detail(self, x) -> str:
        return f'={x.length("s1")}&" 字"'

    def py_detail(self, findings, report) -> str:
        return f"{count_chars(''.join(str(report.text.get(f, '')) for f in self.cells))} 字"


@dataclass(frozen=True)
class MentionRow(Row):
    """S9: 六 names the information processing fees."""
    def formula(self, x) -> str:
        text = "&".join(x.ref(c) for c in self.cells)
        return "=" + _status(self.rule, f"ISERROR(FIND({xl_text(FEE_WORD)},{text}))")


@dataclass(frozen=True)
class VersionRow(Row):
    """S4: the format version is the one of the report year (format.md b.6)."""
    version: str = "2021"

    def formula(self, x) -> str:
        y = x.ref(meta_id("year"))
        expected = f'IF({xl_year(y)}<=2020,"2019","2021")'
        return f'=IF({xl_year_ok(y)},{_status(self.rule, f"{expected}<>{xl_text(self.version)}")},"{UNDECIDED}")'


@dataclass(frozen=True)
class DeadlineRow(Row):
    """P1 with the default deadline (xxgk validate --deadline sets another)."""
    def formula(self, x) -> str:
        y, d = x.ref(meta_id("year")), x.ref(meta_id("publish_date"))
        month, day = DEFAULT_DEADLINE.split("-")
        late = f"INT({d})>DATE({xl_year(y)}+1,{int(month)},{int(day)})"
        return f'=IF(AND({xl_year_ok(y)},ISNUMBER({d})),{_status(self.rule, late)},"{UNDECIDED}")'


@dataclass(frozen=True)
class UnitRow(Row):
    """V5 (2019): a 采购总金额 that is a number has its unit chosen."""
    def formula(self, x) -> str:
        amount, unit = (x.ref(c) for c in self.cells)
        ok = f'OR({x.cleaned(self.cells[1])}="元",{x.cleaned(self.cells[1])}="万元")'
        return "=" + _status(self.rule, f"AND(ISNUMBER({amount}),NOT({ok}))")


def _meta_rows(version: str) -> list[Row]:
    rows: list[Row] = []
    for f in META_FIELDS:
        if not f.required or f.id == "format":   # the reader always knows the format
            continue
        mid = meta_id(f.id)
        cls = {"year": YearRow, "publish_date": DateRow}.get(f.id, FilledRow)
        rows.append(cls("M1", f"基本信息“{f.label}”", (mid,), mid))
    year = meta_id("year")
    rows.append(VersionRow("S4", "基本信息“报告年度”与“格式版本”", (year, meta_id("format")), year, version))
    date = meta_id("publish_date")
    rows.append(DeadlineRow("P1", f"基本信息“发布日期”（期限为次年{_md(DEFAULT_DEADLINE)}）", (date,), date))
    return rows


def _md(month_day: str) -> str:
    month, day = (int(v) for v in month_day.split("-"))
    return f"{month}月{day}日"


def _text_rows(version: str) -> list[Row]:
    fields = tuple(f.id for f in TEXT_FIELDS)
    rows: list[Row] = [SectionsRow("S1", "正文一、五、六", fields, "s1.overview")]
    if version == "2021":
        rows.append(LengthRow("S6", f"正文“{SECTIONS[0].heading}”", section_fields("s1"), "s1.overview"))
        rows.append(MentionRow("S9", f"正文“{SECTIONS[5].heading}”", section_fields("s6"), "s6.fees"))
    return rows


def value_blocks(version: str) -> list[tuple[str, tuple[str, ...]]]:
    """The input number cells in blocks, each with its words: a 表二 sub-table, a 表三 column, a 表四
    group. Every input number cell is in exactly one block."""
    fmt = get_format(version)
    inputs = [c for c in fmt.input_ids() if fmt.cells[c].kind in (Kind.COUNT, Kind.SIGNED, Kind.AMOUNT,
                                                                  Kind.AMOUNT_WAN)]
    blocks = []
    for st in fmt.t2:
        ids = tuple(c for c in inputs if fmt.cells[c].table == "t2" and fmt.cells[c].row_path == (st.caption,)
                    and fmt.cells[c].row in {r.id for r in st.rows})
        blocks.append((f"{TABLE_NAMES['t2']}“{st.caption}”", ids))
    for col in T3_ENTITY_COLUMNS:
        ids = tuple(c for c in inputs if c.startswith("t3.") and c.endswith(f".{col.id}"))
        blocks.append((f"{TABLE_NAMES['t3']}“{col.label}”列", ids))
    for g in T4_GROUPS:
        label = g.label if g.label == g.super_label else f"{g.super_label}·{g.label}"
        blocks.append((f"{TABLE_NAMES['t4']}“{label}”", tuple(c for c in inputs if c.startswith(f"t4.{g.id}."))))
    return blocks


def _value_rows(version: str, table: str) -> list[Row]:
    fmt = get_format(version)
    rows: list[Row] = []
    for where, ids in value_blocks(version):
        if not ids[0].startswith(table + "."):
            continue
        by_rule: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for cid in ids:
            cell = fmt.cells[cid]
            for code in codes_of(cell.kind):
                by_rule.setdefault(value_rule(version, table, cell.kind, code), []).append((cid, code))
        for rule, pairs in by_rule.items():
            cells = tuple(dict.fromkeys(c for c, _ in pairs))
            codes = tuple(tuple(code for c2, code in pairs if c2 == c) for c in cells)
            rows.append(ValueRow(rule, where, cells, cells[0], codes))
    return rows


@cache
def sheet_rows(version: str) -> tuple[Row, ...]:
    """Every row of the 校验 sheet, in order: 基本信息, 正文, then 表二, 表三, 表四 (values, then sums)."""
    sums = arithmetic_checks(version)
    rows = _meta_rows(version) + _text_rows(version)
    for table in ("t2", "t3", "t4"):
        rows += _value_rows(version, table)
        rows += [SumRow(c.rule, c.where, c.cells, c.subject, c) for c in sums if c.subject.startswith(table + ".")]
        if table == "t2" and version == "2019":
            rows.append(UnitRow("V5", f"{TABLE_NAMES['t2']}“政府集中采购”", ("t2.procurement.amount",
                                                                        "t2.procurement.amount_unit"),
                                "t2.procurement.amount_unit"))
    return tuple(rows)


def row_status(row: Row, findings) -> str:
    """A non-sum row's status from the findings of its rule on its cells."""
    if any(f.undecided for f in findings):
        return UNDECIDED
    return RULES[row.rule].severity if findings else PASS


def row_findings(row: Row, findings) -> list:
    cells = set(row.cells)
    return [f for f in findings if f.rule == row.rule and cells.intersection(f.cells)]
