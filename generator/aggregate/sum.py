"""Sum the units' reports cell by cell: the cells of the 汇总.

Every number input cell of tables 二, 三 and 四 of the 汇总's format is summed (derived from the
model: input cells of a numeric kind). A cell is summed only when every unit holds a number there;
one unit's blank, "/" or text (even text that reads as a number, "19万") leaves the 汇总's cell
blank, and the unit is named in a `Gap`: a sum of the other units is never presented as the total.
Totals are not summed: they are formulas over the summed cells (report.computed_totals), as in
every workbook.

A unit of the other format version adds to the cells both formats have (same id and kind in the
model, e.g. all of table 三 but （六）其他处理, table 四, 行政许可 处理决定数量); the 汇总's other
cells have a Gap for it. 2019 采购总金额 is summed in one unit (元 or 万元, converted exactly);
an amount whose unit the report does not declare is a Gap, except 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from ..model import NUMERIC_KINDS, PROCUREMENT_UNIT_ID, Kind, get_format
from ..report import computed_totals
from ..values import State, parse, parse_unit
from .collect import Unit

OTHER_FORMAT = "format"        # Gap.kind: the unit's format has no such cell
VALUE = "value"                # Gap.kind: the unit's cell holds no number
WAN = "万元"
_PER = {"元": Decimal(1), WAN: Decimal(10000)}


@dataclass(frozen=True)
class Gap:
    unit: Unit
    raw: object                # what the unit's cell holds (None when its format has no such cell)
    reason: str                # Chinese: 空白 / 填“/” / 填写“五件” / 是 2019 格式，没有这一项 …
    kind: str = VALUE


@dataclass
class Summed:
    version: str
    units: list[Unit]
    cells: dict[str, object]                         # input cells summed (None: no sum) and totals
    gaps: dict[str, list[Gap]] = field(default_factory=dict)
    amount_unit: str | None = None                   # 2019 采购总金额: the unit the sum is in

    def has(self, unit: Unit, cid: str) -> bool:
        """The unit's format has this cell of the 汇总, with the same meaning."""
        return unit.report.format == self.version or cid in shared_ids(self.version, unit.report.format)


@cache
def summed_ids(version: str) -> tuple[str, ...]:
    """The cells a 汇总 adds up: every input cell of a numeric kind, in model order."""
    fmt = get_format(version)
    return tuple(cid for cid in fmt.input_ids() if fmt.cells[cid].kind in NUMERIC_KINDS)


@cache
def shared_ids(version: str, other: str) -> frozenset[str]:
    """Summed cells of `version` that `other` has as input cells of the same kind (same id, same
    meaning: the model gives a cell whose meaning changed between the formats a new id)."""
    a, b = get_format(version), get_format(other)
    return frozenset(cid for cid in summed_ids(version)
                     if cid in b.cells and not b.cells[cid].derived and b.cells[cid].kind is a.cells[cid].kind)


def _reason(raw: object, state: State) -> str:
    if state is State.BLANK:
        return "空白"
    if state is State.SLASH:
        return "填“/”"
    return f"填写“{str(raw).strip()[:20]}”（文字，不是数字）"


def unit_number(unit: Unit, cid: str, kind: Kind) -> tuple[int | float | None, str]:
    """The unit's number in this cell, or None and why not."""
    raw = unit.report.cells.get(cid)
    p = parse(raw, kind)
    if p.state is not State.NUMBER or p.note_rule == "V4":   # V4: a unit or word in the cell is text
        return None, _reason(raw, p.state if p.state is not State.NUMBER else State.TEXT)
    return p.number, ""


def declared_unit(unit: Unit) -> str | None:
    return parse_unit(unit.report.cells.get(PROCUREMENT_UNIT_ID))


def amount_id(version: str) -> str | None:
    """The 2019 采购总金额 cell: the one cell whose unit is declared in another (Kind.AMOUNT)."""
    return next((c.id for c in get_format(version).cells.values() if c.kind is Kind.AMOUNT), None)


def _amount_unit(units: list[Unit], cid: str) -> str:
    """The unit of the summed 采购总金额: the one all units declare, else 万元."""
    found = {declared_unit(u) for u in units if unit_number(u, cid, Kind.AMOUNT)[0]} - {None}
    return found.pop() if len(found) == 1 else WAN


def _as_decimal(n: int | float) -> Decimal:
    return Decimal(n) if isinstance(n, int) else Decimal(repr(n))   # repr: the shortest exact digits


def _plain(total: Decimal, exact_ints: bool) -> int | float:
    return int(total) if exact_ints and total == total.to_integral_value() else float(total)


def sum_cell(summed: Summed, cid: str) -> tuple[int | float | None, list[Gap]]:
    kind = get_format(summed.version).cells[cid].kind
    total, gaps, ints = Decimal(0), [], kind in (Kind.COUNT, Kind.SIGNED)
    for u in summed.units:
        if not summed.has(u, cid):
            gaps.append(Gap(u, None, f"是 {u.report.format} 格式，没有这一项", OTHER_FORMAT))
            continue
        n, why = unit_number(u, cid, kind)
        if n is not None and kind is Kind.AMOUNT and n:
            declared = declared_unit(u)
            if declared is None:
                n, why = None, "未注明采购总金额的单位（元或万元）"
            else:
                total += _as_decimal(n) * _PER[declared] / _PER[summed.amount_unit]
                continue
        if n is None:
            gaps.append(Gap(u, u.report.cells.get(cid), why))
            continue
        ints = ints and isinstance(n, int)
        total += _as_decimal(n)
    return (None if gaps else _plain(total, ints)), gaps


def sum_units(version: str, units: list[Unit]) -> Summed:
    """The 汇总's cells (format `version`) from the units' reports."""
    fmt = get_format(version)
    summed = Summed(version, list(units), {})
    amount = amount_id(version)
    if amount is not None:
        summed.amount_unit = _amount_unit(summed.units, amount)
    for cid in summed_ids(version):
        value, gaps = sum_cell(summed, cid)
        summed.cells[cid] = value
        if gaps:
            summed.gaps[cid] = gaps
    if amount is not None:
        summed.cells[PROCUREMENT_UNIT_ID] = summed.amount_unit if summed.cells.get(amount) is not None else None
    computed_totals(fmt, summed.cells)
    return summed
