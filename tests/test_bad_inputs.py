"""Issue 17, point 1: every bad input gets xxgk's own Chinese message and exit 2 — damaged and
truncated workbooks, documents and JSON, wrong file types, absurd values and structure, numbers and
years out of range, control characters — through the command line as a clerk runs it. Exit 3 is
for bugs, and prints no traceback even when memory runs out."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import hostile
from generator.cli import main
from generator.layout import get_layout, meta_id
from generator.limits import (MAX_DIGITS, MAX_FILE_BYTES, MAX_PARTS, MAX_PDF_CONTENT_BYTES, MAX_PDF_LINES,
                              MAX_PARAGRAPHS, MAX_PDF_PAGE_BYTES, MAX_PDF_PAGE_LINES, MAX_PDF_PAGES, MAX_SLOTS, MAX_TAGS,
                              MAX_TEXT_CHARS, MAX_WORKBOOK_TAGS, megabytes)
from generator.report import Report
from generator.workbook_write import build_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "sample-2023.json"
PLACES = get_layout("2021").places
D5 = PLACES["t3.new_received.natural"]            # 表三!D5, a number input cell
YEAR = PLACES[meta_id("year")]


def run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def refused(r, *words):
    assert r.exit_code == 2, r.output
    assert "错误：" in r.output
    for w in words:
        assert w in r.output, (w, r.output)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """A filled workbook, as `xxgk fill` leaves it."""
    path = tmp_path_factory.mktemp("book") / "年报.xlsx"
    build_workbook(path, report=Report.load_json(SAMPLE))
    return path


@pytest.fixture(scope="module")
def parts(book) -> dict[str, str]:
    return hostile.sheet_parts(book)


def _write(tmp_path: Path, name: str, data) -> Path:
    p = tmp_path / name
    p.write_bytes(data) if isinstance(data, bytes) else p.write_text(data, encoding="utf-8")
    return p


def _cell(book, parts, place, xml: str) -> bytes:
    return hostile.with_cell(book, parts[place.sheet], f"{'ABCDEFGHIJ'[place.col - 1]}{place.row}", xml)


# -- workbooks: a value that is no value --------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "export", "render", "--previous", "fill --into"])
def test_a_sheet_value_that_does_not_parse_is_named_by_every_command(tmp_path, book, parts, command):
    bad = _write(tmp_path, "坏.xlsx", _cell(book, parts, D5, '<c r="D5" t="n"><v>abc</v></c>'))
    args = {"validate": ["validate", bad], "export": ["export", bad, "-o", tmp_path / "x.json"],
            "render": ["render", bad, "-o", tmp_path / "x.docx", "--draft"],
            "--previous": ["validate", book, "--previous", bad],
            "fill --into": ["fill", SAMPLE, "--into", bad, "--force"]}[command]
    before = bad.read_bytes()
    refused(run(*args), "坏.xlsx", "表三", "D5", "abc", "不是数字")
    assert bad.read_bytes() == before
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("cells, words", [
    ({D5: "1e308", PLACES["t3.carried_over.natural"]: "1e308"}, ["表三!D5", "超出年报数字的范围"]),
    ({D5: "1E400"}, ["表三!D5", "不是有限的数字"]),
    ({D5: "-5000000000000"}, ["表三!D5", "超出年报数字的范围"]),
    ({YEAR: "20233"}, ["报告年度", "20233", "1900 至 2100"]),
    ({YEAR: "-1"}, ["报告年度", "-1"]),
], ids=["two-1e308", "infinite", "negative-huge", "year-20233", "year-minus-1"])
def test_numbers_and_years_no_report_holds_are_refused_naming_the_cell(tmp_path, book, parts, cells, words):
    path = _write(tmp_path, "a.xlsx", book.read_bytes())
    for place, v in cells.items():
        ref = f"{'ABCDEFGHIJ'[place.col - 1]}{place.row}"
        path.write_bytes(hostile.with_cell(path, parts[place.sheet], ref, f'<c r="{ref}" t="n"><v>{v}</v></c>'))
    refused(run("validate", path), *words)
    refused(run("export", path, "-o", tmp_path / "x.json"), *words)


def test_a_year_of_four_digits_as_text_outside_the_range_is_refused(tmp_path, book, parts):
    path = _write(tmp_path, "a.xlsx", _cell(book, parts, YEAR, '<c r="B4" t="inlineStr"><is><t>9999</t></is></c>'))
    refused(run("validate", path), "报告年度为 9999")


def test_a_huge_number_written_as_text_is_text_to_the_checker_not_a_crash(tmp_path, book, parts):
    digits = "7" * 400
    path = _write(tmp_path, "a.xlsx", _cell(book, parts, D5, f'<c r="D5" t="inlineStr"><is><t>{digits}</t></is></c>'))
    r = run("validate", path)
    assert r.exit_code in (0, 1) and "V4" in r.output and "表三!D5" in r.output


# -- workbooks: damaged packages, bombs, wrong types ---------------------------------------------

def _damaged_books(book: Path, parts: dict) -> dict[str, tuple[bytes, list[str]]]:
    sheet = parts["表三"]
    with zipfile.ZipFile(book) as z:
        xml = z.read(sheet)
        flipped = bytearray(book.read_bytes())
        offset = z.getinfo(sheet).header_offset + 30 + len(sheet) + 40     # inside the deflated data
    flipped[offset] ^= 0xFF
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
              b"<workbook>&b;</workbook>")
    return {
        "no-workbook-part": (hostile.rezipped(book, drop="xl/workbook.xml"), ["无法作为 Excel 工作簿打开"]),
        "no-sheet-part": (hostile.rezipped(book, drop=sheet), ["表三"]),
        "no-content-types": (hostile.rezipped(book, drop="[Content_Types].xml"), ["无法作为 Excel 工作簿打开"]),
        "no-relationships": (hostile.rezipped(book, drop="xl/_rels/workbook.xml.rels"), ["无法作为 Excel 工作簿打开"]),
        "sheet-cut-in-half": (hostile.rezipped(book, change={sheet: xml[: len(xml) // 2]}), ["a.xlsx"]),
        "sheet-shuffled": (hostile.rezipped(book, change={sheet: xml[len(xml) // 2:] + xml[: len(xml) // 2]}),
                           ["a.xlsx"]),
        "byte-flipped": (bytes(flipped), ["已损坏"]),
        "truncated": (book.read_bytes()[:-200], ["a.xlsx"]),
        "root-relationships-empty": (hostile.rezipped(book, change={"_rels/.rels": b""}),   # found by the fuzz suite
                                     ["“_rels/.rels”不是完整的 XML"]),
        "entities": (hostile.rezipped(book, change={"xl/workbook.xml": laughs}), ["DTD"]),
        "zip-bomb": (hostile.zip_bomb_workbook(book, 300 * 1024 * 1024), ["解压后超过"]),
        "many-members": (hostile.rezipped(book, extra=MAX_PARTS + 1), [f"超过 {MAX_PARTS} 个"]),
        "many-tags": (hostile.rezipped(book, change={parts["说明"]: b"<worksheet>" + b"<x/>" * MAX_WORKBOOK_TAGS
                                                      + b"</worksheet>"}), [f"超过 {MAX_WORKBOOK_TAGS} 个标记"]),
        "a-word-file": (hostile.DOCX.read_bytes(), ["无法作为 Excel 工作簿打开"]),
        "a-pdf": (hostile.tiny_pdf(), ["不是 Excel 工作簿"]),
    }


@pytest.mark.parametrize("case", ["no-workbook-part", "no-sheet-part", "no-content-types", "no-relationships",
                                  "sheet-cut-in-half", "sheet-shuffled", "byte-flipped", "truncated",
                                  "root-relationships-empty", "entities",
                                  "zip-bomb", "many-members", "many-tags", "a-word-file", "a-pdf"])
def test_damaged_workbooks_are_refused_for_reading_and_for_filling(tmp_path, book, parts, case):
    data, words = _damaged_books(book, parts)[case]
    path = _write(tmp_path, "a.xlsx", data)
    with hostile.within(30):
        refused(run("validate", path), *words)
        refused(run("fill", SAMPLE, "--into", path, "--force"), *words)
    assert path.read_bytes() == data


def test_a_workbook_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)          # sparse: nothing is written to disk
    refused(run("validate", path), megabytes(MAX_FILE_BYTES))


def test_openpyxl_parses_worksheets_with_defusedxml_and_other_parts_without_entities():
    """Besides xxgk refusing any DTD before openpyxl opens the package (test above: "entities")."""
    from openpyxl.xml import functions
    assert functions.iterparse.__module__.startswith("defusedxml")
    root = functions.fromstring(b'<!DOCTYPE x [<!ENTITY a "expanded">]><x>&a;</x>')
    assert "expanded" not in "".join(root.itertext())


# -- JSON ---------------------------------------------------------------------------------------

def _sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


NUM = "cells.t3.new_received.natural"
JSON_CASES = {
    "year-20233": ({"meta.year": 20233}, ["meta.year", "20233", "1900 至 2100"]),
    "year-minus-1": ({"meta.year": -1}, ["meta.year", "-1"]),
    "year-9999-text": ({"meta.year": "9999"}, ["meta.year", "9999"]),
    "year-1e308": ({"meta.year": 1e308}, ["meta.year"]),
    "two-1e308": ({NUM: 1e308, "cells.t3.carried_over.natural": 1e308}, ["t3.new_received.natural", "超出"]),
    "nan": ({NUM: float("nan")}, ["NaN", "不是有效的 JSON 数字"]),
    "infinity": ({NUM: float("inf")}, ["Infinity"]),
    "minus-infinity": ({NUM: float("-inf")}, ["-Infinity"]),
    "provenance-list": ({"provenance": [1, 2]}, ["provenance", "列表"]),
    "provenance-entry": ({"provenance": {NUM[6:]: [3, "x"]}}, ["provenance.t3.new_received.natural"]),
    "provenance-line": ({"provenance": {NUM[6:]: {"line": "三", "text": "x"}}}, ["provenance"]),
    "meta-object": ({"meta.agency": {"a": 1}}, ["meta.agency", "对象"]),
    "text-list": ({"text.s5": ["x"]}, ["text.s5", "列表"]),
    "cell-list": ({NUM: [1]}, ["t3.new_received.natural", "列表"]),
    "cell-true": ({NUM: True}, ["t3.new_received.natural"]),
    "sections-object": ({"sections_present": {"一": 1}}, ["sections_present"]),
    "sections-unknown": ({"sections_present": ["七"]}, ["sections_present"]),
    "control-character": ({"text.s5": "存在问题\x01。"}, ["text.s5", "U+0001"]),
    "escape-sequence": ({"meta.agency": "某局\x1b[2J"}, ["meta.agency", "U+001B"]),
    "cells-a-list": ({"cells": [1]}, ["cells", "列表"]),
    "format-2018": ({"format": "2018"}, ["format"]),
    "unknown-cell": ({"cells.t9.x": 1}, ["t9.x"]),
    "text-too-long": ({"text.s5": "问题" * (MAX_TEXT_CHARS // 2 + 1)}, [f"超过 {MAX_TEXT_CHARS} 个"]),
}
RAW_JSON = {
    "deep": (hostile.deep_json(), ["嵌套层数过多"]),
    "1e400": (json.dumps(_sample()).replace('"t3.new_received.natural": 23', '"t3.new_received.natural": 1e400'),
              ["不是有限的数字"]),
    "5000-digits": ('{"format": "2021", "cells": {"t3.new_received.natural": ' + "9" * 5000 + "}}", ["位数过多"]),
    "top-level-list": ("[1, 2]", ["顶层应为对象"]),
    "truncated": (json.dumps(_sample())[:500], ["不是有效的 JSON 文件", "第 1 行"]),
    "not-utf8": ("{}".encode() + "“年报”".encode("gb18030"), ["UTF-8"]),
}


@pytest.mark.parametrize("case", sorted(JSON_CASES) + sorted(RAW_JSON))
def test_absurd_json_is_refused_by_every_command_and_fills_nothing(tmp_path, book, case):
    if case in JSON_CASES:
        changes, words = JSON_CASES[case]
        data = hostile.json_with(_sample(), changes)
    else:
        data, words = RAW_JSON[case]
    path = _write(tmp_path, "数据.json", data)
    into = _write(tmp_path, "into.xlsx", book.read_bytes())
    for args in (["validate", path], ["export", path, "-o", tmp_path / "x.json"], ["render", path, "-o",
                 tmp_path / "x.md", "--draft"], ["fill", path, "--into", into, "--force"]):
        refused(run(*args), *words)
    assert into.read_bytes() == book.read_bytes()      # --into left nothing blank: nothing written at all


def test_export_writes_standard_json(tmp_path, book):
    out = tmp_path / "x.json"
    assert run("export", book, "-o", out).exit_code == 0
    json.loads(out.read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"{c} in the export"))


# -- published reports --------------------------------------------------------------------------

def test_a_400_digit_number_in_a_table_is_refused_naming_its_line(tmp_path):
    refused(run("import", _write(tmp_path, "年报.txt", hostile.long_number_in_table())), "第 83 行", f"{MAX_DIGITS} 位")


def test_control_characters_in_a_report_are_dropped_before_they_reach_a_workbook(tmp_path, book):
    text = hostile.seed_text().replace("。", "。\x01\x1b[31m", 3).replace("一、总体情况", "一、总体情况\x07", 1)
    into = _write(tmp_path, "into.xlsx", book.read_bytes())
    r = run("import", _write(tmp_path, "年报.txt", text), "--into", into, "--force")
    assert r.exit_code in (0, 1), r.output
    assert "\x01" not in r.output and "\x1b" not in r.output
    wb = openpyxl.load_workbook(into)
    written = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("[31m" in v for v in written)                  # the text arrived …
    assert not any(ch in v for v in written for ch in "\x01\x07\x1b")   # … without its control characters


def _corpus(name: str) -> bytes:
    return (hostile.CORPUS / "raw" / name).read_bytes()


DOCUMENTS = {   # case -> (suffix, the file's bytes, words of the message)
    "docx-truncated": (".docx", lambda: hostile.DOCX.read_bytes()[:13000], ["不是有效的 .docx"]),
    "docx-no-document-part": (".docx", lambda: hostile.rezipped(hostile.DOCX, drop="word/document.xml"),
                              ["缺少正文部分"]),
    "docx-a-pdf": (".docx", lambda: _corpus("pt-area-2024.lo.pdf"), ["PDF"]),
    "pdf-truncated": (".pdf", lambda: _corpus("pt-area-2024.lo.pdf")[:90000], ["PDF"]),
    "pdf-a-page": (".pdf", lambda: _corpus("pt-area-2024.page.html"), ["不是 PDF 文件"]),
    "html-binary": (".html", lambda: hostile.DOCX.read_bytes(), []),
    "text-a-zip": (".txt", lambda: hostile.DOCX.read_bytes(), ["Word/压缩文件"]),
    "text-not-decodable": (".txt", lambda: b"\xff\xfe\x00\xd8" * 100, ["文字编码"]),
    "text-too-long": (".txt", lambda: "一、总体情况\n" + "字" * (MAX_TEXT_CHARS + 1), [f"{MAX_TEXT_CHARS} 个字符"]),
    "text-too-many-lines": (".txt", lambda: "一、总体情况\n" * (MAX_PARAGRAPHS + 1), [f"超过 {MAX_PARAGRAPHS} 段"]),
    "html-too-many-paragraphs": (".html", lambda: "<p>一</p>" * (MAX_PARAGRAPHS + 1), [f"超过 {MAX_PARAGRAPHS} 段"]),
    "html-too-many-tags": (".html", lambda: "<p>" * (MAX_TAGS + 1), [f"超过 {MAX_TAGS} 个"]),
    "docx-too-many-tags": (".docx", lambda: hostile.docx_with_body("<w:p/>" * (MAX_TAGS + 1)), [f"超过 {MAX_TAGS} 个"]),
    "docx-merged-cells": (".docx", hostile.merged_docx, [f"超过 {MAX_SLOTS} 格"]),
    "html-spans": (".html", hostile.spans_page, [f"超过 {MAX_SLOTS} 格"]),
    "docx-zip-bomb": (".docx", hostile.zip_bomb_docx, ["解压后超过"]),
    "pdf-pages": (".pdf", lambda: hostile.tiny_pdf(MAX_PDF_PAGES + 1), [f"超过 {MAX_PDF_PAGES} 页"]),
    "pdf-content-bomb": (".pdf", lambda: hostile.tiny_pdf(content=b" " * (MAX_PDF_PAGE_BYTES + 1)), ["解压后超过"]),
    "pdf-lines": (".pdf", lambda: hostile.tiny_pdf(content=b"10 10 5 5 re S\n" * (MAX_PDF_PAGE_LINES // 4 + 1)),
                  [f"超过 {MAX_PDF_PAGE_LINES} 条"]),
    # pages that each stay within a page's limits, and together do not
    "pdf-pages-of-content": (".pdf", lambda: hostile.tiny_pdf(3, b" " * (MAX_PDF_CONTENT_BYTES // 2 - 1000)),
                             ["到第 3 页为止", megabytes(MAX_PDF_CONTENT_BYTES)]),
    "pdf-pages-of-lines": (".pdf", lambda: hostile.tiny_pdf(3, b"10 10 5 5 re S\n" * (MAX_PDF_PAGE_LINES // 4 - 500)),
                           ["到第 3 页为止", f"超过 {MAX_PDF_LINES} 条"]),
}


@pytest.mark.parametrize("case", list(DOCUMENTS))
def test_damaged_and_oversized_documents_are_refused_in_bounded_time(tmp_path, case):
    suffix, data, words = DOCUMENTS[case]
    path = _write(tmp_path, "年报" + suffix, data())
    with hostile.within(30):
        refused(run("import", path), *words)
def test_a_document_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "大.pdf"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    refused(run("import", path), megabytes(MAX_FILE_BYTES))


# -- the last resort: no traceback when the output closes or memory runs out ---------------------

def test_output_closed_early_ends_with_exit_2_and_a_chinese_message():
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "import", str(hostile.SEED), "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()                       # the reader went away, like `| true`
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 2
    assert "输出在写完之前被关闭" in err and "Traceback" not in err


_CAPPED = """
import resource, sys
from generator.cli import main
with open("/proc/self/statm") as f:
    used = int(f.read().split()[0]) * resource.getpagesize()
