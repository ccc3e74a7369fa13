"""Benchmark of issue 16: a region's 汇总 from its units' workbooks.

Run: python bench/bench_aggregate.py [units]   (prints wall times; no assertions)
Reads a folder of unit workbooks (random fills with a few blanks, / and text), sums them, lists the
findings, writes the 汇总 workbook with its 来源 sheet, and checks the 汇总 against the units.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from timing import _temporary_folder, median_time  # noqa: E402


def main(n: int) -> None:
    from generator.aggregate import aggregate_findings, check_against_children, collect, sum_units, write_summary
    from generator.aggregate.workbook import summary_report
    from generator.workbook_write import build_workbook
    from test_aggregate_sum import _units

    folder = _temporary_folder()
    units = _units(7, "2021", n, False, 3)
    t = time.perf_counter()
    for u in units:
        build_workbook(folder / u.file, report=u.report)
    print(f"{n} unit workbooks written in {time.perf_counter() - t:.2f} s (setup)")
    t = time.perf_counter()
    collected = collect([folder], agency="某区")
    read = time.perf_counter() - t
    summing = median_time(lambda: sum_units("2021", collected.units), 5)
    summed = sum_units("2021", collected.units)
    listing = median_time(lambda: aggregate_findings(summed), 3)
    out = folder.parent / (folder.name + "-汇总.xlsx")
    writing = median_time(lambda: write_summary(out, summed, "某区", collected.year), 3)
    pairs = [(u.name, u.report) for u in collected.units]
    checking = median_time(lambda: check_against_children(summary_report(summed, "某区", 2024), pairs), 5)
    print(f"read {n} workbooks      {read:8.2f} s  ({read / n * 1000:.1f} ms each)")
    print(f"sum                    {summing * 1000:8.1f} ms")
    print(f"findings (A2-A4)       {listing * 1000:8.1f} ms")
    print(f"write 汇总 + 来源       {writing:8.2f} s")
    print(f"check against units    {checking * 1000:8.1f} ms")
    out.unlink(missing_ok=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
