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
