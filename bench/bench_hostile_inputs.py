"""The hostile inputs of issue 17 (tests/hostile.py) through the command line, as a user runs them:
exit code, wall time, peak memory and the first line of the message, one line per case.

Run: python bench/bench_hostile_inputs.py [--timeout S] [--memory MB] [CASE ...]
Each run is a subprocess stopped after --timeout seconds (default 120) and limited to --memory MB
of address space (default 4096), so that a case that once took minutes or gigabytes cannot take
the machine. Target: every case exits 2 (or 0/1 where the file is readable) within seconds.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import hostile  # noqa: E402
from timing import _temporary_folder  # noqa: E402

XXGK = [sys.executable, "-m", "generator.cli"]


def run(args: list[str], timeout: float, memory_mb: int) -> tuple[str, float, float, str]:
    """(exit code or 'timeout', wall seconds, peak MB, first line of stderr) of one xxgk run."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    start = time.perf_counter()
    proc = subprocess.Popen(XXGK + args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=limit)
    code: str
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            code = str(os.waitstatus_to_exitcode(status))
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
            _, _, usage = os.wait4(proc.pid, 0)
            code = "timeout"
            break
        time.sleep(0.02)
    wall = time.perf_counter() - start
    proc.returncode = 0       # reaped by wait4
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
    return code, wall, usage.ru_maxrss / 1024, (err[0] if err else "")[:90]


def cases(folder: Path) -> dict[str, list[str]]:
    """name -> xxgk arguments, with the files they read written to `folder`."""
    def write(name: str, data) -> str:
        p = folder / name
        p.write_bytes(data) if isinstance(data, bytes) else p.write_text(data, encoding="utf-8")
        return str(p)

    book = folder / "good.xlsx"
    for args in (["template", "--year", "2023", "-o", str(book)],
                 ["fill", "samples/sample-2023.json", "--into", str(book), "--force"],
                 ["export", str(book), "-o", str(folder / "good.json")]):
        subprocess.run(XXGK + args, cwd=ROOT, check=True, capture_output=True)
    import json
    report = json.loads((folder / "good.json").read_text(encoding="utf-8"))
    abc = write("abc.xlsx", hostile.sheet_with_value(book, "xl/worksheets/sheet5.xml", b"<v>23</v>", b"<v>abc</v>"))
    out = {
        "text: 100,000-letter line": ["import", write("letters.txt", hostile.letters_line())],
        "text: 40,000 tabs": ["import", write("tabs.txt", hostile.tabs_line())],
        "text: 100,000 digits in a paragraph": ["import", write("digits.txt", hostile.digits_paragraph())],
        "html: 372 KB rowspan/colspan": ["import", write("spans.html", hostile.spans_page())],
        "docx: vertically merged cells": ["import", write("merged.docx", hostile.merged_docx())],
        "docx: many empty paragraphs": ["import", write("empty.docx", hostile.empty_paragraphs_docx())],
        "docx: zip bomb (1 GiB)": ["import", write("bomb.docx", hostile.zip_bomb_docx())],
        "xlsx: zip bomb (1 GiB)": ["validate", write("bomb.xlsx", hostile.zip_bomb_workbook(book))],
        "xlsx: <v>abc</v> validate": ["validate", abc],
        "xlsx: <v>abc</v> export": ["export", abc, "-o", str(folder / "abc-out.json")],
        "xlsx: <v>abc</v> render": ["render", abc, "-o", str(folder / "abc-out.docx"), "--draft"],
        "xlsx: <v>abc</v> --previous": ["validate", str(book), "--previous", abc],
        "json: nested 100,000 deep": ["validate", write("deep.json", hostile.deep_json())],
        "text: 400-digit number in a table": ["import", write("digits400.txt", hostile.long_number_in_table())],
    }
    for name, changes in (("year 20233", {"meta.year": 20233}), ("year -1", {"meta.year": -1}),
                          ("two 1e308 cells", {"cells.t3.new_received.natural": 1e308,
                                               "cells.t3.carried_over.natural": 1e308}),
                          ("NaN", {"cells.t3.new_received.natural": float("nan")}),
                          ("Infinity", {"cells.t3.new_received.natural": float("inf")}),
                          ("provenance a list", {"provenance": [1, 2]})):
        f = write(f"{name}.json", hostile.json_with(report, changes))
        out[f"json: {name} validate"] = ["validate", f]
        out[f"json: {name} export"] = ["export", f, "-o", str(folder / f"{name}-out.json"), "--force"]
        out[f"json: {name} fill --into"] = ["fill", f, "--into", str(book), "--force", "--dry-run"]
    control = write("control.txt", hostile.seed_text().replace("。", "。\x01\x1b", 3))
    into = folder / "into.xlsx"
    into.write_bytes(book.read_bytes())
    out["text: control characters import --into"] = ["import", control, "--into", str(into), "--force"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--memory", type=int, default=4096)
    ap.add_argument("case", nargs="*")
    a = ap.parse_args()
    folder = _temporary_folder()
    print(f"{'case':44} {'exit':>7} {'wall s':>7} {'peak MB':>8}  message")
    for name, args in cases(folder).items():
        if a.case and not any(c in name for c in a.case):
            continue
        code, wall, peak, first = run(args, a.timeout, a.memory)
        print(f"{name:44} {code:>7} {wall:7.2f} {peak:8.0f}  {first}", flush=True)


if __name__ == "__main__":
    main()
