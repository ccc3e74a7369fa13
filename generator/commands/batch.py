"""`xxgk batch`: the supervisor's check of a folder of reports (generator/batch)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .common import EXIT_UNREADABLE, fail
from .validate import _valid_deadline


@click.command("batch")
@click.argument("folder", type=click.Path(file_okay=False), metavar="文件夹")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="核查台账.xlsx",
              help="核查台账（.xlsx）。已存在时在原台账上更新：保留复核结论和复核说明，先备份原台账。")
@click.option("--jobs", type=int, default=None, metavar="进程数",
              help="同时处理的进程数，默认为本机的处理器核数。")
@click.option("--roster", type=click.Path(dir_okay=False), metavar="名单.xlsx|.csv",
              help="应报送单位名单（一列“单位名称”，可加“别名”列）：列出未报送、不在名单、重复报送的单位。")
@click.option("--previous-year", type=click.Path(), metavar="文件夹|台账",
              help="上一年度的年报文件夹或上一年度的核查台账：核对上年结转、现行有效件数，找出照抄上年的部分。")
@click.option("--year", type=int, default=None, metavar="年度",
              help="本次核查的报告年度（用于名单核对）；默认取多数报告的年度。")
@click.option("--deadline", default="01-31", show_default=True, metavar="月-日",
              help="本机关年报的发布期限（报告年度次年的月-日）。")
@click.option("--summary-deadline", default="03-31", show_default=True, metavar="月-日",
              help="汇总（本级政府）年报的发布期限。")
@click.option("--notices", type=click.Path(file_okay=False), metavar="文件夹",
              help="为每个单位生成一份整改通知（.docx），列出未标为“不是问题”的问题；须同时给出 --due。")
@click.option("--due", metavar="年-月-日", help="整改期限，如 2025-03-15。")
@click.option("--issuer", metavar="发文单位", help="整改通知的落款单位。")
@click.option("--force", is_flag=True, help="覆盖 --notices 文件夹中已存在的整改通知。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出台账的全部内容（与台账各表一致）。")
def command(folder, output, jobs, roster, previous_year, year, deadline, summary_deadline, notices, due, issuer,
            force, as_json):
    """核查一个文件夹（含子文件夹）中的全部年报，生成核查台账。

    读取文件夹中 xxgk import 能读的所有年报（文本、网页、Word、PDF 等）和填好的工作簿，按全部规则校验；
    单位、年度和类别（本机关或汇总）取自报告本身的标题和正文，不看文件名。相同的文件只核查一次。

    台账各表：汇总（每份报告一行）、问题清单（每个问题一行，含“复核结论”“复核说明”两列）、数据（每份报告的
    全部表格数字）、未报送（需 --roster）、雷同（不同单位之间、与上年）。

    再次运行到同一台账时，保留复核结论；数据已变的清空并注明原结论；已消除的问题保留并标为“已消除”。

    退出码：0 没有报告有错误；1 有报告有错误或有文件无法读取；2 文件夹或名单无法读取、台账无法写入。
    """
    from ..batch import BatchError, Options, exit_code, run_batch
    from ..batch.run import default_jobs
    if jobs is not None and jobs < 1:
        fail(f"--jobs 应为不小于 1 的整数，实际为 {jobs}")
    if year is not None and not 1990 <= year <= 2100:
        fail(f"--year 应为四位年份，如 2024，实际为 {year}")
    if not output and not as_json:
        fail("请用 -o 指定核查台账文件（如 -o 核查台账.xlsx），或加 --json 输出到屏幕")
    for name, value in (("--deadline", deadline), ("--summary-deadline", summary_deadline)):
        if not _valid_deadline(value):
            fail(f"{name} 应为“月-日”格式，如 01-31，实际为“{value}”")
    due_date = _due(due, notices)
    opts = Options(Path(folder), Path(output) if output else None, jobs or default_jobs(),
                   Path(roster) if roster else None, Path(previous_year) if previous_year else None, year,
                   deadline, summary_deadline, Path(notices) if notices else None, due_date, issuer, force)
    try:
        outcome = run_batch(opts, _progress_bar)
    except BatchError as e:
        fail(str(e), EXIT_UNREADABLE)
    if as_json:
        click.echo(json.dumps(to_json(outcome, opts), ensure_ascii=False, indent=1, default=str))
    for m in outcome.messages:
        click.echo(m, err=True)
    click.echo(summary_line(outcome, opts), err=as_json)
    raise SystemExit(exit_code(outcome.summary))


def _due(text: str | None, notices) -> dt.date | None:
    if notices and not text:
        fail("生成整改通知（--notices）时须用 --due 给出整改期限，如 --due 2025-03-15")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--due 应为“年-月-日”格式，如 2025-03-15，实际为“{text}”")


def _progress_bar(label: str, total: int):
    """A tqdm bar on stderr when it is a terminal; nothing otherwise (logs, pipes, tests)."""
    if not sys.stderr.isatty() or total == 0:
        return None
    from tqdm import tqdm
    bar = tqdm(total=total, desc=label, unit="份", file=sys.stderr, leave=False, dynamic_ncols=True)

    def tick(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()
    return tick


def to_json(outcome, opts) -> dict:
    return {"schema": "xxgk-batch/1", "folder": str(opts.folder), "ledger": str(opts.output) if opts.output else None,
            "summary": outcome.summary, "notices": [str(p) for p in outcome.notices],
            "sheets": {s.name: {"columns": [[c.key, c.header] for c in s.columns],
                                **({"labels": s.labels} if s.labels else {}), "rows": s.rows}
                       for s in outcome.sheets}}


def summary_line(outcome, opts) -> str:
    s = outcome.summary
    parts = [f"核查 {s['files']} 个文件：{s['reports']} 份报告"]
    if s["copies"]:
        parts.append(f"{s['copies']} 个相同文件")
    if s["unreadable"] or s["not_read"]:
        parts.append(f"{s['unreadable'] + s['not_read']} 个文件无法核查")
    line = "，".join(parts) + (f"；错误 {s['errors']} 个（{s['reports_with_errors']} 份报告），警告 {s['warnings']} 个，"
                               f"提示 {s['infos']} 个，无法判断 {s['undecided']} 项；雷同 {s['similar']} 处")
    if s["missing"] is not None:
        line += f"；未报送 {s['missing']} 个单位"
    if outcome.notices:
        line += f"；整改通知 {len(outcome.notices)} 份"
    where = f"；台账：{opts.output}" if opts.output else ""
    return f"{line}{where}（用时 {s['seconds']:.1f} 秒）"
