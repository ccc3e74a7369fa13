"""Render time per output format (docx, html, md, txt), PDF conversion excluded.

Run: python bench/bench_render.py [REPORT.json]   (default: samples/sample-2023.json)
Prints the median of several runs per format; the target is under 0.5 s each.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.render import render_report  # noqa: E402
from generator.report import Report  # noqa: E402

RUNS = 15


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "sample-2023.json"
    report = Report.load_json(src)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        render_report(report, Path(tmp) / "first.docx")
        print(f"first render (imports, template load): {1000 * (time.perf_counter() - t0):.0f} ms")
        for fmt in ("docx", "html", "md", "txt"):
            times = []
            for i in range(RUNS):
                t = time.perf_counter()
                render_report(report, Path(tmp) / f"r{i}.{fmt}")
                times.append(time.perf_counter() - t)
            med = statistics.median(times)
            print(f"{fmt:5s} median {1000 * med:7.1f} ms  (min {1000 * min(times):.1f}, max {1000 * max(times):.1f}, "
                  f"{RUNS} runs)  target < 500 ms: {'ok' if med < 0.5 else 'SLOW'}")


if __name__ == "__main__":
    main()
