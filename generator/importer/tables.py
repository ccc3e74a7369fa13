"""Match table rows to the cells of the model by their row and column labels (never by the position
of a number in a stream of numbers), detect the format version, convert values with values.parse."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from operator import itemgetter

from ..memo import Memo
from ..model import (PROCUREMENT_UNIT_ID, T2_TITLE, T3_COLUMNS, T3_TITLE, T4_COLUMNS, T4_GROUPS, T4_TITLE,
                     TABLE_NAMES, Kind, cell_title, expected_version, get_format)
from ..report import Source
from ..rules import ERROR, INFO
from ..values import State, parse
from .blocks import Cell, Table, is_copy
from .findings import finding, line_ref
from .labels import Entry, norm, version_markers, vocabulary
from .text import LABEL_KEYS

SECTION_TABLE = {"二": "t2", "三": "t3", "四": "t4"}
_PARSED = Memo(lambda key: parse(*key))   # (raw text, kind) -> Parsed; most cells hold the same few strings
_PLAIN = Memo(int)     # raw text of a plain integer >= 0 ("23") -> its value, whatever the cell's kind
_TEXT = itemgetter(1)   # a cell's text, for map()
T4_IDS = tuple(f"t4.{g.id}.{c.id}" for g in T4_GROUPS for c in T4_COLUMNS)


def _plain_int(text: str) -> int | None:
    """The value of a plain integer >= 0 in ASCII digits ("23"), else None: values.parse gives that
    number, with no note, whatever the cell's kind. Memoised in _PLAIN."""
    n = _PLAIN.get(text)
    if n is None and text.isdigit() and text.isascii():
        n = _PLAIN[text]
    return n


def detect_version(tables: list[Table], year: int | None) -> tuple[str, dict[str, int]]:
    """format.md b.6: markers in the table labels decide; without any, the year; else 2021."""
    markers = version_markers()
    cells = chain.from_iterable(chain.from_iterable(t.rows for t in tables))
    seen = set(map(LABEL_KEYS.__getitem__, map(_TEXT, cells)))     # the labels among the cell texts
    score = {v: len(seen & m) for v, m in markers.items()}
    if score["2021"] != score["2019"]:
        return max(score, key=score.get), score
    return (expected_version(year) if year else "2021"), score


@dataclass(frozen=True)
class _Static:
    """What the matcher looks up for one format version, derived once from the model."""
    info_keys: frozenset          # normalised labels meaning the "信息内容" header cell
    t2_label: dict                # (sub-table, row id) -> row label
    t3_label: dict                # table 三 row id -> row label
    t3_ids: dict                  # table 三 row id -> cell ids of the row, in column order
    fuzzy_rows: dict              # table -> ((label, entries, row id), ...) of data rows, vocabulary order
    table_ids: dict               # table -> ids of its cells except units, in model order
    row_size: dict                # (table, row) -> number of such cells in the row
    t2_ids: dict                  # (sub-table, row id) -> cell ids of the row in the model's column order
    label_counts: dict            # label of fuzzy_rows -> Counter of its characters
    row_cells: dict               # (table, row id) of fuzzy_rows -> the cell ids starting "table.row."
    table_sets: dict              # table -> frozenset(table_ids[table])
    t2_columns: tuple             # per sub-table of 二: ({norm(column label): column id}, sorted column ids,
                                  #   column ids in model order)
    t3_plain: dict                # normalised label meaning one table 三 row and nothing else -> its cell ids
    t2_plain: dict                # the same for table 二 -> (sub-table, cell ids in the model's column order)


