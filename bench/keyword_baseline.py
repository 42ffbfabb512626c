"""A plain peer: split sentences, match keywords and numbers against the fetched sources.

What newscheck would be without structure (no speakers, no quantities as intervals, no
independence, no passage ranking), written here only to show what that structure costs in time.
It fetches with plain ``requests`` (threads, like the pipeline), strips tags with a regex,
and labels each sentence that has a number.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from pipeline.models import ArticleInput

_SENT = re.compile(r"(?<=[.!?])\s+")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z]{4,}")
_NUM = re.compile(r"\d[\d,.]*")
_STOP = frozenset("that this with from have were been said told according their they which there about more than".split())


def _keywords(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if w not in _STOP}


def _numbers(sentence: str) -> set[str]:
    return {n.rstrip(".,").replace(",", "") for n in _NUM.findall(sentence)}


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def label(sentence: str, source_sentences: Sequence[str], overlap: float = 0.5) -> str:
    """supported / contradicted / mixed / unverified by keyword overlap and equal numbers."""
    kws, nums = _keywords(sentence), _numbers(sentence)
    agree = disagree = False
    for other in source_sentences:
        if not kws or len(kws & _keywords(other)) / len(kws) < overlap:
            continue
        theirs = _numbers(other)
        if nums & theirs:
            agree = True
        elif theirs:
            disagree = True
    if agree and disagree:
        return "mixed"
    return "supported" if agree else "contradicted" if disagree else "unverified"


@dataclass
class BaselineRun:
    articles: int = 0
    claims: int = 0
    seconds: float = 0.0
    labels: dict[str, int] = field(default_factory=dict)


def run_baseline(inputs: Sequence[ArticleInput]) -> BaselineRun:
    out = BaselineRun()
    session = requests.Session()

    def fetch(url: str) -> str:
        try:
            return _TAG.sub(" ", session.get(url, timeout=10).text)
        except requests.RequestException:
            return ""

    t0 = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        for inp in inputs:
            pages = list(pool.map(fetch, inp.sources))
            source_sentences = [s for page in pages for s in _sentences(page)]
            for sentence in _sentences(inp.text or ""):
                if not _NUM.search(sentence):
                    continue
                lab = label(sentence, source_sentences)
                out.labels[lab] = out.labels.get(lab, 0) + 1
                out.claims += 1
            out.articles += 1
    out.seconds = time.perf_counter() - t0
    return out
