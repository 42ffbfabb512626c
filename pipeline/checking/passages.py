"""Split a source into passages and pick the few that bear on a claim.

Passages are sentences (a regex splitter: spaCy would cost seconds per 50 pages). Ranking is
BM25 over the page's own sentences; selection then prefers passages that cover claim words
not yet covered, because a claim often needs two or three sentences of a page together
("the film" in one, "2016" and "Grammy" in another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from rank_bm25 import BM25Okapi

from pipeline.checking.lexical import content_terms

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st lt col gen maj capt cpt sgt adm gov sen rep rev pres "
    "no vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?P<gap>\s+)(?=[\"'“‘(\[]?[A-Z0-9])|(?P<line>\n\s*)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.?[\"'”’)\]]*$")
MAX_PASSAGE_CHARS = 600
COVERAGE_BONUS = 3.0  # weight of new claim coverage against BM25 score when picking passages
_ANAPHORS = frozenset("he she it they this these those his her its their him them".split())
_INTERROGATIVES = frozenset(
    "what who whom whose which when where why how is are was were do does did has have had can could "
    "will would should shall may might".split()
)


@dataclass(frozen=True)
class Passage:
    """One sentence of a source: ``text == source_text[start:end]``; ``index`` is its order.

    ``lead`` is the sentence before it when this one cannot be read alone: the question it
    answers (interview, FAQ and fact-check pages: "How many were killed? 558.") or the
    antecedent of the pronoun it opens with ("He denied it."). Ranking and stance read both.
    """

    text: str
    start: int
    end: int
    index: int
    lead: str = ""

    @property
    def question(self) -> bool:
        """Questions assert nothing: they are read as the lead of their answer, never alone.

        A line that opens with an interrogative and does not end like a statement counts too
        (headings and FAQ entries often drop the question mark).
        """
        text = self.text.rstrip()
        if text.endswith("?"):
            return True
        first = text.split(maxsplit=1)[0].lower() if text else ""
        return first in _INTERROGATIVES and not text.endswith((".", "!", '"', "”"))

    @property
    def full(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


def _anaphoric(sentence: str) -> bool:
    """Opens with a pronoun that points back ("He said ...", "It was ..."): needs its antecedent."""
    first = sentence.split(maxsplit=1)[0].lower().strip("\"'“‘(") if sentence.strip() else ""
    return first in _ANAPHORS


def _ends_with_abbreviation(chunk: str) -> bool:
    m = _LAST_WORD.search(chunk.rstrip())
    if m is None:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())  # "J. Smith"


def split_passages(text: str) -> list[Passage]:
    """Sentences of ``text`` with their offsets; overlong sentences are cut at clause marks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.start("gap") if m.group("gap") is not None else m.start()
        if "\n" not in m.group(0) and _ends_with_abbreviation(text[start:cut]):
            continue
        spans.append((start, cut))
        start = m.end()
    spans.append((start, len(text)))
    out: list[Passage] = []
    for s, e in spans:
        for cs, ce in _cut_long(text, s, e):
            piece = text[cs:ce]
            stripped = piece.strip()
            if not stripped:
                continue
            pad = len(piece) - len(piece.lstrip())
            lead = out[-1].text if out and not stripped.endswith("?") and (out[-1].question or _anaphoric(stripped)) else ""
            out.append(Passage(stripped, cs + pad, cs + pad + len(stripped), len(out), lead))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run-on "sentence" (a list, a table row) so no passage swamps the ranking."""
    if end - start <= MAX_PASSAGE_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE_CHARS:
        cut = max(text.rfind(mark, start, start + MAX_PASSAGE_CHARS) for mark in ("; ", ", ", " "))
        cut = cut + 1 if cut > start else start + MAX_PASSAGE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


@dataclass(frozen=True)
class Ranked:
    """A passage with its BM25 score and the claim terms it contains."""

    passage: Passage
    score: float
    covered: frozenset[str]


def rank_passages(query_terms: list[str], passages: list[Passage]) -> list[Ranked]:
    """All statements that share a term with the query (an answer with its question), best
    BM25 first (ties keep page order). Questions themselves are never returned."""
    if not passages or not query_terms:
        return []
    corpus = [[] if p.question else content_terms(p.full) for p in passages]
    wanted = set(query_terms)
    bm25 = BM25Okapi([doc or ["\x00"] for doc in corpus])
    scores = bm25.get_scores(query_terms)
    ranked = [
        Ranked(p, float(max(scores[i], 0.0)), frozenset(wanted.intersection(corpus[i])))
        for i, p in enumerate(passages)
        if wanted.intersection(corpus[i])
    ]
    ranked.sort(key=lambda r: (-r.score, r.passage.index))
    return ranked


def select_passages(ranked: list[Ranked], weights: Mapping[str, float], k: int = 5) -> list[Ranked]:
    """Greedy choice of ``k`` passages: BM25 score plus a bonus for claim terms not yet covered.

    The bonus is the weighted share of the claim a passage adds (``weights``: term ->
    specificity), scaled to the best score, so the sentence that brings the missing date or
    name outranks a second paraphrase of the half already covered.
    """
    if not ranked:
        return []
    total = sum(weights.values()) or 1.0
    top = max(r.score for r in ranked) or 1.0
    pool = ranked[: max(4 * k, 20)]
    chosen: list[Ranked] = []
    covered: set[str] = set()
    while pool and len(chosen) < k:
        def gain(r: Ranked) -> float:
            return r.score / top + COVERAGE_BONUS * sum(weights.get(t, 0.0) for t in r.covered - covered) / total

        best = max(pool, key=lambda r: (gain(r), -r.passage.index))
        chosen.append(best)
        covered |= best.covered
        pool.remove(best)
    return chosen
