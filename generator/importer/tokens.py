"""Whether a cell's text is a value (a number, with or without unit or sign, a blank or "/")."""
from __future__ import annotations

from ..model import Kind
from ..values import State, is_text, parse


def is_value(text: str) -> bool:
    stripped = text.strip()
    if stripped.isdigit() and stripped.isascii():     # most values: no need to parse
        return True
    if is_text(text):        # most texts that are not values, without parsing
        return False
    return parse(text, Kind.SIGNED).state is not State.TEXT or parse(text, Kind.AMOUNT).state is not State.TEXT
