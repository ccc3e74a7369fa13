"""The legacy reader: a corpus .docx saved by LibreOffice as .odt, .rtf and .doc (and the .doc under
the .wps name, as WPS's own format is read by the same content detection) reads to the same table
cells as the .docx itself; the temporary folder goes away; the messages when LibreOffice is
missing or cannot convert the file."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator import office
from generator.importer.blocks import Para, Table, is_copy
from generator.importer.errors import ReportImportError
from generator.importer.readers import legacy
from truth import CORPUS

DOCX = CORPUS / "raw" / "pt-area-2024.lo.docx"


def tables(blocks) -> list[list[list[tuple[str, bool]]]]:
    """Each table's rows of (text, is a copy of a merged cell); line numbers aside."""
    return [[[(c[1], is_copy(c)) for c in row] for row in b.rows] for b in blocks if isinstance(b, Table)]


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("legacy")
    files = {ext: office.convert(DOCX, ext, folder)[0] for ext in ("odt", "rtf", "doc")}
    files["wps"] = folder / "pt-area-2024.wps"
    files["wps"].write_bytes(files["doc"].read_bytes())
    return files


@pytest.mark.parametrize("ext", ["odt", "rtf", "doc", "wps"])
def test_a_legacy_file_reads_to_the_cells_of_the_docx(saved, ext):
    want = legacy.read_docx(DOCX.read_bytes(), DOCX.name)
    got = legacy.read(saved[ext].read_bytes(), saved[ext].name)
    assert tables(got) == tables(want)
    assert len(tables(got)) >= 3 and any(copy for t in tables(got) for r in t for _, copy in r)   # merges kept
    assert [b.text for b in got if isinstance(b, Para)] == [b.text for b in want if isinstance(b, Para)]


def test_the_temporary_folder_is_removed(saved):
    before = set(Path(tempfile.gettempdir()).glob("xxgk-legacy-*"))
    legacy.read(saved["rtf"].read_bytes(), "r.rtf")
    assert set(Path(tempfile.gettempdir()).glob("xxgk-legacy-*")) == before


def test_a_file_libreoffice_cannot_open_says_so(tmp_path):
    with pytest.raises(ReportImportError, match="LibreOffice 无法把它转换成 .docx") as e:
        legacy.read(bytes(range(256)) * 64, "坏文件.doc")
    assert str(e.value).startswith("坏文件.doc：") and "另存为 .docx" in str(e.value)


def test_an_empty_file_says_so():
    with pytest.raises(ReportImportError, match="文件是空的"):
        legacy.read(b"", "空.doc")


def test_without_libreoffice_the_message_names_it_and_the_way_round(saved, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))     # a PATH with no soffice on it
    assert office.find_soffice() is None
    with pytest.raises(ReportImportError) as e:
        legacy.read(saved["doc"].read_bytes(), "年报.doc")
    message = str(e.value)
    assert message.startswith("年报.doc：") and "LibreOffice" in message
    assert "安装" in message and "另存为 .docx" in message


def test_a_conversion_that_overruns_is_stopped_and_leaves_nothing_behind(saved, monkeypatch):
    monkeypatch.setattr(legacy, "TIMEOUT", 0.2)     # LibreOffice takes longer than that to start
    before = set(Path(tempfile.gettempdir()).glob("xxgk-legacy-*"))
    with pytest.raises(ReportImportError, match="超过 0.2 秒仍未完成，已停止"):
        legacy.read(saved["odt"].read_bytes(), "r.odt")
    assert set(Path(tempfile.gettempdir()).glob("xxgk-legacy-*")) == before
