"""xxgk aggregate, validate --children/--roster and render --from on real files: units as workbooks,
a JSON export and a published text report; what is refused (another year, a unit twice, an
unreadable file), a 2019 unit in a 2021 汇总, a blank cell named, the 来源 sheet, a missing unit."""
from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importer import import_path
from generator.model import get_format
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from truth import SEEDS, TRUTH_FILES, truth_report

REGION = "某某区人民政府"
SEED_TEXT = SEEDS / (TRUTH_FILES[0].stem + ".txt")      # 鄞州公安分局 2023, 2021 format


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="xxgk")


def unit(i: int, name: str, year: int = 2023, **cells):
    r = truth_report(TRUTH_FILES[i])
    r.meta.update(agency=name, year=year)
    r.cells.update(cells)
    return r


@pytest.fixture()
def folder(tmp_path):
    """Four units of 2023 in three forms."""
    d = tmp_path / "各单位"
    d.mkdir()
    build_workbook(d / "公安分局.xlsx", report=unit(0, "某某区公安分局"))
    # seed 002 publishes its fee as "1.47万元" (text, which leaves a sum blank): here the number
    build_workbook(d / "市场监管局.xlsx", report=unit(2, "某某区市场监管局", **{"t2.fees.amount_wan_yuan": 1.47}))
    (d / "财政局.json").write_text(unit(3, "某某区财政局").to_json(), encoding="utf-8")
    shutil.copy(SEED_TEXT, d / "鄞州公安.txt")
    return d


def _inputs(version):
    fmt = get_format(version)
    return [c for c in fmt.input_ids() if fmt.cells[c].kind.value != "unit"]


