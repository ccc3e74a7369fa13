"""Last year's reports for --previous-year: a folder of reports (read like this year's), or last
year's 台账 (its 数据 and 正文存档 sheets). The index maps a unit's normalised name to its
reports by year; the workers look each report's unit up in it."""
from __future__ import annotations

from pathlib import Path

from .names import normalise


def index(entries: list[tuple[dict, str, str | None]]) -> dict:
    """unit key -> {year: (compact report, file)} from (compact report, file, unit) triples; of two
    reports of one unit and year the first (by file name) is kept."""
    out: dict[str, dict] = {}
    for report, file, unit in sorted(entries, key=lambda e: e[1]):
        year = _year(report["meta"].get("year"))
        if unit and year is not None:
            out.setdefault(normalise(unit), {}).setdefault(year, (report, file))
    return out


def load(path: Path, read_folder) -> tuple[dict, int]:
    """(index, number of reports) of `path`: a 台账 .xlsx, or a folder read with `read_folder`
    (a function returning FileResults)."""
    from .ledger_read import LedgerError, is_ours
    if not path.exists():
        raise LedgerError(f"找不到 --previous-year 指定的上年年报：{path}")
    if path.is_file() and not is_ours(path):
        raise LedgerError(f"--previous-year：“{path.name}”不是 xxgk batch 生成的核查台账；请给出上年的年报文件夹，"
                          f"或上年的核查台账")
    if path.is_dir():
        results = read_folder(path)
        entries = [(r.report, r.rel, r.unit) for r in results if r.ok]
    else:
        from .ledger_read import previous_reports
        entries = previous_reports(path)
    return index(entries), len(entries)


def _year(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
