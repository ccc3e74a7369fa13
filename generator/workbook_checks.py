"""The workbook's live 校验 sheet (XlsxWriter): a row per rule a formula can decide (sheet_rows),
each with its status formula, a link to its cell and the cells that break it; counts of errors,
warnings, undecided rows and blank input cells on top.

Hidden helper columns hold what several rows read: the code of every input number cell (cell_rules:
数 值 负 位 空 斜 文) and the characters of 一、五、六 without whitespace. Every formula cell carries
the value Python computes for it (checker.sheet_view), for programs that show cached values.
"""
from __future__ import annotations

from .cell_rules import BLANK, CELL_SPACES, SLASH, TEXT, count_chars, value_code, xl_clean, xl_code
from .layout import SHEET_CHECKS, col_letter, get_layout
from .report import Report
from .rules import ERROR, PASS, RULES, UNDECIDED, WARNING
from .sheet_rows import TEXT_SECTIONS, section_fields, sheet_rows, value_blocks
from .values import State, parse

CHECKS_TITLE = "校验（随填写自动更新）"
CHECKS_HEADER = ("规则", "级别", "检查内容", "状态", "位置", "有问题的单元格")
CHECKS_HEADER_ROW = 4
CHECKS_FIRST_ROW = 5
CHECKS_STATUS_COL = 4          # D: the live status
CHECKS_DETAIL_COL = 6          # F
SUMMARY = {"errors": ("B2", "XXGK_check_errors"), "warnings": ("D2", "XXGK_check_warnings"),
           "undecided": ("F2", "XXGK_check_undecided"), "blank": ("B3", "XXGK_check_blank")}
SUMMARY_NAME = SUMMARY["errors"][1]
# Hidden helper columns: H address, I the text without whitespace, J the code of each input cell;
# L section, M its characters without whitespace.
CODE_COLS = (8, 9, 10)
LENGTH_COLS = (12, 13)


class _Refs:
    """References the row formulas read (sheet_rows documents them)."""

    def __init__(self, version: str):
        self.lay = get_layout(version)
        ids = [c for _, block in value_blocks(version) for c in block]
        self.code_row = {c: CHECKS_FIRST_ROW + i for i, c in enumerate(ids)}
        self.length_row = {s: CHECKS_FIRST_ROW + i for i, s in enumerate(TEXT_SECTIONS)}

    def ref(self, item: str) -> str:
        return self.lay.places[item].ref

    def addr(self, item: str) -> str:
        return self.lay.places[item].address

    def code(self, item: str) -> str:
        return f"${col_letter(CODE_COLS[2])}${self.code_row[item]}"

    def cleaned_cell(self, item: str) -> str:
        return f"${col_letter(CODE_COLS[1])}${self.code_row[item]}"

    def length(self, section: str) -> str:
        return f"${col_letter(LENGTH_COLS[1])}${self.length_row[section]}"

    def cleaned(self, item: str) -> str:
        return xl_clean(self.ref(item))

    def blank(self, item: str) -> str:
        return f"LEN({self.cleaned(item)})=0"


