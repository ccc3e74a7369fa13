"""Issue 17, point 6: a standing fuzz suite. Real inputs — the seeds, the corpus in every form,
workbooks made by xxgk, their JSON export — are mutated (bytes flipped, files cut short, zip parts
deleted, XML shuffled, long lines, huge numbers, control characters, absurd JSON values) and read as
xxgk reads them, checks included; the only exception allowed is xxgk's own (ReportError, of which
ReportImportError is one), and every example runs under a hang guard.

tests/test_import_forms_property.py fuzzes the importer's forms with line and byte mutations; this
suite reuses those mutations and adds the hostile ones, the workbook reader and the JSON reader.

Sized for CI (a few seconds per property). The long run, outside CI, of the same properties with
over 100,000 examples in all (tests/conftest.py registers the profile):

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -p no:xdist tests/test_fuzz_inputs.py --hypothesis-show-statistics
"""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
from generator.checker import check
from generator.errors import ReportError
from generator.importer import import_path
from generator.importer.readers.text import parse_text
from generator.report import Report
from generator.workbook_fill import fill_workbook
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from test_import_forms_property import NOISE, PAGES, PDFS, TEXTS, WORD, _docx_with_xml_mutated
from truth import CORPUS

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample-2023.json"


def fuzz(ci: int, long: int):
    """`ci` examples in CI, `long` in the long run."""
    return settings(max_examples=long if LONG else ci, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def only_own_error(read, seconds: float = 15):
    """What `read()` gives, or None when it raises xxgk's own error; anything else fails, as does a hang."""
    with hostile.within(seconds):
        try:
            return read()
        except ReportError as e:
            assert str(e).strip() and not str(e).startswith("Traceback")
            return None


# -- hostile pieces ------------------------------------------------------------------------------

CONTROLS = st.sampled_from([chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85)]
                           + ["\x1b[31m", "\x1b]0;标题\x07", "\ufeff", "\u2028", "\ud7ff", "\ufffe"])
HUGE_NUMBERS = st.one_of(st.integers(12, 140).map(lambda n: "9" * n), st.sampled_from(
    ["1e308", "1E400", "-1e308", "NaN", "Infinity", "-0", "0x1F", "1_000", "１２３", "٣", "9" * 13 + ".5"]))
RUNS = st.tuples(st.sampled_from(["a", "\t", " ", "\u3000", "1", "无", "[bookmark:", "www.", "电话", "申请", "—", "|",
                                  "<", "&", "第1页 ", "。2023年 "]), st.integers(100, 30_000)).map(lambda t: t[0] * t[1])
HOSTILE = st.one_of(CONTROLS, HUGE_NUMBERS, RUNS, NOISE, st.text(max_size=40))


