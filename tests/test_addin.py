"""The Python macros (addin/macros.py) run through xlwings' own remote engine: xw.Book(json=...)
built from a generated workbook filled from the seeds; assertions on the book.json() actions."""
import json
import re

import pytest
import xlwings as xw

from addin import macros as m
from addin.payload import book_payload
from generator.cell_rules import as_written
from generator.checker import check
from generator.layout import SHEETS, defined_name, get_layout, meta_id
from generator.macros import IMPORT_HINT, IMPORT_OPTION_LABEL, KEEP, OVERWRITE, SHEET_IMPORT, SHEET_RESULTS
from truth import SEEDS, TRUTH_FILES, truth_report

FILLS = m.FILLS


def write_workbook(path, report=None, version="2021", macros=False):
    """The generated workbook: the project's writer when present, else a minimal one with the same
    layout and defined names (values only, derived cells hold the stated totals)."""
    try:
        from generator.workbook_write import build_workbook
    except ImportError:
        build_workbook = None
    if build_workbook is not None:
        build_workbook(path, report.format if report else version, report=report, macros=macros)
        return path
    import xlsxwriter

    from generator import macros as gm
    version = report.format if report else version
    lay = get_layout(version)
    wb = xlsxwriter.Workbook(str(path))
    sheets = {name: wb.add_worksheet(name) for name in SHEETS}
    for item_id, place in lay.places.items():
        wb.define_name(defined_name(item_id), f"={place.ref}")
        if report is None:
            continue
        if item_id.startswith("meta."):
            value = report.meta.get(item_id[5:])
        elif item_id in report.text:
            value = report.text[item_id]
        else:
            value = report.cells.get(item_id)
        if value is not None:
            sheets[place.sheet].write(place.row - 1, place.col - 1, value)
    if macros:
        gm.decorate(wb, list(sheets.values()))
    wb.close()
    if macros:
        gm.finish(path)
    return path


def book_from(path, edit=None):
    payload = book_payload(path)
    if edit:
        edit(payload)
    return xw.Book(json=payload)


def actions(book, func=None):
    acts = book.json()["actions"]
    return [a for a in acts if func is None or a["func"] == func]


def sheet_index(payload_or_book, name):
    sheets = payload_or_book["sheets"] if isinstance(payload_or_book, dict) else payload_or_book.api["sheets"]
    return [s["name"] for s in sheets].index(name)


def set_cell(payload, item_id, value):
    place = get_layout(_version(payload)).places[item_id]
    sheet = payload["sheets"][sheet_index(payload, place.sheet)]
    while len(sheet["values"]) < place.row:
        sheet["values"].append([None] * len(sheet["values"][0]))
    row = sheet["values"][place.row - 1]
    while len(row) < place.col:
        for r in sheet["values"]:
            r.append(None)
    sheet["values"][place.row - 1][place.col - 1] = value


def _version(payload):
    names = {n["name"] for n in payload["names"]}
    return "2019" if defined_name("t3.other.natural") in names else "2021"


def colour_actions(book):
    """(sheet name, row, col) -> colour of every setRangeColor action."""
    names = [s["name"] for s in book.api["sheets"]]
    out = {}
    for a in actions(book, "setRangeColor"):
        out[(names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1)] = a["args"][0].upper()
    return out


def place_key(version, item_id):
    p = get_layout(version).places[item_id]
    return (p.sheet, p.row, p.col)


@pytest.fixture(scope="module")
def seed_books(tmp_path_factory):
    d = tmp_path_factory.mktemp("seedbooks")
    out = {}
    for t in TRUTH_FILES:
        r = truth_report(t)
        r.meta.update({"address": "某市某路1号", "phone": "0574-12345678", "publish_date": f"{r.year + 1}-01-20"})
        out[t.stem] = (write_workbook(d / f"{t.stem}.xlsm", r, macros=True), r)
    return out


# ---------------------------------------------------------------------------------------------
# 校验

def test_validate_colours_exactly_the_input_cells_of_errors_and_warnings(seed_books):
    for stem, (path, report) in seed_books.items():
        book = book_from(path)
        findings = m.validate(book)
        expected = check(m.BookCells(book_from(path)).report())
        assert [f.message for f in findings] == [f.message for f in expected]
        colours = colour_actions(book)
        fmt = report.fmt
        inputs = [c for c in fmt.input_ids()] + [meta_id(k) for k in ("agency", "year", "format")]
        # every input cell gets exactly one colour action; derived (formula) cells none
        for cid in fmt.derived_ids():
            assert place_key(report.format, cid) not in colours, (stem, cid)
        bad = {}
        for f in expected:
            if f.severity in FILLS:
                for c in f.cells:
                    if c in fmt.cells and not fmt.cells[c].derived or c.startswith("meta."):
                        bad.setdefault(c, set()).add(FILLS[f.severity])
        for cid in inputs:
            got = colours[place_key(report.format, cid)]
            if cid in bad:
                assert got == (FILLS["错误"] if FILLS["错误"] in bad[cid] else FILLS["警告"]), (stem, cid)
            else:
                assert got == m.input_fill().upper(), (stem, cid)


