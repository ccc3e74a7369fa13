"""Shared by the benchmark scripts: the median wall time of a call; the text reports the import
benchmarks read (tests/ must be on sys.path)."""
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
    tmp = Path(tempfile.mkdtemp())
    files = sorted(SEEDS.glob("*.txt"))
    for version in ("2021", "2019"):
        for style in ("lines", "tabs", "pipe", "flat"):
            p = tmp / f"variant_{version}_{style}.txt"
            p.write_text(render_text(make_report(version, seed=1), style), encoding="utf-8")
            files.append(p)
    return files