@st.composite
def hostile_lines(draw, text: str) -> str:
    """The text with hostile pieces put into some of its lines, and some lines shuffled or cut."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(lines[i])))
        op = draw(st.sampled_from(["insert", "replace", "line", "swap", "cut"]))
        piece = draw(HOSTILE)
        if op == "insert":
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif op == "replace":
            lines[i] = re.sub(r"\d+", lambda m: piece, lines[i], count=1)
        elif op == "line":
            lines.insert(i, piece)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines = lines[:i]
            if not lines:
                lines = [""]
    return "\n".join(lines)


def _mutate_bytes(data: bytes, draw) -> bytes:
    """Bytes flipped, cut out, duplicated or inserted (test_import_forms_property's, safe for any length)."""
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(b)))
        op = draw(st.sampled_from(["flip", "cut", "dup", "insert"]))
        if op == "flip" and i < len(b):
            b[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del b[i:i + draw(st.integers(1, 2000))]
        elif op == "dup":
            b[i:i] = b[i:i + draw(st.integers(1, 2000))]
        else:
            b[i:i] = draw(st.binary(min_size=1, max_size=16))
    return bytes(b)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


# -- published reports: text, web page, Word, PDF ------------------------------------------------

@fuzz(60, 30_000)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_texts_with_hostile_lines_and_bytes_raise_only_xxgks_error(tmp_path_factory, name, data):
    text = data.draw(hostile_lines(TEXTS[name]))
    encoded = text.encode(data.draw(st.sampled_from(["utf-8", "gb18030", "utf-16"])), errors="replace")
    if data.draw(st.booleans()):
        encoded = _mutate_bytes(encoded, data.draw)
    path = _write(tmp_path_factory.mktemp("text"), name, encoded)
    result = only_own_error(lambda: import_path(path))
    if result is not None:
        _no_control_characters(result.report)


def _no_control_characters(report: Report) -> None:
    for v in [*report.text.values(), *report.meta.values(), *report.cells.values()]:
        if isinstance(v, str):
            assert not any(ord(c) < 0x20 and c not in "\t\n\r" or 0x7F <= ord(c) < 0xA0 for c in v), repr(v)


@st.composite
def hostile_page(draw, page: bytes) -> bytes:
    """The page with span attributes set to anything, tags nested or left open, hostile text inserted."""
    html = page.decode("utf-8", errors="replace")
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["span", "nest", "text", "cut"]))
        at = draw(st.integers(0, len(html)))
        if op == "span":
            value = draw(st.one_of(st.integers(-5, 10**9).map(str), HUGE_NUMBERS, st.text(max_size=5)))
            html = re.sub(r"<t([dh])\b", lambda m: f'<t{m[1]} {draw(st.sampled_from(["rowspan", "colspan"]))}="{value}"',
                          html, count=draw(st.integers(1, 50)))
        elif op == "nest":
            tag = draw(st.sampled_from(["div", "table", "tr", "td", "p", "span", "b"]))
            html = html[:at] + f"<{tag}>" * draw(st.integers(1, 3000)) + html[at:]
        elif op == "text":
            html = html[:at] + draw(HOSTILE).replace("<", "&lt;") + html[at:]
        else:
            html = html[:at]
    return html.encode("utf-8")


@fuzz(25, 10_000)
@given(st.sampled_from(sorted(PAGES)), st.data())
def test_hostile_web_pages_raise_only_xxgks_error(tmp_path_factory, name, data):
    page = data.draw(hostile_page(PAGES[name]))
    if data.draw(st.booleans()):
        page = _mutate_bytes(page, data.draw)
    only_own_error(lambda: import_path(_write(tmp_path_factory.mktemp("page"), name, page)))


@st.composite
def hostile_docx(draw, docx: bytes) -> bytes:
    """A zip part deleted or cut short, merge attributes set to anything, hostile text in runs, or
    the XML's rows and paragraphs shuffled (test_import_forms_property's mutation)."""
    op = draw(st.sampled_from(["delete", "cut", "merge", "text", "shuffle"]))
    if op == "shuffle":
        return _docx_with_xml_mutated(docx, draw)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    names = sorted(parts)
    target = draw(st.sampled_from(names)) if op in ("delete", "cut") else "word/document.xml"
    if op == "delete":
        del parts[target]
    elif op == "cut":
        parts[target] = parts[target][:draw(st.integers(0, len(parts[target])))]
    else:
        xml = parts[target].decode("utf-8")
        if op == "merge":
            value = draw(st.one_of(st.integers(-3, 10**9).map(str), st.sampled_from(["restart", "continue", "", "x"])))
            attr = draw(st.sampled_from(["gridSpan", "vMerge", "gridBefore", "gridAfter"]))
            xml = re.sub(r"<w:tcPr>", f'<w:tcPr><w:{attr} w:val="{value}"/>', xml, count=draw(st.integers(1, 400)))
        else:
            piece = draw(HOSTILE).replace("&", "&amp;").replace("<", "&lt;")
            xml = re.sub(r"<w:t>", lambda m: "<w:t>" + piece, xml, count=draw(st.integers(1, 20)))
        parts[target] = xml.encode("utf-8", errors="replace")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out.getvalue()


