"""Every input form, damaged: the seeds (Word's text export) and the real reports of ../shared/corpus
as text copied from a page, pdftotext output, a whole saved page, .docx and .pdf, mutated, shuffled
and truncated, and arbitrary text. The importer raises only
its own error, reports no number it did not read, and a value a layout dropped makes its row absent,
never shifts the others."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer import ReportImportError, import_blocks, import_path, import_text
from generator.importer.readers.html import read as read_html
from generator.importer.readers.text import parse_text
from generator.values import parse
from truth import CORPUS as SHARED_CORPUS
from truth import SEEDS

CORPUS = SHARED_CORPUS / "raw"
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in [*sorted(SEEDS.glob("*.txt")), *sorted(CORPUS.glob("*.txt"))]}
PAGES = {p.name: p.read_bytes() for p in sorted(CORPUS.glob("*.html"))}
WORD = {p.name: p.read_bytes() for p in sorted(CORPUS.glob("*.docx"))}
PDFS = {p.name: p.read_bytes() for p in sorted(CORPUS.glob("*.pdf"))}
NOISE = st.sampled_from(["", "\t", " ", "0", "12", "-3", "+7", "增1万", "19万", "/", "1.47万元", "（七）总计",
                         "一、总体情况", "行政复议", "信息内容", "|", "| 1 | 2 |", "— 3 —", "第二十条第（一）项",
                         "三、本", "年度办", "          0     0   0", "\f", "\u3000", "[bookmark: _GoBack]"])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_numbers_read(result, source_text: str | None = None) -> None:
    """Every number has a provenance whose text parses to it (and, for text, stands on its line)."""
    report = result.report
    lines = source_text.splitlines() if source_text is not None else None
    for cid, value in report.cells.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        line, text = report.provenance[cid]
        assert parse(text, report.fmt.cells[cid].kind).number == value, (cid, text, value)
        if lines is not None and cid.split(".")[0] in ("t2", "t3", "t4"):
            assert text.strip() in lines[line - 1], (cid, line, text)


@st.composite
def mutated_lines(draw, text: str) -> str:
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "insert", "swap", "cut", "dup", "join"]))
        if op == "delete":
            del lines[i]
        elif op == "insert":
            lines.insert(i, draw(NOISE))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines[i] = lines[i][:draw(st.integers(0, len(lines[i])))]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + lines[i + 1]]
    if draw(st.booleans()):
        lines = lines[:draw(st.integers(0, len(lines)))]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(TEXTS)).flatmap(lambda n: mutated_lines(TEXTS[n])))
def test_damaged_text_forms_raise_only_the_importers_error_and_invent_no_number(text):
    try:
        result = import_text(text)
    except ReportImportError:
        return
    _only_numbers_read(result, text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_only_raises_the_importers_error(text):
    for blocks in (parse_text(text), read_html(text.encode("utf-8")),
                   read_html(("<table><tr><td rowspan=3>" + text).encode("utf-8"))):
        try:
            import_blocks(blocks)
        except ReportImportError:
            pass


def _value_lines(text: str) -> list[int]:
    """Indexes of the lines of table 三 (between its heading and 四's) that hold values."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip().startswith("三、收到和处理"))
    end = next(i for i, l in enumerate(lines) if l.strip().startswith("四、政府信息公开行政"))
    return [i for i in range(start, end) if re.search(r"(?:^|\s)\d+(?:\s|$)", lines[i])]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_a_value_the_layout_dropped_makes_its_row_absent_and_moves_no_other(name, data):
    text = TEXTS[name]
    original = import_text(text).report.cells
    lines = text.splitlines()
    i = data.draw(st.sampled_from(_value_lines(text)))
    tokens = lines[i].split()
    values = [k for k, t in enumerate(tokens) if t.isdigit()]
    k = data.draw(st.sampled_from(values))
    lines[i] = " ".join(tokens[:k] + tokens[k + 1:])        # one number gone, as a blank cell dropped by a layout
    cells = import_text("\n".join(lines)).report.cells
    changed = {c for c in original if cells.get(c, "absent") != original[c] and c.startswith("t3.")}
    rows = {c.rsplit(".", 1)[0] for c in changed}
    assert len(rows) <= 1, rows                           # one row at most is affected …
    for c in changed:
        assert c not in cells                             # … and its cells are absent, not shifted


def _mutate_bytes(data: bytes, draw) -> bytes:
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(b) - 1))
        op = draw(st.sampled_from(["flip", "cut", "dup"]))
        if op == "flip":
            b[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del b[i:i + draw(st.integers(1, 2000))]
        else:
            b[i:i] = b[i:i + draw(st.integers(1, 2000))]
    return bytes(b)


def _import_bytes(tmp: Path, name: str, data: bytes):
    path = tmp / name
    path.write_bytes(data)
    try:
        return import_path(path)
    except ReportImportError:
        return None


@SLOW
@given(st.sampled_from(sorted(PAGES)), st.data())
def test_damaged_pages_raise_only_the_importers_error(tmp_path_factory, name, data):
    result = _import_bytes(tmp_path_factory.mktemp("page"), name, _mutate_bytes(PAGES[name], data.draw))
    if result is not None:
        _only_numbers_read(result)


def _docx_with_xml_mutated(docx: bytes, draw) -> bytes:
    """The .docx with some of its table rows and paragraphs deleted, duplicated or swapped."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    pieces = re.split(r"(?=<w:tr[ >])|(?=<w:p[ >])", xml)
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(1, len(pieces) - 1))
        op = draw(st.sampled_from(["delete", "dup", "swap"]))
        if op == "delete":
            del pieces[i]
        elif op == "dup":
            pieces.insert(i, pieces[i])
        else:
            j = draw(st.integers(1, len(pieces) - 1))
            pieces[i], pieces[j] = pieces[j], pieces[i]
    parts["word/document.xml"] = "".join(pieces).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out.getvalue()


@SLOW
@given(st.sampled_from(sorted(WORD)), st.data())
def test_damaged_word_files_raise_only_the_importers_error(tmp_path_factory, name, data):
    raw = WORD[name]
    damaged = _docx_with_xml_mutated(raw, data.draw) if data.draw(st.booleans()) else _mutate_bytes(raw, data.draw)
    result = _import_bytes(tmp_path_factory.mktemp("word"), name, damaged)
    if result is not None:
        _only_numbers_read(result)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(PDFS)), st.data())
def test_damaged_pdfs_raise_only_the_importers_error(tmp_path_factory, name, data):
    result = _import_bytes(tmp_path_factory.mktemp("pdf"), name, _mutate_bytes(PDFS[name], data.draw))
    if result is not None:
        _only_numbers_read(result)