@cache
def _static(version: str) -> _Static:
    fmt = get_format(version)
    vocab = vocabulary(version)
    info_keys = frozenset(k for k, entries in vocab.items() if any(e.kind == "info" for e in entries))
    t2_label: dict = {}
    for i, st in enumerate(fmt.t2):
        for r in st.rows:
            t2_label.setdefault((i, r.id), r.label)
    t3_label: dict = {}
    for r in fmt.t3_rows:
        t3_label.setdefault(r.id, r.label)
    t3_ids = {rid: tuple(f"t3.{rid}.{c.id}" for c in T3_COLUMNS) for rid in t3_label}
    fuzzy_rows: dict = {"t2": [], "t3": []}
    for label, entries in vocab.items():
        e = entries[0]
        if e.table in fuzzy_rows and e.kind in ("t2row", "t3row"):
            fuzzy_rows[e.table].append((label, entries, e.ref[1] if e.kind == "t2row" else e.ref))
    table_ids = {t: tuple(c.id for c in fmt.table_cells(t) if c.kind is not Kind.UNIT) for t in ("t2", "t3", "t4")}
    row_size: dict = {}
    for t, ids in table_ids.items():
        for i in ids:
            key = (t, fmt.cells[i].row)
            row_size[key] = row_size.get(key, 0) + 1
    t2_ids = {(i, r.id): [f"t2.{r.id}.{c.id}" for c in st.columns] for i, st in enumerate(fmt.t2) for r in st.rows}
    return _Static(info_keys, t2_label, t3_label, t3_ids, {k: tuple(v) for k, v in fuzzy_rows.items()},
                   table_ids, row_size, t2_ids,
                   {label: Counter(label) for rows in fuzzy_rows.values() for label, _, _ in rows},
                   {(t, rid): tuple(c for c in fmt.cells if c.startswith(f"{t}.{rid}."))
                    for t, rows in fuzzy_rows.items() for _, _, rid in rows},
                   {t: frozenset(ids) for t, ids in table_ids.items()},
                   tuple(({norm(c.label): c.id for c in st.columns}, sorted(c.id for c in st.columns),
                          [c.id for c in st.columns]) for st in fmt.t2),
                   {k: t3_ids[es[0].ref] for k, es in vocab.items() if len(es) == 1 and es[0].kind == "t3row"},
                   {k: (es[0].ref[0], t2_ids[es[0].ref]) for k, es in vocab.items()
                    if len(es) == 1 and es[0].kind == "t2row"})


@dataclass
class Matched:
    cells: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, Source] = field(default_factory=dict)
    findings: list = field(default_factory=list)
    missing_tables: list[str] = field(default_factory=list)
    missing_cells: set[str] = field(default_factory=set)


