"""Every label in the generated workbook equals format.md's verbatim label, for both formats.

The expected labels are parsed here from tests/fixtures/format.md (§a.2–a.5, §b.2–b.3), not
taken from generator/model.py, so that a typo in the model shows up as a failure. Positions are
found through the defined names (the ids are also taken from format.md).
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from generator.workbook_write import build_workbook

FORMAT_MD = Path(__file__).parent / "fixtures" / "format.md"


# -- parsing format.md ---------------------------------------------------------------------------

def _section(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i + len(start))]


def _table_rows(block: str) -> list[list[str]]:
    rows = []
    for line in block.splitlines():
        line = line.strip()
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows[1:]  # drop the header row


def _expand(spec: str, last_cols: list[str]) -> list[str]:
    """`t2.regulations.{issued,repealed,in_force}` -> the ids; `{…}` repeats the last explicit list."""
    if "{" not in spec:
        return [spec]
    m = re.fullmatch(r"(t\d\.[a-z_]+)\.\{(.*)\}", spec)
    cols = last_cols if m[2] in ("…", "...") else [c.strip() for c in m[2].split(",")]
    return [f"{m[1]}.{c}" for c in cols]


MD = FORMAT_MD.read_text(encoding="utf-8")


def expected_t2(version: str) -> list[tuple[str, str, str, str, str]]:
    """(id, caption, header, row label, column label) for every table 二 value cell."""
    block = _section(MD, "### a.3", "###") if version == "2021" else _section(MD, "### b.2", "###")
    out, caption, header, last = [], None, None, []
    for cells in _table_rows(block):
        cap, head, labels, ids = cells[:4]
        caption = cap or caption
        header = [h.strip() for h in head.split(" / ")] if head else header
        specs = re.findall(r"`([^`]+)`", ids)
        for label, spec in zip([x.strip() for x in labels.split(";")], specs):
            cell_ids = _expand(spec, last)
            if "…" not in spec and "{" in spec:
                last = [i.rsplit(".", 1)[1] for i in cell_ids]
            assert len(cell_ids) == len(header) - 1, (spec, header)
            for cid, col_label in zip(cell_ids, header[1:]):
                out.append((cid, caption, header[0], label, col_label))
    return out


def t3_header() -> dict:
    block = _section(MD, "### a.4", "###")
    note = re.search(r"verbatim:\n`([^`]+)`", block)[1]
    r1 = re.findall(r"`([^`]+)`", re.search(r"- row 1:(.*)", block)[1])
    r2 = re.findall(r"`([^`]+)`", re.search(r"- row 2:(.*)", block)[1])
    r3 = re.findall(r"`([^`]+)`", re.search(r"- row 3:(.*)", block)[1])
    return {"note": note, "row1": r1, "row2": r2, "row3": r3}


def t3_rows(version: str) -> list[tuple[str, str | None]]:
    """(label, id or None for a group) in the order of the official table."""
    block = _section(MD, "Rows, verbatim.", "- 25 data rows")
    rows = []
    for cells in _table_rows(block):
        label = next(c for c in cells[1:4] if c)
        label = re.sub(r"\s*\(G( in 2021)?\)$", "", label)
        ids = re.findall(r"`([^`]+)`", cells[4])
        rows.append((label, ids[0] if ids else None))
    if version == "2019":
        # b.3: identical except that （六）其他处理 is one data row (id `other`) with no sub-rows.
        assert "（六）其他处理 is one data row with no sub-rows** (id `other`)" in MD
        i = next(k for k, (lab, _) in enumerate(rows) if lab == "（六）其他处理")
        j = next(k for k, (lab, _) in enumerate(rows) if lab == "（七）总计")
        rows = rows[:i] + [("（六）其他处理", "other")] + rows[j:]
    return rows


def t4_header() -> dict:
    block = _section(MD, "### a.5", "###")
    r1 = re.findall(r"`([^`]+)`", re.search(r"- row 1:(.*)", block)[1])
    r2 = re.findall(r"`([^`]+)`", re.search(r"- row 2:(.*)", block)[1])
    ids = re.findall(r"`(t4\.[a-z_]+)\.\{", block)
    return {"super": r1, "five": r2[0].split(), "groups": r2[1:], "ids": ids}


def section_headings() -> list[str]:
    return [cells[1] for cells in _table_rows(_section(MD, "### a.2", "###"))]


# -- the workbook --------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["2021", "2019"])
def book(request, tmp_path_factory):
    path = build_workbook(tmp_path_factory.mktemp("labels") / f"t{request.param}.xlsx", request.param)
    return request.param, openpyxl.load_workbook(path)


def _where(wb, cid: str):
    name = "XXGK_" + cid.replace(".", "_")
    assert name in wb.defined_names, f"no defined name for {cid}"
    sheet, coord = next(wb.defined_names[name].destinations)
    ws = wb[sheet]
    return ws, ws[coord.replace("$", "")]


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_parsed_format_md_is_complete():
    assert len(expected_t2("2021")) == 10 and len(expected_t2("2019")) == 22
    assert sum(1 for _, i in t3_rows("2021") if i) == 25 and sum(1 for _, i in t3_rows("2019") if i) == 23
    assert len(t4_header()["ids"]) == 3


def test_section_headings(book):
    version, wb = book
    heads = section_headings()
    assert wb["表二"]["A1"].value == heads[1]
    assert wb["表三"]["A1"].value == heads[2]
    assert wb["表四"]["A1"].value == heads[3]
    text = [c.value for c in wb["正文"]["A"] if c.value]
    for h in (heads[0], heads[4], heads[5]):
        assert h in text


def test_table2_labels_and_places(book):
    version, wb = book
    for cid, caption, header, row_label, col_label in expected_t2(version):
        ws, cell = _where(wb, cid)
        assert ws.title == "表二"
        assert ws.cell(cell.row, 1).value == row_label, cid
        r = cell.row
        while ws.cell(r, 1).value != header:  # walk up to the sub-table's header row
            r -= 1
            assert r > 1, cid
        assert ws.cell(r, cell.column).value == col_label, cid
        assert ws.cell(r - 1, 1).value == caption, cid
    merges = _merged(wb["表二"])
    for cid, *_ in expected_t2(version):
        ws, cell = _where(wb, cid)
        siblings = [x for x in expected_t2(version) if x[0].rsplit(".", 1)[0] == cid.rsplit(".", 1)[0]]
        if len(siblings) == 1:  # a 1-value sub-table spans B:D, header and value
            assert f"B{cell.row}:D{cell.row}" in merges, cid


def test_table3_header(book):
    _, wb = book
    ws = wb["表三"]
    h = t3_header()
    assert ws["A2"].value == h["note"]
    assert [ws["D2"].value] == h["row1"]
    assert [ws["D3"].value, ws["E3"].value, ws["J3"].value] == h["row2"]
    assert [ws.cell(4, c).value for c in range(5, 10)] == h["row3"]
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4"} <= _merged(ws)


def test_table3_row_labels(book):
    version, wb = book
    ws = wb["表三"]
    rows = t3_rows(version)
    # Row-major reading of the label columns A-C gives the official list in order, groups included.
    first, last = 5, 4 + sum(1 for _, i in rows if i)
    seen = [ws.cell(r, c).value for r in range(first, last + 1) for c in (1, 2, 3) if ws.cell(r, c).value]
    assert seen == [label for label, _ in rows]
    # Each data row's own label is the rightmost label on the row its defined names point to.
    columns = re.findall(r"`([a-z_]+)`", _section(MD, "Column order and suggested ids", "Rows, verbatim."))
    assert len(columns) == 7
    for label, rid in rows:
        if rid is None:
            continue
        for col in columns:
            s, cell = _where(wb, f"t3.{rid}.{col}")
            assert s.title == "表三"
            own = [ws.cell(cell.row, c).value for c in (1, 2, 3) if ws.cell(cell.row, c).value][-1]
            assert own == label, (rid, col)
        assert ws.cell(4, _where(wb, f"t3.{rid}.commercial")[1].column).value == "商业企业"


def test_table3_merges(book):
    version, wb = book
    ws = wb["表三"]
    merges = _merged(ws)
    rows = t3_rows(version)
    data = [(label, rid) for label, rid in rows if rid]
    row_of = {rid: 5 + i for i, (_, rid) in enumerate(data)}
    # Level-1 rows span A:C; 三、本年度办理结果 is vertical in A over all outcome rows.
    for rid in ("new_received", "carried_over", "carried_forward"):
        assert f"A{row_of[rid]}:C{row_of[rid]}" in merges
    assert f"A{row_of['granted']}:A{row_of['total_processed']}" in merges
    for rid in ("granted", "partial", "total_processed") + (("other",) if version == "2019" else ()):
        assert f"B{row_of[rid]}:C{row_of[rid]}" in merges
    groups = {"（三）不予公开": "denied_", "（四）无法提供": "unable_", "（五）不予处理": "rejected_"}
    if version == "2021":
        groups["（六）其他处理"] = "other_"
    for label, prefix in groups.items():
        items = [row_of[rid] for _, rid in data if rid.startswith(prefix)]
        span = f"B{min(items)}:B{max(items)}"
        assert span in merges and ws[f"B{min(items)}"].value == label


def test_table4_labels(book):
    _, wb = book
    ws = wb["表四"]
    h = t4_header()
    assert (ws["A2"].value, ws["F2"].value) == tuple(h["super"])
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3"} <= _merged(ws)
    assert [ws.cell(3, c).value for c in range(1, 6)] == h["five"]
    assert (ws["F3"].value, ws["K3"].value) == tuple(h["groups"])
    assert [ws.cell(4, c).value for c in range(6, 16)] == h["five"] * 2
    cols = ("upheld", "corrected", "other", "pending", "total")
    for gi, gid in enumerate(h["ids"]):
        for ci, col in enumerate(cols):
            s, cell = _where(wb, f"{gid}.{col}")
            assert (s.title, cell.row, cell.column) == ("表四", 5, 1 + gi * 5 + ci)
