"""What the matched cells lack: tables and rows not found (S2, S3), and the V7 summary."""
from __future__ import annotations

from ..model import T2_TITLE, T3_TITLE, T4_TITLE, TABLE_NAMES, Kind
from .match import Matcher

_TITLES = {"t2": T2_TITLE, "t3": T3_TITLE, "t4": T4_TITLE}


def finish(m: Matcher) -> set[str]:
    """Add the findings of what is missing; the ids of the cells not imported."""
    for table, items in m.out.cleaned.items():
        sample = "、".join(f"“{raw}”" for _, _, raw in items[:3])
        m.add("V7", f"{TABLE_NAMES[table]}有 {len(items)} 个单元格含空格或 Word 标记（{_ranges([i[1] for i in items])}，"
                    f"如{sample}），已清除后读取数字", tuple(cid for cid, _, _ in items), None, len(items))
    missing: set[str] = set()
    prov = m.out.provenance
    for table in ("t2", "t3", "t4"):
        ids = [c.id for c in m.fmt.table_cells(table) if c.kind is not Kind.UNIT]
        absent = [i for i in ids if i not in prov]
        missing.update(absent)
        if len(absent) == len(ids) and not _reported(m, absent):
            m.add("S2", f"原文中没有找到{TABLE_NAMES[table]}（{_TITLES[table]}）：该表的数字未导入，"
                        f"请核对原文（表格可能是图片）后在工作簿中填写", (ids[0],), TABLE_NAMES[table], None)
            continue
        rows: dict[str, list[str]] = {}
        for i in absent:
            rows.setdefault(m.fmt.cells[i].row, []).append(i)
        for row, cells in rows.items():
            if _reported(m, cells) or len(absent) == len(ids):
                continue
            c0 = m.fmt.cells[cells[0]]
            what = f"{TABLE_NAMES[table]}“{c0.row_label}”" + ("" if table == "t4" else "行")
            if len(cells) == sum(1 for i in ids if m.fmt.cells[i].row == row):
                msg = f"原文{what}缺失，未导入（模板的行不得删减）"
            else:
                msg = f"原文{what}缺少 " + "、".join(f"“{m.fmt.cells[i].col_label}”" for i in cells) + " 列"
            m.add("S3", msg, tuple(cells), None, None, case="missing")
    return missing


def _reported(m: Matcher, cells: list[str]) -> bool:
    """The row was found but not imported, and a finding already says why."""
    wanted = set(cells)
    return any(f.rule == "S3" and wanted <= set(f.cells) for f in m.out.findings)


def _ranges(lines: list[int]) -> str:
    """第3、5-9行 style list of line numbers."""
    out: list[str] = []
    nums = sorted(set(lines))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return "第" + "、".join(out) + "行"
