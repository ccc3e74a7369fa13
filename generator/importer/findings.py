"""How the importer's findings cite the source: 第12行, or 原文 where no line is known."""
from __future__ import annotations


def line_ref(line: int | None) -> str:
    return f"第{line}行" if line else "原文"
