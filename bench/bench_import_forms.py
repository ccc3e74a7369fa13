"""Import time per report, by form: the real reports of ../shared/corpus and the seeds.

    .venv/bin/python bench/bench_import_forms.py [--repeat 15]

Prints the median and fastest time of `import_path` (read, tables, match, every check) for each
file, then the median per form against the target of a supervisor importing a thousand reports:
text ≤ 5 ms, whole web page ≤ 25 ms, .docx ≤ 20 ms, PDF ≤ 300 ms. The first import of each file
is not timed (it pays for loading the libraries and building the vocabulary once per process).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.importer import import_path  # noqa: E402

SHARED = ROOT.parent / "shared"
TARGET_MS = {"文本": 5, "网页": 25, "Word": 20, "PDF": 300}


def form_of(path: Path) -> str:
    return {".html": "网页", ".htm": "网页", ".docx": "Word", ".pdf": "PDF"}.get(path.suffix.lower(), "文本")


def times_ms(path: Path, repeat: int) -> list[float]:
    import_path(path)
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        import_path(path)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    a = ap.parse_args()
    files = sorted((SHARED / "corpus" / "raw").iterdir()) + sorted((SHARED / "seeds").glob("*.txt"))
    by_form: dict[str, list[float]] = {}
    print(f"{'file':42s} {'form':6s} {'median ms':>10s} {'min ms':>8s}")
    for path in files:
        t = times_ms(path, a.repeat)
        median = statistics.median(t)
        by_form.setdefault(form_of(path), []).append(median)
        print(f"{path.name:42s} {form_of(path):6s} {median:10.1f} {min(t):8.1f}")
    print()
    print(f"{'form':6s} {'files':>5s} {'median of medians ms':>21s} {'target ms':>10s}")
    for form, medians in by_form.items():
        m = statistics.median(medians)
        verdict = "met" if m <= TARGET_MS[form] else "NOT met"
        print(f"{form:6s} {len(medians):5d} {m:21.1f} {TARGET_MS[form]:10d}  {verdict}")


if __name__ == "__main__":
    main()
