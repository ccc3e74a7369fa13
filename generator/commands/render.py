from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, clean, echo, fail, load_report, writing


@click.command("render")
@click.argument("file", type=click.Path(dir_okay=False), metavar="工作簿")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), metavar="报告文件",
              help="生成的年报文件：.docx（Word）、.html（网页）、.md（Markdown）、.txt（纯文本）或 .pdf。")
@click.option("--pdf", is_flag=True, help="同时由 Word 文档生成 PDF（需要安装 LibreOffice）。")
@click.option("--template", type=click.Path(dir_okay=False), metavar="模板",
              help="使用自己的模板（.docx 用于 Word/PDF 输出，文本模板用于 .html/.md/.txt），在安全沙箱中渲染。")
@click.option("--draft", is_flag=True, help="校验有错误时仍然生成，文件标记为“草稿”（不得发布）。")
@click.option("--from", "previous", type=click.Path(dir_okay=False), metavar="上年年报",
              help="上年的报告（工作簿、JSON 或已发布的年报，如上年的汇总报告）：本报告“正文”中未填写的部分"
                   "以上年的文字作为起草参考，并标明是上年的文字；生成的文件为草稿。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def command(file, output, pdf, template, draft, force, previous):
    """由填好的年报工作簿（.xlsx/.xlsm）或导出的 JSON 生成年度报告。

    标题、开头段、一至六部分、表二至表四（总计按各项重新计算）和落款全部来自工作簿。
    输出文件已存在时不生成，除非加 --force；输入文件不会被覆盖。

    退出码：0 已生成；1 校验有错误，未生成（加 --draft 生成草稿）；2 文件无法读取或无法生成。
    """
    from ..render import RenderError, output_format, render_report
    out = Path(output)
    try:
        output_format(out)
    except RenderError as e:
        fail(str(e))
    protected = {Path(file).resolve()} | ({Path(template).resolve()} if template else set())
    pdf_out = out.with_suffix(".pdf") if pdf else None
    for target in filter(None, (out, pdf_out)):
        if target.resolve() in protected:
            fail(f"输出文件“{target}”与输入文件相同：不会覆盖输入，请换一个输出文件名")
        if target.exists() and target.is_dir():
            fail(f"输出路径“{target}”是文件夹")
        if target.exists() and not force:
            fail(f"{target} 已存在：如需覆盖请加 --force")
    try:
        report = load_report(file)
        report, reason = _last_years_text(report, previous) if previous else (report, "")
    except ReportError as e:
        fail(str(e))
    with writing(out):   # an output made meanwhile, by anyone, is never replaced without --force
        existed = [p for p in filter(None, (out, pdf_out)) if p.exists()]
        if existed and not force:
            fail(f"{existed[0]} 已存在：如需覆盖请加 --force")
        written = _render(render_report, report, out, template, draft or bool(reason), pdf, reason, force)
    for p in written:
        note = "（已替换原有文件）" if p in existed else ""
        echo(f"已生成：{p}{note}")
    for note in written.notes:   # what the report leaves out because it is blank
        click.echo(click.style("未写入报告：", fg="yellow", bold=True) + clean(note), err=True)
    draft = written.draft
    if draft:
        click.echo(click.style("注意：", fg="yellow", bold=True)
                   + ("正文采用了上年的文字（已标明）" if reason else "校验有错误")
                   + "，生成的文件已标记为“草稿”，改正后请重新生成再发布。", err=True)
    raise SystemExit(EXIT_OK)


def _render(render_report, report, out, template, as_draft, pdf, reason, force):
    """render_report, its refusals and failures told in Chinese (exit 1 for errors found, else 2)."""
    from ..render import RenderError, RenderRefused
    try:
        return render_report(report, out, template=template, force=as_draft, pdf=pdf, draft=reason, replace=force)
    except RenderRefused as e:
        click.echo(click.style("未生成：", fg="red", bold=True) + clean(e), err=True)
        for f in e.findings:
            echo(f"  [{f.severity}] {f.rule} {f.message}", err=True)
        raise SystemExit(EXIT_FINDINGS)
    except RenderError as e:
        for p in e.written:
            echo(f"已生成：{p}")
        fail(str(e), EXIT_UNREADABLE)
    except ReportError as e:          # atomic.OutputExists: the output appeared meanwhile
        fail(str(e))
    except OSError as e:
        fail(f"无法写入 {out}：{e.strerror or e}")


def _last_years_text(report, previous: str):
    """--from: blank narrative fields from last year's report, marked (generator/aggregate/narrative.py)."""
    from ..aggregate.narrative import draft_reason, with_last_years_text
    from .previous import load_previous
    prev = load_previous(previous)
    report, taken = with_last_years_text(report, prev)
    if not taken:
        echo(f"注意：“{Path(previous).name}”没有可作参考的正文，或本报告的正文已全部填写：未采用上年的文字。", err=True)
        return report, ""
    echo(f"以上年报告的文字作为起草参考（已标明）：{'、'.join(taken)}", err=True)
    return report, draft_reason(prev)
