"""M2: the postcode has six digits, and neither it nor the phone number lost its leading zero.

A spreadsheet that takes "010010" or "057412345678" for a number keeps 10010 and 57412345678; the
workbook makes both cells text, but a workbook from elsewhere (or an older one) may not.
"""
from __future__ import annotations

import re

from .layout import meta_id

SIX_DIGITS = re.compile(r"[0-9]{6}")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def postcode_message(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    if _is_number(value):
        if float(value).is_integer() and 0 <= value < 100_000:
            return (f"基本信息“邮编”为数字 {int(value)}：开头的 0 已丢失，应为 {int(value):06d}；"
                    "请把该单元格设为文本格式后重新填写")
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = str(value).strip()
    if not SIX_DIGITS.fullmatch(text):
        return f"基本信息“邮编”为“{text}”：邮政编码应为六位数字"
    return None


def phone_message(value: object) -> str | None:
    if _is_number(value):
        shown = int(value) if float(value).is_integer() else value
        return (f"基本信息“联系电话”保存为数字 {shown}：区号开头的 0 可能已丢失，"
                "请把该单元格设为文本格式后按“0574-12345678”的样式重新填写")
    return None


def meta_text(meta: dict, key: str) -> str:
    """A metadata value as text. A postcode a spreadsheet kept as a number lost its leading zeros
    (010010 -> 10010); every postcode has six digits, so they are put back."""
    val = meta.get(key)
    if val is None or str(val).strip() == "":
        return ""
    if key == "postcode" and _is_number(val) and float(val).is_integer() and 0 <= val < 1_000_000:
        return f"{int(val):06d}"
    return str(val).strip()


def check_contact(checker, meta: dict) -> None:
    """Add M2 findings to `checker` (checker._Checker)."""
    for key, message in (("postcode", postcode_message(meta.get("postcode"))),
                         ("phone", phone_message(meta.get("phone")))):
        if message:
            checker.add("M2", message, (meta_id(key),), found=meta.get(key))
