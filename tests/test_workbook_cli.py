"""The workbook commands as a clerk runs them: template, export, fill (new / into an existing
workbook), and broken workbooks given to `xxgk validate` (exit code 2, Chinese message, no traceback)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.layout import defined_name
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from truth import TRUTH_FILES, truth_report


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _input_json(tmp_path: Path, seed: str = "003") -> Path:
    report = truth_report(next(p for p in TRUTH_FILES if p.name.startswith(seed)))
    report.meta.update({"address": "某路1号", "phone": "0574-12345678", "publish_date": "2025-01-20"})
    report.text["s5"] = "存在的问题：公开内容不够全面。改进措施：下一步完善目录。"
    out = tmp_path / f"{seed}.json"
    out.write_text(report.to_json(), encoding="utf-8")
    return out


# -- template ----------------------------------------------------------------------------------

def test_template_format_from_year_and_no_overwrite(tmp_path):
    out = tmp_path / "年报.xlsx"
    r = run("template", "--year", 2020, "--agency", "某县公安局", "-o", out)
    assert r.exit_code == 0, r.output
    assert "2019 格式" in r.output
    rep = read_workbook(out)
    assert (rep.format, rep.meta["year"], rep.meta["agency"]) == ("2019", 2020, "某县公安局")
    before = out.read_bytes()
    r = run("template", "-o", out)
    assert r.exit_code == 2 and "已存在" in r.output and "--force" in r.output
    assert out.read_bytes() == before
    r = run("template", "--format", "2021", "-o", out, "--force")
    assert r.exit_code == 0 and read_workbook(out).format == "2021"


def test_template_macros_need_xlsm(tmp_path):
    r = run("template", "--macros", "-o", tmp_path / "a.xlsx")
    assert r.exit_code == 2 and ".xlsm" in r.output
    assert not (tmp_path / "a.xlsx").exists()


# -- export / fill -----------------------------------------------------------------------------

def test_fill_new_export_round_trip(tmp_path):
    src = _input_json(tmp_path)
    book = tmp_path / "new.xlsx"
    r = run("fill", src, "-o", book)
    assert r.exit_code == 0, r.output
    r = run("export", book, "-o", tmp_path / "back.json")
    assert r.exit_code == 0, r.output
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    orig = json.loads(src.read_text(encoding="utf-8"))
    for cid, v in orig["cells"].items():
        # seed 003 totals are consistent, so stated = computed; its 收费金额 "22.53" (text in the
        # JSON) goes into the workbook as the number a formula can sum
        assert back["cells"][cid] == (22.53 if v == "22.53" else v), cid
    assert back["meta"]["publish_date"] == orig["meta"]["publish_date"]   # written as a date, read back
    assert back["meta"]["phone"] == "0574-12345678" and back["text"]["s5"] == orig["text"]["s5"]
    assert run("validate", book).exit_code in (0, 1)


def test_fill_into_keeps_existing_values_unless_forced(tmp_path):
    src = _input_json(tmp_path)
    book = tmp_path / "mine.xlsx"
    build_workbook(book, "2021")
    wb = openpyxl.load_workbook(book)
    sheet, coord = next(wb.defined_names[defined_name("t3.granted.natural")].destinations)
    wb[sheet][coord.replace("$", "")] = 99  # the clerk already typed a different number
    wb.save(book)
    before = book.read_bytes()

    r = run("fill", src, "--into", book)
    assert r.exit_code == 1, r.output
    assert f"覆盖 {sheet}!{coord.replace('$', '')}：99 →" in r.output and "未写入" in r.output
    assert book.read_bytes() == before  # nothing written

    r = run("fill", src, "--into", book, "--dry-run", "--force")
    assert r.exit_code == 0 and "试运行" in r.output and book.read_bytes() == before

    r = run("fill", src, "--into", book, "--force")
    assert r.exit_code == 0, r.output
    rep = read_workbook(book)
    want = json.loads(src.read_text(encoding="utf-8"))["cells"]["t3.granted.natural"]
    assert rep.cells["t3.granted.natural"] == want
    assert rep.cells["t3.new_received.natural"] == json.loads(src.read_text(encoding="utf-8"))["cells"]["t3.new_received.natural"]
    # Formulas survived the openpyxl save: totals are still formulas.
    wb = openpyxl.load_workbook(book)
    s, c = next(wb.defined_names[defined_name("t3.total_processed.total")].destinations)
    assert str(wb[s][c.replace("$", "")].value).startswith("=IF(COUNT(")
    # A second fill changes nothing.
    r = run("fill", src, "--into", book)
    assert r.exit_code == 0 and "无需修改" in r.output


def test_fill_into_xlsm_keeps_vba_byte_identical(tmp_path):
    """A macro workbook (VBA project, ribbon) is filled through openpyxl; its macro parts come back
    byte for byte."""
    book = build_workbook(tmp_path / "mac.xlsm", "2021", macros=True)
    with zipfile.ZipFile(book) as z:
        before = {p: z.read(p) for p in ("xl/vbaProject.bin", "customUI/customUI.xml")}
    r = run("fill", _input_json(tmp_path), "--into", book)
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(book) as z:
        assert {p: z.read(p) for p in before} == before
        assert "macroEnabled" in z.read("[Content_Types].xml").decode()
    assert read_workbook(book).cells["t3.new_received.natural"] is not None


def test_fill_refuses_other_format(tmp_path):
    book = build_workbook(tmp_path / "w19.xlsx", "2019")
    r = run("fill", _input_json(tmp_path, "003"), "--into", book)
    assert r.exit_code == 2 and "2019 格式" in r.output and "2021 格式" in r.output


# -- broken workbooks --------------------------------------------------------------------------

def _template(tmp_path, name="b.xlsx") -> Path:
    return build_workbook(tmp_path / name, "2021")


def _modify(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _no_traceback(r):
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_text_in_number_cell_reads_and_is_flagged(tmp_path):
    path = _template(tmp_path)
    src = _input_json(tmp_path)
    run("fill", src, "--into", path)

    def put_text(wb):
        s, c = next(wb.defined_names[defined_name("t3.granted.natural")].destinations)
        wb[s][c.replace("$", "")] = "五件"
    _modify(path, put_text)
    r = run("validate", path)
    _no_traceback(r)
    assert r.exit_code == 1
    assert "[警告] V4" in r.output and "五件" in r.output and "表三!D7" in r.output


@pytest.mark.parametrize("case", ["deleted_name", "ref_name", "missing_sheet", "bad_format", "not_xlsx",
                                  "empty", "xls_renamed", "truncated"])
def test_broken_workbook_exit_2(tmp_path, case):
    path = _template(tmp_path)
    expect = {
        "deleted_name": ["XXGK_t3_granted_natural", "已被删除", "（一）予以公开", "自然人", "表三!D7"],
        "ref_name": ["XXGK_t4_review_total", "#REF!"],
        "missing_sheet": ["缺少工作表", "表三"],
        "bad_format": ["格式版本", "2020", "2021 或 2019"],
        "not_xlsx": ["不是 Excel 工作簿"],
        "empty": ["空文件"],
        "xls_renamed": ["不是 Excel 工作簿"],
        "truncated": ["b.xlsx"],
    }[case]
    if case == "deleted_name":
        _modify(path, lambda wb: wb.defined_names.pop("XXGK_t3_granted_natural"))
    elif case == "ref_name":
        def ref(wb):
            wb.defined_names["XXGK_t4_review_total"].attr_text = "表四!#REF!"
        _modify(path, ref)
    elif case == "missing_sheet":
        _modify(path, lambda wb: wb.remove(wb["表三"]))
    elif case == "bad_format":
        def fmt(wb):
            wb["基本信息"]["B5"] = "2020"
        _modify(path, fmt)
    elif case == "not_xlsx":
        path.write_text("机关名称,报告年度\n某局,2024\n", encoding="utf-8")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "xls_renamed":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an OLE2 (.xls) header
    elif case == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    r = run("validate", path)
    _no_traceback(r)
    assert r.exit_code == 2, r.output
    for word in expect:
        assert word in r.output, (case, r.output)
    assert "错误：" in r.output


def test_console_script_broken_workbook(tmp_path):
    """The installed `xxgk` script, as a clerk runs it: exit 2 and a Chinese message on stderr."""
    # beside the interpreter first: `.venv/bin/python -m pytest` does not put .venv/bin on PATH
    exe = shutil.which("xxgk", path=os.path.dirname(sys.executable)) or shutil.which("xxgk")
    assert exe, "the xxgk console script is installed with the package"
    path = _modify(_template(tmp_path), lambda wb: wb.defined_names.pop("XXGK_meta_agency"))
    proc = subprocess.run([exe, "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "XXGK_meta_agency" in proc.stderr and "机关名称" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    proc = subprocess.run([exe, "export", str(tmp_path / "nothing.xlsx"), "-o", str(tmp_path / "x.json")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "找不到文件" in proc.stderr