class _Matcher:
    def __init__(self, version: str):
        self.version = version
        self.fmt = get_format(version)
        self.vocab = vocabulary(version)
        self.other = vocabulary("2019" if version == "2021" else "2021")
        self.static = _static(version)
        self.cells = self.fmt.cells
        self.out = Matched()
        self.ctx: str | None = None
        self.sub: int | None = None            # current table 二 sub-table
        self.col_map: dict[int, list[str] | None] = {}  # sub-table -> column ids in the order of its header
        self.t4_done = False
        self.cleaned: dict[str, list[tuple[str, int, str]]] = {}  # V7, reported once per table

    def add(self, rule, message, cells=(), expected=None, found=None, severity=None):
        self.out.findings.append(finding(self.version, rule, message, cells, expected, found, severity))

    # -- values ------------------------------------------------------------------------------
    def assign(self, cid: str, c: Cell) -> None:
        out = self.out
        cell = self.cells[cid]
        line, raw = c[0], c[1]
        prev = out.provenance.get(cid)
        if prev is not None:
            self.add("S3", f"{cell_title(cell)}在{line_ref(prev[0])}和{line_ref(line)}各出现一次，"
                           f"保留第一次的值", (cid,), prev[1].strip(), raw.strip())
            return
        p = _PARSED[(raw, cell.kind)]
        shown = raw.strip()
        out.provenance[cid] = c
        if p.state is State.NUMBER:
            out.cells[cid] = p.number
            if p.note_rule == "V7":
                self.cleaned.setdefault(cell.table, []).append((cid, line, raw))
            elif p.note:
                self.add(p.note_rule, f"{cell_title(cell)}（{line_ref(line)}）：{p.note}", (cid,), p.number, shown)
            if p.unit and cell.kind is Kind.AMOUNT and PROCUREMENT_UNIT_ID in self.fmt.cells:
                out.cells[PROCUREMENT_UNIT_ID] = p.unit
                out.provenance[PROCUREMENT_UNIT_ID] = c
        elif p.state is State.BLANK:
            out.cells[cid] = None
        elif p.state is State.SLASH:
            out.cells[cid] = "/"
        else:
            out.cells[cid] = shown   # the checker reports text in a number cell as an error

    def assign_row(self, ids, values: list[Cell], table: str, label: str | None, line: int) -> None:
        """Values of one row, left to right; `table` and `label` name the row in findings (no label: the
        data row of table 四)."""
        if len(values) != len(ids):
            values = self.misfit(ids, values, table, label, line)
        if _bulk(self, ids, values):     # the common case: plain integers, no cell read before
            return
        out = self.out
        for cid, c in zip(ids, values):
            n = _plain_int(c[1])
            if n is None or cid in out.provenance:
                self.assign(cid, c)
            else:
                out.cells[cid] = n
                out.provenance[cid] = c

    def misfit(self, ids, values: list[Cell], table: str, label: str | None, line: int) -> list[Cell]:
        """A row with more or fewer cells than the template's: trailing blanks dropped, the rest reported."""
        while len(values) > len(ids) and not values[-1][1].strip():
            values = values[:-1]
        what = TABLE_NAMES[table] + ("数据行" if label is None else f"“{label}”行")
        if len(values) > len(ids):
            extra = "、".join(v[1].strip() for v in values[len(ids):])
            self.add("S3", f"{what}（{line_ref(line)}）有 {len(values)} 个单元格，模板只有 {len(ids)} 列："
                           f"多出的“{extra}”未导入", (ids[-1],), len(ids), len(values))
        elif len(values) < len(ids):
            missing = ids[len(values):]
            self.add("S3", f"{what}（{line_ref(line)}）只有 {len(values)} 个单元格，模板有 {len(ids)} 列："
                           f"已按从左到右填入，缺少的 {len(missing)} 格未导入", tuple(missing), len(ids), len(values),
                     severity=ERROR)
        return values

    # -- rows --------------------------------------------------------------------------------
    def pick(self, entries: tuple[Entry, ...]) -> Entry:
        for e in entries:
            if e.table == self.ctx:
                return e
        return entries[0]

    def row(self, cells: list[Cell]) -> None:
        texts = list(map(_TEXT, cells))
        keys = list(map(LABEL_KEYS.__getitem__, texts))    # each text's label key, None for a value
        n_values = keys.count(None)
        k = len(keys) - 1 - n_values      # the last label (non-value) cell when every value follows it
        if n_values and k >= 0 and None in keys[:k + 1]:
            k = max(i for i, key in enumerate(keys) if key is not None)
        if k < 0:
            self.values_only(cells)
            return
        key = keys[k]
        # a header row: "信息内容" + column labels
        info = self.static.info_keys
        if key in info or (k and not info.isdisjoint(keys[:k])):
            self.header(cells[:k + 1])
            return
        leaf, values = cells[k], cells[k + 1:]
        entries = self.vocab.get(key)
        if entries is None:
            has_data = any(map(str.strip, texts[k + 1:]))     # a non-blank cell after the label (a value)
            if has_data:
                entries = self.fuzzy(leaf)
            if entries is None:
                self.unknown(cells, leaf, values, has_data)
                return
        e = entries[0] if len(entries) == 1 else self.pick(entries)
        kind = e.kind
        self.ctx = e.table
        if kind == "t3row":
            self.assign_row(self.static.t3_ids[e.ref], values, "t3", self.static.t3_label[e.ref], leaf[0])
        elif kind == "t2row":
            sub, rid = e.ref
            self.sub = sub
            cols = self.col_map.get(sub)
            ids = [f"t2.{rid}.{c}" for c in cols] if cols else self.static.t2_ids[(sub, rid)]
            self.assign_row(ids, values, "t2", self.static.t2_label[(sub, rid)], leaf[0])
        elif kind == "caption":
            self.sub = e.ref
        elif kind == "t3group" and any(map(str.strip, texts[k + 1:])):
            text = " ".join(t for v in values if (t := v[1].strip()))
            if any(o.kind == "t3row" for o in self.other.get(norm(leaf[1]), ())):
                why = f"在 {self.version} 格式中分为若干小项，原文只填了一行数字"
            else:
                why = "是分组标题，其后的数字没有行标签，无法确定属于哪一行"
            self.add("S3", f"{TABLE_NAMES['t3']}“{leaf[1].strip()}”（{line_ref(leaf[0])}）{why}：“{text}”未导入",
                     (), None, text, severity=ERROR)
        elif kind == "t4head" and self.ctx == "t4" and len([v for v in values if v[1].strip()]) >= 5:
            self.values_only(values)

    def fuzzy(self, leaf: Cell) -> tuple[Entry, ...] | None:
        """A row label with a typo or a dropped word ("逾期未按通知要求缴纳费用"): the closest label of a
        data row of the current table not yet read, if similar enough; reported as 提示."""
        if self.ctx not in ("t2", "t3"):
            return None
        from difflib import SequenceMatcher
        key = norm(leaf[1])
        if len(key) < 4:
            return None
        best, best_ratio = None, 0.0
        prov = self.out.provenance          # a row is read if one of its cells has a value
        row_cells = self.static.row_cells
        counts: Counter | None = None
        label_counts = self.static.label_counts
        lk = len(key)
        for label, entries, rid in self.static.fuzzy_rows[self.ctx]:
            if 2.0 * min(lk, len(label)) / (lk + len(label)) < 0.85:   # SequenceMatcher.real_quick_ratio
                continue
            if any(c in prov for c in row_cells[(self.ctx, rid)]):
                continue
            # SequenceMatcher.quick_ratio, from the label's character counts (built once per version)
            if counts is None:
                counts = Counter(key)
            lc = label_counts[label]
            matches = sum(min(n, lc.get(ch, 0)) for ch, n in counts.items())
            if 2.0 * matches / (lk + len(label)) < 0.85:
                continue
            r = SequenceMatcher(None, key, label, autojunk=False).ratio()
            if r > best_ratio:
                best, best_ratio = (label, entries), r
        if best is None or best_ratio < 0.85:
            return None
        label, entries = best
        e = entries[0]
        canon = (next(r.label for r in self.fmt.t3_rows if r.id == e.ref) if e.kind == "t3row" else
                 next(r.label for st in self.fmt.t2 for r in st.rows if r.id == e.ref[1]))
        self.add("S3", f"{TABLE_NAMES[self.ctx]}行标签“{leaf[1].strip()}”（{line_ref(leaf[0])}）与模板不完全一致，"
                       f"按模板的“{canon}”读取", (), canon, leaf[1].strip(), severity=INFO)
        return entries

    def header(self, cells: list[Cell]) -> None:
        if self.sub is None:
            return
        st = self.fmt.t2[self.sub]
        own, every, model_order = self.static.t2_columns[self.sub]
        info = self.static.info_keys
        cols: list[str] = []
        for c in cells:
            key = norm(c[1])
            if key in info or not c[1].strip():
                continue
            if key in own:
                cols.append(own[key])
            else:
                self.add("S3", f"{TABLE_NAMES['t2']}{st.caption}的列标题“{c[1].strip()}”（{line_ref(c[0])}）"
                               f"不是 {self.version} 格式的列，按模板列序读取", (), None, c[1].strip())
                return
        if sorted(cols) == every:      # columns in another order than the model's: read them in that order
            self.col_map[self.sub] = cols if cols != model_order else None

    def values_only(self, cells: list[Cell]) -> None:
        numbers = [c for c in cells if c[1].strip()]
        if not numbers:
            return
        if self.ctx == "t4" and not self.t4_done:
            self.t4_done = True
            self.assign_row(T4_IDS, cells, "t4", None, numbers[0][0])
            return
        if self.ctx is None:
            return
        text = " ".join(c[1].strip() for c in numbers)
        self.add("S3", f"{TABLE_NAMES[self.ctx]}{line_ref(numbers[0][0])}有数字“{text}”但没有行标签，"
                       f"无法确定属于哪一行，未导入", (), None, text)

    def unknown(self, cells, leaf: Cell, values: list[Cell], has_data: bool) -> None:
        if not has_data or self.ctx is None:
            return
        if self.ctx == "t4" and not self.t4_done and len(values) >= 5:
            self.values_only(values)
            return
        label = leaf[1].strip()
        text = " ".join(v[1].strip() for v in values)
        other = self.other.get(norm(label))
        why = (f"这是 {'2019' if self.version == '2021' else '2021'} 格式的行，与识别出的 {self.version} 格式不符"
               if other else "模板中没有这一行（可能是本地增加的行）")
        self.add("S3", f"{TABLE_NAMES[self.ctx]}“{label}”（{line_ref(leaf[0])}）：{why}，其数字“{text}”未导入",
                 (), None, f"{label} {text}")

    # -- completeness --------------------------------------------------------------------------
    def finish(self) -> None:
        fmt, out = self.fmt, self.out
        for table, items in self.cleaned.items():
            lines = _ranges([line for _, line, _ in items])
            sample = "、".join(f"“{raw}”" for _, _, raw in items[:3])
            self.add("V7", f"{TABLE_NAMES[table]}有 {len(items)} 个单元格含空格或 Word 标记（{lines}，如{sample}），"
                           f"已清除后读取数字", tuple(cid for cid, _, _ in items), None, len(items))
        prov = out.provenance
        for table in ("t2", "t3", "t4"):
            ids = self.static.table_ids[table]
            if prov.keys().isdisjoint(ids):
                out.missing_tables.append(table)
                out.missing_cells.update(ids)
                title = {"t2": T2_TITLE, "t3": T3_TITLE, "t4": T4_TITLE}[table]
                self.add("S2", f"原文中没有找到{TABLE_NAMES[table]}（{title}）：该表的数字未导入，"
                               f"请核对原文（表格可能是图片）后在工作簿中填写", (ids[0],), TABLE_NAMES[table], None)
                continue
            rows: dict[str, list[str]] = {}
            if prov.keys() >= self.static.table_sets[table]:
                continue    # every cell read: the common case
            for i in ids:
                if i not in prov:
                    rows.setdefault(fmt.cells[i].row, []).append(i)
            for row, missing in rows.items():
                out.missing_cells.update(missing)
                c0 = fmt.cells[missing[0]]
                full = len(missing) == self.static.row_size[(table, row)]
                what = f"{TABLE_NAMES[table]}“{c0.row_label}”" + ("" if table == "t4" else "行")
                if full:
                    msg = f"原文{what}缺失，未导入（模板的行不得删减）"
                else:
                    msg = f"原文{what}缺少 " + "、".join(f"“{fmt.cells[i].col_label}”" for i in missing) + " 列"
                self.add("S3", msg, tuple(missing), None, None, severity=ERROR)


