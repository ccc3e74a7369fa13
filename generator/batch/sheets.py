"""The content of the 台账, sheet by sheet: columns (key, Chinese header, width) and rows (dicts by
key). The workbook (ledger.py) and --json are both written from these, so they cannot differ."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..cross_year import field_title
from ..model import TEXT_FIELDS, VERSIONS, cell_titles, get_format
from ..rules import RULES, SEVERITIES

SUMMARY, FINDINGS, DATA, ROSTER, SIMILAR, TEXTS = "汇总", "问题清单", "数据", "未报送", "雷同", "正文存档"


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float = 10
    wrap: bool = False
    hidden: bool = False
    percent: bool = False
    unprinted: bool = False          # on screen, not on paper (the 64 hex digits of SHA-256)


@dataclass
class Sheet:
    name: str
    columns: list[Col]
    rows: list[dict] = field(default_factory=list)
    labels: dict[str, str] | None = None     # a second header row (数据: the cells' Chinese titles)
    hidden: bool = False
    verdicts: bool = False                   # has the 复核结论 drop-down
    plain: bool = False                      # cells without borders (数据's 230 000 cells write faster)

    @property
    def header_rows(self) -> int:
        return 2 if self.labels else 1


def _c(spec: str, width: float = 10, **kw) -> Col:
    key, header = spec.split(":")
    return Col(key, header, width, **kw)


VERDICT_COLS = [_c("verdict:复核结论", 9), _c("note:复核说明", 18, wrap=True), _c("status:状态", 7),
                _c("first_seen:首次发现", 10), _c("fingerprint:指纹", 18, hidden=True),
                _c("data_hash:数据指纹", 18, hidden=True)]
# key figures: table 三 totals and table 四 (both formats have these cells)
FIGURES = (("new", "本年新收", ("t3.new_received.total",)), ("carried_over", "上年结转", ("t3.carried_over.total",)),
           ("processed", "办结", ("t3.total_processed.total",)), ("carried_forward", "结转下年", ("t3.carried_forward.total",)),
           ("review", "行政复议", ("t4.review.total",)),
           ("litigation", "行政诉讼", ("t4.lit_direct.total", "t4.lit_after_review.total")))
SUMMARY_COLS = ([_c("no:序号", 5), _c("unit:单位", 16, wrap=True), _c("year:年度", 6), _c("kind:类别", 6),
                 _c("status:状态", 7)]
                + [_c(f"{k}:{h}", w) for k, h, w in (("errors", "错误", 5), ("warnings", "警告", 5), ("infos", "提示", 5),
                                                      ("undecided", "无法判断", 6))]
                + [_c(f"{k}:{h}", 7) for k, h, _ in FIGURES]
                + [_c("publish_date:发布日期", 10), _c("on_time:按期发布", 7), _c("format:格式版本", 6),
                   _c("file:文件", 18, wrap=True), _c("form:文件类型", 7), _c("copies:相同文件", 14, wrap=True),
                   _c("remarks:说明", 30, wrap=True), _c("sha256:SHA-256", 16, unprinted=True)])
FINDING_COLS = [_c("no:序号", 5), _c("unit:单位", 14, wrap=True), _c("year:年度", 6), _c("file:文件", 16, wrap=True),
                _c("rule:规则", 6), _c("severity:级别", 6), _c("undecided:无法判断", 6),
                _c("message:问题说明", 44, wrap=True), _c("where:位置", 14, wrap=True),
                _c("fix:整改要求", 22, wrap=True)] + VERDICT_COLS
ROSTER_COLS = [_c("no:序号", 5), _c("case:情况", 9), _c("unit:报告中的单位", 22, wrap=True),
               _c("listed:名单中的单位", 22, wrap=True), _c("year:年度", 6), _c("files:文件", 30, wrap=True),
               _c("note:说明", 44, wrap=True)]
SIMILAR_COLS = [_c("no:序号", 5), _c("kind:类别", 8), _c("unit:单位", 16, wrap=True), _c("year:年度", 6),
                _c("file:文件", 18, wrap=True), _c("section:部分", 20, wrap=True), _c("other:雷同对象", 16, wrap=True),
                _c("other_year:对象年度", 6), _c("other_file:对象文件", 18, wrap=True),
                _c("similarity:相似度", 7, percent=True), _c("group:同组单位数", 6)] + VERDICT_COLS
BETWEEN_UNITS, FROM_LAST_YEAR = "单位之间", "与上年"
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def summary_sheet(results, remarks: dict[str, list[str]]) -> Sheet:
    rows = []
    for n, r in enumerate(results, 1):
        counts = r.counts() if r.ok else {}
        row = {"no": n, "unit": r.unit, "year": r.year, "kind": r.kind or None, "format": r.format,
               "file": r.rel, "form": r.form, "sha256": r.sha256 or None, "copies": "\n".join(r.copies) or None,
               "status": r.status, "errors": counts.get("错误"), "warnings": counts.get("警告"),
               "infos": counts.get("提示"), "undecided": counts.get("无法判断")}
        cells = (r.report or {}).get("cells", {})
        for key, _, ids in FIGURES:
            row[key] = _figure(cells, ids) if r.ok else None
        row["publish_date"] = (r.report or {}).get("meta", {}).get("publish_date") if r.ok else None
        row["on_time"] = on_time(r) if r.ok else None
        notes = ([r.error] if r.error else []) + ([r.identity_note] if r.identity_note else []) + r.notes
        notes += remarks.get(r.rel, [])
        row["remarks"] = "；".join(notes) or None
        rows.append(row)
    return Sheet(SUMMARY, SUMMARY_COLS, rows)


def _figure(cells: dict, ids: tuple[str, ...]):
    values = [cells.get(i) for i in ids]
    if len(values) == 1:
        return _cell(values[0])
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return sum(values)
    return None


def on_time(r) -> str:
    p1 = [it for it in r.items if it.rule == "P1"]
    if any(it.undecided for it in p1):
        return "无法判断"
    return "逾期" if p1 else "按期"


def finding_rows(results) -> list[dict]:
    """The rows of 问题清单 before the verdicts are merged in."""
    rows = []
    for r in results:
        order = sorted(range(len(r.items)), key=lambda i: (_SEVERITY_RANK[r.items[i].severity], i))
        for i in order:
            it = r.items[i]
            rows.append({"unit": r.unit, "year": r.year, "file": r.rel, "rule": it.rule, "severity": it.severity,
                         "undecided": "是" if it.undecided else None, "message": it.message,
                         "where": it.where or None, "fix": RULES[it.rule].title if it.rule in RULES else None,
                         "fingerprint": it.fingerprint, "data_hash": it.data_hash})
    return rows


def numbered(rows: list[dict]) -> list[dict]:
    for n, row in enumerate(rows, 1):
        row["no"] = n
    return rows


def _all_cells() -> tuple[list[str], dict[str, str]]:
    """Every cell id of both formats (2021's first) and its Chinese title."""
    ids = list(get_format(VERSIONS[0]).cells)
    for v in VERSIONS[1:]:
        ids += [c for c in get_format(v).cells if c not in ids]
    titles: dict[str, str] = {}
    for v in reversed(VERSIONS):
        titles.update(cell_titles(v))
    return ids, titles


_DATA_HEAD = [_c("unit:单位", 22), _c("year:年度", 7), _c("file:文件", 24), _c("format:格式版本", 9)]


def data_columns() -> list[Col]:
    return _DATA_HEAD + [Col(c, c, 12) for c in _all_cells()[0]]


def data_sheet(results) -> Sheet:
    """One row per report, one column per cell: the first header row the cell ids, the second
    their titles (a pivot table takes either row as its header)."""
    ids, titles = _all_cells()
    cols = data_columns()
    labels = {c.key: c.header for c in _DATA_HEAD} | {c: titles[c] for c in ids}
    rows = []
    for r in results:
        if r.ok:
            cells = r.report["cells"]
            rows.append({"unit": r.unit, "year": r.year, "file": r.rel, "format": r.format}
                        | {c: _cell(cells.get(c)) for c in ids})
    return Sheet(DATA, cols, rows, labels, plain=True)


def _cell(v):
    return None if v == "" else v


def texts_columns() -> list[Col]:
    return ([_c("unit:单位"), _c("year:年度"), _c("format:格式版本"), _c("file:文件"), _c("sha256:SHA-256")]
            + [Col(f.id, f.label or f.id, 20) for f in TEXT_FIELDS])


def texts_sheet(results, limit: int = 32767) -> Sheet:
    """Hidden: each report's narrative, so that next year's run can take this 台账 as --previous-year."""
    rows = []
    for r in results:
        if r.ok:
            text = r.report["text"]
            rows.append({"unit": r.unit, "year": r.year, "format": r.format, "file": r.rel, "sha256": r.sha256}
                        | {f.id: (text.get(f.id) or None) and text[f.id][:limit] for f in TEXT_FIELDS})
    return Sheet(TEXTS, texts_columns(), rows, hidden=True, plain=True)


def similar_rows(results, matches, keys: list[str]) -> list[dict]:
    rows = []
    for m in sorted(matches, key=lambda m: (results[m.a].rel, m.field)):
        a, b = results[m.a], results[m.b]
        rows.append({"kind": BETWEEN_UNITS, "unit": a.unit, "year": a.year, "file": a.rel,
                     "section": field_title(m.field), "other": b.unit, "other_year": b.year, "other_file": b.rel,
                     "similarity": round(m.ratio, 4), "group": m.units,
                     # the verdict is on this unit's section: another partner is other data, not another row
                     "fingerprint": _fp(BETWEEN_UNITS, keys[m.a], a.year, m.field),
                     "data_hash": _fp(a.texts[m.field][0], keys[m.b], b.year, b.texts[m.field][0])})
    for i, r in enumerate(results):
        for fid, ratio in r.copied_from_previous:
            rows.append({"kind": FROM_LAST_YEAR, "unit": r.unit, "year": r.year, "file": r.rel,
                         "section": field_title(fid), "other": r.unit, "other_year": (r.year or 1) - 1,
                         "other_file": r.previous_file, "similarity": round(ratio, 4), "group": None,
                         "fingerprint": _fp(FROM_LAST_YEAR, keys[i], r.year, fid),
                         "data_hash": _fp(r.report["text"].get(fid) or "")})
    return rows


def _fp(*parts) -> str:
    import hashlib
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
