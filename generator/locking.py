"""One writer at a time per target file, on Linux, macOS and Windows.

The lock is an operating-system lock (flock, or msvcrt on Windows) on a small file beside the
target, `.<name>.xxgk-lock`. The system releases it when the holder dies, even by SIGKILL, so
there is no stale lock to judge; a lock file left behind by a killed run is removed by the next
writer when it is done. A second writer waits a bounded time, then gets a Chinese message.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import ReportError

LOCK_SUFFIX = ".xxgk-lock"
DEFAULT_TIMEOUT = 30.0          # seconds a writer waits for another one to finish
# Files that say a workbook is open in an office program, which would save over our write:
# Excel and WPS write ~$<name>, LibreOffice .~lock.<name>#.
OWNER_FILES = ("~${}", ".~lock.{}#")


class LockBusy(ReportError):
    """Another process kept the target locked longer than the wait allows."""


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{LOCK_SUFFIX}")


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("XXGK_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open_lock_file(path: Path) -> int:
    """O_NOFOLLOW: a symlink planted at the lock's name is refused, never followed."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags, 0o666)
    except OSError as e:
        raise ReportError(f"无法在“{path.parent}”中创建锁文件 {path.name}：{e.strerror or e}"
                          "（请确认对该文件夹有写入权限）") from None


def _still_there(fd: int, path: Path) -> bool:
    """The file we locked is still the one at `path` (the previous holder may have removed it)."""
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _acquire(path: Path, timeout: float, on_wait) -> int:
    deadline = time.monotonic() + timeout
    told = False
    while True:
        fd = _open_lock_file(path)
        if _try_lock(fd):
            if _still_there(fd, path):
                return fd
            _unlock(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            target = path.name[1:-len(LOCK_SUFFIX)]
            raise LockBusy(f"另一个 xxgk 正在写入“{target}”，等待 {timeout:.0f} 秒后仍未完成，本次未写入任何内容。"
                           f"请稍后重试（锁文件：{path}）")
        if on_wait is not None and not told:
            on_wait()
            told = True
        time.sleep(0.05)


def _release(fd: int, path: Path) -> None:
    if os.name == "nt":       # an open file cannot be removed on Windows: unlock first
        _unlock(fd)
        os.close(fd)
        try:
            path.unlink()
        except OSError:
            pass              # another writer has it open; it removes it when done
        return
    try:
        path.unlink()         # while still holding it: a waiter that opened it sees it is gone
    except OSError:
        pass
    _unlock(fd)
    os.close(fd)


@contextmanager
def target_lock(target: str | Path, timeout: float | None = None, on_wait=None):
    """Hold the lock of `target` for the block. `on_wait()` is called once if it has to wait."""
    path = lock_path(Path(target).absolute())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, _timeout() if timeout is None else timeout, on_wait)
    try:
        yield
    finally:
        _release(fd, path)


def check_not_open(target: Path) -> None:
    """ReportError when the workbook is open in Excel, WPS or LibreOffice: saving there later
    would overwrite what we write now, without a word."""
    for pattern in OWNER_FILES:
        owner = target.with_name(pattern.format(target.name))
        if owner.exists():
            raise ReportError(f"“{target.name}”似乎正在 Excel、WPS 或 LibreOffice 中打开（发现 {owner.name}）："
                              "请先保存并关闭它再写入，否则它保存时会覆盖这次写入的内容。"
                              f"如果确认已经关闭，可以删除 {owner.name} 后重试")
