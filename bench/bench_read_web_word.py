"""Time of the web-page and Word readers per corpus file (readers/html.py, readers/docx.py), beside
a reference each: the stdlib HTMLParser fed the page with no handlers (what the old reader paid
before doing anything), and python-docx opening the .docx (what the old reader paid before reading
a single cell). Last, the time to refuse a zip bomb (a .docx whose document.xml inflates to 200 MB).

Run: python bench/bench_read_web_word.py [FILE ...]   (default: ../shared/corpus/raw/*.page.html and
*.docx, else the copies in tests/fixtures/corpus/raw). Targets: median wall time <= 25 ms per web
page, <= 20 ms per .docx. Reader and reference are timed in interleaved rounds; the reader's CPU
time is printed too, as wall time grows when other processes share the machine.
"""
from __future__ import annotations

import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 30
TARGETS = {".html": 0.025, ".docx": 0.020}


def corpus() -> list[Path]:
    for folder in (ROOT.parent / "shared" / "corpus" / "raw", ROOT / "tests" / "fixtures" / "corpus" / "raw"):
        found = sorted(folder.glob("*.page.html")) + sorted(folder.glob("*.docx"))
        if found:
            return found
    raise SystemExit("no corpus page or .docx found")


def html_reference(data: bytes) -> None:
    from html.parser import HTMLParser
    p = HTMLParser()
    p.feed(data.decode("utf-8", errors="replace"))
    p.close()


def docx_reference(data: bytes) -> None:
    import docx
    docx.Document(io.BytesIO(data))


def timed(fn, data: bytes, name: str) -> tuple[float, float]:
    """Wall time and CPU time of one call (they differ when other processes share the machine)."""
    t, c = time.perf_counter(), time.process_time()
    fn(data, name)
    return time.perf_counter() - t, time.process_time() - c


def bench(path: Path) -> None:
    from generator.importer.readers import docx as word
    from generator.importer.readers import html as web
    data = path.read_bytes()
    is_docx = path.suffix.lower() == ".docx"
    reader, reference = (word.read, docx_reference) if is_docx else (web.read, html_reference)
    reader(data, path.name)                          # imports and first-call costs out of the rounds
    ours, cpu, theirs = [], [], []
    for _ in range(ROUNDS):
        wall, used = timed(reader, data, path.name)
        ours.append(wall)
        cpu.append(used)
        theirs.append(timed(lambda d, n: reference(d), data, path.name)[0])
    target = TARGETS[".docx" if is_docx else ".html"]
    med = statistics.median(ours)
    print(f"{path.name:28} reader median {med * 1000:5.1f} ms  min {min(ours) * 1000:5.1f} ms"
          f"  (CPU median {statistics.median(cpu) * 1000:5.1f} ms)"
          f"   reference median {statistics.median(theirs) * 1000:5.1f} ms"
          f"   target <= {target * 1000:.0f} ms {'ok' if med <= target else 'MISSED'}")


def bomb() -> None:
    from generator.importer.errors import ReportImportError
    from generator.importer.readers import docx as word
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w") as f:
        block = b"\0" * (1024 * 1024)
        for _ in range(200):
            f.write(block)
    data = out.getvalue()
    t = time.perf_counter()
    try:
        word.read(data, "bomb.docx")
        outcome = "READ (should have been refused)"
    except ReportImportError as e:
        outcome = f"refused: {e}"
    print(f"zip bomb ({len(data) // 1024} KB -> 200 MB) {(time.perf_counter() - t) * 1000:.1f} ms, {outcome}")


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or corpus()
    print(f"{ROUNDS} rounds per file")
    for path in paths:
        bench(path)
    bomb()


if __name__ == "__main__":
    main()
