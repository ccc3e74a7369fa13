"""汇总 arithmetic: random unit reports (numbers, blanks, "/", text, numbers written as text, both
formats, 2019 amounts in 元 and 万元) summed by generator.aggregate, every summed cell and total
checked against an independent sum written here; and a published 汇总 checked against its units
(check_against_children): the sum passes, any changed cell is the one error, a missing unit of
the roster makes the check 无法判断, never 通过."""
from __future__ import annotations

import random
import re
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.aggregate import Unit, check_against_children, sum_units, summary_report, verdict
from generator.aggregate.findings import aggregate_findings
from generator.model import PROCUREMENT_UNIT_ID, Kind, get_format
from generator.report import Report
from generator.rules import ERROR, PASS, RULES, UNDECIDED

# What clerks put in number cells besides numbers, and what each means to a sum here: a number,
# or None (no number: the 汇总's cell must be blank). Text that reads as a number ("12万") is text.
MESSY = {None: None, "/": None, "／": None, "\u3000": None, "无": None, "五件": None, "12万": None,
         "1.47万元": None, " 3 ": 3, "+4": 4, "7": 7, -2: -2, 1.5: Fraction(3, 2), 0: 0}
OTHER = {"2021": "2019", "2019": "2021"}


def make_unit(rng: random.Random, version: str, name: str, messy: int) -> Unit:
    fmt = get_format(version)
    cells: dict[str, object] = {}
    for cid in fmt.input_ids():
        kind = fmt.cells[cid].kind
        if kind is Kind.COUNT:
            cells[cid] = rng.randint(0, 40)
        elif kind is Kind.SIGNED:
            cells[cid] = rng.randint(-30, 30)
        elif kind is Kind.UNIT:
            cells[cid] = rng.choice(["元", "万元", "万元", None])
        else:
            cells[cid] = rng.choice([rng.randint(0, 10**6), rng.randint(0, 10**8) / 100, rng.randint(0, 10**9) / 10**6])
    numeric = [c for c in fmt.input_ids() if fmt.cells[c].kind is not Kind.UNIT]
    for _ in range(messy):
        cells[rng.choice(numeric)] = rng.choice(list(MESSY))
    return Unit(name, f"{name}.xlsx", Report(version, {"agency": name, "year": 2024, "format": version}, {}, cells))


