"""Killed and concurrent writers (issue 17, point 6): the target is always the old file or the new
one, never a broken one, and nothing said 已写入 is lost.

Each command runs as a real `xxgk` process. SIGKILL comes at spread-out moments of the whole run
and, to hit the short write itself, the moment its temporary file appears; SIGTERM at that moment
must leave no temporary file. Eight writers of one workbook, or of one new file, run at once.
Linux/macOS only: Windows has no SIGKILL/SIGTERM to send.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest

from generator.importer import import_path
from generator.layout import SHEET_T3
from generator.report import Report
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from truth import SEEDS

pytestmark = pytest.mark.skipif(os.name == "nt", reason="sends POSIX signals")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "sample-2023.json"
SEED = next(SEEDS.glob("003_*.txt"))
KILLS = 4                 # spread-out SIGKILLs per command


def xxgk(*args, env=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(p: subprocess.Popen) -> tuple[int, str]:
    out, _ = p.communicate(timeout=120)
    return p.returncode, out


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".xxgk-tmp-" in p.name or p.name.endswith(".xxgk-lock"))


def kill_when_temp_appears(p: subprocess.Popen, folder: Path, sig: int) -> bool:
    """Send `sig` as soon as a temporary file of ours is in `folder`; False if the run ended first."""
    while p.poll() is None:
        if any(".xxgk-tmp-" in name for name in os.listdir(folder)):
            p.send_signal(sig)
            return True
        time.sleep(0.0005)
    return False


def kill_at(p: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    if p.poll() is None:
        p.kill()


def _workbook_state(path: Path):
    openpyxl.load_workbook(path)          # opens: not a broken file
    r = read_workbook(path)
    return r.meta.get("agency"), r.cells, r.text


def _docx_state(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs[:3])


@pytest.mark.parametrize("command", ["fill", "import", "render"])
def test_sigkill_leaves_the_target_old_or_new(tmp_path, command):
    """Old or new, checked by opening the file (openpyxl, python-docx) and reading it back."""
    original = tmp_path / "original"
    original.mkdir()
    if command == "render":
        source, state = SAMPLE, _docx_state
        target = original / "report.docx"
        old = Report.load_json(SAMPLE)
        old.meta["agency"] = "上一版的机关"
        (tmp_path / "old.json").write_text(old.to_json(), encoding="utf-8")
        assert finish(xxgk("render", tmp_path / "old.json", "-o", target, "--draft"))[0] == 0
        args = ("render", source, "-o", "{target}", "--force", "--draft")
    else:
        target = build_workbook(original / "book.xlsx", "2021")
        source, state = (SAMPLE if command == "fill" else SEED), _workbook_state
        args = (command, source, "--into", "{target}", "--force")
    work = tmp_path / "work"
    work.mkdir()
    book = work / target.name

    def start():
        shutil.copy(target, book)
        return xxgk(*(a if a != "{target}" else book for a in args))

    t0 = time.monotonic()
    rc, out = finish(start())
    duration = time.monotonic() - t0
    assert rc in (0, 1) and "已" in out, out
    new_state, old_bytes = state(book), target.read_bytes()
    outcome = Counter()
    rng = random.Random(1017)
    moments = [duration * (i + rng.random()) / KILLS for i in range(KILLS)]
    for delay in moments + [None] * 3:           # spread out, then right inside the write
        p = start()
        if delay is None:
            hit = kill_when_temp_appears(p, work, signal.SIGKILL)
            outcome["inside the write" if hit else "finished first"] += 1
        else:
            kill_at(p, delay)
        p.wait()
        if book.read_bytes() == old_bytes:
            outcome["old"] += 1
        else:
            assert state(book) == new_state
            outcome["new"] += 1
    print(f"{command}: {dict(outcome)} (a full run took {duration:.2f} s)")
    assert finish(start())[0] in (0, 1)          # the next run removes what the kills left
    assert leftovers(work) == []


def test_sigterm_inside_the_write_removes_the_temporary_file(tmp_path):
    book = build_workbook(tmp_path / "book.xlsx", "2021")
    old = book.read_bytes()
    codes = Counter()
    for _ in range(4):
        shutil.copy(tmp_path / "book.xlsx", tmp_path / "b.xlsx")
        p = xxgk("fill", SAMPLE, "--into", tmp_path / "b.xlsx", "--force")
        hit = kill_when_temp_appears(p, tmp_path, signal.SIGTERM)
        p.wait()
        codes[(hit, p.returncode)] += 1
        assert leftovers(tmp_path) == []            # SIGTERM ran the cleanup: no temp, no lock
        data = (tmp_path / "b.xlsx").read_bytes()
        assert data == old or read_workbook(tmp_path / "b.xlsx").meta["agency"] == "示例市公安局示例分局"
    print(dict(codes))
    assert all(code in (0, 128 + signal.SIGTERM) for _, code in codes)


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and pid != str(os.getpid()):
            found.append(cmdline)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir() or shutil.which("soffice") is None, reason="Linux with LibreOffice")
def test_sigterm_during_pdf_conversion_leaves_nothing_behind(tmp_path):
    """render -o x.pdf stopped while LibreOffice converts: no PDF, no temp folder or profile, and
    no LibreOffice process left running."""
    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(cache)}
    p = xxgk("render", SAMPLE, "-o", tmp_path / "r.pdf", "--draft", env=env)
    while p.poll() is None and not _processes_mentioning(str(tmp_path) + "/"):
        time.sleep(0.01)
    while p.poll() is None and not [c for c in _processes_mentioning(str(tmp_path)) if "soffice" in c or "oosplash" in c]:
        time.sleep(0.01)
    running = p.poll() is None
    p.send_signal(signal.SIGTERM)
    p.wait()
    print(f"stopped during the conversion: {running}, exit code {p.returncode}")
    if running:
        assert p.returncode == 128 + signal.SIGTERM
        assert not (tmp_path / "r.pdf").exists()
    for _ in range(50):
        if not [c for c in _processes_mentioning(str(tmp_path)) if "xxgk" not in c]:
            break
        time.sleep(0.1)
    assert [c for c in _processes_mentioning(str(tmp_path)) if "generator.cli" not in c] == []
    assert [n for n in os.listdir(temp) if n.startswith("xxgk-")] == []
    assert leftovers(tmp_path) == []


def test_eight_fills_of_different_cells_at_once_lose_nothing(tmp_path):
    book = build_workbook(tmp_path / "book.xlsx", "2021")
    fmt = Report("2021").fmt
    cells = [c for c in fmt.input_ids() if c.startswith("t3.")][:8]
    runs = []
    for i, cid in enumerate(cells):
        src = tmp_path / f"{i}.json"
        src.write_text(Report("2021", {"format": "2021"}, {}, {cid: 100 + i}).to_json(), encoding="utf-8")
        runs.append((cid, 100 + i, xxgk("fill", src, "--into", book)))
    results = [(cid, v, *finish(p)) for cid, v, p in runs]
    final = read_workbook(book).cells
    landed = 0
    for cid, value, rc, out in results:
        if "已写入" in out:
            assert rc == 0 and final[cid] == value, (cid, out)
            landed += 1
        else:   # a loser says so, in Chinese, and its value is not there
            assert rc == 2 and "另一个 xxgk 正在写入" in out and final[cid] is None, (cid, rc, out)
    print(f"{landed} of {len(results)} writers landed")
    assert landed >= 1 and leftovers(tmp_path) == []
    assert openpyxl.load_workbook(book)[SHEET_T3] is not None


def test_eight_imports_to_one_new_file_without_force_write_it_once(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    sources, agencies = [], []
    for i in range(8):
        src = tmp_path / f"r{i}.txt"
        src.write_text(text.replace(first, first.replace("兴宁市", f"第{i}测试市"), 1), encoding="utf-8")
        sources.append(src)
        agencies.append(import_path(src).report.meta["agency"])
    assert len(set(agencies)) == 8
    target = tmp_path / "new.xlsx"
    procs = [xxgk("import", src, "-o", target) for src in sources]
    results = [finish(p) for p in procs]
    winners = [i for i, (_, out) in enumerate(results) if "已写入" in out]
    assert len(winners) == 1, [out[-200:] for _, out in results]
    for i, (rc, out) in enumerate(results):
        if i not in winners:
            assert rc == 2 and "已存在" in out and "--force" in out, out
    assert read_workbook(target).meta["agency"] == agencies[winners[0]]
    assert leftovers(tmp_path) == []
    print(json.dumps({"winner": winners[0], "refused": len(results) - 1}))
