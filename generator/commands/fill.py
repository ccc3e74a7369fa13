from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError
from .common import EXIT_FINDINGS, echo, fail, load_report, wait_notice, writing


def _show(v) -> str:
    return "（空白）" if v is None or v == "" else str(v).replace("\n", " ")[:40]


@click.command("fill")
@click.argument("report_file", type=click.Path(dir_okay=False), metavar="JSON文件")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="新工作簿",
              help="生成一个填好数据的新工作簿（.xlsx）。")
@click.option("--into", type=click.Path(dir_okay=False), metavar="已有工作簿",
              help="填入已有的工作簿（.xlsx/.xlsm）；已填写的单元格默认不覆盖。")
@click.option("--force", is_flag=True, help="覆盖已有工作簿中已填写的单元格；与 -o 一起使用时覆盖已存在的文件。")
@click.option("--dry-run", is_flag=True, help="只列出将要修改的单元格，不写入。")
@click.option("-v", "--verbose", is_flag=True, help="逐个列出填入空白单元格的值（默认只列出会覆盖的单元格）。")
def command(report_file, output, into, force, dry_run, verbose):
    """把 JSON 报告数据填入工作簿：新建（-o）或填入已有工作簿（--into）。

    填入已有工作簿时，如有已填写且数值不同的单元格，列出后不写入并以退出码 1 结束，加 --force 才覆盖。
    """
    if bool(output) == bool(into):
        fail("请指定 -o 新工作簿 或 --into 已有工作簿（二选一）")
    try:
        report = load_report(report_file)
    except ReportError as e:
        fail(str(e))
    if output:
        _new(report, Path(output), force)
    else:
        _into(report, Path(into), force, dry_run, verbose)


def _new(report, out: Path, force: bool) -> None:
    from ..model import cell_title
    from ..report import computed_totals
    from ..workbook_write import build_workbook
    if out.suffix.lower() != ".xlsx":
        fail(f"新工作簿应以 .xlsx 为扩展名，而不是“{out.name}”（带宏的工作簿请先用“xxgk template --macros -o {out.stem}.xlsm”"
             "生成，再用 --into 填入）")
    fmt = report.fmt
    computed = computed_totals(fmt, {c: report.cells.get(c) for c in fmt.input_ids()})
    with writing(out):    # never over a file made meanwhile, by anyone, unless --force
        if out.exists() and not force:
            fail(f"{out} 已存在：如需覆盖请加 --force，或用 --into 填入已有工作簿")
        try:
            build_workbook(out, report=report, replace=force)
        except ReportError as e:
            fail(str(e))
        except OSError as e:
            fail(f"无法写入 {out}：{e.strerror or e}")
    echo(f"已生成 {out}（{report.format} 格式）")
    for cid in fmt.derived_ids():
        value, stated = computed[cid], report.cells.get(cid)
        if stated is not None and stated != value:
            echo(f"  注意：{cell_title(fmt.cells[cid])}在数据中为 {stated}，工作簿中由公式按各项之和计算为 "
                 f"{'空白' if value is None else value}")


def _into(report, path: Path, force: bool, dry_run: bool, verbose: bool) -> None:
    from ..workbook_fill import fill_workbook
    if not path.exists():
        fail(f"找不到文件：{path}")
    try:
        changes = fill_workbook(path, report, force=force, dry_run=dry_run, on_wait=wait_notice(path))
    except ReportError as e:
        fail(str(e))
    except OSError as e:
        fail(f"无法写入 {path}：{e.strerror or e}")
    conflicts = [c for c in changes if c.conflict]
    if not changes:
        echo(f"{path} 已包含这些数据，无需修改")
        return
    # Overwrites always get a line each: they are what the user must be able to review.
    for c in changes:
        if c.conflict or verbose or dry_run:
            mark = "覆盖" if c.conflict else "填入"
            echo(f"  {mark} {c.where}：{_show(c.old)} → {_show(c.new)}")
    if dry_run:
        echo(f"（试运行）将修改 {len(changes)} 个单元格，其中 {len(conflicts)} 个已有不同的值；未写入")
    elif conflicts and not force:
        click.echo(f"{len(conflicts)} 个单元格已有不同的值，未写入任何内容。确认覆盖请加 --force", err=True)
        raise SystemExit(EXIT_FINDINGS)
    else:
        echo(f"已写入 {path}：{len(changes)} 个单元格（覆盖 {len(conflicts)} 个）")
