"""Web pages (.html, .htm, .shtml, .mhtml): the page title, then the article's paragraphs and tables.

Parsed with lxml's HTML parser (libxml2: no network, no scripts run). The first block is the
page's <title> as Para(0, …, role=PAGE_TITLE), which may name the agency and year when the
article's own title does not. A whole saved page gives the blocks of its article, found by
`_article.article_of`, led by the article's heading and byline (来源, 发布时间) when those stand
just outside it; the site's menus and footers are dropped. A page where no article can be told apart gives every block.
Line numbers are lines of the HTML source (`_html_blocks`).
"""
from __future__ import annotations

import re

from lxml import etree

from ...limits import MAX_TAGS
from ..blocks import PAGE_TITLE, Block, Para
from ..errors import ReportImportError
from ._article import article_of
from ._html_blocks import blocks_of, plain_paragraphs
from ._page_text import page_text

# what a report's own heading looks like: a year and 报告 in one short line
_HEADING = re.compile(r"(?:19|20)\d{2}\s*年.{0,40}报告")
_TITLE_PARTS = re.compile(r"\s*[_|｜—–]+\s*|\s+-\s+")     # "标题_栏目_网站" or "标题 - 网站"
_HEADING_LOOKBACK = 12     # paragraphs before the article in which its heading is looked for


def read(data: bytes, name: str = "") -> list[Block]:
    text = page_text(data, name)
    tags = text.count("<")
    if tags > MAX_TAGS:       # refused before lxml builds a tree of them
        raise ReportImportError(f"{name or '网页'}：网页有 {tags} 个标记，超过 {MAX_TAGS} 个（xxgk 读取的上限，"
                                f"真实的年报网页约 5000 个），不像年报，拒绝读取")
    root = parse(text)
    if root is None:
        return []
    blocks: list[Block] = []
    title = page_title(root)
    if title:
        blocks.append(Para(0, title, role=PAGE_TITLE))
    body = root.find("body")
    found = article_of(body, name) if body is not None else None
    if found is None:
        return blocks + blocks_of(root, name)
    article, article_blocks = found
    return blocks + _heading(article, body, article_blocks, title, name) + article_blocks


def parse(text: str):
    """The root <html> element of the page's tree, or None for a page with nothing in it."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                              huge_tree=False, compact=True)
    return etree.fromstring(text.encode("utf-8", errors="replace"), parser)


def page_title(root) -> str:
    el = root.find("head/title")
    if el is None:
        el = root.find(".//title")
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _heading(article, body, article_blocks: list[Block], title: str, name: str) -> list[Block]:
    """The report's heading and byline when they stand before the article, outside it (a page's
    title bar, then 来源/发布时间): the nearest paragraph before the article that looks like a
    heading, among the last few, and the paragraphs between it and the article that are not links."""
    first = article_blocks[0]
    if isinstance(first, Para) and _is_heading(first.text, title):
        return []
    between: list[Block] = []         # nearest first
    node = article
    while node is not body:
        for before in node.itersiblings(preceding=True):
            for b in reversed(plain_paragraphs(before, name)):
                if _is_heading(b.text, title):
                    return [b, *reversed(between)]
                between.append(b)
                if len(between) >= _HEADING_LOOKBACK:
                    return []
        node = node.getparent()
    return []


def _is_heading(text: str, title: str) -> bool:
    text = "".join(text.split())
    if not text or len(text) > 80:
        return False
    return bool(_HEADING.search(text)) or text == "".join(_TITLE_PARTS.split(title)[0].split())
