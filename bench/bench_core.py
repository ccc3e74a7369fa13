"""Benchmarks of issue 2: template generation, workbook -> Report, validation, CLI cold start.

Run: python bench/bench_core.py   (prints medians and ratios; no assertions, tests never time anything)
Targets: validate a Report < 1 ms; `xxgk --help` within 1.5x of `python -c "import click"`;
template generation < 0.5 s.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from timing import median_time  # noqa: E402  (bench/ is on the path when run as a script)


def ms(s: float) -> str:
    return f"{s * 1000:8.2f} ms"


def main() -> None:
    from generator.checker import check
    from truth import TRUTH_FILES, truth_report

    reports = [truth_report(p) for p in TRUTH_FILES]
    per_report = median_time(lambda: [check(r) for r in reports], 200) / len(reports)
    print(f"validate one Report (median over 5 seeds x 200)   {ms(per_report)}   target < 1 ms")

    from generator.workbook_read import read_workbook
    from generator.workbook_write import build_workbook
    tmp = Path(tempfile.mkdtemp())
    try:
        for version in ("2021", "2019"):
            t = median_time(lambda: build_workbook(tmp / f"t{version}.xlsx", version), 15)
            print(f"template generation, {version} format                   {ms(t)}   target < 500 ms")
        filled = build_workbook(tmp / "filled.xlsx", "2021", reports[0])
        t = median_time(lambda: read_workbook(filled), 15)
        print(f"read filled workbook into a Report                {ms(t)}")
        t_all = median_time(lambda: check(read_workbook(filled)), 15)
        print(f"read + validate a workbook                        {ms(t_all)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # The script installed beside this interpreter (a PATH lookup may find a slow shim instead).
    beside = Path(sys.executable).with_name("xxgk")
    xxgk = str(beside) if beside.exists() else shutil.which("xxgk")
    floor = median_time(lambda: subprocess.run([sys.executable, "-c", "import click"], check=True), 15)
    cli = median_time(lambda: subprocess.run([xxgk, "--help"], check=True, capture_output=True), 15)
    print(f"python -c 'import click' (floor)                  {ms(floor)}")
    print(f"xxgk --help                                       {ms(cli)}   ratio {cli / floor:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
