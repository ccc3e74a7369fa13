"""Labelled rows (`assemble.Row`) become the cells of the model: by the row's label, never by the
position of a number in a stream of numbers. A row whose number of values is not its number of
columns is not imported and is reported with its line (unless run-together digits split one way
only, `digits`); values go through generator.values.parse."""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..rules import arithmetic_checks, compare
from ..model import PROCUREMENT_UNIT_ID, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TABLE_NAMES, Kind, cell_title, get_format
from ..report import Source
from ..values import State, parse
from .assemble import Row
from .blocks import Cell
from .digits import split_digits
from ..finding import make_finding
from .findings import line_ref
from .labels import Entry, norm, vocabulary

SECTION_TABLE = {"二": "t2", "三": "t3", "四": "t4"}
T4_IDS = tuple(f"t4.{g.id}.{c.id}" for g in T4_GROUPS for c in T4_COLUMNS)
_FUZZY = 0.85          # SequenceMatcher ratio of a row label with a typo to the template's


@dataclass
class Matched:
    cells: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, Source] = field(default_factory=dict)
    findings: list = field(default_factory=list)
    cleaned: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)   # V7, per table


def _without_edge_blanks(values: list[Cell], n: int) -> list[Cell]:
    """A row with more cells than columns, the extra ones blank at one edge only: the slots a label
    spans (blanks after it, from a copied table) or an empty column at the table's edge. Blanks at
    both edges could be either a blank first or a blank last cell: the row is left as it is."""
    extra = len(values) - n
    if extra <= 0:
        return values
    blank = [not v[1].strip() for v in values]
    fits = {tuple(values[i:i + n]) for i in range(extra + 1) if all(blank[:i]) and all(blank[i + n:])}
    return list(fits.pop()) if len(fits) == 1 else values


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class Matcher:
    def __init__(self, version: str):
        self.version = version
        self.fmt = get_format(version)
        self.vocab = vocabulary(version)
        self.other = vocabulary("2019" if version == "2021" else "2021")
        self.out = Matched()
        self.ctx: str | None = None            # the table being read: t2, t3, t4
        self.sub: int | None = None            # the sub-table of 二 being read
        self.header: list[str] | None = None   # column ids of the sub-table's header, as read
        self.columns: dict[int, list[str]] = {}   # sub-table -> its column ids in the header's order
        self.splits: list[tuple] = []         # (ids, row name, line, V8 finding) of rows split by digits

    def add(self, rule, message, cells=(), expected=None, found=None, case=None):
        self.out.findings.append(make_finding(self.version, rule, message, cells, expected, found, case=case))

    # -- rows ------------------------------------------------------------------------------------
    def table(self, rows: list[Row], section: str | None) -> None:
        if section in SECTION_TABLE:
            self.ctx = SECTION_TABLE[section]
        t4_runs: list[Row] = []           # table 四's data row: numbers without a row label
        for row in rows:
            if row.label is None or (self.ctx == "t4" and row.entries is None and len(row.values) >= 5):
                if self.ctx == "t4":
                    t4_runs.append(row)
                else:
                    self.stray(row)
                continue
            e = self.pick(row.entries) if row.entries else None
            if e is not None and e.table != self.ctx and e.kind not in ("title",):
                self.ctx = e.table
            if e is None:
                if row.values:
                    self.unknown(row)
            elif e.kind == "caption":
                self.sub, self.header = e.ref, []
            elif e.kind == "info":
                self.header = []
            elif e.kind == "t2col":
                self.column(e, row)
            elif e.kind in ("t2row", "t3row", "t3group"):
                self.data_row(e, row)
        if t4_runs and not self.t4_read():
            self.t4_row(t4_runs)

    def t4_row(self, runs: list[Row]) -> None:
        """Table 四's one data row, when its numbers are one run; numbers parted by text (a layout that
        read the header's columns and the numbers in another order) are not imported."""
        if len(runs) == 1:
            self.assign_row(T4_IDS, runs[0], "t4", None)
            return
        lines = "、".join(line_ref(run.values[0][0]) for run in runs)
        text = " ".join(c[1].strip() for run in runs for c in run.values)
        self.add("S3", f"{TABLE_NAMES['t4']}的数字分成几处，夹在表头文字之间（{lines}）：“{text}”，"
                       f"无法确定每个数字属于哪一格，未导入", T4_IDS, 15, text, case="missing")

    def confirm_splits(self) -> None:
        """A table 三 row split by digits stays only if the column sums of table 三 that hold its cells
        hold too (a number dropped by a layout can leave a row that its own sum splits falsely);
        table 四 has only its row's sums."""
        checks = [c for c in arithmetic_checks(self.version) if c.rule.startswith("T3")]
        cells = self.out.cells
        for ids, what, line, v8 in self.splits:
            related = [c for c in checks if not set(c.cells).isdisjoint(ids)] if ids[0].startswith("t3.") else []
            if all(all(_number(cells.get(i)) for i in c.cells)
                   and compare(sum(cells[i] for i in c.lhs), sum(cells[i] for i in c.rhs), c.op) for c in related):
                continue
            for i in ids:
                cells.pop(i, None)
                self.out.provenance.pop(i, None)
            self.out.findings.remove(v8)
            self.add("S3", f"{what}（{line_ref(line)}）的值比列数少，按本行合计可以拆开连在一起的数字，但拆开后"
                           f"表三各列的勾稽关系不成立或无法核对：可能是排版丢了空白单元格，该行未导入",
                     ids, len(ids), v8.found, case="missing")

    def pick(self, entries: tuple[Entry, ...]) -> Entry:
        return next((e for e in entries if e.table == self.ctx), entries[0])

    def t4_read(self) -> bool:
        return any(i in self.out.provenance for i in T4_IDS)

    def column(self, e: Entry, row: Row) -> None:
        if self.header is None or self.sub is None:
            return
        self.header.append(e.ref)
        own = [c.id for c in self.fmt.t2[self.sub].columns]
        if sorted(self.header) == sorted(own):       # the whole header: its order is the columns'
            self.columns[self.sub] = self.header
            self.header = None

    def data_row(self, e: Entry, row: Row) -> None:
        if e.kind == "t3group":
            if row.values:
                text = " ".join(v[1].strip() for v in row.values)
                why = (f"在 {self.version} 格式中分为若干小项，原文只填了一行数字"
                       if any(o.kind == "t3row" for o in self.other.get(norm(row.label), ()))
                       else "是分组标题，其后的数字没有行标签，无法确定属于哪一行")
                self.add("S3", f"{TABLE_NAMES['t3']}“{row.label}”（{line_ref(row.line)}）{why}：“{text}”未导入",
                         (), None, text, case="missing")
            return
        if not row.values:
            return
        if e.kind == "t3row":
            ids = [f"t3.{e.ref}.{c.id}" for c in T3_COLUMNS]
            label = next(r.label for r in self.fmt.t3_rows if r.id == e.ref)
        else:
            sub, rid = e.ref
            self.sub = sub
            cols = self.columns.get(sub) or [c.id for c in self.fmt.t2[sub].columns]
            ids = [f"t2.{rid}.{c}" for c in cols]
            label = next(r.label for r in self.fmt.t2[sub].rows if r.id == rid)
        self.assign_row(ids, row, e.table, label)

    def stray(self, row: Row) -> None:
        numbers = [c for c in row.values if c[1].strip()]
        if numbers and self.ctx is not None:
            text = " ".join(c[1].strip() for c in numbers)
            self.add("S3", f"{TABLE_NAMES[self.ctx]}{line_ref(numbers[0][0])}有数字“{text}”但没有行标签，"
                           f"无法确定属于哪一行，未导入", (), None, text)

    def unknown(self, row: Row) -> None:
        if self.ctx is None or not any(v[1].strip() for v in row.values):
            return
        entries = self.fuzzy(row)
        if entries is not None:
            self.data_row(self.pick(entries), row)
            return
        text = " ".join(v[1].strip() for v in row.values)
        why = (f"这是 {'2019' if self.version == '2021' else '2021'} 格式的行，与识别出的 {self.version} 格式不符"
               if norm(row.label) in self.other else "模板中没有这一行（可能是本地增加的行，或原文的行标签不完整）")
        self.add("S3", f"{TABLE_NAMES[self.ctx]}“{row.label}”（{line_ref(row.line)}）：{why}，其数字“{text}”未导入",
                 (), None, f"{row.label} {text}")

    def fuzzy(self, row: Row) -> tuple[Entry, ...] | None:
        """A row label with a typo or a dropped word: the closest label of a data row of the current
        table not read yet, if similar enough; reported as 提示."""
        key = norm(row.label)
        if self.ctx not in ("t2", "t3") or len(key) < 4:
            return None
        best, best_ratio = None, 0.0
        for label, entries in self.vocab.items():
            e = entries[0]
            if e.table != self.ctx or e.kind not in ("t2row", "t3row") or self._row_read(e):
                continue
            r = SequenceMatcher(None, key, label, autojunk=False).ratio()
            if r > best_ratio:
                best, best_ratio = entries, r
        if best is None or best_ratio < _FUZZY:
            return None
        e = best[0]
        canon = (next(r.label for r in self.fmt.t3_rows if r.id == e.ref) if e.kind == "t3row" else
                 next(r.label for st in self.fmt.t2 for r in st.rows if r.id == e.ref[1]))
        self.add("S3", f"{TABLE_NAMES[self.ctx]}行标签“{row.label}”（{line_ref(row.line)}）与模板不完全一致，"
                       f"按模板的“{canon}”读取", (), canon, row.label, case="near_label")
        return best

    def _row_read(self, e: Entry) -> bool:
        rid = e.ref if e.kind == "t3row" else e.ref[1]
        prefix = f"{e.table}.{rid}."
        return any(c.startswith(prefix) for c in self.out.provenance)

    # -- values ----------------------------------------------------------------------------------
    def assign_row(self, ids, row: Row, table: str, label: str | None) -> None:
        """The values of one row, left to right, when there are as many as the row has columns."""
        what = TABLE_NAMES[table] + ("数据行" if label is None else f"“{label}”行")
        line = row.line if label is not None else row.values[0][0]
        values = _without_edge_blanks(row.values, len(ids))
        if len(values) != len(ids):
            # digits run together only inside one line of text (a flattened row of a page's text); a
            # table's own cell, or a line of its own per value, holds one number however long
            one_line = row.lines and len({v[0] for v in values}) == 1
            split = split_digits(values, len(ids), table) if one_line else None
            if split is None:
                shown = " ".join(v[1].strip() or "（空白）" for v in values)
                self.add("S3", f"{what}（{line_ref(line)}）有 {len(values)} 个值“{shown}”，模板有 {len(ids)} 列："
                               f"无法确定每个值属于哪一列（可能有空白单元格或数字连在一起），该行未导入",
                         tuple(ids), len(ids), len(values), case="missing")
                return
            shown = " ".join(v[1].strip() for v in values)
            values = split
            self.add("V8", f"{what}（{line_ref(line)}）的数字连在一起（“{shown}”），按合计关系只有一种拆分方式："
                           f"{'、'.join(v[1] for v in values)}，请核对原文", tuple(ids), None, shown)
            self.splits.append((tuple(ids), what, line, self.out.findings[-1]))
        for cid, c in zip(ids, values):
            self.assign(cid, c)

    def assign(self, cid: str, c: Cell) -> None:
        out = self.out
        cell = self.fmt.cells[cid]
        line, raw = c[0], c[1]
        prev = out.provenance.get(cid)
        if prev is not None:
            self.add("S3", f"{cell_title(cell)}在{line_ref(prev[0])}和{line_ref(line)}各出现一次，"
                           f"保留第一次的值", (cid,), prev[1].strip(), raw.strip())
            return
        p = parse(raw, cell.kind)
        out.provenance[cid] = (line, raw)
        if p.state is State.NUMBER:
            out.cells[cid] = p.number
            if p.note_rule == "V7":
                out.cleaned.setdefault(cell.table, []).append((cid, line, raw))
            elif p.note:
                self.add(p.note_rule, f"{cell_title(cell)}（{line_ref(line)}）：{p.note}", (cid,), p.number,
                         raw.strip())
            if p.unit and cell.kind is Kind.AMOUNT and PROCUREMENT_UNIT_ID in self.fmt.cells:
                out.cells[PROCUREMENT_UNIT_ID] = p.unit
                out.provenance[PROCUREMENT_UNIT_ID] = (line, raw)
        elif p.state is State.BLANK:
            out.cells[cid] = None
        elif p.state is State.SLASH:
            out.cells[cid] = "/"
        else:
            out.cells[cid] = raw.strip()   # the checker reports text in a number cell
