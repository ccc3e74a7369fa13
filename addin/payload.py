"""The JSON an xlwings client (the VBA client, Office.js) sends for a workbook, built from a file.

`xw.Book(json=book_payload(path))` is a real xlwings book on any platform (the remote engine):
the tests and the benchmark run the macros against it and look at `book.json()` actions.
Needs `XLWINGS_LICENSE_KEY=noncommercial` (or a key) set before xlwings is imported.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path


def _json_value(v):
    if isinstance(v, (dt.datetime, dt.date)):   # as the clients send a date: toISOString(), ending in Z
        d = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
        return d.isoformat(timespec="milliseconds") + "Z"
    if isinstance(v, dt.time):
        return v.isoformat()
    return v


def book_payload(path, active_sheet: int = 0, data_only: bool = True) -> dict:
    """Values (cached formula results with `data_only`) and defined names of an .xlsx/.xlsm."""
    import openpyxl
    import xlwings

    wb = openpyxl.load_workbook(path, data_only=data_only)
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for name, dn in wb.defined_names.items():
        for sheet, address in dn.destinations:
            if sheet in index:
                names.append({"name": name, "sheet_index": index[sheet], "address": address, "book_scope": True})
    sheets = []
    for ws in wb.worksheets:
        values = [[_json_value(c) for c in row] for row in ws.iter_rows(values_only=True)] or [[None]]
        width = max(len(r) for r in values)
        values = [r + [None] * (width - len(r)) for r in values]
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": []})
    return {"client": "VBA", "version": xlwings.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": active_sheet, "selection": "A1"},
            "names": names, "sheets": sheets}


def remote_book(path, **kwargs):
    import xlwings as xw
    return xw.Book(json=book_payload(path, **kwargs))
