"""The generated workbook's structure as a clerk meets it: sheets, names, formulas, validation,
conditional formatting, protection, print setup, text that looks like a formula."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from generator.layout import SHEETS, defined_name, get_layout, meta_id
from generator.model import META_FIELDS, TEXT_FIELDS, Kind, get_format
from generator.report import Report, ReportError
from generator.rules import RULES
from generator.sheet_rows import sheet_rows
from generator.workbook_read import read_workbook
from generator.workbook_checks import CHECKS_FIRST_ROW, CHECKS_STATUS_COL
from generator.workbook_write import build_workbook


@pytest.fixture(scope="module", params=["2021", "2019"])
def book(request, tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("s") / f"t{request.param}.xlsx", request.param,
                          year=2024 if request.param == "2021" else 2020, agency="某市某局")
    return request.param, path, openpyxl.load_workbook(path)


def _cell(wb, item_id):
    sheet, coord = next(wb.defined_names[defined_name(item_id)].destinations)
    return wb[sheet][coord.replace("$", "")]


def test_sheets_in_order(book):
    _, _, wb = book
    assert wb.sheetnames == list(SHEETS) == ["说明", "基本信息", "正文", "表二", "表三", "表四", "校验"]


def test_every_id_has_its_defined_name(book):
    version, _, wb = book
    lay = get_layout(version)
    ids = list(get_format(version).cells) + [meta_id(f.id) for f in META_FIELDS] + [f.id for f in TEXT_FIELDS]
    assert set(ids) == set(lay.places)
    for item_id in ids:
        dn = wb.defined_names.get(defined_name(item_id))
        assert dn is not None and dn.localSheetId is None, item_id  # workbook scope
        assert dn.attr_text == lay.places[item_id].ref, item_id


def test_meta_and_text_fields(book):
    version, _, wb = book
    for f in META_FIELDS:
        c = _cell(wb, meta_id(f.id))
        assert c.offset(column=-1).value == f.label and c.offset(column=1).value == f.hint
        assert c.protection.locked is False
    assert _cell(wb, "meta.format").value == version
    assert _cell(wb, "meta.agency").value == "某市某局"
    fmt_dv = [dv for dv in wb["基本信息"].data_validations.dataValidation if _cell(wb, "meta.format").coordinate in str(dv.sqref)]
    assert fmt_dv and fmt_dv[0].type == "list" and fmt_dv[0].formula1 == '"2021,2019"'
    for f in TEXT_FIELDS:
        c = _cell(wb, f.id)
        assert c.offset(column=-1).value == f.label
        assert c.alignment.wrap_text and c.protection.locked is False


def test_totals_are_locked_formulas_inputs_unlocked(book):
    version, _, wb = book
    fmt = get_format(version)
    for cid, cell in fmt.cells.items():
        c = _cell(wb, cid)
        if cell.derived:
            assert isinstance(c.value, str) and c.value.startswith("=IF(COUNT(") and ',SUM(' in c.value, cid
            assert c.value.endswith(f'={len(cell.parts)},SUM({c.value[10:c.value.index(")")]}),"")'), cid
            assert c.protection.locked is True
        else:
            assert c.protection.locked is False and c.value is None, cid
            assert c.fill.fgColor.rgb.endswith("FFF2CC"), cid  # input colour of the legend


def test_data_validation_on_every_number_cell(book):
    version, _, wb = book
    fmt = get_format(version)
    by_cell = {}
    for name in ("表二", "表三", "表四"):
        for dv in wb[name].data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                by_cell[(name, rng.coord)] = dv
    expect = {Kind.COUNT: ("whole", "greaterThanOrEqual", "0"), Kind.SIGNED: ("whole", None, "-999999999"),  # "between" is the default, not written
              Kind.AMOUNT_WAN: ("decimal", "greaterThanOrEqual", "0"), Kind.AMOUNT: ("decimal", "greaterThanOrEqual", "0"),
              Kind.UNIT: ("list", None, '"元,万元"')}
    for cid, cell in fmt.cells.items():
        c = _cell(wb, cid)
        dv = by_cell[(c.parent.title, c.coordinate)]
        assert dv.prompt and dv.promptTitle, cid  # Chinese input message
        if cell.derived:
            assert "自动计算" in dv.prompt
            continue
        assert (dv.type, dv.operator if cell.kind is not Kind.UNIT else None, dv.formula1) == expect[cell.kind], cid
        assert dv.showInputMessage and dv.showErrorMessage, cid
    assert any(c.kind is Kind.SIGNED for c in fmt.cells.values()) == (version == "2019")


def test_conditional_formatting(book):
    version, _, wb = book
    lay = get_layout(version)
    cf = list(wb["表三"].conditional_formatting)
    assert len(cf) == 1
    rule = cf[0].rules[0]
    rows = [lay.t3_row_of[k] for k in ("new_received", "carried_over", "total_processed", "carried_forward")]
    assert str(cf[0].sqref) == f"D{rows[0]}:J{lay.t3_last_row}"
    # Only when all four are numbers: blank is never 0.
    # T3-1 by rules.COMPARISONS, the first column's cells with the column relative.
    assert rule.formula == [f"AND(COUNT(D${rows[0]},D${rows[1]},D${rows[2]},D${rows[3]})=4,"
                            f"NOT(ABS(((D${rows[0]}+D${rows[1]})-(D${rows[2]}+D${rows[3]})))<0.000001))"]
    assert rule.dxf.fill.fgColor.rgb.endswith("FFC7CE") or rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")
    words = {r.formula[0] for c in wb["校验"].conditional_formatting for r in c.rules if r.type == "cellIs"}
    assert {'"通过"', '"错误"', '"警告"', '"无法判断"'} <= words


def test_checks_sheet(book):
    version, _, wb = book
    ws = wb["校验"]
    rows = sheet_rows(version)
    lay = get_layout(version)
    for i, row in enumerate(rows):
        r = CHECKS_FIRST_ROW + i
        assert ws.cell(r, 1).value == row.rule and ws.cell(r, 2).value == RULES[row.rule].severity
        assert ws.cell(r, 3).value.startswith(row.where)
        assert ws.cell(r, CHECKS_STATUS_COL).value.startswith("=IF(")
        place = lay.places[row.link]
        assert ws.cell(r, 5).value == f'=HYPERLINK("#\'{place.sheet}\'!{place.address}","{place}")'
    assert ws.cell(CHECKS_FIRST_ROW + len(rows), 1).value is None
    # every rule the sheet can decide has its row: the sums and the cell, field and text rules
    assert {r.rule for r in rows} >= {"T3-1", "T3-2", "T3-3", "T4-1", "T4-2", "V1", "V4", "V6", "M1", "S1", "S4", "P1"}
    assert {"S6", "S9", "T2-1"} <= {r.rule for r in rows} if version == "2021" else \
        {"T2-3", "T2-4", "V5"} <= {r.rule for r in rows}
    assert ws["B2"].value.startswith('=COUNTIF(') and '"错误"' in ws["B2"].value
    assert ws["B3"].value.startswith('=COUNTIF(') and '"空"' in ws["B3"].value      # blank input cells
    assert ws.column_dimensions["J"].hidden or ws.column_dimensions["H"].hidden     # the helper columns


def test_protection_print_and_fonts(book):
    _, _, wb = book
    for ws in wb.worksheets:
        assert ws.protection.sheet is True and not ws.protection.password, ws.title
        assert ws.protection.formatCells is False  # False = formatting allowed
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.orientation == ("landscape" if ws.title in ("表三", "表四") else "portrait")
    assert wb["表三"]["A2"].font.name == "宋体"


def test_values_written_as_values_never_formulas(tmp_path):
    fmt = get_format("2021")
    cells = {cid: 1 for cid in fmt.input_ids()}
    cells["t3.granted.natural"] = "=1+1"
    cells["t3.partial.natural"] = "+3"
    report = Report("2021", {"agency": "@机关", "year": 2024}, {"s5": "-问题：=SUM(A1)"}, cells)
    path = build_workbook(tmp_path / "f.xlsx", report=report)
    with zipfile.ZipFile(path) as z:
        sheet3 = z.read("xl/worksheets/sheet5.xml").decode()
    assert "1+1" not in sheet3.replace("&#", "")  # no formula element with the user's text
    back = read_workbook(path)
    # "+3" is a number written as text: the workbook gets the number, which its formulas can sum
    assert back.cells["t3.granted.natural"] == "=1+1" and back.cells["t3.partial.natural"] == 3
    assert back.text["s5"] == "-问题：=SUM(A1)" and back.meta["agency"] == "@机关"
    # Derived cells stay formulas and see the text as "not a number": blank, never a guess.
    wb = openpyxl.load_workbook(path)
    assert _cell(wb, "t3.granted.total").value.startswith("=IF(")
    assert back.cells["t3.granted.total"] is None and back.cells["t3.new_received.total"] == 6
    assert back.cells["t3.partial.total"] == 8


def test_macro_workbook_is_xlsm_with_vba(tmp_path):
    with pytest.raises(ReportError, match=r"\.xlsm"):
        build_workbook(tmp_path / "m.xlsx", macros=True)
    path = build_workbook(tmp_path / "m.xlsm", macros=True)
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    assert read_workbook(path).format == "2021"
