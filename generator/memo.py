"""`Memo`: a dict that computes and keeps the value of a key it does not hold yet.

The importer memoises what it derives from texts that recur across reports (labels, headings,
small numbers): `memo[key]` is a plain dict lookup when the key is known, and calls `fn(key)` only
the first time. A memo forgets everything once it holds `limit` entries, which bounds its memory
over a long batch of reports.
"""
from __future__ import annotations

from typing import Callable


class Memo(dict):
    __slots__ = ("fn", "limit")

    def __init__(self, fn: Callable, limit: int = 50000):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value
