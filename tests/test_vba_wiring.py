"""The macro-enabled workbook: its VBA project read back with olevba, buttons and ribbon bound to
existing VBA Subs, the macros run in headless LibreOffice with a stub RunPython, and an openpyxl
round trip that keeps the VBA project and the ribbon byte for byte."""
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from generator import macros as gm
from generator import vba
from generator.workbook_write import build_workbook

ADDIN = Path(gm.__file__).parent.parent / "addin"
XXGK_BAS = (ADDIN / "xxgk.bas").read_bytes().decode("ascii")
DEBIAN_PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    return build_workbook(tmp_path_factory.mktemp("wiring") / "年报.xlsm", "2021", macros=True)


def vba_modules(path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


def subs(source: str) -> dict[str, str]:
    """Sub name -> parameter list."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^Sub (\w+)\(([^)]*)\)", source, re.M)}


def test_vba_project_reads_back_exactly_with_olevba(xlsm, tmp_path):
    with zipfile.ZipFile(xlsm) as z:
        (tmp_path / "vbaProject.bin").write_bytes(z.read("xl/vbaProject.bin"))
        workbook_xml = z.read("xl/workbook.xml").decode()
    got = vba_modules(tmp_path / "vbaProject.bin")
    bas, cls = gm.xlwings_module_paths()
    # the pinned xlwings VBA module, byte for byte, and it declares the DLL of that same version
    assert got["xlwings"] == bas.read_bytes().decode("ascii")
    assert f'"xlwings64-{xlwings.__version__}.dll"' in got["xlwings"] and xlwings.__version__ == "0.37.8"
    assert got["xxgk"] == XXGK_BAS and XXGK_BAS.isascii()
    assert got["Dictionary"].startswith('Attribute VB_Name = "Dictionary"')
    sheets = re.findall(r'<sheet name="([^"]+)"', workbook_xml)
    expected = {m.name: m.source for m in gm.project_modules([f"Sheet{i + 1}" for i in range(len(sheets))])}
    assert got == expected
    assert 'codeName="ThisWorkbook"' in workbook_xml


def test_buttons_and_ribbon_call_the_vba_subs(xlsm):
    defined = subs(XXGK_BAS)
    for macro, command in gm.PYTHON_COMMANDS.items():
        assert defined[macro] == ""
        body = XXGK_BAS.split(f"Sub {macro}()")[1].split("End Sub")[0]
        assert f'RunPython "{command}"' in body
    with zipfile.ZipFile(xlsm) as z:
        names = z.namelist()
        vml = {n: z.read(n).decode() for n in names if n.endswith(".vml")}
        ui = z.read("customUI/customUI.xml").decode()
        rels = z.read("_rels/.rels").decode()
        workbook_xml = z.read("xl/workbook.xml").decode()
    bound = [m for text in vml.values() for m in re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", text)]
    assert set(bound) == {"Validate", "ImportReport", "GenerateReport"}
    assert all(b in defined for b in bound)
    captions = [c for text in vml.values() for c in re.findall(r'<font face="[^"]*"[^>]*>([^<]+)</font>', text)]
    assert {"校验", "导入文本年报", "生成年报"} <= set(captions)
    callbacks = re.findall(r'onAction="(\w+)"', ui)
    assert set(callbacks) == set(gm.RIBBON_CALLBACKS)
    for cb in callbacks:
        assert defined[cb] == "control As IRibbonControl"
    assert 'label="年报"' in ui
    assert f'Type="{gm.UI_REL_TYPE}" Target="customUI/customUI.xml"' in rels
    assert re.search(r'<sheet name="xlwings.conf" sheetId="\d+" state="hidden"', workbook_xml)


def test_openpyxl_round_trip_keeps_vba_project_and_ribbon(xlsm, tmp_path):
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    wb["基本信息"]["B3"] = "某某区人民政府"
    out = tmp_path / "again.xlsm"
    wb.save(out)
    with zipfile.ZipFile(xlsm) as a, zipfile.ZipFile(out) as b:
        assert b.read("xl/vbaProject.bin") == a.read("xl/vbaProject.bin")
        assert b.read("customUI/customUI.xml") == a.read("customUI/customUI.xml")
        assert gm.UI_REL_TYPE in b.read("_rels/.rels").decode()
        assert b"[0]!Validate" in b"".join(b.read(n) for n in b.namelist() if n.endswith(".vml"))
    assert vba_modules(out)["xxgk"] == XXGK_BAS


def test_fill_and_validate_through_openpyxl_keep_the_parts(xlsm, tmp_path):
    """The project's own openpyxl paths (fill / read) on an .xlsm leave the macro parts alone."""
    import shutil

    from truth import TRUTH_FILES, truth_report
    target = tmp_path / "filled.xlsm"
    shutil.copy(xlsm, target)
    from generator.workbook_fill import fill_workbook
    fill_workbook(target, truth_report(TRUTH_FILES[0]))
    from generator.workbook_read import read_workbook
    read_workbook(target)
    with zipfile.ZipFile(xlsm) as a, zipfile.ZipFile(target) as b:
        for part in ("xl/vbaProject.bin", "customUI/customUI.xml"):
            assert b.read(part) == a.read(part)
        assert gm.UI_REL_TYPE in b.read("_rels/.rels").decode()


STUB = ('Function RunPython(PythonCommand As String)\r\n    Dim f As Integer\r\n    f = FreeFile\r\n'
        '    Open Environ("XXGK_RUNPYTHON_LOG") For Append As #f\r\n    Print #f, PythonCommand\r\n'
        '    Close #f\r\nEnd Function\r\n')


def with_stub_runpython(src: Path, dst: Path) -> Path:
    """The same workbook whose xlwings module is replaced by a RunPython that logs its argument
    (LibreOffice cannot compile the real xlwings.bas: Declare PtrSafe, #If Mac); xlwings' Dictionary
    class (macOS only) is left out too: with it LibreOffice silently runs nothing."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    n = len(re.findall(r"<sheet ", parts["xl/workbook.xml"].decode()))
    mods = [m for m in gm.project_modules([f"Sheet{i + 1}" for i in range(n)]) if m.name not in ("xlwings", "Dictionary")]
    mods.append(vba.standard_module("xlwings", STUB))
    parts["xl/vbaProject.bin"] = vba.build_project(mods)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def test_libreoffice_clicks_every_button_and_runpython_gets_the_exact_command(xlsm, tmp_path):
    # .ci/install-system installs python3-uno; a missing one is a setup failure, not a skip.
    assert subprocess.run([DEBIAN_PYTHON, "-c", "import uno"]).returncode == 0, "python3-uno missing: run .ci/install-system"
    stub = with_stub_runpython(xlsm, tmp_path / "stub.xlsm")
    out, log = tmp_path / "out.json", tmp_path / "runpython.log"
    profile = (tmp_path / "lo-profile").as_uri()
    runner = Path(__file__).parent / "vba_lo_runner.py"
    subprocess.run([DEBIAN_PYTHON, str(runner), str(stub), profile, str(out), str(log)], check=True,
                   timeout=180, env={**os.environ, "XXGK_RUNPYTHON_LOG": str(log)})
    result = json.loads(out.read_text(encoding="utf-8"))[str(stub)]
    by_caption = {}
    for b in result["buttons"]:
        assert len(b["scripts"]) == 1, b
        by_caption.setdefault(b["label"], set()).add(b["scripts"][0])
    assert set(by_caption) == {"校验", "导入文本年报", "生成年报"}
    sheets_with_bar = {b["sheet"] for b in result["buttons"] if b["label"] == "生成年报"}
    assert {"说明", "基本信息", "表三"} <= sheets_with_bar
    expected = {"校验": gm.PYTHON_COMMANDS["Validate"], "导入文本年报": gm.PYTHON_COMMANDS["ImportReport"],
                "生成年报": gm.PYTHON_COMMANDS["GenerateReport"]}
    for caption, urls in by_caption.items():
        (url,) = urls
        assert result["clicked"][url] == expected[caption], (caption, url, result["clicked"][url])


def test_template_command_writes_the_macro_workbook(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main
    out = tmp_path / "年报.xlsm"
    result = CliRunner().invoke(main, ["template", "--macros", "-o", str(out)])
    assert result.exit_code == 0, result.output
    got = vba_modules(out)
    assert got["xxgk"] == XXGK_BAS and "RunPython" in got["xlwings"]
    with zipfile.ZipFile(out) as z:
        assert gm.UI_REL_TYPE in z.read("_rels/.rels").decode()
        assert z.read("customUI/customUI.xml") == gm.custom_ui_xml()
