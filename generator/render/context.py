"""The data every report template sees, built from a `Report` and the format model only.

Everything here is plain dicts, lists and strings, so that a user's own template (rendered in a
sandbox) gets data and nothing else. Labels come from generator.model; values are the report's
cells with the derived cells (totals) recomputed from their parts, blank never counted as 0.
"""
from __future__ import annotations

import re

from ..model import (PROCUREMENT_UNIT_ID, SECTIONS, T3_COLUMNS, T3_ENTITY_COLUMNS, T3_HEAD_APPLICANT,
                     T3_HEAD_ORG, T3_NOTE, T4_COLUMNS, T4_GROUPS, T4_SUPER, Format, Kind)
from ..report import Report, computed_totals
from ..values import State, format_number, parse, parse_unit

T2_UNITS = 6            # table 二 value area: 6 grid units, so 1, 2 or 3 value columns divide it
T3_LABEL_COLS = 3
DRAFT = "草稿"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NUMBERING = re.compile(r"^（[一二三四五六七八九十]+）")


def rendered_cells(report: Report) -> dict[str, object]:
    """The report's cells with every derived cell (table total) recomputed from its parts.

    A stated total is never trusted: the rendered report shows what the parts add up to, and a
    total whose parts are not all numbers is blank (blank is never 0). Reuses the very function
    that fills missing totals when a JSON report is read (generator.report.computed_totals).
    """
    return computed_totals(report.fmt, dict(report.cells))


def format_value(raw: object, kind: Kind, unit: str = "") -> str:
    """Text of one table cell: blank stays blank, "/" stays "/", numbers plain, text as written."""
    p = parse(raw, kind)
    if p.state is State.BLANK:
        return ""
    if p.state is State.SLASH:
        return "/"
    if p.state is State.TEXT:
        return clean_text(str(raw)).strip()
    text = format_number(p.number)
    if kind is Kind.AMOUNT:
        text += unit or p.unit
    return text


