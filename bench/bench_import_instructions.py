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
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def _files() -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
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
    files = _files()
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
