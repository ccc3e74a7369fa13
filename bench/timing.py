"""Shared by the benchmark scripts: the median wall time of a call; the text reports the import
benchmarks read, and fresh copies of them (tests/ must be on sys.path)."""
import atexit
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def import_files() -> list[Path]:
    """The five seeds and eight variants (2021/2019 x lines, tabs, pipe, flat) written to a temporary folder."""
    from test_import_variants import make_report, render_text
    from truth import SEEDS
    tmp = _temporary_folder()
    files = sorted(SEEDS.glob("*.txt"))
    for version in ("2021", "2019"):
        for style in ("lines", "tabs", "pipe", "flat"):
            p = tmp / f"variant_{version}_{style}.txt"
            p.write_text(render_text(make_report(version, seed=1), style), encoding="utf-8")
            files.append(p)
    return files


def fresh_copies(path: Path, n: int) -> list[Path]:
    """n copies of a text report, each with prose of its own, as in a batch of different reports.

    The importer memoises what it derives from texts that recur across reports (labels, headings,
    numbers); importing one file over and over would also find its prose in those memos, which no
    real batch does. So each copy marks every line of prose (a line with a "。", which no table
    label has) with a tag of its own, a few Latin letters before the first "。"; table lines and
    headings stay as they are, since they recur across real reports too. One more copy, not
    returned (its prose is in the memos then), is checked to import to the same cells and the same
    rules found as the original."""
    from generator.importer import import_report
    text = path.read_text(encoding="utf-8")
    folder = _temporary_folder()
    copies = []
    for k in range(n + 1):
        tag = _letters(k)
        copy = folder / f"{k}_{path.name}"
        copy.write_text("\n".join(line.replace("。", tag + "。", 1) for line in text.split("\n")), encoding="utf-8")
        copies.append(copy)
    want, got = import_report(path), import_report(copies[-1])
    if got.report.cells != want.report.cells or [f.rule for f in got.findings] != [f.rule for f in want.findings]:
        raise SystemExit(f"{path.name}: a fresh copy does not import like the original")
    return copies[:n]


def _letters(k: int) -> str:
    """a, b, …, z, ba, bb, …: a different tag for each k."""
    out = ""
    while True:
        k, r = divmod(k, 26)
        out = chr(ord("a") + r) + out
        if not k:
            return out


def _temporary_folder() -> Path:
    """A new temporary folder, removed when the benchmark ends."""
    folder = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
