"""Time of the PDF reader per corpus PDF, beside two references: pdfminer's interpretation of the
pages alone (pdfplumber's `page.layout`, the floor: every reader of the text layer pays it) and
the plain way (pdfplumber's find_tables with the lines strategy, then extract_text, per page).

Run: python bench/bench_read_pdf.py [PDF ...]   (default: ../shared/corpus/raw/*.pdf).
Target: median <= 300 ms per PDF. The three are timed in interleaved rounds, so that a change in
the machine's speed falls on all of them alike; CPU time is printed too, as wall time grows when
other processes share the machine.
"""
from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 15
TARGET = 0.300


def corpus() -> list[Path]:
    folder = ROOT.parent / "shared" / "corpus" / "raw"
    return sorted(folder.glob("*.pdf")) or sys.exit(f"no PDF in {folder}")


def floor(data: bytes) -> None:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.layout


def plain(data: bytes) -> None:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            [t.extract() for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})]
            page.extract_text()


def main() -> None:
    from generator.importer.readers import pdf
    paths = [Path(a) for a in sys.argv[1:]] or corpus()
    subjects = {"reader": lambda d: pdf.read(d, "bench.pdf"), "floor": floor, "plain": plain}
    datas = [p.read_bytes() for p in paths]
    for data in datas:                      # first calls load fonts' CMaps and modules
        for fn in subjects.values():
            fn(data)
    times = {(p, s): [] for p in paths for s in subjects}
    cpu = {(p, s): [] for p in paths for s in subjects}
    for _ in range(ROUNDS):
        for path, data in zip(paths, datas):
            for s, fn in subjects.items():
                t, c = time.perf_counter(), time.process_time()
                fn(data)
                times[path, s].append(time.perf_counter() - t)
                cpu[path, s].append(time.process_time() - c)
    for path in paths:
        print(path.name)
        for s in subjects:
            ts = times[path, s]
            med = statistics.median(ts)
            verdict = f"  target <= {1000 * TARGET:.0f} ms: {'ok' if med <= TARGET else 'SLOW'}" if s == "reader" else ""
            print(f"  {s:7s} median {1000 * med:6.1f} ms  min {1000 * min(ts):6.1f} ms  "
                  f"CPU median {1000 * statistics.median(cpu[path, s]):6.1f} ms  ({ROUNDS} runs){verdict}")


if __name__ == "__main__":
    main()
