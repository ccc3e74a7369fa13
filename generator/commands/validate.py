from __future__ import annotations

import click

from ..errors import ReportError
from .common import EXIT_FINDINGS, EXIT_OK, clean, echo, fail, json_text, load_report
from .previous import load_previous

_TABLE_TITLES = {"meta": "基本信息", "text": "正文", "t2": "表二 主动公开政府信息情况",
                 "t3": "表三 收到和处理政府信息公开申请情况", "t4": "表四 政府信息公开行政复议、行政诉讼情况",
                 "children": "汇总核对"}
_COLOURS = {"错误": "red", "警告": "yellow", "提示": "cyan"}


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False), metavar="工作簿")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出校验结果（供批量处理）。")
@click.option("--previous", type=click.Path(dir_okay=False), metavar="上年年报",
              help="同一机关上一年度的工作簿、JSON 或已发布的年报，用于跨年度核对：是否同一机关的上一年度、"
                   "上年结转、现行有效件数、正文是否照抄上年。")
@click.option("--deadline", default="01-31", show_default=True, metavar="月-日",
              help="发布期限（报告年度次年的月-日）：部门 01-31，县级汇总 02-20，地市级 03-10，省级 03-31。")
@click.option("--all", "show_all", is_flag=True, help="同时列出“提示”级别的结果（默认只计数）。")
@click.option("--children", type=click.Path(exists=True, file_okay=False), metavar="文件夹",
              help="本报告是汇总报告时：与文件夹中各单位的年报逐格核对（每个单元格应等于各单位之和）。")
@click.option("--roster", type=click.Path(dir_okay=False), metavar="名单",
              help="与 --children 一起用：应有年报的单位名单（文本或表格，每行一个单位）；缺少单位时核对为“无法判断”。")
def command(file, as_json, previous, deadline, show_all, children, roster):
    """按全部规则校验年报工作簿（.xlsx/.xlsm）或导出的 JSON。

    退出码：0 没有错误；1 发现错误；2 文件无法读取。
    """
    from ..checker import check, has_errors, summary
    if not _valid_deadline(deadline):
        fail(f"--deadline 应为“月-日”格式，如 01-31，实际为“{deadline}”")
    try:
        report = load_report(file)
        prev = load_previous(previous) if previous else None
    except ReportError as e:
        fail(str(e))
    findings = check(report, prev, deadline)
    told = _children(report, file, children, roster, findings) if children or roster else None
    counts = summary(findings)
    if as_json:
        click.echo(json_text({"file": file, "format": report.format, "summary": counts,
                              "findings": [f.to_dict() for f in findings], **({"children": told} if told else {})},
                             indent=1))
    else:
        _print_human(file, report, findings, counts, show_all)
        if told:
            echo(f"汇总核对（“{told['folder']}”中 {told['units']} 个单位的年报）：{told['verdict']}"
                 + "".join(f"\n  {note}" for note in told["notes"]))
    raise SystemExit(EXIT_FINDINGS if has_errors(findings) else EXIT_OK)


def _children(report, file, folder, roster, findings) -> dict:
    """--children: the 汇总 against its units' reports (generator/aggregate); adds to `findings`."""
    from ..aggregate import check_folder, verdict
    if not folder:
        fail("--roster 需要与 --children 文件夹 一起使用")
    try:
        more, units, notes = check_folder(report, file, folder, roster)
    except ReportError as e:
        fail(str(e))
    findings += more
    return {"folder": folder, "units": units, "verdict": verdict(more), "notes": notes}


def _valid_deadline(text: str) -> bool:
    import datetime as dt
    try:
        dt.date(2001, *(int(x) for x in text.split("-")))
        return text.count("-") == 1
    except (TypeError, ValueError):
        return False


def _print_human(file, report, findings, counts, show_all) -> None:
    agency = report.meta.get("agency") or "（未填机关名称）"
    echo(f"{file}：{agency} {report.meta.get('year') or ''}年度，{report.format} 格式")
    groups: dict[str, list] = {}
    for f in findings:
        if f.severity != "提示" or show_all:
            # 汇总 checks on no cell (a unit missing, of another year) under their own heading
            groups.setdefault("children" if not f.cells and f.rule[0] == "A" else f.table, []).append(f)
    for key in ("meta", "text", "t2", "t3", "t4", "children"):
        if key not in groups:
            continue
        click.echo("\n" + click.style(_TABLE_TITLES[key], bold=True))
        for f in groups[key]:
            where = f"（{'、'.join(f.where[:4])}{'等' if len(f.where) > 4 else ''}）" if f.where else ""
            tag = click.style(f"[{f.severity}]", fg=_COLOURS[f.severity])
            click.echo(f"  {tag} " + clean(f"{f.rule} {f.message}{where}"))
    hidden = "" if show_all or not counts["提示"] else "（提示未列出，加 --all 查看）"
    click.echo(f"\n共 {counts['错误']} 个错误，{counts['警告']} 个警告，{counts['提示']} 个提示{hidden}")
