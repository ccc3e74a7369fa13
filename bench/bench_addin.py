"""The Python side of one 校验 click: read the book, run every rule, build the actions.

Measured through xlwings' remote engine on a generated workbook filled from a seed, exactly as
xlwings Server would run it (the payload is parsed once per click, so it is part of the timing).
Target: median under 100 ms. Run: python bench/bench_addin.py
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xlwings as xw  # noqa: E402

from addin import macros  # noqa: E402
from addin.payload import book_payload  # noqa: E402
from generator.workbook_write import build_workbook  # noqa: E402
from truth import TRUTH_FILES, truth_report  # noqa: E402


def main(repeat: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for truth in (TRUTH_FILES[0], TRUTH_FILES[-1]):
            report = truth_report(truth)
            path = build_workbook(Path(tmp) / f"{truth.stem}.xlsm", report=report, macros=True)
            payload = book_payload(path)
            times, n_actions = [], 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                book = xw.Book(json=payload)
                macros.validate(book)
                n_actions = len(book.json()["actions"])
                times.append((time.perf_counter() - t0) * 1000)
            print(f"校验 click, {report.format} workbook ({truth.stem}): median {statistics.median(times):.1f} ms, "
                  f"min {min(times):.1f} ms, {n_actions} actions, {repeat} runs")


if __name__ == "__main__":
    main()
