"""Narrative versus tables (format.md §d.6, rules N1–N10): sentences of 一、五、六 that state counts
or say "没有/无" are compared with the cells of tables 二, 三 and 四.

Each finding quotes the clause and, when the text came from a document, its line (the text
field's provenance gives the first line; the importer keeps blank lines, so the line of a
position is the first line plus the newlines before it). A rule whose cells are blank or not
numbers says nothing: the checker already reports those cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .finding import Finding
from .layout import get_layout
from .limits import MAX_CLAUSE_CHARS
from .model import T3_ENTITY_COLUMNS, T3_HEAD_ORG, TEXT_FIELDS, cell_title, get_format
from .narrative_carry import COUNT, TOPIC, carried_before, over_before, statements
from .report import Report
from .rules import RULES
from .values import parse

_SEPARATORS = "，,；;。！？!?\n"                     # what ends a clause
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_N = COUNT
_APPLY = "(?:依申请公开|信息公开申请|公开申请|申请公开|申请)"
RX_COUNT = re.compile(_N)       # every count rule (N1–N5, N7, N8) needs a count in the clause
RX_RECEIVED = re.compile(r"(?:收到|受理|接收|接到)(?:[^\d]{0,15}?" + _APPLY + r"[^\d]{0,8}?" + _N
                         + r"|[^\d]{0,6}?" + _N + r"[^\d]{0,4}?" + _APPLY + ")")     # 收到申请70件, 收到70件申请
RX_DONE = re.compile(r"(?<!未)(?<!未能)办结[^\d和与及共]{0,10}?" + _N)      # 尚未办结 is carried forward
RX_REVIEW = re.compile(r"(?:行政复议[^\d]{0,8}?" + _N + r"|" + _N + r"[^\d]{0,4}?行政复议)")
RX_LAWSUIT = re.compile(r"(?:行政诉讼[^\d]{0,8}?" + _N + r"|" + _N + r"[^\d]{0,4}?行政诉讼)")
RX_DENIED = re.compile(r"不予公开[^\d]{0,12}?" + _N)
RX_NEG = re.compile(r"(?:没有|未发生|未收到|未受理|未出现|未产生|不存在|无)")
# the gap bounded: searched from every negation word of a clause, an unbounded one read the rest of
# the clause each time (real sentences put the case a few words after the negation)
RX_NEG_CASE = re.compile(RX_NEG.pattern + r"[^\d]{0,60}?(?:复议|诉讼|起诉)")
RX_NEG_APPLY = re.compile(r"(?:没有收到|没有受理|未收到|未受理|未接到|无)[^\d]{0,8}?(?:依申请公开|信息公开申请|公开申请|申请公开)")
RX_FEE = re.compile(r"信息处理费|收费通知|信息处理收费")
RX_FEE_NEG = re.compile(r"(?:未|无|没有|不)[^\d]{0,6}?(?:收取|发出|产生|收费)")
RX_MONEY = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*(?:万元|元)")
RX_TOPIC = re.compile(r"申请|" + TOPIC + r"|复议|诉讼|起诉|不予公开")   # clauses without these say nothing checkable
RX_OTHER_COUNTS = re.compile(r"复议|诉讼|来信|留言|投诉|举报|咨询")
_LABEL = {f.id: f.label for f in TEXT_FIELDS}
_REVIEW = ("t4.review.total",)                                  # N5, N6: the totals of table 四
_LAWSUIT = ("t4.lit_direct.total", "t4.lit_after_review.total")
_NUMERAL = re.compile(r"^[（(][一二三四五六七八九十][)）]")
# N8: what a sentence says of the normative documents, by format version -> the table 二 (一) column
_DOC_VERBS = {"2021": {"现行有效": "in_force", "制发": "issued", "印发": "issued", "出台": "issued", "废止": "repealed"},
              "2019": {"新制作": "new_made", "新公开": "new_published", "对外公开": "total_published"}}
_DOC_ROWS = (("规章", "regulations"), ("规范性文件", "normative_docs"))   # the words of the two rows


@dataclass(frozen=True)
class _Vocabulary:
    """What N3, N4 and N8 look for in one format version, derived from the model."""
    applicants: dict      # N3: text label (自然人, 法人或其他组织 …) -> table 三 column ids it covers
    groups: dict          # N4: outcome keyword (予以公开, 无法提供 …) -> the group's table 三 row ids
    rx_applicant: re.Pattern
    rx_outcome: re.Pattern
    rx_doc: re.Pattern    # N8
    topic: re.Pattern     # the words that make a clause worth reading at all


@cache
def _vocabulary(version: str) -> _Vocabulary:
    fmt = get_format(version)
    applicants = {c.label: (c.id,) for c in T3_ENTITY_COLUMNS if c.id != "other_org"}   # 其他 is too common a word
    applicants[T3_HEAD_ORG] = tuple(c.id for c in T3_ENTITY_COLUMNS if c.id != "natural")
    groups: dict[str, list[str]] = {}
    for r in fmt.t3_outcome_rows:
        path = fmt.cells[f"t3.{r.id}.total"].row_path
        label = path[-1] if len(path) > 1 else r.label
        keyword = _NUMERAL.sub("", label).split("（")[0]
        groups.setdefault(keyword, []).append(r.id)
    groups.pop("不予公开", None)       # N7's
    return _Vocabulary(
        applicants, {k: tuple(v) for k, v in groups.items()},
        re.compile("(" + "|".join(sorted(applicants, key=len, reverse=True)) + r")[^\d，,；;。]{0,6}?" + _N),
        re.compile("(?<!不)(" + "|".join(groups) + r")((?:及|和|与|、|以及|或)部分公开)?[^\d，,；;。]{0,8}?" + _N),
        re.compile("(" + "|".join(_DOC_VERBS[version]) + r")[^\d，,；;。]{0,12}?" + _N),
        re.compile("|".join((RX_TOPIC.pattern, *applicants, *groups, *_DOC_VERBS[version]))))


class _Narrative:
    def __init__(self, report: Report):
        self.r = report
        self.fmt = report.fmt
        self.places = get_layout(report.format).places
        self.findings: list[Finding] = []

    def num(self, cid: str):
        cell = self.fmt.cells.get(cid)
        if cell is None:
            return None
        p = parse(self.r.cells.get(cid), cell.kind)
        return p.number if p.is_number else None

    def total(self, ids) -> int | float | None:
        vals = [self.num(i) for i in ids]
        return None if any(v is None for v in vals) else sum(vals)

    def parts(self, cid: str):
        return self.total(self.fmt.cells[cid].parts)

    def add(self, rule: str, fid: str, pos: int, clause: str, message: str, cells=(), expected=None, found=None):
        prov = self.r.provenance.get(fid)
        if prov is not None and prov[0]:
            line = prov[0] + self.r.text[fid][:pos].count("\n")
            where = f"第{line}行"
        else:
            where = f"正文“{_LABEL.get(fid, fid)}”"
        ids = (fid, *cells)
        self.findings.append(Finding(rule, RULES[rule].severity, f"{where}“{clause.strip()[:60]}”：{message}", ids,
                                     expected, found, False,
                                     tuple(str(self.places[c]) for c in ids if c in self.places)))

    # -- the rules ---------------------------------------------------------------------------
    def clause(self, fid: str, pos: int, text: str) -> None:
        if not (RX_COUNT.search(text) and self.counts(fid, pos, text)):
            self.negations(fid, pos, text)

    def counts(self, fid: str, pos: int, text: str) -> bool:
        """N1–N5, N7, N8 for a clause that states a count; True if it states one of 收到/办结/结转/复议/诉讼."""
        self.breakdowns(fid, pos, text)
        counted = False
        if "其中" not in text and not RX_OTHER_COUNTS.search(text):
            m = RX_RECEIVED.search(text)
            if m and "结转" not in m.group(0):        # 收到上年结转申请3件 counts one row only (N2)
                counted = True
                said = int(m.group(1) or m.group(2))
                new, old = self.num("t3.new_received.total"), self.num("t3.carried_over.total")
                if new is not None and old is not None and said not in (new, new + old):
                    self.add("N1", fid, pos, text, f"表三“本年新收”总计为 {new}，加“上年结转”为 {new + old}，与正文的 {said} 件都不符",
                             ("t3.new_received.total", "t3.carried_over.total"), new, said)
        m = RX_DONE.search(text)
        if m:
            counted = True
            if not over_before(text, m.start(), self.r.year):    # 上年结转的…办结3件: a part of last year's
                self.carried(fid, pos, text, "t3.total_processed.total", int(m.group(1)))
        if not RX_OTHER_COUNTS.search(text):       # 复议…尚未办结 is a case of table 四, not an application
            for row, said, _ in statements(text, self.r.year):
                counted = True
                self.carried(fid, pos, text, f"t3.{row}.total", said)
        for rx, ids, what in ((RX_REVIEW, _REVIEW, "行政复议"), (RX_LAWSUIT, _LAWSUIT, "行政诉讼")):
            m = rx.search(text)
            if m:
                counted = True
                said = int(next(g for g in m.groups() if g))
                stated = self.total(ids)
                computed = self.total([p for i in ids for p in self.fmt.cells[i].parts])
                if stated is not None and said != stated and said != computed:
                    self.add("N5", fid, pos, text, f"表四{what}总计为 {stated}，与正文的 {said} 件不符", ids, stated, said)
        m = RX_DENIED.search(text)
        if m:
            said = int(m.group(1))
            ids = tuple(f"t3.{r.id}.total" for r in self.fmt.t3_data_rows if r.id.startswith("denied_"))
            have = self.total(ids)
            if have is not None and said != have:
                self.add("N7", fid, pos, text, f"表三（三）不予公开各项之和为 {have}，与正文的 {said} 件不符"
                                               f"（无法提供、不予处理不计入不予公开）", ids, have, said)
        return counted

    def carried(self, fid: str, pos: int, text: str, cid: str, said: int) -> None:
        """N2: a count of processed, carried-over or carried-forward applications against its total
        (as published, or as its parts add up: the checker reports a stated total that does not)."""
        stated = self.num(cid)
        if stated is not None and said not in (stated, self.parts(cid)):
            self.add("N2", fid, pos, text, f"{cell_title(self.fmt.cells[cid])}为 {stated}，与正文的 {said} 件不符",
                     (cid,), stated, said)

    def negations(self, fid: str, pos: int, text: str) -> None:
        """N6: a clause saying there were no reviews, lawsuits or applications."""
        if RX_NEG_CASE.search(text):
            ids: tuple[str, ...] = ()
            if "复议" in text:
                ids += _REVIEW
            if "诉讼" in text or "起诉" in text:
                ids += _LAWSUIT
            have = self.total(ids)
            if have:
                detail = "，".join(f"{cell_title(self.fmt.cells[i]).replace('“总计”', '')}总计 {self.num(i)}" for i in ids)
                self.add("N6", fid, pos, text, f"表四却有数字：{detail}", ids, 0, have)
        elif RX_NEG_APPLY.search(text):
            have = self.num("t3.new_received.total")
            if have:
                self.add("N6", fid, pos, text, f"表三“本年新收政府信息公开申请数量”总计却为 {have}",
                         ("t3.new_received.total",), 0, have)

    def breakdowns(self, fid: str, pos: int, text: str) -> None:
        """N3 (applicants by type), N4 (outcome groups of table 三) and N8 (normative documents, table 二)."""
        v = _vocabulary(self.fmt.version)
        applicants, groups = v.applicants, v.groups
        for m in v.rx_applicant.finditer(text):
            if carried_before(text, m.start()):     # 上年结转自然人申请3件: a part of one row, not of 新收
                continue
            said, cols = int(m.group(2)), applicants[m.group(1)]
            new_ids = tuple(f"t3.new_received.{c}" for c in cols)
            new, old = self.total(new_ids), self.total([f"t3.carried_over.{c}" for c in cols])
            if new is not None and old is not None and said not in (new, new + old):
                self.add("N3", fid, pos, text, f"表三“本年新收”{m.group(1)}为 {new}，加“上年结转”为 {new + old}，"
                                               f"与正文的 {said} 件都不符", new_ids, new, said)
        if fid != "s1.active":      # 主动公开 speaks of published information, not of requests
            for m in v.rx_outcome.finditer(text):
                said = int(m.group(3))
                rows = groups[m.group(1)] + (groups["部分公开"] if m.group(2) else ())
                ids = tuple(f"t3.{r}.total" for r in rows)
                have = self.total(ids)
                if have is not None and said != have:
                    what = m.group(1) + (m.group(2) or "")
                    self.add("N4", fid, pos, text, f"表三“{what}”总计为 {have}，与正文的 {said} 件不符", ids, have, said)
        if fid.startswith("s1"):
            for m in v.rx_doc.finditer(text):
                row = self._doc_row(text[:m.end()])
                if row is None:
                    continue
                cid = f"t2.{row}.{_DOC_VERBS[self.fmt.version][m.group(1)]}"
                said, have = int(m.group(2)), self.num(cid)
                if have is not None and said != have:
                    self.add("N8", fid, pos, text, f"{cell_title(self.fmt.cells[cid])}为 {have}，与正文的 {said} 件不符",
                             (cid,), have, said)

    @staticmethod
    def _doc_row(before: str) -> str | None:
        """The table 二 row (规章 or 规范性文件) named last before a number; 规章制度 (internal rules) is neither."""
        best, row = -1, None
        for word, rid in _DOC_ROWS:
            i = before.rfind(word)
            while i >= 0 and before.startswith("规章制度", i):
                i = before.rfind(word, 0, i)
            if i > best:
                best, row = i, rid
        return row

    def fees(self) -> None:
        fee_cell = "t3.other_overdue_fee.total"
        overdue = self.num(fee_cell) if fee_cell in self.fmt.cells else None
        said_any = False
        negative, positive = [], []
        for fid in ("s6", "s6.fees"):
            text = self.r.text.get(fid) or ""
            for start, clause in clauses_with(RX_FEE, text):
                said_any = True
                money = [float(x) for x in RX_MONEY.findall(clause)]
                if RX_FEE_NEG.search(clause):
                    negative.append((fid, start, clause))
                    if any(money):
                        self.add("N10", fid, start, clause, "同一句既说未收取信息处理费，又写明了金额")
                    if overdue and "通知" in clause:
                        self.add("N10", fid, start, clause,
                                 f"表三“申请人逾期未按收费通知要求缴纳费用”总计为 {overdue}，说明发出过收费通知",
                                 (fee_cell,), 0, overdue)
                elif any(money):
                    positive.append((fid, start, clause))
        if negative and positive:
            fid, pos, clause = positive[0]
            self.add("N10", fid, pos, clause, f"另一处又说“{negative[0][2].strip()[:40]}”，信息处理费的表述前后矛盾")
        if overdue and not said_any and self.fmt.version == "2021":
            self.findings.append(Finding(
                "N9", RULES["N9"].severity,
                f"表三“申请人逾期未按收费通知要求缴纳费用”总计为 {overdue}（发出过收费通知），"
                f"六、其他需要报告的事项却未报告信息处理费情况", ("s6.fees", fee_cell), "报告信息处理费", None, False,
                tuple(str(self.places[c]) for c in ("s6.fees", fee_cell) if c in self.places)))

    def run(self) -> list[Finding]:
        topic = _vocabulary(self.fmt.version).topic
        for fid, text in self.r.text.items():
            if not text:
                continue
            for start, clause in clauses_with(topic, text):
                self.clause(fid, start, clause)
        self.fees()
        return self.findings


def clauses_with(words: re.Pattern, text: str):
    """(start, clause) of each clause of the text (a run of characters between separators) that holds
    a match of `words`, in order. `words` must match no separator: then a match lies inside one
    clause, and searching the whole text for the words finds the clauses that hold them. Most
    clauses hold none, so this is far cheaper than searching clause by clause. A clause longer than
    MAX_CLAUSE_CHARS is no sentence of a report and is not given: the rules' patterns then never
    see more than that many characters at once."""
    m = words.search(text)
    if m is None:
        return
    n, backwards = len(text), text[::-1]    # the separator before a match is the first after it backwards
    while m is not None:
        before = _SEPARATOR.search(backwards, n - m.start())
        start = n - before.start() if before else 0
        after = _SEPARATOR.search(text, m.end())
        end = after.start() if after else n
        if end - start <= MAX_CLAUSE_CHARS:
            yield start, text[start:end]
        m = words.search(text, end)


def check(report: Report) -> list[Finding]:
    """Findings N1–N10 for the narrative fields of a report."""
    return _Narrative(report).run()
