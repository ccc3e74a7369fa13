"""Write the workbook a clerk fills (XlsxWriter): 说明, 基本信息, 正文, 表二, 表三, 表四, 校验.

Positions come from `layout.get_layout(version)`, labels from `model`, check formulas from
`rules` and `sheet_rows`. The sheets are drawn by workbook_fields (基本信息, 正文), workbook_tables
(表二 to 表四) and workbook_checks (校验); this module writes the 说明 sheet and the cells.
Totals are formulas that stay blank unless every part is a number (blank is never 0).
Every input and derived cell, meta field and text field carries a workbook-scope defined name
(`layout.defined_name(id)`), through which everything else reads and writes the workbook.
"""
from __future__ import annotations

from pathlib import Path

from .atomic import atomic_path
from .cell_rules import as_written
from .cell_text import check_fits
from .layout import (SHEET_CHECKS, SHEET_GUIDE, SHEET_META, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_TEXT,
                     defined_name, get_layout)
from .model import AMOUNT_UNITS, FORMAT_NOTICES, VERSIONS, Kind, cell_title, get_format
from .report import Report, ReportError, computed_totals
from .rules import ERROR, PASS, RULES, UNDECIDED, WARNING
from .workbook_checks import write_checks
from .workbook_fields import meta_sheet, text_sheet, write_value
from .workbook_tables import print_setup, table2, table3, table4

FONT = "宋体"
# Colours of the legend on the 说明 sheet (and used throughout).
INPUT_FILL = "#FFF2CC"       # light yellow: cells to fill in
FORMULA_FILL = "#E7E6E6"     # grey: formulas, computed automatically, locked
HEAD_FILL = "#DDEBF7"        # light blue: headers and labels
PASS_FILL, PASS_FONT = "#C6EFCE", "#006100"
ERROR_FILL, ERROR_FONT = "#FFC7CE", "#9C0006"
WARN_FILL, WARN_FONT = "#FFEB9C", "#9C5700"
UNDECIDED_FILL, UNDECIDED_FONT = "#D9D9D9", "#404040"

GUIDE_TITLE = "政府信息公开工作年度报告填报工作簿"

_PROTECT = {"format_cells": True, "format_columns": True, "format_rows": True,
            "select_locked_cells": True, "select_unlocked_cells": True}


class _Styles:
    def __init__(self, wb):
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        border = {"border": 1}

        def f(**kw):
            return wb.add_format({**base, **kw})

        self.title = f(bold=True, font_size=16, align="center")
        self.h1 = f(bold=True, font_size=12)
        self.text = f(text_wrap=True, valign="top")
        self.plain = f()
        self.bold = f(bold=True)
        self.head = f(bold=True, align="center", text_wrap=True, bg_color=HEAD_FILL, **border)
        self.label = f(text_wrap=True, bg_color=HEAD_FILL, **border)
        self.label_vert = f(text_wrap=True, align="center", bg_color=HEAD_FILL, rotation=270, **border)
        self.label_group = f(text_wrap=True, align="center", bg_color=HEAD_FILL, **border)
        self.note = f(text_wrap=True, align="center", font_size=10, bg_color=HEAD_FILL, **border)
        self.caption = f(bold=True, align="center", bg_color=HEAD_FILL, **border)
        self.caption_wrap = f(bold=True, align="center", text_wrap=True, bg_color=HEAD_FILL, **border)
        self.count = f(bold=True, align="left", num_format='"已写 "0" 字（不含空格和换行）"', font_color="#595959")
        self.status = f(align="center", **border)
        self.link = f(font_color="#0563C1", underline=1, **border)
        self.bold_right = f(bold=True, align="right")
        self.hint = f(text_wrap=True, font_size=9, font_color="#595959")
        self.text_mid = f(text_wrap=True)
        self.hint_top = f(text_wrap=True, font_size=9, font_color="#595959", valign="top")
        self.input = f(bg_color=INPUT_FILL, locked=False, align="center", **border)
        self.input_amount = f(bg_color=INPUT_FILL, locked=False, align="center", num_format="0.00####", **border)
        self.input_text = f(bg_color=INPUT_FILL, locked=False, text_wrap=True, valign="top", **border)
        self.input_left = f(bg_color=INPUT_FILL, locked=False, align="left", **border)
        self.input_date = f(bg_color=INPUT_FILL, locked=False, align="left", num_format="yyyy-mm-dd", **border)
        self.input_code = f(bg_color=INPUT_FILL, locked=False, align="left", num_format="@", **border)
        self.formula = f(bg_color=FORMULA_FILL, locked=True, align="center", **border)
        self.cell = f(**border)
        self.cell_wrap = f(text_wrap=True, **border)
        self.pass_ = wb.add_format({"bg_color": PASS_FILL, "font_color": PASS_FONT})
        self.error = wb.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT, "bold": True})
        self.warn = wb.add_format({"bg_color": WARN_FILL, "font_color": WARN_FONT})
        self.undecided = wb.add_format({"bg_color": UNDECIDED_FILL, "font_color": UNDECIDED_FONT})
        self.legend_pass = f(bg_color=PASS_FILL, font_color=PASS_FONT, **border)
        self.legend_error = f(bg_color=ERROR_FILL, font_color=ERROR_FONT, bold=True, **border)
        self.legend_warn = f(bg_color=WARN_FILL, font_color=WARN_FONT, **border)
        self.legend_undecided = f(bg_color=UNDECIDED_FILL, font_color=UNDECIDED_FONT, **border)
        self.legend_input = f(bg_color=INPUT_FILL, **border)
        self.legend_formula = f(bg_color=FORMULA_FILL, **border)
        self.legend_head = f(bg_color=HEAD_FILL, **border)


