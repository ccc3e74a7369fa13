"""Collect the units' reports a 汇总 adds up: files and folders in, one `Unit` per report out.

A unit's report may be a workbook, a JSON export or a published report in any form the importer
reads. Nothing is dropped quietly: a file that cannot be read, a second report of the same unit,
a report of another year stop the run (the sum would be wrong or partial) with a message naming
every such file; files that are plainly not reports and sub-folders are skipped and listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReportError
from ..nfkc import nfkc
from ..report import Report

WORKBOOKS = (".xlsx", ".xlsm", ".xltx", ".xltm")


@dataclass(frozen=True)
class Unit:
    name: str                  # the unit's agency (机关名称), else its file's stem
    file: str                  # the file it was read from, as shown to the clerk
    report: Report

    @property
    def label(self) -> str:
        """How a message names the unit: 某局（某局.docx）."""
        return self.name if not self.file or self.file == self.name else f"{self.name}（{self.file}）"


@dataclass
class Collected:
    units: list[Unit]
    year: int | None
    notes: list[str] = field(default_factory=list)   # what was skipped and why (Chinese)


def name_key(text: object) -> str:
    """A name as compared: NFKC, no spaces (全角/半角 and stray blanks do not make two units)."""
    return "".join(nfkc(str(text or "")).split())


def report_suffixes() -> tuple[str, ...]:
    from ..importer import SUFFIXES
    return WORKBOOKS + (".json",) + tuple(SUFFIXES)


def read_unit(path: Path) -> Report:
    """The report in one file; ReportError (Chinese, naming the file) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        from ..workbook_read import read_workbook
        return read_workbook(path)
    if suffix == ".json":
        return Report.load_json(path)
    from ..importer import import_path
    return import_path(path).report


def unit_files(paths, skip=()) -> tuple[list[Path], list[str]]:
    """The files to read (a folder gives the report files directly in it, by name) and notes on
    what was left out. `skip`: files that are not units (the output, the 汇总 checked, the roster)."""
    skipped = {Path(p).resolve() for p in skip}
    suffixes = report_suffixes()
    files, notes = [], []
    for given in paths:
        p = Path(given)
        if not p.exists():
            raise ReportError(f"找不到文件或文件夹：{p}")
        if p.is_file():
            if p.resolve() not in skipped:
                files.append(p)
            continue
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            if child.name.startswith((".", "~$")) or child.resolve() in skipped:
                continue   # hidden files and Excel's lock files are never reports
            if child.is_dir():
                notes.append(f"未读取子文件夹“{child.name}”：汇总只读取“{p.name}”中直接存放的年报")
            elif child.suffix.lower() in suffixes:
                files.append(child)
            else:
                notes.append(f"已跳过“{child.name}”：不是年报文件（{child.suffix or '没有扩展名'}）")
    return files, notes


def read_units(files: list[Path]) -> list[Unit]:
    """Every file read; ReportError listing all the files that could not be (not just the first)."""
    units, errors = [], []
    for f in files:
        try:
            report = read_unit(f)
        except ReportError as e:
            errors.append(str(e))
            continue
        units.append(Unit(str(report.meta.get("agency") or "").strip() or f.stem, f.name, report))
    if errors:
        raise ReportError("以下文件无法读取，没有生成汇总（汇总缺少任何一个单位都不完整）：\n"
                          + "\n".join(f"  {e}" for e in errors) + "\n请改正这些文件，或把不属于汇总的文件移出文件夹")
    return units


def duplicates(units: list[Unit]) -> list[list[Unit]]:
    """Groups of two or more reports of the same unit (by name)."""
    groups: dict[str, list[Unit]] = {}
    for u in units:
        groups.setdefault(name_key(u.name), []).append(u)
    return [g for g in groups.values() if len(g) > 1]


def other_years(units: list[Unit], year: int) -> list[Unit]:
    return [u for u in units if u.report.year is not None and u.report.year != year]


def common_year(units: list[Unit]) -> int | None:
    """The one year the units state, or None when they state none or several."""
    years = {u.report.year for u in units if u.report.year is not None}
    return years.pop() if len(years) == 1 else None


def collect(paths, year: int | None = None, agency: str | None = None, skip=()) -> Collected:
    """The units of a 汇总 of `year` (default: the one year the units state) for `agency`: a report
    of `agency` itself is the 汇总, not a unit, and is skipped. ReportError when the run must stop."""
    files, notes = unit_files(paths, skip)
    if not files:
        raise ReportError("没有找到单位年报：请给出各单位的年报文件，或存放年报的文件夹"
                          f"（可读取 {'、'.join(report_suffixes())}）")
    units = []
    for u in read_units(files):
        if agency and name_key(u.name) == name_key(agency):
            notes.append(f"已跳过“{u.file}”：它是“{agency}”本身的报告，不是下属单位的年报")
        else:
            units.append(u)
    if not units:
        raise ReportError("没有找到下属单位的年报：给出的文件都是汇总机关本身的报告")
    problems = [f"“{'”“'.join(u.file for u in g)}”都是“{g[0].name}”的年报：同一单位只能计入一次，请只留下一份"
                for g in duplicates(units)]
    if year is None:
        year = common_year(units)
        if year is None:
            found = sorted({u.report.year for u in units if u.report.year is not None})
            problems.append("无法确定汇总年度：" + (f"各单位年报的年度不同（{'、'.join(map(str, found))}）"
                            if found else "各单位年报都没有写明报告年度") + "，请用 --year 指定")
    else:
        problems += [f"“{u.file}”是 {u.report.year} 年度的年报，汇总的是 {year} 年度：请移出该文件，"
                     f"或改正其“报告年度”" for u in other_years(units, year)]
    if problems:
        raise ReportError("没有生成汇总：\n" + "\n".join(f"  {p}" for p in problems))
    return Collected(units, year, notes)


def read_roster(path) -> list[str]:
    """Unit names of a roster: a text or CSV file (one unit a line; in CSV the first column that is
    not a serial number), or a workbook (the same, from its first sheet). A header line is skipped."""
    p = Path(path)
    if not p.is_file():
        raise ReportError(f"找不到名单文件：{p}")
    if p.suffix.lower() in WORKBOOKS:
        from ..workbook_read import open_workbook
        wb = open_workbook(p, read_only=True)
        try:
            rows = [[str(v).strip() if v is not None else "" for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    else:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = p.read_bytes().decode("gb18030", errors="replace")
        import csv
        rows = list(csv.reader(text.splitlines())) if p.suffix.lower() == ".csv" else [[line] for line in text.splitlines()]
    names = []
    for row in rows:
        cells = [c.strip() for c in row if c and c.strip()]
        words = [c for c in cells if not c.replace(".", "").isdigit()]
        if words and words[0] not in _HEADERS:
            names.append(words[0])
    if not names:
        raise ReportError(f"名单“{p.name}”中没有单位名称：每行写一个单位")
    return names


_HEADERS = {"单位", "名称", "单位名称", "机关名称", "部门", "部门名称", "序号"}
