"""What a 汇总 tells the clerk about its units: the cells left blank and why (A2), the cells of the
other format (A3), the units' own errors that carry into the sum (A4). Severities come from the
rule catalogue (generator/rules.py); messages name the unit and its file."""
from __future__ import annotations

from ..finding import Finding, make_finding
from ..model import TABLE_NAMES, cell_titles, get_format
from ..report import Report, computed_totals
from ..rules import ERROR
from .collect import Unit
from .sum import OTHER_FORMAT, Summed, shared_ids, summed_ids

LISTED = 3                     # cells named in a message; the finding lists them all


def titles(version: str, ids, listed: int = LISTED) -> str:
    names = cell_titles(version)
    ids = list(ids)
    return "、".join(names[c] for c in ids[:listed]) + (f"等 {len(ids)} 个单元格" if len(ids) > listed else "")


def by_unit(summed: Summed, kind: str) -> dict[str, tuple[Unit, list[tuple[str, object]]]]:
    """unit label -> (unit, [(cell id, gap)]) of the gaps of one kind, in model order."""
    out: dict[str, tuple[Unit, list]] = {}
    for cid, gaps in summed.gaps.items():
        for g in gaps:
            if g.kind == kind:
                out.setdefault(g.unit.label, (g.unit, []))[1].append((cid, g))
    return out


def gap_findings(summed: Summed) -> list[Finding]:
    """A2 per unit and table: the cells that unit leaves without a number, hence blank in the 汇总."""
    v, names, out = summed.version, cell_titles(summed.version), []
    for label, (_unit, items) in by_unit(summed, "value").items():
        tables: dict[str, list] = {}
        for cid, g in items:
            tables.setdefault(cid.split(".", 1)[0], []).append((cid, g))
        for table, cells in tables.items():
            shown = "、".join(f"{names[c]}{g.reason}" for c, g in cells[:LISTED])
            more = f"等 {len(cells)} 个单元格" if len(cells) > LISTED else ""
            out.append(make_finding(v, "A2", f"{label}：{shown}{more}，{TABLE_NAMES[table]}中这些单元格的汇总值留空"
                                             "（不把其余单位之和当作总数），请该单位补正后重新汇总",
                                    tuple(c for c, _ in cells)))
    return out


def format_findings(summed: Summed) -> list[Finding]:
    """A3 per unit of the other format: what was summed, what is blank, what was left out."""
    v, out = summed.version, []
    for label, (unit, items) in by_unit(summed, OTHER_FORMAT).items():
        other = unit.report.format
        extra = [c for c in summed_ids(other) if c not in shared_ids(other, v)]
        blank = [c for c, _ in items]
        message = (f"{label}是 {other} 格式，汇总是 {v} 格式：两种格式共有的 {len(shared_ids(v, other))} 个单元格"
                   f"已汇总；该单位没有的{titles(v, blank)}汇总值留空")
        if extra:
            message += f"；该单位的{titles(other, extra)}在 {v} 格式中没有，未计入"
        out.append(make_finding(v, "A3", message, tuple(blank)))
    return out


def carried_errors(summed: Summed) -> list[Finding]:
    """A4: each unit's own errors in its tables (T3-1, V1 …), its totals computed as the 汇总's
    formulas compute them (a stated total does not carry, the parts do)."""
    from ..checker import check
    v, out = summed.version, []
    for unit in summed.units:
        fmt = get_format(unit.report.format)
        inputs = {cid: unit.report.cells.get(cid) for cid in fmt.input_ids()}
        own = Report(unit.report.format, dict(unit.report.meta), {}, computed_totals(fmt, inputs))
        for f in check(own):
            if f.severity == ERROR and f.cells and all(c in fmt.cells for c in f.cells):
                cells = tuple(c for c in f.cells if c in get_format(v).cells)
                out.append(make_finding(v, "A4", f"{unit.label}自身的错误带入汇总：{f.rule} {f.message}", cells,
                                        f.expected, f.found))
    return out


def no_year(summed: Summed) -> list[Finding]:
    """A9: a unit whose report states no year is summed as of the 汇总's year, and told so."""
    return [make_finding(summed.version, "A9", f"{u.label}的年报没有写明报告年度：按汇总的年度计入，请核实")
            for u in summed.units if u.report.year is None]


def aggregate_findings(summed: Summed) -> list[Finding]:
    return no_year(summed) + format_findings(summed) + gap_findings(summed) + carried_errors(summed)
