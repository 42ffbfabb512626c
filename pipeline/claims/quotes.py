"""Quotation spans in raw text, found before parsing.

The parser does not know where quotes open and close; the characters do. A quote that is not
closed in its paragraph runs to the paragraph's end when the next paragraph opens a quote,
because news style re-opens (and never closes) a quotation that continues in the next
paragraph; otherwise the missing closer is a slip and the quote ends with its sentence, so it
cannot swallow the attributions after it. A straight double quote right after a digit is an
inch mark (6'2"), not a quote. Single quotes are ignored: they double as apostrophes (but two
in a row are a double quote).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Two apostrophes ('' ... '') and the TeX pair (`` ... '') stand for double quotes in ASCII-only
# newswire text.
_OPEN_CLOSE = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb", "''": "''", "``": "''"}
_MARKS = re.compile("''|``|[\u201c\u201d\"\u00ab\u00bb]")
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\u201c\"])")
_OPENERS = ("\u201c", '"', "\u00ab", "''", "``")


@dataclass(frozen=True)
class QuoteSpan:
    """``start``/``end`` include the quote marks."""

    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every double-quoted stretch of ``text``, in order."""
    spans: list[QuoteSpan] = []
    for para in _PARAGRAPH.finditer(text):
        opened: tuple[int, str] | None = None
        for m in _MARKS.finditer(text, para.start(), para.end()):
            ch = m.group()
            if opened is None and ch == '"' and m.start() > 0 and text[m.start() - 1].isdigit():
                continue  # 6'2", a 12" pipe: an inch mark, not an opening quote
            if opened is None:
                if ch in _OPEN_CLOSE:
                    opened = (m.start(), _OPEN_CLOSE[ch])
            elif ch == opened[1]:
                spans.append(QuoteSpan(opened[0], m.end()))
                opened = None
            elif ch in _OPEN_CLOSE and ch not in ('"', "''"):  # a stray curly opener restarts the quote
                opened = (m.start(), _OPEN_CLOSE[ch])
        if opened is not None:
            spans.append(QuoteSpan(opened[0], _unclosed_end(text, opened[0], para.end())))
    return spans


def _unclosed_end(text: str, start: int, para_end: int) -> int:
    """Where a quote left open in its paragraph ends: the paragraph's end when the next
    paragraph re-opens a quote (a quotation continued), else the end of its own sentence."""
    rest = text[para_end:].lstrip()
    if rest.startswith(_OPENERS):
        return para_end
    stop = _SENTENCE_END.search(text, start + 1, para_end)
    return stop.end() if stop is not None else para_end


class QuoteIndex:
    """Which quote (if any) covers a character offset, in O(log n)."""

    def __init__(self, spans: list[QuoteSpan]) -> None:
        self.spans = spans
        self._starts = [s.start for s in spans]

    def at(self, offset: int) -> QuoteSpan | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        return None

    def within(self, start: int, end: int) -> list[QuoteSpan]:
        """Quotes that overlap ``[start, end)``."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        for s in self.spans[i:]:
            if s.start >= end:
                break
            if s.end > start:
                out.append(s)
        return out
