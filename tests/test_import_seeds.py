"""Import of the five seed reports as published: every table cell equals the truth file, metadata,
sections, narrative fields, and the truth file's expected findings (and no other 错误)."""
import json

import pytest

from generator.importer import import_path
from generator.model import get_format
from generator.values import parse
from truth import SEEDS, TRUTH_FILES, truth_cells

# The rule ids each truth file's expected_findings map to. 000 also gets T3-1 (错误): its stated
# （七）总计 of 0 breaks the column identity exactly as 004's does (24+0 ≠ 0+7); the truth file lists
# that for 004 but omits it for 000, and the message says the computed total would balance.
EXPECTED = {
    "000": {"T3-2", "T3-1", "N6"},
    "001": set(),
    "002": {"V4"},
    "003": {"N6"},
    "004": {"T3-2", "T3-1", "S1", "N7", "V4"},
}
EXPECTED_ERRORS = {"000": {"T3-2", "T3-1"}, "004": {"T3-2", "T3-1", "S1"}}


def _seed(path):
    return SEEDS / json.loads(path.read_text(encoding="utf-8"))["file"]


@pytest.fixture(scope="module", params=TRUTH_FILES, ids=lambda p: p.name[:3])
def imported(request):
    truth = json.loads(request.param.read_text(encoding="utf-8"))
    return request.param.name[:3], truth, import_path(_seed(request.param))


def test_every_table_cell_equals_the_truth_after_unit_conversion(imported):
    _, truth, result = imported
    report = result.report
    fmt = get_format(truth["format"])
    expected = truth_cells(truth)
    assert report.format == truth["format"]
    wrong = {}
    for cid, raw in expected.items():
        want = parse(raw, fmt.cells[cid].kind)
        got = parse(report.cells.get(cid), fmt.cells[cid].kind)
        if (want.state, want.number) != (got.state, got.number):
            wrong[cid] = (raw, report.cells.get(cid))
    assert wrong == {}
    assert len(expected) == len([c for c in fmt.cells.values() if c.kind.value != "unit"])


def test_each_value_says_where_it_was_found(imported):
    _, truth, result = imported
    lines = _seed_lines(truth)
    for cid, (line, text) in result.report.provenance.items():
        if cid.split(".")[0] in ("t2", "t3", "t4"):
            assert text in lines[line - 1], cid


def _seed_lines(truth):
    return (SEEDS / truth["file"]).read_text(encoding="utf-8").splitlines()


def test_agency_and_year_come_from_the_title(imported):
    _, truth, result = imported
    assert result.report.meta["agency"] == truth["title_agency"]
    assert result.report.meta["year"] == truth["year"]
    assert result.report.meta["format"] == truth["format"]


def test_sections_found_are_those_of_the_truth(imported):
    _, truth, result = imported
    assert list(result.report.sections_present) == truth["sections_present"]


def test_expected_findings_are_reported_and_no_other_error(imported):
    key, _, result = imported
    rules = {f.rule for f in result.findings if not f.undecided}
    assert EXPECTED[key] <= rules
    errors = {f.rule for f in result.findings if f.severity == "错误"}
    assert errors == EXPECTED_ERRORS.get(key, set())


def test_seed_002_fee_with_unit_is_read_as_wan_yuan_and_reported_with_its_line():
    result = import_path(SEEDS / "002_e0a4b7f9db582c7c.txt")
    assert result.report.cells["t2.fees.amount_wan_yuan"] == 1.47
    [f] = [f for f in result.findings if f.rule == "V4"]
    assert "第59行" in f.message and "1.47万元" in f.message and f.severity == "警告"
    assert result.report.provenance["t2.fees.amount_wan_yuan"][0] == 59


def test_seed_004_units_and_words_are_converted_each_with_a_finding():
    result = import_path(SEEDS / "004_136fd1d98cf7f7a0.txt")
    cells = result.report.cells
    assert (cells["t2.other_services.prev_items"], cells["t2.other_services.change"],
            cells["t2.other_services.decisions"]) == (190000, 10000, 200000)
    assert cells["t2.procurement.amount"] == 974.2 and cells["t2.procurement.amount_unit"] == "万元"
    v4 = {f.cells[0]: f for f in result.findings if f.rule == "V4"}
    assert set(v4) == {"t2.other_services.prev_items", "t2.other_services.change",
                       "t2.other_services.decisions", "t2.procurement.amount"}
    assert "第56行" in v4["t2.other_services.change"].message
    assert cells["t2.licensing.change"] == -55


def test_narrative_contradictions_cite_the_sentence_and_its_line():
    n6 = [f for f in import_path(SEEDS / "003_92c2aee800684aca.txt").findings if f.rule == "N6"]
    assert len(n6) == 1 and "第7行" in n6[0].message and "没有因信息公开引起的行政复议和行政诉讼案件" in n6[0].message
    assert "11" in n6[0].message and "8" in n6[0].message
    n6 = [f for f in import_path(SEEDS / "000_2625dda15ab019a2.txt").findings if f.rule == "N6"]
    assert len(n6) == 1 and "第9行" in n6[0].message and "无申请人申请行政诉讼" in n6[0].message
    assert n6[0].found == 4
    n7 = [f for f in import_path(SEEDS / "004_136fd1d98cf7f7a0.txt").findings if f.rule == "N7"]
    assert len(n7) == 1 and "第16行" in n7[0].message and (n7[0].found, n7[0].expected) == (2, 1)


@pytest.mark.parametrize("name", ["001_c9d434514e7b6352.txt", "002_e0a4b7f9db582c7c.txt"])
def test_no_narrative_findings_on_consistent_seeds(name):
    assert not [f for f in import_path(SEEDS / name).findings if f.rule.startswith("N")]


def test_metadata_from_the_opening_paragraph_and_the_end():
    m = import_path(SEEDS / "001_c9d434514e7b6352.txt").report.meta
    assert m["address"] == "宁波市鄞州区中兴路658号" and m["postcode"] == "315040"
    assert m["phone"] == "0574-87062069" and m["email"] == "gajzfxx@ningbo.gov.cn"
    assert m["website"] == "http://gaj.ningbo.gov.cn"
    r = import_path(SEEDS / "003_92c2aee800684aca.txt").report
    assert r.meta["publish_date"] == "2024-01-19"
    assert "2024年1月19日" not in r.text["s6"] and "兴宁市公安局" not in r.text["s6"]
    assert import_path(SEEDS / "002_e0a4b7f9db582c7c.txt").report.meta["agency"] == "宝山公安分局"


def test_section_one_subheadings_map_by_numeral_and_keep_their_heading():
    t = import_path(SEEDS / "001_c9d434514e7b6352.txt").report.text
    assert t["s1.overview"].startswith("2019年，我局政务公开工作")
    assert t["s1.on_request"].startswith("（二）规范依申请公开流程")   # Word marker removed
    assert t["s1.oversight"].startswith("（五）着力推进制度规范")
    assert t["s5"].startswith("2019年我局") and t["s6"] == "本年度无其他需要报告的事项。"
    t = import_path(SEEDS / "000_2625dda15ab019a2.txt").report.text
    assert "s1.overview" not in t and t["s1.active"].startswith("（一）深入做好")
