"""Turn a seed truth file (../shared/seeds/truth/*.json, copied to fixtures) into a Report as published."""
import json
from pathlib import Path

from generator.model import T3_COLUMNS, T4_COLUMNS, T4_GROUPS
from generator.report import Report

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
# the real reports in the forms users have, read where CI has them too (../shared/corpus/README.md)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TRUTH_FILES = sorted((SEEDS / "truth").glob("*.json"))


def truth_cells(d: dict) -> dict:
    cells = {}
    for row, cols in d["table2"].items():
        for col, v in cols.items():
            cells[f"t2.{row}.{col}"] = v
    for row, values in d["table3"].items():
        for col, v in zip(T3_COLUMNS, values):
            cells[f"t3.{row}.{col.id}"] = v
    ids = [f"t4.{g.id}.{c.id}" for g in T4_GROUPS for c in T4_COLUMNS]
    cells.update(zip(ids, d["table4"]))
    return cells


def truth_report(path: Path) -> Report:
    d = json.loads(path.read_text(encoding="utf-8"))
    return Report(d["format"], {"agency": d["agency"], "year": d["year"], "format": d["format"]}, {},
                  truth_cells(d), sections_present=tuple(d["sections_present"]))
