"""The reviewers' verdicts survive re-runs.

Each row of 问题清单 (and of 雷同) carries a fingerprint (unit, year, rule, cells) and a hash of the
values involved. Run again onto an existing 台账, a row whose fingerprint is found again
- with the same values keeps its 复核结论 and 复核说明 (状态 仍存在, or 再次出现 after 已消除);
- with other values has its 复核结论 cleared, and 复核说明 shows “原结论：…（数据已变）”;
and a row of the old 台账 whose finding is gone is kept, marked 已消除, verdict and all — unless its
report was not among those checked this time (a run on part of the folder, a report withdrawn):
then it is kept as it was, marked 本次未核查, since nothing says the problem is gone.
"""
from __future__ import annotations

import datetime as dt

VERDICTS = ("确认", "不是问题", "已整改")
NOT_A_PROBLEM = "不是问题"
NEW, SAME, CHANGED, GONE, BACK, NOT_CHECKED = "新发现", "仍存在", "数据已变", "已消除", "再次出现", "本次未核查"
_WAS = "原结论："


def merge(new_rows: list[dict], old_rows: list[dict], checked=None, today: dt.date | None = None) -> list[dict]:
    """`new_rows` with the verdict columns (verdict, note, status, first_seen) filled from
    `old_rows`, then the old rows whose fingerprint is not among them: 已消除 when `checked(row)`
    says their report was checked this time (all are, without `checked`), else 本次未核查."""
    day = (today or dt.date.today()).isoformat()
    old = {}
    for r in old_rows:
        if r.get("fingerprint"):
            old.setdefault(r["fingerprint"], r)
    out = []
    for row in new_rows:
        o = old.pop(row["fingerprint"], None)
        if o is None:
            row.update(verdict=None, note=None, status=NEW, first_seen=day)
        elif o.get("data_hash") == row["data_hash"]:
            row.update(verdict=o.get("verdict"), note=o.get("note"), first_seen=o.get("first_seen") or day,
                       status=BACK if o.get("status") == GONE else SAME)
        else:
            row.update(verdict=None, note=_was(o), status=CHANGED, first_seen=o.get("first_seen") or day)
        out.append(row)
    for o in old.values():
        out.append(dict(o, status=GONE if checked is None or checked(o) else NOT_CHECKED))
    return out


def _was(old: dict) -> str | None:
    """What the reviewer had said, for a finding whose values have changed since."""
    verdict, note = old.get("verdict"), old.get("note")
    if not verdict:
        return note or None        # nothing decided: an earlier “原结论…” stays as it was
    said = f"{_WAS}{verdict}" + (f"；原说明：{note}" if note else "")
    return f"{said}（数据已变）"


def dismissed(row: dict) -> bool:
    """The reviewer said it is not a problem, or the finding is gone or not current: not for the
    unit's notice."""
    return row.get("verdict") == NOT_A_PROBLEM or row.get("status") in (GONE, NOT_CHECKED)
