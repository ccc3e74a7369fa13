"""Which table 三 row a sentence about carried applications refers to (rule N2).

"结转 N 件" alone does not say which way: 上年结转 is the row 二、上年结转政府信息公开申请数量
(`carried_over`, from last year), 结转下年度 the row 四、结转下年度继续办理 (`carried_forward`, to next
year). The direction is read from the words next to 结转 (上年/上一年度/去年… before it; 下年度/下一年度
/次年… after it; 尚未办结), and the count is the number right before or after those words. A
statement whose words give no direction, or whose number could belong to something else, is not
read: saying nothing is better than comparing it with the wrong row.
"""
from __future__ import annotations

import re

# A count starts where its digits do: a search tried from every digit of a long run, each time
# reading the rest of the run, took minutes over 100,000 digits.
COUNT = r"(?<!\d)(\d+)\s*(?:件|起|宗|个|份|例)"
# One character between the words and their number: no other number, no clause end, no word that
# joins two counts ("上年结转和本年新收共30件") or names another event ("上年结转的已办结3件").
_GAP = "(?:(?!办结|答复|受理|收到|新收)[^\\d，,；;。、和与及或共加合])"
_PAST = r"(?:上一?年度?|去年|前一年度?|(?P<year>\d{4})年度?)"
_NEXT = r"(?:下一?个?年度?|次年|明年|来年|(?P<year>\d{4})年度?)"
RX_OVER = re.compile(_PAST + r"[^\d，,；;。]{0,4}?(?:结转|遗留|未办结)")
RX_FORWARD = re.compile(r"(?:结转|转入|转至|转到)(?:至|到|入)?" + _NEXT + r"|(?:尚未|未能|未)办结")
RX_AFTER = re.compile(_GAP + "{0,10}?" + COUNT)
RX_BEFORE = re.compile(COUNT + _GAP + "{0,6}$")
TOPIC = r"结转|转入|转至|转到|办结"        # the words a clause needs to hold a statement read here


def _count(text: str, m: re.Match) -> int | None:
    """The count the words of `m` are about: the number just after or just before them, if only one is."""
    after = RX_AFTER.match(text, m.end())
    before = RX_BEFORE.search(text, 0, m.start())
    if bool(after) == bool(before):
        return None
    return int((after or before).group(1))


def _year_ok(m: re.Match, want: int | None) -> bool:
    """A year written out must be the year before (上年) or after (下年度) the report's."""
    return m.group("year") is None or (want is not None and int(m.group("year")) == want)


def _over(clause: str, year: int | None):
    """The phrases of the clause that speak of last year's applications (上年结转, 去年遗留 …)."""
    for m in RX_OVER.finditer(clause):
        if _year_ok(m, year - 1 if year else None):
            yield m


def statements(clause: str, year: int | None) -> list[tuple[str, int, int]]:
    """(row id, count, position) of each statement of the clause on applications carried over from
    last year or forward to next year, in order; `year` is the report's year (None if unknown)."""
    found = []
    masked = clause
    for m in _over(clause, year):
        masked = masked[:m.start()] + "\0" * (m.end() - m.start()) + masked[m.end():]   # 上年未办结 is no 未办结
        n = _count(clause, m)
        if n is not None:
            found.append(("carried_over", n, m.start()))
    for m in RX_FORWARD.finditer(masked):
        n = _count(clause, m)
        if n is not None and _year_ok(m, year + 1 if year else None):
            found.append(("carried_forward", n, m.start()))
    return sorted(found, key=lambda s: s[2])


def over_before(clause: str, pos: int, year: int | None) -> bool:
    """True if the clause speaks of last year's applications before `pos` (then a 办结 count there is
    of those, not the year's （七）总计)."""
    return any(m.start() < pos for m in _over(clause, year))


def carried_before(clause: str, pos: int) -> bool:
    """True if words on carried applications, either way, come before `pos` in the clause."""
    return any(rx.search(clause, 0, pos) for rx in (RX_OVER, RX_FORWARD))
