"""Shared by the benchmark scripts: the median wall time of a call, and a temporary folder."""
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


def _temporary_folder() -> Path:
    """A new temporary folder, removed when the benchmark ends."""
    folder = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
