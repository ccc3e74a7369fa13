"""`xxgk batch` on real files: every form in one folder, identical files once, a damaged file is a row,
identity from the text not the file name, the 台账's sheets and layout, --json equal to the workbook,
exit codes, and a 台账 that is open or not ours is never overwritten."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "raw"
YINZHOU, NINGBO, BAOSHAN, XINGNING, LUCHENG = (SEEDS / n for n in (
    "000_2625dda15ab019a2.txt", "001_c9d434514e7b6352.txt", "002_e0a4b7f9db582c7c.txt",
    "003_92c2aee800684aca.txt", "004_136fd1d98cf7f7a0.txt"))


def run(*args: str):
    return CliRunner().invoke(main, ["batch", *map(str, args)], catch_exceptions=False)


def sheet_rows(path: Path, sheet: str, header_rows: int = 1) -> list[dict]:
    """A sheet's rows as dicts by its (first) header row, read back with openpyxl."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        it = wb[sheet].iter_rows(values_only=True)
        header = next(it)
        for _ in range(header_rows - 1):
            next(it)
        return [dict(zip(header, r)) for r in it]
    finally:
        wb.close()


def by_file(path: Path) -> dict[str, dict]:
    return {r["文件"]: r for r in sheet_rows(path, "汇总")}


def make_workbook(report_file: Path, out: Path) -> Path:
    """A filled workbook, as a unit would send it: the report imported into the template."""
    res = CliRunner().invoke(main, ["import", str(report_file), "-o", str(out)])
    assert out.exists(), res.output
    return out


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Reports in every form users send, with a copy, a damaged file and a stray archive."""
    d = tmp_path / "报告"
    (d / "区直部门").mkdir(parents=True)
    shutil.copy(YINZHOU, d / "鄞州.txt")
    shutil.copy(YINZHOU, d / "区直部门" / "鄞州（重复发送）.txt")
    shutil.copy(CORPUS / "pt-area-2024.page.html", d / "平潭.html")
    shutil.copy(CORPUS / "pt-approval-2025.lo.docx", d / "区直部门" / "审批局.docx")
    shutil.copy(CORPUS / "pt-approval-2025.lo.pdf", d / "区直部门" / "审批局.pdf")
    make_workbook(BAOSHAN, d / "宝山.xlsx")
    (d / "损坏.docx").write_bytes(b"PK\x03\x04 this is not a whole zip")
    (d / "附件.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (d / "~$宝山.xlsx").write_bytes(b"owner file of an open workbook")
    return d


def test_every_form_in_one_folder(mixed, tmp_path):
    out = tmp_path / "核查台账.xlsx"
    res = run(mixed, "-o", out, "--jobs", "2")
    assert res.exit_code == 1, res.output           # 鄞州 has 错误
    rows = by_file(out)
    # the copy once (the first by path is read, the other named), the office owner file not at all
    copy = "区直部门/鄞州（重复发送）.txt"
    assert set(rows) == {copy, "平潭.html", "区直部门/审批局.docx", "区直部门/审批局.pdf", "宝山.xlsx",
                         "损坏.docx", "附件.zip"}
    assert rows[copy]["相同文件"] == "鄞州.txt"
    rows["鄞州.txt"] = rows[copy]
    assert rows["鄞州.txt"]["单位"] == "鄞州公安分局" and rows["鄞州.txt"]["年度"] == 2023
    assert rows["鄞州.txt"]["错误"] == 6 and rows["鄞州.txt"]["无法判断"] == 1
    assert rows["平潭.html"]["类别"] == "汇总" and rows["平潭.html"]["文件类型"] == "网页"
    assert rows["平潭.html"]["本年新收"] == 218 and rows["平潭.html"]["按期发布"] == "按期"
    assert rows["区直部门/审批局.pdf"]["单位"] == "平潭综合实验区行政审批局"
    assert rows["宝山.xlsx"]["文件类型"] == "工作簿" and rows["宝山.xlsx"]["单位"] == "宝山公安分局"
    assert rows["损坏.docx"]["状态"] == "无法读取" and "不是有效的 .docx 文件" in rows["损坏.docx"]["说明"]
    assert rows["附件.zip"]["状态"] == "未核查" and "不支持的文件类型" in rows["附件.zip"]["说明"]
    assert len(rows["鄞州.txt"]["SHA-256"]) == 64
    assert "核查 8 个文件：5 份报告，1 个相同文件，2 个文件无法核查" in res.output


def test_the_same_report_in_two_forms_is_two_reports_of_one_unit(mixed, tmp_path):
    """Different bytes (docx and pdf of one report): both read, each row names the other."""
    out = tmp_path / "台账.xlsx"
    run(mixed, "-o", out)
    rows = by_file(out)
    assert "同一单位同一年度另有报告：区直部门/审批局.pdf" in rows["区直部门/审批局.docx"]["说明"]


def test_unit_and_year_come_from_the_text_not_the_file_name(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(XINGNING, d / "2019年宁波市公安局年报.txt")
    res = run(d, "--json")
    row = json.loads(res.stdout)["sheets"]["汇总"]["rows"][0]
    assert (row["unit"], row["year"], row["kind"]) == ("兴宁市公安局", 2023, "本机关")
    assert row["file"] == "2019年宁波市公安局年报.txt"


def test_a_report_without_unit_or_year_says_so(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = XINGNING.read_text(encoding="utf-8").splitlines()
    text[0] = "政府信息公开工作年度报告"       # the title names neither the unit nor the year
    body = "\n".join(text).replace("2023年", "本年").replace("2023", "本年")
    (d / "兴宁市公安局2023.txt").write_text(body, encoding="utf-8")
    res = run(d, "--json")
    row = json.loads(res.stdout)["sheets"]["汇总"]["rows"][0]
    assert row["year"] is None and "未能识别年度" in row["remarks"]


def test_json_content_equals_the_workbook(mixed, tmp_path):
    out = tmp_path / "台账.xlsx"
    res = run(mixed, "-o", out, "--json")
    data = json.loads(res.stdout)
    assert data["schema"] == "xxgk-batch/1" and data["summary"]["reports"] == 5
    wb = openpyxl.load_workbook(out, read_only=True)
    assert list(data["sheets"]) == wb.sheetnames
    for name, sheet in data["sheets"].items():
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == [h for _, h in sheet["columns"]], name
        skip = 2 if "labels" in sheet else 1
        if "labels" in sheet:
            assert list(rows[1]) == [sheet["labels"][k] for k, _ in sheet["columns"]]
        keys = [k for k, _ in sheet["columns"]]
        assert [list(r) for r in rows[skip:]] == [[row.get(k) for k in keys] for row in sheet["rows"]], name
    wb.close()
    assert len(data["sheets"]["问题清单"]["rows"]) == sum(
        (r["errors"] or 0) + (r["warnings"] or 0) + (r["infos"] or 0) + (r["undecided"] or 0)
        for r in data["sheets"]["汇总"]["rows"])


def test_the_ledger_is_chinese_filtered_frozen_and_prints_on_a4(mixed, tmp_path):
    out = tmp_path / "台账.xlsx"
    run(mixed, "-o", out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题清单", "数据", "雷同", "正文存档"]
    assert wb["正文存档"].sheet_state == "hidden"
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "A3") and ws.auto_filter.ref
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    issues = wb["问题清单"]
    header = [c.value for c in issues[1]]
    assert header[:10] == ["序号", "单位", "年度", "文件", "规则", "级别", "无法判断", "问题说明", "位置", "整改要求"]
    assert header[10:14] == ["复核结论", "复核说明", "状态", "首次发现"]
    dv = [d for d in issues.data_validations.dataValidation if "K2" in d.sqref]
    assert dv and dv[0].type == "list" and dv[0].formula1 == '"确认,不是问题,已整改"'
    fingerprints = issues.column_dimensions["O"]           # 指纹 and 数据指纹, O:P in one element
    assert fingerprints.hidden and (fingerprints.min, fingerprints.max) == (15, 16)
    data = wb["数据"]
    assert data["E1"].value == "t2.regulations.issued" and data["E2"].value == "表二“规章”行“本年制发件数”列"
    assert wb.properties.subject == "xxgk-batch-ledger/1"


def test_a_finding_says_where_in_the_published_report(mixed, tmp_path):
    out = tmp_path / "台账.xlsx"
    run(mixed, "-o", out)
    rows = sheet_rows(out, "问题清单")
    t32 = next(r for r in rows if r["单位"] == "鄞州公安分局" and r["规则"] == "T3-2" and "自然人" in r["问题说明"])
    assert t32["级别"] == "错误" and t32["位置"].startswith("原文第") and t32["整改要求"].startswith("表三（七）总计")
    m1 = next(r for r in rows if r["单位"] == "鄞州公安分局" and r["规则"] == "M1")
    assert m1["位置"].startswith("基本信息“")          # not printed in the report: named, not a workbook cell
    book = [r["位置"] for r in rows if r["文件"] == "宝山.xlsx" and r["位置"]]
    assert book and all("!" in w for w in book)          # a workbook: its sheets and cells


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(BAOSHAN, clean)
    shutil.copy(XINGNING, clean)
    assert run(clean, "-o", tmp_path / "a.xlsx").exit_code == 0
    shutil.copy(YINZHOU, clean)
    assert run(clean, "-o", tmp_path / "b.xlsx").exit_code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in ([tmp_path / "no-such-folder", "-o", tmp_path / "c.xlsx"], [empty, "-o", tmp_path / "c.xlsx"],
                 [BAOSHAN, "-o", tmp_path / "c.xlsx"], [clean]):
        res = run(*args)
        assert res.exit_code == 2 and "错误：" in res.output and "Traceback" not in res.output, args
    assert not (tmp_path / "c.xlsx").exists()


def test_only_a_damaged_file_is_exit_1_not_a_crash(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "年报.pdf").write_bytes(b"%PDF-1.4 truncated")
    (d / "年报.html").write_bytes(b"\xff\xfe\x00garbage")
    res = run(d, "--json")
    assert res.exit_code == 1
    rows = json.loads(res.stdout)["sheets"]["汇总"]["rows"]
    assert [r["status"] for r in rows] == ["无法读取", "无法读取"] and all(r["remarks"] for r in rows)


def test_a_ledger_that_is_not_ours_or_is_open_is_never_overwritten(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(BAOSHAN, d)
    foreign = make_workbook(XINGNING, tmp_path / "别人的.xlsx")
    before = foreign.read_bytes()
    res = run(d, "-o", foreign)
    assert res.exit_code == 2 and "不是 xxgk batch 生成的核查台账" in res.output
    assert foreign.read_bytes() == before
    ours = tmp_path / "台账.xlsx"
    assert run(d, "-o", ours).exit_code == 0
    lock = tmp_path / ".~lock.台账.xlsx#"
    lock.write_text("LibreOffice owner", encoding="utf-8")
    kept = ours.read_bytes()
    res = run(d, "-o", ours)
    assert res.exit_code == 2 and "正在 Excel、WPS 或 LibreOffice 中打开" in res.output and ours.read_bytes() == kept
    lock.unlink()
    res = run(d, "-o", ours)
    assert res.exit_code == 0 and "原台账已备份为 台账.备份-" in res.output
    backups = list(tmp_path.glob("台账.备份-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == kept


def test_the_ledger_and_its_backups_inside_the_folder_are_not_read_as_reports(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(BAOSHAN, d)
    out = d / "台账.xlsx"
    run(d, "-o", out)
    res = run(d, "-o", out, "--json")
    assert [r["file"] for r in json.loads(res.stdout)["sheets"]["汇总"]["rows"]] == [BAOSHAN.name]


def _dies_on_crash_files(task):
    """The real worker, except that it kills its process outright on a file named 崩溃 (what a C
    library crashing on a malformed file does): the pool breaks under the batch."""
    import os
    from generator.batch.work import process
    if Path(task[0]).stem == "崩溃":
        os._exit(1)
    return process(task)


def test_a_worker_that_dies_breaks_only_its_own_file(tmp_path, monkeypatch):
    import multiprocessing

    from generator.batch import run as run_module
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crashing worker is passed to the pool by fork")
    d = tmp_path / "in"
    d.mkdir()
    for f in (YINZHOU, NINGBO, BAOSHAN, XINGNING, LUCHENG):
        shutil.copy(f, d)
    (d / "崩溃.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(run_module, "process", _dies_on_crash_files)
    res = run(d, "--json", "--jobs", "2")
    rows = {r["file"]: r for r in json.loads(res.stdout)["sheets"]["汇总"]["rows"]}
    assert rows["崩溃.txt"]["status"] == "无法读取" and "异常退出" in rows["崩溃.txt"]["remarks"]
    assert all(r["status"] == "已核查" for f, r in rows.items() if f != "崩溃.txt") and len(rows) == 6


def test_a_second_run_onto_a_ledger_being_written_stops_and_follows_no_planted_file(tmp_path):
    import subprocess
    import sys
    import tempfile
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(BAOSHAN, d)
    ours = tmp_path / "台账.xlsx"
    assert run(d, "-o", ours).exit_code == 0
    kept = ours.read_bytes()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    # where an earlier version kept its lock: a guessable name in the shared temp folder, opened with
    # open(..., "w"), so a planted link truncated any file its victim could write
    import hashlib
    planted = Path(tempfile.gettempdir()) / f"xxgk-ledger-{hashlib.sha1(str(ours.resolve()).encode()).hexdigest()[:16]}.lock"
    planted.unlink(missing_ok=True)
    planted.symlink_to(victim)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from generator.locking import target_lock\n"
        f"with target_lock({str(ours)!r}):\n    print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        res = run(d, "-o", ours)
        assert res.exit_code == 2 and "另一个 xxgk batch 正在写入" in res.output
        assert ours.read_bytes() == kept and victim.read_text(encoding="utf-8") == "keep me"
        assert run(d, "-o", ours).exit_code == 2
    finally:
        holder.kill()
        holder.wait()
    try:
        assert run(d, "-o", ours).exit_code == 0 and victim.read_text(encoding="utf-8") == "keep me"
    finally:
        planted.unlink(missing_ok=True)
