"""Benchmark of issue 3: import time per text report, and its ratio to merely reading the file and
splitting it into lines (the floor).

Run: python bench/bench_import.py   (prints medians; tests never time anything)
Target: < 2 ms per text report (parsing, matching, conversion and all checks) and within 20x the floor.

Each figure is the median over ROUNDS rounds of the median of BLOCK calls in a row (a loop of the
same call, as timeit does). Each import reads a fresh copy of the report (timing.fresh_copies: prose
of its own, as in a batch of different reports), so that no import finds its prose in the memos.
The rounds are interleaved: each times, for every report, a block of imports, of floors and of
checks, so that a change in the machine's speed during the run (common on shared machines) falls
on all three alike. Blocks much shorter than 40 calls time the floor with caches still holding
the import's data, which makes it slower and the ratio look better. bench_import_instructions.py
counts instructions instead.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from timing import fresh_copies, import_files, median_time  # noqa: E402  (bench/ is on the path when run as a script)

ROUNDS, BLOCK = 5, 40


def main() -> None:
    from generator.checker import check
    from generator.importer import import_report

    files = import_files()
    reports = [import_report(p).report for p in files]   # also warms caches (vocabulary, layout, regexes)
    copies = [fresh_copies(p, ROUNDS * BLOCK) for p in files]
    samples = [([], [], []) for _ in files]
    for r in range(ROUNDS):
        for fresh, report, (imports, floors, checks) in zip(copies, reports, samples):
            block = fresh[r * BLOCK:(r + 1) * BLOCK]
            # each sample: the median of BLOCK calls in a row (the steady state of a loop of the call)
            paths = iter(block)
            imports.append(median_time(lambda: import_report(next(paths)), BLOCK))
            paths = iter(block)
            floors.append(median_time(lambda: next(paths).read_text(encoding="utf-8").splitlines(), BLOCK))
            checks.append(median_time(lambda: check(report), BLOCK))   # the document checks (checker + narrative)
    rows = []
    for p, (imports, floors, checks) in zip(files, samples):
        t_import, t_floor, t_check = (statistics.median(s) for s in (imports, floors, checks))
        rows.append((t_import, t_floor, t_check))
        print(f"{p.name:34s} import {t_import * 1000:7.3f} ms   read+split {t_floor * 1000:7.4f} ms   "
              f"ratio {t_import / t_floor:6.1f}x   (checks {t_check * 1000:6.3f} ms, "
              f"without {(t_import - t_check) * 1000:6.3f} ms)")
    med_import = statistics.median(r[0] for r in rows)
    med_floor = statistics.median(r[1] for r in rows)
    print(f"\nmedian over {len(rows)} text reports: import {med_import * 1000:.3f} ms (target < 2 ms), "
          f"read+split {med_floor * 1000:.4f} ms, ratio {med_import / med_floor:.1f}x (target <= 20x)")
    # the same ratio within each round alone: how much the machine's speed moved it during this run
    per_round = [statistics.median(s[0][k] for s in samples) / statistics.median(s[1][k] for s in samples)
                 for k in range(ROUNDS)]
    print(f"ratio within each of the {ROUNDS} rounds: {min(per_round):.1f}x to {max(per_round):.1f}x")
    med_check = statistics.median(r[2] for r in rows)
    med_rest = statistics.median(r[0] - r[2] for r in rows)
    print(f"of which the document checks (checker.check) take a median of {med_check * 1000:.3f} ms; "
          f"import without them {med_rest * 1000:.3f} ms ({med_rest / med_floor:.1f}x the floor)")


if __name__ == "__main__":
    main()
