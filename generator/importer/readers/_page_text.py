"""A web page's bytes as text: the page out of an MHTML archive, and its character encoding.

The encoding comes from the byte-order mark, then the charset the page declares (<meta charset>,
or http-equiv Content-Type; an MHTML part's own header first), then UTF-8, then GB18030. GBK and
GB2312 are read as GB18030, which contains both. Bytes that are valid UTF-8 are read as UTF-8 even
when the page declares another charset: a page re-saved as UTF-8 keeps its old meta tag, while
Chinese text in GBK is practically never valid UTF-8.
"""
from __future__ import annotations

import codecs
import email
import re

from ..errors import ReportImportError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHARSET = re.compile(rb"<meta\b[^>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_GB = frozenset({"gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "gb18030",
                 "euc-cn", "euccn", "csgb2312", "chinese", "iso-ir-58", "x-euc-cn"})
# the text codecs web pages are written in; not rot13, base64, unicode_escape and the like
_WEB_CODECS = frozenset({"utf-8", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp",
                         "iso2022_jp", "euc_kr", "cp949", "koi8-r", "koi8-u", "cp874", "utf-16", "utf-16-le",
                         "utf-16-be", "ascii"})
_MIME_START = re.compile(rb"\s*(?:from|mime-version|subject|date|content-type|snapshot-content-location)\s*:", re.I)
_HEAD_BYTES = 65536        # where a declared charset is looked for


def page_text(data: bytes, name: str) -> str:
    """The text of the HTML page in `data` (an .html file or an MHTML archive)."""
    declared = None
    if _MIME_START.match(data[:200]) and b"multipart/" in data[:4096].lower():
        data, declared = _mhtml_page(data, name)
    return decode(data, name, declared)


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    label = declared or declared_charset(data)
    encoding = codec_of(label) if label else None
    error = None
    for candidate in dict.fromkeys(("utf-8", encoding or "utf-8", "gb18030")):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError as e:
            error = e
    line = data[:error.start].count(b"\n") + 1
    shown = f"声明的编码为 {label}，" if label else ""
    raise ReportImportError(f"{name or '网页'}：无法识别文字编码（{shown}第 {line} 行的字节既不是 UTF-8 "
                            f"也不是 GBK/GB18030；请在浏览器中打开后另存为 UTF-8 网页）")


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data, 0, _HEAD_BYTES)
    return m.group(1).decode("ascii").strip().lower() if m else None


def codec_of(label: str) -> str | None:
    """The Python codec for a charset label; GBK and GB2312 as GB18030; None if unknown."""
    label = label.strip().lower()
    if label in _GB:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return codec if codec in _WEB_CODECS or codec.startswith(("iso8859-", "cp125", "mac-")) else None


def _mhtml_page(data: bytes, name: str) -> tuple[bytes, str | None]:
    """The first text/html part of an MHTML archive (quoted-printable or base64 undone), and its charset."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise ReportImportError(f"{name or '网页'}：MHTML 文件中没有网页（text/html）部分")