def exact(v) -> Fraction | None:
    """This test's own reading of a unit's cell: a plain number, else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return Fraction(str(v))
    if v in MESSY:
        return None if MESSY[v] is None else Fraction(MESSY[v])
    m = re.fullmatch(r"\s*\+?(-?\d+(?:\.\d+)?)\s*", str(v))
    return Fraction(m.group(1)) if m else None


def expected_cells(version: str, units: list[Unit]) -> dict[str, Fraction | None]:
    """Every input cell of the 汇总 summed by hand, then every total from its parts."""
    fmt = get_format(version)
    per = {"元": Fraction(1), "万元": Fraction(10000)}
    amounts = [u for u in units if "t2.procurement.amount" in get_format(u.report.format).cells]
    units_declared = {u.report.cells.get(PROCUREMENT_UNIT_ID) for u in amounts
                      if exact(u.report.cells.get("t2.procurement.amount"))} - {None}
    target = units_declared.pop() if len(units_declared) == 1 else "万元"
    out: dict[str, Fraction | None] = {}
    for cid in fmt.input_ids():
        cell = fmt.cells[cid]
        if cell.kind is Kind.UNIT:
            continue
        total = Fraction(0)
        for u in units:
            theirs = get_format(u.report.format).cells.get(cid)
            if theirs is None or theirs.derived or theirs.kind is not cell.kind:
                total = None
                break
            n = exact(u.report.cells.get(cid))
            if n is not None and cell.kind is Kind.AMOUNT and n != 0:
                unit = u.report.cells.get(PROCUREMENT_UNIT_ID)
                n = None if unit is None else n * per[unit] / per[target]
            if n is None:
                total = None
                break
            total += n
        out[cid] = total
    for cid, cell in fmt.cells.items():
        if cell.derived:
            parts = [out[p] for p in cell.parts]
            out[cid] = None if any(p is None for p in parts) else sum(parts)
    return out


def _equal(got, want: Fraction | None) -> bool:
    if want is None:
        return got is None
    return got is not None and not isinstance(got, bool) and (got == want if want.denominator == 1 and isinstance(got, int)
                                                              else got == float(want))


def _units(seed: int, version: str, n: int, mixed: bool, messy: int) -> list[Unit]:
    rng = random.Random(seed)
    return [make_unit(rng, OTHER[version] if mixed and i == n - 1 else version, f"单位{i}", rng.randint(0, messy))
            for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), version=st.sampled_from(["2021", "2019"]), n=st.integers(1, 6),
       mixed=st.booleans(), messy=st.sampled_from([0, 3, 30]))
def test_every_summed_cell_equals_an_independent_sum(seed, version, n, mixed, messy):
    units = _units(seed, version, n, mixed, messy)
    summed = sum_units(version, units)
    want = expected_cells(version, units)
    for cid, value in want.items():
        assert _equal(summed.cells[cid], value), (cid, summed.cells[cid], value)
        # a blank sum always names the units that made it blank, and only a blank one does
        assert (value is None and not get_format(version).cells[cid].derived) == bool(summed.gaps.get(cid)), cid
    # every unit named in a gap is named in a finding of the catalogue's severity
    findings = aggregate_findings(summed)
    assert all(f.severity == RULES[f.rule].severity for f in findings)
    for cid, gaps in summed.gaps.items():
        for g in gaps:
            assert any(g.unit.label in f.message and cid in f.cells for f in findings if f.rule in ("A2", "A3")), (cid, g)


def test_one_units_blank_slash_or_text_leaves_the_cell_blank_and_names_it():
    cid = "t3.new_received.natural"
    for raw in (None, "/", "五件", "19万"):
        units = _units(1, "2021", 3, False, 0)
        units[1].report.cells[cid] = raw
        summed = sum_units("2021", units)
        assert summed.cells[cid] is None and summed.cells["t3.new_received.total"] is None
        (gap,) = summed.gaps[cid]
        assert gap.unit is units[1]
        (a2,) = [f for f in aggregate_findings(summed) if f.rule == "A2"]
        assert "单位1（单位1.xlsx）" in a2.message and a2.cells == (cid,) and a2.severity == "警告"
        assert "“一、本年新收政府信息公开申请数量”行“自然人”列" in a2.message


def test_2019_amounts_in_yuan_and_wan_are_summed_in_one_unit():
    units = _units(2, "2019", 3, False, 0)
    for u, (amount, unit) in zip(units, ((12000, "元"), (1.5, "万元"), (0, None))):
        u.report.cells.update({"t2.procurement.amount": amount, PROCUREMENT_UNIT_ID: unit})
    summed = sum_units("2019", units)
    assert summed.cells["t2.procurement.amount"] == 2.7 and summed.cells[PROCUREMENT_UNIT_ID] == "万元"
    units[2].report.cells["t2.procurement.amount"] = 5          # an amount with no unit is no number
    summed = sum_units("2019", units)
    assert summed.cells["t2.procurement.amount"] is None and "未注明" in summed.gaps["t2.procurement.amount"][0].reason


def test_a_unit_of_the_other_format_adds_to_the_shared_cells_only():
    units = _units(3, "2021", 2, False, 0) + _units(4, "2019", 1, False, 0)
    summed = sum_units("2021", units)
    assert summed.cells["t3.granted.natural"] == sum(u.report.cells["t3.granted.natural"] for u in units)
    assert summed.cells["t2.licensing.decisions"] is not None            # 处理决定数量: same id, same kind
    assert summed.cells["t3.other_misc.natural"] is None and summed.cells["t2.regulations.issued"] is None
    (a3,) = [f for f in aggregate_findings(summed) if f.rule == "A3"]
    assert "是 2019 格式，汇总是 2021 格式" in a3.message and "本年新制作数量" in a3.message and "未计入" in a3.message
    assert {"t3.other_misc.natural", "t2.regulations.issued"} <= set(a3.cells) and "t3.granted.natural" not in a3.cells


def test_a_unit_without_a_year_is_summed_and_told():
    units = _units(9, "2021", 2, False, 0)
    units[1].report.meta["year"] = None
    (a9,) = [f for f in aggregate_findings(sum_units("2021", units)) if f.rule == "A9"]
    assert "单位1（单位1.xlsx）的年报没有写明报告年度" in a9.message and a9.severity == "警告"


def test_a_units_own_identity_error_is_listed():
    units = _units(5, "2021", 2, False, 0)
    units[0].report.cells["t3.new_received.natural"] += 5       # 一+二 ≠ 三+四 in that unit
    a4 = [f for f in aggregate_findings(sum_units("2021", units)) if f.rule == "A4"]
    assert any("单位0" in f.message and "T3-1" in f.message and "自然人" in f.message for f in a4)


# ---------------------------------------------------------------------------------------------
# A published 汇总 against its units

@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), version=st.sampled_from(["2021", "2019"]), n=st.integers(1, 5),
       mixed=st.booleans(), pick=st.integers(0, 10**6))
def test_the_sum_passes_and_a_changed_cell_is_the_one_error(seed, version, n, mixed, pick):
    units = _units(seed, version, n, mixed, 2)
    summed = sum_units(version, units)
    published = summary_report(summed, "某区", 2024)
    pairs = [(u.name, u.report) for u in units]
    findings = check_against_children(published, pairs)
    assert not [f for f in findings if f.severity == ERROR]
    assert {c for f in findings if f.undecided for c in f.cells} == set(summed.gaps)   # named, never passed
    assert verdict(findings) == (UNDECIDED if summed.gaps else PASS)
    known = [c for c in get_format(version).input_ids() if summed.cells.get(c) is not None
             and get_format(version).cells[c].kind is not Kind.UNIT]
    cid = known[pick % len(known)]
    published.cells[cid] = summed.cells[cid] + 1
    errors = [f for f in check_against_children(published, pairs) if f.severity == ERROR]
    assert [(f.rule, f.cells, f.expected) for f in errors] == [("A5", (cid,), summed.cells[cid])]
    assert "汇总为 " in errors[0].message and "各单位之和为" in errors[0].message


def test_a_stated_total_is_checked_when_its_parts_agree():
    units = _units(6, "2021", 3, False, 0)
    published = summary_report(sum_units("2021", units), "某区", 2024)
    right = published.cells["t3.total_processed.natural"]
    published.cells["t3.total_processed.natural"] = 0             # published as 0, as seeds 000/004 do
    (f,) = [f for f in check_against_children(published, [(u.name, u.report) for u in units]) if f.rule == "A5"]
    assert f.cells == ("t3.total_processed.natural",) and f.expected == right and f.found == 0


def test_a_missing_unit_of_the_roster_is_undecided_never_passed():
    units = _units(7, "2021", 3, False, 0)
    published = summary_report(sum_units("2021", units[:2]), "某区", 2024)
    pairs = [(u.name, u.report) for u in units[:2]]
    assert verdict(check_against_children(published, pairs)) == PASS          # without a roster: what is there
    findings = check_against_children(published, pairs, roster=["单位0", "单位1", "单位2"])
    (a6,) = findings
    assert a6.rule == "A6" and "单位2" in a6.message and "无法判断" in a6.message
    assert verdict(findings) == UNDECIDED
    findings = check_against_children(published, pairs, roster=["单位0", "单位１"])   # full-width digit: same name
    assert verdict(findings) == PASS and findings == []
    extra = check_against_children(published, pairs, roster=["单位0"])
    assert [f.rule for f in extra] == ["A7"] and "单位1" in extra[0].message


def test_another_year_and_a_second_report_of_a_unit_are_findings():
    units = _units(8, "2021", 3, False, 0)
    published = summary_report(sum_units("2021", units[:2]), "某区", 2024)
    units[2].report.meta["year"] = 2023
    pairs = [(u.name, u.report) for u in units] + [("单位0", units[0].report)]
    findings = check_against_children(published, pairs)
    assert {f.rule for f in findings} == {"A1", "A8"}
    assert any("单位2是 2023 年度的年报" in f.message for f in findings)
