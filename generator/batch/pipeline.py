"""The batch from folder to 台账: scan, read every file on every core, identify, compare, merge the
reviewers' verdicts, write the 台账 (and notices). The command (commands/batch.py) only parses
options and prints; everything it shows comes from the `Outcome`."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..sheet_rows import DEFAULT_DEADLINE
from . import children, ledger, output, roster as roster_mod, sheets as sh, similar, verdicts
from .identify import SUMMARY
from .ledger_read import LedgerError, old_verdicts
from .results import NOT_READ, UNREADABLE, FileResult
from .run import run_all
from .scan import Entry, FolderError, dedupe, walk
from .work import SUMMARY_DEADLINE, Settings, items_of, report_of, unit_key


class BatchError(Exception):
    """The batch cannot run or cannot write (exit code 2); the message is Chinese."""


@dataclass
class Options:
    folder: Path
    output: Path | None
    jobs: int
    roster: Path | None = None
    previous_year: Path | None = None
    year: int | None = None
    deadline: str = DEFAULT_DEADLINE
    summary_deadline: str = SUMMARY_DEADLINE
    notices: Path | None = None
    due: dt.date | None = None
    issuer: str | None = None
    force: bool = False


@dataclass
class Outcome:
    results: list[FileResult]
    sheets: list[sh.Sheet]
    summary: dict
    messages: list[str] = field(default_factory=list)
    notices: list[Path] = field(default_factory=list)


def run_batch(opts: Options, progress=None) -> Outcome:
    """`progress(label, total)` returns a function called with the number of files just done."""
    started = time.perf_counter()
    out = opts.output
    try:
        if out is not None:
            output.check_writable(out)
            output.can_create(out)
            with output.exclusive(out):
                return _run(opts, progress, started)
        return _run(opts, progress, started)
    except (LedgerError, FolderError, roster_mod.RosterError) as e:
        raise BatchError(str(e)) from None


def _run(opts: Options, progress, started: float) -> Outcome:
    units = roster_mod.load(opts.roster) if opts.roster else None
    messages: list[str] = []
    settings = Settings(opts.deadline, opts.summary_deadline)
    if opts.previous_year:
        from .previous import load
        settings.previous, n = load(opts.previous_year, lambda p: read_folder(p, opts, Settings(), progress,
                                                                               "读取上年年报"))
        messages.append(f"上年年报：{n} 份（{opts.previous_year}）")
    results = read_folder(opts.folder, opts, settings, progress, "核查")
    keys = [unit_key(r.unit, r.sha256) for r in results]
    remarks = _same_unit_remarks(results, keys)
    _check_summaries(results, units, remarks)
    finding_rows, similar_rows = _with_verdicts(opts, results, keys, messages)
    year = roster_mod.batch_year(results, opts.year)
    sheets = [sh.summary_sheet(results, remarks), sh.Sheet(sh.FINDINGS, sh.FINDING_COLS, sh.numbered(finding_rows),
                                                          verdicts=True), sh.data_sheet(results)]
    if units is not None:
        sheets.append(sh.Sheet(sh.ROSTER, sh.ROSTER_COLS, sh.numbered(roster_mod.compare(results, units, year))))
    sheets += [sh.Sheet(sh.SIMILAR, sh.SIMILAR_COLS, sh.numbered(similar_rows), verdicts=True),
               sh.texts_sheet(results)]
    outcome = Outcome(results, sheets, {}, messages)
    _write(opts, outcome, finding_rows, similar_rows)
    outcome.summary = summarise(results, sheets, year, time.perf_counter() - started)
    return outcome


def _with_verdicts(opts: Options, results, keys, messages: list[str]) -> tuple[list[dict], list[dict]]:
    """The rows of 问题清单 and 雷同, with the verdicts of the 台账 being updated merged in."""
    finding_rows = sh.finding_rows(results)
    similar_rows = sh.similar_rows(results, similar.cross_unit(results, keys), keys)
    old_f, old_s, checked = [], [], None
    if opts.output is not None and opts.output.exists():
        old_f, old_s, added = old_verdicts(opts.output)
        checked = _checked(results)
        if added:
            messages.append(f"原台账中您添加的工作表“{'”“'.join(added)}”不在新台账中，仍在备份文件里")
    return verdicts.merge(finding_rows, old_f, checked), verdicts.merge(similar_rows, old_s, checked)


def _write(opts: Options, outcome: Outcome, finding_rows, similar_rows) -> None:
    """The 台账 (the old one backed up first), then the notices."""
    if opts.output is not None:
        saved = output.backup(opts.output)
        output.replace(opts.output, lambda tmp: ledger.write(tmp, outcome.sheets))
        if saved:
            outcome.messages.append(f"原台账已备份为 {saved.name}")
    if opts.notices is not None:
        from .notices import by_unit, write_notices
        written, kept = write_notices(opts.notices, by_unit(finding_rows, similar_rows), opts.due, opts.issuer,
                                      opts.force)
        outcome.notices = written
        if kept:
            outcome.messages.append(f"{len(kept)} 份整改通知已存在，未改动（加 --force 覆盖）：{kept[0].name} 等")


def _checked(results):
    """Whether an old 台账 row's report (its unit and year) was among the reports read this time."""
    from .names import normalise
    seen = {(normalise(r.unit), r.year) for r in results if r.ok and r.unit}
    return lambda row: (normalise(row.get("unit")), row.get("year")) in seen


