from __future__ import annotations

import click

from ..errors import ReportError
from .common import echo, fail, load_report, writing


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False), metavar="工作簿")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="JSON文件",
              help="输出的 JSON 文件（格式见 README 中的 JSON 说明）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def command(file, output, force):
    """把填好的工作簿（.xlsx/.xlsm）导出为 JSON。"""
    from pathlib import Path
    from ..workbook_fill import export_json
    if Path(output).exists() and not force:
        fail(f"{output} 已存在：如需覆盖请加 --force")
    try:
        report = load_report(file)
    except ReportError as e:
        fail(str(e))
    with writing(Path(output)):    # never over a file made meanwhile, by anyone, unless --force
        if Path(output).exists() and not force:
            fail(f"{output} 已存在：如需覆盖请加 --force")
        try:
            export_json(report, output, replace=force)
        except ReportError as e:
            fail(str(e))
        except OSError as e:
            fail(f"无法写入 {output}：{e.strerror or e}")
    echo(f"已导出 {output}（{report.format} 格式，{sum(v is not None for v in report.cells.values())} 个单元格有值）")