def test_validate_marks_a_typed_unit_and_a_blank_cell_and_restores_fixed_ones(seed_books):
    path, report = seed_books["000_2625dda15ab019a2"]

    def edit(p):
        set_cell(p, "t2.regulations.issued", "3件")         # text in a count cell
        set_cell(p, "t4.review.upheld", None)               # V6: blank
    book = book_from(path, edit)
    m.validate(book)
    colours = colour_actions(book)
    assert colours[place_key("2021", "t2.regulations.issued")] == FILLS["警告"]   # V4 (rules.RULES)
    assert colours[place_key("2021", "t4.review.upheld")] == FILLS["警告"]
    # the next run on corrected data gives those cells their input colour back
    book2 = book_from(path)
    m.validate(book2)
    assert colour_actions(book2)[place_key("2021", "t2.regulations.issued")] == m.input_fill().upper()


def test_results_sheet_rows_with_hyperlinks_to_the_cells(seed_books):
    path, report = seed_books["000_2625dda15ab019a2"]

    def edit(p):
        set_cell(p, "t3.new_received.natural", -3)
    book = book_from(path, edit)
    findings = m.validate(book)
    res = sheet_index(book, SHEET_RESULTS)
    writes = [a for a in actions(book, "setValues") if a["sheet_position"] == res]
    assert len(writes) == 1 and (writes[0]["start_row"], writes[0]["start_column"]) == (0, 0)
    assert any(a["func"] == "sheetClearContents" and a["sheet_position"] == res for a in actions(book))
    table = writes[0]["values"]
    assert table[0][0].startswith("校验时间") and "个错误" in table[0][0]
    assert table[1][:4] == ["规则", "级别", "说明", "单元格"]
    rows = table[2:]
    assert len(rows) == len(findings)
    neg = [r for r in rows if r[0] == "V1" and "表三" in r[2] and "-3" in r[2]]
    assert neg, rows
    p = get_layout("2021").places["t3.new_received.natural"]
    assert neg[0][1] == "错误"
    assert neg[0][3] == f'=HYPERLINK("#\'{p.sheet}\'!{p.address}","{p.sheet}!{p.address}")'
    for r in rows:
        for link in r[3:]:
            if link:
                mm = re.fullmatch(r'=HYPERLINK\("#\'(.+)\'!([A-Z]+\d+)","(.+)!([A-Z]+\d+)"\)', link)
                assert mm and mm.group(1) == mm.group(3) and mm.group(2) == mm.group(4)


def test_validate_summary_alert(seed_books):
    path, _ = seed_books["000_2625dda15ab019a2"]
    book = book_from(path)
    m.validate(book)
    alerts = actions(book, "alert")
    assert len(alerts) == 1
    assert alerts[0]["args"][0].startswith("校验完成：") and SHEET_RESULTS in alerts[0]["args"][0]


