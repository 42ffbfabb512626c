"""Refuse input the extractor cannot read, before spending a parse on it.

The checks are cheap and run on a bounded prefix, so garbage fails fast: a 5 MB upload is
refused by its length alone, binary by its control characters, other languages by the share
of common English function words (spaCy's English model would happily "parse" them).
"""

from __future__ import annotations

import re

from pipeline.errors import EmptyInput, UnsupportedInput

# Largest text the extractor accepts. Long news features run to ~100k characters; a million
# leaves ten times that margin while keeping one parse under about a minute on one core, so
# a worker's time limit is never reached by an honest article.
MAX_CHARS = 1_000_000

# How much of the text the language and binary checks read: enough to judge, bounded in cost.
_SAMPLE = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in and or is are was were be been for on at by with from that this it he she they "
    "we you i his her their its not as but has have had will would said says".split()
)
# Below this many words the language statistics are noise, so short statements pass.
_MIN_WORDS_FOR_LANGUAGE = 25
# English prose has 35-50% function words; other Latin-script languages share a few ("a", "in").
_MIN_FUNCTION_SHARE = 0.12


def check_text(text: str) -> None:
    """Raise ``EmptyInput`` or ``UnsupportedInput`` with a message a user can act on."""
    if not isinstance(text, str):
        raise UnsupportedInput(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise UnsupportedInput(f"text too large: {len(text):,} characters (limit {MAX_CHARS:,})")
    if not text.strip():
        raise EmptyInput("the text is empty")
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        raise UnsupportedInput("the input looks binary (control characters), not text")
    words = _WORD.findall(sample)
    if not words:
        raise EmptyInput("the text has no words")
    letters = sum(len(w) for w in words)
    ascii_letters = sum(len(w) for w in words if w.isascii())
    if len(words) >= _MIN_WORDS_FOR_LANGUAGE:
        share = sum(1 for w in words if w.lower() in _ENGLISH_FUNCTION_WORDS) / len(words)
        if ascii_letters < letters * 0.6 or share < _MIN_FUNCTION_SHARE:
            raise UnsupportedInput("the text does not look like English; only English is supported")