def sheet_code(raw: object, kind) -> str:
    """What xl_code gives for a cell holding `raw` (a formula sees text, even "19万", as text)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return value_code(raw, kind)
    state = parse(raw, kind).state
    return BLANK if state is State.BLANK else SLASH if state is State.SLASH else TEXT


def write_checks(wb, ws, st, report: Report) -> None:
    """The 校验 sheet for `report` (its input cells, totals as the formulas compute them)."""
    from .checker import sheet_view
    version = report.format
    x = _Refs(version)
    rows = sheet_rows(version)
    view = sheet_view(report)
    codes = _helpers(ws, st, x, report)
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 7)
    ws.set_column(2, 2, 64)
    ws.set_column(3, 3, 10)
    ws.set_column(4, 4, 13)
    ws.set_column(5, 5, 30)
    ws.merge_range(0, 0, 0, 5, CHECKS_TITLE, st.title)
    _summary(wb, ws, st, x, [s for s, _ in view], codes)
    for c, h in enumerate(CHECKS_HEADER):
        ws.write_string(CHECKS_HEADER_ROW - 1, c, h, st.head)
    for i, (row, (status, detail)) in enumerate(zip(rows, view)):
        r = CHECKS_FIRST_ROW - 1 + i
        ws.write_string(r, 0, row.rule, st.cell)
        ws.write_string(r, 1, RULES[row.rule].severity, st.cell)
        desc = f"{row.where}：{RULES[row.rule].title}"
        ws.write_string(r, 2, desc, st.cell_wrap)
        ws.set_row(r, 15 * (1 + len(desc) // 36))   # about 36 CJK characters to a line of the column
        ws.write_formula(r, 3, row.formula(x), st.status, status)
        place = x.lay.places[row.link]
        ws.write_formula(r, 4, f'=HYPERLINK("#\'{place.sheet}\'!{place.address}","{place}")', st.link, str(place))
        formula = row.detail(x)
        if formula is None:
            ws.write_blank(r, 5, None, st.cell_wrap)
        else:
            ws.write_formula(r, 5, formula, st.cell_wrap, detail)
    last = CHECKS_FIRST_ROW + len(rows) - 1
    area = f"D{CHECKS_FIRST_ROW}:D{last}"
    for word, style in ((PASS, st.pass_), (ERROR, st.error), (WARNING, st.warn), (UNDECIDED, st.undecided)):
        ws.conditional_format(area, {"type": "cell", "criteria": "==", "value": f'"{word}"', "format": style})
    for key, style in (("errors", st.error), ("warnings", st.warn), ("undecided", st.undecided), ("blank", st.warn)):
        ws.conditional_format(SUMMARY[key][0], {"type": "cell", "criteria": ">", "value": 0, "format": style})
    ws.freeze_panes(CHECKS_HEADER_ROW, 0)


def _summary(wb, ws, st, x: _Refs, statuses: list[str], codes: list[str]) -> None:
    n = len(statuses)
    status = col_letter(CHECKS_STATUS_COL)
    rng = f"${status}${CHECKS_FIRST_ROW}:${status}${CHECKS_FIRST_ROW + n - 1}"
    code = col_letter(CODE_COLS[2])
    code_rng = f"${code}${CHECKS_FIRST_ROW}:${code}${CHECKS_FIRST_ROW + len(codes) - 1}"
    counts = {"errors": (ERROR, rng, statuses), "warnings": (WARNING, rng, statuses),
              "undecided": (UNDECIDED, rng, statuses), "blank": (BLANK, code_rng, codes)}
    labels = {"errors": f"{ERROR}数", "warnings": f"{WARNING}数", "undecided": UNDECIDED, "blank": "空白单元格"}
    for key, (cell, name) in SUMMARY.items():
        word, area, values = counts[key]
        col = ord(cell[0]) - 65
        row = int(cell[1:]) - 1
        ws.write_string(row, col - 1, labels[key], st.bold if col == 1 else st.bold_right)
        ws.write_formula(row, col, f'=COUNTIF({area},"{word}")', st.formula, values.count(word))
        wb.define_name(name, f"={SHEET_CHECKS}!${cell[0]}${cell[1:]}")
    ws.write_string(2, 2, "表二、表三、表四中空白的填报单元格个数：空白不按 0 计算，没有的请填 0", st.hint)


def _helpers(ws, st, x: _Refs, report: Report) -> list[str]:
    """The hidden helper columns; returns the codes Python gives the input cells."""
    fmt = report.fmt
    first = col_letter(CODE_COLS[0])
    ws.set_column(f"{first}:{col_letter(LENGTH_COLS[1])}", None, None, {"hidden": True})
    codes = []
    for cid, r in x.code_row.items():
        raw = report.cells.get(cid)
        kind = fmt.cells[cid].kind
        code = sheet_code(raw, kind)
        codes.append(code)
        number = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        cleaned = "" if number or raw is None else "".join(str(raw).split())
        ws.write_string(r - 1, CODE_COLS[0] - 1, str(x.lay.places[cid]))
        ws.write_formula(r - 1, CODE_COLS[1] - 1, f'=IF(ISNUMBER({x.ref(cid)}),"",{xl_clean(x.ref(cid), CELL_SPACES)})',
                         None, cleaned)
        ws.write_formula(r - 1, CODE_COLS[2] - 1, xl_code(x.ref(cid), x.cleaned_cell(cid), kind), None, code)
    for section, r in x.length_row.items():
        fields = section_fields(section)
        text = "".join(str(report.text.get(f, "")) for f in fields)
        ws.write_string(r - 1, LENGTH_COLS[0] - 1, section)
        expr = "&".join(x.ref(f) for f in fields)
        ws.write_formula(r - 1, LENGTH_COLS[1] - 1, f"=LEN({xl_clean(expr)})", None, count_chars(text))
    return codes


def overview_length_ref(version: str) -> str:
    """The cell holding 总体情况's characters without whitespace (the 正文 sheet shows it)."""
    return f"{SHEET_CHECKS}!{_Refs(version).length('s1')}"


__all__ = ["write_checks", "overview_length_ref", "CHECKS_FIRST_ROW", "CHECKS_STATUS_COL"]
