"""Issue 3's import ratio counted in instructions (valgrind callgrind), not seconds: on a shared machine
wall-clock medians of the same code swing by 30% or more between runs, instruction counts do not.

Run: python bench/bench_import_instructions.py   (needs valgrind; takes about a minute)
Prints the instructions per import and per read-and-split (the floor), averaged over the seeds and
the variants of bench_import.py, and their ratio. Tests never run this.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def _work(mode: str, rounds: int, files: list[str]) -> None:
    """The measured process: warm up, then `rounds` passes of import (or of the floor) over the files."""
    from generator.importer import import_report
    paths = [Path(f) for f in files]
    for p in paths:
        import_report(p)
    for _ in range(rounds):
        for p in paths:
            if mode == "import":
                import_report(p)
            else:
                p.read_text(encoding="utf-8").splitlines()


def _instructions(mode: str, rounds: int, files: list[Path]) -> int:
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          __file__, "--work", mode, str(rounds), *map(str, files)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return int(re.search(r"Collected : (\d+)", out.stderr).group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]
    from timing import import_files
    files = import_files()
    base = _instructions("import", 0, files)      # start-up and warm-up, subtracted from both
    per_import = (_instructions("import", ROUNDS, files) - base) / (ROUNDS * len(files))
    per_floor = (_instructions("floor", ROUNDS, files) - base) / (ROUNDS * len(files))
    print(f"{len(files)} text reports, {ROUNDS} rounds: import {per_import / 1e6:.2f} M instructions per report, "
          f"read+split {per_floor / 1e6:.3f} M, ratio {per_import / per_floor:.1f}x (target <= 20x)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--work"]:
        sys.path.insert(0, str(ROOT))
        _work(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        main()
