"""Helpers shared by the commands: reading a report from any supported file, clear errors."""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import NoReturn
from pathlib import Path

import click

from ..errors import ReportError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    click.echo(click.style("错误：", fg="red", bold=True) + clean(message), err=True)
    sys.exit(code)


# Control characters (C0 but tab and line feed, DEL, C1) and bidirectional overrides: a report's
# title or a quoted line could otherwise move the cursor, retitle the window or hide text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text) -> str:
    """`text` fit for the terminal: every control and escape character removed. Every line a
    command prints that holds text from a file or the command line goes through here."""
    return _UNPRINTABLE.sub("", str(text))


def echo(text="", err: bool = False) -> None:
    """click.echo of `clean(text)`; styles (click.style) go around it, never through it."""
    click.echo(clean(text), err=err)


def json_text(data, **options) -> str:
    """JSON for the terminal: json escapes C0 controls itself; DEL, C1 and bidi overrides are
    written as \\u escapes too (the same JSON value, nothing lost)."""
    import json
    text = json.dumps(data, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@contextmanager
def writing(path: Path):
    """Hold the lock of the output `path` for the block; another xxgk writing it is waited for."""
    from ..locking import LockBusy, target_lock
    try:
        with target_lock(path, on_wait=wait_notice(path)):
            yield
    except LockBusy as e:
        fail(str(e))


def wait_notice(path):
    """What a writer says once when another xxgk holds the target's lock."""
    return lambda: echo(f"正在等待另一个 xxgk 写完 {path}……", err=True)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
# Spreadsheets openpyxl cannot read; Excel, WPS and LibreOffice save them as .xlsx.
OTHER_SPREADSHEETS = {".xls": "旧版 Excel（.xls）", ".et": "WPS 表格（.et）", ".ods": "OpenDocument 表格（.ods）",
                      ".csv": "CSV 文本", ".numbers": "Numbers 表格"}


def load_report(path: str):
    """A `Report` from a workbook (.xlsx/.xlsm) or a JSON export; ReportError on anything unreadable."""
    p = Path(path)
    if not p.exists():
        raise ReportError(f"找不到文件：{p}")
    if p.is_dir():
        raise ReportError(f"{p} 是文件夹，不是文件")
    if p.suffix.lower() == ".json":
        from ..report import Report
        return Report.load_json(p)
    if p.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise ReportError(not_a_workbook(p))
    from ..workbook_read import read_workbook
    return read_workbook(p)


def shell_word(text: str) -> str:
    """`text` as one word of a command line (a file name with spaces goes in double quotes)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text


def not_a_workbook(p: Path) -> str:
    """What to do with a file that is neither a workbook nor a JSON export, judged by its suffix."""
    suffix, name = p.suffix.lower(), p.name
    command = _command_name()
    if suffix in OTHER_SPREADSHEETS:
        return (f"“{name}”是{OTHER_SPREADSHEETS[suffix]}文件，xxgk 读不了：请在 Excel、WPS 或 LibreOffice 中"
                f"“另存为”Excel 工作簿（.xlsx），再对 {p.stem}.xlsx 运行 xxgk {command}")
    form = _published_form(suffix)
    if form:
        book = shell_word(p.stem + ".xlsx")
        return (f"“{name}”是已发布的年报（{form}），不是填报工作簿，不能直接{_VERBS.get(command, '使用')}："
                f"请先运行“xxgk import {shell_word(name)} -o {book}”把它导入新工作簿（导入时即按全部规则校验，"
                f"并指出原文的问题），再对 {p.stem}.xlsx 运行 xxgk {command}")
    return (f"“{name}”不是填报工作簿：xxgk {command} 读取由 xxgk template 生成、已填好的工作簿（.xlsx/.xlsm）"
            f"或 xxgk export 导出的 JSON 文件")


_VERBS = {"validate": "校验", "render": "生成年报", "export": "导出", "fill": "填入"}


def _published_form(suffix: str) -> str | None:
    """The form of a published report (Word, 网页…) that `xxgk import` reads, by suffix."""
    from ..importer.readers import READERS
    return next((r.form for r in READERS if suffix in r.suffixes), None)


def _command_name() -> str:
    ctx = click.get_current_context(silent=True)
    return ctx.info_name if ctx is not None and ctx.info_name else "validate"
