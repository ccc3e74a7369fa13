"""Title, metadata, section headings and the narrative fields of a published report."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import SECTIONS, TEXT_FIELDS
from ..nfkc import nfkc
from ..report import Source
from ..values import WORD_MARKER
from .blocks import PAGE_TITLE, Block, Para, Table
from .labels import section_of_heading, subheading_index

_TITLE = re.compile(r"^(?P<agency>.*?)(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:的)?\s*政府信息公开(?:工作)?\s*(?:年度)?报告")
_YEAR_ANY = re.compile(r"统计期限自\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年度?政府信息公开工作年度报告")
# Every pattern here is searched in long lines of text: a search starts only where a match can begin
# (the lookbehinds: not inside a run of the characters it repeats, where a 100,000-letter line made
# the e-mail search quadratic, 21 s) and a run of blanks is matched by one star, never two around an
# optional character (which tries every split of the run).
# the prefixed words spelt out as alternatives (not "(?:联系)?地址"), so that the search skips to
# their first characters instead of trying every position
_ADDRESS = re.compile(r"(?:联系地址|通讯地址|通信地址|地址)\s*[:：为]\s*(?P<v>[^，,；;。）)\n]+)")
_POSTCODE = re.compile(r"邮(?:政)?编(?:码)?\s*(?:[:：为]\s*)?(?P<v>\d{6})")
_PHONE = re.compile(r"(?:联系电话|电话)\s*(?:[:：为]\s*)?(?P<v>[0-9（）()\-－—]{7,}(?:[、/或][0-9（）()\-－—]{7,})*)")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])(?P<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
_WEB = re.compile(r"(?P<v>https?://[A-Za-z0-9._~:/?#\[\]@!$&'*+,;=%\-]+|(?<![A-Za-z0-9.\-])www\.[A-Za-z0-9.\-]+\.[A-Za-z]{2,}[A-Za-z0-9._~/\-]*)")
_PAGE_DATE = re.compile(r"(?:发布时间|发布日期|成文日期|时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})"
                        r"\s*[-/.月]\s*(\d{1,2})")
_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")

# sub-headings （一）…（五） of section 一, by numeral order
S1_FIELDS = [f.id for f in TEXT_FIELDS if f.section == "s1" and f.id != "s1.overview"]
NUMERAL_SECTION = {s.numeral: s.id for s in SECTIONS}


@dataclass
class Outline:
    meta: dict[str, object] = field(default_factory=dict)
    meta_source: dict[str, Source] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    text_source: dict[str, Source] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)       # numerals in the order found
    headings: dict[str, int] = field(default_factory=dict)  # numeral -> line
    tables: list[tuple[Table, str | None]] = field(default_factory=list)
    extra_subheadings: list[tuple[int, str]] = field(default_factory=list)
    opening: list[tuple[int, str]] = field(default_factory=list)   # paragraphs between title and 一、


def _clean(line: str) -> str:
    if "[" in line:     # a Word marker
        line = WORD_MARKER.sub("", line)
    return line.strip().strip("\u3000").strip()


def outline(blocks: list[Block]) -> Outline:
    o = Outline()
    section: str | None = None
    order = "一二三四五六"
    before: list[Para] = []                          # paragraphs before the first heading
    fields: dict[str, list[Para]] = {}
    current_field: str | None = None
    sub_seen = 0
    for b in blocks:
        if isinstance(b, Table):
            o.tables.append((b, section))
            continue
        numeral = section_of_heading(b.text)
        if numeral is not None and (section is None or order.index(numeral) > order.index(section)) \
                and numeral not in o.headings:
            section = numeral
            o.sections.append(numeral)
            o.headings[numeral] = b.line
            sid = NUMERAL_SECTION[numeral]
            current_field = {"s1": "s1.overview", "s5": "s5", "s6": "s6"}.get(sid)
            continue
        if section is None:
            before.append(b)
            continue
        if section == "一":
            idx = subheading_index(b.text)
            if idx is not None and idx >= sub_seen:
                sub_seen = idx + 1
                if idx < len(S1_FIELDS):
                    current_field = S1_FIELDS[idx]
                else:  # a sixth sub-heading: kept with the last field, nothing is dropped
                    current_field = S1_FIELDS[-1]
                    o.extra_subheadings.append((b.line, _clean(b.text)))
        if current_field is not None:
            fields.setdefault(current_field, []).append(b)
    _title_and_opening(o, before)
    if current_field in fields:
        _trim_page_end(fields[current_field])
    if "s6" in fields:
        _closing(o, fields["s6"])
    for fid, paras in fields.items():
        _field_text(o, fid, paras)
    if o.opening:
        o.text["opening"] = "\n".join(t for _, t in o.opening)
        o.text_source["opening"] = (o.opening[0][0], o.opening[0][1][:60])
    return o


def _field_text(o: Outline, fid: str, paras: list[Para]) -> None:
    kept = [(p.line, t) for p in paras if (t := _clean(p.text))]
    if not kept:
        return
    # blank lines are kept, so that line = first line + newlines before a position (narrative.py)
    first_line, first = kept[0]
    parts = [first]
    prev = first_line
    for line, t in kept[1:]:
        parts.append("\n" * max(1, line - prev) + t)
        prev = line
    o.text[fid] = "".join(parts)
    o.text_source[fid] = (first_line, first[:60])


def _find_title(cleaned: list[tuple[Para, str]]) -> tuple[int, int, re.Match] | None:
    """(index of its first paragraph, number of paragraphs, match) of the report's title: the first
    short paragraph before 一、 (or two, a title wrapped once) that reads “…某年度政府信息公开工作年度报告”.
    A whole saved page or PDF has the site's navigation above it."""
    found = []
    for n in (1, 2):
        for i in range(len(cleaned) - n + 1):
            parts = [t for _, t in cleaned[i:i + n]]
            joined = "".join(parts)
            if len(joined) > 80 or any(t[:1] in "•·▪●" for t in parts):
                continue
            m = _TITLE.match(nfkc(joined).replace(" ", ""))
            if m:
                found.append((not m["agency"].strip(), n, i, m))   # one naming the agency first
                break
    if not found:
        return None
    _, n, i, m = min(found, key=lambda f: f[:3])
    return i, n, m


