"""雷同: sections of different units that are near-identical (SequenceMatcher ratio ≥ 0.9 on the
masked text), found through the MinHash filter exactly as a comparison of every pair finds them;
and with --previous-year, sections copied from the unit's own report of last year (S8)."""
from __future__ import annotations

import difflib
import json
import random
import re
import shutil

from generator.batch import similar
from generator.batch.results import FileResult
from generator.cross_year import SIMILAR
from generator.importer import import_path
from test_batch import BAOSHAN, CORPUS, NINGBO, SEEDS, XINGNING, YINZHOU, run


def _copy_of_xingning(path, name="示范县公安局", rewrite=True):
    """兴宁's report sent in by another unit: its name and figures changed, one sentence rewritten."""
    text = XINGNING.read_text(encoding="utf-8").replace("兴宁市公安局", name).replace("兴宁", "示范")
    text = text.replace("1424条", "1530条").replace("175条", "182条").replace("349件", "297件")
    if rewrite:
        text = text.replace("持续推动政府网站向融合化、智能化方向发展，不断完善政府网站集约化建设。",
                            "推动政府网站融合发展，完善集约化建设。")
    path.write_text(text, encoding="utf-8")


def test_a_report_copied_by_another_unit(tmp_path):
    d = tmp_path / "报告"
    d.mkdir()
    shutil.copy(XINGNING, d / "兴宁.txt")
    shutil.copy(BAOSHAN, d / "宝山.txt")
    _copy_of_xingning(d / "示范县.txt")
    res = run(d, "--json")
    rows = json.loads(res.stdout)["sheets"]["雷同"]["rows"]
    assert {r["unit"] for r in rows} == {"兴宁市公安局", "示范县公安局"}
    assert all(r["kind"] == "单位之间" and r["group"] == 2 and r["similarity"] >= SIMILAR for r in rows)
    pairs = {(r["unit"], r["other"]) for r in rows}
    assert pairs == {("兴宁市公安局", "示范县公安局"), ("示范县公安局", "兴宁市公安局")}
    by_section = {r["section"]: r["similarity"] for r in rows if r["unit"] == "示范县公安局"}
    assert by_section["一、总体情况“（一）主动公开”"] == 1.0          # only its figures differ: masked
    assert SIMILAR <= by_section["一、总体情况“（四）政府信息公开平台建设”"] < 1.0   # one sentence rewritten
    assert "五、存在的主要问题及改进情况" in by_section
    assert json.loads(res.stdout)["summary"]["similar"] == len(rows)


def _sections() -> list[tuple[str, str, int]]:
    """(unit, comparable text, year) of every compared section of the seeds and the corpus."""
    out = []
    files = sorted(SEEDS.glob("*.txt")) + [CORPUS / n for n in (
        "pt-area-2024.page.html", "pt-approval-2025.lo.docx", "pt-area-2021.cell-per-line.txt",
        "pt-area-2019.cell-per-line.txt", "pt-police-2021.cell-per-line.txt")]
    for p in files:
        r = import_path(p).report
        out.append((r.meta["agency"] + str(r.year), r.text, r.year))
    return out


