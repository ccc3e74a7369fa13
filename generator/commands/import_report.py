from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError
from ..importer.readers import supported
from .common import EXIT_FINDINGS, EXIT_OK, echo, fail, json_text, wait_notice, writing


@click.command("import")
@click.argument("report_file", type=click.Path(dir_okay=False), metavar="年报文件")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="新工作簿.xlsx",
              help="新建一个工作簿（格式版本按原文识别）并写入导入的数据。")
@click.option("--into", type=click.Path(dir_okay=False), metavar="已有工作簿.xlsx",
              help="写入已有的工作簿：已有数据的单元格不会被改动，除非加 --force。")
@click.option("--force", is_flag=True, help="覆盖已存在的 -o 文件，或覆盖 --into 工作簿中已有的数据。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导入的数据（含每个值的来源行）和校验结果。")
@click.option("--all", "show_all", is_flag=True, help="同时列出“提示”级别的结果（默认只计数）。")
def command(report_file, output, into, force, as_json, show_all):
    """导入已发布的年报（文本、网页、Word、PDF 等），按原文核对后写入工作簿。

    按行、列标签识别表二、表三、表四的每个单元格，读取标题中的机关名称和年度、开头的联系方式、
    结尾的发布日期以及一至六部分的正文；报告单位换算、多出或缺少的行、缺少的部分、
    正文与表格矛盾等问题，并注明原文行号。

    \b
    支持的文件：{supported}。

    退出码：0 没有错误；1 发现错误；2 文件无法读取或无法写入。
    """
    from ..checker import has_errors, summary
    from ..importer import import_path
    if output and into:
        fail("-o 与 --into 只能选一个：-o 新建工作簿，--into 写入已有工作簿")
    try:
        result = import_path(report_file)
    except ReportError as e:
        fail(str(e))
    report, findings = result.report, result.findings
    written, changes = None, []
    if output:
        written = _write_new(Path(output), report, force)
    elif into:
        written, changes = _fill(Path(into), report, force)
    if as_json:
        d = result.to_dict()
        d["source"] = report_file
        d["written"] = str(written) if written else None
        d["changes"] = [_change_dict(c) for c in changes]
        click.echo(json_text(d, indent=1, default=str))
    else:
        from .validate import _print_human
        n_cells = sum(1 for k in report.provenance if k.split(".", 1)[0] in ("t2", "t3", "t4"))
        echo(f"已从 {report_file} 读取 {n_cells} 个单元格、{len([t for t in report.text.values() if t])} 段正文"
             f"（{report.format} 格式）。")
        _print_human(report_file, report, findings, summary(findings), show_all)
        if into and not changes:
            echo(f"\n{written} 已包含导入的数据，未改动")
        elif written:
            echo(f"\n已写入 {written}" + (f"（改动 {len(changes)} 处）" if into else ""))
        else:
            click.echo("\n未写入工作簿：加 -o 新工作簿.xlsx 生成工作簿，或加 --into 已有工作簿.xlsx 写入已有工作簿。")
    raise SystemExit(EXIT_FINDINGS if has_errors(findings) else EXIT_OK)


command.help = command.help.replace("{supported}", supported())


def _short(v, n: int = 30) -> str:
    text = "（空）" if v in (None, "") else " ".join(str(v).split())
    return text if len(text) <= n else text[:n] + "…"


def _change_dict(c) -> dict:
    return {"id": c.id, "where": c.where, "old": c.old, "new": c.new}


def _write_new(path: Path, report, force: bool) -> Path:
    """A new workbook, under the target's lock; never over a file made meanwhile, unless --force."""
    from ..workbook_write import build_workbook
    with writing(path):
        if path.exists() and not force:
            fail(f"{path} 已存在：要覆盖请加 --force，要写入已有工作簿请用 --into")
        try:
            return Path(build_workbook(path, report.format, report, replace=force))
        except ReportError as e:
            fail(f"无法写入 {path}：{e}")
        except OSError as e:
            fail(f"无法写入 {path}：{e.strerror or e}")


def _fill(path: Path, report, force: bool):
    from ..workbook_fill import fill_workbook
    if not path.exists():
        fail(f"找不到工作簿：{path}（新建请用 -o）")
    try:   # one call, under the lock: what is checked for overwrites is what gets written
        changes = fill_workbook(path, report, force=force, on_wait=wait_notice(path))
    except ReportError as e:
        fail(f"无法写入 {path}：{e}")
    except OSError as e:
        fail(f"无法写入 {path}：{e.strerror or e}")
    overwrites = [c for c in changes if c.conflict]
    if overwrites and not force:   # fill_workbook wrote nothing
        echo(f"{path} 中已有数据，导入会覆盖以下 {len(overwrites)} 处已填写的内容（未写入；确认覆盖请加 --force）：", err=True)
        for c in overwrites[:50]:
            echo(f"  {c.where}（{c.id}）：{_short(c.old)} → {_short(c.new)}", err=True)
        if len(overwrites) > 50:
            click.echo(f"  ……共 {len(overwrites)} 处", err=True)
        raise SystemExit(EXIT_FINDINGS)
    return path, changes
