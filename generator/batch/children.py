"""A region's 汇总 against its units' reports, when the folder holds both (issue 16's check).

The check itself belongs to generator.aggregate: when that package provides
`check_against_children(summary_report, unit_reports, roster=None) -> list[Finding]`, the batch
calls it for every 汇总 report and lists its findings like any other. Without it, the 汇总's row
says that the sum was not checked.

Which reports are a 汇总's units: the other reports of its year in its folder and the folders
below, except that a folder below holding a 汇总 of its own (a county inside a city's folder)
counts as that one 汇总 — 逐级汇总: a city adds up its counties' 汇总, not their departments.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import PurePosixPath

from .identify import SUMMARY

NOT_AVAILABLE = "未与下属单位的报告核对合计（本版本尚无汇总核对功能）"


def provider():
    """generator.aggregate.check_against_children, or None while it does not exist."""
    try:
        module = import_module("generator.aggregate")
    except ModuleNotFoundError as e:
        if e.name in ("generator.aggregate",):
            return None
        raise
    return getattr(module, "check_against_children", None)


def folder_of(rel: str) -> PurePosixPath:
    return PurePosixPath(rel).parent


def _under(folder: PurePosixPath, top: PurePosixPath) -> bool:
    return top == PurePosixPath(".") or folder == top or top in folder.parents


def children_of(i: int, results, folders: list[PurePosixPath] | None = None) -> list[int]:
    """Indices of the results that are the units of the 汇总 results[i] (rule in the docstring);
    `folders[j]` is results[j]'s folder, when the caller has them."""
    folders = folders or [folder_of(r.rel) for r in results]
    me = results[i]
    top = folders[i]
    same_year = [j for j, r in enumerate(results) if j != i and r.ok and r.year == me.year and _under(folders[j], top)]
    sub_summaries = {folders[j] for j in same_year if results[j].kind == SUMMARY and folders[j] != top}
    out = []
    for j in same_year:
        r = results[j]
        folder = folders[j]
        if r.kind == SUMMARY and folder == top:
            continue
        inner = [s for s in sub_summaries if _under(folder, s)]
        if not inner:
            out.append(j)
        elif r.kind == SUMMARY and folder in inner and not any(s != folder and _under(folder, s) for s in inner):
            out.append(j)        # the nearest 汇总 below stands for its folder
    return out