def _validation(cell) -> dict:
    """Data validation with a Chinese input message for one number cell (rules/model wording)."""
    title = cell_title(cell)
    if cell.derived:
        return {"validate": "any", "input_title": "自动计算",
                "input_message": f"{title}：由公式按各项之和自动计算，无需填写；各项中有空白或非数字时显示为空白。"[:255]}
    if cell.kind is Kind.COUNT:
        v = {"validate": "integer", "criteria": ">=", "value": 0, "input_title": "填写整数",
             "input_message": f"{title}：{RULES['V1'].title}。没有的填 0，不要留空或填“/”。"}
        err = RULES["V1"].title
    elif cell.kind is Kind.SIGNED:
        v = {"validate": "integer", "criteria": "between", "minimum": -999999999, "maximum": 999999999,
             "input_title": "填写整数（可为负数）",
             "input_message": f"{title}：{RULES['V2'].title}；减少用负数表示，如 -8。"}
        err = "应为整数，减少用负数表示"
    elif cell.kind is Kind.UNIT:
        v = {"validate": "list", "source": list(AMOUNT_UNITS), "input_title": "选择单位",
             "input_message": f"{RULES['V5'].title}。"}
        err = RULES["V5"].title
    else:
        unit = "（单位：万元）" if cell.kind is Kind.AMOUNT_WAN else "（单位在右侧单元格选择）"
        v = {"validate": "decimal", "criteria": ">=", "value": 0, "input_title": "填写金额",
             "input_message": f"{title}：{RULES['V3'].title}{unit}，只填数字，不要写单位。"}
        err = RULES["V3"].title
    v["input_message"] = v["input_message"][:255]
    v.update({"error_title": "数值无效", "error_message": f"{title}：{err}。"[:255], "error_type": "stop",
              "ignore_blank": True})
    return v


def build_workbook(path, version: str = "2021", report: Report | None = None, macros: bool = False,
                   year=None, agency=None, replace: bool = True) -> Path:
    """Write the fill-in workbook to `path` (atomically) and return the path. `replace=False`:
    a file at `path`, even one made a moment ago by another process, is kept (atomic.OutputExists).

    With `report`, its metadata, text and input cells are written (derived cells stay formulas).
    With `macros`, the workbook becomes a macro-enabled .xlsm (see generator/macros.py).
    """
    import xlsxwriter

    path = Path(path)
    if report is not None:
        version = report.format
    if version not in VERSIONS:
        raise ReportError(f"未知的格式版本“{version}”：应为 2021 或 2019")
    if macros:
        from . import macros as mac  # VBA project, buttons and ribbon (generator/macros.py)
    else:
        mac = None
    if macros and path.suffix.lower() != ".xlsm":
        raise ReportError(f"带宏的工作簿应保存为 .xlsm 文件，而不是“{path.name}”")
    fmt = get_format(version)
    lay = get_layout(version)
    cells = dict(report.cells) if report is not None else {}
    meta = dict(report.meta) if report is not None else {}
    text = dict(report.text) if report is not None else {}
    meta["format"] = version
    if year is not None:
        meta["year"] = year
    if agency is not None:
        meta["agency"] = agency
    # Numbers written as text (" 5 ", "+5") go in as the numbers they are: a formula sums no text.
    input_values = {cid: as_written(cells.get(cid), fmt.cells[cid].kind) for cid in fmt.input_ids()}
    totals = computed_totals(fmt, dict(input_values))
    # Excel and XlsxWriter cut text past 32,767 characters: refuse it instead (generator/cell_text.py).
    fields = {**text, **{f"meta.{k}": v for k, v in meta.items()}, **input_values}
    check_fits(version, fields, xml=False)

    with atomic_path(path, replace=replace) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"default_format_properties": {"font_name": FONT, "font_size": 11},
                                       "strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False})
        st = _Styles(wb)
        sheets = {name: wb.add_worksheet(name) for name in
                  (SHEET_GUIDE, SHEET_META, SHEET_TEXT, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_CHECKS)}
        _guide(sheets[SHEET_GUIDE], st, version)
        meta_sheet(wb, sheets[SHEET_META], st, lay, meta)
        text_sheet(wb, sheets[SHEET_TEXT], st, lay, text, version)
        table2(sheets[SHEET_T2], st, fmt, lay)
        table3(sheets[SHEET_T3], st, fmt, lay)
        table4(sheets[SHEET_T4], st, fmt, lay)
        _cells(wb, sheets, st, fmt, lay, input_values, totals)
        write_checks(wb, sheets[SHEET_CHECKS], st, Report(version, meta, text, {**input_values, **totals}))
        print_setup(sheets[SHEET_CHECKS], False, 6)
        for ws in sheets.values():
            ws.protect("", _PROTECT)
        sheets[SHEET_META].activate()
        if mac is not None:
            # Macro hook (generator/macros.py): buttons, VBA project, extra sheets; then the ribbon.
            mac.decorate(wb, sheets)
        wb.close()
        if mac is not None:
            mac.finish(tmp)
    return path


