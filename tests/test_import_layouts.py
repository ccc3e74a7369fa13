"""Variations of real layouts that the corpus does not show: a dash or 无 in a cell, a province's extra
row, a page break with its page number and repeated header inside a pdftotext table, a blank line
between a wrapped label's pieces."""
from __future__ import annotations

from pathlib import Path

from generator.importer import import_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
LAYOUT = (SHARED / "corpus/raw/pt-area-2024.pdftotext.txt").read_text(encoding="utf-8")
SEED = (Path(__file__).parent / "fixtures/seeds/002_e0a4b7f9db582c7c.txt").read_text(encoding="utf-8")
BASE = import_text(LAYOUT).report.cells


def _changed(cells) -> dict:
    return {k: (cells.get(k, "absent"), v) for k, v in BASE.items() if cells.get(k, "absent") != v}


def test_a_dash_in_a_layout_row_is_that_cells_text_and_is_reported():
    text = LAYOUT.replace("1.属于国家秘密       4     0   0", "1.属于国家秘密       4     —   0")
    result = import_text(text)
    assert _changed(result.report.cells) == {"t3.denied_secret.commercial": ("—", 0)}
    assert any(f.rule == "V4" and "“—”" in f.message for f in result.findings)


def test_none_written_in_a_word_export_cell_is_that_cells_text():
    result = import_text(SEED.replace("\t行政处罚\n\t142", "\t行政处罚\n\t无"))
    assert result.report.cells["t2.penalty.decisions"] == "无"
    assert any(f.rule == "V4" and "t2.penalty.decisions" in f.cells for f in result.findings)


def test_a_province_s_extra_row_is_reported_and_moves_nothing():
    text = LAYOUT.replace("四、结转下年度继续办理", "（八）其他情况                          5       0       0        0           0       0    5\n"
                                             "四、结转下年度继续办理", 1)
    result = import_text(text)
    assert _changed(result.report.cells) == {}
    [f] = [f for f in result.findings if "（八）其他情况" in f.message]
    assert f.rule == "S3" and "5 0 0 0 0 0 5" in f.message and "未导入" in f.message


def test_a_page_break_with_its_number_and_repeated_header_inside_table_three():
    header = ("                          申请人情况\n"
              "                          自然人 商业 科研                    总计\n"
              "                                企业 机构\n")
    text = LAYOUT.replace("           5.属于三类内部事务信息",
                          "\n\f                              — 3 —\n\n" + header + "           5.属于三类内部事务信息", 1)
    assert _changed(import_text(text).report.cells) == {}


def test_a_blank_line_between_the_pieces_of_a_wrapped_label():
    text = LAYOUT.replace("      这一情形，不计其他情形）", "\n      这一情形，不计其他情形）", 1)
    assert _changed(import_text(text).report.cells) == {}


def test_a_row_whose_values_wrapped_onto_the_next_line_is_not_guessed():
    text = LAYOUT.replace("1.属于国家秘密       4     0   0   0    0    0    4",
                          "1.属于国家秘密       4     0   0   0\n                     0    0    4", 1)
    cells = import_text(text).report.cells
    changed = _changed(cells)
    assert set(changed) <= {k for k in BASE if k.startswith("t3.denied_secret.")}
    assert all(v[0] in ("absent", BASE[k]) for k, v in changed.items())


def _tab_separated(name: str) -> str:
    """A report as a browser copies it: a table row is a line of tab-separated cells, a spanned cell
    followed by the empty cells it covers."""
    from generator.importer.blocks import Para
    from generator.importer.readers import read_path
    blocks, _ = read_path(SHARED / "corpus/raw" / name)
    lines = []
    for b in blocks:
        if isinstance(b, Para):
            lines.append(b.text)
        else:
            lines += ["\t".join("" if len(c) > 2 else c[1].replace("\n", "") for c in row) for row in b.rows]
    return "\n".join(lines)


def test_tab_separated_rows_with_the_slots_a_label_spans_import_every_cell():
    for name in ("pt-area-2024.lo.docx", "pt-approval-2025.lo.docx"):
        want = import_text((SHARED / "corpus/raw" / name.replace(".lo.docx", ".pdftotext.txt")).read_text()).report
        assert import_text(_tab_separated(name)).report.cells == want.cells


def test_blanks_at_both_edges_of_a_long_row_are_not_guessed():
    text = _tab_separated("pt-area-2024.lo.docx").replace(
        "1.属于国家秘密\t4\t0\t0\t0\t0\t0\t4", "1.属于国家秘密\t\t4\t0\t0\t0\t0\t0\t")   # first or last blank?
    result = import_text(text)
    assert not any(k.startswith("t3.denied_secret.") for k in result.report.cells)
    assert any(f.rule == "S3" and "1.属于国家秘密" in f.message and "该行未导入" in f.message for f in result.findings)


def test_a_mark_before_the_title_is_not_part_of_the_agency():
    for mark in ("【草稿】", "[征求意见稿]", "（送审稿）"):
        assert import_text(mark + SEED).report.meta["agency"] == "宝山公安分局"
