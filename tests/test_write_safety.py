"""Nothing the clerk made is lost and no file is written unsafely (issue 17, points 3 and 4).

- `fill --into` / `import --into` keep every part of the workbook the tool does not own byte for
  byte: a text box, a comment, an image, an extra sheet with its own validation, formula and name,
  the VBA project of an .xlsm. The workbooks are made the way a clerk's would be: the template
  xxgk writes, plus what Excel (here XlsxWriter, the same writer) adds.
- Text a cell cannot hold is refused before anything is written, never cut.
- Writers of one target take its lock; -o never replaces a file that appeared meanwhile; temp
  files of killed runs are removed by the next write; Excel's owner file stops a write.
- The internal-error log never follows a planted symlink; terminal output carries no escapes.
"""
from __future__ import annotations

import io
import os
import stat
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner
from lxml import etree

from generator.atomic import HOST, OutputExists, atomic_path
from generator.cell_rules import as_written
from generator.cli import main
from generator.layout import SHEET_CHECKS, SHEET_META, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_TEXT
from generator.locking import lock_path, target_lock
from generator.model import TEXT_FIELDS, get_format
from generator.report import Report, ReportError, computed_totals
from generator.workbook_fill import fill_workbook
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from truth import SEEDS, TRUTH_FILES, truth_report

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
OWNED = (SHEET_META, SHEET_TEXT, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_CHECKS)
CLERKS_PARTS = ("xl/drawings/drawing1.xml", "xl/drawings/drawing2.xml", "xl/drawings/vmlDrawing1.vml",
                "xl/comments1.xml", "xl/media/image1.png", "xl/sharedStrings.xml", "xl/styles.xml")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _png() -> bytes:
    """A 4×4 red PNG, made by hand (no imaging library needed)."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def clerks_workbook(path: Path, monkeypatch, macros: bool = False, formula_in_input: bool = False) -> Path:
    """The template, plus what a clerk adds in Excel before xxgk writes into it again."""
    close = xlsxwriter.Workbook.close

    def decorated_close(wb):
        t3 = wb.get_worksheet_by_name(SHEET_T3)
        t3.insert_textbox("L2", "审核意见：数字已与台账核对", {"width": 240, "height": 60})
        wb.get_worksheet_by_name(SHEET_T2).write_comment("B6", "含 1 件待印发")
        wb.get_worksheet_by_name(SHEET_TEXT).insert_image("E2", "seal.png", {"image_data": io.BytesIO(_png())})
        extra = wb.add_worksheet("备注")
        extra.write("A1", "核对人")
        extra.write_formula("B2", f"={SHEET_T3}!D5+1", None, 1)
        extra.data_validation("A2", {"validate": "list", "source": ["张三", "李四"]})
        wb.define_name("核对人", "=备注!$A$1")
        if formula_in_input:
            t3.write_formula("D5", "=1+1", None, 2)   # the clerk typed a formula in an input cell
        return close(wb)

    monkeypatch.setattr(xlsxwriter.Workbook, "close", decorated_close)
    build_workbook(path, "2021", macros=macros)
    monkeypatch.setattr(xlsxwriter.Workbook, "close", close)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_parts(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its worksheet part, read from workbook.xml and its relationships."""
    book = etree.fromstring(files["xl/workbook.xml"])
    rels = etree.fromstring(files["xl/_rels/workbook.xml.rels"])
    target = {r.get("Id"): "xl/" + r.get("Target").lstrip("/").removeprefix("xl/") for r in rels}
    return {s.get("name"): target[s.get(R_ID)] for s in book.iter(f"{M}sheet")}


def _input_json(tmp_path: Path) -> tuple[Path, Report]:
    report = truth_report(next(p for p in TRUTH_FILES if p.name.startswith("003")))
    report.meta.update({"address": "某路1号", "phone": "0574-12345678", "publish_date": "2025-01-20"})
    report.text.update({"s1.overview": "本年度，我局认真贯彻落实条例。", "s5": "=SUM(A1) 开头的文字仍是文字"})
    out = tmp_path / "in.json"
    out.write_text(report.to_json(), encoding="utf-8")
    return out, report


