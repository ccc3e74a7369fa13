"""xxgk batch at scale: 100 and 1,000 mixed reports (text, whole web page, .docx) in a temporary
folder, each run in a fresh process; prints throughput, t(1000)/t(100) and peak memory.

    .venv/bin/python bench/bench_batch.py [--sizes 100 1000] [--jobs N] [--repeat 1]

The reports are copies of ../shared/seeds and ../shared/corpus with small changes: every copy is
another unit (its name replaced throughout) and its narrative figures differ (N件/条/篇 + k). The
mix: half text (the seeds, the corpus's cell-per-line and pdftotext forms), a quarter saved web
pages, a quarter .docx (the corpus's LibreOffice .docx and the seeds rendered by xxgk render).
Every run writes the full 台账. Goal on the 2-core machine: 1,000 reports in 60 s or less, and
t(1000)/t(100) at most 10.5. Memory: the peak resident size of the main process and of the
largest worker (resource.getrusage); the workers' must not grow with the number of reports, the
main process's only by the rows it keeps.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
DEPTS = ("公安分局", "教育局", "财政局", "民政局", "行政审批局", "卫生健康局", "自然资源局", "交通运输局")
_COUNT = re.compile(r"(\d{1,4})(件|条|篇)")


def sources() -> dict[str, list[tuple[Path, str]]]:
    """(file, its agency) of each form."""
    from generator.importer import import_path
    raw = SHARED / "corpus" / "raw"
    text = sorted((SHARED / "seeds").glob("*.txt")) + sorted(raw.glob("*.cell-per-line.txt")) + \
        sorted(raw.glob("*.pdftotext.txt"))
    forms = {"text": text, "web": sorted(raw.glob("*.page.html")), "docx": sorted(raw.glob("*.lo.docx"))}
    return {k: [(p, import_path(p).report.meta["agency"]) for p in v] for k, v in forms.items()}


def rendered_seeds(folder: Path) -> list[tuple[Path, str]]:
    """The seeds as Word reports, made by xxgk render (drafts where a seed has errors)."""
    from generator.importer import import_path
    from generator.render import render_report
    out = []
    for p in sorted((SHARED / "seeds").glob("*.txt")):
        report = import_path(p).report
        target = folder / f"{p.stem}.docx"
        render_report(report, target, force=True)
        out.append((target, report.meta["agency"]))
    return out


def is_region(agency: str) -> bool:
    return agency.endswith(("区", "市", "县"))


def unit_name(n: int, region: bool) -> str:
    """A region's 汇总 heads each folder; every other copy is a department of a region."""
    return f"示例{n}区" if region else f"示例{n}区{DEPTS[n % len(DEPTS)]}"


def changed(text: str, agency: str, name: str, n: int) -> str:
    text = text.replace(agency, name)
    return _COUNT.sub(lambda m: f"{int(m[1]) + n % 7}{m[2]}", text)


def write_docx(src: Path, out: Path, agency: str, name: str, n: int) -> None:
    """The .docx with its paragraphs' text changed (a run may split the name: the paragraph's text
    goes into its first run)."""
    from docx import Document
    doc = Document(str(src))
    for p in doc.paragraphs:
        if agency in p.text or _COUNT.search(p.text):
            new = changed(p.text, agency, name, n)
            if new != p.text and p.runs:
                p.runs[0].text = new
                for r in p.runs[1:]:
                    r.text = ""
    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(buf.getvalue())


def build(folder: Path, size: int, srcs: dict) -> dict[str, int]:
    """`size` reports: half text, a quarter web pages, a quarter .docx, in ten subfolders, each
    headed by one region's 汇总 (as a county's folder is: one 汇总, its departments)."""
    counts = {"text": 0, "web": 0, "docx": 0}
    for n in range(size):
        form = "text" if n % 4 in (0, 1) else "web" if n % 4 == 2 else "docx"
        head = n < 10
        pool = [s for s in srcs[form] if is_region(s[1]) == head] or srcs[form]
        src, agency = pool[n % len(pool)]
        name = unit_name(n, head)
        sub = folder / f"第{n % 10}组"
        sub.mkdir(parents=True, exist_ok=True)
        out = sub / f"{n:04d}{src.suffix}"
        if form == "docx":
            write_docx(src, out, agency, name, n)
        else:
            out.write_text(changed(src.read_text(encoding="utf-8"), agency, name, n), encoding="utf-8")
        counts[form] += 1
    return counts


