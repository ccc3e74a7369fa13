"""The hostile inputs of issue 17, built from real files: each a small file that took minutes or
gigabytes, or ended in an internal error. Used by tests/test_bad_inputs.py (each is refused or read
in bounded time) and bench/bench_hostile_inputs.py (how long each takes)."""
from __future__ import annotations

import faulthandler
import io
import json
import re
import signal
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from truth import CORPUS

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "002_e0a4b7f9db582c7c.txt"
DOCX = CORPUS / "raw" / "pt-area-2024.lo.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def with_line_before_sections(line: str) -> str:
    """The seed's text with `line` right under its title, before the paragraph giving its contacts."""
    text = seed_text()
    i = text.index("年度报告\n") + len("年度报告\n")
    return text[:i] + line + "\n" + text[i:]


def with_paragraph_in_section_one(paragraph: str) -> str:
    """The seed's text with `paragraph` as the first paragraph of 一、总体情况."""
    text = seed_text()
    i = text.index("\n", text.index("一、")) + 1
    return text[:i] + paragraph + "\n" + text[i:]


def with_line_in_table_three(line: str) -> str:
    """The seed's text with `line` among the lines of its 表三."""
    lines = seed_text().split("\n")
    i = next(k for k, text in enumerate(lines) if "本年新收政府信息公开申请数量" in text)
    return "\n".join(lines[:i] + [line] + lines[i:])


def letters_line() -> str:
    return with_line_before_sections("a" * 100_000)                # the e-mail regex of importer/sections.py


def tabs_line() -> str:
    return with_line_before_sections("\t" * 40_000 + "x")          # the heading regex of importer/labels.py


def digits_paragraph() -> str:
    return with_paragraph_in_section_one("本年收到政府信息公开申请" + "1" * 100_000)   # the count regex of narrative.py


def long_number_in_table() -> str:
    """The seed with 本年新收's first value in 表三 replaced by a number of 400 digits."""
    lines = seed_text().split("\n")
    i = next(k for k, line in enumerate(lines) if "本年新收政府信息公开申请数量" in line)
    lines[i + 1] = "\t" + "7" * 400
    return "\n".join(lines)


def spans_page(size: int = 372_000) -> bytes:
    """A web page of `size` bytes of tables whose cells span 1000 rows and columns: each table just
    under the limit of slots a table may expand to, hundreds of them."""
    row = '<tr><td rowspan="1000" colspan="1000">1</td></tr>'
    table = "<table>" + row * 25 + "</table>"
    body = table * (size // len(table))
    return f"<html><head><title>2023年度政府信息公开工作年度报告</title></head><body>{body}</body></html>".encode()


def docx_with_body(body: str, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The corpus .docx with its document.xml's body replaced by `body`."""
    out = io.BytesIO()
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", compress) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
                data = data.encode()
            z.writestr(info.filename, data)
    return out.getvalue()


def merged_docx(rows: int = 120, tables: int = 200) -> bytes:
    """Tables of cells spanning 200 grid columns, every row after the first continuing the one above."""
    first = '<w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    cont = '<w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge/></w:tcPr><w:p/></w:tc>'
    table = "<w:tbl>" + f"<w:tr>{first * 4}</w:tr>" + f"<w:tr>{cont * 4}</w:tr>" * rows + "</w:tbl>"
    return docx_with_body(table * tables)


def empty_paragraphs_docx(n: int = 3_000_000) -> bytes:
    """A report's text, then `n` empty paragraphs, then more of it."""
    lines = seed_text().splitlines()
    para = "".join(f"<w:p><w:r><w:t>{_xml(l)}</w:t></w:r></w:p>" for l in lines if l.strip())
    half = len(para) // 2
    return docx_with_body(para[:para.index("<w:p>", half)] + "<w:p/>" * n + para[para.index("<w:p>", half):])


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zip_bomb_docx(inflated: int = 1 << 30) -> bytes:
    """A .docx whose document.xml inflates to `inflated` bytes of one empty paragraph after another."""
    return _bomb(DOCX, "word/document.xml", f'<w:document {W}><w:body>'.encode(), b"<w:p/>", inflated)


def zip_bomb_workbook(book: Path, inflated: int = 1 << 30) -> bytes:
    """The workbook with its first sheet inflating to `inflated` bytes (rows of blank cells)."""
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return _bomb(book, "xl/worksheets/sheet1.xml", head, b'<row><c r="A1"/></row>', inflated)


def _bomb(package: Path, member: str, head: bytes, unit: bytes, inflated: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != member:
                z.writestr(info.filename, src.read(info))
                continue
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as f:
                f.write(head)
                block = unit * (1024 * 1024 // len(unit))
                for _ in range(max(1, (inflated - len(head)) // len(block))):
                    f.write(block)
    return out.getvalue()


def sheet_with_value(book: Path, sheet: str, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` once in the XML of the sheet part `sheet`."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == sheet:
                assert old in data, (sheet, old)
                data = data.replace(old, new, 1)
            z.writestr(info, data)
    return out.getvalue()


def deep_json() -> str:
    return "[" * 100_000 + "]" * 100_000


def json_with(report: dict, changes: dict) -> str:
    """The JSON export with `changes` ({"meta.year": 20233, "cells.t3.x.y": 1e308, "provenance": [1]}) applied."""
    d = json.loads(json.dumps(report))
    for key, value in changes.items():
        top, _, rest = key.partition(".")
        if rest:
            d[top][rest] = value
        else:
            d[top] = value
    return json.dumps(d, ensure_ascii=False, allow_nan=True)


def tiny_pdf(pages: int = 1, content: bytes = b"BT /F1 12 Tf 72 720 Td (2023) Tj ET", flate: bool = True) -> bytes:
    """A well-formed PDF of `pages` pages sharing one content stream (deflated when `flate`)."""
    stream = zlib.compress(content, 9) if flate else content
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
               b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"") + stream
               + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def with_cell(book: Path, sheet_part: str, ref: str, cell_xml: str) -> bytes:
    """The workbook with the cell `ref` of the sheet part replaced by `cell_xml` (a whole <c> element)."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == sheet_part:
                data, n = re.subn(rb'<c r="%s"(?: [^>]*)?(?:/>|>.*?</c>)' % ref.encode(), cell_xml.encode(), data,
                                  count=1)
                assert n == 1, (sheet_part, ref)
            z.writestr(info, data)
    return out.getvalue()


def rezipped(book: Path, drop: str = "", change: dict | None = None, extra: int = 0) -> bytes:
    """The package without member `drop`, with members replaced by `change` ({name: bytes}) and
    `extra` empty members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != drop:
                z.writestr(info, (change or {}).get(info.filename, src.read(info)))
        for i in range(extra):
            z.writestr(f"x/{i}", b"")
    return out.getvalue()


def sheet_parts(book: Path) -> dict[str, str]:
    """Sheet name -> the package member that holds it."""
    from lxml import etree
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(book) as z:
        targets = {r.get("Id"): r.get("Target") for r in etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        sheets = etree.fromstring(z.read("xl/workbook.xml")).iter("{*}sheet")
        return {s.get("name"): "xl/" + targets[s.get(rel)].lstrip("/").removeprefix("xl/") for s in sheets}


class Hang(BaseException):
    """A run that went on past its bound; a BaseException, so that no `except Exception` of the code
    under test takes it for a damaged file."""


@contextmanager
def within(seconds: float):
    """A hang guard, not a speed test: the block fails with Hang after `seconds` (SIGALRM interrupts
    Python code and regex searches), and faulthandler ends the process if C code never returns."""
    def hang(signum, frame):
        raise Hang(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 5 + 60, exit=True)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()
