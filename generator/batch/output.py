"""Writing the 台账 without ever losing the one already there.

- A 台账 open in Excel, WPS or LibreOffice (their lock files ~$名称 / .~lock.名称# beside it) is
  not written: the program would replace the file under the open window, or fail half-way.
- Two runs onto one 台账 at once: the second waits for nothing and stops with a message (the
  tool's lock beside the 台账, locking.target_lock).
- An existing file that is not a 台账 of ours is never replaced (ledger_read.is_ours).
- The previous 台账 is copied to 名称.备份-年月日-时分秒.xlsx first (the newest five are kept),
  then the new one is written to a temporary file and renamed over it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..atomic import atomic_path
from ..locking import LockBusy, target_lock
from .ledger_read import LedgerError

KEEP_BACKUPS = 5
_BACKUP = ".备份-"


def lock_files(path: Path) -> list[Path]:
    """The owner/lock files office programs keep beside a workbook they have open."""
    names = {f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#", f".~{path.name}"}
    return [path.parent / n for n in sorted(names) if (path.parent / n).exists()]


def check_writable(path: Path) -> None:
    if path.exists() and path.is_dir():
        raise LedgerError(f"{path} 是文件夹：-o 应为台账文件名，如 核查台账.xlsx")
    if path.suffix.lower() != ".xlsx":
        raise LedgerError(f"台账应保存为 .xlsx 文件，而“{path.name}”不是")
    held = lock_files(path)
    if held:
        raise LedgerError(f"“{path.name}”正在 Excel、WPS 或 LibreOffice 中打开（发现锁文件 {held[0].name}），"
                          f"未写入。请保存并关闭它后重新运行；若它并未打开，请删除该锁文件")
    if path.exists():
        from .ledger_read import is_ours
        if not is_ours(path):
            raise LedgerError(f"“{path.name}”已存在，但不是 xxgk batch 生成的核查台账，为免覆盖您的文件，未写入。"
                              f"请用 -o 指定另一个文件名")


@contextmanager
def exclusive(path: Path):
    """Hold the lock of the 台账 at `path` while it is read and rewritten (the lock every writer of
    this tool takes, beside the target: locking.target_lock); a second run stops at once."""
    try:
        with target_lock(path, timeout=0):
            yield
    except LockBusy:
        raise LedgerError(f"另一个 xxgk batch 正在写入“{path.name}”，未写入：请等它结束后再运行") from None


def backup_name(path: Path, when: dt.datetime | None = None) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}{_BACKUP}{stamp}{path.suffix}")


def is_backup_of(candidate: Path, path: Path) -> bool:
    return (candidate.parent.resolve() == path.parent.resolve()
            and re.fullmatch(re.escape(path.stem + _BACKUP) + r"\d{8}-\d{6}" + re.escape(path.suffix),
                             candidate.name) is not None)


def backup(path: Path) -> Path | None:
    """Copy the existing 台账 aside (keeping the newest KEEP_BACKUPS copies); its name, or None."""
    if not path.exists():
        return None
    target = backup_name(path)
    n = 1
    while target.exists():
        target = backup_name(path, dt.datetime.now() + dt.timedelta(seconds=n))
        n += 1
    shutil.copy2(path, target)
    olds = sorted(p for p in path.parent.iterdir() if is_backup_of(p, path))
    for old in olds[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def replace(path: Path, write) -> None:
    """`write(tmp)` then rename over `path`; a failure leaves `path` as it was."""
    try:
        with atomic_path(path) as tmp:
            write(tmp)
    except PermissionError:
        raise LedgerError(f"无法写入“{path.name}”：文件被占用或没有写入权限（是否在 Excel 中打开？），原台账未改动") from None
    except OSError as e:
        raise LedgerError(f"无法写入“{path.name}”：{e.strerror or e}，原台账未改动") from None


def can_create(path: Path) -> None:
    """Fail early (before reading a thousand reports) when the 台账's folder cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise LedgerError(f"无法在 {parent} 中写入台账：没有写入权限")
