"""Write cell values into an existing .xlsx/.xlsm package without re-saving the workbook.

openpyxl rebuilds a workbook from what it understands and silently drops the rest (text boxes and
other drawing objects, form controls, slicers, a 2007-type ribbon…). Here only the worksheet XML
of the sheets that receive values is rewritten, and workbook.xml gets `fullCalcOnLoad`; every
other part — drawings, comments, images, VBA, other sheets, shared strings, styles — is copied
byte for byte. Text goes in as an inline string, so sharedStrings.xml is never touched and text
is never taken for a formula. The formulas of the sheets the tool owns lose their cached results,
which would be stale: Excel, WPS and LibreOffice compute them on opening.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from .errors import ReportError

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CALC_CHAIN = R + "/calcChain"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# CT_Workbook children that come before calcPr, in schema order.
_BEFORE_CALC = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                "functionGroups", "externalReferences", "definedNames")


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _q(tag: str) -> str:
    return f"{{{M}}}{tag}"


def col_letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class Package:
    """The parts of a workbook package, read once; `sheet_part(name)` maps a sheet to its XML."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.infos = z.infolist()
            self.parts = {i.filename: z.read(i) for i in self.infos}
        self.workbook = self._office_document()
        self.workbook_rels = self._rels(self.workbook)

    def _rels_name(self, part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, part name) of `part`'s relationships (external targets left out)."""
        data = self.parts.get(self._rels_name(part))
        if data is None:
            return {}
        out = {}
        for rel in etree.fromstring(data, _parser()).iter(f"{{{PKG}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            out[rel.get("Id")] = (rel.get("Type", ""), name)
        return out

    def _office_document(self) -> str:
        for kind, name in self._rels("").values():
            if kind.endswith("/officeDocument"):
                return name
        raise ReportError(f"{self.path.name}：工作簿包中没有 workbook 部分，无法写入")

    def sheets(self) -> dict[str, str | None]:
        """Sheet name -> its worksheet part (None when the part is missing)."""
        root = etree.fromstring(self.parts[self.workbook], _parser())
        out = {}
        for el in root.iter(_q("sheet")):
            rel = self.workbook_rels.get(el.get(f"{{{R}}}id"))
            out[el.get("name")] = rel[1] if rel and rel[1] in self.parts else None
        return out

    def save(self, out: Path, replaced: dict[str, bytes], dropped: set[str] = frozenset()) -> None:
        """Write the package to `out`: `replaced` parts new, `dropped` left out, the rest as read."""
        with zipfile.ZipFile(out, "w") as z:
            for info in self.infos:
                if info.filename in dropped:
                    continue
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
                copy.create_system, copy.comment = info.create_system, info.comment
                z.writestr(copy, replaced.get(info.filename, self.parts[info.filename]))


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class SheetXml:
    """One worksheet's XML with the cells to write."""

    def __init__(self, data: bytes, where: str):
        self.root = etree.fromstring(data, _parser())
        self.where = where
        self.data = self.root.find(_q("sheetData"))
        if self.data is None:
            raise ReportError(f"{where}：工作表内容不完整（没有 sheetData），无法写入")
        self.formula_removed = False

    def _row(self, r: int):
        rows = self.data.findall(_q("row"))
        for i, row in enumerate(rows):
            n = row.get("r")
            if n is None:
                raise ReportError(f"{self.where}：工作表的行没有编号，无法安全写入")
            if int(n) == r:
                return row
            if int(n) > r:
                new = etree.Element(_q("row"), r=str(r))
                row.addprevious(new)
                return new
        return etree.SubElement(self.data, _q("row"), r=str(r))

    def _cell(self, r: int, c: int):
        row = self._row(r)
        ref = f"{col_letters(c)}{r}"
        for cell in row.findall(_q("c")):
            m = _REF.match(cell.get("r", ""))
            if m is None:
                raise ReportError(f"{self.where}：单元格没有位置编号，无法安全写入")
            n = _col_number(m[1])
            if n == c:
                return cell
            if n > c:
                new = etree.Element(_q("c"), r=ref)
                cell.addprevious(new)
                return self._styled(new, row, c)
        row.attrib.pop("spans", None)   # an optional hint that may no longer cover the row
        return self._styled(etree.SubElement(row, _q("c"), r=ref), row, c)

    def _styled(self, cell, row, c: int):
        """A new cell takes the style of its row or column, as Excel gives it when one types."""
        style = row.get("s") if row.get("customFormat") in ("1", "true") else None
        for col in self.root.iterfind(f"{_q('cols')}/{_q('col')}"):
            if style is None and int(col.get("min", 0)) <= c <= int(col.get("max", 0)):
                style = col.get("style")
        if style:
            cell.set("s", style)
        return cell

    def write(self, r: int, c: int, value) -> None:
        cell = self._cell(r, c)
        self._clear(cell)
        anchor = cell.find(_q("extLst"))
        if isinstance(value, str):
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.Element(_q("is")), _q("t"))
            text.text = value
            text.set(XML_SPACE, "preserve")
            new = text.getparent()
        else:
            if isinstance(value, bool):
                cell.set("t", "b")
            new = etree.Element(_q("v"))
            new.text = ("1" if value else "0") if isinstance(value, bool) else _number(value, self.where)
        if anchor is not None:
            anchor.addprevious(new)
        else:
            cell.append(new)

    def _clear(self, cell) -> None:
        f = cell.find(_q("f"))
        if f is not None:
            if f.get("t") in ("shared", "array") and f.get("ref"):
                raise ReportError(f"{self.where} {cell.get('r')} 是一组公式（共享或数组公式）的起点：改写它会破坏"
                                  "其他单元格的公式，未写入。请先在 Excel 中把它改为普通值")
            self.formula_removed = True
        for child in cell.findall(_q("f")) + cell.findall(_q("v")) + cell.findall(_q("is")):
            cell.remove(child)
        for attr in ("t", "vm", "cm"):       # the old value's type and rich-value metadata
            cell.attrib.pop(attr, None)

    def drop_cached_results(self) -> bool:
        """Formulas keep their text and lose their (stale) cached result; True if any had one."""
        changed = False
        for f in self.data.iter(_q("f")):
            cell = f.getparent()
            for v in cell.findall(_q("v")):
                cell.remove(v)
                changed = True
            if cell.get("t") in ("str", "b", "e", "n"):
                cell.attrib.pop("t")
                changed = True
        return changed

    def bytes(self) -> bytes:
        return _serialise(self.root)


