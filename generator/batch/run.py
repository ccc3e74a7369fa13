"""Run `work.process` over the files on every core (a process pool, --jobs), with progress.

One bad file is one row, never the end: the worker turns every error into its result. A worker
that dies outright (a library crashing on a malformed file) breaks the pool; the files not done
are then run again in a new pool, and if that breaks too, each in a pool of its own, so that only
the file that kills its worker ends up as a row saying so.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from .results import UNREADABLE, FileResult
from .work import Settings, init, process

_CRASHED = "处理该文件时程序异常退出（文件可能已损坏或过大），其他文件照常核查；请把该文件发给维护人员"


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_all(tasks: list[tuple], settings: Settings, jobs: int, progress=None) -> list[FileResult]:
    """Results in the order of `tasks`. `progress(n)` is called as files finish."""
    tick = progress or (lambda n: None)
    if not tasks:
        return []
    if jobs <= 1:
        init(settings)
        out = []
        for t in tasks:
            out.append(process(t))
            tick(1)
        return out
    done: dict[int, FileResult] = {}
    todo = list(range(len(tasks)))
    for attempt in range(2):
        todo = _pool_round(tasks, todo, settings, min(jobs, len(todo)), done, tick)
        if not todo:
            break
    for i in todo:                    # each remaining file in a pool of its own
        if _pool_round(tasks, [i], settings, 1, done, tick):
            done[i] = _failed(tasks[i], _CRASHED)
            tick(1)
    return [done[i] for i in range(len(tasks))]


def _pool_round(tasks, indices, settings, jobs, done, tick) -> list[int]:
    """Run `indices`; the ones left undone because the pool broke are returned."""
    left = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=init, initargs=(settings,)) as pool:
        futures = {pool.submit(process, tasks[i]): i for i in indices}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                done[i] = fut.result()
                tick(1)
            except BrokenProcessPool:
                left.append(i)
            except Exception as e:  # noqa: BLE001 - e.g. a result that would not pickle: still a row
                done[i] = _failed(tasks[i], f"处理该文件时程序内部出错（{type(e).__name__}：{e}），其他文件照常核查")
                tick(1)
    return sorted(left)


def _failed(task: tuple, message: str) -> FileResult:
    from pathlib import Path
    from .work import form_of
    return FileResult(task[1], task[2], task[3], form_of(Path(task[0])), status=UNREADABLE, error=message)
