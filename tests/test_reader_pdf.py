"""The PDF reader on the 平潭 corpus PDFs (LibreOffice prints of the published pages: ruled tables,
merged cells, table 三 broken over two pages), on PDFs that LibreOffice makes here from Word
documents (a table without ruling lines, running page numbers, a password), on a scan and on
damaged files."""
from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from generator import office
from generator.importer.blocks import Para, Table, is_copy
from generator.importer.errors import ReportImportError
from generator.importer.readers import pdf
from generator.model import SECTIONS, get_format
from truth import CORPUS

PDFS = sorted((CORPUS / "raw").glob("*.lo.pdf"))
T3 = {r.id: r for r in get_format("2021").t3_data_rows}


@cache
def blocks_of(path: Path) -> list:
    return pdf.read(path.read_bytes(), path.name)


def truth_of(path: Path) -> dict:
    return json.loads((CORPUS / "truth" / f"{path.name}.json").read_text(encoding="utf-8"))


def joined(text: str) -> str:
    """A cell's text without the line breaks of its wrapped lines."""
    return text.replace("\n", "")


def own_rows(blocks) -> list[list[tuple]]:
    """Every table row, without the copies of merged cells."""
    return [[c for c in row if not is_copy(c)] for b in blocks if isinstance(b, Table) for row in b.rows]


def test_the_corpus_has_both_pdfs():
    assert [p.name for p in PDFS] == ["pt-approval-2025.lo.pdf", "pt-area-2024.lo.pdf"]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_table3_rows_hold_their_label_and_seven_values_as_the_truth_says(path):
    rows = own_rows(blocks_of(path))
    lines = []
    for row_id, values in truth_of(path)["table3"].items():
        label = T3[row_id].label
        found = [(row, k) for row in rows for k, c in enumerate(row) if joined(c[1]) == label]
        assert len(found) == 1, label
        row, k = found[0]
        assert [c[1] for c in row[k + 1:k + 8]] == ["" if v is None else str(v) for v in values], label
        lines.append(row[k][0])
    assert lines == sorted(lines) and len(set(lines)) == len(lines)   # in the table's order


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_a_merged_cell_fills_the_slots_it_covers_with_copies(path):
    tables = [b for b in blocks_of(path) if isinstance(b, Table)]
    granted = T3["granted"]
    group = granted.parent_labels[0]            # 三、本年度办理结果, printed down the first column
    table = next(t for t in tables if any(joined(c[1]) == granted.label for r in t.rows for c in r))
    start = next(i for i, r in enumerate(table.rows) if joined(r[1][1]) == granted.label)
    first, *below = [r[0] for r in table.rows[start:]]
    assert joined(first[1]) == group and not is_copy(first)
    assert below and all(is_copy(c) and joined(c[1]) == group for c in below)
    assert table.merged
    assert all(len(r) == len(table.rows[0]) for r in table.rows)   # every slot is there


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_tables_are_those_of_pdfplumbers_lines_strategy_cell_for_cell(path):
    """The reader finds tables from the page's ruling lines given to pdfplumber as explicit lines;
    pdfplumber's own "lines" strategy and extract() (None for a slot under a merged cell) agree."""
    lines = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    with pdfplumber.open(path) as source:
        found = [t.extract() for page in source.pages for t in page.find_tables(lines)]
    theirs = [rows for rows in found if any(c and c.strip() for row in rows for c in row)]
    mine = [[[None if is_copy(c) else c[1] for c in row] for row in b.rows]
            for b in blocks_of(path) if isinstance(b, Table)]
    assert mine == theirs


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_paragraphs_hold_the_title_then_the_section_headings_in_order(path):
    truth = truth_of(path)
    paras = [b for b in blocks_of(path) if isinstance(b, Para)]
    title = next(p for p in paras if truth["title_agency"] in p.text and str(truth["year"]) in p.text
                 and "政府信息公开工作年度报告" in p.text)
    line = title.line
    for s in SECTIONS:
        heading = next(p for p in paras if p.line > line and p.text.startswith(f"{s.numeral}、")
                       and any(k in p.text for k in s.keywords))
        assert len(heading.text) < 30, heading.text   # the heading alone, not a line of prose
        line = heading.line


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_line_numbers_count_lines_and_table_rows_through_the_document(path):
    lines = []
    for b in blocks_of(path):
        if isinstance(b, Para):
            lines.append(b.line)
        else:
            for row in b.rows:
                assert len({c[0] for c in row}) == 1
                lines.append(row[0][0])
    assert lines == list(range(1, len(lines) + 1))


def test_prose_lines_keep_their_words_and_no_page_chrome_is_lost():
    paras = [b.text for b in blocks_of(CORPUS / "raw" / "pt-area-2024.lo.pdf") if isinstance(b, Para)]
    assert "2024年，无收取信息处理费情况。" in paras
    assert "使用帮助 | 联系我们 | 隐私保护 | 新媒体矩阵 | 关于我们 |" in paras   # words one space apart