def test_a_workbook_without_names_gets_a_chinese_message_not_a_traceback(tmp_path):
    import xlsxwriter
    p = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet("Sheet1").write(0, 0, "x")
    wb.close()
    book = book_from(p)
    assert m.validate(book) is None
    (alert,) = actions(book, "alert")
    assert "XXGK" in alert["args"][0] and "未完成" in alert["args"][1]
    assert "Traceback" not in json.dumps(book.json(), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# 导入文本年报

def _paste(payload, text, overwrite=False):
    sheet = payload["sheets"][sheet_index(payload, SHEET_IMPORT)]
    lines = text.splitlines()
    width = max(2, len(sheet["values"][0]))
    rows = [[IMPORT_HINT] + [None] * (width - 1),
            [IMPORT_OPTION_LABEL, OVERWRITE if overwrite else KEEP] + [None] * (width - 2)]
    rows += [[line] + [None] * (width - 1) for line in lines]
    sheet["values"] = rows


def test_import_writes_the_seed_values_to_the_named_cells_only(tmp_path):
    t = TRUTH_FILES[0]
    truth = truth_report(t)
    path = write_workbook(tmp_path / "empty.xlsm", None, truth.format, macros=True)
    text = (SEEDS / (t.stem + ".txt")).read_text(encoding="utf-8")
    book = book_from(path, lambda p: _paste(p, text))
    m.import_report(book)
    names = [s["name"] for s in book.api["sheets"]]
    lay = get_layout(truth.format)
    allowed = {(pl.sheet, pl.row, pl.col): i for i, pl in lay.places.items()}
    written = {}
    for a in actions(book, "setValues"):
        assert a["row_count"] == 1 and a["column_count"] == 1
        key = (names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1)
        assert key in allowed, f"written outside the defined names: {key}"
        written[allowed[key]] = a["values"][0][0]
    for cid, value in truth.cells.items():
        if truth.fmt.cells[cid].derived or value is None:
            assert cid not in written or not truth.fmt.cells[cid].derived
            continue
        got = written.get(cid)
        assert got == value or isinstance(got, (int, float)) and float(value) == got, (cid, got, value)
    assert "已从" in actions(book, "alert")[-1]["args"][0]


def test_import_never_overwrites_filled_cells_without_consent(tmp_path):
    t = TRUTH_FILES[0]
    truth = truth_report(t)
    filled = truth_report(t)
    filled.cells["t3.new_received.natural"] = 999
    path = write_workbook(tmp_path / "filled.xlsm", filled, macros=True)
    text = (SEEDS / (t.stem + ".txt")).read_text(encoding="utf-8")
    book = book_from(path, lambda p: _paste(p, text))
    m.import_report(book)
    assert actions(book, "setValues") == []
    (alert,) = actions(book, "alert")
    p = get_layout(truth.format).places["t3.new_received.natural"]
    assert f"{p.sheet}!{p.address}：现为“999”" in alert["args"][0] and "未导入任何数据" in alert["args"][0]
    # with 覆盖 chosen on the 导入 sheet the imported value replaces it
    book = book_from(path, lambda pl: _paste(pl, text, overwrite=True))
    m.import_report(book)
    names = [s["name"] for s in book.api["sheets"]]
    sets = {(names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1): a["values"][0][0]
            for a in actions(book, "setValues")}
    assert sets[(p.sheet, p.row, p.col)] == truth.cells["t3.new_received.natural"]


def test_import_with_an_empty_sheet_says_what_to_do(tmp_path):
    path = write_workbook(tmp_path / "e.xlsm", None, "2021", macros=True)
    book = book_from(path)
    m.import_report(book)
    (alert,) = actions(book, "alert")
    assert "是空的" in alert["args"][0] and actions(book, "setValues") == []


# ---------------------------------------------------------------------------------------------
# 生成年报

def test_generate_in_a_runtime_without_files_says_so(seed_books):
    path, _ = seed_books["000_2625dda15ab019a2"]
    book = book_from(path)
    assert m.generate_report(book) is None
    (alert,) = actions(book, "alert")
    assert "不能在电脑上保存文件" in alert["args"][0] and "xxgk render" in alert["args"][0]


def test_read_report_matches_the_seed_truth(seed_books):
    for stem, (path, truth) in seed_books.items():
        report = m.BookCells(book_from(path)).report()
        assert report.format == truth.format
        for cid, v in truth.cells.items():
            if not truth.fmt.cells[cid].derived:
                # as the workbook holds it: a number written as text ("1177.669") is the number
                assert report.cells[cid] == as_written(v if v != "" else None, truth.fmt.cells[cid].kind), (stem, cid)
        assert report.meta["agency"] == truth.meta["agency"]
        assert report.year == truth.year


def test_generate_writes_the_report_next_to_the_workbook(seed_books, tmp_path):
    """The desktop branch: a book whose full name is a real path (as xw.Book.caller() gives)."""
    import docx
    path, truth = seed_books["000_2625dda15ab019a2"]
    import shutil
    target = tmp_path / "鄞州分局2023.xlsm"
    shutil.copy(path, target)
    payload = book_payload(target)
    book = xw.Book(json=payload)
    book.impl.api["book"]["name"] = str(target)      # fullname of a desktop book is its path
    written = m.generate_report(book)
    (alert,) = actions(book, "alert")
    assert written, alert
    docx_path = tmp_path / "鄞州分局2023_年报.docx"
    assert docx_path in written and str(docx_path) in alert["args"][0]
    text = "\n".join(p.text for p in docx.Document(docx_path).paragraphs)
    assert truth.meta["agency"] in text or "政府信息公开" in text
