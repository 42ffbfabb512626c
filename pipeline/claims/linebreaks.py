"""Soft line breaks of hard-wrapped text, undone without moving a single offset.

Wire copy and many corpora arrive wrapped at a fixed width (a line break every ~65
characters). Read literally, every such break would end a sentence, split a quotation and cut
a speaker from its cue. :func:`unwrap` gives back a text of the *same length* in which each
soft break (``\\n``, or ``\\r\\n``) is replaced by spaces, so the parser reads whole sentences
and every offset found in the unwrapped text still indexes the original unchanged.

A break is soft when the text is wrapped at all (most lines inside its paragraphs come close
to one width) and the line before it is full: the first word of the next line would not have
fitted on it. That is how a greedy wrapper decides where to break, so a break the writer made
on purpose (a headline, a list item, the last line of a paragraph, an indented line) is kept.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_MIN_INNER_LINES = 3
# Share of the lines followed by another line of the same paragraph that must be near the width.
_WRAPPED_SHARE = 0.6
# How close to the width a line is "full" (characters): wrappers count slightly differently.
_NEAR = 0.75
_SLACK = 2
# Text is wrapped for fixed-width screens and mail (64 to 80 columns, rarely past 100); lines
# longer than this that end near one length are paragraphs of similar size, not wrapping.
_MAX_WIDTH = 132


def _lines(text: str) -> list[tuple[int, str, str]]:
    """(start, content, terminator) for every line of ``text``."""
    out: list[tuple[int, str, str]] = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and out:
            break
        raw = m.group()
        body = raw.rstrip("\r\n")
        out.append((m.start(), body, raw[len(body):]))
    return out


def wrap_width(text: str) -> int | None:
    """The width ``text`` is hard-wrapped at, or None when it is not hard-wrapped."""
    lines = _lines(text)
    inner = [len(body.rstrip()) for (_, body, end), (_, nxt, _) in zip(lines, lines[1:])
             if end and body.strip() and nxt.strip()]
    if len(inner) < _MIN_INNER_LINES:
        return None
    ranked = sorted(inner)
    width = ranked[int(0.9 * (len(ranked) - 1))]  # robust to a stray long line (a URL)
    if not 20 <= width <= _MAX_WIDTH:
        return None
    full = sum(1 for n in inner if _NEAR * width <= n <= width + _SLACK)
    return width if full >= _WRAPPED_SHARE * len(inner) else None


def unwrap(text: str) -> str:
    """``text`` with its soft line breaks turned into spaces; same length, same offsets."""
    width = wrap_width(text)
    if width is None:
        return text
    chars = list(text)
    lines = _lines(text)
    for (start, body, end), (_, nxt, _) in zip(lines, lines[1:]):
        if not end or not body.strip() or not nxt.strip() or nxt[:1].isspace():
            continue  # paragraph break, or an indented (new paragraph) line
        first_word = nxt.split(None, 1)[0]
        if len(body.rstrip()) + 1 + len(first_word) <= width - _SLACK:
            continue  # the next word would have fitted: the writer broke the line on purpose
        at = start + len(body)
        for i in range(at, at + len(end)):
            chars[i] = " "
    return "".join(chars)


def hard_wrap(text: str, width: int = 65) -> str:
    """``text`` wrapped at ``width`` by turning spaces into line breaks (offsets unchanged).

    The evaluation's wrapped variant of an article; existing line breaks are kept.
    """
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, ch in enumerate(text):
        if ch == "\n":
            line_start, last_space = i + 1, -1
            continue
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
        if ch == " ":
            last_space = i
    return "".join(chars)
