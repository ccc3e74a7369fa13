"""The checker on Reports as published (seed truth values) and on hand-made edge cases."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cell_rules import WHITESPACE, count_chars, year_value
from generator.checker import check, has_errors, sheet_view
from generator.sheet_rows import SumRow, sheet_rows
from generator.model import get_format
from generator.report import Report, ReportError
from generator.rules import RULES, arithmetic_checks
from truth import TRUTH_FILES, truth_report

TABLE_RULES = {"T3-1", "T3-2", "T3-3", "T4-1", "T4-2", "T2-1", "T2-3", "T2-4", "V1", "V3", "V4", "V5", "V6", "S1"}

# Rule ids for the findings listed in each truth file's expected_findings. 000 also gets T3-1:
# its stated （七）总计 of 0 breaks the column identity exactly as 004's does (24+0 ≠ 0+7), which
# the truth file lists for 004 but omits for 000; the message adds that the computed total balances.
EXPECTED = {
    "000": {("T3-2", "错误"), ("T3-1", "错误")},
    "001": {("V5", "警告")},   # 采购总金额 "52226534" with no unit declared (format.md V5)
    "002": {("V4", "警告")},
    "003": set(),
    "004": {("T3-2", "错误"), ("T3-1", "错误"), ("S1", "错误"), ("V4", "警告")},
}


def _table_findings(findings):
    return {(f.rule, f.severity) for f in findings if f.rule in TABLE_RULES and not f.undecided}


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: p.name[:3])
def test_seed_as_published_gives_exactly_the_expected_table_findings(path):
    findings = check(truth_report(path))
    assert _table_findings(findings) == EXPECTED[path.name[:3]]


def test_seed_000_reports_the_misstated_total_with_stated_and_computed_values():
    findings = [f for f in check(truth_report(TRUTH_FILES[0])) if f.rule == "T3-2"]
    by_col = {f.cells[0]: f for f in findings}
    assert set(by_col) == {"t3.total_processed.natural", "t3.total_processed.commercial", "t3.total_processed.total"}
    f = by_col["t3.total_processed.total"]
    assert (f.found, f.expected) == ("0", "17")
    assert "（七）总计" in f.message and "总计" in f.message and f.where[0] == "表三!J28"
    identity = [f for f in check(truth_report(TRUTH_FILES[0])) if f.rule == "T3-1"]
    assert all("问题在于（七）总计填报有误" in f.message for f in identity)


def test_seed_004_units_are_converted_and_each_conversion_reported():
    findings = [f for f in check(truth_report(TRUTH_FILES[4])) if f.rule == "V4"]
    assert {f.cells[0]: f.expected for f in findings} == {
        "t2.other_services.prev_items": 190000, "t2.other_services.change": 10000,
        "t2.other_services.decisions": 200000, "t2.procurement.amount": 974.2}


@pytest.mark.parametrize("path", TRUTH_FILES[1:4], ids=lambda p: p.name[:3])
def test_no_table_errors_on_clean_seeds(path):
    findings = check(truth_report(path))
    assert not [f for f in findings if f.severity == "错误" and f.rule != "M1"]


def _full_report(version="2021", value=1):
    """A consistent report: every input cell = value, derived cells as stated sums."""
    fmt = get_format(version)
    cells = {cid: value for cid in fmt.input_ids() if fmt.cells[cid].kind.value != "unit"}
    r = Report(version, {"agency": "某某局", "year": 2023 if version == "2021" else 2020, "format": version,
                         "address": "某地", "phone": "0000-1234567", "publish_date": "2024-01-20" if version == "2021" else "2021-01-20"},
               {"s1.overview": "总体情况。", "s5": "存在的问题是宣传不够，下一步将改进措施，加强培训。",
                "s6": "本年度未收取信息处理费。"}, cells)
    if version == "2019":
        r.cells["t2.procurement.amount_unit"] = "元"
    # make the table 三 identity hold: carried_forward = new + carried_over - processed
    for cid in fmt.derived_ids():
        _fill_derived(r, cid)
    n_outcomes = len(fmt.t3_outcome_rows)
    for col in ("natural", "commercial", "research", "public_welfare", "legal_service", "other_org"):
        r.cells[f"t3.new_received.{col}"] = n_outcomes * value
        r.cells[f"t3.carried_over.{col}"] = value
    for cid in fmt.derived_ids():
        _fill_derived(r, cid)
    for cid in fmt.derived_ids():
        _fill_derived(r, cid)
    return r


def _fill_derived(r, cid):
    parts = r.fmt.cells[cid].parts
    vals = [r.cells.get(p) for p in parts]
    r.cells[cid] = sum(vals) if all(isinstance(v, int) for v in vals) else None


def test_a_consistent_report_has_no_findings_at_all():
    for version in ("2021", "2019"):
        assert check(_full_report(version)) == []


def test_s6_counts_the_characters_of_section_one_without_any_whitespace():
    r = _full_report("2021")
    spaced = "\u3000\u3000" + "字" * 500 + "\n\xa0 \t" + "字" * 250
    r.text["s1.overview"], r.text["s1.active"] = spaced, "（一）主动公开\u2003" + "字" * (250 - 7)
    assert [f for f in check(r) if f.rule == "S6"] == []          # exactly 1000 characters
    r.text["s1.active"] += "字"
    [f] = [f for f in check(r) if f.rule == "S6"]
    assert f.found == 1001 and "1001 字" in f.message
    r19 = _full_report("2019")
    r19.text["s1.overview"] = "字" * 1500                        # a 2021 rule only
    assert [f for f in check(r19) if f.rule == "S6"] == []


def test_blank_is_never_zero_rules_with_blank_inputs_are_undecided():
    r = _full_report()
    r.cells["t3.granted.natural"] = None
    findings = check(r)
    assert any(f.rule == "V6" and f.cells == ("t3.granted.natural",) for f in findings)
    undecided = [f for f in findings if f.undecided]
    assert {f.rule for f in undecided} == {"T3-2", "T3-3"}
    assert all(f.severity == "提示" and "无法判断" in f.message for f in undecided)
    assert not has_errors(findings)


def test_slash_and_text_are_flagged_not_read_as_numbers():
    r = _full_report()
    r.cells["t4.review.upheld"] = "/"
    r.cells["t3.granted.research"] = "无"
    findings = check(r)
    assert [f.rule for f in findings if f.cells == ("t4.review.upheld",)] == ["V6", "T4-1"]
    assert next(f for f in findings if f.rule == "T4-1").undecided
    # Text in a number cell is V4, whatever the text: a formula tells text from a number, not
    # "无" from "19万", and the live 校验 sheet must say what `xxgk validate` says.
    text = [f for f in findings if f.cells == ("t3.granted.research",)]
    assert text[0].rule == "V4" and text[0].severity == "警告" and "“无”" in text[0].message


def test_a_blank_row_is_reported_on_its_input_cells_never_on_the_locked_totals():
    r = _full_report()
    for col in ("natural", "commercial", "research", "public_welfare", "legal_service", "other_org"):
        r.cells[f"t3.granted.{col}"] = None
    for cid in r.fmt.derived_ids():   # the totals as the workbook formulas give them
        _fill_derived(r, cid)
    findings = check(r)
    v6 = {f.cells[0] for f in findings if f.rule == "V6"}
    assert v6 == {f"t3.granted.{c}" for c in ("natural", "commercial", "research", "public_welfare",
                                               "legal_service", "other_org")}
    derived = set(r.fmt.derived_ids())
    undecided = [f for f in findings if f.undecided]
    assert undecided and all(c not in derived for f in undecided for c in f.cells)
    assert all("总计" not in f.message.split("——")[1] for f in undecided)


def test_a_stated_blank_total_is_reported_itself():
    r = _full_report()
    r.cells["t4.review.total"] = None           # as published: the parts are there, the total is not
    assert [f.cells for f in check(r) if f.rule == "V6"] == [("t4.review.total",)]


def test_every_severity_is_the_catalogues():
    r = _full_report("2019")
    r.meta.update(address="", year=2021, publish_date="2022-03-01")
    r.cells.update({"t3.granted.natural": -1, "t2.procurement.amount": "12万元", "t4.review.other": "无",
                    "t2.licensing.change": " 3 ", "t3.carried_over.research": None})
    findings = check(r)
    assert {f.rule for f in findings} >= {"M1", "S4", "V1", "V4", "V6", "V7", "P1", "T3-1"}
    for f in findings:
        assert f.severity == ("提示" if f.undecided else RULES[f.rule].severity), f
    assert [f.severity for f in findings if f.rule == "M1"] == ["警告"]  # contact details: not an error


def test_negative_and_fractional_counts_are_errors_signed_change_is_not():
    r = _full_report("2019")
    r.cells["t3.granted.natural"] = -1
    r.cells["t4.review.pending"] = 1.5
    r.cells["t2.licensing.change"] = "-55"
    findings = check(r)
    rules = {(f.rule, f.cells[0]) for f in findings if f.severity == "错误"}
    assert ("V1", "t3.granted.natural") in rules and ("T4-2", "t4.review.pending") in rules
    assert not any(f.cells[:1] == ("t2.licensing.change",) and f.severity == "错误" for f in findings)


def test_t2_2019_relations():
    r = _full_report("2019")
    r.cells["t2.licensing.prev_items"], r.cells["t2.licensing.change"] = 5, -8
    r.cells["t2.normative_docs.new_published"] = 9
    rules = {f.rule for f in check(r)}
    assert {"T2-3", "T2-4"} <= rules


def test_publication_deadline_is_configurable():
    r = _full_report()
    r.meta["publish_date"] = "2024年2月10日"
    assert [f.rule for f in check(r) if f.rule == "P1"] == ["P1"]
    assert not [f for f in check(r, deadline="03-31") if f.rule == "P1"]


def test_cross_year_rules():
    prev, cur = _full_report(), _full_report()
    prev.meta["year"] = 2022
    prev.cells["t3.carried_forward.natural"] = 99
    prev.cells["t2.normative_docs.in_force"] = 10
    findings = check(cur, previous=prev)
    assert {"Y1", "Y2"} <= {f.rule for f in findings}
    y1 = next(f for f in findings if f.rule == "Y1")
    assert y1.expected == 99 and "2022" in y1.message
    p19, c19 = _full_report("2019"), _full_report("2019")
    p19.meta["year"] = 2019          # the year before (Y0: another year's file is not compared)
    c19.cells["t2.penalty.prev_items"] = 50
    assert "Y3" in {f.rule for f in check(c19, previous=p19)}


def test_format_version_must_match_year():
    r = _full_report("2019")
    r.meta["year"] = 2023
    s4 = [f for f in check(r) if f.rule == "S4"]
    assert s4 and s4[0].severity == "警告"


def _sum_statuses(report):
    """Status of each arithmetic check (index in arithmetic_checks), as the 校验 sheet shows it."""
    rows = sheet_rows(report.format)
    return dict(enumerate(s for row, (s, _) in zip(rows, sheet_view(report)) if isinstance(row, SumRow)))


def test_statuses_agree_with_findings():
    r = truth_report(TRUTH_FILES[0])
    statuses = _sum_statuses(r)
    checks = arithmetic_checks("2021")
    failing = {checks[i].subject for i, s in statuses.items() if s == "错误"}
    assert "t3.total_processed.natural" in failing


def test_whitespace_is_what_python_splits_at():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert count_chars("\u3000\u3000一、 总体\n情况\xa0") == 6


def test_year_is_a_whole_number_or_four_digits():
    assert [year_value(v) for v in (2024, 2024.0, " 2024 ", "2024")] == [2024] * 4
    assert [year_value(v) for v in (2024.5, "二〇二四", "2024年", "+2024", "1e3", True, None)] == [None] * 7


def test_the_sheet_rows_show_what_validate_finds():
    r = _full_report()
    r.meta.update(address=None, year="二〇二四", publish_date="一月")
    r.text.pop("s5")
    r.cells.update({"t3.granted.natural": -1, "t3.granted.research": "无", "t3.partial.natural": None})
    view = dict(zip(((row.rule, row.where) for row in sheet_rows("2021")), sheet_view(r)))
    assert view[("M1", "基本信息“联系地址”")] == ("警告", "")
    assert view[("M1", "基本信息“报告年度”")] == ("警告", "")
    assert view[("S4", "基本信息“报告年度”与“格式版本”")][0] == "无法判断"
    assert view[("P1", "基本信息“发布日期”（期限为次年1月31日）")][0] == "无法判断"
    assert view[("S1", "正文一、五、六")] == ("错误", "缺五")
    assert view[("V1", "表三“自然人”列")] == ("错误", "D7")
    assert view[("V6", "表三“自然人”列")] == ("警告", "D8")
    assert view[("V4", "表三“科研机构”列")] == ("警告", "F7")
    assert view[("V6", "表三“科研机构”列")] == ("通过", "")


def test_json_round_trip_and_bad_json():
    r = _full_report()
    again = Report.from_dict(json.loads(r.to_json()))
    assert again.cells == r.cells and again.meta == r.meta and again.text == r.text
    with pytest.raises(ReportError, match="format"):
        Report.from_dict({"format": "2018"})
    with pytest.raises(ReportError, match="t3.nope"):
        Report.from_dict({"format": "2021", "cells": {"t3.nope": 1}})


def test_json_totals_left_out_are_computed_but_stated_ones_are_kept():
    cells = {cid: v for cid, v in _full_report().cells.items() if not cid.startswith("t3.total_processed")}
    computed = Report.from_dict({"format": "2021", "cells": cells})
    assert computed.cells["t3.total_processed.total"] == _full_report().cells["t3.total_processed.total"]
    stated = Report.from_dict({"format": "2021", "cells": {**cells, "t3.total_processed.natural": 0}})
    assert stated.cells["t3.total_processed.natural"] == 0
    blank_part = Report.from_dict({"format": "2021", "cells": {**cells, "t3.granted.natural": None}})
    assert blank_part.cells["t3.total_processed.natural"] is None  # blank is never 0


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["2021", "2019"]), st.data())
def test_arithmetic_findings_agree_with_the_status_of_each_check(version, data):
    # check() reports the failed and undecided checks; sheet_view (the 校验 sheet) gives each check's
    # status. Small numbers make equal sums, and so passing checks, common.
    fmt = get_format(version)
    number = st.integers(0, 3) | st.floats(0, 3, allow_nan=False).map(lambda x: round(x, 1))
    blank = st.just(None) if data.draw(st.booleans()) else st.nothing()
    cells = {cid: data.draw(number | blank) for cid, c in fmt.cells.items()
             if c.kind.name not in ("UNIT", "TEXT")}
    report = Report(version, {}, {}, cells)
    statuses = _sum_statuses(report)
    checks = arithmetic_checks(version)
    rules = {c.rule for c in checks}
    failed = [f for f in check(report) if f.rule in rules and not f.undecided]
    undecided = [f for f in check(report) if f.rule in rules and f.undecided]
    assert len(failed) == sum(s not in ("通过", "无法判断") for s in statuses.values())
    assert len(undecided) == sum(s == "无法判断" for s in statuses.values())
    for f in failed:
        i = next(i for i, c in enumerate(checks) if c.cells == f.cells and statuses[i] not in ("通过", "无法判断"))
        assert f.severity == statuses[i]
