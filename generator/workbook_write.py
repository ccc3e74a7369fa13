"""Write the workbook a clerk fills (XlsxWriter): 说明, 基本信息, 正文, 表二, 表三, 表四, 校验.

Positions come from `layout.get_layout(version)`, labels from `model`, check formulas from
`rules`. Totals are formulas that stay blank unless every part is a number (blank is never 0).
Every input and derived cell, meta field and text field carries a workbook-scope defined name
(`layout.defined_name(id)`), through which everything else reads and writes the workbook.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .atomic import atomic_path
from .contact import meta_text
from .layout import (SHEET_CHECKS, SHEET_GUIDE, SHEET_META, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_TEXT,
                     FIELD_FIRST_ROW, T3_FIRST_COL, T4_DATA_ROW, col_letter, defined_name, get_layout, meta_id)
from .model import (META_FIELDS, PROCUREMENT_UNIT_LABEL, SECTIONS, T3_COLUMNS, T3_ENTITY_COLUMNS,
                    T3_HEAD_APPLICANT, T3_HEAD_ORG, T3_NOTE, T4_COLUMNS, T4_GROUPS, T4_SUPER,
                    TEXT_FIELDS, AMOUNT_UNITS, FORMAT_NOTICES, VERSIONS, Kind, cell_title, get_format)
from .cell_rules import as_written, count_chars, year_value
from .report import Report, ReportError, computed_totals
from .rules import ERROR, PASS, RULES, UNDECIDED, WARNING, arithmetic_checks, excel_test
from .sheet_rows import S6_LIMIT, section_fields
from .workbook_checks import overview_length_ref, write_checks

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
META_TITLE = "基本信息"
TEXT_TITLE = "正文"
META_HEADER = ("项目", "填写内容", "说明")

_PROTECT = {"format_cells": True, "format_columns": True, "format_rows": True,
            "select_locked_cells": True, "select_unlocked_cells": True}
_A4 = 9


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


def _print_setup(ws, landscape: bool, last_col: int) -> None:
    ws.set_paper(_A4)
    if landscape:  # the official tables 三/四: one landscape page each
        ws.set_landscape()
        ws.fit_to_pages(1, 1)
    else:
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


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
                   year=None, agency=None) -> Path:
    """Write the fill-in workbook to `path` (atomically) and return the path.

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

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"default_format_properties": {"font_name": FONT, "font_size": 11},
                                       "strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False})
        st = _Styles(wb)
        sheets = {name: wb.add_worksheet(name) for name in
                  (SHEET_GUIDE, SHEET_META, SHEET_TEXT, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_CHECKS)}
        _guide(sheets[SHEET_GUIDE], st, version)
        _meta(wb, sheets[SHEET_META], st, lay, meta)
        _text(wb, sheets[SHEET_TEXT], st, lay, text, version)
        _table2(sheets[SHEET_T2], st, fmt, lay)
        _table3(sheets[SHEET_T3], st, fmt, lay)
        _table4(sheets[SHEET_T4], st, fmt, lay)
        _cells(wb, sheets, st, fmt, lay, input_values, totals)
        write_checks(wb, sheets[SHEET_CHECKS], st, Report(version, meta, text, {**input_values, **totals}))
        _print_setup(sheets[SHEET_CHECKS], False, 6)
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
        ("校验", "“校验”表逐条列出勾稽关系，随填写自动更新；表三中第一项加第二项之和不等于第三项加第四项之和的列标为红色。"),
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
        (st.legend_pass, PASS, "校验状态：勾稽关系成立。"),
        (st.legend_error, ERROR, "校验状态：勾稽关系不成立，必须改正；表三中整列标红。"),
        (st.legend_warn, WARNING, "校验状态：数量关系不合理，请核对。"),
        (st.legend_undecided, UNDECIDED, "校验状态：有关单元格空白或不是数字，暂不能判断（空白不按 0 计算）。"),
    )
    for style, word, body in legend:
        ws.write_string(r, 0, word, style)
        ws.write_string(r, 1, body, st.text_mid)
        r += 1
    _print_setup(ws, False, 2)