def _number(value, where: str) -> str:
    """A number as a cell stores it: a finite double (Excel has no other number)."""
    x = float(value) if isinstance(value, int) and abs(value) < 10 ** 308 else value
    if not isinstance(x, float) or x != x or x in (float("inf"), float("-inf")):
        raise ReportError(f"{where}：{str(value)[:30]} 不是工作簿单元格能保存的数（超出范围），未写入")
    return repr(value) if isinstance(value, int) and abs(value) < 2 ** 53 else repr(x)


def _full_calc_on_load(data: bytes) -> bytes:
    root = etree.fromstring(data, _parser())
    calc = root.find(_q("calcPr"))
    if calc is None:
        calc = etree.Element(_q("calcPr"))
        before = [el for el in root if isinstance(el.tag, str) and etree.QName(el).localname in _BEFORE_CALC]
        (before[-1].addnext(calc) if before else root.insert(0, calc))
    calc.set("fullCalcOnLoad", "1")
    return _serialise(root)


def _without_calc_chain(pkg: Package, replaced: dict[str, bytes]) -> set[str]:
    """calcChain.xml lists the formula cells; one that is now a value makes Excel report the file
    as damaged. Dropping it is what Excel itself accepts (it rebuilds the chain)."""
    chain = next((name for kind, name in pkg.workbook_rels.values() if kind == CALC_CHAIN), None)
    if chain is None:
        return set()
    rels_name = pkg._rels_name(pkg.workbook)
    rels = etree.fromstring(pkg.parts[rels_name], _parser())
    for rel in list(rels):
        if rel.get("Type") == CALC_CHAIN:
            rels.remove(rel)
    replaced[rels_name] = _serialise(rels)
    types = etree.fromstring(pkg.parts["[Content_Types].xml"], _parser())
    for el in list(types):
        if el.get("PartName", "").lstrip("/") == chain:
            types.remove(el)
    replaced["[Content_Types].xml"] = _serialise(types)
    return {chain}


def write_cells(src: Path, out: Path, values: dict[tuple[str, int, int], object], owned: set[str]) -> None:
    """Copy the workbook at `src` to `out` with `values` ({(sheet, row, col): str | int | float})
    written; the cached results of formulas on the `owned` sheets are dropped."""
    pkg = Package(src)
    by_sheet: dict[str, dict[tuple[int, int], object]] = {}
    for (sheet, r, c), v in values.items():
        by_sheet.setdefault(sheet, {})[(r, c)] = v
    replaced: dict[str, bytes] = {}
    formula_removed = False
    parts = pkg.sheets()
    for sheet in sorted(set(by_sheet) | (owned & set(parts) if values else set())):
        if parts.get(sheet) is None:
            raise ReportError(f"{src.name}：找不到工作表“{sheet}”的内容，无法写入")
        xml = SheetXml(pkg.parts[parts[sheet]], f"{src.name}“{sheet}”")
        for (r, c), v in sorted(by_sheet.get(sheet, {}).items()):
            xml.write(r, c, v)
        stale = sheet in owned and xml.drop_cached_results()
        formula_removed |= xml.formula_removed
        if sheet in by_sheet or stale:
            replaced[parts[sheet]] = xml.bytes()
    if values:
        replaced[pkg.workbook] = _full_calc_on_load(pkg.parts[pkg.workbook])
    dropped = _without_calc_chain(pkg, replaced) if formula_removed else set()
    pkg.save(out, replaced, dropped)
