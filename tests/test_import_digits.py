"""Run-together digits (a web page's text where "1324019" is three cells of one row): split only when
exactly one split satisfies the row's sums, and say so; otherwise the row is not imported."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importer import import_text
from generator.importer.digits import split_digits

SEED = (Path(__file__).parent / "fixtures" / "seeds" / "000_2625dda15ab019a2.txt").read_text(encoding="utf-8")


def _cells(texts):
    return [(7, t) for t in texts]


def test_a_table_four_row_run_together_at_its_end_splits_the_one_way_its_sums_allow():
    row = ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "1324019"]
    split = split_digits(_cells(row), 15, "t4")
    assert [t for _, t in split] == ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]


def test_no_split_when_two_splits_fit_or_none_does():
    assert split_digits(_cells(["1111", "0", "0", "0", "0", "112"]), 7, "t3") is None     # 1+111 and 111+1
    assert split_digits(_cells(["5", "0", "0", "0", "0", "9"]), 7, "t3") is None          # nothing to cut
    assert split_digits(_cells(["52", "0", "0", "0", "0", "9"]), 7, "t3") is None         # 5+2 ≠ 9


def test_table_two_is_never_split():
    assert split_digits(_cells(["6233", "440"]), 3, "t2") is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=6, max_size=6), st.integers(0, 5), st.data())
def test_a_split_is_the_published_row_whenever_one_is_given(parts, join_at, data):
    row = [str(n) for n in parts] + [str(sum(parts))]
    k = data.draw(st.integers(join_at + 2, 7))
    joined = row[:join_at] + ["".join(row[join_at:k])] + row[k:]
    split = split_digits(_cells(joined), 7, "t3")
    if split is not None:                      # never a row other than the one that was joined
        assert [t for _, t in split] == row


LAYOUT = (Path(__file__).resolve().parents[2] / "shared/corpus/raw/pt-area-2024.pdftotext.txt").read_text(encoding="utf-8")
BASE = import_text(LAYOUT).report.cells


def test_a_flattened_row_with_run_together_digits_is_split_and_reported():
    text = (LAYOUT.replace("217   1   0   0    0    0    218", "2171   0   0    0    0    218", 1)
            .replace("13       2   4       0   19", "1324019", 1))
    result = import_text(text)
    assert result.report.cells == BASE
    v8 = [f for f in result.findings if f.rule == "V8"]
    assert len(v8) == 2 and all(f.severity == "警告" and "请核对原文" in f.message for f in v8)
    assert "一、本年新收政府信息公开申请数量" in v8[0].message and "表四" in v8[1].message


def test_a_number_in_a_cell_of_its_own_is_never_split():
    text = SEED.replace("\t7.属于行政执法案卷\n\t5\n\t1\n\t0\n\t0\n\t0\n\t0\n\t6\n",
                        "\t7.属于行政执法案卷\n\t5\n\t1\n\t0\n\t0\n\t0\n\t06\n")   # Word's cells: one each
    result = import_text(text)
    assert not any(k.startswith("t3.denied_enforcement.") for k in result.report.cells)
    assert not [f for f in result.findings if f.rule == "V8"]


def test_a_split_that_breaks_the_column_sums_is_not_taken():
    # "0 0 0 0 3 25" (a row's first value lost by a layout) splits 25 = 2+5 by the row's own sum,
    # which the column sums of table 三 then contradict
    text = LAYOUT.replace("5.属于三类内部事务信息   32    0   0   0    0    0    32",
                          "5.属于三类内部事务信息   0   0   0    0    3    25", 1)
    assert text != LAYOUT
    result = import_text(text)
    assert not any(k.startswith("t3.denied_internal.") for k in result.report.cells)
    assert not [f for f in result.findings if f.rule == "V8"]
    assert any(f.rule == "S3" and "勾稽关系不成立" in f.message for f in result.findings)


def test_an_ambiguous_run_together_row_is_not_imported():
    text = LAYOUT.replace("217   1   0   0    0    0    218", "1111   0   0    0    0    112", 1)
    result = import_text(text)
    assert not any(c.startswith("t3.new_received.") for c in result.report.cells)
    assert any(f.rule == "S3" and "一、本年新收政府信息公开申请数量" in f.message and "该行未导入" in f.message
               for f in result.findings)
