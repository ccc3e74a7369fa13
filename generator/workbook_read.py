"""Read a filled workbook (.xlsx/.xlsm) into a `Report`, locating every cell by its defined name.

Input cells are read as found (number, blank, "/", or text: text in a number cell is not an
error of reading, the checker flags it). Derived cells are not read from the file's cache: they
are computed in Python exactly as the workbook formulas compute them (the sum when every part is
a number, else blank). Anything that makes the workbook unreadable raises `ReportError` with a
Chinese message that says where: a damaged package or sheet (the cell, when one does not parse),
a package past the limits of generator/limits.py (checked by generator/safe_zip.py before openpyxl
inflates anything), a number no report holds or an impossible report year.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from .layout import SHEET_META, SHEET_TEXT, col_number, defined_name, get_layout, meta_id
from .limits import MAX_FILE_BYTES, MAX_WORKBOOK_TAGS, megabytes
from .model import META_FIELDS, TEXT_FIELDS, VERSIONS, cell_title, get_format
from .report import Report, ReportError, computed_totals
from .safe_zip import DAMAGED, check_members, open_zip
from .workbook_damage import DAMAGED_HINT, DATA_SHEETS, damaged
from .values import length_problem, number_problem, year_problem

_REF = re.compile(r"^(?:'?(?P<sheet>[^!']+?)'?!)?\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")
# Names that only exist in one version, used when the 格式版本 cell is blank.
_VERSION_MARKERS = {"2021": defined_name("t3.other_misc.natural"), "2019": defined_name("t3.other.natural")}


def item_title(version: str, item_id: str) -> str:
    """What a cell, meta field or text field is, in the words the clerk sees."""
    fmt = get_format(version)
    if item_id in fmt.cells:
        return cell_title(fmt.cells[item_id])
    if item_id.startswith("meta."):
        f = next(f for f in META_FIELDS if f.id == item_id[5:])
        return f"{SHEET_META}“{f.label}”"
    f = next(f for f in TEXT_FIELDS if f.id == item_id)
    return f"{SHEET_TEXT}“{f.label}”"


def open_workbook(path: Path, read_only: bool, keep_vba: bool = False, data_only: bool = True):
    """openpyxl workbook, or ReportError saying why the file is not a readable workbook.

    `data_only=False` for a workbook that will be saved again: True replaces formulas by their
    cached results, and saving would destroy the totals and the 校验 formulas."""
    import openpyxl
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReportError(f"找不到文件：{path}") from None
    if size == 0:
        raise ReportError(f"{name} 是空文件（0 字节），不是 Excel 工作簿")
    if size > MAX_FILE_BYTES:
        raise ReportError(f"{name}：文件有 {size // (1024 * 1024)} MB，超过 {megabytes(MAX_FILE_BYTES)}（xxgk 读取的上限，"
                          f"填好的工作簿不到 1 MB），不像年报工作簿，拒绝读取")
    if not zipfile.is_zipfile(path):
        hint = "（旧版 .xls 格式请先在 Excel 或 WPS 中另存为 .xlsx）" if path.suffix.lower() == ".xls" else ""
        raise ReportError(f"{name} 不是 Excel 工作簿（.xlsx/.xlsm）：文件内容不是 Office Open XML 格式{hint}")
    _check_package(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only, keep_vba=keep_vba,
                                      keep_links=False)
    except MemoryError:
        raise
    except Exception as e:  # openpyxl raises assorted errors (KeyError, ValueError, parser errors) on damage
        raise ReportError(damaged(path, e, "无法作为 Excel 工作簿打开")) from None


_WHAT = "Excel 工作簿"


def _check_package(path: Path) -> None:
    """The package within the limits, every XML part inflating cleanly, before openpyxl opens it."""
    try:
        with open_zip(path, path.name, _WHAT) as z:
            check_members(z, path.name, _WHAT, MAX_WORKBOOK_TAGS)
    except DAMAGED:
        raise ReportError(f"{path.name} 已损坏，无法作为 Excel 工作簿打开（{DAMAGED_HINT}）") from None


def _name_target(wb, name: str) -> str | None:
    dn = wb.defined_names.get(name)
    if dn is None:
        for ws in wb.worksheets:
            local = getattr(ws, "defined_names", {})
            if name in local:
                dn = local[name]
                break
    return None if dn is None else (dn.attr_text or "")


def resolve_names(wb, version: str, file_name: str, ids=None) -> dict[str, tuple[str, int, int]]:
    """item id -> (sheet, row, col) through the workbook's defined names; ReportError when broken."""
    lay = get_layout(version)
    sheets = set(wb.sheetnames)
    out = {}
    for item_id, place in lay.places.items():
        if ids is not None and item_id not in ids:
            continue
        name = defined_name(item_id)
        target = _name_target(wb, name)
        what = item_title(version, item_id)
        if target is None:
            raise ReportError(f"{file_name}：定义名称“{name}”已被删除，无法找到{what}"
                              f"（原位于 {place}）。请用“xxgk template”重新生成工作簿，或在“公式›名称管理器”中恢复该名称")
        text = target.lstrip("=").strip()
        if "#REF!" in text.upper():
            raise ReportError(f"{file_name}：定义名称“{name}”（{what}）指向 #REF!：所指的单元格或工作表已被删除"
                              f"（原位于 {place}）")
        m = _REF.match(text)
        if not m:
            raise ReportError(f"{file_name}：定义名称“{name}”（{what}）应指向单个单元格，实际为“{text}”")
        sheet = m["sheet"] or place.sheet
        if sheet not in sheets:
            raise ReportError(f"{file_name}：定义名称“{name}”（{what}）指向的工作表“{sheet}”不存在")
        out[item_id] = (sheet, int(m["row"]), col_number(m["col"]))
    return out


