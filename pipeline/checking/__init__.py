"""Cross-checking: one claim, the article it came from, fetched sources -> an honest Verdict.

Stages, in order (each a small module):

1. ``dedup``: which sources copy the article or each other (only independent ones vote);
2. ``passages``: sentences of each source ranked by BM25 and picked for coverage, and the one
   place of the page (a sentence and its neighbours, under the page's title and date line)
   that states most of the claim;
3. ``numbers`` + ``stance``: what each source says (figures, negation, yes/no answers, coverage);
4. ``attribution``: does an independent source put the content in the speaker's mouth;
5. ``verdict``: label, confidence and a one-sentence rationale; the label and its confidence
   come from a small learned model over what the stages found (``features``, ``verdict_model``),
   the hand rules (``verdict.decide``) stay for comparison.

Sources published after the claim are flagged (``after_claim``) and never contradict it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, Sequence
from urllib.parse import urlsplit

from pipeline.checking.attribution import DatedPassage, speaker_status
from pipeline.checking.dedup import assess_independence
from pipeline.checking.numbers import excerpt
from pipeline.checking.passages import page_passages, rank_passages, select_passages
from pipeline.checking.stance import SUPPORT_COVERAGE, ClaimView, QuantityFinder, SourceJudgement, judge_source
from pipeline.checking.ratings import rating_level
from pipeline.checking.verdict import SourceVote, decide, rationale
from pipeline.checking.verdict_model import VerdictModel, learned_decision
from pipeline.claims.timeexpr import day_of
from pipeline.models import Claim, Document, Evidence, Quantity, SourceFailure, Verdict
from pipeline.quantities import find_quantities

__all__ = ["Weighed", "check_claim", "claim_view", "verdict_of", "weigh_sources"]

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
    return day_of(date)


def _source_name(doc: Document) -> str:
    return doc.outlet or (urlsplit(doc.url).hostname if doc.url else None) or doc.title or "an untitled source"


@dataclass(frozen=True)
class Weighed:
    """Every source's vote on one claim and the evidence items kept, before any label is chosen."""

    view: ClaimView
    votes: tuple[SourceVote, ...]
    evidence: tuple[Evidence, ...]
    supporting: tuple[DatedPassage, ...]  # passages of independent sources, for attribution
    contradicting: tuple[DatedPassage, ...]
    when: str | None  # the claim's day
    claimants: tuple[tuple[str, str | None], ...] = ()  # who independent fact-checks of this claim say made it


def _statement(judged: SourceJudgement) -> str:
    """The passage a source's stance rests on (its judgement lists the deciding ones first); for
    a source taking no side, the passage that relays the claim as one under examination."""
    if judged.stance == "neutral":
        deciding = next((j for j in judged.passages if j.cue == "reported"), None)
    else:
        deciding = next((j for j in judged.passages if j.stance == judged.stance), None)
    return excerpt(deciding.ranked.passage.full) if deciding is not None else ""


def weigh_sources(
    claim: Claim,
    article: Document | None,
    sources: Sequence[Document],
    *,
    claim_date: str | None = None,
    find_quantities: QuantityFinder = find_quantities,
    support_coverage: float = SUPPORT_COVERAGE,
) -> Weighed:
    """Judge each source for ``claim`` (stages 1-3); ``check_claim`` documents the parameters."""
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
                judged.coverage, judged.cues, rating_level(judged.rating) if judged.rating is not None else None,
                judged.mentions, _statement(judged),
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
    return Weighed(view, tuple(votes), tuple(evidence), tuple(supporting), tuple(contradicting), when, tuple(claimants))


def check_claim(
    claim: Claim,
    article: Document | None,
    sources: Sequence[Document],
    failures: Sequence[SourceFailure] = (),
    *,
    claim_date: str | None = None,
    find_quantities: QuantityFinder = find_quantities,
    support_coverage: float = SUPPORT_COVERAGE,
    decider: Literal["model", "rules"] = "model",
) -> Verdict:
    """Weigh ``sources`` for ``claim`` and return its verdict with one evidence item per passage kept.

    ``claim_date`` (ISO) defaults to the article's publication date; ``find_quantities`` defaults
    to ``pipeline.quantities.find_quantities`` (a parameter so evaluations can swap it);
    ``support_coverage`` is the share of the claim one place of a source must state to support
    it (a parameter so the evaluation can choose it by cross-validation); ``decider`` picks the
    learned verdict or the hand rules (the evaluation reports both).
    """
    w = weigh_sources(claim, article, sources, claim_date=claim_date, find_quantities=find_quantities,
                      support_coverage=support_coverage)
    return verdict_of(claim, w, failures, decider=decider)


def verdict_of(
    claim: Claim, w: Weighed, failures: Sequence[SourceFailure] = (), *, decider: Literal["model", "rules"] = "model",
    model: VerdictModel | None = None,
) -> Verdict:
    """Stages 4-5 on weighed sources: attribution, label, confidence and rationale (``model``
    defaults to the shipped coefficients)."""
    label, confidence, counted = decide(w.votes, w.view.weights)
    abstained = ""
    if decider == "model":
        decision = learned_decision(w.view, w.votes, model)
        label, confidence, abstained = decision.label, decision.confidence, decision.abstained
    attribution, named = speaker_status(
        claim.speaker, w.view.weights, list(w.supporting), list(w.contradicting), w.when, list(w.claimants)
    )
    said = rationale(label, w.votes, failures, abstained=abstained)
    if named and claim.speaker is not None:
        said += f" An independent source names {claim.speaker.text!r}: {named}."
    return Verdict(
        label=label,
        confidence=confidence,
        attribution=attribution,  # type: ignore[arg-type]
        independent_sources=counted,
        rationale=said,
        evidence=w.evidence,
        failures=tuple(failures),
    )
