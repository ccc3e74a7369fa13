"""The official tables 二, 三 and 四 drawn on their sheets (XlsxWriter): captions, headers, row
labels and the official merges, at the positions of `layout`; and the A4 print setup of a sheet.
The cells themselves (inputs, total formulas, validation) are written by workbook_write._cells.
"""
from __future__ import annotations

from .layout import T3_FIRST_COL, T4_DATA_ROW, col_letter
from .model import (PROCUREMENT_UNIT_LABEL, SECTIONS, T3_COLUMNS, T3_ENTITY_COLUMNS, T3_HEAD_APPLICANT, T3_HEAD_ORG,
                    T3_NOTE, T4_COLUMNS, T4_GROUPS, T4_SUPER)
from .rules import arithmetic_checks, excel_test

_A4 = 9


def print_setup(ws, landscape: bool, last_col: int) -> None:
    ws.set_paper(_A4)
    if landscape:  # the official tables 三/四: one landscape page each
        ws.set_landscape()
        ws.fit_to_pages(1, 1)
    else:
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def table2(ws, st, fmt, lay) -> None:
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
    print_setup(ws, False, 4)


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


def table3(ws, st, fmt, lay) -> None:
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
    print_setup(ws, True, 10)


def table4(ws, st, fmt, lay) -> None:
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
    print_setup(ws, True, 3 * n)
