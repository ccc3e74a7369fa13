"""The Excel button 汇总 (addin/aggregate.py) through xlwings' own remote engine, xw.Book(json=...),
as the other macros are tested: it fills exactly the summed input cells with the sums, writes the
来源 sheet, never changes a filled cell silently, and says in Chinese what stops it. And its
wiring: the VBA Sub behind the ribbon button and the Python command it runs."""
from __future__ import annotations

import re
from pathlib import Path

from addin.aggregate import aggregate
from generator import macros as gm
from generator.aggregate import sum_units
from generator.aggregate.sources import SHEET_SOURCES
from generator.layout import get_layout, meta_id
from generator.model import Kind, get_format
from generator.report import Report
from generator.workbook_write import build_workbook
from test_addin import actions, book_from, sheet_index, write_workbook
from test_aggregate_sum import _equal, _units, expected_cells

ADDIN = Path(gm.__file__).parent.parent / "addin"
REGION = "某某区人民政府"


def units_folder(tmp_path, version="2021", seed=21, mixed=False, messy=2):
    d = tmp_path / "units"
    d.mkdir()
    units = _units(seed, version, 3, mixed, messy)
    for u in units:
        build_workbook(d / u.file, report=u.report)
    return d, units


def written(book, version):
    names = [s["name"] for s in book.api["sheets"]]
    where = {(p.sheet, p.row, p.col): i for i, p in get_layout(version).places.items()}
    out = {}
    for a in actions(book, "setValues"):
        key = (names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1)
        if key in where:
            assert a["row_count"] == 1 and a["column_count"] == 1
            out[where[key]] = a["values"][0][0]
    return out


def test_the_button_fills_the_sums_and_the_sources_sheet(tmp_path):
    folder, units = units_folder(tmp_path, "2019", mixed=True)
    book_path = write_workbook(tmp_path / "汇总.xlsm", Report("2019", {"agency": REGION, "year": 2024}), macros=True)
    book = book_from(book_path)
    aggregate(book, str(folder))
    got = written(book, "2019")
    want = expected_cells("2019", units)
    fmt = get_format("2019")
    for cid in fmt.input_ids():
        if fmt.cells[cid].kind is Kind.UNIT:
            continue
        if want[cid] is None:
            assert cid not in got, cid                    # a blank sum writes nothing into an empty cell
        else:
            assert _equal(got[cid], want[cid]), (cid, got[cid], want[cid])
    assert not set(got) & set(fmt.derived_ids())          # totals stay the book's formulas
    # the 来源 sheet: added, then written in one block from A1, one row per summed cell
    sources = [a for a in actions(book, "addSheet") if a["args"][1] == SHEET_SOURCES]
    assert sources
    index = sheet_index(book, SHEET_SOURCES)
    (block,) = [a for a in actions(book, "setValues") if a["sheet_position"] == index]
    rows = block["values"]
    assert rows[0][0].startswith(f"来源：{REGION}2024年度汇总") and rows[1][4:7] == [u.name for u in units]
    assert rows[2][4:7] == [u.file for u in units]
    alert = actions(book, "alert")[-1]["args"][0]
    assert alert.startswith(f"已汇总 3 个单位的年报（2024年度），写入 {len(got)} 个单元格") and "来源" in alert
    assert "A3" in alert and "单位2" in alert         # the unit of the other format is named


def test_a_filled_cell_the_sum_would_change_is_listed_and_nothing_is_written(tmp_path):
    folder, units = units_folder(tmp_path, messy=0)
    mine = Report("2021", {"agency": REGION, "year": 2024}, {}, {"t3.new_received.natural": 999})
    book = book_from(write_workbook(tmp_path / "汇总.xlsm", mine, macros=True))
    aggregate(book, str(folder))
    assert written(book, "2021") == {}
    (alert,) = actions(book, "alert")
    p = get_layout("2021").places["t3.new_received.natural"]
    total = sum_units("2021", units).cells["t3.new_received.natural"]
    assert f"{p.sheet}!{p.address}：现为“999”，汇总为“{total}”" in alert["args"][0] and "未写入任何数据" in alert["args"][0]


def test_the_books_own_file_in_the_folder_is_skipped_and_a_blank_year_filled(tmp_path):
    folder, units = units_folder(tmp_path, messy=0)
    target = write_workbook(folder / "本级汇总.xlsm", Report("2021", {"agency": REGION}), macros=True)
    book = book_from(target)
    book.impl.api["book"]["name"] = str(target)            # a desktop book's full name is its path
    aggregate(book, str(folder))
    got = written(book, "2021")
    assert got[meta_id("year")] == 2024
    assert got["t4.review.upheld"] == sum(u.report.cells["t4.review.upheld"] for u in units)


def test_a_unit_of_another_year_is_a_chinese_message_not_a_traceback(tmp_path):
    folder, units = units_folder(tmp_path, messy=0)
    other = units[0].report
    other.meta["year"] = 2023
    build_workbook(folder / "旧年.xlsx", report=Report(other.format, dict(other.meta, agency="旧单位"), {}, other.cells))
    book = book_from(write_workbook(tmp_path / "汇总.xlsm", Report("2021", {"agency": REGION, "year": 2024}), macros=True))
    assert aggregate(book, str(folder)) is None
    (alert,) = actions(book, "alert")
    assert "“旧年.xlsx”是 2023 年度的年报，汇总的是 2024 年度" in alert["args"][0] and alert["args"][1] == "汇总未完成"
    assert written(book, "2021") == {}


def test_the_ribbon_button_runs_the_vba_sub_that_hands_the_folder_to_python():
    bas = (ADDIN / "xxgk.bas").read_bytes().decode("ascii")
    body = bas.split("Sub Aggregate()")[1].split("End Sub")[0]
    assert "Application.FileDialog(4)" in body               # msoFileDialogFolderPicker
    assert ('RunPython "import addin.aggregate as a; a.aggregate_classic(\'" & HexOf(CStr(picker.SelectedItems(1)))'
            in body)
    ui = (ADDIN / "customUI.xml").read_text(encoding="utf-8")
    button = re.search(r'<button id="xxgkAggregate"[^>]*/>', ui, re.S).group(0)
    assert 'label="汇总"' in button and 'onAction="OnAggregate"' in button
    assert gm.RIBBON_CALLBACKS["OnAggregate"] == "Aggregate"
    assert re.search(r"Sub OnAggregate\(control As IRibbonControl\)\s+Aggregate\s+End Sub", bas)
