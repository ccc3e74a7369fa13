"""Zip packages (.docx, .xlsx, .xlsm) opened and inflated within the limits of generator/limits.py.

A zip bomb is refused before it is inflated: the number of members is read from the end record
before zipfile parses the directory (zipfile takes minutes over a few hundred thousand entries),
each member's declared size is checked, and a member is inflated in chunks, so that one that
inflates past its limit, whatever it declares, is stopped there. A part that declares a DTD is
refused: Office files have none, and entity expansion needs one.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from .errors import ReportError
from .limits import MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_PARTS, megabytes

_CHUNK = 1024 * 1024
_END = b"PK\x05\x06"                # the end of central directory record
_END_SEARCH = 22 + 65535            # the record and the longest comment after it
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
XML_PARTS = (".xml", ".rels", ".vml")   # the members XML parsers read
# what zipfile raises on a damaged archive or member
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError, zlib.error,
           NotImplementedError, struct.error)


def open_zip(data: bytes | Path, name: str, what: str, error: type[ReportError] = ReportError) -> zipfile.ZipFile:
    """The package as a ZipFile, refused (`error`) past the limits on members and declared sizes;
    a damaged archive raises what zipfile raises (one of DAMAGED), for the caller to word."""
    entries = _entries(data)
    if entries is not None and entries > MAX_PARTS:
        _refuse(error, name, what, f"有 {entries} 个组成部分，超过 {MAX_PARTS} 个")
    z = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    infos = z.infolist()
    if len(infos) > MAX_PARTS:
        z.close()
        _refuse(error, name, what, f"有 {len(infos)} 个组成部分，超过 {MAX_PARTS} 个")
    if sum(i.file_size for i in infos) > MAX_PACKAGE_BYTES:
        z.close()
        _refuse(error, name, what, f"解压后超过 {megabytes(MAX_PACKAGE_BYTES)}")
    return z


def inflate(z: zipfile.ZipFile, member: str | zipfile.ZipInfo, name: str, what: str,
            error: type[ReportError] = ReportError) -> bytes:
    """The member's bytes, inflated in chunks and stopped past MAX_PART_BYTES (zipfile also stops
    a member at its declared size, and then fails its CRC check)."""
    return b"".join(_chunks(z, member, name, what, error))


def _chunks(z: zipfile.ZipFile, member: str | zipfile.ZipInfo, name: str, what: str, error):
    info = member if isinstance(member, zipfile.ZipInfo) else z.getinfo(member)
    if info.file_size > MAX_PART_BYTES:
        _too_big(error, name, what, info.filename)
    size, tail = 0, b""
    with z.open(info) as f:
        while chunk := f.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                _too_big(error, name, what, info.filename)
            if any(d in tail + chunk for d in _DTD):
                raise error(f"{name}：{what}的内容不是安全、完整的 XML（含 DTD 声明），拒绝读取"
                            f"（“{info.filename}”部分；Office 文件没有 DTD，可能是恶意构造的文件）")
            tail = chunk[-16:]
            yield chunk


def check_members(z: zipfile.ZipFile, name: str, what: str, max_tags: int,
                  error: type[ReportError] = ReportError) -> None:
    """Inflate and parse every XML part once without keeping it: a bomb, a DTD, a damaged part, one
    that is not well-formed XML, or more than `max_tags` tags in all is refused before a library
    (openpyxl, or xlsx_cells when writing) reads the package its own way."""
    from lxml import etree
    tags = 0
    for info in z.infolist():
        if not info.filename.lower().endswith(XML_PARTS):
            continue
        try:
            tags += _parse_part(z, info, name, what, error)
        except ReportError:
            raise
        except etree.XMLSyntaxError as e:
            if any(err.type_name == "ERR_NO_MEMORY" for err in e.error_log):   # not the file's fault
                raise MemoryError from None
            raise error(f"{name}：{what}已损坏（其中的“{info.filename}”不是完整的 XML），无法读取") from None
        except RuntimeError:          # zipfile says so for an encrypted member
            raise error(f"{name}：{what}已加密，请取消密码后另存，再用 xxgk 读取") from None
        except DAMAGED:
            raise error(f"{name}：{what}已损坏或不完整（其中的“{info.filename}”无法解压），无法读取") from None
        if tags > max_tags:
            _refuse(error, name, what, f"的 XML 内容有超过 {max_tags} 个标记")


def _parse_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, what: str, error) -> int:
    """The part's tags, once lxml (no entities, no DTD, no network) has read it as well-formed XML,
    each element dropped as soon as it ends."""
    from lxml import etree
    parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
    tags = 0
    for chunk in _chunks(z, info, name, what, error):
        tags += chunk.count(b"<")
        parser.feed(chunk)
        for _, el in parser.read_events():
            el.clear()
    parser.close()
    return tags


def _entries(data: bytes | Path) -> int | None:
    """The number of members the end record declares, or None when there is no end record (zipfile
    then says the file is not a zip) or the archive is ZIP64 (zipfile's count is then checked)."""
    if isinstance(data, bytes):
        tail = data[-_END_SEARCH:]
    else:
        with open(data, "rb") as f:
            f.seek(0, io.SEEK_END)
            f.seek(max(0, f.tell() - _END_SEARCH))
            tail = f.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) < at + 22:
        return None
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    return None if entries == 0xFFFF else entries


def _too_big(error, name: str, what: str, part: str) -> None:
    _refuse(error, name, what, f"的“{part}”部分解压后超过 {megabytes(MAX_PART_BYTES)}")


def _refuse(error, name: str, what: str, why: str) -> None:
    raise error(f"{name}：{what}{why}（xxgk 读取的上限，真实的年报远小于此），不像年报，可能是恶意构造的压缩文件，"
                f"拒绝读取")
