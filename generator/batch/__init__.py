"""xxgk batch: check a whole folder of reports, keep the reviewers' verdicts, send each unit its list.

    folder ──scan──► files (sha256, identical files once) ──run (process pool)──► work: import or
    read each, check, identify ──► similar (雷同), roster (未报送), children (汇总 against its units)
    ──► sheets ──verdicts (merged from the old 台账)──► ledger (.xlsx) / --json ──► notices (.docx)

Modules, one job each: scan, identify, names, work (one file, in a worker), run (the pool),
previous (--previous-year), similar, roster, children, sheets (the 台账's content), verdicts,
ledger (write) and ledger_read, output (locks, backups, atomic replace), notices, pipeline.
"""
from .pipeline import BatchError, Options, Outcome, exit_code, run_batch

__all__ = ["BatchError", "Options", "Outcome", "exit_code", "run_batch"]
