"""Helpers shared by the commands: reading a report from any supported file, clear errors."""
from __future__ import annotations

import sys
from typing import NoReturn
from pathlib import Path

import click

from ..errors import ReportError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    click.echo(click.style("错误：", fg="red", bold=True) + message, err=True)
    sys.exit(code)


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
    from ..workbook_read import read_workbook
    return read_workbook(p)
