"""LibreOffice headless: convert documents (docx -> pdf, xlsx -> recalculated xlsx, xlsx -> pdf).

A dedicated user profile is used for every call so that a user's own LibreOffice settings and a
running LibreOffice window do not interfere, so that spreadsheets are always recalculated on
load (LibreOffice otherwise keeps stale cached values, see excel-notes.md), and so that macros
never run and linked content is never fetched from the network (files converted may be
untrusted). Profiles are kept between calls (the first start of a profile costs seconds) in a
small pool in the user's own cache folder, one process per profile at a time; when all are busy,
a private profile is made in the temporary folder and removed after the call.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""
POOL_SIZE = 4
PRIVATE_PREFIX = "xxgk-lo-"
# Private profiles of this version (xxgk-lo-<pid>-…) and per-process ones of older versions
# (xxgk-lo-profile-<uid>-<pid>), removed once their process is gone.
_PRIVATE = re.compile(r"^xxgk-lo-(?:profile-\d+-)?(?P<pid>\d+)(?:-|$)")


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


def _prepare(base: Path) -> Path:
    user = base / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = user / "registrymodifications.xcu"
    if not xcu.exists() or "DisableMacrosExecution" not in xcu.read_text(encoding="utf-8", errors="replace"):
        xcu.write_text(_RECALC_XCU, encoding="utf-8")
    return base


def _cache_dir() -> Path | None:
    """The user's own cache folder for the pool, or None if it is not safely ours."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or tempfile.gettempdir()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "xxgk"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        return None
    return folder


def _pooled():
    """(profile, held lock) of the first free profile of the pool, or (None, None)."""
    from .locking import LockBusy, target_lock
    folder = _cache_dir()
    for i in range(POOL_SIZE if folder is not None else 0):
        slot = folder / f"lo-profile-{i}"
        lock = target_lock(slot, timeout=0)
        try:
            lock.__enter__()
        except LockBusy:
            continue
        except Exception:   # noqa: BLE001 - an unusable cache folder: fall back to a private profile
            break
        return slot, lock
    return None, None


def _remove_stale_private() -> None:
    from .atomic import _alive
    root = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        m = _PRIVATE.match(entry.name)
        try:
            mine = not hasattr(os, "getuid") or entry.stat(follow_symlinks=False).st_uid == os.getuid()
            if m and mine and entry.is_dir(follow_symlinks=False) and not _alive(int(m["pid"])):
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass


@contextmanager
def _profile():
    """A free profile of the pool, else a private one removed after the call.

    Two soffice processes cannot share a profile at the same time (parallel tests, batch runs).
    """
    slot, lock = _pooled()
    if lock is not None:
        try:
            yield _prepare(slot)
        finally:
            lock.__exit__(None, None, None)
        return
    _remove_stale_private()
    private = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{os.getpid()}-"))
    try:
        yield _prepare(private)
    finally:
        shutil.rmtree(private, ignore_errors=True)


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
        proc = _run(cmd, timeout)
    ext = target.split(":", 1)[0]
    outs = [outdir / (s.stem + "." + ext) for s in srcs]
    missing = [o for o in outs if not o.exists()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        raise OfficeError(f"LibreOffice 未能生成 {', '.join(o.name for o in missing) or ext}：{detail[0]}")
    return outs


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run soffice in a process group of its own and, on a timeout or any interruption (SIGTERM,
    Ctrl-C), kill the whole group: soffice is a script whose soffice.bin would otherwise be left
    running, holding the profile and writing into a folder being removed."""
    posix = os.name != "nt"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=posix,
                            creationflags=0 if posix else subprocess.CREATE_NEW_PROCESS_GROUP)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException as e:
        _kill_group(proc, posix)
        if isinstance(e, subprocess.TimeoutExpired):
            raise OfficeError(f"LibreOffice 转换超时（{timeout:.0f} 秒）") from None
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen, posix: bool) -> None:
    if posix:
        import signal
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    else:
        proc.kill()
    proc.communicate()


def recalculate(sources: list[Path] | Path, outdir: Path) -> list[Path]:
    """Open spreadsheets in LibreOffice, recalculate every formula, save as .xlsx in `outdir`."""
    return convert(sources, "xlsx", outdir)