def detect_version(wb, file_name: str) -> str:
    """The format version: the 格式版本 cell, else the names only one version has."""
    target = _name_target(wb, defined_name(meta_id("format")))
    raw = None
    if target and "#REF!" not in target.upper():
        m = _REF.match(target.lstrip("="))
        if m and (m["sheet"] or SHEET_META) in wb.sheetnames:
            ws = wb[m["sheet"] or SHEET_META]
            raw = ws.cell(int(m["row"]), col_number(m["col"])).value
    if raw is not None and str(raw).strip() != "":
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        if text not in VERSIONS:
            raise ReportError(f"{file_name}：{SHEET_META}“格式版本”为“{raw}”，未知的格式版本：应为 2021 或 2019")
        return text
    for version, marker in _VERSION_MARKERS.items():
        if _name_target(wb, marker) is not None:
            return version
    raise ReportError(f"{file_name}：无法确定格式版本：{SHEET_META}“格式版本”为空，且工作簿中没有表三的定义名称"
                      f"（不是由 xxgk template 生成的工作簿？）")


def cell_value(v):
    """A cell's value as the Report keeps it: number, None, or text."""
    if v is None or isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, str):
        return v if v.strip() != "" else None
    return str(v)


def read_workbook(path) -> Report:
    path = Path(path)
    wb = open_workbook(path, read_only=True)
    try:
        return _read(wb, path.name)
    except (ReportError, MemoryError):
        raise
    except Exception as e:  # openpyxl parses a read-only sheet as it is read: its damage shows here
        raise ReportError(damaged(path, e, "的工作表已损坏，无法读取")) from None
    finally:
        wb.close()


def _read(wb, name: str) -> Report:
    missing = [s for s in DATA_SHEETS if s not in wb.sheetnames]
    if missing:
        raise ReportError(f"{name}：缺少工作表“{'”“'.join(missing)}”（工作表被删除或改名）。"
                          f"现有工作表：{'、'.join(wb.sheetnames)}")
    version = detect_version(wb, name)
    where = resolve_names(wb, version, name)
    grids: dict[str, dict[tuple[int, int], object]] = {}

    def value(item_id: str):
        sheet, row, col = where[item_id]
        grid = grids.get(sheet)
        if grid is None:
            ws = wb[sheet]
            ws.reset_dimensions()  # some writers store a wrong <dimension>: read what is there
            grid = grids[sheet] = {(c.row, c.column): c.value for r in ws.iter_rows() for c in r
                                   if getattr(c, "row", None) is not None and c.value is not None}
        return grid.get((row, col))

    fmt = get_format(version)
    meta, text, cells = {}, {}, {}
    for f in META_FIELDS:
        v = cell_value(value(meta_id(f.id)))
        if isinstance(v, float) and v.is_integer() and f.id == "year":
            v = int(v)
        meta[f.id] = v
    meta["format"] = version
    for f in TEXT_FIELDS:
        v = value(f.id)
        if v is not None and str(v).strip() != "":
            text[f.id] = v if isinstance(v, str) else str(cell_value(v))
    for cid in fmt.input_ids():
        cells[cid] = cell_value(value(cid))
    _check_values(meta, cells, where, version, name)
    problem = length_problem([*meta.values(), *text.values(), *cells.values()])
    if problem:
        raise ReportError(f"{name}：{problem}")
    computed_totals(fmt, cells)
    return Report(version, meta, text, cells)


def _check_values(meta: dict, cells: dict, where: dict, version: str, name: str) -> None:
    """A number no report holds, or an impossible year, is refused before anything computes with it."""
    from openpyxl.utils import get_column_letter

    def at(item_id: str) -> str:
        sheet, row, col = where[item_id]
        return f"{item_title(version, item_id)}（{sheet}!{get_column_letter(col)}{row}）"
    problem = year_problem(meta.get("year"))
    if problem:
        raise ReportError(f"{name}：{at(meta_id('year'))}：{problem}")
    for cid, v in cells.items():
        problem = number_problem(v)
        if problem:
            raise ReportError(f"{name}：{at(cid)}为 {problem}，请核对该单元格")
