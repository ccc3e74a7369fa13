"""Import a published 政府信息公开工作年度报告 (text, web page, Word, PDF, …) into a `Report`.

    result = import_path("年报.pdf")        # or import_text(text) for text already in memory
    result.report                          # Report with provenance (source line and text of each value)
    result.findings                        # the import's own findings, then every check of the report

The stages, each a module with one job:

    readers/   bytes of one form -> blocks (paragraphs and tables), registered by suffix
    tabulate   lines of text that are a table -> Table blocks, for every form alike
    sections   title, metadata, section headings and narrative; each table with its section
    version    the format version, from the table labels
    assemble   a table's cells -> rows: each label of the model with the values after it
    match      rows -> cell values by id; complete: what is missing

Labels come from generator.model (labels.py); values go through generator.values.parse. The only
exception raised is `ReportImportError` (a ReportError with a Chinese message). A cell whose value
cannot be read with certainty is left out and reported, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..checker import check, summary
from ..layout import meta_id
from ..report import Report, Source
from .assemble import assemble
from .blocks import Block
from .complete import finish
from .errors import ReportImportError
from ..finding import make_finding
from .findings import line_ref
from .match import Matcher
from .readers import SUFFIXES, read_path, read_text, supported
from .sections import outline
from .tabulate import tabulate
from .version import detect_version


@dataclass
class ImportResult:
    report: Report
    findings: list              # the import's own findings (own), then the checks of the report
    source: str = ""
    own: list = field(default_factory=list)         # what the import itself found
    missing: set = field(default_factory=set)       # ids of the cells not imported

    def to_dict(self) -> dict:
        return {"source": self.source, "format": self.report.format, "summary": summary(self.findings),
                "report": self.report.to_dict(), "findings": [f.to_dict() for f in self.findings]}


def import_blocks(blocks: list[Block], source: str = "") -> ImportResult:
    o = outline(tabulate(blocks))
    if not o.sections and not o.tables and "year" not in o.meta:
        raise ReportImportError(f"{source or '文本'}：没有找到年报的标题、一至六部分或表格，"
                                f"不像政府信息公开工作年度报告")
    year = o.meta.get("year")
    version, _ = detect_version([t for t, _ in o.tables], year if isinstance(year, int) else None)
    assembled, last, last_section = [], None, None
    for table, section in o.tables:      # all assembled before matching: a table may finish the last row
        rows = assemble(table, version, last if section == last_section else None)
        assembled.append((rows, section))
        last, last_section = next((r for r in reversed(rows) if r.label is not None), None), section
    m = Matcher(version)
    for rows, section in assembled:
        m.table(rows, section)
    m.confirm_splits()
    missing = finish(m)
    meta = dict(o.meta, format=version)
    provenance: dict[str, Source] = m.out.provenance
    provenance.update({meta_id(k): s for k, s in o.meta_source.items()})
    provenance.update(o.text_source)
    report = Report(version, meta, o.text, m.out.cells, provenance, tuple(o.sections))
    own = m.out.findings
    for line, heading in o.extra_subheadings:
        own.append(make_finding(version, "S3", f"一、总体情况的小标题“{heading[:20]}”（{line_ref(line)}）超出模板的"
                                          f"（一）至（五），已并入“（五）监督保障”", ("s1.oversight",), case="near_label"))
    return ImportResult(report, own + _checks(report, missing), source, list(own), missing)


def _checks(report: Report, missing: set[str]) -> list:
    """The checks of the report, without those that only repeat that a cell was not imported (the
    import's S2/S3 findings say where and why)."""
    return [f for f in check(report)
            if not (f.cells and all(c in missing for c in f.cells) and (f.rule == "V6" or f.undecided))]


def import_path(path: str | Path) -> ImportResult:
    """Import the published report at `path`, of any form the readers know (by suffix)."""
    blocks, name = read_path(path)
    return import_blocks(blocks, name)


def import_text(text: str, source: str = "文本") -> ImportResult:
    """Import a published report's text (pasted, or copied out of a page)."""
    return import_blocks(read_text(text), source)


__all__ = ["ImportResult", "ReportImportError", "SUFFIXES", "import_blocks", "import_path", "import_text",
           "supported"]