def _meta(wb, ws, st, lay, meta: dict) -> None:
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 60)
    ws.merge_range(0, 0, 0, 2, META_TITLE, st.title)
    for c, h in enumerate(META_HEADER):
        ws.write_string(FIELD_FIRST_ROW - 2, c, h, st.head)
    for f in META_FIELDS:
        mid = meta_id(f.id)
        p = lay.places[mid]
        r, c = p.row - 1, p.col - 1
        ws.write_string(r, 0, f.label, st.label)
        if f.id in _TEXT_META:   # text cells: "010010" must not become the number 10010
            _write_value(ws, r, c, meta_text(meta, f.id) or None, st.input_code)
        elif f.id == "publish_date":
            _write_date(ws, r, c, meta.get(f.id), st)
        else:
            year = year_value(meta.get(f.id)) if f.id == "year" else None
            _write_value(ws, r, c, meta.get(f.id) if year is None else year, st.input_left)
        ws.write_string(r, c + 1, f.hint, st.hint)
        ws.set_row(r, 30)
        if f.id == "format":
            ws.data_validation(r, c, r, c, {"validate": "list", "source": list(VERSIONS), "input_title": f.label,
                                            "input_message": f.hint[:255], "error_title": "格式版本无效",
                                            "error_message": "格式版本应为 2021 或 2019。"})
        elif f.id == "year":
            ws.data_validation(r, c, r, c, {"validate": "integer", "criteria": "between", "minimum": 2019,
                                            "maximum": 2100, "input_title": f.label,
                                            "input_message": f.hint[:255], "error_title": "报告年度无效",
                                            "error_message": "报告年度应为四位年份，2019 年起。"})
        elif f.id == "postcode":
            ws.data_validation(r, c, r, c, _postcode_validation(p.address, f))
        wb.define_name(defined_name(mid), f"={p.ref}")
    _print_setup(ws, False, 3)


_TEXT_META = ("postcode", "phone")


def _write_date(ws, r: int, c: int, value, st) -> None:
    """The publication date as a date, which formulas compare (P1); text no date reads from stays text."""
    from .checker import parse_date
    date = parse_date(value) if value not in (None, "") else None
    if date is None:
        _write_value(ws, r, c, value, st.input_date)
    else:
        ws.write_datetime(r, c, dt.datetime(date.year, date.month, date.day), st.input_date)


def _postcode_validation(ref: str, f) -> dict:
    """Six digits (M2): six characters that VALUE reads as a number, with none of . + - e , or a
    space (checked in LibreOffice: 010010 and 315040 pass; 01001a, 0100.1, 1e+003, 31504 do not)."""
    ref = ref.replace("$", "")
    test = ",".join(f'ISERROR(SEARCH("{c}",{ref}))' for c in (".", "+", "-", "e", " ", ","))
    return {"validate": "custom", "value": f"=AND(LEN({ref})=6,ISNUMBER(VALUE({ref})),{test})", "ignore_blank": True,
            "input_title": f.label, "input_message": f.hint[:255], "error_title": "邮编无效",
            "error_message": RULES["M2"].title[:255], "error_type": "stop"}


TEXT_WIDTH = 90              # 正文 column B, in widths of "0"


def _text(wb, ws, st, lay, text: dict, version: str) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, TEXT_WIDTH)
    ws.set_column(2, 2, 36)
    ws.merge_range(0, 0, 0, 2, TEXT_TITLE, st.title)
    # Row 2 carries the heading of section 一 and its live length; 五 and 六 are headed by their labels.
    ws.write_string(FIELD_FIRST_ROW - 2, 0, SECTIONS[0].heading, st.h1)
    overview = "".join(str(text.get(f, "")) for f in section_fields("s1"))
    count = f"{col_letter(2)}{FIELD_FIRST_ROW - 1}"
    ws.write_formula(count, f"={overview_length_ref(version)}", st.count, count_chars(overview))
    ws.set_row(FIELD_FIRST_ROW - 2, 24)
    if version == "2021":  # S6
        ws.write_string(FIELD_FIRST_ROW - 2, 2, f"原则上不超过 {S6_LIMIT} 字（{RULES['S6'].id}）", st.hint)
        ws.conditional_format(count, {"type": "cell", "criteria": ">", "value": S6_LIMIT, "format": st.warn})
    headings = {s.heading for s in SECTIONS}
    for f in TEXT_FIELDS:
        p = lay.places[f.id]
        r, c = p.row - 1, p.col - 1
        # A section heading as label: wrapped, so that a label wider than the column is not cut.
        ws.write_string(r, 0, f.label, st.caption_wrap if f.label in headings else st.label)
        v = text.get(f.id)
        if v is None or v == "":
            ws.write_blank(r, c, None, st.input_text)
        else:
            ws.write_string(r, c, str(v), st.input_text)
        ws.write_string(r, c + 1, f.hint + "（文字较多时，双击行号下边线可调整行高）", st.hint_top)
        ws.set_row(r, text_height(str(v or ""), 150 if f.id in ("s1.overview", "s5") else 90))
        wb.define_name(defined_name(f.id), f"={p.ref}")
    _print_setup(ws, False, 3)


