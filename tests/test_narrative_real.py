"""Rules N1–N10 on every real report we have: the five seeds and the 平潭 corpus (../shared/corpus).
Each report is checked as published: its truth tables (stated totals
kept) plus its narrative, and must give exactly the N findings its text supports -- read by hand,
sentence by sentence, and written down in EXPECTED with the sentence that supports each.

The narrative comes from the seed .txt, the .html/.docx forms through the importer, or, for the
reports published only as text (cell-per-line.txt), from the prose paragraphs of sections 一、五、六
split out here, so that this test does not depend on the text-form importer. The full import of
every form of every report is run too, and must give the same N findings."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.importer import import_path
from generator.model import SECTIONS, TEXT_FIELDS, get_format
from generator.narrative import check
from generator.report import Report
from truth import SEEDS, truth_cells

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_DENIED_2019 = tuple(f"t3.{r.id}.total" for r in get_format("2019").t3_data_rows if r.id.startswith("denied_"))

# name -> (truth file, narrative source, expected N findings as (rule, quoted clause, table cells, expected, found)).
# Reports with no entry in their list state only counts that agree with their tables (or none).
EXPECTED = {
    # 一（二）: "无申请人申请行政诉讼", while table 四 复议后起诉 总计 is 4 (the same paragraph: 2起驳回诉讼请求，2起未结).
    # "共受理依申请公开24件" = 新收 24; "被申请行政复议2起" = 复议 总计 2: both agree.
    "seed-000": ("seeds/000", "seed", [
        ("N6", "无申请人申请行政诉讼", ("t4.lit_direct.total", "t4.lit_after_review.total"), 0, 4)]),
    # no count of applications, outcomes, reviews or documents anywhere in the text.
    "seed-001": ("seeds/001", "seed", []),
    # "未受理依申请公开" and table 三 新收 总计 0 agree.
    "seed-002": ("seeds/002", "seed", []),
    # 一（二）: "没有因信息公开引起的行政复议和行政诉讼案件", table 四: 复议 11, 直接起诉 8, 复议后起诉 1.
    # "未受理依申请公开政府信息" agrees with 新收 0; "受理群众网络问政来信349件" is letters, not applications.
    "seed-003": ("seeds/003", "seed", [
        ("N6", "没有因信息公开引起的行政复议和行政诉讼案件",
         ("t4.review.total", "t4.lit_direct.total", "t4.lit_after_review.total"), 0, 20)]),
    # 一（三）: "其中不予公开的政府信息2件", table 三 （三）不予公开 sums to 1 (the other is 无法提供).
    # "共收到依申请公开2件" = 新收 2; "实际办理申请2件" is not 办结 and equals the computed （七）总计 anyway.
    "seed-004": ("seeds/004", "seed", [("N7", "其中不予公开的政府信息2件", _DENIED_2019, 1, 2)]),
    # "共收到公民、法人和其他组织政府信息公开申请6件" = 新收 6; "新制发规范性文件3件" = 本年制发 3;
    # "办结率100%" (6 of 6); "未发生…行政复议和行政诉讼" and table 四 all 0; "没有产生信息公开处理费".
    "pt-approval-2025.page.html": ("corpus/pt-approval-2025.page.html", "import", []),
    "pt-approval-2025.lo.docx": ("corpus/pt-approval-2025.lo.docx", "import", []),
    # "全年办理政府信息公开申请218件" (新收 218, （七）总计 218); "制发行政规范性文件62件" = 62;
    # "无收取信息处理费情况"; no figures for 复议/诉讼.
    "pt-area-2024.page.html": ("corpus/pt-area-2024.page.html", "import", []),
    "pt-area-2024.lo.docx": ("corpus/pt-area-2024.lo.docx", "import", []),
    "pt-area-2024.cell-per-line.txt": ("corpus/pt-area-2024.cell-per-line.txt", "prose", []),
    # "共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理" = 新收 70, （七）总计 69, 结转下年度 1.
    "pt-area-2021.cell-per-line.txt": ("corpus/pt-area-2021.cell-per-line.txt", "prose", []),
    # 2019 format; section 一 counts published items (条) only, and 三 has no narrative.
    "pt-area-2019.cell-per-line.txt": ("corpus/pt-area-2019.cell-per-line.txt", "prose", []),
    # "收到政府信息公开申请1件" = 新收 1; "结转下年度办理" (no number) fits 结转下年度 1;
    # "没有…申请行政复议或行政诉讼的事项" and table 四 all 0.
    "pt-police-2021.cell-per-line.txt": ("corpus/pt-police-2021.cell-per-line.txt", "prose", []),
}


# The statements of each report that agree with its tables, with the cell each is compared with: a
# checker that stays silent on them must do so because it read them (seed-001 and pt-area-2019 state none).
AGREES = {
    "seed-000": [("共受理依申请公开24件", "t3.new_received.total"), ("被申请行政复议2起", "t4.review.total")],
    "seed-002": [("未受理依申请公开", "t3.new_received.total")],
    "seed-003": [("未受理依申请公开政府信息", "t3.new_received.total")],
    "seed-004": [("共收到依申请公开2件", "t3.new_received.total")],
    "pt-approval-2025.page.html": [("共收到公民、法人和其他组织政府信息公开申请6件", "t3.new_received.total"),
                                   ("新制发规范性文件3件", "t2.normative_docs.issued"),
                                   ("未发生因依申请公开引发的行政复议和行政诉讼", "t4.review.total")],
    "pt-area-2024.page.html": [("制发行政规范性文件62件", "t2.normative_docs.issued")],
    "pt-area-2021.cell-per-line.txt": [("共收到70件申请", "t3.new_received.total"),
                                       ("办结69件", "t3.total_processed.total"),
                                       ("1件结转下年度继续办理", "t3.carried_forward.total")],
    "pt-police-2021.cell-per-line.txt": [("收到政府信息公开申请1件", "t3.new_received.total"),
                                         ("没有因政府信息公开针对市公安局申请行政复议或行政诉讼", "t4.review.total")],
}


def _truth(ref: str) -> tuple[dict, Path]:
    """The truth file of a report and the path of its published form."""
    where, name = ref.split("/")
    if where == "seeds":
        tf = next((SEEDS / "truth").glob(f"{name}_*.json"))
        d = json.loads(tf.read_text(encoding="utf-8"))
        return d, SEEDS / d["file"]
    return json.loads((CORPUS / "truth" / f"{name}.json").read_text(encoding="utf-8")), CORPUS / "raw" / name


_S1_FIELDS = [f.id for f in TEXT_FIELDS if f.section == "s1"]        # overview, then （一）…（五）
_SUBHEADING = re.compile(r"^[（(]([一二三四五])[)）]")
_NUMERALS = "一二三四五"


def prose_fields(path: Path) -> dict[str, str]:
    """The narrative of a text rendering by field: the paragraphs of sections 一、五、六 (a section
    starts at a line that is its template heading). In 一, a paragraph opening with （一）…（五) goes to
    that sub-field, the paragraphs before the first to 概述, the others to the field before them."""
    headings = {s.heading: s.id for s in SECTIONS}
    text: dict[str, list[str]] = {}
    section, fid = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line in headings:
            section = headings[line]
            fid = {"s1": "s1.overview", "s5": "s5", "s6": "s6"}.get(section)
            continue
        if not line or fid is None:
            continue
        m = _SUBHEADING.match(line)
        if section == "s1" and m:
            fid = _S1_FIELDS[1 + _NUMERALS.index(m.group(1))]
        text.setdefault(fid, []).append(line)
    return {k: "\n".join(v) for k, v in text.items()}


def published(name: str) -> Report:
    """The report as published: its truth tables and the narrative of its published form."""
    ref, source, _ = EXPECTED[name]
    d, path = _truth(ref)
    text = prose_fields(path) if source == "prose" else import_path(path).report.text
    meta = {"agency": d["agency"], "year": d["year"], "format": d["format"]}
    return Report(d["format"], meta, text, truth_cells(d), sections_present=tuple(d["sections_present"]))


def _summary(findings) -> list[tuple]:
    """(rule, table cells, expected, found) of each N finding, in order."""
    return [(f.rule, f.cells[1:], f.expected, f.found) for f in findings if f.rule.startswith("N")]


def _expected(name: str) -> list[tuple]:
    return [(rule, cells, want, got) for rule, _, cells, want, got in EXPECTED[name][2]]


@pytest.mark.parametrize("name", EXPECTED)
def test_n_findings_are_those_the_text_supports(name):
    findings = check(published(name))
    assert _summary(findings) == _expected(name)
    for f, (_, clause, *_rest) in zip(findings, EXPECTED[name][2]):
        assert clause in f.message and f.severity == "警告"


@pytest.mark.parametrize("name,clause,cell", [(n, c, cell) for n, said in AGREES.items() for c, cell in said])
def test_agreeing_statements_are_read(name, clause, cell):
    r = published(name)
    assert not [f for f in check(r) if clause in f.message]
    r.cells[cell] += 1000                   # the total and, so that its parts add up to it, its first part
    parts = r.fmt.cells[cell].parts
    if parts:
        r.cells[parts[0]] += 1000
    assert [f.rule for f in check(r) if clause in f.message and cell in f.cells]


@pytest.mark.parametrize("name", [n for n, (_, source, _) in EXPECTED.items() if source != "prose"])
def test_full_import_gives_the_same_n_findings(name):
    _, path = _truth(EXPECTED[name][0])
    assert _summary(import_path(path).findings) == _expected(name)


@pytest.mark.parametrize("path", sorted((CORPUS / "raw").iterdir()), ids=lambda p: p.name)
def test_every_form_of_a_corpus_report_gives_its_n_findings(path):
    """The saved page, its text, .docx, .pdf and pdftotext forms: the N findings of the report."""
    stem = path.name.split(".")[0]
    expected = {tuple(_expected(n)) for n in EXPECTED if n.split(".")[0] == stem}
    assert len(expected) == 1, stem
    assert _summary(import_path(path).findings) == list(expected.pop())


def test_prose_split_matches_the_imported_narrative():
    # the same report as a web page and as cell-per-line text: the split here finds the importer's fields
    imported = published("pt-area-2024.page.html").text
    split = prose_fields(CORPUS / "raw" / "pt-area-2024.cell-per-line.txt")
    assert split.keys() == imported.keys() - {"opening"}      # the split here keeps sections 一、五、六 only
    for fid, text in split.items():
        assert imported[fid].startswith(text.replace("\n", "")[:40]), fid
