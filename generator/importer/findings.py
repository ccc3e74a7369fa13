"""Findings of the import: built like every finding (generator.finding), and the way they cite a line."""
from __future__ import annotations

from ..finding import make_finding as finding  # noqa: F401  (the importer's stages build findings with it)


def line_ref(line: int | None) -> str:
    return f"第{line}行" if line else "原文"