@fuzz(25, 10_000)
@given(st.sampled_from(sorted(WORD)), st.data())
def test_hostile_word_files_raise_only_xxgks_error(tmp_path_factory, name, data):
    docx = data.draw(hostile_docx(WORD[name]))
    only_own_error(lambda: import_path(_write(tmp_path_factory.mktemp("word"), name, docx)))


@fuzz(6, 3_000)
@given(st.sampled_from(sorted(PDFS)), st.data())
def test_truncated_and_flipped_pdfs_raise_only_xxgks_error(tmp_path_factory, name, data):
    pdf = PDFS[name]
    pdf = pdf[:data.draw(st.integers(0, len(pdf) - 1))] if data.draw(st.booleans()) else _mutate_bytes(pdf, data.draw)
    only_own_error(lambda: import_path(_write(tmp_path_factory.mktemp("pdf"), name, pdf)), seconds=60)


# -- workbooks ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, bytes]:
    """Workbooks as xxgk makes them: filled 2021 (.xlsx and .xlsm) and 2019, and a blank template."""
    folder = tmp_path_factory.mktemp("books")
    sample = Report.load_json(SAMPLE)
    r2019 = import_path(CORPUS / "raw" / "pt-area-2019.cell-per-line.txt").report
    made = {"filled.xlsx": dict(report=sample), "filled.xlsm": dict(report=sample, macros=True),
            "2019.xlsx": dict(version="2019", report=r2019), "blank.xlsx": dict(year=2024)}
    out = {}
    for name, kwargs in made.items():
        build_workbook(folder / name, **kwargs)
        out[name] = (folder / name).read_bytes()
    return out


CELL_VALUES = st.one_of(HUGE_NUMBERS, st.sampled_from(["abc", "", " ", "1.5.5", "-", "1e", "2958466", "-1",
                                                        "99999999999999999999"]), st.integers().map(str))


