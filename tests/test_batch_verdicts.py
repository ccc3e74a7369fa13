"""Verdicts survive re-runs (issue 15, point 3): a reviewer edits 复核结论 in the 台账 with openpyxl,
one report is corrected, the batch runs again onto the same 台账. A verdict whose finding is
unchanged is kept; one whose values changed is cleared and shown as “原结论：…（数据已变）”; one
whose finding disappeared is kept, marked 已消除. The notices then leave out what is 不是问题."""
from __future__ import annotations

import shutil

import openpyxl
from docx import Document

from test_batch import BAOSHAN, XINGNING, YINZHOU, run


def _find(ws, unit: str, rule: str, words: str) -> int:
    """The row of the finding of `unit` and `rule` whose message contains `words`."""
    head = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(head)}
    hits = [r[0].row for r in ws.iter_rows(min_row=2)
            if r[col["单位"]].value == unit and r[col["规则"]].value == rule and words in (r[col["问题说明"]].value or "")]
    assert len(hits) == 1, (unit, rule, words, hits)
    return hits[0]


def _set(ws, row: int, verdict: str, note: str) -> None:
    head = [c.value for c in ws[1]]
    ws.cell(row, head.index("复核结论") + 1, verdict)
    ws.cell(row, head.index("复核说明") + 1, note)


def _rows(path) -> list[dict]:
    wb = openpyxl.load_workbook(path, read_only=True)
    it = wb["问题清单"].iter_rows(values_only=True)
    head = next(it)
    out = [dict(zip(head, r)) for r in it]
    wb.close()
    return out


def _one(rows, unit, rule, words) -> dict:
    hits = [r for r in rows if r["单位"] == unit and r["规则"] == rule and words in r["问题说明"]]
    assert len(hits) == 1, (unit, rule, words, [h["问题说明"] for h in hits])
    return hits[0]