def child(folder: str, jobs: int) -> None:
    """One run, in this fresh process: print its figures as JSON."""
    from generator.batch import Options, run_batch
    out = Path(folder).parent / f"{Path(folder).name}-台账.xlsx"
    t = time.perf_counter()
    outcome = run_batch(Options(Path(folder), out, jobs))
    seconds = time.perf_counter() - t
    kb = 1 if sys.platform != "darwin" else 1 / 1024
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "summary": outcome.summary,
                      "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                      "main_cpu": me.ru_utime + me.ru_stime,
                      "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kb / 1024,
                      "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kb / 1024,
                      "ledger_mb": out.stat().st_size / 1e6,
                      "rows": {s.name: len(s.rows) for s in outcome.sheets}}))


def measure(folder: Path, jobs: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(folder), "--jobs", str(jobs)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--child")
    a = ap.parse_args()
    if a.child:
        child(a.child, a.jobs)
        return
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-batch-") as tmp:
        base = Path(tmp)
        srcs = sources()
        (base / "rendered").mkdir()
        srcs["docx"] += rendered_seeds(base / "rendered")
        print(f"cores {os.cpu_count()}, jobs {a.jobs}, load average before {os.getloadavg()[0]:.2f}")
        results = {}
        for size in a.sizes:
            folder = base / f"n{size}"
            t = time.perf_counter()
            counts = build(folder, size, srcs)
            made = time.perf_counter() - t
            runs = [measure(folder, a.jobs) for _ in range(a.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            results[size] = best
            s = best["summary"]
            print(f"\n{size} reports ({counts['text']} text, {counts['web']} web page, {counts['docx']} .docx; "
                  f"built in {made:.1f} s)")
            print(f"  time {best['seconds']:.2f} s   throughput {size / best['seconds']:.1f} reports/s   "
                  f"(runs: {', '.join(format(r['seconds'], '.2f') for r in runs)})")
            print(f"  CPU time {best['cpu']:.1f} s (main process {best['main_cpu']:.1f} s, workers "
                  f"{best['cpu'] - best['main_cpu']:.1f} s)")
            print(f"  peak memory: main process {best['main_mb']:.0f} MB, largest worker {best['worker_mb']:.0f} MB;"
                  f" 台账 {best['ledger_mb']:.1f} MB")
            print(f"  read {s['reports']}, unreadable {s['unreadable']}; 台账 rows: "
                  f"({', '.join(f'{k} {v}' for k, v in best['rows'].items())})")
        if 100 in results and 1000 in results:
            r = results[1000]["seconds"] / results[100]["seconds"]
            grow = (results[1000]["main_mb"] - results[100]["main_mb"]) / 900 * 1024
            c = results[1000]["cpu"] / results[100]["cpu"]
            print(f"\nt(1000)/t(100) = {r:.2f} (goal ≤ 10.5), CPU time ratio {c:.2f} (less sensitive to a loaded "
                  f"machine); 1,000 reports in {results[1000]['seconds']:.1f} s "
                  f"(goal ≤ 60 s: {'met' if results[1000]['seconds'] <= 60 else 'NOT met'})")
            print(f"main process grows {grow:.0f} KB per report (the rows it keeps); workers "
                  f"{results[100]['worker_mb']:.0f} MB → {results[1000]['worker_mb']:.0f} MB")
        print(f"load average after {os.getloadavg()[0]:.2f} (other processes on the machine inflate the times)")


if __name__ == "__main__":
    main()
