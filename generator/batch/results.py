"""What a worker sends back for one file: small, picklable, everything the 台账 needs of it."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..rules import ERROR, INFO, WARNING

READ, UNREADABLE, NOT_READ = "已核查", "无法读取", "未核查"


@dataclass(slots=True)
class Item:
    """One finding as the 台账 keeps it."""
    rule: str
    severity: str             # from the finding, i.e. the rule catalogue
    message: str
    cells: tuple[str, ...]
    where: str                # cells' places and the lines of the document they were read from
    undecided: bool
    fingerprint: str          # (unit, year, rule, cells): the same finding on a later run
    data_hash: str            # the values involved: has the report changed there?


@dataclass
class FileResult:
    rel: str
    sha256: str
    size: int
    form: str = ""                                  # 文本, 网页, Word, PDF, 工作簿 …
    status: str = READ
    error: str | None = None
    copies: list[str] = field(default_factory=list)
    unit: str | None = None
    year: int | None = None
    kind: str = ""
    format: str | None = None
    identity_note: str = ""
    items: list[Item] = field(default_factory=list)
    # the report, compact: format, meta, text, cells, and the line each cell was read from
    report: dict | None = None
    notes: list[str] = field(default_factory=list)  # shown in 汇总's 说明
    previous_file: str | None = None                # the previous year's report it was compared with
    copied_from_previous: list[tuple[str, float]] = field(default_factory=list)   # (text field, ratio)
    texts: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)    # similar.prepare

    @property
    def ok(self) -> bool:
        return self.status == READ

    def counts(self) -> dict[str, int]:
        out = {ERROR: 0, WARNING: 0, INFO: 0, "无法判断": 0}
        for it in self.items:
            out["无法判断" if it.undecided else it.severity] += 1
        return out

    @property
    def has_errors(self) -> bool:
        return any(it.severity == ERROR for it in self.items)
