"""The main document part of a .docx package, inflated with a size limit and parsed safely.

The package is opened and its parts inflated by generator/safe_zip.py, within the limits of
generator/limits.py: a zip bomb is refused once a limit is passed and never fully inflated, and a
part with more tags than a real report is refused before lxml builds its tree. The XML parser
resolves no entities, loads no DTD, uses no network and keeps libxml2's limits on depth and size
(no huge_tree); a part that declares a DTD at all is refused.
"""
from __future__ import annotations

import zipfile

from lxml import etree

from ...limits import MAX_TAGS
from ...safe_zip import DAMAGED, inflate, open_zip
from ..errors import ReportImportError

_WHAT = "Word 文件"
_MAIN = "word/document.xml"
_OFFICE_DOCUMENT = "/officeDocument"     # the end of the main part's relationship type
_NOT_DOCX = "不是有效的 .docx 文件"

# what a file renamed .docx may really be, by its first bytes
_OTHER_FORMS = ((b"\xd0\xcf\x11\xe0", "是旧版 Word（.doc）或 WPS 文件：请在 Word 或 WPS 中另存为 .docx"),
                (b"{\\rtf", "是 RTF 文件：请在 Word 中另存为 .docx"),
                (b"%PDF", "是 PDF 文件：请把扩展名改为 .pdf"))


def main_part(data: bytes, name: str):
    """The root element (w:document) of the package's main document part."""
    return parse_xml(_inflate_main(data, name), name)


def _inflate_main(data: bytes, name: str) -> bytes:
    for magic, what in _OTHER_FORMS:
        if data.startswith(magic):
            raise ReportImportError(f"{name}：{_NOT_DOCX}（这{what}）")
    if data[:1024].lstrip().lower().startswith((b"<html", b"<!doctype html", b"<?xml")):
        raise ReportImportError(f"{name}：{_NOT_DOCX}（这是网页或 XML 文件：网页请把扩展名改为 .html）")
    try:
        with open_zip(data, name, _WHAT, ReportImportError) as z:
            part = _main_name(z, name)
            return inflate(z, part, name, _WHAT, ReportImportError)
    except ReportImportError:
        raise
    except RuntimeError:       # zipfile says so for an encrypted member
        raise ReportImportError(f"{name}：Word 文件已加密，请在 Word 中取消密码后另存为 .docx") from None
    except DAMAGED:
        raise ReportImportError(f"{name}：{_NOT_DOCX}（文件损坏，或是旧版 .doc 格式：请在 Word 中另存为 .docx）") from None


def _main_name(z: zipfile.ZipFile, name: str) -> str:
    names = set(z.namelist())
    if _MAIN in names:
        return _MAIN
    if "_rels/.rels" in names:
        rels = parse_xml(inflate(z, "_rels/.rels", name, _WHAT, ReportImportError), name)
        for rel in rels:
            if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT):
                target = str(rel.get("Target", "")).lstrip("/")
                if target in names:
                    return target
    what = "Excel 工作簿" if "xl/workbook.xml" in names else "PowerPoint 演示文稿" if "ppt/presentation.xml" in names \
        else "缺少正文部分 word/document.xml"
    raise ReportImportError(f"{name}：{_NOT_DOCX}（{what}）")


def parse_xml(xml: bytes, name: str):
    tags = xml.count(b"<")
    if tags > MAX_TAGS:
        raise ReportImportError(f"{name}：Word 文件的内容有 {tags} 个 XML 标记，超过 {MAX_TAGS} 个（xxgk 读取的上限，"
                                f"真实的年报约 2 万个），不像年报，拒绝读取")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        if any(err.type_name == "ERR_NO_MEMORY" for err in e.error_log):   # not the file's fault
            raise MemoryError from None
        where = f"第 {e.lineno} 行" if getattr(e, "lineno", None) else "XML"
        raise ReportImportError(f"{name}：Word 文件的内容不是安全、完整的 XML（{where}出错），拒绝读取") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise ReportImportError(f"{name}：Word 文件的内容不是安全、完整的 XML（含 DTD 声明），拒绝读取")
    return root