def _ranges(lines: list[int]) -> str:
    """第3、5-9行 style list of line numbers."""
    out: list[str] = []
    nums = sorted(set(lines))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return "第" + "、".join(out) + "行"


def match_tables(tables: list[tuple[Table, str | None]], version: str) -> Matched:
    """The cells of the tables (each with the section it follows)."""
    m = _Matcher(version)
    keys = LABEL_KEYS
    t3_plain, t2_plain = m.static.t3_plain, m.static.t2_plain
    width, info = len(T3_COLUMNS), m.static.info_keys     # the values of a table 三 row; header labels
    for table, section in tables:
        if section in SECTION_TABLE:
            m.ctx = SECTION_TABLE[section]
        rows = table.rows
        if table.merged:      # matching reads each merged cell once
            rows = [[c for c in r if not is_copy(c)] for r in rows]
        for row in rows:
            # Most data rows are read here in bulk, as row() would read them: a table 三 row ending in
            # its label and plain integers (before the label, blank cells or group labels such as
            # “三、本年度办理结果”), a table 二 row of its label and plain integers in the model's column order.
            ids = t3_plain.get(keys[row[-width - 1][1]]) if len(row) > width else None
            if ids is not None and (len(row) == width + 1 or info.isdisjoint(
                    map(keys.__getitem__, map(_TEXT, row[:-width - 1])))) and _bulk(m, ids, row[-width:]):
                m.ctx = "t3"
                continue
            plan = t2_plain.get(keys[row[0][1]]) if row else None
            if plan is not None and len(row) == len(plan[1]) + 1 and m.col_map.get(plan[0]) is None \
                    and _bulk(m, plan[1], row[1:]):
                m.ctx, m.sub = "t2", plan[0]
                continue
            m.row(row)
    m.finish()
    return m.out


def _bulk(m: _Matcher, ids, values: list[Cell]) -> bool:
    """Assign a row's values if every one is a plain integer >= 0 and none of its cells was read
    before (the common case of assign_row); False, with nothing assigned, otherwise."""
    numbers = list(map(_PLAIN.get, map(_TEXT, values)))
    if None in numbers or not m.out.provenance.keys().isdisjoint(ids):
        return False
    m.out.cells.update(zip(ids, numbers))
    m.out.provenance.update(zip(ids, values))
    return True


__all__ = ["detect_version", "match_tables", "Matched", "INFO"]