def read_folder(folder: Path, opts: Options, settings: Settings, progress, label: str) -> list[FileResult]:
    """The results of every file under `folder`, in path order (a subfolder that cannot be opened
    is a row too)."""
    exclude = tuple(p for p in (opts.output, opts.notices, opts.roster, opts.previous_year) if p is not None)
    entries, problems = walk(folder, exclude)
    entries = dedupe(entries)
    rows: dict[str, FileResult] = {}
    tasks = []
    for e in entries:
        if e.error or not e.readable_kind:
            rows[e.rel] = _not_read(e)
        else:
            tasks.append((str(e.path), e.rel, e.sha256, e.size))
    tick = progress(label, len(tasks)) if progress else None
    for r in run_all(tasks, settings, opts.jobs, tick):
        rows[r.rel] = r
    for e in entries:
        rows[e.rel].copies = e.copies
    results = [rows[k] for k in sorted(rows)]
    results += [FileResult(p, "", 0, "文件夹", status=UNREADABLE, error=p) for p in problems]
    if not results:
        raise BatchError(f"文件夹 {folder} 中没有文件（含子文件夹）")
    return results


def _not_read(e: Entry) -> FileResult:
    from ..importer.readers import reader_for
    from .work import form_of
    if e.error:
        return FileResult(e.rel, e.sha256, e.size, form_of(e.path), status=UNREADABLE, error=e.error)
    try:
        reader_for(e.path)
        why = "不支持的文件类型"
    except Exception as err:  # noqa: BLE001 - reader_for's message says what to do with the file
        why = str(err)
    return FileResult(e.rel, e.sha256, e.size, form_of(e.path), status=NOT_READ, error=why)


def _same_unit_remarks(results, keys) -> dict[str, list[str]]:
    """Two different files of one unit and year: each row names the other."""
    groups: dict[tuple, list[FileResult]] = {}
    for r, k in zip(results, keys):
        if r.ok and r.unit and r.year is not None:
            groups.setdefault((k, r.year), []).append(r)
    out: dict[str, list[str]] = {}
    for rs in groups.values():
        for r in rs if len(rs) > 1 else ():
            others = "、".join(o.rel for o in rs if o is not r)
            out.setdefault(r.rel, []).append(f"同一单位同一年度另有报告：{others}")
    return out


def _check_summaries(results, units, remarks) -> None:
    """Issue 16's check of each 汇总 against its units, through children.provider()."""
    check = children.provider()
    names = [u.name for u in units] if units else None
    folders = [children.folder_of(r.rel) for r in results]
    for i, r in enumerate(results):
        if not (r.ok and r.kind == SUMMARY):
            continue
        if check is None:
            remarks.setdefault(r.rel, []).append(children.NOT_AVAILABLE)
            continue
        kids = children.children_of(i, results, folders)
        if not kids:
            remarks.setdefault(r.rel, []).append("文件夹中没有其下属单位同一年度的报告，未核对合计")
            continue
        summary = report_of(r.report)
        try:
            found = check(summary, [(results[j].unit or results[j].rel, report_of(results[j].report)) for j in kids],
                          roster=names)
        except Exception as e:  # noqa: BLE001 - a failing check must not end the batch
            remarks.setdefault(r.rel, []).append(f"与下属单位核对时出错（{type(e).__name__}：{e}）")
            continue
        r.items += items_of(found, summary, r.unit, r.year, r.sha256 + ":children")
        remarks.setdefault(r.rel, []).append(f"已与下属单位的 {len(kids)} 份报告核对合计")


def summarise(results, sheets, year, seconds: float) -> dict:
    ok = [r for r in results if r.ok]
    counts = {"错误": 0, "警告": 0, "提示": 0, "无法判断": 0}
    for r in ok:
        for k, n in r.counts().items():
            counts[k] += n
    by_name = {s.name: s for s in sheets}
    roster_rows = by_name[sh.ROSTER].rows if sh.ROSTER in by_name else None
    return {"files": len(results) + sum(len(r.copies) for r in results), "reports": len(ok),
            "unreadable": sum(1 for r in results if r.status == UNREADABLE),
            "not_read": sum(1 for r in results if r.status == NOT_READ),
            "copies": sum(len(r.copies) for r in results),
            "errors": counts["错误"], "warnings": counts["警告"], "infos": counts["提示"],
            "undecided": counts["无法判断"], "reports_with_errors": sum(1 for r in ok if r.has_errors),
            "similar": sum(1 for row in by_name[sh.SIMILAR].rows if row.get("status") != verdicts.GONE),
            "missing": None if roster_rows is None else sum(1 for row in roster_rows if row["case"] == roster_mod.MISSING),
            "year": year, "seconds": round(seconds, 2)}


def exit_code(summary: dict) -> int:
    """0: no report has a 错误 and every file was read; 1 otherwise (2 is raised as BatchError)."""
    return 1 if summary["reports_with_errors"] or summary["unreadable"] or summary["not_read"] else 0
