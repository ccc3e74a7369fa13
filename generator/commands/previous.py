"""Last year's report for --previous and --from: a workbook, a JSON export, or the published
report itself (imported first), since a clerk often has only last year's Word file or web page."""
from __future__ import annotations

from pathlib import Path

from .common import WORKBOOK_SUFFIXES, load_report


def load_previous(path: str):
    """A `Report`; ReportError (Chinese) when the file cannot be read."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES + (".json",) or not Path(path).exists():
        return load_report(path)
    from ..importer import import_path
    return import_path(path).report
