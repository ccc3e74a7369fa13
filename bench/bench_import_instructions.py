"""Issue 3's import ratio counted in instructions (valgrind callgrind), not seconds: on a shared machine
wall-clock medians of the same code swing by 30% or more between runs, instruction counts do not.

Run: python bench/bench_import_instructions.py   (needs valgrind; takes about half a minute)
Prints, for each of the text reports of bench_import.py (the seeds and the variants), the
instructions of one import and of merely reading and splitting the file (the floor), then the
medians and their ratio, as bench_import.py does with times. Tests never run this.

One process measures everything: each measured call runs inside functools.reduce, and callgrind
collects instructions only inside that C function (--toggle-collect) and writes one count per call
(--dump-after), so start-up and warm-up are not counted at all.
"""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5
_MEASURED = "functools_reduce"      # the C function the measured calls run in


def _work(rounds: int, files: list[str]) -> None:
    """The measured process: warm up, then per file `rounds` imports of fresh copies (as
    bench_import.py does), then the floors of the same copies, each batch in one functools.reduce call."""
    from functools import reduce
    from generator.importer import import_report
    from timing import fresh_copies
    paths = [Path(f) for f in files]
    for p in paths:
        import_report(p)
    copies = [fresh_copies(p, rounds) for p in paths]
    for fresh in copies:
        reduce(lambda _, p: import_report(p), fresh, None)
        reduce(lambda _, p: p.read_text(encoding="utf-8").splitlines(), fresh, None)


def _counts(files: list[Path]) -> list[int]:
    """Instructions of each measured batch, in the order _work runs them."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={_MEASURED}",
                        f"--dump-after={_MEASURED}", f"--callgrind-out-file={out}", sys.executable, __file__,
                        "--work", str(ROUNDS), *map(str, files)],
                       capture_output=True, text=True, cwd=ROOT, check=True)
        dumps = sorted(Path(tmp).glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        return [int(re.search(r"^totals: (\d+)", d.read_text(), re.M).group(1)) for d in dumps]


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
    from timing import import_files
    files = import_files()
    counts = _counts(files)
    if len(counts) != 2 * len(files):
        sys.exit(f"expected {2 * len(files)} counts from callgrind, got {len(counts)}")
    imports = [n / ROUNDS for n in counts[0::2]]
    floors = [n / ROUNDS for n in counts[1::2]]
    for p, i, f in zip(files, imports, floors):
        print(f"{p.name:34s} import {i / 1e6:6.2f} M   read+split {f / 1e6:6.3f} M   ratio {i / f:5.1f}x")
    med_import, med_floor = statistics.median(imports), statistics.median(floors)
    print(f"\nmedian over {len(files)} text reports: import {med_import / 1e6:.2f} M instructions, "
          f"read+split {med_floor / 1e6:.3f} M, ratio {med_import / med_floor:.1f}x (target <= 20x); "
          f"means {statistics.mean(imports) / 1e6:.2f} M and {statistics.mean(floors) / 1e6:.3f} M, "
          f"ratio {statistics.mean(imports) / statistics.mean(floors):.1f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--work"]:
        sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
        _work(int(sys.argv[2]), sys.argv[3:])
    else:
        main()