def test_a_folder_of_workbooks_json_and_a_published_report(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 0, r.output
    for name in ("公安分局.xlsx", "市场监管局.xlsx", "财政局.json", "鄞州公安.txt"):
        assert name in r.output
    units = [read_workbook(folder / "公安分局.xlsx"), read_workbook(folder / "市场监管局.xlsx"),
             unit(3, "某某区财政局"), import_path(folder / "鄞州公安.txt").report]
    got = read_workbook(out)
    assert (got.meta["agency"], got.meta["year"], got.format) == (REGION, 2023, "2021")
    for cid in _inputs("2021"):
        assert got.cells[cid] == pytest.approx(sum(float(u.cells[cid]) for u in units)), cid   # "22.53" is 22.53
    assert got.cells["t3.total_processed.total"] == sum(got.cells[f"t3.{r.id}.total"] for r in got.fmt.t3_outcome_rows)
    # 来源: each unit's value and file for every summed cell
    ws = openpyxl.load_workbook(out)["来源"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][4:8] == ("某某区公安分局", "某某区市场监管局", "某某区财政局", "鄞州公安分局")
    assert rows[2][4:8] == ("公安分局.xlsx", "市场监管局.xlsx", "财政局.json", "鄞州公安.txt")
    by_title = {row[0]: row for row in rows[4:]}
    row = by_title["表三“一、本年新收政府信息公开申请数量”行“自然人”列"]
    assert row[1] == "表三!D5" and row[2] == got.cells["t3.new_received.natural"]
    assert list(row[4:8]) == [u.cells["t3.new_received.natural"] for u in units]
    fee = by_title["表二“行政事业性收费”行“本年收费金额（单位：万元）”列"]
    assert fee[4:8] == (1177.669, 1.47, "22.53", 1177.669)     # as each unit holds it: the JSON's text kept
    assert len(rows) - 4 == len(_inputs("2021"))


def test_a_unit_of_another_year_is_refused(folder, tmp_path):
    build_workbook(folder / "旧.xlsx", report=unit(0, "某某区教育局", year=2022))
    out = tmp_path / "汇总.xlsx"
    r = run("aggregate", folder, "-o", out, "--agency", REGION, "--year", 2023)
    assert r.exit_code == 2 and not out.exists()
    assert "“旧.xlsx”是 2022 年度的年报，汇总的是 2023 年度" in r.output
    r = run("aggregate", folder, "-o", out, "--agency", REGION)        # no --year: which one?
    assert r.exit_code == 2 and "各单位年报的年度不同（2022、2023）" in r.output and "--year" in r.output


def test_a_2019_unit_in_a_2021_region_adds_the_shared_cells_and_lists_the_rest(tmp_path):
    d = tmp_path / "units"
    d.mkdir()
    a, b = unit(0, "甲局"), unit(1, "乙局")                              # seed 001 is a 2019-format report
    build_workbook(d / "甲局.xlsx", report=a)
    build_workbook(d / "乙局.xlsx", report=b)
    out = tmp_path / "汇总.xlsx"
    r = run("aggregate", d, "-o", out, "--agency", REGION)
    assert r.exit_code == 1, r.output
    assert "乙局（乙局.xlsx）是 2019 格式，汇总是 2021 格式" in r.output and "未计入" in r.output
    got = read_workbook(out)
    a, b = read_workbook(d / "甲局.xlsx"), read_workbook(d / "乙局.xlsx")
    assert got.cells["t3.granted.natural"] == a.cells["t3.granted.natural"] + b.cells["t3.granted.natural"]
    assert got.cells["t4.review.upheld"] == a.cells["t4.review.upheld"] + b.cells["t4.review.upheld"]
    assert got.cells["t2.penalty.decisions"] == a.cells["t2.penalty.decisions"] + b.cells["t2.penalty.decisions"]
    for cid in ("t2.regulations.issued", "t2.fees.amount_wan_yuan", "t3.other_misc.natural"):
        assert got.cells[cid] is None, cid
    rows = {row[0]: row for row in openpyxl.load_workbook(out)["来源"].iter_rows(values_only=True)}
    row, head = rows["表二“规章”行“本年制发件数”列"], rows["单元格"]
    assert row[3] == "留空：乙局是 2019 格式，没有这一项"
    assert row[head.index("乙局")] == "（无此项）" and row[head.index("甲局")] == a.cells["t2.regulations.issued"]


def test_a_blank_slash_or_text_cell_is_named_and_left_blank(folder, tmp_path):
    build_workbook(folder / "公安分局.xlsx", report=unit(0, "某某区公安分局", **{"t4.review.upheld": "/"}))
    out = tmp_path / "汇总.xlsx"
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 1
    assert "某某区公安分局（公安分局.xlsx）：表四“行政复议”“结果维持”填“/”" in r.output and "留空" in r.output
    got = read_workbook(out)
    assert got.cells["t4.review.upheld"] is None and got.cells["t4.review.total"] is None
    rows = {row[0]: row for row in openpyxl.load_workbook(out)["来源"].iter_rows(values_only=True)}
    assert rows["表四“行政复议”“结果维持”"][3] == "留空：某某区公安分局填“/”"


def test_what_would_make_the_sum_wrong_stops_the_run(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    shutil.copy(folder / "公安分局.xlsx", folder / "公安分局（副本）.xlsx")
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 broken")
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 2 and not out.exists()
    assert "坏.docx" in r.output and "无法读取" in r.output
    (folder / "坏.docx").unlink()
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 2 and "“公安分局.xlsx”“公安分局（副本）.xlsx”都是“某某区公安分局”的年报" in r.output


def test_the_regions_own_report_subfolders_and_other_files_are_skipped_and_said(folder, tmp_path):
    build_workbook(folder / "上次汇总.xlsx", report=unit(0, REGION))
    (folder / "下属乡镇").mkdir()
    (folder / "说明.png").write_bytes(b"\x89PNG")
    out = tmp_path / "汇总.xlsx"
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 0, r.output
    assert "已跳过“上次汇总.xlsx”：它是“某某区人民政府”本身的报告" in r.output
    assert "未读取子文件夹“下属乡镇”" in r.output and "已跳过“说明.png”" in r.output
    assert "汇总了 4 个单位的年报" in r.output and "上次汇总.xlsx）" not in r.output
    r = run("aggregate", folder, "-o", out, "--agency", REGION)
    assert r.exit_code == 2 and "已存在" in r.output and "--force" in r.output


# ---------------------------------------------------------------------------------------------
# validate --children

@pytest.fixture()
def summary(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    assert run("aggregate", folder, "-o", out, "--agency", REGION).exit_code == 0
    return out


def test_validate_children_passes_the_sum_and_names_a_wrong_cell(folder, summary, tmp_path):
    r = run("validate", summary, "--children", folder)
    assert "汇总核对" in r.output and r.output.rstrip().endswith("通过") and "A5" not in r.output
    wb = openpyxl.load_workbook(summary)
    ws, cell = wb["表三"], "D5"
    right = ws[cell].value
    ws[cell] = right + 3
    wrong = tmp_path / "汇总_改.xlsx"
    wb.save(wrong)
    r = run("validate", wrong, "--children", folder)
    assert r.exit_code == 1
    assert (f"[错误] A5 表三“一、本年新收政府信息公开申请数量”行“自然人”列：汇总为 {right + 3}，"
            f"各单位之和为 {right}") in r.output
    assert r.output.rstrip().endswith("错误")
    data = json.loads(run("validate", wrong, "--children", folder, "--json").output)
    assert data["children"]["verdict"] == "错误" and data["children"]["units"] == 4


def test_a_missing_unit_of_the_roster_is_undecided_and_named(folder, summary, tmp_path):
    roster = tmp_path / "名单.txt"
    roster.write_text("单位名称\n某某区公安分局\n某某区市场监管局\n某某区财政局\n鄞州公安分局\n某某区教育局\n", encoding="utf-8")
    r = run("validate", summary, "--children", folder, "--roster", roster)
    assert "[警告] A6 无法判断：名单中有 1 个单位没有年报：某某区教育局" in r.output
    assert r.output.rstrip().endswith("无法判断") and "通过" not in r.output.splitlines()[-1]
    roster.write_text("某某区公安分局\n某某区市场监管局\n某某区财政局\n鄞州公安分局\n", encoding="utf-8")
    assert run("validate", summary, "--children", folder, "--roster", roster).output.rstrip().endswith("通过")
    r = run("validate", summary, "--roster", roster)
    assert r.exit_code == 2 and "--children" in r.output


# ---------------------------------------------------------------------------------------------
# render: the narrative is the clerk's, or last year's as a marked starting point

def test_render_leaves_the_narrative_to_the_clerk_or_starts_from_last_years(summary, tmp_path):
    out = tmp_path / "汇总.txt"
    r = run("render", summary, "-o", out)
    assert r.exit_code == 1 and "S1" in r.output and "--draft" in r.output       # nothing written for him
    r = run("render", summary, "-o", out, "--draft")
    assert r.exit_code == 0 and "（本部分未填写）" in out.read_text(encoding="utf-8")
    last = read_workbook(summary)
    last.meta["year"] = 2022
    last.text = {"s1.overview": "2022年，全区政务公开工作稳步推进。", "s5": "问题是公开不够及时；改进：加强培训。",
                 "s6": "无其他事项。", "s6.fees": "本年度未收取信息处理费。"}
    build_workbook(tmp_path / "上年汇总.xlsx", report=last)
    r = run("render", summary, "-o", out, "--from", tmp_path / "上年汇总.xlsx", "--force")
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "2022年，全区政务公开工作稳步推进。" in text
    assert text.count("【以上为上年（2022年度）报告的文字，仅作起草参考，请按本年度情况改写后删去本行】") == 4
    assert text.startswith("【草稿——本报告的部分正文是上年报告的文字（已标明），仅作起草参考，不得发布】")
    assert "【草稿】某某区人民政府2023年政府信息公开工作年度报告" in text


def test_a_units_formula_like_text_stays_text_in_the_sources_sheet(folder, tmp_path):
    (folder / "财政局.json").write_text(unit(3, "某某区财政局", **{"t4.review.upheld": "=1+1"}).to_json(),
                                      encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    assert run("aggregate", folder, "-o", out, "--agency", REGION).exit_code == 1
    ws = openpyxl.load_workbook(out)["来源"]
    (row,) = [r for r in ws.iter_rows() if r[0].value == "表四“行政复议”“结果维持”"]
    head = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    cell = row[head.index("某某区财政局")]
    assert cell.value == "=1+1" and cell.data_type == "s"          # never a formula
    assert row[2].value is None and "某某区财政局填写“=1+1" in row[3].value