# ---------------------------------------------------------------------------------------------
# Sheets

def _guide(ws, st, version: str) -> None:
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 90)
    ws.merge_range(0, 0, 0, 1, GUIDE_TITLE, st.title)
    ws.set_row(0, 30)
    lines = (
        ("格式", f"{version} 格式（{FORMAT_NOTICES[version]}）。2021年度起使用 2021 格式，2019、2020年度使用 2019 格式（试行）。"),
        ("填写顺序", "依次填写“基本信息”“正文”“表二”“表三”“表四”，填写后查看“校验”表。"),
        ("数字", "数字单元格只填阿拉伯数字，没有的填 0；不要留空，不要填“/”，不要写“件”“万元”等单位。"
                "空白不按 0 计算：有空白时，合计和校验显示为空白或“无法判断”。"),
        ("合计", "各“总计”和“（七）总计”由公式自动计算，不能修改；各项都填了数字后才显示结果。"),
        ("校验", "“校验”表逐条列出公式能判断的规则（勾稽关系、空白和文字、负数和小数、缺少的部分、字数、发布期限等），"
                "随填写自动更新，点“位置”跳到有关单元格；表三中第一项加第二项之和不等于第三项加第四项之和的列标为红色。"),
        ("保护", "各工作表已保护（无密码），只能在输入单元格中填写；如确需修改表格结构，可在“审阅”中撤销工作表保护。"),
        ("命令行", "填好后可运行 xxgk validate 本文件 做全部规则校验，xxgk render 本文件 生成年报。"),
    )
    r = 2
    for head, body in lines:
        ws.write_string(r, 0, head, st.bold)
        ws.write_string(r, 1, body, st.text_mid)
        ws.set_row(r, 32)
        r += 1
    r += 1
    ws.write_string(r, 0, "颜色说明", st.h1)
    r += 1
    legend = (
        (st.legend_input, "输入单元格", "浅黄色：在此填写。"),
        (st.legend_formula, "公式单元格", "灰色：自动计算，已锁定。"),
        (st.legend_head, "表头和栏目", "浅蓝色：官方格式的表头和栏目名称，已锁定。"),
        (st.legend_pass, PASS, "校验状态：符合规则。"),
        (st.legend_error, ERROR, "校验状态：不符合规则，必须改正（如勾稽关系不成立、数量为负数）；表三中勾稽关系不成立的列整列标红。"),
        (st.legend_warn, WARNING, "校验状态：请核对或补填（如单元格空白、写了文字、总体情况超过一千字）。"),
        (st.legend_undecided, UNDECIDED, "校验状态：有关单元格空白或不是数字，暂不能判断（空白不按 0 计算）。"),
    )
    for style, word, body in legend:
        ws.write_string(r, 0, word, style)
        ws.write_string(r, 1, body, st.text_mid)
        r += 1
    print_setup(ws, False, 2)


def _cells(wb, sheets, st, fmt, lay, values: dict, totals: dict) -> None:
    for cid, cell in fmt.cells.items():
        p = lay.places[cid]
        ws = sheets[p.sheet]
        r, c = p.row - 1, p.col - 1
        if cell.derived:
            parts = [lay.places[x] for x in cell.parts]
            refs = ",".join(x.address if x.sheet == p.sheet else str(x) for x in parts)
            formula = f'=IF(COUNT({refs})={len(parts)},SUM({refs}),"")'
            cached = totals.get(cid)
            ws.write_formula(r, c, formula, st.formula, "" if cached is None else cached)
        else:
            style = st.input_amount if cell.kind in (Kind.AMOUNT, Kind.AMOUNT_WAN) else st.input
            write_value(ws, r, c, values.get(cid), style)
        ws.data_validation(r, c, r, c, _validation(cell))
        wb.define_name(defined_name(cid), f"={p.ref}")


__all__ = ["build_workbook"]
