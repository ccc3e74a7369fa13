"""--roster: who has not filed, reports not on the list, two reports for one year, reports of another
year; names matched after normalising (full/half width, spaces, brackets, 人民政府) by the stated rule."""
from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from generator.batch.names import normalise
from generator.batch.roster import RosterError, load, match
from test_batch import BAOSHAN, NINGBO, XINGNING, YINZHOU, run


@pytest.mark.parametrize("a, b", [
    ("宝山公安分局", " 宝山 公安分局 "),
    ("某某区人民政府", "某某区政府"),
    ("某某区人民政府", "某某区"),
    ("平潭综合实验区管理委员会", "平潭综合实验区管委会"),
    ("宁波市公安局（本级）", "宁波市公安局"),
    ("ＡＢＣ县教育局", "ABC县教育局"),
    ("兴宁市公安局(2023)", "兴宁市公安局"),
])
def test_names_that_are_one_unit(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize("a, b", [("宁波市公安局", "宁波市公安局鄞州分局"), ("某某区", "某某县"),
                                  ("人民政府", "政府办")])
def test_names_that_are_not(a, b):
    assert normalise(a) != normalise(b)


def test_suffix_rule_needs_a_unique_long_enough_match(tmp_path):
    csv = tmp_path / "名单.csv"
    csv.write_text("单位名称\n广东省兴宁市公安局\n宁波市鄞州区教育局\n宁波市海曙区教育局\n", encoding="utf-8")
    units = load(csv)
    assert match("兴宁市公安局", units)[0].name == "广东省兴宁市公安局"
    assert match("鄞州区教育局", units)[0].name == "宁波市鄞州区教育局"
    assert match("教育局", units)[0] is None              # three characters: too short to tell
    assert match("区教育局", units)[0] is None            # four, but two units end with it


def _folder(tmp_path):
    d = tmp_path / "报告"
    d.mkdir()
    for f in (YINZHOU, BAOSHAN, XINGNING, NINGBO):
        shutil.copy(f, d)
    # 宝山 sent a second, different version of its 2023 report
    (d / "宝山（修改稿）.txt").write_text(BAOSHAN.read_text(encoding="utf-8").replace("155131", "155132"),
                                        encoding="utf-8")
    # a unit that is not on the list
    text = XINGNING.read_text(encoding="utf-8").replace("兴宁市公安局", "示范县公安局")
    (d / "示范县.txt").write_text(text, encoding="utf-8")
    return d


def test_roster_cases(tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_bytes("单位名称,别名\n宁波市公安局鄞州分局,鄞州公安分局\n宝山公安分局,\n广东省兴宁市公安局,\n"
                       "示例县公安局,\n宁波市公安局,\n".encode("gb18030"))   # as Excel saves a CSV in China
    res = run(_folder(tmp_path), "--roster", roster, "--json")
    rows = json.loads(res.stdout)["sheets"]["未报送"]["rows"]
    got = {(r["case"], r["listed"], r["unit"]) for r in rows}
    assert ("未报送", "示例县公安局", None) in got
    assert ("未报送", "宁波市公安局", None) in got               # its report is of 2019, not 2023
    assert ("年度不符", "宁波市公安局", "宁波市公安局") in got
    assert ("不在名单", None, "示范县公安局") in got
    assert ("重复报送", "宝山公安分局", "宝山公安分局") in got
    assert ("名称不一致", "宁波市公安局鄞州分局", "鄞州公安分局") in got                      # matched by its alias
    assert ("名称不一致", "广东省兴宁市公安局", "兴宁市公安局") in got                        # matched by suffix
    twice = next(r for r in rows if r["case"] == "重复报送")
    assert twice["files"].split("\n") == ["002_e0a4b7f9db582c7c.txt", "宝山（修改稿）.txt"]
    assert len(rows) == 7
    assert json.loads(res.stdout)["summary"]["missing"] == 2 and "未报送 2 个单位" in res.stderr


def test_roster_as_a_workbook_and_an_explicit_year(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "单位", "备注"])
    ws.append([1, "宁波市公安局", ""])
    ws.append([2, "鹿城公安分局", "2020年度"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    res = run(_folder(tmp_path), "--roster", path, "--year", "2019", "--json")
    rows = json.loads(res.stdout)["sheets"]["未报送"]["rows"]
    assert {(r["case"], r["listed"] or r["unit"]) for r in rows if r["case"] != "年度不符"} == {
        ("未报送", "鹿城公安分局")}
    assert sum(1 for r in rows if r["case"] == "年度不符") == 5      # the 2023 reports


def test_a_headerless_roster_is_its_first_column(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("宝山公安分局\n示例县公安局\n", encoding="utf-8")
    assert [u.name for u in load(path)] == ["宝山公安分局", "示例县公安局"]


@pytest.mark.parametrize("name, content, words", [
    ("名单.txt", b"x", "应为 .xlsx 或 .csv"),
    ("名单.xlsx", b"not a zip", "名单文件无法读取"),
    ("名单.csv", b"\xff\xfe\xfa\xfb\xfc", "编码"),
    ("名单.csv", "序号,单位名称\n".encode(), "没有单位名称"),
])
def test_a_roster_that_cannot_be_read_is_exit_2(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterError, match=words):
        load(path)
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(BAOSHAN, d)
    res = run(d, "--roster", path, "-o", tmp_path / "台账.xlsx")
    assert res.exit_code == 2 and words in res.output and not (tmp_path / "台账.xlsx").exists()
