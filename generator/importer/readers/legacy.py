"""Older word-processor files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice, then read as Word.

LibreOffice runs headless with a profile made for this one conversion, so that a report is never
opened with someone's own LibreOffice settings and parallel imports never contend for a profile.
The profile, the copy of the file and the converted file live in one temporary folder that is
removed whatever happens; a conversion still running after `TIMEOUT` seconds is stopped.
"""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

from ... import office
from ...limits import MAX_CONVERSION_SECONDS
from ..blocks import Block
from ..errors import ReportImportError
from .docx import read as read_docx

TIMEOUT = MAX_CONVERSION_SECONDS   # seconds (generator/limits.py)


def read(data: bytes, name: str) -> list[Block]:
    return read_docx(to_docx(data, name), name)


def to_docx(data: bytes, name: str) -> bytes:
    """The file converted to .docx by LibreOffice."""
    if not data:
        raise ReportImportError(f"{name}：文件是空的")
    soffice = office.find_soffice()
    if soffice is None:
        raise ReportImportError(
            f"{name}：读取 .doc、.wps、.rtf、.odt 文件需要 LibreOffice，但本机没有找到。请安装 LibreOffice"
            "（https://zh-cn.libreoffice.org/，Debian/Ubuntu 可运行 apt-get install libreoffice-writer-nogui），"
            "或在 Word/WPS 中把文件另存为 .docx 后再导入")
    suffix = Path(name).suffix.lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="xxgk-legacy-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        source, outdir = folder / f"report{suffix}", folder / "out"
        source.write_bytes(data)
        _run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                       "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                       "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)], name)
        target = outdir / "report.docx"
        if not target.is_file():
            raise ReportImportError(f"{name}：LibreOffice 无法把它转换成 .docx（文件可能已损坏，或不是 Word/WPS/RTF/ODT "
                                    "文档）。请在 Word/WPS 中打开并另存为 .docx 后再导入")
        return target.read_bytes()


def _run(cmd: list[str], name: str) -> None:
    """Run LibreOffice (its messages are not shown: whether the .docx appeared is what counts);
    in a process group of its own on POSIX, so that a timeout stops soffice.bin too."""
    group = {"start_new_session": True} if os.name == "posix" else {}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, **group)
    except OSError as e:
        raise ReportImportError(f"{name}：无法启动 LibreOffice（{e.strerror or e}）") from None
    try:
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise ReportImportError(f"{name}：LibreOffice 转换超过 {TIMEOUT} 秒仍未完成，已停止（文件可能过大或已损坏）。"
                                "请在 Word/WPS 中打开并另存为 .docx 后再导入") from None
    except BaseException:   # interrupted: leave no LibreOffice behind
        _stop(proc)
        raise


def _stop(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except ProcessLookupError:
        pass
    proc.wait()
