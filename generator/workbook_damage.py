"""What to tell of a workbook openpyxl could not read: the cell whose value does not parse as its
type says (a <v>abc</v> where a number was), found by reading the data sheets' XML again."""
from __future__ import annotations

import zipfile
from pathlib import Path

from .layout import SHEET_META, SHEET_T2, SHEET_T3, SHEET_T4, SHEET_TEXT
from .safe_zip import DAMAGED

DATA_SHEETS = (SHEET_META, SHEET_TEXT, SHEET_T2, SHEET_T3, SHEET_T4)   # what read_workbook reads
DAMAGED_HINT = "文件已损坏，或不是 Excel 文件：请在 Excel 或 WPS 中打开并另存为 .xlsx"


def damaged(path: Path, error: Exception, what: str) -> str:
    """What to tell of a workbook openpyxl could not read: the cell whose value does not parse, if
    found, else `what` happened."""
    found = _bad_cell(path)
    if found:
        sheet, ref, raw, expected = found
        return (f"{path.name}：工作表“{sheet}”的单元格 {ref} 已损坏：值“{raw[:30]}”不是{expected}"
                f"（文件可能被其他程序改坏：请在 Excel 中检查该单元格后另存）")
    return f"{path.name} {what}（{DAMAGED_HINT}；{type(error).__name__}）"


_CASTS = {"n": (float, "数字"), "b": (int, "逻辑值"), "s": (int, "共享字符串的编号")}
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _bad_cell(path: Path) -> tuple[str, str, str, str] | None:
    """(sheet, cell, raw value, what it should be) of the first cell of a data sheet whose <v> does not
    parse as its type says, else None. The package passed safe_zip's checks: its parts are bounded."""
    from lxml import etree
    try:
        with zipfile.ZipFile(path) as z:
            parts = _sheet_parts(z)
            for sheet in DATA_SHEETS:
                if parts.get(sheet) in z.namelist():
                    found = _bad_value(z, parts[sheet])
                    if found:
                        return (sheet, *found)
    except DAMAGED + (etree.LxmlError,):
        pass
    return None


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package, from xl/workbook.xml and its relationships."""
    rels = {r.get("Id"): r.get("Target", "") for r in _xml(z, "xl/_rels/workbook.xml.rels")}
    out = {}
    for el in _xml(z, "xl/workbook.xml").iter(f"{_MAIN_NS}sheet"):
        target = rels.get(el.get(f"{_REL_NS}id"), "")
        out[el.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _bad_value(z: zipfile.ZipFile, part: str) -> tuple[str, str, str] | None:
    from lxml import etree
    with z.open(part) as f:
        for _, c in etree.iterparse(f, tag=f"{_MAIN_NS}c", resolve_entities=False, no_network=True):
            v = c.findtext(f"{_MAIN_NS}v")
            cast, what = _CASTS.get(c.get("t", "n"), (str, ""))
            if v and not _casts(cast, v):      # openpyxl reads an empty <v> as blank
                return c.get("r", "?"), v, what
            c.clear()
    return None


def _casts(cast, text: str) -> bool:
    try:
        cast(text)
        return True
    except ValueError:
        return False


def _xml(z: zipfile.ZipFile, part: str):
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(z.read(part), parser)
