"""Narrative against the tables, rules N1–N5 and N8–N10 (N6 and N7 are covered by the seeds): a
sentence that contradicts a cell is reported with its line; one that agrees is not."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from generator.importer import import_path
from generator.narrative import check
from generator.report import Report, computed_totals
from generator.model import get_format
from test_import_variants import make_report, render_text


def _report(version: str, text: dict[str, str], **cells) -> Report:
    r = make_report(version, seed=5)
    r.cells.update({k.replace("__", "."): v for k, v in cells.items()})
    computed_totals(get_format(version), r.cells)      # totals consistent with the parts
    r.text = text
    return r


def _rules(report: Report, rule: str) -> list:
    return [f for f in check(report) if f.rule == rule]


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_n3_applicant_counts_against_new_and_carried(version):
    r = _report(version, {"s1.on_request": "x"})
    new = r.cells["t3.new_received.natural"]
    old = r.cells["t3.carried_over.natural"]
    biz = r.cells["t3.new_received.commercial"]
    r.text["s1.on_request"] = f"本年度收到申请，其中自然人申请{new}件、商业企业{biz}件。"
    assert _rules(r, "N3") == []
    r.text["s1.on_request"] = f"其中自然人{new + old}件。"       # new + carried over: the other convention
    assert _rules(r, "N3") == []
    r.text["s1.on_request"] = f"其中自然人{new + old + 7}件、商业企业{biz}件。"
    [f] = _rules(r, "N3")
    assert "自然人" in f.message and str(new + old + 7) in f.message and f.cells[1:] == ("t3.new_received.natural",)
    assert f.severity == "警告"


def test_n3_legal_persons_are_the_five_organisation_columns():
    r = _report("2021", {})
    orgs = sum(r.cells[f"t3.new_received.{c}"] for c in
               ("commercial", "research", "public_welfare", "legal_service", "other_org"))
    r.text = {"s1.on_request": f"法人或其他组织申请{orgs}件"}
    assert _rules(r, "N3") == []
    r.text = {"s1.on_request": f"法人或其他组织申请{orgs + r.cells['t3.carried_over.total'] + 1000}件"}
    assert len(_rules(r, "N3")) == 1


def test_n4_outcome_groups_sum_their_rows():
    r = _report("2021", {})
    granted, partial = r.cells["t3.granted.total"], r.cells["t3.partial.total"]
    unable = sum(r.cells[f"t3.{i}.total"] for i in ("unable_no_info", "unable_need_create", "unable_unclear"))
    r.text = {"s1.on_request": f"办理结果中，予以公开{granted}件，部分公开{partial}件，无法提供{unable}件。"}
    assert _rules(r, "N4") == []
    r.text = {"s1.on_request": f"予以公开及部分公开{granted + partial}件"}
    assert _rules(r, "N4") == []
    r.text = {"s1.on_request": f"予以公开及部分公开{granted + partial + 1}件；无法提供{unable + 2}件"}
    found = _rules(r, "N4")
    assert len(found) == 2
    assert "予以公开及部分公开" in found[0].message and found[0].cells[1:] == ("t3.granted.total", "t3.partial.total")
    assert len(found[1].cells) == 4 and found[1].expected == unable and found[1].found == unable + 2


def test_n4_ignores_denials_and_active_disclosure():
    r = _report("2021", {})
    r.text = {"s1.on_request": "不予以公开999件", "s1.active": "主动予以公开999件"}
    assert _rules(r, "N4") == []


@pytest.mark.parametrize("version,col", [("2021", "in_force"), ("2019", "new_made")])
def test_n8_normative_documents_against_table_two(version, col):
    r = _report(version, {})
    have = r.cells[f"t2.normative_docs.{col}"]
    word = {"in_force": "现行有效", "new_made": "新制作"}[col]
    r.text = {"s1.active": f"本年度{word}规范性文件{have}件。"}
    assert _rules(r, "N8") == []
    r.text = {"s1.active": f"本年度{word}规范性文件{have + 393}件。"}
    [f] = _rules(r, "N8")
    assert f.cells[1:] == (f"t2.normative_docs.{col}",) and f.expected == have and f.found == have + 393


def test_n8_reads_the_row_named_before_the_number_and_not_internal_rules():
    r = _report("2021", {})
    regs = r.cells["t2.regulations.issued"]
    r.text = {"s1.active": f"制发规章{regs}件", "s1.management": "制发内部规章制度500件"}
    assert _rules(r, "N8") == []
    r.text = {"s1.active": f"全年制发规章{regs + 1}件"}
    [f] = _rules(r, "N8")
    assert f.cells[1:] == ("t2.regulations.issued",)


def test_n8_only_in_section_one():
    r = _report("2021", {})
    r.text = {"s5": "下一步将清理现行有效规范性文件999件"}
    assert _rules(r, "N8") == []


def test_imported_contradiction_cites_its_line(tmp_path):
    r = make_report("2021", seed=1)
    computed_totals(r.fmt, r.cells)
    granted = r.cells["t3.granted.total"]
    r.text["s1.active"] = "（一）主动公开\n主动公开信息120条。"
    r.text["s1.overview"] = f"本年度工作概述。\n依申请公开方面，予以公开{granted + 5}件。"
    path = tmp_path / "r.txt"
    path.write_text(render_text(r, "lines"), encoding="utf-8")
    [f] = [f for f in import_path(path).findings if f.rule == "N4"]
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "予以公开" in t
                and "件" in t)
    assert f"第{line}行" in f.message and f.found == granted + 5


# -- N1, N2, N5 (counts of applications, outcomes, reviews and lawsuits), N9, N10 (information fees) --

def test_n1_received_applications_against_new_or_new_and_carried():
    r = _report("2021", {})
    new, old = r.cells["t3.new_received.total"], r.cells["t3.carried_over.total"]
    for said in (new, new + old):
        r.text = {"s1.on_request": f"本年度共收到政府信息公开申请{said}件"}
        assert _rules(r, "N1") == []
    r.text = {"s1.on_request": f"本年度共收到政府信息公开申请{new + old + 3}件"}
    [f] = _rules(r, "N1")
    assert f.cells[1:] == ("t3.new_received.total", "t3.carried_over.total")
    assert f.expected == new and f.found == new + old + 3 and str(new + old) in f.message
    r.text = {"s1.on_request": f"本年度共收到{new}件政府信息公开申请"}       # the count before the word
    assert _rules(r, "N1") == []
    r.text = {"s1.on_request": f"本年度共收到{new + old + 3}件申请"}
    assert [f.found for f in _rules(r, "N1")] == [new + old + 3]
    # a count of something else in the same clause (其中, 复议, 来信 ...) is not the number of applications
    r.text = {"s1.on_request": f"收到行政复议申请{new + 50}件"}
    assert _rules(r, "N1") == []


def test_n2_processed_and_carried_forward_against_table_three():
    r = _report("2019", {})
    done, forward = r.cells["t3.total_processed.total"], r.cells["t3.carried_forward.total"]
    r.text = {"s1.on_request": f"全年办结{done}件；结转下年度继续办理{forward}件。"}
    assert _rules(r, "N2") == []
    r.text = {"s1.on_request": f"全年办结{done + 1}件；{forward + 2}件结转下年度办理。"}
    found = _rules(r, "N2")
    assert [f.cells[1:] for f in found] == [("t3.total_processed.total",), ("t3.carried_forward.total",)]
    assert [(f.expected, f.found) for f in found] == [(done, done + 1), (forward, forward + 2)]


def _carry(version: str = "2021") -> Report:
    """上年结转 18 and 结转下年度 7 in the 自然人 column (0 elsewhere): a count read against the wrong
    row of the two shows."""
    fmt = get_format(version)
    cells = {}
    for row, n in (("carried_over", 18), ("carried_forward", 7)):
        cols = [c for c in fmt.cells if c.startswith(f"t3.{row}.") and not c.endswith(".total")]
        cells.update({c.replace(".", "__"): (n if i == 0 else 0) for i, c in enumerate(cols)})
    return _report(version, {}, **cells)


# (sentence, the row its 结转 count refers to); every count here agrees with that row only
@pytest.mark.parametrize("text", [
    "收到的申请中含上年度结转申请18件", "其中上年结转18件", "上一年度结转的18件已全部办结",
    "去年结转至今年的18件", "收到上年结转政府信息公开申请18件", "2022年结转的申请18件",
    "结转下年度继续办理7件", "另有7件结转下年度", "7件转入下一年度办理", "结转至下一年度7件", "尚未办结7件",
    "7件尚未办结", "结转至2024年的7件", "上年结转18件，7件结转下年度继续办理", "其中上年结转自然人申请18件"])
def test_n2_reads_carried_over_and_carried_forward_from_the_words_around_the_count(text):
    r = _carry()
    r.text = {"s1.on_request": text}
    assert _rules(r, "N2") == [] and _rules(r, "N1") == [] and _rules(r, "N3") == []


@pytest.mark.parametrize("text,cell,expected,found", [
    ("含上年度结转申请20件", "t3.carried_over.total", 18, 20),
    ("其中上一年度结转5件", "t3.carried_over.total", 18, 5),
    ("3件结转下年度", "t3.carried_forward.total", 7, 3),
    ("尚未办结18件", "t3.carried_forward.total", 7, 18),        # not the year's （七）总计
])
def test_n2_compares_a_carried_count_with_its_own_row(text, cell, expected, found):
    r = _carry()
    r.text = {"s1.on_request": text}
    [f] = _rules(r, "N2")
    assert f.cells[1:] == (cell,) and (f.expected, f.found) == (expected, found)
    assert get_format("2021").cells[cell].row_label in f.message


@pytest.mark.parametrize("text", [
    "结转99件", "99件结转", "上年结转和本年新收申请共99件", "2023年结转的申请99件",   # 2023 is the report's year
    "行政复议尚未办结99件", "上年结转的申请已办结99件", "结转政府信息公开申请99件"])
def test_n2_says_nothing_when_the_words_do_not_say_which_row(text):
    r = _carry()
    r.text = {"s1.on_request": text}
    assert _rules(r, "N2") == []


def test_n5_reviews_and_lawsuits_against_table_four():
    r = _report("2021", {})
    review = r.cells["t4.review.total"]
    lawsuits = r.cells["t4.lit_direct.total"] + r.cells["t4.lit_after_review.total"]
    r.text = {"s1.on_request": f"发生行政复议{review}件，行政诉讼{lawsuits}件。"}
    assert _rules(r, "N5") == []
    r.text = {"s1.on_request": f"发生行政复议{review + 4}件，{lawsuits + 1}件行政诉讼。"}
    found = _rules(r, "N5")
    assert [f.cells[1:] for f in found] == [("t4.review.total",), ("t4.lit_direct.total", "t4.lit_after_review.total")]
    assert [f.found for f in found] == [review + 4, lawsuits + 1]


def _overdue(version: str, n: int, text: dict[str, str]) -> Report:
    cols = [c for c in get_format(version).cells if c.startswith("t3.other_overdue_fee.") and not c.endswith(".total")]
    return _report(version, text, **{c.replace(".", "__"): (n if i == 0 else 0) for i, c in enumerate(cols)})


def test_n9_overdue_fee_notices_need_a_word_on_fees_in_section_six():
    r = _overdue("2021", 2, {"s6": "本年度无其他需要报告的事项。"})
    [f] = _rules(r, "N9")
    assert f.cells == ("s6.fees", "t3.other_overdue_fee.total") and "为 2" in f.message
    r.text = {"s6": "本年度共收取信息处理费120元。"}
    assert _rules(r, "N9") == []
    assert _rules(_overdue("2021", 0, {"s6": "本年度无其他需要报告的事项。"}), "N9") == []
    assert _rules(_overdue("2019", 2, {"s6": "本年度无其他需要报告的事项。"}), "N9") == []   # a 2021 rule


def test_n10_contradictory_statements_on_information_fees():
    r = _overdue("2021", 0, {"s6": "本年度未收取信息处理费0.5万元。"})
    [f] = _rules(r, "N10")
    assert "又写明了金额" in f.message
    r.text = {"s6": "本年度未收取信息处理费。", "s6.fees": "收取信息处理费300元。"}
    [f] = _rules(r, "N10")
    assert "前后矛盾" in f.message and "300元" in f.message
    r = _overdue("2021", 3, {"s6": "本年度未发出信息处理费收费通知。"})
    [f] = _rules(r, "N10")
    assert f.cells[1:] == ("t3.other_overdue_fee.total",) and f.found == 3
    r.text = {"s6": "本年度未收取信息处理费。"}
    assert _rules(r, "N10") == [] and _rules(r, "N9") == []


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_clause_words_hold_no_separator(version):
    # clauses_with finds clauses from the words' matches: a word with a separator in it would span two
    from generator.narrative import RX_FEE, _SEPARATORS, _vocabulary
    for rx in (_vocabulary(version).topic, RX_FEE):
        assert not set(rx.pattern) & set(_SEPARATORS), rx.pattern


@given(st.lists(st.sampled_from(["申请", "收到", "信息处理费", "办结了", "无", "，", "。", "\n", ";", "!", "自然人", "x"]),
                max_size=30).map("".join))
def test_clauses_with_finds_the_clauses_holding_the_words(text):
    from generator.narrative import RX_FEE, _SEPARATORS, _vocabulary, clauses_with
    clause = re.compile(f"[^{_SEPARATORS}]+")
    for rx in (_vocabulary("2021").topic, RX_FEE):
        expected = [(m.start(), m.group(0)) for m in clause.finditer(text) if rx.search(m.group(0))]
        assert list(clauses_with(rx, text)) == expected
