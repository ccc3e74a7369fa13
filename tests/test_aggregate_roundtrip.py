"""The 汇总 workbook end to end: units written as real workbooks, summed by `xxgk aggregate`, rendered
by `xxgk render` and imported again gives the same cells; LibreOffice recalculating the 汇总
workbook (with its 来源 sheet added) gives the same totals, and the same 校验 rows, as Python."""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importer import import_path
from generator.office import recalculate
from generator.workbook_read import read_workbook
from generator.workbook_write import build_workbook
from test_aggregate_sum import _units
from test_recalc_workbook import _compare

CASES = [(11, "2021", False), (12, "2019", False), (13, "2021", True)]   # seed, format, one unit of the other


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="xxgk")


def region(tmp_path, seed: int, version: str, mixed: bool):
    """Four units with a few messy cells (blank, /, text) as workbooks, summed into 汇总.xlsx."""
    d = tmp_path / f"units{seed}"
    d.mkdir()
    for u in _units(seed, version, 4, mixed, 2):
        build_workbook(d / u.file, report=u.report)
    out = tmp_path / f"汇总{seed}.xlsx"
    r = run("aggregate", d, "-o", out, "--agency", "某某县人民政府", "--year", 2024, "--format", version)
    assert r.exit_code in (0, 1) and out.exists(), r.output
    return out


@pytest.mark.parametrize("seed, version, mixed", CASES)
@pytest.mark.parametrize("suffix", [".docx", ".html", ".txt"])
def test_aggregate_render_import_gives_the_same_cells(tmp_path, seed, version, mixed, suffix):
    book = region(tmp_path, seed, version, mixed)
    summed = read_workbook(book)
    assert any(v is None for v in summed.cells.values()) or not mixed      # blanks do reach the report
    out = tmp_path / f"汇总{suffix}"
    r = run("render", book, "-o", out, "--draft")              # the narrative is the clerk's: a draft
    assert r.exit_code == 0, r.output
    result = import_path(out)
    back = result.report
    # (the importer takes a draft's title mark 【草稿】 for part of the agency's name)
    assert back.format == version and back.meta["agency"].endswith("某某县人民政府") and back.year == 2024
    # Plain text aligns a table with spaces: a row with a blank cell cannot be placed column by
    # column, and the importer reports that row as not imported rather than guess. Nothing else.
    rows_with_blank = {cid.rsplit(".", 1)[0] for cid, v in summed.cells.items() if v is None}
    assert all(cid.rsplit(".", 1)[0] in rows_with_blank for cid in result.missing), result.missing
    assert not result.missing or suffix == ".txt"
    for cid, value in summed.cells.items():
        got = back.cells.get(cid)
        if cid in result.missing:
            continue
        if value is None:
            assert got is None, (cid, got)
        elif isinstance(value, str):
            assert got == value, (cid, got, value)
        else:
            assert got == pytest.approx(value, abs=1e-6), (cid, got, value)


def test_libreoffice_recalculates_the_same_totals_and_checks(tmp_path):
    books = [region(tmp_path, seed, version, mixed) for seed, version, mixed in CASES]
    outs = recalculate(books, tmp_path / "recalc")
    seen: dict[str, set[str]] = {}
    for book, out in zip(books, outs):
        assert _compare(book, out, seen) > 0        # every total and 校验 row as xxgk validate has it
        recalculated = openpyxl.load_workbook(out, data_only=True)
        assert "来源" in recalculated.sheetnames
        sheet = recalculated["来源"]
        assert sheet["A1"].value.startswith("来源：某某县人民政府2024年度汇总") and sheet["C5"].value is not None \
            or sheet["D5"].value.startswith("留空")
