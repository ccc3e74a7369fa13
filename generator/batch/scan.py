"""Walk the folder: every file that may be a report, its sha256, and identical files grouped.

Files of the tool's own making (the 台账 being written, its backups, the notices folder, a roster
or previous-year file inside the folder) and the scratch files of office programs are left out;
every other file is a row, read or not, so that nothing in the folder goes unmentioned.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..commands.common import WORKBOOK_SUFFIXES
from ..importer.readers import SUFFIXES

# lock and owner files of Excel, WPS and LibreOffice, and the system's own files
_JUNK_PREFIXES = ("~$", ".~lock.", ".~")
_JUNK_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


class FolderError(Exception):
    """The folder itself cannot be read (the batch's exit code 2); the message is Chinese."""


@dataclass
class Entry:
    path: Path
    rel: str                    # relative to the folder, with / between parts
    size: int
    sha256: str = ""
    copies: list[str] = field(default_factory=list)   # rel of the identical files not read again
    error: str | None = None    # the file could not even be opened for hashing

    @property
    def readable_kind(self) -> bool:
        s = self.path.suffix.lower()
        return s in SUFFIXES or s in WORKBOOK_SUFFIXES


def is_junk(name: str) -> bool:
    return name.startswith(_JUNK_PREFIXES) or name.lower() in _JUNK_NAMES or name.startswith(".")


def walk(folder: Path, exclude: tuple[Path, ...] = ()) -> tuple[list[Entry], list[str]]:
    """Every candidate file under `folder` (sorted by relative path), and the subfolders that could
    not be opened (Chinese messages)."""
    folder = Path(folder)
    if not folder.exists():
        raise FolderError(f"找不到文件夹：{folder}")
    if not folder.is_dir():
        raise FolderError(f"{folder} 不是文件夹：xxgk batch 核查一个文件夹（含子文件夹）中的全部年报")
    try:
        os.listdir(folder)
    except OSError as e:
        raise FolderError(f"无法读取文件夹 {folder}：{e.strerror or e}") from None
    skip = {p.resolve() for p in exclude}
    problems: list[str] = []

    def onerror(e: OSError) -> None:
        problems.append(f"无法读取子文件夹 {e.filename}：{e.strerror or e}")

    out = []
    for root, dirs, files in os.walk(folder, onerror=onerror):
        rootp = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (rootp / d).resolve() not in skip)
        for name in files:
            p = rootp / name
            if is_junk(name) or p.resolve() in skip or _is_backup(p, skip) or not p.is_file():
                continue
            try:
                size = p.stat().st_size
            except OSError as e:
                problems.append(f"无法读取 {p}：{e.strerror or e}")
                continue
            out.append(Entry(p, p.relative_to(folder).as_posix(), size))
    out.sort(key=lambda e: e.rel)
    return out, problems


def _is_backup(p: Path, skip: set[Path]) -> bool:
    """A backup the batch made of a 台账 it was told to write (see output.backup_name)."""
    from .output import is_backup_of
    return any(is_backup_of(p, s) for s in skip)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dedupe(entries: list[Entry]) -> list[Entry]:
    """Hash every file; of identical files only the first (by path) is kept, the others become its
    `copies`. Files that cannot be opened are kept with their error."""
    first: dict[str, Entry] = {}
    out = []
    for e in entries:
        try:
            e.sha256 = sha256_of(e.path)
        except OSError as err:
            e.error = f"无法打开文件：{err.strerror or err}"
            out.append(e)
            continue
        kept = first.get(e.sha256)
        if kept is None:
            first[e.sha256] = e
            out.append(e)
        else:
            kept.copies.append(e.rel)
    return out