def clean_text(text: str) -> str:
    """Drop characters that are not allowed in XML documents (Excel leaves some in cells)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def paragraphs(text: object) -> list[str]:
    if text is None:
        return []
    return [line.strip() for line in clean_text(str(text)).split("\n") if line.strip()]


def short_label(label: str) -> str:
    """'（二）部分公开（区分处理的…）' -> '部分公开': the words a sentence uses for a row."""
    return _NUMBERING.sub("", label).split("（", 1)[0]


def chinese_date(raw: object) -> str:
    from ..checker import parse_date
    d = parse_date(raw) if raw not in (None, "") else None
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


# ---------------------------------------------------------------------------------------------
# Tables as grids: rows of anchor cells with spans (HTML), plus the docx row shapes.

def _cell(text: str, colspan: int = 1, rowspan: int = 1, head: bool = False, cid: str = "") -> dict:
    return {"text": text, "colspan": colspan, "rowspan": rowspan, "head": head, "id": cid}


class _Values:
    def __init__(self, fmt: Format, cells: dict[str, object]):
        self.fmt, self.cells = fmt, cells
        unit = parse_unit(cells.get(PROCUREMENT_UNIT_ID)) if PROCUREMENT_UNIT_ID in fmt.cells else None
        self.unit = unit or ""

    def text(self, cid: str) -> str:
        return format_value(self.cells.get(cid), self.fmt.cells[cid].kind, self.unit)

    def number(self, cid: str):
        return parse(self.cells.get(cid), self.fmt.cells[cid].kind).number

    def total(self, ids) -> int | float | None:
        total = 0
        for cid in ids:
            n = self.number(cid)
            if n is None:
                return None
            total += n
        return total


def _t2(fmt: Format, v: _Values) -> dict:
    grid, subtables = [], []
    for st in fmt.t2:
        n = len(st.columns)
        span = T2_UNITS // n
        rows = []
        grid.append([_cell(st.caption, 1 + T2_UNITS, head=True)])
        grid.append([_cell(st.header, head=True)] + [_cell(c.label, span, head=True) for c in st.columns])
        for r in st.rows:
            ids = [f"t2.{r.id}.{c.id}" for c in st.columns]
            texts = [v.text(i) for i in ids]
            grid.append([_cell(r.label)] + [_cell(t, span, cid=i) for t, i in zip(texts, ids)])
            rows.append({"label": r.label, "v": texts})
        subtables.append({"caption": st.caption, "header": st.header, "n": n,
                          "columns": [c.label for c in st.columns], "rows": rows})
    return {"subtables": subtables, "grid": grid, "width": 1 + T2_UNITS}


def _t3(fmt: Format, v: _Values) -> dict:
    org = T3_ENTITY_COLUMNS[1:]
    grid = [
        [_cell(T3_NOTE, T3_LABEL_COLS, 3, head=True), _cell(T3_HEAD_APPLICANT, len(T3_COLUMNS), head=True)],
        [_cell(T3_COLUMNS[0].label, 1, 2, head=True), _cell(T3_HEAD_ORG, len(org), head=True),
         _cell(T3_COLUMNS[-1].label, 1, 2, head=True)],
        [_cell(c.label, head=True) for c in org],
    ]
    rows = []
    data = fmt.t3_data_rows
    for i, r in enumerate(data):
        ids = [f"t3.{r.id}.{c.id}" for c in T3_COLUMNS]
        texts = [v.text(cid) for cid in ids]
        values = [_cell(t, cid=cid) for t, cid in zip(texts, ids)]
        prev = data[i - 1] if i else None
        group_a = r.parent_labels[0] if r.parent_labels else ""
        group_b = r.parent_labels[1] if len(r.parent_labels) > 1 else ""
        first_a = bool(group_a) and (prev is None or not prev.parent_labels or prev.parent_labels[0] != group_a)
        first_b = bool(group_b) and (prev is None or len(prev.parent_labels) < 2 or prev.parent_labels[1] != group_b)
        row = []
        if not group_a:
            shape = "l1"
            row.append(_cell(r.label, T3_LABEL_COLS))
        else:
            if first_a:
                row.append(_cell(group_a, 1, sum(1 for x in data if x.parent_labels[:1] == (group_a,))))
            if not group_b:
                shape = "g_first" if first_a else "g"
                row.append(_cell(r.label, T3_LABEL_COLS - 1))
            else:
                shape = "sub_first" if first_b else "sub"
                if first_b:
                    row.append(_cell(group_b, 1, sum(1 for x in data if x.parent_labels[1:2] == (group_b,))))
                row.append(_cell(r.label))
        grid.append(row + values)
        rows.append({"shape": shape, "a": group_a, "b": group_b, "label": r.label, "v": texts})
    head = {"note": T3_NOTE, "applicant": T3_HEAD_APPLICANT, "natural": T3_COLUMNS[0].label, "org": T3_HEAD_ORG,
            "org_cols": [c.label for c in org], "total": T3_COLUMNS[-1].label}
    return {"head": head, "note": T3_NOTE, "rows": rows, "grid": grid, "width": T3_LABEL_COLS + len(T3_COLUMNS)}


def _t4(fmt: Format, v: _Values) -> dict:
    n = len(T4_COLUMNS)
    review, direct, after = T4_GROUPS
    ids = [f"t4.{g.id}.{c.id}" for g in T4_GROUPS for c in T4_COLUMNS]
    texts = [v.text(i) for i in ids]
    grid = [
        [_cell(T4_SUPER[0], n, head=True), _cell(T4_SUPER[1], 2 * n, head=True)],
        [_cell(c.label, 1, 2, head=True) for c in T4_COLUMNS]
        + [_cell(direct.label, n, head=True), _cell(after.label, n, head=True)],
        [_cell(c.label, head=True) for c in T4_COLUMNS] * 2,
        [_cell(t, cid=i) for t, i in zip(texts, ids)],
    ]
    head = {"review": T4_SUPER[0], "litigation": T4_SUPER[1], "direct": direct.label, "after": after.label,
            "cols": [c.label for c in T4_COLUMNS]}
    return {"head": head, "v": texts, "grid": grid, "width": 3 * n}


def expand(grid: list[list[dict]], width: int, fill: str = "blank") -> list[list[str]]:
    """A grid of anchor cells with spans -> a full rectangle of strings.

    fill="blank": cells covered by a merge are empty (text and Markdown output);
    fill="repeat": they repeat the anchor's text (what a docx reader sees in merged cells).
    """
    out: list[list[str | None]] = [[None] * width for _ in grid]
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while c < width and out[r][c] is not None:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    first = dr == 0 and dc == 0
                    out[r + dr][c + dc] = cell["text"] if first or fill == "repeat" else ""
            c += cell["colspan"]
    return [[x or "" for x in row] for row in out]


def compact(grid: list[list[dict]], width: int) -> list[list[str]]:
    """Rows as a word processor saves a table as text: one entry per cell, a merged cell once
    across, and an empty entry where a cell is covered by a merge from the row above."""
    covered: list[set[int]] = [set() for _ in grid]
    out = []
    for r, row in enumerate(grid):
        c, texts = 0, []
        for cell in row:
            while c in covered[r]:
                texts.append("")
                c += 1
            texts.append(cell["text"])
            for dr in range(1, cell["rowspan"]):
                covered[r + dr].add(c)
            c += cell["colspan"]
        while c < width and c in covered[r]:
            texts.append("")
            c += 1
        out.append(texts)
    return out


# ---------------------------------------------------------------------------------------------

def meta_text(meta: dict, key: str) -> str:
    """A metadata value as the report prints it (a postcode's lost leading zeros put back)."""
    from ..contact import meta_text as text
    return clean_text(text(meta, key))


def _generated_opening(fmt: Format, agency: str, year: str, m) -> list[str]:
    parts = "".join(f"“{s.heading.split('、', 1)[1]}”" for s in SECTIONS)
    notice = ("关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知" if fmt.version == "2021"
              else "关于政府信息公开工作年度报告有关事项的通知")
    text = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
            f"{notice}》（{fmt.notice}）要求，{agency}编制本报告。本报告由{parts}六个部分组成。"
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    site = m("website")
    text += (f"本报告电子版可在{site}查阅或下载。" if site
             else f"本报告电子版可在{agency}政府信息公开专栏查阅或下载。")
    contact = [(label, m(key)) for key, label in (("address", "地址"), ("postcode", "邮编"), ("phone", "电话"),
                                                   ("email", "电子邮箱")) if m(key)]
    if contact:
        text += f"如对本报告有疑问，请与{agency}联系（" + "；".join(f"{a}：{b}" for a, b in contact) + "）。"
    return [text]


def build_context(report: Report, draft: bool = False, errors: int = 0) -> dict:
    """Everything a template sees. `notes` lists, in Chinese, what a report to be published leaves
    out because it is blank (a draft marks the gaps instead)."""
    from .sections import build_sections, opening_paragraphs
    from .sentences import Figures, fee_sentence, t3_sentence, t4_sentence
    from .textgrid import aligned_lines, piece_grid, t2_pieces

    fmt = report.fmt
    v = _Values(fmt, rendered_cells(report))
    meta = report.meta

    def m(key: str) -> str:
        return meta_text(meta, key)

    agency = m("agency") or "（机关名称未填写）"
    year = str(report.year) if report.year is not None else (m("year") or "（年度未填写）")
    title = f"{agency}{year}年政府信息公开工作年度报告"
    opening = opening_paragraphs(report, _generated_opening(fmt, agency, year, m), paragraphs)

    notes: list[str] = []
    say = Figures(keep_blank=draft)
    sentences = {"s3": t3_sentence(fmt, v, say), "s4": t4_sentence(v, say), "s6": fee_sentence(fmt, v)}
    if say.left_out:
        notes.append("数据句中没有写空白（未填数字）的项目：" + "、".join(dict.fromkeys(say.left_out))
                     + "（表格中这些单元格为空白）")
    sections = build_sections(report, sentences, paragraphs, draft, notes)
    date = chinese_date(meta.get("publish_date"))
    if not date:
        notes.append("“发布日期”未填写或无法识别，落款没有写日期")

    tables = {"t2": _t2(fmt, v), "t3": _t3(fmt, v), "t4": _t4(fmt, v)}
    pieces = t2_pieces(tables["t2"])
    banner = (f"{DRAFT}——本报告未通过校验（{errors} 个错误），仅供内部核对，不得发布" if draft else "")
    return {
        "draft": draft,
        "draft_label": DRAFT if draft else "",
        "draft_banner": banner,
        "title": title,
        "display_title": f"【{DRAFT}】{title}" if draft else title,
        "agency": agency,
        "year": year,
        "version": fmt.version,
        "notice": fmt.notice,
        "opening": opening,
        "sections": sections,
        "s": {sec["id"]: sec for sec in sections},
        **tables,
        # the same tables as full rectangles of strings, merged areas blank
        "tables": {key: expand(t["grid"], t["width"]) for key, t in tables.items()},
        # ... and as a word processor saves them as text: each cell once
        "text_tables": {key: compact(t["grid"], t["width"]) for key, t in tables.items()},
        # table 二 as its sub-tables, each with its own columns (Markdown, text)
        "t2_tables": pieces,
        # plain text: every table as lines aligned by display width (wide characters count two)
        "aligned": {"t2": [{"caption": p["caption"], "lines": aligned_lines(piece_grid(p["rows"]), len(p["rows"][0]))}
                           for p in pieces],
                    "t3": aligned_lines(tables["t3"]["grid"], tables["t3"]["width"]),
                    "t4": aligned_lines(tables["t4"]["grid"], tables["t4"]["width"])},
        "closing": {"agency": agency, "date": date},
        "meta": {key: m(key) for key in ("agency", "address", "postcode", "phone", "email", "website",
                                         "publish_date")},
        "notes": notes,
    }
