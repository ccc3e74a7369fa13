"""Turn a workbook being written by XlsxWriter into the macro-enabled, standalone .xlsm.

`decorate(workbook, sheets)` is called by `workbook_write.build_workbook(..., macros=True)` before
the workbook is closed: it embeds the VBA project (the pinned xlwings module, its Dictionary class
for macOS, our `xxgk` module and the document modules), sets the code names, adds the buttons
(校验 / 导入文本年报 / 生成年报), the 导入 and 校验结果 sheets and the hidden `xlwings.conf` sheet.
`finish(path)` is called after close and adds the ribbon tab 年报 (customUI), which XlsxWriter
cannot write, with the relationship type that survives an openpyxl round trip (excel-notes.md).
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path

from . import vba
from .atomic import atomic_path

# The VBA macros and what the buttons and the ribbon show (Chinese lives here and in the XML only).
VALIDATE, IMPORT, GENERATE = "Validate", "ImportReport", "GenerateReport"
BUTTONS = ((VALIDATE, "校验"), (IMPORT, "导入文本年报"), (GENERATE, "生成年报"))
RIBBON_CALLBACKS = {"OnValidate": VALIDATE, "OnImportReport": IMPORT, "OnGenerateReport": GENERATE,
                    "OnImportReportFile": "ImportReportFile", "OnFromPrevious": "FromPrevious",
                    "OnAggregate": "Aggregate"}
# The Python command each VBA macro passes to RunPython.
PYTHON_COMMANDS = {
    VALIDATE: "import addin.macros as m; m.validate_classic()",
    IMPORT: "import addin.macros as m; m.import_report_classic()",
    GENERATE: "import addin.macros as m; m.generate_report_classic()",
}

SHEET_IMPORT = "导入"
SHEET_RESULTS = "校验结果"
SHEET_CONF = "xlwings.conf"
IMPORT_FIRST_ROW = 3           # the pasted text starts in row 3 of 导入 (rows 1-2: hint and option)
IMPORT_HINT = ("导入文本年报：把已发布年报的全文（从 Word 或网页复制）粘贴到本表第 3 行起的 A 列"
               "（表格可连同各列一起粘贴），然后点击“导入文本年报”。")
IMPORT_OPTION_LABEL = "已填写的单元格："
KEEP, OVERWRITE = "不覆盖", "覆盖"
RESULT_HEADER = ("规则", "级别", "说明", "单元格")
CONF = (("ADD_WORKBOOK_TO_PYTHONPATH", "False"),)

UI_REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
UI_PART = "customUI/customUI.xml"
UI_REL_ID = "rIdXxgkUI"


def _text(name: str) -> str:
    return resources.files("addin").joinpath(name).read_bytes().decode("utf-8")


def xlwings_module_paths() -> tuple[Path, Path]:
    import xlwings
    base = Path(xlwings.__file__).parent
    return base / "xlwings.bas", base / "addin" / "Dictionary.cls"


def xlwings_version() -> str:
    from importlib.metadata import version
    return version("xlwings")


@cache
def _static_modules() -> tuple[vba.Module, ...]:
    bas, cls = xlwings_module_paths()
    return (vba.standard_module("xlwings", bas.read_bytes().decode("cp1252")),
            vba.class_module("Dictionary", cls.read_bytes().decode("cp1252")),
            vba.standard_module("xxgk", _text("xxgk.bas")))


def project_modules(sheet_code_names: list[str]) -> list[vba.Module]:
    docs = [vba.document_module("ThisWorkbook", workbook=True)]
    docs += [vba.document_module(n) for n in sheet_code_names]
    return docs + list(_static_modules())


def vba_project(sheet_code_names: list[str]) -> bytes:
    return vba.build_project(project_modules(sheet_code_names))


def _worksheets(workbook, sheets) -> list:
    if sheets is None:
        return list(workbook.worksheets())
    if isinstance(sheets, dict):
        return list(sheets.values())
    return list(sheets)


def _button_bar(ws, row: int, col: int, which=BUTTONS) -> None:
    for i, (macro, caption) in enumerate(which):
        ws.insert_button(row, col, {"macro": macro, "caption": caption, "width": 104, "height": 28,
                                    "x_offset": 4 + i * 112, "y_offset": 4})


def decorate(workbook, sheets=None) -> None:
    """Make the XlsxWriter `workbook` (not yet closed) macro-enabled; `sheets` are its worksheets
    (a list or a {name: worksheet} dict) that get the button bar; default: every sheet."""
    existing = {ws.name: ws for ws in workbook.worksheets()}
    targets = _worksheets(workbook, sheets)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    imp = existing.get(SHEET_IMPORT)
    if imp is None:
        imp = workbook.add_worksheet(SHEET_IMPORT)
        imp.set_column(0, 0, 60)
        imp.set_column(1, 8, 14)
        imp.write_string(0, 0, IMPORT_HINT, wrap)
        imp.set_row(0, 48)
        imp.write_string(1, 0, IMPORT_OPTION_LABEL, bold)
        imp.write_string(1, 1, KEEP)
        imp.data_validation(1, 1, 1, 1, {
            "validate": "list", "source": [KEEP, OVERWRITE], "input_title": "已填写的单元格",
            "input_message": "不覆盖：遇到已填写的单元格时停止并列出；覆盖：用导入的数据替换。"})
        _button_bar(imp, 1, 3, (BUTTONS[1],))
    res = existing.get(SHEET_RESULTS)
    if res is None:
        res = workbook.add_worksheet(SHEET_RESULTS)
        res.set_column(0, 1, 8)
        res.set_column(2, 2, 90)
        res.set_column(3, 3, 16)
        for c, h in enumerate(RESULT_HEADER):
            res.write_string(0, c, h, bold)
        res.write_string(1, 0, "尚未校验：点击“校验”按钮或功能区“年报”选项卡中的“校验”。")
        _button_bar(res, 0, 5, (BUTTONS[0],))
    conf = workbook.add_worksheet(SHEET_CONF)
    for r, (key, value) in enumerate(CONF):
        conf.write_string(r, 0, key)
        conf.write_string(r, 1, value)
    conf.hide()
    for ws in targets:
        if ws.name in (SHEET_CONF, SHEET_IMPORT):
            continue
        _button_bar(ws, 0, max(ws.dim_colmax if ws.dim_colmax is not None else 0, 0) + 2)
    workbook.set_vba_name("ThisWorkbook")
    names = []
    for i, ws in enumerate(workbook.worksheets()):
        ws.set_vba_name(f"Sheet{i + 1}")
        names.append(f"Sheet{i + 1}")
    workbook.add_vba_project(io.BytesIO(vba_project(names)), is_stream=True)


def custom_ui_xml() -> bytes:
    return _text("customUI.xml").encode("utf-8")


def finish(path) -> None:
    """Add the ribbon (customUI part and its root relationship) to the closed workbook at `path`,
    atomically (temporary file, then rename)."""
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    ui = custom_ui_xml()
    out: list[tuple[zipfile.ZipInfo | str, bytes]] = []
    for info, data in items:
        if info.filename == UI_PART:
            continue
        if info.filename == "_rels/.rels":
            text = data.decode("utf-8")
            text = re.sub(r'<Relationship [^>]*Id="%s"[^>]*/>' % UI_REL_ID, "", text)
            rel = f'<Relationship Id="{UI_REL_ID}" Type="{UI_REL_TYPE}" Target="{UI_PART}"/>'
            data = text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
        elif info.filename == "[Content_Types].xml":
            text = data.decode("utf-8")
            if 'Extension="xml"' not in text:
                text = text.replace("<Default ", '<Default Extension="xml" ContentType="application/xml"/><Default ', 1)
            data = text.encode("utf-8")
        out.append((info, data))
    out.append((UI_PART, ui))
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in out:
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
