"""The six sections of the rendered report, and the opening paragraph.

Real reports write the sub-headings of 一 inline: 「（一）主动公开方面。积极发挥……」. When the
clerk's text opens with its own numbering (or with the sub-heading's words), that is the heading
and it is not printed a second time above it; otherwise the model's label stands as a heading
line. A blank the report needs is marked in a draft and left out of a report to be published;
`notes` says what was left out, in the clerk's words.
"""
from __future__ import annotations

import re

from ..model import SECTIONS, TEXT_FIELDS

NUMBERING = re.compile(r"^（[一二三四五六七八九十]+）")
LEAD = re.compile(r"^（[一二三四五六七八九十]+）[^。：:；;！？\n]{0,30}?[。：:；;！？]")
EMPTY_SECTION = "（本部分未填写）"


def _words(label: str) -> tuple[str, ...]:
    """'（四）政府信息公开平台建设' -> ('政府信息公开平台建设', '平台建设'): how a text may open."""
    w = NUMBERING.sub("", label)
    return (w, w.removeprefix("政府信息公开")) if w.startswith("政府信息公开") else (w,)


def split_lead(paragraph: str) -> tuple[str, str]:
    """'（一）主动公开方面。积极……' -> ('（一）主动公开方面。', '积极……'); no numbering -> ('', text)."""
    if not NUMBERING.match(paragraph):
        return "", paragraph
    m = LEAD.match(paragraph)
    lead = m.group(0) if m else NUMBERING.match(paragraph).group(0)
    return lead, paragraph[len(lead):]


def subsection(label: str, paras: list[str]) -> dict:
    """A sub-heading of 一 with its paragraphs. inline: the first paragraph carries the heading
    (`lead`, its words up to the first full stop or colon; `rest`, the remainder). `more_parts`:
    the other paragraphs split the same way (a sixth sub-heading the clerk wrote, 「（六）……」)."""
    first = paras[0]
    numbering = NUMBERING.match(label).group(0) if NUMBERING.match(label) else ""
    if not NUMBERING.match(first) and numbering and first.startswith(_words(label)):
        first = numbering + first      # 「主动公开方面，……」 -> 「（一）主动公开方面，……」
    lead, rest = split_lead(first)
    paras = [first] + paras[1:]
    return {"heading": label, "inline": bool(lead), "lead": lead, "rest": rest, "more": paras[1:],
            "more_parts": [dict(zip(("lead", "rest"), split_lead(p))) for p in paras[1:]], "paragraphs": paras}


def _drop_heading_echo(paras: list[str], heading: str) -> list[str]:
    """A text whose first line repeats the section heading ('五、存在的…') would print it twice."""
    if paras and paras[0].rstrip("：:。") in (heading, heading.split("、", 1)[1]):
        return paras[1:]
    return paras


def build_sections(report, tables_sentences: dict, paragraphs, draft: bool, notes: list[str]) -> list[dict]:
    """The six sections; `tables_sentences` maps s3/s4/s6 to their data sentence."""
    fmt, text = report.fmt, report.text
    fields = {f.id: f for f in TEXT_FIELDS}
    out = []
    for s in SECTIONS:
        sec = {"id": s.id, "numeral": s.numeral, "heading": s.heading, "paragraphs": [], "subsections": [],
               "sentence": tables_sentences.get(s.id, ""), "table": None, "empty": False}
        if s.id == "s1":
            sec["paragraphs"] = _drop_heading_echo(paragraphs(text.get("s1.overview")), s.heading)
            for f in TEXT_FIELDS:
                if f.section == "s1" and f.id != "s1.overview" and paragraphs(text.get(f.id)):
                    sec["subsections"].append(subsection(f.label, paragraphs(text.get(f.id))))
        elif s.id in ("s2", "s3", "s4"):
            sec["table"] = "t" + s.id[1]
        elif s.id == "s5":
            sec["paragraphs"] = _drop_heading_echo(paragraphs(text.get("s5")), s.heading)
        else:
            sec["paragraphs"] = _drop_heading_echo(paragraphs(text.get("s6")), s.heading) \
                + paragraphs(text.get("s6.fees"))
            _fees(sec, fmt, text, fields["s6.fees"].label, paragraphs, draft, notes)
        sec["empty"] = not (sec["paragraphs"] or sec["subsections"] or sec["table"] or sec["sentence"])
        if sec["empty"]:
            if draft:
                sec["paragraphs"] = [EMPTY_SECTION]
            else:
                notes.append(f"“{s.heading}”没有内容，报告中只有这一部分的标题")
        out.append(sec)
    return out


def _fees(sec: dict, fmt, text, label: str, paragraphs, draft: bool, notes: list[str]) -> None:
    """2021 format: 六 must report the information processing fees (S9). A blank is marked in a
    draft; in a report to publish it is left out (unless 六 already speaks of the fees)."""
    if fmt.version != "2021" or paragraphs(text.get("s6.fees")):
        return
    if any("信息处理费" in p for p in sec["paragraphs"]):
        return
    if draft:
        sec["paragraphs"].append(f"{label}：未填写。")
    else:
        notes.append(f"“{label}”未填写，报告中没有写这一项（六、其他需要报告的事项应报告收取信息处理费情况，"
                     "未收取的写明“本年度未收取信息处理费”）")


def opening_paragraphs(report, generated: list[str], paragraphs) -> list[str]:
    """The source's own opening (before 一、) when the report has one, else the generated one."""
    own = paragraphs(report.text.get("opening"))
    return own or generated
