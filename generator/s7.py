"""S7: section 五 (存在的主要问题及改进情况) states both its problems and its improvements.

Reports word both in many ways: problems as 「存在……不足」「有一定差距」「有待加强」「不够精准」,
improvements as 「下一步」「下步」「接下来」「2025年，我局将……」「将进一步……」「一是优化……」.
A finding is given only when the text holds no word of one kind at all; the heading itself
(often repeated in the text: 「存在的主要问题及改进情况：无」) and denials such as 「未发现问题」
do not count as stating anything, nor does 问题 where an improvement names what it solves
(「回应社会热点问题」) or 改进 where a problem says what is lacking (「有待改进」).
"""
from __future__ import annotations

import re

HEADING_ECHO = re.compile(r"(政府信息公开工作)?存在的?主要问题(及|和|与)改进(情况|措施)?")
DENIAL = re.compile(r"(没有|无|不存在|未发现|未出现|暂无)(任何|明显|突出|重大|较大)?(的)?(问题|不足)")
PROBLEM = re.compile(
    r"存在[^。；]{0,12}问题|主要问题|问题(和|与|及)不足|问题[：:]|等问题|以下问题|一些问题|问题(主要)?(表现|体现|是|有)"
    r"|不足|差距|短板|薄弱|欠缺|缺乏|缺少|有待|不够|不强|不高|不深|不全|不广|不到位|不完善|不规范|不及时|不精准"
    r"|偏少|偏低|偏弱|滞后|困难|仍需|还需|尚需|尚未|亟需|亟待")
# 将 as a future auxiliary: followed by an adverb or verb of intent (not 将 + object, 「将信息……」).
IMPROVEMENT = re.compile(
    r"(?<![待需])改进|整改|措施|举措|下一步|下步|接下来|今后|明年|来年|新的一年|计划|力争|着力"
    r"|(将|(?<!需)要)(进一步|继续|持续|不断|重点|加强|加大|加快|强化|完善|健全|建立|提升|提高|优化|深化|推进|推动|拓展|丰富"
    r"|做好|抓好|采取|从|以|按照|严格|切实|围绕|聚焦|坚持|积极|认真|全面|落实|依托|结合|加以)")

MIN_CHARS = 10
_WHAT = "五、存在的主要问题及改进情况"


def _compact(text: object) -> str:
    """The text without whitespace: a PDF's line breaks may split a word (「不\n足」)."""
    return "".join(str(text or "").split())


def s7_message(text: object) -> str | None:
    """The S7 message for the text of section 五, or None when it states problems and improvements."""
    s5 = _compact(text)
    if len(s5) < MIN_CHARS or s5.strip("。.") in ("无", "暂无", "没有"):
        return f"{_WHAT}内容过少：应写明具体问题和改进举措"
    body = DENIAL.sub("", HEADING_ECHO.sub("", s5))
    problems, improvements = PROBLEM.search(body), IMPROVEMENT.search(body)
    if problems and improvements:
        return None
    if improvements:
        return f"{_WHAT}未写明存在的问题（如“存在……不足”“……有待加强”）：应实事求是写明具体问题"
    if problems:
        return f"{_WHAT}只写了存在的问题，未写明改进举措（如“下一步，将……”）"
    return f"{_WHAT}未写明存在的问题和改进举措"


def check_s7(checker, text: object, present: tuple[str, ...] | None) -> None:
    """Add the S7 finding to `checker` (checker._Checker) unless section 五 is known to be absent (S1)."""
    if present is not None and "五" not in present and not _compact(text):
        return
    message = s7_message(text)
    if message is not None:
        checker.add("S7", message, ("s5",), "具体的问题和改进", _compact(text)[:60] or None)
