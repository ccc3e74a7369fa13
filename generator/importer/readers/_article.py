"""Which element of a saved web page is the article, apart from the site's navigation around it.

The rule, measured on text outside links (menus are links): the article is the deepest element
that holds more than half of that text, every table of figures (three or more cells that are
numbers) and more than one block — and what it leaves out must look like navigation: some link
text, and at least as much of it as other text. A page that is only the article has nothing left
out, so every block is kept; so is every block of a page where no element passes.
"""
from __future__ import annotations

import re

from lxml import etree

from ..blocks import Block
from ._html_blocks import SKIP, blocks_of

_NUMBER = re.compile(r"\s*\d[\d,.，]*\s*")
_NOT_ARTICLE = frozenset({"table", "tbody", "thead", "tfoot", "tr"})   # one table is never the whole article


def article_of(body, name: str = "") -> tuple[object, list[Block]] | None:
    """The article element inside `body` and its blocks, or None when no article can be told apart."""
    text, links = _weights(body)
    total = text.get(body, 0)
    if not total:
        return None
    chain = [body]                     # elements holding more than half of the text, outermost first
    while True:
        inner = [c for c in chain[-1] if text.get(c, 0) * 2 > total]
        if not inner:
            break
        chain.append(inner[0])
    deepest = _deepest_holding_figures(body, chain)
    for candidate in reversed(chain[1:deepest + 1]):
        if candidate.tag in _NOT_ARTICLE:
            continue
        outside_text = total - text[candidate]
        outside_links = links.get(body, 0) - links.get(candidate, 0)
        if outside_links and outside_links >= outside_text:     # something to drop, and it is navigation
            blocks = blocks_of(candidate, name)
            if len(blocks) > 1:          # one long paragraph alone is not the article
                return candidate, blocks
    return None


def _weights(body) -> tuple[dict, dict]:
    """Characters of text outside and inside links in each element's subtree (skipped tags excluded)."""
    text: dict = {}
    links: dict = {}
    stack: list = []                  # [element, text, link text] of the open elements; None if skipped
    in_link = 0
    events = etree.iterwalk(body, events=("start", "end"))
    for event, el in events:
        if event == "start":
            if not isinstance(el.tag, str) or el.tag in SKIP:
                events.skip_subtree()
                stack.append(None)
                continue
            in_link += el.tag == "a"
            n = len(el.text.strip()) if el.text else 0
            stack.append([el, 0, n] if in_link else [el, n, 0])
            continue
        top = stack.pop()
        if top is not None:
            el, t, lk = top
            in_link -= el.tag == "a"
            text[el], links[el] = t, lk
        else:
            t = lk = 0
        if stack and stack[-1] is not None:
            n = len(el.tail.strip()) if el.tail else 0
            parent = stack[-1]
            parent[1] += t + (0 if in_link else n)
            parent[2] += lk + (n if in_link else 0)
    return text, links


def _is_figures(table) -> bool:
    numbers = 0
    for cell in table.iter("td", "th"):
        if _NUMBER.fullmatch("".join(cell.itertext())):
            numbers += 1
            if numbers >= 3:
                return True
    return False


def _deepest_holding_figures(body, chain: list) -> int:
    """The index in `chain` (body, then each element a child of the one before) of the deepest
    element that holds every table of figures; a table on the chain itself is a layout table
    around the article. Each table's ancestors are walked once."""
    on_chain = {el: i for i, el in enumerate(chain)}
    deepest = len(chain) - 1
    for table in body.iter("table"):
        if table in on_chain or not _is_figures(table):
            continue
        for up in table.iterancestors():
            if up in on_chain:
                deepest = min(deepest, on_chain[up])
                break
    return deepest