# ---------------------------------------------------------------------------------------------
# PDFs made by LibreOffice from Word documents written here

FOOTERS = ("— {PAGE} —", "第 {PAGE} 页", "{PAGE}/{NUMPAGES}", "{PAGE}")
ROWS = [T3["granted"], T3["total_processed"]]
VALUES = [str(7 * k) for k in range(7)]


def _field(paragraph, code: str) -> None:
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{code}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _report_docx(path: Path, footer: str) -> None:
    """Two pages with `footer` at the foot of each, a table without ruling lines and a lone number."""
    d = docx.Document()
    foot = d.sections[0].footer.paragraphs[0]
    for k, piece in enumerate(re.split(r"\{(PAGE|NUMPAGES)\}", footer)):
        (_field(foot, piece) if k % 2 else foot.add_run(piece))
    d.add_paragraph(SECTIONS[2].heading)
    table = d.add_table(rows=len(ROWS), cols=8)     # the default style draws no borders
    table.autofit = False
    for k, width in enumerate([Cm(6)] + [Cm(1.4)] * 7):
        table.columns[k].width = width
        for cell in table.columns[k].cells:
            cell.width = width
    for row, r in zip(table.rows, ROWS):
        for cell, text in zip(row.cells, [r.label, *VALUES]):
            cell.text = text
    d.add_paragraph("2024")
    d.add_page_break()
    d.add_paragraph(SECTIONS[3].heading)
    d.save(path)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    sources = []
    for k, footer in enumerate(FOOTERS):
        sources.append(folder / f"footer{k}.docx")
        _report_docx(sources[-1], footer)
    pdfs = dict(zip(FOOTERS, office.convert(sources, "pdf", folder)))
    locked = folder / "locked"
    password = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"x"}}'
    pdfs["locked"] = office.convert(sources[0], f"pdf:writer_pdf_Export:{password}", locked)[0]
    return pdfs


@pytest.mark.parametrize("footer", FOOTERS)
def test_running_page_numbers_are_dropped_and_nothing_else(made, footer):
    texts = [b.text for b in pdf.read(made[footer].read_bytes(), "r.pdf")]
    assert texts[0] == SECTIONS[2].heading
    assert [t.split()[0] for t in texts[1:3]] == [r.label for r in ROWS]
    assert texts[3:] == ["2024", SECTIONS[3].heading]    # a lone number in the body of a page stays


def test_a_table_without_ruling_lines_reads_like_pdftotext_layout(made):
    texts = [b.text for b in pdf.read(made[FOOTERS[0]].read_bytes(), "r.pdf")]
    for r, line in zip(ROWS, texts[1:3]):
        assert re.fullmatch(re.escape(r.label) + "".join(r" {2,}" + v for v in VALUES), line), line


def test_an_encrypted_pdf_says_it_needs_its_password(made):
    with pytest.raises(ReportImportError, match="密码") as e:
        pdf.read(made["locked"].read_bytes(), "加密.pdf")
    assert str(e.value).startswith("加密.pdf：")


# ---------------------------------------------------------------------------------------------
# Files without a text layer, damaged files

def test_a_scanned_pdf_says_it_is_a_scan(tmp_path):
    with pdfplumber.open(PDFS[0]) as source:
        image = source.pages[2].to_image(resolution=60).original.convert("RGB")
    scan = tmp_path / "scan.pdf"
    image.save(scan, "PDF", resolution=60)
    with pytest.raises(ReportImportError, match="扫描") as e:
        pdf.read(scan.read_bytes(), "扫描件.pdf")
    assert "OCR" in str(e.value) and "Word" in str(e.value)


@pytest.mark.parametrize("cut", [0.05, 0.5, 0.95, 0.999])
def test_a_truncated_pdf_says_it_is_damaged(cut):
    data = PDFS[1].read_bytes()
    with pytest.raises(ReportImportError, match="损坏"):
        pdf.read(data[:int(len(data) * cut)], "r.pdf")


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8])
def test_what_is_not_a_pdf_is_refused_clearly(data):
    with pytest.raises(ReportImportError, match="PDF"):
        pdf.read(data, "r.pdf")


def test_corrupted_bytes_give_blocks_or_a_clear_error_never_another_exception(made):
    original = made[FOOTERS[0]].read_bytes()
    rng = random.Random(7)
    outcomes = set()
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            pdf.read(bytes(data), "r.pdf")
            outcomes.add("read")
        except ReportImportError as e:
            assert str(e).startswith("r.pdf：")
            outcomes.add("refused")
    assert outcomes     # each corruption either read or refused with the importer's error