def _title_and_opening(o: Outline, paras: list[Para]) -> None:
    page_titles = [p for p in paras if p.role == PAGE_TITLE]
    cleaned = [(p, t) for p in paras if not p.role and (t := _clean(p.text))]
    found = _find_title(cleaned)
    opening = cleaned
    if found:
        i, n, m = found
        src = (cleaned[i][0].line, "".join(t for _, t in cleaned[i:i + n]))
        _title_meta(o, m, src)
        _page_date(o, cleaned[i + n:i + n + 3])
        opening = cleaned[i + n:]
    for p in page_titles:       # a web page's <title> when the article's title lacks the agency or year
        m = _TITLE.match(nfkc(_clean(p.text)).replace(" ", ""))
        if m:
            _title_meta(o, m, (p.line, _clean(p.text)), only_missing=True)
    if "year" not in o.meta:
        for p, t in opening:
            y = _YEAR_ANY.search(t)
            if y:
                o.meta["year"] = int(y.group(1) or y.group(2))
                o.meta_source["year"] = (p.line, t[:60])
                break
    for key, rx in (("address", _ADDRESS), ("postcode", _POSTCODE), ("phone", _PHONE), ("email", _EMAIL),
                    ("website", _WEB)):
        for p, t in opening:
            mm = rx.search(t)
            if mm:
                o.meta[key] = mm["v"].strip().rstrip("。．.")
                o.meta_source[key] = (p.line, mm.group(0))
                break
    o.opening = [(p.line, t) for p, t in opening if not _PAGE_DATE.search(t) and not _furniture(t)]


# marks before a title that are not the agency's name: 【草稿】, [征求意见稿], （送审稿）
_TITLE_MARK = re.compile(r"^(?:[【\[(（][^】\])）]{1,8}[】\])）])+")


def _title_meta(o: Outline, m: re.Match, src: Source, only_missing: bool = False) -> None:
    agency = _TITLE_MARK.sub("", m["agency"].strip()).strip()
    if agency and not (only_missing and o.meta.get("agency")):
        o.meta["agency"], o.meta_source["agency"] = agency, src
    if not (only_missing and "year" in o.meta):
        o.meta["year"], o.meta_source["year"] = int(m["year"]), src


def _page_date(o: Outline, after_title: list[tuple[Para, str]]) -> None:
    """A page's “发布时间：2025-01-20” under the title: the publication date, unless the report's own
    closing date says otherwise (_closing runs later and overrides it)."""
    for p, t in after_title:
        m = _PAGE_DATE.search(nfkc(t))
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                o.meta["publish_date"] = f"{y:04d}-{mo:02d}-{d:02d}"
                o.meta_source["publish_date"] = (p.line, m.group(0))
            return


def _furniture(text: str) -> bool:
    """A line of a web page's frame rather than of the report: a menu bullet, or a short line with no
    sentence punctuation or ending in a colon that is not a date (附件下载, 扫一扫在手机上查看当前页面,
    关闭, 微信 微博, 相关链接：)."""
    t = _clean(text)
    return t[:1] in "•·▪●" or (len(t) <= 20 and (not any(c in t for c in "。，,；;、：:") or t[-1:] in "：:")
                                and not _DATE.match(nfkc(t)))


def _trim_page_end(paras: list[Para]) -> None:
    """A saved page (or its PDF) goes on after the report with the site's footer: the last section
    ends where three lines of page frame in a row begin."""
    kept = [p for p in paras if _clean(p.text)]
    for i in range(len(kept) - 2):
        if all(_furniture(p.text) for p in kept[i:i + 3]):
            cut = {id(p) for p in kept[i:]}
            paras[:] = [p for p in paras if id(p) not in cut]
            return


def _closing(o: Outline, paras: list[Para]) -> None:
    """The publication date at the end (and the signature line above it) leaves section 六."""
    tail = [p for p in paras if _clean(p.text)][-3:]
    for i in range(len(tail) - 1, -1, -1):
        m = _DATE.match(nfkc(_clean(tail[i].text)))
        if m:
            y, mo, d = (int(x) for x in m.groups())
            o.meta["publish_date"] = f"{y:04d}-{mo:02d}-{d:02d}"
            o.meta_source["publish_date"] = (tail[i].line, _clean(tail[i].text))
            drop = {id(tail[i])}
            if i > 0 and len(_clean(tail[i - 1].text)) <= 30 and not re.search(r"[。；;，,]", tail[i - 1].text):
                drop.add(id(tail[i - 1]))   # the signature (agency name) above the date
            paras[:] = [p for p in paras if id(p) not in drop]
            return