def _correct_yinzhou(path) -> None:
    """The unit corrects its （七）总计 row: 商业企业 to the right 1, 自然人 to 15 (still wrong: 16)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[331].strip() == "（七）总计" and lines[332].strip() == "0" and lines[333].strip() == "0"
    lines[332], lines[333] = "\t15", "\t1"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_verdicts_are_kept_cleared_or_marked_gone(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for f in (YINZHOU, BAOSHAN, XINGNING):
        shutil.copy(f, folder)
    ledger = tmp_path / "核查台账.xlsx"
    assert run(folder, "-o", ledger).exit_code == 1

    wb = openpyxl.load_workbook(ledger)
    ws = wb["问题清单"]
    _set(ws, _find(ws, "宝山公安分局", "M1", "发布日期"), "不是问题", "发布日期见网站")      # report unchanged
    _set(ws, _find(ws, "鄞州公安分局", "T3-2", "“总计”列"), "确认", "总计列未改")           # corrected report, same values
    _set(ws, _find(ws, "鄞州公安分局", "T3-2", "“自然人”列"), "确认", "请改（七）总计")     # values will change
    _set(ws, _find(ws, "鄞州公安分局", "T3-2", "“商业企业”列"), "已整改", "单位已改")      # will disappear
    wb.save(ledger)

    _correct_yinzhou(folder / YINZHOU.name)
    assert run(folder, "-o", ledger).exit_code == 1
    rows = _rows(ledger)

    kept = _one(rows, "宝山公安分局", "M1", "发布日期")
    assert (kept["复核结论"], kept["复核说明"], kept["状态"]) == ("不是问题", "发布日期见网站", "仍存在")
    same = _one(rows, "鄞州公安分局", "T3-2", "“总计”列")
    assert (same["复核结论"], same["复核说明"], same["状态"]) == ("确认", "总计列未改", "仍存在")

    changed = _one(rows, "鄞州公安分局", "T3-2", "“自然人”列")
    assert changed["复核结论"] is None and changed["状态"] == "数据已变"
    assert changed["复核说明"] == "原结论：确认；原说明：请改（七）总计（数据已变）"
    assert "填报 15" in changed["问题说明"]            # the message is the new one

    gone = _one(rows, "鄞州公安分局", "T3-2", "“商业企业”列")
    assert (gone["复核结论"], gone["复核说明"], gone["状态"]) == ("已整改", "单位已改", "已消除")
    assert "填报 0" in gone["问题说明"]                # as it was when it was found
    new = [r for r in rows if r["状态"] == "新发现"]
    assert new and all(r["单位"] == "鄞州公安分局" for r in new)   # what the correction broke (T3-3)

    # a third run keeps all of it: 已消除 stays, the cleared verdict stays cleared
    assert run(folder, "-o", ledger).exit_code == 1
    again = _rows(ledger)
    assert _one(again, "鄞州公安分局", "T3-2", "“商业企业”列")["状态"] == "已消除"
    assert _one(again, "鄞州公安分局", "T3-2", "“自然人”列")["复核说明"] == changed["复核说明"]
    assert _one(again, "宝山公安分局", "M1", "发布日期")["复核结论"] == "不是问题"
    assert len(again) == len(rows)


def test_notices_list_what_is_not_dismissed(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for f in (YINZHOU, BAOSHAN):
        shutil.copy(f, folder)
    ledger = tmp_path / "台账.xlsx"
    run(folder, "-o", ledger)
    wb = openpyxl.load_workbook(ledger)
    ws = wb["问题清单"]
    _set(ws, _find(ws, "宝山公安分局", "M1", "发布日期"), "不是问题", "")
    _set(ws, _find(ws, "鄞州公安分局", "T3-2", "“自然人”列"), "已整改", "")
    wb.save(ledger)
    notices = tmp_path / "整改通知"
    res = run(folder, "-o", ledger, "--notices", notices, "--due", "2025-03-15", "--issuer", "示例区政务公开办公室")
    assert res.exit_code == 1, res.output
    rows = _rows(ledger)
    for unit in ("宝山公安分局", "鄞州公安分局"):
        doc = Document(str(notices / f"整改通知_{unit}.docx"))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert text.startswith(f"关于{unit}政府信息公开工作年度报告问题的整改通知")
        assert "2025年3月15日前" in text and "示例区政务公开办公室" in text
        listed = [r.cells[3].text for t in doc.tables for r in t.rows[1:]]
        want = [f"{r['规则']} {r['问题说明']}" for r in rows
                if r["单位"] == unit and r["复核结论"] != "不是问题" and r["状态"] != "已消除"]
        assert sorted(x.replace("（复核：已整改）", "") for x in listed) == sorted(want)
        assert all(len(r.cells) == 5 and r.cells[2].text for t in doc.tables for r in t.rows[1:])
    baoshan = "\n".join(r.cells[3].text for t in Document(str(notices / "整改通知_宝山公安分局.docx")).tables
                        for r in t.rows)
    assert "M1 基本信息“发布日期”未填写" not in baoshan and "P1 无法判断：发布日期未填写" in baoshan
    yinzhou = Document(str(notices / "整改通知_鄞州公安分局.docx"))
    assert any("（复核：已整改）" in c.text for t in yinzhou.tables for r in t.rows for c in r.cells)
    # a notice that exists is not replaced without --force
    before = (notices / "整改通知_宝山公安分局.docx").read_bytes()
    res = run(folder, "-o", ledger, "--notices", notices, "--due", "2025-03-20")
    assert "已存在，未改动" in res.output and (notices / "整改通知_宝山公安分局.docx").read_bytes() == before
    res = run(folder, "-o", ledger, "--notices", notices, "--due", "2025-03-20", "--force")
    text = "\n".join(p.text for p in Document(str(notices / "整改通知_宝山公安分局.docx")).paragraphs)
    assert "2025年3月20日前" in text


def test_notices_need_a_due_date(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    shutil.copy(BAOSHAN, folder)
    res = run(folder, "-o", tmp_path / "台账.xlsx", "--notices", tmp_path / "n")
    assert res.exit_code == 2 and "--due" in res.output
    res = run(folder, "-o", tmp_path / "台账.xlsx", "--notices", tmp_path / "n", "--due", "3月15日")
    assert res.exit_code == 2 and "年-月-日" in res.output


def test_a_report_not_checked_this_time_keeps_its_rows_as_they_were(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for f in (YINZHOU, BAOSHAN):
        shutil.copy(f, folder)
    ledger = tmp_path / "台账.xlsx"
    run(folder, "-o", ledger)
    wb = openpyxl.load_workbook(ledger)
    ws = wb["问题清单"]
    _set(ws, _find(ws, "宝山公安分局", "M1", "发布日期"), "确认", "请补发布日期")
    wb.save(ledger)
    (folder / BAOSHAN.name).unlink()              # 宝山's report is not in the folder this time
    run(folder, "-o", ledger)
    rows = _rows(ledger)
    baoshan = [r for r in rows if r["单位"] == "宝山公安分局"]
    assert baoshan and all(r["状态"] == "本次未核查" for r in baoshan)
    kept = _one(rows, "宝山公安分局", "M1", "发布日期")
    assert (kept["复核结论"], kept["复核说明"]) == ("确认", "请补发布日期")
    assert all(r["状态"] == "仍存在" for r in rows if r["单位"] == "鄞州公安分局")