def _variant(text: str, rng: random.Random) -> str:
    """What a copying unit does: rewrite a clause, drop one, change a few characters here and there."""
    clauses = re.split("(?<=[，。；])", text)
    how = rng.choice(("rewrite", "drop", "scatter", "unrelated"))
    if how == "rewrite" and len(clauses) > 2:
        i = rng.randrange(len(clauses))
        clauses[i] = "按照上级部署认真组织落实，"
    elif how == "drop" and len(clauses) > 3:
        clauses.pop(rng.randrange(len(clauses)))
    elif how == "scatter":
        chars = list(text)
        for i in rng.sample(range(len(chars)), max(1, len(chars) // 60)):
            chars[i] = "某"
        return "".join(chars)
    elif how == "unrelated":
        return "".join(rng.sample(clauses, len(clauses)))
    return "".join(clauses)


def test_the_filter_finds_every_pair_a_comparison_of_all_pairs_finds():
    rng = random.Random(15)
    results = []
    for n, (unit, text, year) in enumerate(_sections() * 3):
        copy = {f: _variant(t, rng) for f, t in text.items()} if n >= 12 else text
        r = FileResult(f"{n}.txt", f"{n:064d}", 0, unit=f"{unit}-{n}", year=year)
        r.texts = similar.prepare(copy, r.unit, year)
        results.append(r)
    keys = [r.unit for r in results]
    found = {(m.a, m.field): m.ratio for m in similar.cross_unit(results, keys)}
    want = {}
    for i, a in enumerate(results):
        for fid, (ta, _) in a.texts.items():
            best = max((difflib.SequenceMatcher(None, ta, b.texts[fid][0], autojunk=False).ratio()
                        for j, b in enumerate(results) if j != i and fid in b.texts), default=0)
            if best >= SIMILAR:
                want[i, fid] = best
    assert len(want) > 100
    assert set(found) == set(want)
    assert all(SIMILAR <= found[k] <= want[k] + 1e-9 for k in found)


def _last_year_of(path, out):
    """The same report sent in again a year earlier: every year one less, one section rewritten."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"20(\d\d)", lambda m: f"20{int(m[1]) - 1:02d}", text)
    text = text.replace("加强与群众的沟通交流，打造公开透明的政务环境。", "争取更好的成绩。")
    out.write_text(text, encoding="utf-8")


def test_sections_copied_from_last_year(tmp_path):
    now, before = tmp_path / "2023", tmp_path / "2022"
    now.mkdir()
    before.mkdir()
    shutil.copy(XINGNING, now / "兴宁.txt")
    shutil.copy(NINGBO, now / "宁波.txt")             # no report of last year for this one
    _last_year_of(XINGNING, before / "兴宁2022.txt")
    res = run(now, "--previous-year", before, "--json")
    data = json.loads(res.stdout)
    copied = [r for r in data["sheets"]["雷同"]["rows"] if r["kind"] == "与上年"]
    assert copied and {r["unit"] for r in copied} == {"兴宁市公安局"}
    assert all(r["other_year"] == 2022 and r["other_file"] == "兴宁2022.txt" and r["similarity"] >= SIMILAR
               for r in copied)
    s8 = [r for r in data["sheets"]["问题清单"]["rows"] if r["rule"] == "S8"]
    assert {r["message"].split("与上年")[0] for r in s8} == {r["section"] for r in copied}
    assert all(r["severity"] == "警告" for r in s8)
    ningbo = next(r for r in data["sheets"]["汇总"]["rows"] if r["unit"] == "宁波市公安局")
    assert "没有找到该单位上一年度的报告" in ningbo["remarks"]
    assert "上年年报：1 份" in res.stderr

    # last year's 台账 serves as well as last year's folder
    ledger = tmp_path / "2022台账.xlsx"
    assert run(before, "-o", ledger).exit_code in (0, 1)
    again = json.loads(run(now, "--previous-year", ledger, "--json").stdout)
    assert [r for r in again["sheets"]["雷同"]["rows"] if r["kind"] == "与上年"] == [
        dict(r, other_file="兴宁2022.txt") for r in copied]
    assert [r["message"] for r in again["sheets"]["问题清单"]["rows"] if r["rule"] == "S8"] == [
        r["message"] for r in s8]


def test_one_units_two_files_are_not_雷同_of_each_other(tmp_path):
    d = tmp_path / "报告"
    d.mkdir()
    shutil.copy(YINZHOU, d / "鄞州.txt")
    (d / "鄞州（修改稿）.txt").write_text(YINZHOU.read_text(encoding="utf-8").replace("420条", "421条"),
                                        encoding="utf-8")
    rows = json.loads(run(d, "--json").stdout)["sheets"]["雷同"]["rows"]
    assert rows == []


def test_previous_year_that_cannot_be_used_is_exit_2(tmp_path):
    d = tmp_path / "报告"
    d.mkdir()
    shutil.copy(XINGNING, d)
    res = run(d, "--previous-year", tmp_path / "没有这个文件夹", "--json")
    assert res.exit_code == 2 and "找不到 --previous-year 指定的上年年报" in res.output
    other = tmp_path / "别的.xlsx"
    other.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    res = run(d, "--previous-year", other, "--json")
    assert res.exit_code == 2 and "不是 xxgk batch 生成的核查台账" in res.output
