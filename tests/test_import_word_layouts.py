"""Word files as clerks make them: a report pasted into Word as text (its tables are paragraphs), and a
table cut in two by a page break, its header rows repeated on the next page."""
from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.importer import import_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("source", ["seeds/002_e0a4b7f9db582c7c.txt", "corpus/raw/pt-area-2024.cell-per-line.txt",
                                    "corpus/raw/pt-area-2024.pdftotext.txt", "corpus/raw/pt-area-2019.cell-per-line.txt"])
def test_a_text_report_pasted_into_word_imports_like_the_text(tmp_path, source):
    text = SHARED / source
    document = docx.Document()
    for line in text.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)           # tabs and blank lines kept, one paragraph per line
    path = tmp_path / "pasted.docx"
    document.save(path)
    want, got = import_path(text).report, import_path(path).report
    assert len(got.cells) >= 190 and got.cells == want.cells
    assert got.meta.get("agency") == want.meta.get("agency") and got.meta["year"] == want.meta["year"]


def _split_table(docx_bytes: bytes, title_row: str, at_row: str, header_rows: int) -> bytes:
    """The .docx with the table whose first row holds `title_row` cut before the row holding `at_row`:
    a page break between, and the first `header_rows` rows repeated on top of the second part."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    table = next(t for t in root.iter(f"{W}tbl") if title_row in "".join(t.itertext()))
    rows = table.findall(f"{W}tr")
    cut = next(i for i, r in enumerate(rows) if at_row in "".join(r.itertext()))
    second = etree.Element(f"{W}tbl")
    for child in table:
        if child.tag != f"{W}tr":
            second.append(copy.deepcopy(child))
    for r in rows[:header_rows]:
        second.append(copy.deepcopy(r))
    for r in rows[cut:]:
        second.append(r)                       # moved out of the first table
    page_break = etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}"><w:r><w:br w:type="page"/></w:r></w:p>')
    table.addnext(page_break)
    page_break.addnext(second)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out.getvalue()


@pytest.mark.parametrize("at_row", ["4.保护第三方合法权益", "（七）总计", "二、上年结转政府信息公开申请数量"])
def test_a_table_cut_by_a_page_break_with_its_header_repeated_imports_whole(tmp_path, at_row):
    original = SHARED / "corpus/raw/pt-area-2024.lo.docx"
    path = tmp_path / "split.docx"
    path.write_bytes(_split_table(original.read_bytes(), "申请人情况", at_row, header_rows=3))
    want, got = import_path(original), import_path(path)
    assert got.report.cells == want.report.cells
    assert sorted((f.rule, f.cells) for f in got.findings) == sorted((f.rule, f.cells) for f in want.findings)
