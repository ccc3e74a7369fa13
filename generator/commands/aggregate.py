from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError
from .common import EXIT_FINDINGS, EXIT_OK, clean, echo, fail, writing

_COLOURS = {"错误": "red", "警告": "yellow", "提示": "cyan"}


@click.command("aggregate")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="单位年报或文件夹...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="汇总工作簿",
              help="生成的汇总工作簿（.xlsx；.xlsm 带按钮和“年报”选项卡）。")
@click.option("--agency", required=True, metavar="机关名称", help="汇总报告的机关名称，如“某某区人民政府”。")
@click.option("--year", type=click.IntRange(2019, 2100), default=None, metavar="年度",
              help="报告年度；默认为各单位年报共同的年度。其他年度的年报不汇总。")
@click.option("--format", "version", type=click.Choice(["2021", "2019"]), default=None,
              help="汇总的格式版本；默认按年度（2021年度起为 2021 格式）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def command(inputs, output, agency, year, version, force):
    """由各单位的年报逐格汇总，生成本级的汇总工作簿。

    单位年报可以是填好的工作簿、JSON，或已发布的 Word、网页、PDF、文本年报；给出文件夹时读取其中
    直接存放的全部年报。表二、表三、表四的每个填报单元格相加，总计仍是公式；“来源”工作表列出每个
    单元格各单位的数值和文件。有单位空白、填“/”或文字的单元格留空（不按 0 计算）并指出是哪个单位；
    格式版本不同的单位只汇总两种格式共有的单元格；各单位自身的错误一并列出。

    \b
    其他年度的年报、同一单位的两份年报、无法读取的文件：不生成汇总，逐个说明。
    退出码：0 已生成；1 已生成，但有单元格留空或单位自身有错误；2 未生成。
    """
    from ..aggregate import aggregate_findings, collect, sum_units, write_summary
    from ..model import expected_version
    out = Path(output)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        fail(f"汇总工作簿应以 .xlsx 或 .xlsm 为扩展名，而不是“{out.name}”")
    if out.exists() and not force:
        fail(f"{out} 已存在：如需覆盖请加 --force")
    try:
        collected = collect(inputs, year, agency, skip=[out])
    except ReportError as e:
        fail(str(e))
    version = version or expected_version(collected.year)
    summed = sum_units(version, collected.units)
    findings = aggregate_findings(summed)
    with writing(out):    # never over a file made meanwhile, by anyone, unless --force
        if out.exists() and not force:
            fail(f"{out} 已存在：如需覆盖请加 --force")
        try:
            write_summary(out, summed, agency, collected.year, replace=force)
        except ReportError as e:
            fail(str(e))
        except OSError as e:
            fail(f"无法写入 {out}：{e.strerror or e}")
    _say(out, summed, collected, findings)
    raise SystemExit(EXIT_FINDINGS if findings else EXIT_OK)


def _say(out: Path, summed, collected, findings) -> None:
    units = summed.units
    echo(f"已生成 {out}：{collected.year}年度汇总（{summed.version} 格式），汇总了 {len(units)} 个单位的年报：")
    for u in units:
        echo(f"  {u.label}：{u.report.format} 格式")
    for note in collected.notes:
        click.echo(click.style("注意：", fg="yellow", bold=True) + clean(note))
    for f in findings:
        click.echo(f"  {click.style(f'[{f.severity}]', fg=_COLOURS[f.severity])} " + clean(f"{f.rule} {f.message}"))
    blank = sum(1 for cid in summed.gaps)
    if blank:
        echo(f"\n{blank} 个单元格留空（见“来源”工作表的“说明”列）：请单位补正后重新汇总，或核实后在工作簿中填写。")
    echo(f"“正文”由您填写；之后运行 xxgk render {out.name} -o 汇总报告.docx 生成报告"
               f"（可加 --from 上年汇总.xlsx，以上年的正文作为起草参考）。")
