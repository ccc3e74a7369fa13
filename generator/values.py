"""What a cell holds: a number, blank, "/", or text. Blank is never 0.

`parse` turns the raw content of a cell (as typed in a workbook or printed in a published
report) into a typed value, and says in Chinese when it had to convert something (a unit or a
word inside a number cell, an explicit sign, padding, a Word marker), so the conversion can be
reported as a finding (V2, V4, V7).

A number beyond ±MAX_NUMBER (generator/limits.py) is no figure of a report: written as text it is
text (V4), and the readers refuse a cell that holds one as a number (`number_problem`), as they
refuse an impossible report year (`year_problem`), before anything computes with it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum

from .limits import MAX_NUMBER, MAX_TEXT_CHARS, MAX_YEAR, MIN_YEAR
from .model import Kind
from .nfkc import nfkc


class State(str, Enum):
    NUMBER = "number"
    BLANK = "blank"
    SLASH = "slash"
    TEXT = "text"


@dataclass(frozen=True)
class Parsed:
    state: State
    number: int | float | None = None
    note: str = ""             # Chinese description of a conversion; empty if none
    note_rule: str = ""        # rule id of the conversion (V2, V4, V7)
    unit: str = ""             # for Kind.AMOUNT: the unit written in the cell, if any

    @property
    def is_number(self) -> bool:
        return self.state is State.NUMBER


BLANK = Parsed(State.BLANK)
SLASH = Parsed(State.SLASH)
TEXT = Parsed(State.TEXT)
_SLASHES = {"/", "／", "\\"}
# Word's bookmark text in extracted reports; no "[" inside, so that a search from each of many
# unclosed "[bookmark:" stops at the next one instead of the end of the text
WORD_MARKER = re.compile(r"\[bookmark:[^\]\[]*\]")
_NUM = re.compile(r"^(?P<sign>[+\-]?)(?P<num>\d+(?:\.\d+)?)$")
_WORDY = re.compile(r"^(?P<word>增加?|减少?|新增|[+\-])?(?P<num>\d+(?:\.\d+)?)(?P<wan>万)?(?P<yuan>元)?$")


def clean(raw: str) -> str:
    """NFKC, drop Word markers and every kind of whitespace."""
    text = WORD_MARKER.sub("", nfkc(raw))
    return "".join(text.split()).replace(",", "")


def _as_number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def parse(raw: object, kind: Kind) -> Parsed:
    """Parse the content of one number cell of the given kind."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        return TEXT
    if isinstance(raw, (int, float)):
        if number_problem(raw):
            return TEXT
        if isinstance(raw, float) and raw.is_integer() and kind in (Kind.COUNT, Kind.SIGNED):
            raw = int(raw)
        return Parsed(State.NUMBER, raw)
    if not isinstance(raw, str):
        return TEXT
    text = clean(raw)
    if not text:
        return BLANK
    if text in _SLASHES:
        return SLASH
    padded = text != raw
    m = _NUM.match(text)
    if m:
        number = _as_number(m["num"])
        if number > MAX_NUMBER:
            return TEXT
        if m["sign"] == "-":
            number = -number
        if m["sign"] == "+" and kind is Kind.SIGNED:
            return Parsed(State.NUMBER, number, f"“{raw.strip()}”按 {number} 读取（正号可省略）", "V2")
        if padded:
            return Parsed(State.NUMBER, number, f"“{raw}”含空格或 Word 标记，按 {number} 读取", "V7")
        return Parsed(State.NUMBER, number)
    m = _WORDY.match(text)
    if m and (m["word"] or m["wan"] or m["yuan"]):
        number: int | float = float(m["num"])
        word = m["word"] or ""
        if word.startswith("减") or word == "-":
            number = -number
        if word and kind is not Kind.SIGNED and word != "+":
            return TEXT
        unit = ""
        if kind in (Kind.AMOUNT_WAN, Kind.AMOUNT):
            if m["wan"]:
                unit = "万元"
            elif m["yuan"]:
                unit = "元"
                if kind is Kind.AMOUNT_WAN:
                    number = number / 10000
        elif m["yuan"]:
            return TEXT
        elif m["wan"]:
            number = number * 10000
        if isinstance(number, float) and number.is_integer() and kind in (Kind.COUNT, Kind.SIGNED):
            number = int(number)
        number = round(number, 6) if isinstance(number, float) else number
        if not abs(number) <= MAX_NUMBER:        # not-a-number included
            return TEXT
        shown = f"{number:+d}" if kind is Kind.SIGNED and isinstance(number, int) else f"{number}"
        unit_note = f"（单位：{unit}）" if unit else ""
        return Parsed(State.NUMBER, number, f"“{raw.strip()}”含单位或文字，按 {shown}{unit_note} 读取", "V4", unit)
    return TEXT


