"""Split a source into passages and pick the few that bear on a claim.

Passages are sentences (a regex splitter: spaCy would cost seconds per 50 pages). Ranking is
BM25 over the page's own sentences; selection then prefers passages that cover claim words
not yet covered, because a claim often needs two or three sentences of a page together
("the film" in one, "2016" and "Grammy" in another). ``coverage_window`` finds the one place
of a page (adjacent sentences, read under its title and date line) that states most of a claim,
which is what support by coverage is measured on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from rank_bm25 import BM25Okapi

from pipeline.checking.lexical import content_terms, passage_terms

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
    corpus = [[] if p.question else passage_terms(p.full) for p in passages]
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


_NOT_WORD = re.compile(r"[\W_]+")


def shape(text: str) -> str:
    """Text without case, markup or punctuation: "# Title" and "Title | Site" show the same title."""
    return " " + _NOT_WORD.sub(" ", text.lower()).strip() + " "


def _repeats(r: Ranked, shown: Sequence[str], covered: set[str]) -> bool:
    """``r``'s sentence is already shown, or it wraps a shown one and adds no claim word."""
    mine = shape(r.passage.text)
    return any(mine in seen for seen in shown) or (
        r.covered <= covered and any(seen in shape(r.passage.full) for seen in shown)
    )


def select_passages(ranked: list[Ranked], weights: Mapping[str, float], k: int = 5) -> list[Ranked]:
    """Greedy choice of ``k`` passages: BM25 score plus a bonus for claim terms not yet covered.

    The bonus is the weighted share of the claim a passage adds (``weights``: term ->
    specificity), scaled to the best score, so the sentence that brings the missing date or
    name outranks a second paraphrase of the half already covered. A passage whose sentence a
    chosen one already shows (a heading repeated as the title, a sentence already quoted as the
    lead of the next), or that wraps a chosen one and adds no claim word, is skipped: it would
    take a slot and add nothing.
    """
    if not ranked:
        return []
    total = sum(weights.values()) or 1.0
    top = max(r.score for r in ranked) or 1.0
    pool = ranked[: max(4 * k, 20)]
    chosen: list[Ranked] = []
    covered: set[str] = set()
    shown: list[str] = []  # what the chosen passages already show, letters and digits only
    while pool and len(chosen) < k:
        pool = [r for r in pool if not _repeats(r, shown, covered)]
        if not pool:
            break
        def gain(r: Ranked) -> float:
            return r.score / top + COVERAGE_BONUS * math.fsum(weights.get(t, 0.0) for t in r.covered - covered) / total

        best = max(pool, key=lambda r: (gain(r), -r.passage.index))
        chosen.append(best)
        shown.append(shape(best.passage.full))
        covered |= best.covered
        pool.remove(best)
    return chosen


TITLE_SEARCH = 3  # a page's own heading, when its text repeats the title, is among its first passages
DATELINE_SEARCH = 20  # a byline's date sits near the top of a page, under the heading
DATELINE_CHARS = 100  # a date line is short: longer sentences that contain a date are statements
_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def page_passages(text: str, title: str | None = None) -> tuple[list[Passage], tuple[int, ...]]:
    """A page's passages, and which of them frame every sentence: its title (a profile page's
    "She" or a report's elided subject is named there) and its date line (which dates what the
    page reports). A title missing from the text is added as the first passage."""
    title = (title or "").strip()
    passages = split_passages(text)
    context: list[int] = []
    if title and title not in text[:300]:
        passages = split_passages(title + "\n" + text)
        context.append(0)
    elif title:
        key = shape(title)
        context += [p.index for p in passages[:TITLE_SEARCH] if key in shape(p.text)][:1]
    context += [
        p.index for p in passages[:DATELINE_SEARCH] if len(p.text) <= DATELINE_CHARS and _DATE.search(p.text)
    ][:1]
    return passages, tuple(context)


WINDOW_REACH = 1  # sentences either side of a sentence that count as its context


@dataclass(frozen=True)
class Window:
    """The place on a page that states most of a claim: a run of adjacent statements read
    under the page's heading, the weighted share of the claim they state together, and
    which of them (by ``Passage.index``) contribute."""

    share: float
    indices: tuple[int, ...]
    covered: frozenset[str]


def coverage_window(
    passages: Sequence[Passage],
    weights: Mapping[str, float],
    *,
    context: Sequence[int] = (),
    skip: Callable[[Passage], bool] = lambda p: False,
    reach: int = WINDOW_REACH,
) -> Window:
    """The run of ``2 * reach + 1`` adjacent statements that covers the largest weighted share
    of the claim, read with the ``context`` passages (indices: the page's title) that frame
    every run.

    A claim is stated in one place of a page (a sentence, with its neighbours for the subject
    or date it leaves out), not assembled from words scattered over the page: "departure" in
    one paragraph and "coach" in another say nothing together. Questions and ``skip``ped
    statements (answers that say nothing was found) state nothing.
    """
    total = sum(weights.values())
    if not passages or not total:
        return Window(0.0, (), frozenset())
    wanted = set(weights)
    stated = [
        frozenset() if p.question or skip(p) else frozenset(wanted.intersection(passage_terms(p.full)))
        for p in passages
    ]
    frame = [j for j in context if 0 <= j < len(passages)]
    best = Window(0.0, (), frozenset())
    for i in range(len(passages)):
        run = sorted(set(range(max(0, i - reach), min(len(passages), i + reach + 1))).union(frame))
        covered = frozenset().union(*(stated[j] for j in run))
        share = math.fsum(weights[t] for t in covered) / total  # fsum: the same in every process
        if share > best.share:
            best = Window(share, tuple(j for j in run if stated[j]), covered)
    return best
