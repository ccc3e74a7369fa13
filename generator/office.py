"""LibreOffice headless: convert documents (docx -> pdf, xlsx -> recalculated xlsx, xlsx -> pdf).

A dedicated user profile is used for every call so that a user's own LibreOffice settings and a
running LibreOffice window do not interfere, and so that spreadsheets are always recalculated on
load (LibreOffice otherwise keeps stale cached values, see excel-notes.md).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class OfficeError(Exception):
    """LibreOffice is missing or a conversion failed; the message is Chinese."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(candidate):
            return candidate
    return None


def _profile_dir(suffix: str = "") -> Path:
    """A per-user profile kept between calls (first start of a profile costs several seconds)."""
    user_id = os.getuid() if hasattr(os, "getuid") else "u"
    base = Path(tempfile.gettempdir()) / f"xxgk-lo-profile-{user_id}{suffix}"
    user = base / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = user / "registrymodifications.xcu"
    if not xcu.exists():
        xcu.write_text(_RECALC_XCU, encoding="utf-8")
    return base


@contextmanager
def _profile():
    """The shared profile if no other conversion holds it, else one for this process.

    Two soffice processes cannot share a profile at the same time (parallel tests, batch runs).
    """
    shared = _profile_dir()
    try:
        import fcntl
    except ImportError:  # Windows: one profile per process
        yield _profile_dir(f"-{os.getpid()}")
        return
    with open(shared / "xxgk.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield _profile_dir(f"-{os.getpid()}")
            return
        try:
            yield shared
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def convert(sources: list[Path] | Path, target: str, outdir: Path, timeout: float = 180) -> list[Path]:
    """Convert one or more files with one soffice call; `target` is e.g. "pdf" or "xlsx".

    Returns the output paths, in the order of `sources`.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError("未找到 LibreOffice（soffice）：请安装 LibreOffice 后重试，"
                          "Debian/Ubuntu 可运行 apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    srcs = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with _profile() as profile:
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir), *map(str, srcs)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise OfficeError(f"LibreOffice 转换超时（{timeout:.0f} 秒）") from None
    ext = target.split(":", 1)[0]
    outs = [outdir / (s.stem + "." + ext) for s in srcs]
    missing = [o for o in outs if not o.exists()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        raise OfficeError(f"LibreOffice 未能生成 {', '.join(o.name for o in missing) or ext}：{detail[0]}")
    return outs


def recalculate(sources: list[Path] | Path, outdir: Path) -> list[Path]:
    """Open spreadsheets in LibreOffice, recalculate every formula, save as .xlsx in `outdir`."""
    return convert(sources, "xlsx", outdir)