def number_problem(raw: object) -> str:
    """Why a cell holding `raw` as a number cannot be read as one ("" when it can, or is no number)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return ""
    if isinstance(raw, float) and not math.isfinite(raw):
        return f"“{raw}”不是有限的数字"
    if abs(raw) > MAX_NUMBER:
        return f"{_shown(raw)} 超出年报数字的范围（绝对值不超过 {MAX_NUMBER:,}）"
    return ""


def _shown(n: int | float) -> str:
    """A huge number briefly: 1e+308, or “401 位的整数”."""
    if isinstance(n, float):
        return f"{n:.3g}"
    return str(n) if abs(n) < 10 ** 30 else f"{len(str(abs(n)))} 位的整数"


def year_problem(raw: object) -> str:
    """Why `raw`, read as the report year (a whole number, or text of four digits), cannot be one
    ("" when it can, or is no year at all: the checker reports that, M1)."""
    if isinstance(raw, bool):
        return ""
    if isinstance(raw, float) and not math.isfinite(raw):
        return f"报告年度“{raw}”不是有限的数字"
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}", raw.strip(" ")):
        raw = int(raw.strip(" "))
    if isinstance(raw, (int, float)) and raw == int(raw) and not MIN_YEAR <= raw <= MAX_YEAR:
        return f"报告年度为 {_shown(int(raw) if isinstance(raw, int) or abs(raw) < 1e30 else raw)}，应为 {MIN_YEAR} 至 {MAX_YEAR} 年之间的年份"
    return ""


def length_problem(values) -> str:
    """Why a report whose text (its fields, metadata and cells) is this long is none ("" if it is not)."""
    chars = sum(len(v) for v in values if isinstance(v, str))
    if chars > MAX_TEXT_CHARS:
        return f"文字共 {chars} 个字符，超过 {MAX_TEXT_CHARS} 个（xxgk 读取的上限，真实的年报约 1 万字），不像年报，拒绝读取"
    return ""


def is_text(raw: str) -> bool:
    """True if parse(raw, kind) is TEXT whatever the kind: the cleaned text is not blank, not "/"
    and looks like no number. Cheaper than parsing (one clean, two anchored matches), for telling
    prose from table cells."""
    text = clean(raw)
    return bool(text) and text not in _SLASHES and not _NUM.match(text) and not _WORDY.match(text)


def format_number(n: int | float) -> str:
    """A number as a report prints it: integers plain, decimals without trailing zeros (at most 6)."""
    if isinstance(n, float):
        return f"{n:.6f}".rstrip("0").rstrip(".")
    return str(n)


def parse_unit(raw: object) -> str | None:
    """The declared unit of a 2019 采购总金额: 元 or 万元, else None."""
    if not isinstance(raw, str):
        return None
    text = clean(raw)
    return text if text in ("元", "万元") else None


def is_formula_like(text: str) -> bool:
    """Text that a spreadsheet would take for a formula (= + - @ at the start)."""
    return bool(text) and text[0] in "=+-@"
