"""Import a published 政府信息公开工作年度报告 (.txt, .docx, .html) into a `Report`.

    result = import_report("年报.txt")      # or the text itself, or a .docx/.html path
    result.report                           # Report with provenance (source line and text of each value)
    result.findings                         # conversions, unknown/missing rows and tables, and every check

Cells are matched by their row and column labels, normalised as format.md §a.7 says; the
vocabulary comes from generator.model. Values go through generator.values.parse. The only
exception raised is `ReportImportError` (a ReportError with a Chinese message).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checker import check, summary
from ..layout import meta_id
from ..report import Report, ReportError, Source
from ..rules import WARNING
from .blocks import Block
from .findings import finding, line_ref
from .sections import outline
from .tables import detect_version, match_tables
from .text import parse_text

SUFFIXES = (".txt", ".text", ".md", ".docx", ".html", ".htm")


class ReportImportError(ReportError):
    """A document that cannot be imported at all; the message is Chinese and says why."""


@dataclass
class ImportResult:
    report: Report
    findings: list            # list[checker.Finding]
    source: str = ""

    def to_dict(self) -> dict:
        return {"source": self.source, "format": self.report.format, "summary": summary(self.findings),
                "report": self.report.to_dict(), "findings": [f.to_dict() for f in self.findings]}


def _decode(data: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReportImportError(f"{name}：无法识别文字编码（应为 UTF-8 或 GBK/GB18030 编码的文本）")


def read_blocks(source: str | Path, kind: str | None = None) -> tuple[list[Block], str]:
    """The paragraphs and tables of a document; `source` is a path, or the text itself."""
    if isinstance(source, str) and kind is None and ("\n" in source or len(source) > 400
                                                    or not source.lower().endswith(SUFFIXES)):
        return parse_text(source), "文本"
    path = Path(source)
    name = path.name
    kind = (kind or path.suffix.lower().lstrip(".")).lower()
    try:
        data = path.read_bytes()
    except OSError as e:   # the checks a read that succeeds does not need
        if not path.exists():
            raise ReportImportError(f"找不到文件：{path}") from None
        if path.is_dir():
            raise ReportImportError(f"{path} 是文件夹，不是文件") from None
        raise ReportImportError(f"{name}：无法读取（{e.strerror or e}）") from None
    if kind == "docx":
        from .docx import parse_docx
        return parse_docx(data, name), name
    if kind in ("html", "htm"):
        from .html import parse_html
        return parse_html(_decode(data, name), name), name
    if kind in ("txt", "text", "md", ""):
        if data[:2] == b"PK":
            raise ReportImportError(f"{name}：这是 Word/压缩文件而不是文本文件，请使用 .docx 扩展名")
        return parse_text(_decode(data, name)), name
    raise ReportImportError(f"{name}：不支持的文件类型“{path.suffix}”（支持 .txt、.docx、.html）")


def import_blocks(blocks: list[Block], source: str = "") -> ImportResult:
    o = outline(blocks)
    if not o.sections and not o.tables and "year" not in o.meta:
        raise ReportImportError(f"{source or '文本'}：没有找到年报的标题、一至六部分或表格，"
                                f"不像政府信息公开工作年度报告")
    year = o.meta.get("year")
    version, _ = detect_version([t for t, _ in o.tables], year if isinstance(year, int) else None)
    matched = match_tables(o.tables, version)
    meta = dict(o.meta)
    meta["format"] = version
    provenance: dict[str, Source] = matched.provenance     # the matcher's own dicts, not copied
    provenance.update({meta_id(k): s for k, s in o.meta_source.items()})
    provenance.update(o.text_source)
    report = Report(version, meta, o.text, matched.cells, provenance, tuple(o.sections))
    findings = matched.findings
    for line, heading in o.extra_subheadings:
        findings.append(finding(version, "S3", f"一、总体情况的小标题“{heading[:20]}”（{line_ref(line)}）超出模板的"
                                              f"（一）至（五），已并入“（五）监督保障”", ("s1.oversight",),
                                severity="提示"))
    checked = check(report)
    for f in checked:
        if f.rule == "M1":
            f.severity = WARNING
            f.message += "（原文未载明，请在工作簿“基本信息”中补填）"
    missing = matched.missing_cells
    if missing:   # what a missing table or row (S2/S3) already reports
        checked = [f for f in checked if not (f.cells and all(c in missing for c in f.cells)
                                              and (f.rule == "V6" or f.undecided))]
    findings += checked
    return ImportResult(report, findings, source)


def import_report(source: str | Path, kind: str | None = None) -> ImportResult:
    """Import a published report from a path (.txt/.docx/.html) or from its text."""
    blocks, name = read_blocks(source, kind)
    return import_blocks(blocks, name)


__all__ = ["ImportResult", "ReportImportError", "import_report", "import_blocks", "read_blocks"]
