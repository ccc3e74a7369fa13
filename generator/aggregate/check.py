"""Check a published 汇总 against its units' reports: every cell against the sum of the units present.

    findings = check_against_children(summary_report, [(name, report), ...], roster=None)

Equal passes (no finding); a cell that differs is an A5 error naming the cell, the published
value and the sum; a cell whose sum cannot be made (a unit's blank, "/" or text, a cell the
unit's format lacks) is A5 无法判断 naming the unit. A stated total is compared when its parts
agree (else the part is the finding). With a roster, a unit without a report makes the whole
check 无法判断 (A6, listing who is missing): the sum of the units present is then not the total,
so no cell is compared and nothing passes. Reports of another year (A1) are left out of the sum;
a second report of the same unit (A8) is not counted twice.
"""
from __future__ import annotations

from ..finding import Finding, make_finding
from ..model import PROCUREMENT_UNIT_ID, Kind, cell_titles, get_format
from ..report import Report, computed_totals
from ..rules import ERROR, PASS, UNDECIDED, compare
from ..values import State, format_number, parse, parse_unit
from .collect import Unit, duplicates, name_key, other_years
from .findings import by_unit, titles
from .sum import OTHER_FORMAT, VALUE, Summed, amount_id, sum_units, summed_ids

CHILD_RULES = ("A1", "A5", "A6", "A7", "A8", "A9")


def check_against_children(summary_report: Report, unit_reports, roster=None) -> list[Finding]:
    """Findings of the 汇总 `summary_report` against `unit_reports` [(name, Report)] (or `Unit`s, whose
    messages then name the file too); `roster`: the names of the units that must be there (any
    iterable of str), or None."""
    v = summary_report.format
    units = [u if isinstance(u, Unit) else Unit(str(u[0]), "", u[1]) for u in unit_reports]
    out: list[Finding] = []
    units = _same_year(summary_report, units, out)
    for group in duplicates(units):
        out.append(make_finding(v, "A8", f"“{'”“'.join(u.name for u in group)}”是同一单位的 {len(group)} 份年报："
                                         "核对时只计入第一份"))
        units = [u for u in units if not any(u is d for d in group[1:])]   # by identity: equal copies too
    if roster is not None:
        missing = _roster(v, list(roster), units, out)
        if missing:
            return out
    if not units:
        out.append(make_finding(v, "A6", "无法判断：没有下属单位的年报，汇总无法与各单位之和核对"))
        return out
    return out + compare_cells(summary_report, sum_units(v, units))


def _same_year(summary: Report, units: list[Unit], out: list[Finding]) -> list[Unit]:
    v, year = summary.format, summary.year
    if year is None:
        return units
    for u in other_years(units, year):
        out.append(make_finding(v, "A1", f"{u.label}是 {u.report.year} 年度的年报，汇总是 {year} 年度：未计入核对",
                                (), year, u.report.year))
    for u in units:
        if u.report.year is None:
            out.append(make_finding(v, "A9", f"{u.label}的年报没有写明报告年度：按 {year} 年度计入核对"))
    return [u for u in units if u.report.year in (None, year)]


def _roster(v: str, roster: list[str], units: list[Unit], out: list[Finding]) -> list[str]:
    """A7 for the units not on the roster, A6 for the roster's units without a report; the missing."""
    have = {name_key(u.name) for u in units} | {name_key(u.report.meta.get("agency")) for u in units}
    wanted = {name_key(n) for n in roster}
    extra = [u.label for u in units if name_key(u.name) not in wanted
             and name_key(u.report.meta.get("agency")) not in wanted]
    if extra:
        out.append(make_finding(v, "A7", f"{len(extra)} 份年报的单位不在名单中（仍计入核对）：{'、'.join(extra)}"))
    missing = list(dict.fromkeys(n for n in roster if name_key(n) and name_key(n) not in have))
    if missing:
        out.append(make_finding(v, "A6", f"无法判断：名单中有 {len(missing)} 个单位没有年报：{'、'.join(missing)}；"
                                         "各单位之和不是全部单位之和，汇总未核对（不能判为通过）", (), len(roster),
                                len(roster) - len(missing)))
    return missing


def _shown(raw: object) -> str:
    if raw is None or isinstance(raw, str) and not raw.strip():
        return "空白"
    return f"“{raw}”" if isinstance(raw, str) else format_number(raw)


