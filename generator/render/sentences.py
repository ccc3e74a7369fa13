"""The data sentences of sections 三 and 四: built from the cells, never canned.

A figure whose cells are blank is never written as 0. In a draft it is written 「（数据未填写）」, so
that the clerk sees the gap; in a report to be published it is left out of the sentence, and
`Figures.left_out` names it so that render can tell the clerk what the sentence does not say.
"""
from __future__ import annotations

from ..model import T4_COLUMNS, T4_GROUPS, T4_SUPER, Format
from ..values import format_number

UNFILLED = "（数据未填写）"


class Figures:
    def __init__(self, keep_blank: bool):
        self.keep_blank = keep_blank
        self.left_out: list[str] = []

    def items(self, pairs, group: str = "") -> list[str]:
        """(words, number) pairs as "words N件"; a blank one marked (draft) or left out, and then
        named in `left_out` as group + words (「行政诉讼结果维持」)."""
        out = []
        for words, n in pairs:
            if n is not None:
                out.append(f"{words}{format_number(n)}件")
            elif self.keep_blank:
                out.append(f"{words}{UNFILLED}")
            else:
                self.left_out.append(group + words)
        return out

    def one(self, words: str, n, name: str = "") -> str:
        """One figure; `name` is what `left_out` calls it (default: its words)."""
        if n is None and not self.keep_blank and name:
            self.left_out.append(name)
            return ""
        return "".join(self.items([(words, n)]))


def _with_detail(head: str, details: list[str], lead: str) -> str:
    """'办结17件，其中予以公开4件、…'; without the head figure, the details stand on their own."""
    if not details:
        return head
    return f"{head}，其中{'、'.join(details)}" if head else f"{lead}{'、'.join(details)}"


def t3_sentence(fmt: Format, v, say: Figures) -> str:
    from .context import short_label

    def row(rid):
        return v.number(f"t3.{rid}.total")

    def group(prefix):
        return v.total([f"t3.{r.id}.total" for r in fmt.t3_outcome_rows if r.id.startswith(prefix)])

    def label(rid):
        return short_label(next(r.label for r in fmt.t3_rows if r.id == rid))

    groups = {r.parent_labels[1]: r.id.split("_")[0] for r in fmt.t3_outcome_rows if len(r.parent_labels) > 1}
    parts = [(label("granted"), row("granted")), (label("partial"), row("partial"))]
    parts += [(short_label(g), group(prefix)) for g, prefix in groups.items()]
    if fmt.version == "2019":
        parts.append((label("other"), row("other")))
    figures = [row("new_received"), row("carried_over"), row("total_processed"), row("carried_forward")]
    if all(x is None for x in figures + [n for _, n in parts]):
        return ""
    received = say.one("本年度共收到政府信息公开申请", figures[0], "收到申请数")
    carried = say.one("上年结转" if received else "上年结转政府信息公开申请", figures[1], "上年结转")
    first = "，".join(x for x in (received, carried) if x)
    second = _with_detail(say.one("办结", figures[2]), say.items(parts), "办结的申请中，")
    third = say.one("结转下年度继续办理", figures[3])
    return "；".join(x for x in (first, second, third) if x) + "。"


def t4_sentence(v, say: Figures) -> str:
    review, direct, after = T4_GROUPS
    cols = T4_COLUMNS[:4]
    cause = "因政府信息公开工作"

    def n(g, c):
        return v.number(f"t4.{g}.{c}")

    rv = n(review.id, "total")
    lit = v.total([f"t4.{direct.id}.total", f"t4.{after.id}.total"])
    lit_parts = {c.id: v.total([f"t4.{direct.id}.{c.id}", f"t4.{after.id}.{c.id}"]) for c in cols}
    if rv is None and lit is None and n(direct.id, "total") is None and n(after.id, "total") is None:
        return ""
    if rv == 0 and lit == 0:
        return f"本年度未{cause}被申请{T4_SUPER[0]}或提起{T4_SUPER[1]}。"
    if rv == 0:
        first = f"未{cause}被申请{T4_SUPER[0]}"
    else:
        first = _with_detail(say.one(f"{cause}被申请{T4_SUPER[0]}", rv, f"{T4_SUPER[0]}总计"),
                             say.items(((c.label, n(review.id, c.id)) for c in cols), T4_SUPER[0]),
                             f"{cause}被申请的{T4_SUPER[0]}中，")
    if lit == 0:
        second = f"未被提起{T4_SUPER[1]}"
    else:
        split = "、".join(say.items([(direct.label, n(direct.id, "total")), (after.label, n(after.id, "total"))],
                                    T4_SUPER[1]))
        head = say.one(f"被提起{T4_SUPER[1]}", lit, f"{T4_SUPER[1]}总计")
        head = f"{head}（{split}）" if head and split else head
        second = _with_detail(head, say.items(((c.label, lit_parts[c.id]) for c in cols), T4_SUPER[1]),
                              f"被提起的{T4_SUPER[1]}中，")
    if not first and second:   # the cause moves to the clause that is left
        second = f"未{cause}被提起{T4_SUPER[1]}" if lit == 0 else cause + second
    return "本年度" + "；".join(x for x in (first, second) if x) + "。" if first or second else ""


def fee_sentence(fmt: Format, v) -> str:
    cid = "t3.other_overdue_fee.total"
    if cid not in fmt.cells:
        return ""
    n = v.number(cid)
    reason = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理"
    if n is None:
        return ""
    if n == 0:
        return f"本年度没有因{reason}的政府信息公开申请。"
    return f"本年度因{reason}的政府信息公开申请共{format_number(n)}件。"
