from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError
from .common import echo, fail, writing


@click.command("template")
@click.option("--format", "version", type=click.Choice(["2021", "2019"]), default=None,
              help="格式版本：2021（国办公开办函〔2021〕30号）或 2019（〔2019〕60号，2019、2020年度）。"
                   "默认按 --year 确定，未给年度时为 2021。")
@click.option("--year", type=click.IntRange(2019, 2100), default=None, metavar="年度", help="报告年度，如 2024。")
@click.option("--agency", default=None, metavar="机关名称", help="机关名称，填入“基本信息”。")
@click.option("--macros", is_flag=True, help="生成带宏和按钮的 .xlsm 工作簿（需要 xlwings）。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="文件",
              help="输出的工作簿（.xlsx；带 --macros 时为 .xlsm）。")
@click.option("--from", "previous", type=click.Path(dir_okay=False), default=None, metavar="上年年报",
              help="由上年年报（工作簿、JSON 或已发布的 Word/网页/PDF 年报）预填：上年结转、现行有效件数"
                   "（2019 格式为上一年项目数量）和机关名称、联系方式；年度默认为上年的次年。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def command(version, year, agency, macros, output, force, previous):
    """生成填报用的 Excel 工作簿（说明、基本信息、正文、表二至表四、校验）。"""
    from ..model import expected_version
    out = Path(output)
    suffix = out.suffix.lower()
    if macros and suffix != ".xlsm":
        fail(f"带宏的工作簿应以 .xlsm 为扩展名，而不是“{out.name}”")
    if not macros and suffix not in (".xlsx", ".xlsm"):
        fail(f"输出文件应以 .xlsx 为扩展名，而不是“{out.name}”")
    if not macros and suffix == ".xlsm":
        fail(f"“{out.name}”是 .xlsm 扩展名：生成带宏的工作簿请加 --macros，否则请用 .xlsx")
    if out.exists() and not force:
        fail(f"{out} 已存在：如需覆盖请加 --force")
    carried = _carry(previous, year, version) if previous else None
    if carried is not None:
        year, version = carried.report.year, carried.report.format
    if version is None:
        version = expected_version(year) if year is not None else "2021"
    elif year is not None and expected_version(year) != version:
        click.echo(f"注意：{year}年度通常使用 {expected_version(year)} 格式，这里按要求生成 {version} 格式。", err=True)
    from ..workbook_write import build_workbook
    with writing(out):    # never over a file made meanwhile, by anyone, unless --force
        if out.exists() and not force:
            fail(f"{out} 已存在：如需覆盖请加 --force")
        try:
            build_workbook(out, version, report=carried.report if carried else None, macros=macros, year=year,
                           agency=agency, replace=force)
        except ReportError as e:
            fail(str(e))
        except OSError as e:
            fail(f"无法写入 {out}：{e.strerror or e}")
    echo(f"已生成 {out}（{version} 格式）")
    if carried is not None:
        _say_carried(carried, previous)


def _carry(previous: str, year, version):
    """This year's report pre-filled from last year's file (generator/carry_forward.py)."""
    from ..carry_forward import carry_forward
    from .previous import load_previous
    try:
        prev = load_previous(previous)
        carried = carry_forward(prev, year, version)
    except ReportError as e:
        fail(f"--from {previous}：{e}")
    if prev.year is not None and carried.report.year != prev.year + 1:
        echo(f"注意：上年年报是 {prev.year} 年度的，本工作簿为 {carried.report.year} 年度；"
             "跨年度预填的数字请核对。", err=True)
    return carried


def _say_carried(carried, previous: str) -> None:
    echo(f"已由 {previous}（{carried.source}）预填：")
    for line in carried.filled or ["（上年年报中没有可沿用的数字和基本信息）"]:
        echo(f"  {line}")
    click.echo("正文未沿用上年的文字（年度报告不得年年雷同），请按本年度情况填写。")
