"""Who filed, for which year, 本机关 or 汇总 — by the rule stated in generator/batch/identify.py —
and a region's 汇总 checked against its units' reports when the folder holds both (issue 16's
check_against_children, called by the batch)."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.batch.children import children_of
from generator.batch.identify import OWN, SUMMARY, identify, kind_of
from generator.batch.results import FileResult
from generator.importer import import_path
from generator.rules import RULES
from test_batch import BAOSHAN, CORPUS, NINGBO, SEEDS, XINGNING, run


@pytest.mark.parametrize("unit, title, kind", [
    ("平潭综合实验区", "平潭综合实验区2024年度政府信息公开工作年度报告", SUMMARY),
    ("某某市人民政府", "某某市人民政府2024年政府信息公开工作年度报告", SUMMARY),
    ("某某县", "某某县2024年政府信息公开工作年度报告", SUMMARY),
    ("某某自治州", "", SUMMARY),
    ("平潭综合实验区管委会", "", SUMMARY),
    ("某某区教育局", "某某区2024年政府信息公开工作年度报告（汇总）", SUMMARY),
    ("某某区本级政府", "某某区本级政府2024年政府信息公开工作年度报告", SUMMARY),
    ("宁波市公安局", "宁波市公安局2019年度政府信息公开工作年度报告", OWN),
    ("某某市人民政府办公室", "", OWN),
    ("某某镇人民政府", "", OWN),
    ("某某街道办事处", "", OWN),
    ("平潭综合实验区行政审批局", "", OWN),
    (None, "2024年政府信息公开工作年度报告", OWN),
])
def test_kind_rule(unit, title, kind):
    assert kind_of(unit, title, {})[0] == kind


def test_text_that_says_汇总_makes_a_汇总_but_全市_alone_does_not():
    assert kind_of("某某区", "", {})[0] == SUMMARY
    assert kind_of("某某区政务公开办", "", {"opening": "本报告由区政务公开办汇总全区各部门情况编制。"})[0] == SUMMARY
    # 宁波市公安局 writes 「全市县级公安机关」: a department all the same
    report = import_path(NINGBO).report
    assert "全市" in report.text["s1.oversight"]
    assert identify(report).kind == OWN


@pytest.mark.parametrize("name, unit, year, kind", [
    ("pt-area-2024.page.html", "平潭综合实验区", 2024, SUMMARY),
    ("pt-area-2019.cell-per-line.txt", "平潭综合实验区", 2019, SUMMARY),
    ("pt-police-2021.cell-per-line.txt", "平潭综合实验区公安局", 2021, OWN),
    ("pt-approval-2025.lo.pdf", "平潭综合实验区行政审批局", 2025, OWN),
])
def test_real_reports(name, unit, year, kind):
    who = identify(import_path(CORPUS / name).report)
    assert (who.unit, who.year, who.kind) == (unit, year, kind)


def test_a_title_without_the_unit_takes_it_from_the_opening_sentence(tmp_path):
    text = (SEEDS / "000_2625dda15ab019a2.txt").read_text(encoding="utf-8")
    text = text.replace("鄞州公安分局2023年政府信息公开工作年度报告", "2023年政府信息公开工作年度报告", 1)
    p = tmp_path / "鄞州.txt"
    p.write_text(text, encoding="utf-8")
    who = identify(import_path(p).report)
    assert who.unit == "宁波市公安局鄞州分局" and "单位取自正文开头" in who.note


def _r(rel: str, kind: str = OWN, year: int = 2024) -> FileResult:
    return FileResult(rel, "0" * 64, 0, kind=kind, year=year)


def test_the_units_of_a_汇总_are_its_folder_and_below_with_lower_汇总_standing_for_theirs():
    results = [_r("市汇总.txt", SUMMARY), _r("市教育局.txt"), _r("市公安局.txt"), _r("上年/市教育局.txt", year=2023),
               _r("甲县/甲县汇总.txt", SUMMARY), _r("甲县/甲县教育局.txt"), _r("甲县/乙镇/乙镇汇总.txt", SUMMARY),
               _r("甲县/乙镇/乙镇派出所.txt"), _r("丙县/丙县公安局.txt")]
    names = [r.rel for r in results]
    assert [names[j] for j in children_of(0, results)] == ["市教育局.txt", "市公安局.txt", "甲县/甲县汇总.txt",
                                                           "丙县/丙县公安局.txt"]
    assert [names[j] for j in children_of(4, results)] == ["甲县/甲县教育局.txt", "甲县/乙镇/乙镇汇总.txt"]
    assert [names[j] for j in children_of(6, results)] == ["甲县/乙镇/乙镇派出所.txt"]


def _as_2024(src, out, name=None):
    text = re.sub(r"2023", "2024", src.read_text(encoding="utf-8"))
    out.write_text(text, encoding="utf-8")


def test_a_汇总_is_checked_against_its_units(tmp_path):
    d = tmp_path / "平潭"
    d.mkdir()
    shutil.copy(CORPUS / "pt-area-2024.page.html", d / "平潭综合实验区2024.html")
    _as_2024(BAOSHAN, d / "宝山.txt")
    _as_2024(XINGNING, d / "兴宁.txt")
    roster = tmp_path / "名单.csv"
    roster.write_text("单位名称\n宝山公安分局\n兴宁市公安局\n", encoding="utf-8")
    data = json.loads(run(d, "--json").stdout)
    summary = next(r for r in data["sheets"]["汇总"]["rows"] if r["kind"] == SUMMARY)
    assert "已与下属单位的 2 份报告核对合计" in summary["remarks"]
    mine = [r for r in data["sheets"]["问题清单"]["rows"] if r["unit"] == "平潭综合实验区" and r["rule"].startswith("A")]
    assert any(r["rule"] == "A5" and r["severity"] == RULES["A5"].severity for r in mine)
    assert summary["errors"] == sum(1 for r in data["sheets"]["问题清单"]["rows"]
                                    if r["unit"] == "平潭综合实验区" and r["severity"] == "错误")
    # with a roster that names a unit without a report, the check is undecided, never passed
    roster.write_text("单位名称\n宝山公安分局\n兴宁市公安局\n示例县公安局\n", encoding="utf-8")
    data = json.loads(run(d, "--json", "--roster", roster).stdout)
    mine = [r for r in data["sheets"]["问题清单"]["rows"] if r["unit"] == "平潭综合实验区" and r["rule"].startswith("A")]
    assert any(r["rule"] == "A6" and "示例县公安局" in r["message"] for r in mine)
    assert not any(r["rule"] == "A5" for r in mine)


def test_a_汇总_alone_says_its_sum_was_not_checked(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPUS / "pt-area-2024.page.html", d)
    row = json.loads(run(d, "--json").stdout)["sheets"]["汇总"]["rows"][0]
    assert row["kind"] == SUMMARY and "没有其下属单位同一年度的报告" in row["remarks"]


def test_a_汇总_is_held_to_the_summary_deadline(tmp_path):
    """平潭's 2024 report was published on 2025-03-10: in time for 本级政府 (03-31), late for 02-20."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPUS / "pt-area-2024.page.html", d)
    shutil.copy(CORPUS / "pt-approval-2025.page.html", d)     # a department, published 2026-01-30
    rows = {r["unit"]: r for r in json.loads(run(d, "--json").stdout)["sheets"]["汇总"]["rows"]}
    assert rows["平潭综合实验区"]["on_time"] == "按期" and rows["平潭综合实验区行政审批局"]["on_time"] == "按期"
    data = json.loads(run(d, "--json", "--summary-deadline", "02-20", "--deadline", "01-20").stdout)
    rows = {r["unit"]: r for r in data["sheets"]["汇总"]["rows"]}
    assert rows["平潭综合实验区"]["on_time"] == "逾期" and rows["平潭综合实验区行政审批局"]["on_time"] == "逾期"
    p1 = [r for r in data["sheets"]["问题清单"]["rows"] if r["rule"] == "P1"]
    assert {r["message"] for r in p1} == {"发布日期 2025-03-10 晚于规定期限 2025-02-20",
                                          "发布日期 2026-01-30 晚于规定期限 2026-01-20"}