def assert_only_owned_parts_changed(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    names = sheet_parts(before)
    allowed = {names[s] for s in OWNED} | {"xl/workbook.xml"}
    changed = {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}
    assert changed <= allowed, changed - allowed
    assert set(after) == set(before)
    for name in CLERKS_PARTS + (names["备注"], names["说明"]):
        assert after[name] == before[name], name
    for sheet in OWNED:     # in a written sheet, everything but the cells is as it was
        old, new = (etree.fromstring(files[names[sheet]]) for files in (before, after))
        strip = [etree.tostring(e) for e in old if e.tag != f"{M}sheetData"]
        assert strip == [etree.tostring(e) for e in new if e.tag != f"{M}sheetData"], sheet
    old, new = etree.fromstring(before["xl/workbook.xml"]), etree.fromstring(after["xl/workbook.xml"])
    assert etree.tostring(old.find(f"{M}definedNames")) == etree.tostring(new.find(f"{M}definedNames"))
    assert new.find(f"{M}calcPr").get("fullCalcOnLoad") == "1"


def test_fill_into_keeps_text_box_comment_image_and_extra_sheet(tmp_path, monkeypatch):
    book = clerks_workbook(tmp_path / "mine.xlsx", monkeypatch)
    src, report = _input_json(tmp_path)
    before = parts(book)
    r = run("fill", src, "--into", book)
    assert r.exit_code == 0 and "已写入" in r.output, r.output
    after = parts(book)
    assert_only_owned_parts_changed(before, after)
    back = read_workbook(book)
    fmt = get_format("2021")
    want = {c: as_written(report.cells.get(c), fmt.cells[c].kind) for c in fmt.input_ids()}   # "22.53" -> 22.53
    assert {c: back.cells[c] for c in fmt.input_ids()} == want
    assert back.text["s5"] == report.text["s5"] and back.meta["agency"] == report.meta["agency"]
    wb = openpyxl.load_workbook(book)     # text that looks like a formula went in as text
    assert [c.data_type for row in wb[SHEET_TEXT].iter_rows() for c in row if c.value == report.text["s5"]] == ["s"]
    assert wb["备注"]["A1"].value == "核对人" and "核对人" in wb.defined_names


def test_filled_workbook_recalculates_in_libreoffice(tmp_path, monkeypatch):
    """The package the cells were written into is one LibreOffice opens, and the totals its
    formulas compute are those of the values written. The tool's own formulas carry no cached
    result that would be stale (LibreOffice keeps cached results unless told to recalculate)."""
    from generator.office import recalculate
    book = clerks_workbook(tmp_path / "mine.xlsx", monkeypatch)
    src, report = _input_json(tmp_path)
    assert run("fill", src, "--into", book).exit_code == 0
    files = parts(book)
    for sheet in OWNED:
        cells = etree.fromstring(files[sheet_parts(files)[sheet]]).iter(f"{M}c")
        assert not [c.get("r") for c in cells if c.find(f"{M}f") is not None and c.find(f"{M}v") is not None]
    out = recalculate([book], tmp_path / "lo")[0]
    wb = openpyxl.load_workbook(out, data_only=True)
    fmt = report.fmt
    want = computed_totals(fmt, {c: report.cells.get(c) for c in fmt.input_ids()})
    from generator.layout import defined_name
    for cid in fmt.derived_ids():
        sheet, ref = next(wb.defined_names[defined_name(cid)].destinations)
        got = wb[sheet][ref.replace("$", "")].value
        assert (None if got == "" else got) == want[cid], cid
    assert wb["备注"]["B2"].value == report.cells["t3.new_received.natural"] + 1


def test_import_into_keeps_everything_else(tmp_path, monkeypatch):
    book = clerks_workbook(tmp_path / "mine.xlsx", monkeypatch)
    before = parts(book)
    seed = next(SEEDS.glob("003_*.txt"))
    r = run("import", seed, "--into", book)
    assert "已写入" in r.output and r.exit_code in (0, 1), r.output
    assert_only_owned_parts_changed(before, parts(book))
    assert read_workbook(book).meta["agency"]


def test_fill_into_xlsm_keeps_vba_ribbon_and_clerks_parts(tmp_path, monkeypatch):
    book = clerks_workbook(tmp_path / "mac.xlsm", monkeypatch, macros=True)
    src, _ = _input_json(tmp_path)
    before = parts(book)
    assert run("fill", src, "--into", book).exit_code == 0
    after = parts(book)
    assert_only_owned_parts_changed(before, after)
    for name in ("xl/vbaProject.bin", "customUI/customUI.xml", "_rels/.rels", "[Content_Types].xml"):
        assert after[name] == before[name], name


def test_a_formula_typed_in_an_input_cell_is_overwritten_only_with_force(tmp_path, monkeypatch):
    """--force replaces it by the value; Excel's calculation chain, which lists it as a formula,
    goes too (a chain naming a value cell makes Excel call the file damaged)."""
    book = clerks_workbook(tmp_path / "f.xlsx", monkeypatch, formula_in_input=True)
    files = parts(book)
    chain = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain ' \
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="D5" i="5"/></calcChain>'
    files["xl/calcChain.xml"] = chain
    files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    src, report = _input_json(tmp_path)
    r = run("fill", src, "--into", book)
    assert r.exit_code == 1 and "=1+1" in r.output and parts(book) == files
    assert run("fill", src, "--into", book, "--force").exit_code == 0
    after = parts(book)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"] + after["[Content_Types].xml"]
    assert read_workbook(book).cells["t3.new_received.natural"] == report.cells["t3.new_received.natural"]
    ws = openpyxl.load_workbook(book)[SHEET_T3]
    assert ws["D5"].value == report.cells["t3.new_received.natural"]


# -- text a cell cannot hold -------------------------------------------------------------------

def _with_text(tmp_path: Path, text: str) -> Path:
    report = Report("2021", {"agency": "某局", "year": 2024, "format": "2021"}, {"s1.overview": text}, {})
    src = tmp_path / f"t{len(text)}.json"
    src.write_text(report.to_json(), encoding="utf-8")
    return src


@pytest.mark.parametrize("text", ["字" * 32768, "𠀀" * 16384 + "字"], ids=["cjk", "outside-bmp"])
def test_text_longer_than_a_cell_is_refused_never_cut(tmp_path, text):
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    before = book.read_bytes()
    src = _with_text(tmp_path, text)
    r = run("fill", src, "--into", book)
    label = next(f.label for f in TEXT_FIELDS if f.id == "s1.overview")
    assert r.exit_code == 2 and "32,767" in r.output and f"正文“{label}”" in r.output, r.output
    assert book.read_bytes() == before
    new = tmp_path / "new.xlsx"
    r = run("fill", src, "-o", new)
    assert r.exit_code == 2 and "32,767" in r.output and not new.exists(), r.output
    assert not [p for p in tmp_path.iterdir() if ".xxgk-" in p.name]


def test_text_of_exactly_a_cell_goes_in_whole(tmp_path):
    text = "字" * 32766 + "止"
    src = _with_text(tmp_path, text)
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    assert run("fill", src, "--into", book).exit_code == 0
    assert read_workbook(book).text["s1.overview"] == text
    assert run("fill", src, "-o", tmp_path / "n.xlsx").exit_code == 0
    assert read_workbook(tmp_path / "n.xlsx").text["s1.overview"] == text


def test_control_character_is_refused_with_its_place(tmp_path):
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    before = book.read_bytes()
    report = Report("2021", {"agency": "某局", "year": 2024, "format": "2021"}, {"s5": "问题\x01改进"}, {})
    with pytest.raises(ReportError, match="U\\+0001") as e:
        fill_workbook(book, report)
    assert "第 3 个字符" in str(e.value)
    assert book.read_bytes() == before


# -- locks, no-replace, temp files -------------------------------------------------------------

def test_a_second_writer_waits_then_gets_a_clear_message(tmp_path, monkeypatch):
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    before = book.read_bytes()
    src, _ = _input_json(tmp_path)
    monkeypatch.setenv("XXGK_LOCK_TIMEOUT", "0.3")
    with target_lock(book):
        r = run("fill", src, "--into", book)
    assert r.exit_code == 2 and "另一个 xxgk 正在写入" in r.output and "正在等待" in r.output, r.output
    assert book.read_bytes() == before
    assert not lock_path(book).exists()          # the holder removed it on release
    assert run("fill", src, "--into", book).exit_code == 0


def test_a_lock_file_left_by_a_killed_run_does_not_block(tmp_path):
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    lock_path(book).write_bytes(b"")              # what a SIGKILLed writer leaves: not held by anyone
    src, _ = _input_json(tmp_path)
    assert run("fill", src, "--into", book).exit_code == 0
    assert not lock_path(book).exists()


@pytest.mark.parametrize("owner", ["~$b.xlsx", ".~lock.b.xlsx#"])
def test_workbook_open_in_excel_or_libreoffice_is_not_written(tmp_path, owner):
    book = build_workbook(tmp_path / "b.xlsx", "2021")
    before = book.read_bytes()
    (tmp_path / owner).write_text("someone", encoding="utf-8")
    src, _ = _input_json(tmp_path)
    r = run("fill", src, "--into", book)
    assert r.exit_code == 2 and "正在 Excel、WPS 或 LibreOffice 中打开" in r.output and owner in r.output
    assert book.read_bytes() == before


def test_output_made_meanwhile_is_never_replaced(tmp_path):
    target = tmp_path / "r.json"
    with pytest.raises(OutputExists, match="--force"):
        with atomic_path(target, replace=False) as tmp:
            tmp.write_text("mine", encoding="utf-8")
            target.write_text("theirs", encoding="utf-8")   # another program, a moment before the rename
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    with atomic_path(target) as tmp:                      # replace=True (--force) replaces it
        tmp.write_text("mine", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "mine"


def test_symlink_planted_at_the_output_is_not_followed_without_force(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    out = tmp_path / "out.json"
    with pytest.raises(OutputExists):
        with atomic_path(out, replace=False) as tmp:
            tmp.write_text("x", encoding="utf-8")
            out.symlink_to(victim)
    assert victim.read_text(encoding="utf-8") == "keep" and out.is_symlink()


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_temp_files_of_killed_runs_are_removed_by_the_next_write(tmp_path):
    dead = tmp_path / f".b.xxgk-tmp-{HOST}-{_dead_pid()}-k3j2.xlsx"
    live = tmp_path / f".b.xxgk-tmp-{HOST}-{os.getppid()}-a8f1.xlsx"
    old = tmp_path / ".b.xxgk-tmp-0a0a0a-12-zzzz.xlsx"            # another machine, two days ago
    mine = tmp_path / ".b-not-ours.xlsx"
    for p in (dead, live, old, mine):
        p.write_bytes(b"partial")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    src, _ = _input_json(tmp_path)
    assert run("fill", src, "-o", tmp_path / "new.xlsx").exit_code == 0
    assert not dead.exists() and not old.exists()
    assert live.exists() and mine.exists()


# -- safe files and terminal output ------------------------------------------------------------

def test_error_log_never_follows_a_planted_symlink(tmp_path, monkeypatch, capsys):
    import tempfile

    from generator.cli import _report_internal_error
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "xxgk-error.log").symlink_to(victim)
    try:
        raise RuntimeError("boom")
    except RuntimeError as e:
        _report_internal_error(e)
    err = capsys.readouterr().err
    logs = [p for p in tmp_path.glob("xxgk-error-*.log")]
    assert victim.read_text(encoding="utf-8") == "keep" and len(logs) == 1
    assert str(logs[0]) in err and "RuntimeError: boom" in logs[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600


def test_report_text_reaches_the_terminal_without_escapes(tmp_path):
    from generator.commands.common import clean
    hostile = "某局\x1b]0;owned\x07\x1b[2J\x9b31m\u202e\r假"
    assert clean(hostile) == "某局]0;owned[2J31m假"
    assert clean("第一行\n\t第二行") == "第一行\n\t第二行"
    report = Report("2021", {"agency": hostile, "year": 2024, "format": "2021"}, {}, {})
    src = tmp_path / "h.json"
    src.write_text(report.to_json(), encoding="utf-8")
    for args in (("validate", src), ("validate", src, "--json"), ("fill", src, "-o", tmp_path / "h.xlsx")):
        r = run(*args)
        assert not set("\x1b\x07\x9b\u202e\r") & set(r.output), (args, r.output)
        # the JSON reader refuses the control characters (issue 17 point 1), naming the first one
        assert r.exit_code == 2 and "控制字符 U+001B" in r.output, (args, r.output)


def test_libreoffice_private_profile_is_removed(tmp_path, monkeypatch):
    """With every pooled profile busy, a conversion uses a private profile and removes it; one a
    killed process left is removed too."""
    import tempfile

    from generator import office
    cache, temp = tmp_path / "cache", tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    left = temp / f"xxgk-lo-{_dead_pid()}-x1"
    (left / "user").mkdir(parents=True)
    doc = tmp_path / "a.xlsx"
    build_workbook(doc, "2021")
    (cache / "xxgk").mkdir(parents=True)
    holds = [target_lock(cache / "xxgk" / f"lo-profile-{i}") for i in range(office.POOL_SIZE)]
    for h in holds:
        h.__enter__()
    try:
        out = office.convert([doc], "pdf", tmp_path / "out")
    finally:
        for h in holds:
            h.__exit__(None, None, None)
    assert out[0].read_bytes()[:4] == b"%PDF"
    assert [p.name for p in temp.iterdir() if p.name.startswith("xxgk-lo-")] == []


def _docx_with_linked_picture(path: Path, url: str) -> Path:
    """A .docx whose picture is not in the file but linked to `url`, as a hostile file could be."""
    import docx
    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    pic = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
           'wordprocessingDrawing"><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="p"/><a:graphic '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.'
           'openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/'
           'drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/></pic:nvPicPr>'
           '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
           'r:link="rIdNet"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" '
           'y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
           '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    files["word/document.xml"] = files["word/document.xml"].replace(b"<w:sectPr", pic.encode() + b"<w:sectPr", 1)
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdNet" Type="http://schemas.openxmlformats.org/officeDocument/'
                             f'2006/relationships/image" Target="{url}" TargetMode="External"/></Relationships>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_fetches_nothing_from_the_network(tmp_path):
    """LibreOffice as it comes fetches a linked picture while converting; with xxgk's profile it
    does not. A local web server counts the requests."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from generator.office import convert
    hits = []

    class Count(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Count)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        doc = _docx_with_linked_picture(tmp_path / "linked.docx", f"http://127.0.0.1:{server.server_port}/p.png")
        assert convert([doc], "pdf", tmp_path / "ours")[0].exists()
        assert hits == []
        plain = (tmp_path / "plain-profile").as_uri()      # the control: LibreOffice's own defaults
        subprocess.run(["soffice", f"-env:UserInstallation={plain}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / "plain"), str(doc)], capture_output=True, timeout=180)
        assert hits and set(hits) == {"/p.png"}
    finally:
        server.shutdown()
