"""Year on year: S10 (work phrases naming another year), S8 (narrative copied from last year),
Y0 (the --previous file is the same agency's report of the year before) and M2 (postcode)."""
import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checker import check
from generator.cli import main
from generator.importer import import_path
from generator.work_year import wrong_years
from test_checker import _full_report

from truth import CORPUS  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REAL = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted(
    p for p in (CORPUS / "raw").glob("*") if p.suffix in (".html", ".docx") or "cell-per-line" in p.name)


def _rules(findings, *rules):
    return [f for f in findings if f.rule in rules]


@pytest.fixture(scope="module")
def imported():
    return {p.name: import_path(p).report for p in REAL}


def test_real_reports_name_their_own_year(imported):
    assert len(imported) >= 10
    for name, r in imported.items():
        assert _rules(check(r), "S10") == [], name


@pytest.mark.parametrize("name, fields", [
    # the opening too, where it states the year's statistics period (统计期限自2023年1月1日……)
    ("003_92c2aee800684aca.txt", {"opening", "s5"}),                      # 「2023年，兴宁市公安局在……」
    ("001_c9d434514e7b6352.txt", {"opening", "s1.overview", "s5"}),      # 「2019年，我局……」
    ("pt-police-2021.cell-per-line.txt", {"s1.overview", "s1.active", "s5"}),
    ("pt-approval-2025.page.html", {"opening", "s5"}),
])
def test_last_years_text_in_this_years_report_is_flagged(imported, name, fields):
    r = copy.deepcopy(imported[name])
    year = r.year
    r.meta["year"] = year + 1          # the same words, published as next year's report
    found = _rules(check(r), "S10")
    assert {f.cells[0] for f in found} == fields
    assert all(f"写的是 {year} 年的工作" in f.message and f"本报告是 {year + 1} 年度" in f.message for f in found)


@pytest.mark.parametrize("text, flagged", [
    ("2023年，我局共收到申请10件。", True),
    ("2023年度我局加强培训。", True),
    ("工作有序推进。2023年，某某区人民政府办公室完成了目录编制。", True),
    ("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。", True),
    ("与2023年相比，我局收到的申请增加。", False),
    ("2023年以来，我局持续推进政务公开。", False),
    ("2025年，我局将进一步优化工作流程。", False),
    ("2024年，我局共收到申请10件。", False),
    ("我局2023年出台的规范性文件，本年继续有效。", False),
])
def test_work_phrases_and_other_mentions_of_a_year(text, flagged):
    assert bool(wrong_years(text, 2024, "某某区人民政府办公室")) is flagged


def test_copied_section_five_is_flagged_even_with_the_year_changed(imported):
    prev = copy.deepcopy(imported["pt-area-2024.page.html"])
    cur = copy.deepcopy(prev)
    prev.meta["year"] = 2023
    prev.text["s5"] = prev.text["s5"].replace("2024年", "2023年").replace("2025年", "2024年")
    cur.text["s1.overview"] = "本年度，实验区围绕年度工作要点，编制主动公开目录，完成了政府网站集约化改造。"
    s8 = _rules(check(cur, previous=prev), "S8")
    assert "s5" in {f.cells[0] for f in s8} and "s1.overview" not in {f.cells[0] for f in s8}
    f = next(f for f in s8 if f.cells == ("s5",))
    assert "五、存在的主要问题及改进情况与上年年报相同" in f.message and f.severity == "警告"
    cur.text["s5"] = cur.text["s5"].replace("优化主动公开目录", "完善主动公开目录").replace("仍需创新", "有待创新")
    [f] = [f for f in _rules(check(cur, previous=prev), "S8") if f.cells == ("s5",)]
    assert "与上年年报基本相同" in f.message


def test_different_years_of_one_agency_are_not_flagged_as_copies(imported):
    prev, cur = imported["pt-area-2019.cell-per-line.txt"], imported["pt-area-2021.cell-per-line.txt"]
    assert _rules(check(cur, previous=prev), "S8") == []


def test_short_texts_that_recur_every_year_are_not_copies():
    prev, cur = _full_report(), _full_report()
    prev.meta["year"] = 2022
    for r in (prev, cur):
        r.text.update({"s6": "无。", "s6.fees": "本年度未收取信息处理费。"})
    assert _rules(check(cur, previous=prev), "S8") == []


def test_another_agencys_or_years_file_is_said_and_its_figures_not_compared():
    cur = _full_report()
    other = _full_report()
    other.meta.update(year=2022, agency="另一个局")
    other.cells["t3.carried_forward.natural"] = 99
    found = check(cur, previous=other)
    [y0] = _rules(found, "Y0")
    assert "“另一个局”" in y0.message and "未进行" in y0.message and _rules(found, "Y1") == []
    two_back = _full_report()
    two_back.meta["year"] = 2021
    two_back.cells["t3.carried_forward.natural"] = 99
    [y0] = _rules(check(cur, previous=two_back), "Y0")
    assert "2021 年度" in y0.message and "应为 2022 年度" in y0.message
    right = copy.deepcopy(two_back)
    right.meta["year"] = 2022
    found = check(cur, previous=right)
    assert _rules(found, "Y0") == [] and _rules(found, "Y1")


def test_cli_previous_warns_about_the_wrong_file(tmp_path):
    cur, other = _full_report(), _full_report()
    other.meta.update(year=2023, agency="另一个局")
    a, b = tmp_path / "cur.json", tmp_path / "other.json"
    a.write_text(cur.to_json(), encoding="utf-8")
    b.write_text(other.to_json(), encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(a), "--previous", str(b), "--json"])
    rules = {f["rule"] for f in json.loads(res.output)["findings"]}
    assert "Y0" in rules
    res = CliRunner().invoke(main, ["validate", str(a), "--previous", str(b)])
    assert "[警告] Y0" in res.output and "2023 年度" in res.output


@pytest.mark.parametrize("postcode, says", [
    (10010, "应为 010010"), ("31504", "六位数字"), ("3150400", "六位数字"), ("315O40", "六位数字"),
    ("315040", None), ("010010", None), (None, None),
])
def test_postcode_has_six_digits(postcode, says):
    r = _full_report()
    r.meta["postcode"] = postcode
    m2 = _rules(check(r), "M2")
    assert (m2[0].message if m2 else None) is None if says is None else says in m2[0].message
    if says:
        assert m2[0].cells == ("meta.postcode",) and m2[0].severity == "警告"


def test_a_phone_number_kept_as_a_number_is_flagged():
    r = _full_report()
    r.meta["phone"] = 57412345678
    [m2] = _rules(check(r), "M2")
    assert "57412345678" in m2.message and "文本格式" in m2.message


def test_validate_previous_takes_last_years_published_report(tmp_path):
    seed = sorted((FIXTURES / "seeds").glob("000_*.txt"))[0]
    cur = import_path(seed).report
    cur.meta["year"] = 2024                    # last year's text, sent in again as this year's
    a = tmp_path / "2024.json"
    a.write_text(cur.to_json(), encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(a), "--previous", str(seed), "--json"])
    found = json.loads(res.output)["findings"]
    copied = {f["cells"][0] for f in found if f["rule"] == "S8"}
    assert {"s1.active", "s5"} <= copied and not [f for f in found if f["rule"] == "Y0"]
    assert any(f["rule"] == "S10" for f in found)      # 「2023年度，我局……」 in a 2024 report