cap = used + int(sys.argv[1]) * 1024 * 1024   # the interpreter and the program loaded, then this much more
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
sys.argv = ["xxgk", "import", sys.argv[2]]
main()
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the process's size from /proc (Linux)")
def test_running_out_of_memory_prints_a_chinese_message_and_no_traceback(tmp_path):
    text = hostile.with_line_before_sections("一\n" * 40_000)       # within the limits, needs ~20 MB more
    path = _write(tmp_path, "长.txt", text)
    outcomes = set()
    for extra_mb in (1, 3, 10, 300):
        proc = subprocess.run([sys.executable, "-c", _CAPPED, str(extra_mb), str(path)], cwd=ROOT,
                              capture_output=True, timeout=300)
        err = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err and "MemoryError" not in err, err[-2000:]
        assert proc.returncode in (0, 1, 3), err
        if proc.returncode == 3:
            assert "内存不足" in err
        outcomes.add(proc.returncode)
    assert 3 in outcomes and outcomes - {3}     # the cap was reached, and a larger one was not


# -- point 2: bounded time on text made to make patterns backtrack ------------------------------
# Each input is larger than the issue's (where a pattern was quadratic, minutes instead of seconds)
# and within every limit; the guard fails a run that hangs, it does not time a fast one.

TEXTS = {
    "e-mail: a line of 300,000 letters": lambda: hostile.with_line_before_sections("a" * 300_000),
    "heading: a line of 200,000 tabs": lambda: hostile.with_line_before_sections("\t" * 200_000 + "x"),
    "phone: 电话 and 200,000 blanks": lambda: hostile.with_line_before_sections("电话" + "\u3000" * 200_000 + "x"),
    "postcode: 邮编 and 200,000 blanks": lambda: hostile.with_line_before_sections("邮编" + " " * 200_000 + "x"),
    "web: www. 50,000 times": lambda: hostile.with_line_before_sections("www.1" * 50_000),
    "Word markers never closed": lambda: hostile.with_line_before_sections("[bookmark:" * 50_000),
    "page number: 第1页 and 400,000 spaces": lambda: hostile.with_line_in_table_three("第1页" + " " * 400_000 + "x"),
    "work year: 2023年 and 200,000 blanks": lambda: hostile.with_paragraph_in_section_one("。2023年" + " " * 200_000 + "x"),
    "negation: a clause of 200,000 无": lambda: hostile.with_paragraph_in_section_one("申请" + "无" * 200_000 + "复"),
    "negation: clauses of 无 as long as allowed": lambda: hostile.with_paragraph_in_section_one(
        ("申请" + "无" * 490 + "复，") * 1500),
}


