"""The vbaProject.bin writer: MS-OVBA compression and the compound file, read back with olevba."""
import io
import os
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from generator import vba

XLWINGS_BAS = Path(__import__("xlwings").__file__).parent / "xlwings.bas"


def _bas() -> str:
    return XLWINGS_BAS.read_bytes().decode("ascii")


@pytest.mark.parametrize("n", [1, 3, 100, 4095, 4096, 4097, 9000, 46514])
def test_compression_reads_back_with_oletools(n):
    text = (_bas() * 2).encode()[:n]
    packed = vba.compress(text)
    assert bytes(decompress_stream(bytearray(packed))) == text
    assert vba.decompress(packed) == text


def test_compression_of_the_whole_xlwings_module_is_exact_and_smaller():
    # ms-ovba 0.0.1 returned 40,578 of these 46,514 characters (excel-notes.md)
    text = XLWINGS_BAS.read_bytes()
    packed = vba.compress(text)
    assert len(packed) < len(text) // 2
    assert bytes(decompress_stream(bytearray(packed))) == text


def test_incompressible_full_chunks_use_raw_chunks():
    data = os.urandom(8192)
    assert bytes(decompress_stream(bytearray(vba.compress(data)))) == data


def test_project_protection_fields_decrypt_to_unprotected_visible():
    pid = "{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"
    # values taken from xlwings' own quickstart_standalone.xlsm
    assert vba.decrypt("8D8FA61394EA98EA98EA98EA98") == bytes(4)
    assert vba.decrypt(vba.encrypt(bytes(4), pid, 0x8D)) == bytes(4)
    assert vba.decrypt(vba.encrypt(b"\xff", pid, 0x95)) == b"\xff"
    assert vba.encrypt(bytes(4), pid, 0x8D)[:6] == "8D8FA6"


def test_project_reads_back_exactly(tmp_path):
    mods = [vba.document_module("ThisWorkbook", workbook=True), vba.document_module("Sheet1"),
            vba.standard_module("xlwings", _bas()),
            vba.standard_module("Tiny", "Sub A()\nEnd Sub\n")]
    data = vba.build_project(mods)
    path = tmp_path / "vbaProject.bin"
    path.write_bytes(data)
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(
        ["PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir", "VBA/ThisWorkbook", "VBA/Sheet1", "VBA/xlwings",
         "VBA/Tiny"])
    assert ole.openstream("VBA/_VBA_PROJECT").read()[:4] == b"\xcc\x61\xff\xff"  # version 0xFFFF
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Document=ThisWorkbook/&H00000000" in project and "Module=xlwings" in project
    parser = VBA_Parser(str(path))
    got = {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    parser.close()
    assert got == {m.name: m.source for m in mods}
    assert got["xlwings"] == _bas()  # byte for byte, CRLF and trailing blank line kept


def test_non_ascii_module_is_refused():
    with pytest.raises(vba.VbaError):
        vba.build_project([vba.standard_module("M", "' 校验\r\n")])


def test_many_streams_need_more_than_one_directory_sector_and_big_streams():
    mods = [vba.standard_module(f"M{i}", f"Sub S{i}()\r\nEnd Sub\r\n" * (i * 40)) for i in range(1, 12)]
    data = vba.build_project(mods)
    ole = olefile.OleFileIO(io.BytesIO(data))
    for m in mods:
        assert bytes(decompress_stream(bytearray(ole.openstream(f"VBA/{m.name}").read()))).decode() == m.source
