"""Atomic file replacement: never leave a half-written workbook or report behind.

The temporary file sits beside the target under a name that says whose it is
(`.<stem>.xxgk-tmp-<host>-<pid>-<random><suffix>`): a run killed by SIGKILL cannot remove its
own, so every write first removes those of processes that are gone (and any a day old).
SIGTERM and SIGHUP become SystemExit (`exit_on_terminate`), so the cleanup below runs.
"""
from __future__ import annotations

import errno
import hashlib
import os
import platform
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import ReportError

TEMP_TAG = ".xxgk-tmp-"
HOST = hashlib.sha1(platform.node().encode("utf-8", "replace")).hexdigest()[:6]
STALE_AGE = 24 * 3600    # a temp file this old is stale whoever made it (another machine on a share)
_TEMP_NAME = re.compile(rf"^\..*{re.escape(TEMP_TAG)}(?P<host>[0-9a-f]{{6}})-(?P<pid>\d+)-")


class OutputExists(ReportError):
    """The target appeared while we were writing and overwriting was not asked for."""


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | Path, replace: bool = True):
    """Yield a temporary path beside `path`; when the block succeeds, rename it over `path`.

    The new file keeps the permissions of the file it replaces (or the usual ones for a new
    file, not mkstemp's private 0600). On any error the temporary file is removed and `path`
    is left as it was. `replace=False`: a file that appeared at `path` meanwhile, made by anyone,
    is never replaced (OutputExists) — the check and the rename are one step.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    tmp = None
    try:
        with _signals_held():   # a SIGTERM between making the file and knowing its name would leave it
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}{TEMP_TAG}{HOST}-{os.getpid()}-", suffix=path.suffix,
                                       dir=path.parent)
            os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        _sync(tmp)
        _publish(Path(tmp), path, replace)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _signals_held():
    """SIGTERM and SIGHUP wait until the block is done (POSIX; delivered right after it)."""
    import signal
    held = {getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask") or not held:
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _sync(tmp: str) -> None:
    """The bytes are on disk before the rename makes them the target (a power cut leaves old or new)."""
    fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, path)
        return
    try:
        if os.name == "nt":
            os.rename(tmp, path)         # Windows' rename never replaces
            return
        os.link(tmp, path)               # fails if anything (even a dangling symlink) is at `path`
    except FileExistsError:
        raise OutputExists(f"{path} 已存在（在本次写入期间由其他程序创建）：未覆盖，本次未写入。"
                           "如需覆盖请加 --force") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        _publish_without_links(tmp, path)   # FAT, exFAT and some network shares have no hard links
        return
    tmp.unlink()


def _publish_without_links(tmp: Path, path: Path) -> None:
    """Check, then rename: the callers hold the target's lock, so only a program other than xxgk
    could slip in between."""
    if os.path.lexists(path):
        raise OutputExists(f"{path} 已存在（在本次写入期间由其他程序创建）：未覆盖，本次未写入。如需覆盖请加 --force")
    os.replace(tmp, path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes
        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)     # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel.GetLastError() == 5                # access denied: it exists
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259                             # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temps(folder: Path) -> None:
    """Remove temporary files left in `folder` by xxgk runs that were killed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if not m:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AGE
            if old or (m["host"] == HOST and not _alive(int(m["pid"]))):
                os.unlink(entry.path)
        except OSError:
            pass


def exit_on_terminate() -> None:
    """SIGTERM and SIGHUP end the run through SystemExit, so `finally` blocks remove temporary
    files and release locks; a second signal during that cleanup is ignored."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]

    def stop(signum, frame):
        for n in names:
            signal.signal(getattr(signal, n), signal.SIG_IGN)
        raise SystemExit(128 + signum)

    for n in names:
        if signal.getsignal(getattr(signal, n)) == signal.SIG_DFL:
            signal.signal(getattr(signal, n), stop)
