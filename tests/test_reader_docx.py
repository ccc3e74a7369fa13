"""The Word reader: merged cells as python-docx's row.cells gives them, content controls, revisions,
nested tables, page breaks, line numbers, zip bombs and damaged files."""
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer.blocks import Para, Table, is_copy
from generator.importer.errors import ReportImportError
from generator import safe_zip
from generator.limits import MAX_PART_BYTES, megabytes
from generator.importer.readers.docx import read
from truth import CORPUS

RAW = CORPUS / "raw"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def build(make) -> bytes:
    d = docx.Document()
    make(d)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rezip(data: bytes, member: str = "word/document.xml", change=None, content: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            part = zin.read(item.filename)
            if item.filename == member:
                part = content if content is not None else change(part.decode("utf-8")).encode("utf-8")
            zout.writestr(item.filename, part)
    return out.getvalue()


def with_body(xml: str, before: str = "<w:sectPr") -> bytes:
    """An empty document with `xml` put into its body."""
    return rezip(build(lambda d: None), change=lambda s: s.replace(before, xml + before, 1))


def paras(blocks):
    return [(b.line, b.text) for b in blocks if isinstance(b, Para)]


def tables(blocks):
    return [b for b in blocks if isinstance(b, Table)]


def grid(table):
    return [[(c[1], is_copy(c)) for c in row] for row in table.rows]


def python_docx_grid(data: bytes):
    """What python-docx's row.cells gives: each slot's text, and whether its w:tc came before."""
    out = []
    for t in docx.Document(io.BytesIO(data)).tables:
        seen, rows = [], []
        for row in t.rows:
            cells = []
            for c in row.cells:
                cells.append((c.text, any(c._tc is s for s in seen)))
                seen.append(c._tc)
            rows.append(cells)
        out.append(rows)
    return out


# -- merged cells --------------------------------------------------------------------------------
def _merged(d):
    t = d.add_table(rows=4, cols=4)
    for i in range(4):
        for j in range(4):
            t.cell(i, j).text = f"{i}{j}"
    t.cell(0, 0).merge(t.cell(1, 1)).text = "块"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "横"
    t.cell(2, 3).merge(t.cell(3, 3)).text = "竖"


def test_grid_span_and_vertical_merge_expand_to_copies_like_python_docx():
    data = build(_merged)
    t, = tables(read(data))
    assert grid(t) == [
        [("块", False), ("块", True), ("横", False), ("横", True)],
        [("块", True), ("块", True), ("12", False), ("13", False)],
        [("20", False), ("21", False), ("22", False), ("竖", False)],
        [("30", False), ("31", False), ("32", False), ("竖", True)]]
    assert grid(t) == python_docx_grid(data)[0] and t.merged
    assert [c[0] for c in t.rows[2]] == [3, 3, 3, 3]


def test_a_table_without_merges_is_not_marked_merged():
    t, = tables(read(build(lambda d: d.add_table(rows=2, cols=2))))
    assert not t.merged and len(t.rows) == 2


def test_grid_before_slots_are_skipped_and_a_merge_below_finds_its_cell():
    data = build(_merged)
    # row 2 starts one grid column late: its first cell goes, w:gridBefore says so; row 3's second
    # cell continues the cell above it, now row 2's first
    def change(xml):
        rows = xml.split("<w:tr>")
        cells = rows[3].split("<w:tc>")
        rows[3] = "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + "<w:tc>".join(cells[:1] + cells[2:])
        cells = rows[4].split("<w:tc>")
        cells[2] = cells[2].replace("<w:tcPr>", "<w:tcPr><w:vMerge/>", 1)
        rows[4] = "<w:tc>".join(cells)
        return "<w:tr>".join(rows)
    changed = rezip(data, change=change)
    t, = tables(read(changed))
    assert grid(t) == python_docx_grid(changed)[0]
    assert [c[1] for c in t.rows[2]] == ["21", "22", "竖"] and grid(t)[3][1] == ("21", True)


def test_corpus_documents_expand_like_python_docx():
    for path in sorted(RAW.glob("*.docx")):
        data = path.read_bytes()
        assert [grid(t) for t in tables(read(data))] == python_docx_grid(data), path.name


# -- text ----------------------------------------------------------------------------------------
def test_runs_tabs_breaks_insertions_links_and_fields_are_read_deletions_and_instructions_not():
    p = (f'<w:p {W}><w:r><w:t>本年</w:t><w:tab/><w:t>新收</w:t><w:br/><w:t>申请</w:t>'
         '<w:br w:type="page"/><w:cr/></w:r>'
         '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
         '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
         '<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
         '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
         '<w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple>'
         '<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag></w:p>')
    assert paras(read(with_body(p))) == [(1, "本年\t新收\n申请\n插入链接39标记")]


def test_content_controls_around_paragraphs_tables_cells_and_runs_are_looked_through():
    tc = f"<w:tc {W}><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>"
    xml = (f'<w:sdt {W}><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>'
           '<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>'
           '<w:tbl><w:tr><w:sdt><w:sdtContent>' + tc + '</w:sdtContent></w:sdt>' + tc + '</w:tr></w:tbl>'
           '</w:sdtContent></w:sdt>'
           f'<w:p {W}><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控件内</w:t></w:r></w:sdtContent></w:sdt></w:p>'
           f'<w:customXml {W}><w:p><w:r><w:t>自定义</w:t></w:r></w:p></w:customXml>')
    blocks = read(with_body(xml))
    assert paras(blocks) == [(1, "一、总体情况"), (3, "控件内"), (4, "自定义")]
    assert [c[1] for c in tables(blocks)[0].rows[0]] == ["格", "格"]


def test_a_nested_tables_text_is_in_its_cell_and_its_rows_are_not_lines():
    def make(d):
        d.add_paragraph("前")
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text = "外"
        inner = t.cell(0, 0).add_table(rows=2, cols=1)
        inner.cell(0, 0).text = "内1"
        inner.cell(1, 0).text = "内2"
        t.cell(1, 1).text = "7"
        d.add_paragraph("后")
    blocks = read(build(make))
    t, = tables(blocks)
    assert t.rows[0][0][1] == "外\n内1\n内2\n"      # the cell's paragraphs, the empty last one included
    assert paras(blocks) == [(1, "前"), (4, "后")] and [r[0][0] for r in t.rows] == [2, 3]


def test_a_table_split_by_a_page_break_gives_two_tables_and_lines_count_paragraphs_and_rows():
    def make(d):
        d.add_paragraph("甲")
        d.add_paragraph("")
        d.add_table(rows=2, cols=2).cell(0, 0).text = "规章"
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        d.add_table(rows=1, cols=2).cell(0, 0).text = "行政规范性文件"
        d.add_paragraph("乙")
    blocks = read(build(make))
    assert [[r[0][0] for r in t.rows] for t in tables(blocks)] == [[3, 4], [6]]
    assert paras(blocks) == [(1, "甲"), (7, "乙")]


def test_the_strict_open_xml_namespace_reads_the_same():
    data = build(_merged)
    strict = rezip(data, change=lambda s: s.replace("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                                     "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    assert read(strict) == read(data)


def test_spans_are_capped_and_a_huge_grid_is_refused_naming_the_limit():
    wide = (f'<w:tbl {W}><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    t, = tables(read(with_body(wide)))
    assert len(t.rows[0]) == 200
    row = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr><w:p/></w:tc></w:tr>'
    with pytest.raises(ReportImportError, match="100000"):
        read(with_body(f"<w:tbl {W}>" + row * 600 + "</w:tbl>"), "大.docx")


# -- damaged files and bombs ---------------------------------------------------------------------
def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w") as f:
            for _ in range(MAX_PART_BYTES // (1024 * 1024) + 10):
                f.write(b" " * (1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ReportImportError, match=f"解压后超过 {megabytes(MAX_PART_BYTES)}"):
        read(out.getvalue(), "炸弹.docx")


def test_a_part_that_inflates_past_the_limit_while_read_is_refused(monkeypatch):
    monkeypatch.setattr(safe_zip, "MAX_PART_BYTES", 1000)
    monkeypatch.setattr(safe_zip, "_CHUNK", 100)
    data = build(_merged)
    with pytest.raises(ReportImportError, match="解压后超过"):
        read(data, "x.docx")


@pytest.mark.parametrize("data, message", [
    (b"not a zip", "不是有效的 .docx 文件（文件损坏"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Word（.doc）"),
    (b"{\\rtf1\\ansi hello}", "RTF"),
    (b"%PDF-1.7\n", "PDF"),
    (b"<html><body>x</body></html>", "网页"),
], ids=["not-zip", "doc", "rtf", "pdf", "html"])
def test_files_that_are_not_docx_say_what_they_are(data, message):
    with pytest.raises(ReportImportError, match=message):
        read(data, "年报.docx")


def test_a_truncated_file_a_missing_part_and_a_workbook_are_refused_clearly():
    data = build(_merged)
    with pytest.raises(ReportImportError, match="年报.docx：不是有效的 .docx"):
        read(data[: len(data) // 2], "年报.docx")
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReportImportError, match="Excel 工作簿"):
        read(other.getvalue(), "年报.docx")
    with pytest.raises(ReportImportError, match="缺少正文部分"):
        read(rezip(data, "[Content_Types].xml", content=b"<Types/>").replace(b"word/document.xml", b"word/documenx.xml"),
             "年报.docx")


def test_a_dtd_or_broken_xml_is_refused():
    data = build(_merged)
    dtd = rezip(data, change=lambda s: s.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1))
    with pytest.raises(ReportImportError, match="不是安全、完整的 XML（含 DTD 声明）"):
        read(dtd, "x.docx")
    broken = rezip(data, change=lambda s: s[: len(s) // 2])
    with pytest.raises(ReportImportError, match="不是安全、完整的 XML（第 \\d+ 行出错）"):
        read(broken, "x.docx")


def test_a_main_part_found_by_the_package_relationships():
    data = build(_merged)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            part = zin.read(item.filename)
            name = item.filename.replace("word/document.xml", "word/document2.xml")
            if item.filename == "_rels/.rels":
                part = part.replace(b"word/document.xml", b"word/document2.xml")
            zout.writestr(name, part)
    assert read(out.getvalue()) == read(data)


# -- anything else raises only the importer's error ----------------------------------------------
SAMPLE = build(_merged)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_docx_bytes_only_raise_the_importers_error(data):
    raw = bytearray(data.draw(st.sampled_from([SAMPLE, (RAW / "pt-area-2024.lo.docx").read_bytes()])))
    for _ in range(data.draw(st.integers(1, 10))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    try:
        blocks = read(bytes(raw), "x.docx")
    except ReportImportError:
        return
    assert all(isinstance(b, (Para, Table)) for b in blocks)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_document_xml_only_raises_the_importers_error(data):
    xml = bytearray(zipfile.ZipFile(io.BytesIO(SAMPLE)).read("word/document.xml"))
    for _ in range(data.draw(st.integers(1, 10))):
        xml[data.draw(st.integers(0, len(xml) - 1))] = data.draw(st.sampled_from(b'<>/"=wv0123 :tcr'))
    try:
        blocks = read(rezip(SAMPLE, content=bytes(xml)), "x.docx")
    except ReportImportError:
        return
    assert all(isinstance(b, (Para, Table)) for b in blocks)