def text_height(text: str, least: float) -> float:
    """Row height (points) that shows all of `text` wrapped in 正文 column B, at least `least`:
    wide (East Asian) characters take two widths of "0"; 409 points is the spreadsheets' limit."""
    import unicodedata
    lines = 0
    for para in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in para)
        lines += max(1, -(-width // (TEXT_WIDTH - 2)))
    return min(409, max(least, 15 * lines + 6))


def _table2(ws, st, fmt, lay) -> None:
    ws.set_column(0, 0, 22)
    ws.set_column(1, 3, 18)
    ws.merge_range(0, 0, 0, 3, SECTIONS[1].heading, st.title)
    ws.set_row(0, 26)
    for block, sub in zip(lay.t2_blocks, fmt.t2):
        cr, hr = block.caption_row - 1, block.header_row - 1
        ws.merge_range(cr, 0, cr, 3, sub.caption, st.caption)
        ws.write_string(hr, 0, sub.header, st.head)
        ncol = len(sub.columns)
        has_unit = any(f"t2.{r.id}.{sub.columns[-1].id}_unit" in fmt.cells for r in sub.rows)
        spans = _t2_spans(ncol, has_unit)
        for (c0, c1), col in zip(spans, sub.columns):
            _merge_or_write(ws, hr, c0, hr, c1, col.label, st.head)
        if has_unit:
            ws.write_string(hr, 3, PROCUREMENT_UNIT_LABEL, st.head)
        ws.set_row(hr, 30)
        for i, row in enumerate(sub.rows):
            r = block.first_data_row - 1 + i
            ws.write_string(r, 0, row.label, st.label)
            for (c0, c1), col in zip(spans, sub.columns):
                if c1 > c0:
                    ws.merge_range(r, c0, r, c1, "", st.input)  # value written later at (r, c0)
    _print_setup(ws, False, 4)


def _t2_spans(ncol: int, has_unit: bool) -> list[tuple[int, int]]:
    """0-based column spans of the value columns of a table 二 sub-table in the 4-column grid."""
    if ncol == 1:
        return [(1, 3)]
    if ncol == 2 and not has_unit:
        return [(1, 1), (2, 3)]
    return [(1 + i, 1 + i) for i in range(ncol)]


def _merge_or_write(ws, r0, c0, r1, c1, value, style) -> None:
    if (r0, c0) == (r1, c1):
        ws.write_string(r0, c0, value, style)
    else:
        ws.merge_range(r0, c0, r1, c1, value, style)


def _table3(ws, st, fmt, lay) -> None:
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 46)
    ws.set_column(3, 9, 12.5)     # 社会公益组织, 法律服务机构: six characters on one line
    last = col_letter(T3_FIRST_COL + len(T3_COLUMNS) - 1)
    ws.merge_range(0, 0, 0, 9, SECTIONS[2].heading, st.title)
    ws.set_row(0, 26)
    c0 = T3_FIRST_COL - 1
    ws.merge_range(1, 0, 3, 2, T3_NOTE, st.note)
    ws.merge_range(1, c0, 1, c0 + 6, T3_HEAD_APPLICANT, st.head)
    ws.merge_range(2, c0, 3, c0, T3_COLUMNS[0].label, st.head)
    ws.merge_range(2, c0 + 1, 2, c0 + 5, T3_HEAD_ORG, st.head)
    for i, col in enumerate(T3_ENTITY_COLUMNS[1:]):
        ws.write_string(3, c0 + 1 + i, col.label, st.head)
    ws.merge_range(2, c0 + 6, 3, c0 + 6, T3_COLUMNS[-1].label, st.head)
    ws.set_row(3, 30)
    # Row labels with the official merges: level-1 rows over A:C; 三、 vertical in A over all outcome
    # rows; the groups （三）…（六） vertical in B over their items; level-2 leaf rows over B:C.
    rows = [r for r in fmt.t3_rows if r.id]
    spans: dict[tuple[int, str], list[int]] = {}
    for r in rows:
        sr = lay.t3_row_of[r.id] - 1
        for depth, label in enumerate(r.parent_labels):
            spans.setdefault((depth, label), []).append(sr)
        if r.level == 1:
            ws.merge_range(sr, 0, sr, 2, r.label, st.label)
        elif len(r.parent_labels) == 1:
            ws.merge_range(sr, 1, sr, 2, r.label, st.label)
        else:
            ws.write_string(sr, 2, r.label, st.label)
        ws.set_row(sr, 30 if len(r.label) > 22 else 20)
    for (depth, label), srs in spans.items():
        _merge_or_write(ws, min(srs), depth, max(srs), depth, label, st.label_vert if depth == 0 else st.label_group)
    # 勾稽 identity per column, live: red when T3-1 fails (rules.COMPARISONS) and all four are numbers.
    # The first column's check with the column relative, so that the format moves along the columns.
    check = next(c for c in arithmetic_checks(fmt.version) if c.rule == "T3-1")
    rel = {cid: f"{col_letter(lay.places[cid].col)}${lay.places[cid].row}" for cid in check.cells}
    ws.conditional_format(f"{col_letter(T3_FIRST_COL)}{lay.t3_row_of['new_received']}:{last}{lay.t3_last_row}", {
        "type": "formula",
        "criteria": f"=AND(COUNT({','.join(rel.values())})={len(rel)},NOT({excel_test(check, rel.get)}))",
        "format": st.error})
    ws.repeat_rows(1, 3)
    ws.freeze_panes(4, 3)
    _print_setup(ws, True, 10)


def _table4(ws, st, fmt, lay) -> None:
    n = len(T4_COLUMNS)
    ws.set_column(0, 3 * n - 1, 8.5)
    ws.merge_range(0, 0, 0, 3 * n - 1, SECTIONS[3].heading, st.title)
    ws.set_row(0, 26)
    groups_by_super: dict[str, list[int]] = {}
    for gi, g in enumerate(T4_GROUPS):
        groups_by_super.setdefault(g.super_label, []).append(gi)
    for sup in T4_SUPER:
        gis = groups_by_super[sup]
        ws.merge_range(1, gis[0] * n, 1, (gis[-1] + 1) * n - 1, sup, st.head)
    for gi, g in enumerate(T4_GROUPS):
        if g.label == g.super_label:   # 行政复议: the column labels span rows 3-4
            for ci, col in enumerate(T4_COLUMNS):
                ws.merge_range(2, gi * n + ci, 3, gi * n + ci, col.label, st.head)
        else:
            ws.merge_range(2, gi * n, 2, (gi + 1) * n - 1, g.label, st.head)
            for ci, col in enumerate(T4_COLUMNS):
                ws.write_string(3, gi * n + ci, col.label, st.head)
    ws.set_row(3, 30)
    ws.set_row(T4_DATA_ROW - 1, 24)
    _print_setup(ws, True, 3 * n)


def _write_value(ws, r: int, c: int, value, style) -> None:
    """A value as itself: numbers as numbers, text always as a string (never a formula)."""
    if value is None or value == "":
        ws.write_blank(r, c, None, style)
    elif isinstance(value, bool):
        ws.write_string(r, c, str(value), style)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, style)
    else:
        ws.write_string(r, c, str(value), style)


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
            _write_value(ws, r, c, values.get(cid), style)
        ws.data_validation(r, c, r, c, _validation(cell))
        wb.define_name(defined_name(cid), f"={p.ref}")


__all__ = ["build_workbook"]
