"""Help-text wrapping by display width, for Chinese help pages.

click measures and wraps help text by characters, but a Chinese character takes two columns on a
terminal: its help lines come out twice as wide as the window and its option columns misalign.
`wrap_text` and `term_len` here have the signatures of click.formatting's and count columns;
cli_zh.install() puts them in their place. Lines break between any two Chinese characters or at
spaces, never before closing punctuation, and lines of one paragraph are joined without a space
where Chinese meets Chinese (click would put one there).
"""
from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Closing punctuation stays on the line of the character before it (no line starts with it), and
# opening punctuation on the line of the character after it (no line ends with it).
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…%,.;:?!)]")
_NO_LINE_END = frozenset("（《「『“‘([")


def char_width(ch: str) -> int:
    """Columns a character takes on a Chinese terminal (ambiguous ones, like “”, are wide there)."""
    return 2 if unicodedata.east_asian_width(ch) in "WFA" and ord(ch) > 0x7F else 1


def term_len(text: str) -> int:
    """Display width of `text` in columns, ANSI colour codes excluded."""
    return sum(char_width(ch) for ch in _ANSI.sub("", text))


def _pieces(text: str):
    """Spaces, runs of narrow characters (a word), and single wide characters."""
    word = ""
    for ch in text:
        if ch.isspace() or char_width(ch) == 2:
            if word:
                yield word
                word = ""
            yield " " if ch.isspace() else ch
        else:
            word += ch
    if word:
        yield word


def _tokens(text: str):
    """The pieces, each opening punctuation mark joined to the piece after it."""
    held = ""
    for piece in _pieces(text):
        if piece in _NO_LINE_END or (held and piece != " " and piece[-1] in _NO_LINE_END):
            held += piece
            continue
        if held and piece != " ":
            piece, held = held + piece, ""
        elif held:
            yield held
            held = ""
        yield piece
    if held:
        yield held


def _fill(text: str, width: int, first: str, rest: str) -> str:
    """Greedy filling; closing punctuation that does not fit takes the piece before it along."""
    lines, prefix, line, used, space = [], first, [], term_len(first), False
    for tok in _tokens(text):
        if tok == " ":
            space = bool(line)
            continue
        piece, space = (" " + tok if space else tok), False
        if not line or used + term_len(piece) <= width:
            line.append(piece)
            used += term_len(piece)
            continue
        carry = [tok]
        if tok[0] in _NO_LINE_START and len(line) > 1:
            carry.insert(0, line.pop().lstrip())
        lines.append(prefix + "".join(line))
        prefix, line = rest, carry
        used = term_len(rest) + term_len("".join(carry))
    lines.append(prefix + "".join(line))
    return "\n".join(lines)


def _join(lines: list[str]) -> str:
    """One paragraph's lines as one line: a space between them unless Chinese meets Chinese."""
    out = lines[0]
    for line in lines[1:]:
        wide = char_width(out[-1]) == 2 or char_width(line[0]) == 2
        out += line if wide else " " + line
    return out


def _paragraphs(text: str):
    """(indent, raw, lines) for each paragraph; a paragraph opened by a line "\\b" is kept as is."""
    buf: list[str] = []
    indent = 0
    for line in text.expandtabs().splitlines() + [""]:
        if line.strip():
            if not buf:
                indent = len(line) - len(line.lstrip())
            buf.append(line.strip() if not buf or buf[0] != "\b" else line[indent:])
        elif buf:
            raw = buf[0] == "\b"
            yield indent, raw, buf[1:] if raw else buf
            buf = []


def _lead(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click.formatting.wrap_text, measured in display columns."""
    if not preserve_paragraphs:
        return _fill(" ".join(text.split("\n")), width, initial_indent, subsequent_indent)
    out = []
    for indent, raw, lines in _paragraphs(text):
        first, rest = initial_indent + " " * indent, subsequent_indent + " " * indent
        if raw:   # lines kept as written; only a line wider than the terminal is wrapped
            out.append("\n".join(_fill(ln.strip(), width, (first if i == 0 else rest) + _lead(ln), rest + _lead(ln))
                                 for i, ln in enumerate(lines)))
        elif lines:
            out.append(_fill(_join(lines), width, first, rest))
    return "\n\n".join(out)