@st.composite
def hostile_book(draw, book: bytes) -> bytes:
    """A member deleted or cut short, or a sheet's cells given values, types and references that
    are not what they say, or its rows shuffled, or workbook.xml's defined names broken."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheets = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))
    op = draw(st.sampled_from(["delete", "cut", "value", "type", "ref", "shuffle", "names", "text"]))
    target = draw(st.sampled_from(sorted(parts) if op in ("delete", "cut") else sheets))
    if op == "delete":
        del parts[target]
    elif op == "cut":
        parts[target] = parts[target][:draw(st.integers(0, len(parts[target])))]
    elif op == "names":
        xml = parts["xl/workbook.xml"].decode("utf-8")
        junk = draw(st.sampled_from(["#REF!", "表九!$A$1", "", "A1:B9", "'表三'!$Z$99999", "基本信息!$B$4,$C$5"]))
        parts["xl/workbook.xml"] = re.sub(r"(<definedName [^>]*>)[^<]*", lambda m: m[1] + junk, xml,
                                          count=draw(st.integers(1, 300))).encode("utf-8")
    else:
        parts[target] = _mutated_sheet(draw, op, parts[target].decode("utf-8")).encode("utf-8", errors="replace")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    data = out.getvalue()
    return _mutate_bytes(data, draw) if draw(st.integers(0, 5)) == 0 else data


def _mutated_sheet(draw, op: str, xml: str) -> str:
    count = draw(st.integers(1, 40))
    if op == "value":
        value = draw(CELL_VALUES)
        return re.sub(r"<v>[^<]*</v>", lambda m: f"<v>{value}</v>", xml, count=count)
    if op == "type":
        t = draw(st.sampled_from(["s", "b", "e", "str", "d", "n", "x", "inlineStr"]))
        return re.sub(r'<c r="([A-Z]+\d+)"', lambda m: f'<c r="{m[1]}" t="{t}"', xml, count=count)
    if op == "ref":
        ref = draw(st.sampled_from(["A0", "ZZZZ1", "A99999999", "", "1A", "表三!A1"]))
        return re.sub(r'<c r="[A-Z]+\d+"', f'<c r="{ref}"', xml, count=count)
    if op == "shuffle":
        rows = re.findall(r"<row .*?</row>", xml, flags=re.S)
        shuffled = draw(st.permutations(rows)) if len(rows) < 300 else rows[::-1]
        it = iter(shuffled)
        return re.sub(r"<row .*?</row>", lambda m: next(it), xml, flags=re.S)
    piece = draw(HOSTILE).replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', lambda m: f'<c r="{m[1]}" t="inlineStr"><is><t>'
                  f'{piece}</t></is></c>', xml, count=count, flags=re.S)


@fuzz(30, 10_000)
@given(st.sampled_from(["filled.xlsx", "filled.xlsm", "2019.xlsx", "blank.xlsx"]), st.booleans(), st.data())
def test_damaged_workbooks_raise_only_xxgks_error_when_read_or_filled(books, tmp_path_factory, name, fill, data):
    path = _write(tmp_path_factory.mktemp("book"), name, data.draw(hostile_book(books[name])))
    if fill:                # written into, as fill --into and import --into do
        only_own_error(lambda: fill_workbook(path, Report.load_json(SAMPLE), force=True))
        return
    report = only_own_error(lambda: read_workbook(path))
    if report is not None:
        only_own_error(lambda: (check(report), report.to_json()))


# -- JSON -----------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HUGE_NUMBERS, st.text(max_size=20),
              CONTROLS),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


@st.composite
def hostile_json(draw, report: dict) -> str:
    """The export with values put anywhere (absurd numbers, NaN, control characters, lists and
    objects for scalars), keys deleted or made up, nesting deepened, or its text cut and flipped."""
    d = json.loads(json.dumps(report))
    for _ in range(draw(st.integers(1, 5))):
        section = draw(st.sampled_from(["meta", "text", "cells", "provenance", None]))
        if section is None:
            key = draw(st.sampled_from(["format", "schema", "sections_present", "meta", "text", "cells", "provenance"]))
            d[key] = draw(JSON_VALUES)
            continue
        if not isinstance(d.get(section), dict):
            d[section] = {}
        keys = sorted(d[section]) or ["x"]
        key = draw(st.one_of(st.sampled_from(keys), st.text(max_size=10)))
        if draw(st.integers(0, 4)) == 0:
            d[section].pop(key, None)
        else:
            d[section][key] = draw(JSON_VALUES)
    depth = draw(st.sampled_from([0, 0, 0, 50, 3000, 200_000]))
    text = "[" * depth + json.dumps(d, ensure_ascii=draw(st.booleans())) + "]" * depth
    if draw(st.integers(0, 3)) == 0:
        text = _mutate_bytes(text.encode("utf-8"), draw).decode("utf-8", errors="replace")
    return text


@pytest.fixture(scope="module")
def exported() -> dict:
    report = Report.load_json(SAMPLE)
    report.provenance = {"t3.new_received.natural": (12, "23")}
    return report.to_dict()


@fuzz(200, 40_000)
@given(st.data())
def test_hostile_json_raises_only_xxgks_error(exported, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("json") / "数据.json"
    path.write_text(data.draw(hostile_json(exported)), encoding="utf-8", errors="surrogatepass")
    report = only_own_error(lambda: Report.load_json(path))
    if report is not None:
        findings = only_own_error(lambda: check(report))
        assert findings is not None                     # a report read is a report the checker can check
        json.loads(report.to_json(), parse_constant=lambda c: pytest.fail(f"{c} written as JSON"))


def test_the_mutations_reach_every_reader_and_the_corpus_is_there():
    """The suite is not vacuous: each form has real inputs to mutate."""
    assert len(TEXTS) >= 5 and PAGES and WORD and PDFS
    assert parse_text(hostile.seed_text())
