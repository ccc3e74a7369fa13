"""What a number cell holds, judged once for Python and for spreadsheet formulas (V1, V3, V4, V6,
T2-1, T4-2), and the text tests both engines share (blank, characters counted without whitespace).

The checker reports each cell by these tests and rules; the workbook's 校验 sheet classifies every
input cell with the same tests written as a formula (a code such as 空 or 负 per cell) and shows
each rule's status from those codes. Only functions Excel, WPS and LibreOffice share are used.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from .model import Kind
from .values import State, parse

# Every character str.isspace() accepts (what str.split() and regex \s split at): Python counts
# text without them, and formulas remove the same characters (tests/test_checker.py holds the list
# to str.isspace over every code point).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
              + "\u2028\u2029\u202f\u205f\u3000")
SLASHES = ("/", "／", "\\", "＼")     # what values.parse reads as "/" (after NFKC)
# The whitespace a number cell's blank test removes in a formula: what a clerk types or pastes into
# an otherwise empty cell (the full set costs 30 nested SUBSTITUTEs in each of ~170 cells, which
# XlsxWriter's formula preparation makes 4x slower to write). The writer leaves no whitespace-only
# text in a number cell (as_written), so only a clerk's own exotic spaces could differ.
CELL_SPACES = " \u3000\xa0\t\n\r"

# The code of a number cell on the 校验 sheet: a number that passes, one that breaks the kind's
# value test (值 for counts, 负 and 位 for amounts), blank, "/", or text.
NUMBER, VALUE, NEGATIVE, DECIMALS, BLANK, SLASH, TEXT = "数", "值", "负", "位", "空", "斜", "文"


def count_chars(text: str) -> int:
    """Characters not counting whitespace (S6 counts 总体情况 so)."""
    return sum(map(len, text.split()))


def xl_char(ch: str) -> str:
    """A one-character string in a formula (control characters through CHAR)."""
    return f"CHAR({ord(ch)})" if ord(ch) < 32 else f'"{ch}"'


def xl_clean(expr: str, chars: str = WHITESPACE + "\x01") -> str:
    """The formula text of `expr` with the characters removed, by default every WHITESPACE one and
    CHAR(1): LibreOffice gives formulas a tab inside a multi-line cell as that character (its text
    engine's field mark; seen in 7.4), and no cell can hold a real one (XML forbids it)."""
    for ch in chars:
        expr = f'SUBSTITUTE({expr},{xl_char(ch)},"")'
    return expr


def xl_text(s: str) -> str:
    """A string literal in a formula."""
    return '"' + s.replace('"', '""') + '"'


def xl_names(conditions: list[tuple[str, str]]) -> str:
    """A formula listing, separated by 、, the names whose condition holds (in the given order)."""
    parts = "&".join(f'IF({cond},"{name} ","")' for cond, name in conditions) or '""'
    return f'SUBSTITUTE(TRIM({parts})," ","、")'


@dataclass(frozen=True)
class ValueTest:
    """A value that breaks a number cell's kind: `python` on the number, `excel` on "{c}"."""
    code: str
    python: Callable[[float], bool]
    excel: str


def _decimals(n: float) -> bool:
    """More than 4 decimals: the 5th and 6th decimals, rounded, are not both 0."""
    return abs(n * 10**4 - round(n * 10**4)) >= 0.005


_NEGATIVE = ValueTest(NEGATIVE, lambda n: n < 0, "{c}<0")
_DECIMALS = ValueTest(DECIMALS, _decimals, "ABS({c}*10000-ROUND({c}*10000,0))>=0.005")
VALUE_TESTS = {
    Kind.COUNT: (ValueTest(VALUE, lambda n: n < 0 or n != math.floor(n), "OR({c}<0,{c}<>INT({c}))"),),
    Kind.SIGNED: (ValueTest(VALUE, lambda n: n != math.floor(n), "{c}<>INT({c})"),),
    Kind.AMOUNT_WAN: (_NEGATIVE, _DECIMALS),     # the first that applies decides (checker and sheet)
    Kind.AMOUNT: (_NEGATIVE, _DECIMALS),
}


def value_code(n: float, kind: Kind) -> str:
    """The code of a number in a cell of `kind`."""
    return next((t.code for t in VALUE_TESTS[kind] if t.python(n)), NUMBER)


def xl_code(c: str, clean: str, kind: Kind) -> str:
    """Formula giving the code of cell `c`; `clean` is the cell holding xl_clean(c) (text only)."""
    number = f'"{NUMBER}"'
    for t in reversed(VALUE_TESTS[kind]):
        number = f'IF({t.excel.format(c=c)},"{t.code}",{number})'
    slash = ",".join(f"{clean}={xl_text(s)}" for s in SLASHES)
    return f'=IF(ISNUMBER({c}),{number},IF({clean}="","{BLANK}",IF(OR({slash}),"{SLASH}","{TEXT}")))'


def value_rule(version: str, table: str, kind: Kind, code: str) -> str:
    """The rule a cell's code breaks (format.md d.2, d.4, d.5)."""
    if code in (BLANK, SLASH):
        return "V6"
    if code == TEXT:
        return "V4"
    if code == DECIMALS:
        return "V3"
    if code == NEGATIVE:
        return "T2-1" if version == "2021" else "V3"
    if table == "t4":
        return "T4-2"
    return "T2-1" if table == "t2" and version == "2021" and kind is Kind.COUNT else "V1"


def codes_of(kind: Kind) -> tuple[str, ...]:
    """Every code a cell of `kind` can have besides NUMBER."""
    return (BLANK, SLASH, TEXT) + tuple(t.code for t in VALUE_TESTS[kind])


# -- the year: a number (as the cell's validation asks) or four digits as text -------------------

def year_value(raw: object) -> int | None:
    """The report year, or None when it is not one: an integer number, or text of four digits."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return int(raw) if raw == math.floor(raw) else None
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}", raw.strip(" ")):
        return int(raw.strip(" "))
    return None


def xl_year_ok(y: str) -> str:
    """TRUE when the year cell `y` holds what year_value accepts."""
    t = f"TRIM({y})"
    return (f'IF(ISNUMBER({y}),{y}=INT({y}),IF(LEN({t})=4,IF(ISNUMBER(--{t}),'
            f'TEXT(--{t},"0000")={t},FALSE),FALSE))')


def xl_year(y: str) -> str:
    """The year as a number, where xl_year_ok holds."""
    return f"IF(ISNUMBER({y}),{y},--TRIM({y}))"


def as_written(raw: object, kind: Kind) -> object:
    """What the workbook gets for a number cell holding `raw`: text that is only a number (padded,
    a plus sign, a Word marker) as that number, and blank text as blank, since a formula sums no
    text; units and words stay as written, for the clerk to settle (V4)."""
    if not isinstance(raw, str) or kind not in VALUE_TESTS:
        return raw
    p = parse(raw, kind)
    if p.state is State.BLANK:
        return None
    return p.number if p.state is State.NUMBER and p.note_rule in ("", "V7", "V2") else raw
