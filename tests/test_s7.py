"""S7 on real reports: section 五 of every seed and corpus report states its problems and its
improvements, each in its own words (read by hand, split in fixtures/s5_real.json), and S7 says
nothing about them; each half alone is flagged for the half it lacks."""
import json
from pathlib import Path

import pytest

from generator.checker import check
from generator.importer import import_path
from generator.report import Report
from generator.s7 import s7_message

from truth import CORPUS as SHARED_CORPUS  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REAL = json.loads((FIXTURES / "s5_real.json").read_text(encoding="utf-8"))
CORPUS = SHARED_CORPUS / "raw"
IDS = [d["source"].rsplit("/", 1)[1].split(".")[0] for d in REAL]


@pytest.mark.parametrize("d", REAL, ids=IDS)
def test_real_section_five_states_both_and_is_not_flagged(d):
    assert s7_message(d["problems"] + "\n" + d["improvements"]) is None


@pytest.mark.parametrize("d", REAL, ids=IDS)
def test_each_half_alone_is_flagged_for_what_it_lacks(d):
    assert "未写明改进举措" in s7_message(d["problems"])
    only = s7_message(d["improvements"])
    assert "未写明存在的问题" in only and "改进举措" not in only.split("：")[0]


def test_seed_003_improvements_in_the_future_tense_are_recognised():
    # 「接下来，兴宁市公安局将进一步加强……」 was flagged as lacking improvements (issue 13.8)
    d = next(x for x in REAL if x["source"].startswith("seeds/003"))
    assert d["improvements"].startswith("接下来") and s7_message(d["problems"] + d["improvements"]) is None


@pytest.mark.parametrize("text, says", [
    ("", "内容过少"),
    ("无。", "内容过少"),
    ("存在的主要问题及改进情况：无。", "未写明存在的问题和改进举措"),
    ("本年度未发现问题，我局将继续保持良好态势，做好各项工作。", "未写明存在的问题"),
    ("本年度政府信息公开工作有待改进，主动公开意识不强。", "未写明改进举措"),
    ("部分工作人员业务水平需要加强，政策解读不够深入。", "未写明改进举措"),
])
def test_texts_that_lack_a_half_are_flagged(text, says):
    assert says in (s7_message(text) or "")


def _s7(report: Report) -> list:
    return [f for f in check(report) if f.rule == "S7"]


@pytest.mark.parametrize("seed", sorted((FIXTURES / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_s7_on_the_imported_seeds(seed):
    # seed 004 has no section 五 at all: S1 reports that, S7 stays silent
    report = import_path(seed).report
    assert _s7(report) == []


@pytest.mark.parametrize("name", ["pt-approval-2025.page.html", "pt-approval-2025.lo.docx",
                                  "pt-area-2024.page.html", "pt-area-2024.lo.docx"])
def test_no_s7_on_the_corpus_web_pages_and_word_files(name):
    if not (CORPUS / name).exists():
        pytest.skip(f"corpus not present at {CORPUS}")
    report = import_path(CORPUS / name).report
    assert report.text.get("s5") and _s7(report) == []


def test_the_finding_names_section_five_and_quotes_it():
    r = Report("2021", {"agency": "某局", "year": 2024}, {"s5": "本年度政府信息公开工作有待改进，主动公开意识不强。"})
    [f] = _s7(r)
    assert f.cells == ("s5",) and f.severity == "警告" and f.found.startswith("本年度政府信息公开工作")
