"""The 基本信息 and 正文 sheets (XlsxWriter): each field with its label, hint and defined name; the
year as a number and the publication date as a date (the 校验 sheet compares them); 正文 rows as
tall as their text, and the live count of 总体情况's characters.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

from .cell_rules import count_chars, year_value
from .contact import meta_text
from .layout import FIELD_FIRST_ROW, col_letter, defined_name, meta_id
from .model import META_FIELDS, SECTIONS, TEXT_FIELDS, VERSIONS
from .rules import RULES
from .sheet_rows import S6_LIMIT, section_fields
from .workbook_checks import overview_length_ref
from .workbook_tables import print_setup

META_TITLE = "基本信息"
TEXT_TITLE = "正文"
META_HEADER = ("项目", "填写内容", "说明")


def meta_sheet(wb, ws, st, lay, meta: dict) -> None:
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
            write_value(ws, r, c, meta_text(meta, f.id) or None, st.input_code)
        elif f.id == "publish_date":
            _write_date(ws, r, c, meta.get(f.id), st)
        else:
            year = year_value(meta.get(f.id)) if f.id == "year" else None
            write_value(ws, r, c, meta.get(f.id) if year is None else year, st.input_left)
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
    print_setup(ws, False, 3)


_TEXT_META = ("postcode", "phone")


def _write_date(ws, r: int, c: int, value, st) -> None:
    """The publication date as a date, which formulas compare (P1); text no date reads from stays text."""
    from .checker import parse_date
    date = parse_date(value) if value not in (None, "") else None
    if date is None:
        write_value(ws, r, c, value, st.input_date)
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


def text_sheet(wb, ws, st, lay, text: dict, version: str) -> None:
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
    print_setup(ws, False, 3)


def text_height(text: str, least: float) -> float:
    """Row height (points) that shows all of `text` wrapped in 正文 column B, at least `least`:
    wide (East Asian) characters take two widths of "0"; 409 points is the spreadsheets' limit."""
    lines = 0
    for para in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in para)
        lines += max(1, -(-width // (TEXT_WIDTH - 2)))
    return min(409, max(least, 15 * lines + 6))


def write_value(ws, r: int, c: int, value, style) -> None:
    """A value as itself: numbers as numbers, text always as a string (never a formula)."""
    if value is None or value == "":
        ws.write_blank(r, c, None, style)
    elif isinstance(value, bool):
        ws.write_string(r, c, str(value), style)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, style)
    else:
        ws.write_string(r, c, str(value), style)