@pytest.mark.parametrize("case", list(TEXTS))
def test_text_made_to_backtrack_imports_in_bounded_time(case):
    from generator.importer import ReportImportError, import_text
    text = TEXTS[case]()
    assert len(text) <= MAX_TEXT_CHARS
    with hostile.within(20):
        try:
            import_text(text)
        except ReportImportError:
            pass


def test_the_narrative_reads_100000_digits_in_a_clause_in_bounded_time():
    """The readers refuse such a run of digits; the narrative checks (N1-N10) stay linear anyway,
    for a report that comes from a workbook or JSON."""
    from generator.narrative import check
    report = Report.load_json(SAMPLE)
    report.text["s1.on_request"] = "本年收到政府信息公开申请" + "1" * 100_000 + "，共办结" + "2" * 100_000
    with hostile.within(20):
        check(report)


@pytest.mark.parametrize("case", ["html-spans", "docx-merged-cells", "docx-zip-bomb"])
def test_the_issues_span_and_bomb_documents_are_refused_before_using_memory(tmp_path, case):
    """In a process limited to 1 GB of address space (they took 7.3 GB, 6 GB and 1 GB)."""
    suffix, data, words = DOCUMENTS[case]
    path = _write(tmp_path, "年报" + suffix, data())
    capped = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
              "from generator.cli import main; sys.argv = ['xxgk', 'import', sys.argv[1]]; main()")
    proc = subprocess.run([sys.executable, "-c", capped, str(path)], cwd=ROOT, capture_output=True, timeout=120)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and all(w in err for w in words), err


