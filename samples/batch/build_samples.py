"""Rebuild samples/batch/报告 from the seeds (tests/fixtures/seeds: published reports of public
agencies): the same reports in the forms a supervisor receives, plus what goes wrong in practice.

    .venv/bin/python samples/batch/build_samples.py
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
OUT = Path(__file__).resolve().parent / "报告"


def main() -> None:
    from generator.importer import import_path, import_text
    from generator.render import render_report
    from generator.workbook_write import build_workbook
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "重复发送").mkdir(parents=True)
    yinzhou = SEEDS / "000_2625dda15ab019a2.txt"
    shutil.copy(yinzhou, OUT / "鄞州公安分局2023年报.txt")                       # text, as published
    shutil.copy(yinzhou, OUT / "重复发送" / "鄞州分局年报（再次报送）.txt")          # the same file again
    shutil.copy(SEEDS / "001_c9d434514e7b6352.txt", OUT / "宁波市公安局年报.txt")   # last year's format: 2019
    baoshan = import_path(SEEDS / "002_e0a4b7f9db582c7c.txt").report
    build_workbook(OUT / "宝山公安分局填报工作簿.xlsx", baoshan.format, baoshan)     # a filled workbook
    xingning = import_path(SEEDS / "003_92c2aee800684aca.txt").report
    render_report(xingning, OUT / "兴宁市公安局2023年度报告.docx", force=True)      # Word
    copied = (SEEDS / "003_92c2aee800684aca.txt").read_text(encoding="utf-8")
    copied = copied.replace("兴宁市公安局", "示范县公安局").replace("兴宁", "示范").replace("1424条", "1530条")
    render_report(import_text(copied).report, OUT / "示范县公安局年报.html", force=True)  # 雷同 with 兴宁
    (OUT / "损坏的文件.docx").write_bytes((OUT / "兴宁市公安局2023年度报告.docx").read_bytes()[:2000])
    print(*sorted(p.relative_to(OUT).as_posix() for p in OUT.rglob("*") if p.is_file()), sep="\n")


if __name__ == "__main__":
    main()