def _published(summary: Report, cid: str, kind: Kind):
    p = parse(summary.cells.get(cid), kind)
    return p.number if p.state is State.NUMBER else None


def compare_cells(summary: Report, summed: Summed) -> list[Finding]:
    v, out = summed.version, []
    fmt, names = get_format(v), cell_titles(v)
    out += _undecided(summed)
    for cid in summed_ids(v):
        want = summed.cells.get(cid)
        if want is None:
            continue
        kind = fmt.cells[cid].kind
        if kind is Kind.AMOUNT:
            want = _in_published_unit(summary, summed, want)
            if want is None:
                out.append(make_finding(v, "A5", f"无法判断：{names[cid]}：汇总未注明单位（元或万元），"
                                                 "无法与各单位之和比较", (cid, PROCUREMENT_UNIT_ID), undecided=True))
                continue
        got = _published(summary, cid, kind)
        if got is None or not compare(got, want, "=="):
            out.append(_differs(v, cid, summary.cells.get(cid), want))
    inputs = {cid: summary.cells.get(cid) for cid in fmt.input_ids()}
    own = computed_totals(fmt, inputs)
    for cid in fmt.derived_ids():
        want, stated = summed.cells.get(cid), _published(summary, cid, Kind.COUNT)
        if want is None or own.get(cid) is None or not compare(own[cid], want, "=="):
            continue    # its parts already differ or are undecided: that is where the finding is
        if stated is None or not compare(stated, want, "=="):
            out.append(_differs(v, cid, summary.cells.get(cid), want))
    return out


def _differs(v: str, cid: str, raw: object, want) -> Finding:
    return make_finding(v, "A5", f"{cell_titles(v)[cid]}：汇总为 {_shown(raw)}，各单位之和为 {format_number(want)}",
                        (cid,), want, raw)


def _in_published_unit(summary: Report, summed: Summed, want):
    """The summed 采购总金额 in the unit the 汇总 declares (None: it declares none and it is not 0)."""
    unit = parse_unit(summary.cells.get(PROCUREMENT_UNIT_ID)) or parse(
        summary.cells.get(amount_id(summed.version)), Kind.AMOUNT).unit
    if not unit:
        return want if want == 0 else None
    return want if unit == summed.amount_unit else want * (10000 if unit == "元" else 0.0001)


def _undecided(summed: Summed) -> list[Finding]:
    """A5 无法判断 per unit: the cells whose sum that unit leaves unknown."""
    v, out = summed.version, []
    for kind, why in ((VALUE, "没有数字（空白、“/”或文字）"), (OTHER_FORMAT, "")):
        for label, (unit, items) in by_unit(summed, kind).items():
            ids = [c for c, _ in items]
            reason = why or f"是 {unit.report.format} 格式，没有这些单元格"
            out.append(make_finding(v, "A5", f"无法判断：{label}的 {titles(v, ids)}{reason}，"
                                             "汇总中这些单元格无法与各单位之和核对", tuple(ids), undecided=True))
    return out


def verdict(findings: list[Finding]) -> str:
    """通过 / 错误 / 无法判断 of a check's findings (a missing unit is never 通过)."""
    mine = [f for f in findings if f.rule in CHILD_RULES]
    if any(f.severity == ERROR for f in mine):
        return ERROR
    if any(f.undecided or f.rule == "A6" for f in mine):
        return UNDECIDED
    return PASS


def check_folder(summary: Report, summary_path, folder, roster_path=None) -> tuple[list[Finding], int, list[str]]:
    """validate --children: the findings of `summary` against the reports in `folder` (the 汇总's
    own file, the roster and a report of the 汇总's agency are not units), how many units were
    read, and notes on the files skipped. ReportError when a unit's file cannot be read."""
    from .collect import read_roster, read_units, unit_files
    files, notes = unit_files([folder], [summary_path] + ([roster_path] if roster_path else []))
    roster = read_roster(roster_path) if roster_path else None
    units, own = [], name_key(summary.meta.get("agency"))
    for u in read_units(files):
        if own and name_key(u.name) == own:
            notes.append(f"已跳过“{u.file}”：它是汇总机关本身的报告")
        else:
            units.append(u)
    return check_against_children(summary, units, roster), len(units), notes