def test_a_docx_of_empty_paragraphs_within_the_limit_reads_in_bounded_time(tmp_path):
    path = _write(tmp_path, "年报.docx", hostile.empty_paragraphs_docx(MAX_TAGS // 2 - 1000))
    with hostile.within(30):
        r = run("import", path)
    assert r.exit_code in (0, 1)


def test_run_together_digits_that_cannot_be_cut_are_given_up_in_bounded_time():
    """Found by the fuzz suite: a run of 60 digits beside runs that cannot be cut searched for minutes
    (the bound counted candidates found, not the steps of a search that finds none)."""
    from generator.importer.digits import split_digits
    with hostile.within(20):
        assert split_digits([(1, "1" * 90), (1, "0"), (1, "5")], 15, "t4") is None
        assert split_digits([(1, "7" * 99), (2, "3")], 7, "t3") is None


def test_a_long_merged_cell_copied_to_many_slots_is_refused_in_bounded_time():
    """Found by the fuzz suite: a PDF table whose one long cell filled many slots was searched for
    long runs of digits slot by slot, for a minute; the text limit now counts cell by cell."""
    from generator.importer.blocks import Table, copy_of
    from generator.importer.errors import ReportImportError
    from generator.importer.readers import checked
    text = "一" * 10_000
    table = Table(rows=[[(1, text)] + [copy_of(1, text)] * 99_999])
    with hostile.within(20), pytest.raises(ReportImportError, match=f"{MAX_TEXT_CHARS} 个字符"):
        checked([table], "年报.pdf")
