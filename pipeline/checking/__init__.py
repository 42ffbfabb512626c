"""Cross-checking: one claim, the article it came from, fetched sources -> an honest Verdict.

Stages, in order (each a small module):

1. ``dedup``: which sources copy the article or each other (only independent ones vote);
2. ``passages``: sentences of each source ranked by BM25 and picked for coverage, and the one
   place of the page (a sentence and its neighbours, under the page's title and date line)
   that states most of the claim;
3. ``numbers`` + ``stance``: what each source says (figures, negation, yes/no answers, coverage);
4. ``attribution``: does an independent source put the content in the speaker's mouth;
5. ``verdict``: label, confidence and a one-sentence rationale.

Sources published after the claim are flagged (``after_claim``) and never contradict it.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence
from urllib.parse import urlsplit

from pipeline.checking.attribution import DatedPassage, speaker_status
from pipeline.checking.dedup import assess_independence
from pipeline.checking.passages import page_passages, rank_passages, select_passages
from pipeline.checking.stance import SUPPORT_COVERAGE, ClaimView, QuantityFinder, SourceJudgement, judge_source
from pipeline.checking.verdict import SourceVote, decide, rationale
from pipeline.models import Claim, Document, Evidence, Quantity, SourceFailure, Verdict
from pipeline.quantities import find_quantities

__all__ = ["check_claim", "claim_view"]

PASSAGES_PER_SOURCE = 5


def _rebased(claim: Claim) -> tuple[Quantity, ...]:
    """The claim's quantities with offsets into ``claim.content.text`` (they index the article)."""
    text, base = claim.content.text, claim.content.start
    out: list[Quantity] = []
    for q in claim.quantities:
        start = q.start - base
        if not (0 <= start and text[start : start + len(q.text)] == q.text):
            start = text.find(q.text)
            if start < 0:
                continue
        out.append(dataclasses.replace(q, start=start, end=start + len(q.text)))
    return tuple(out)


def claim_view(claim: Claim) -> ClaimView:
    """The claim's content as ranking and stance see it."""
    return ClaimView.of(claim.content.text or claim.text, _rebased(claim))


def _day(date: str | None) -> str | None:
    return date[:10] if date else None


def _source_name(doc: Document) -> str:
    return doc.outlet or (urlsplit(doc.url).hostname if doc.url else None) or doc.title or "an untitled source"


def check_claim(
    claim: Claim,
    article: Document | None,
    sources: Sequence[Document],
    failures: Sequence[SourceFailure] = (),
    *,
    claim_date: str | None = None,
    find_quantities: QuantityFinder = find_quantities,
    support_coverage: float = SUPPORT_COVERAGE,
) -> Verdict:
    """Weigh ``sources`` for ``claim`` and return its verdict with one evidence item per passage kept.

    ``claim_date`` (ISO) defaults to the article's publication date; ``find_quantities`` defaults
    to ``pipeline.quantities.find_quantities`` (a parameter so evaluations can swap it);
    ``support_coverage`` is the share of the claim one place of a source must state to support
    it (a parameter so the evaluation can choose it by cross-validation).
    """
    view = claim_view(claim)
    when = _day(claim_date) or _day(article.published if article is not None else None)
    indep = assess_independence(article, sources)
    votes: list[SourceVote] = []
    evidence: list[Evidence] = []
    supporting: list[DatedPassage] = []
    contradicting: list[DatedPassage] = []
    claimants: list[tuple[str, str | None]] = []  # who independent fact-checks of this claim say made it
    for i, doc in enumerate(sources):
        passages, frame = page_passages(doc.text, doc.title)
        ranked = rank_passages(list(view.terms), passages)
        chosen = select_passages(ranked, view.weights, PASSAGES_PER_SOURCE)
        published = _day(doc.published)
        after = bool(when and published and published > when)
        judged: SourceJudgement = judge_source(
            view, passages, chosen, find_quantities, may_contradict=not after, context=frame,
            support_coverage=support_coverage, reviews=doc.reviews,
        )
        quoted = judged.rating.quote if judged.rating is not None else ""
        hedged = judged.rating is not None and judged.rating.hedge
        if indep.independent[i] and judged.rating is not None and judged.rating.claimant:
            claimants.append((judged.rating.claimant, judged.rating.claimant_role))
        votes.append(
            SourceVote(
                _source_name(doc), judged.stance, judged.strength, indep.independent[i], indep.copies_article[i],
                after, judged.numbers, judged.held_back,
                frozenset().union(*(j.ranked.covered for j in judged.passages if j.stance == judged.stance)),
                "" if hedged else quoted, quoted if hedged else "",
            )
        )
        for j in judged.passages:
            if indep.independent[i]:
                if j.stance == "supports":
                    supporting.append(DatedPassage(j.ranked.passage.full, published))
                if j.stance == "contradicts":
                    contradicting.append(DatedPassage(j.ranked.passage.full, published))
            evidence.append(
                Evidence(
                    url=doc.url or "", title=doc.title, outlet=doc.outlet, published=doc.published,
                    passage=j.ranked.passage.full, stance=j.stance, independent=indep.independent[i],
                    duplicate_of=indep.duplicate_of[i], fetched_at=doc.fetched_at or "", sha256=doc.sha256 or "",
                    score=round(j.ranked.score, 4), note=j.note or None, after_claim=after, rating=quoted or None,
                )
            )
    label, confidence, counted = decide(votes, view.weights)
    attribution, named = speaker_status(claim.speaker, view.weights, supporting, contradicting, when, claimants)
    said = rationale(label, votes, failures)
    if named and claim.speaker is not None:
        said += f" An independent source names {claim.speaker.text!r}: {named}."
    return Verdict(
        label=label,
        confidence=confidence,
        attribution=attribution,  # type: ignore[arg-type]
        independent_sources=counted,
        rationale=said,
        evidence=tuple(evidence),
        failures=tuple(failures),
    )
