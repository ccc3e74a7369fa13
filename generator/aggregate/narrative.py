"""The narrative of a 汇总 is the clerk's to write; `xxgk render --from 上年汇总` offers last year's
text as a starting point. Each narrative field this report leaves blank takes last year's text,
ended by a marker saying whose text it is, and the report is rendered as a draft: last year's
words are never published as this year's (「不得年年雷同」)."""
from __future__ import annotations

from ..model import TEXT_FIELDS
from ..report import Report


def marker(previous: Report) -> str:
    year = f"（{previous.year}年度）" if previous.year is not None else ""
    return f"【以上为上年{year}报告的文字，仅作起草参考，请按本年度情况改写后删去本行】"


def draft_reason(previous: Report) -> str:
    return "本报告的部分正文是上年报告的文字（已标明），仅作起草参考"


def with_last_years_text(report: Report, previous: Report) -> tuple[Report, list[str]]:
    """`report` with its blank narrative fields taken from `previous`, each marked; and the labels
    of the fields so taken (empty: nothing was taken, the clerk's own text stands)."""
    text, taken = dict(report.text), []
    for f in TEXT_FIELDS:
        mine, old = str(text.get(f.id) or "").strip(), str(previous.text.get(f.id) or "").strip()
        if not mine and old:
            text[f.id] = f"{old}\n{marker(previous)}"
            taken.append(f.label)
    out = Report(report.format, dict(report.meta), text, dict(report.cells), dict(report.provenance),
                 report.sections_present)
    return out, taken
