"""What one source says about a claim: supports, contradicts or neutral, and why.

No entailment model runs offline here, so stance comes from structure: figures compared as
numbers, a denial or negation the claim does not have in a passage that otherwise restates
the claim, a "No" that answers a question restating it, and coverage (how much of the claim's
content one place of the source states: a sentence with its neighbours, under the page's title
and date line).
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from pipeline.checking.lexical import NEGATIONS, content_terms, passage_terms, term_weights, tokens
from pipeline.checking.numbers import NumberCheck, comparable, compare_quantities, stated
from pipeline.checking.passages import Passage, Ranked, coverage_window
from pipeline.checking.ratings import Rating, find_rating, hedged_rating
from pipeline.checking.reported import doubts_claim
from pipeline.checking.reviews import matching_review, states
from pipeline.checking.statements import is_reported
from pipeline.models import ClaimReview, Quantity, Stance

# Shares below are weighted by word specificity (see ``lexical.term_weights``).
SUPPORT_COVERAGE = 0.66  # one place of a source must state this share of the claim (median pick of 2-fold CV on WiCE+AVeriTeC, dev)
RESTATES = 0.5  # a single passage must restate this share before its negation or "yes" counts
ANSWERS_QUESTION = 0.3  # a question must restate this share for its "no" (or a debunk) to count

# Words that deny or debunk what they are attached to (beyond grammatical negation).
DENIALS: frozenset[str] = frozenset(
    "false fake hoax debunk debunked denied denies deny denial untrue incorrect misleading baseless "
    "fabricated myth rumor rumour unfounded doctored".split()
)
_UP = frozenset(content_terms("increase rise rose risen grow grew grown gain climb higher jump surge soar"))
_DOWN = frozenset(content_terms("decrease decline fall fell fallen drop shrink shrank lower plunge slump"))
_YES = frozenset({"yes", "true", "correct", "confirmed"})
_NO = frozenset({"no", "false", "incorrect", "wrong"})

QuantityFinder = Callable[[str], Sequence[Quantity]]


@dataclass(frozen=True)
class ClaimView:
    """What stance needs of a claim, computed once: its content, words and figures."""

    text: str
    terms: tuple[str, ...]
    weights: dict[str, float]  # term -> specificity; coverage is a weighted share
    quantities: tuple[Quantity, ...]  # offsets index ``text``
    negated: bool
    denies: bool

    @classmethod
    def of(cls, text: str, quantities: Sequence[Quantity]) -> ClaimView:
        toks = set(tokens(text))
        weights = term_weights(text)
        return cls(text, tuple(weights), weights, tuple(quantities), bool(toks & NEGATIONS), bool(toks & DENIALS))


# What decided a passage (the learned verdict reads these as features, see ``features``).
CUES: tuple[str, ...] = (
    "figures_disagree", "answered_no", "opposite_direction", "debunk", "negation", "reported_debunk",
    "hedged", "figures_agree", "answered_yes", "coverage", "reported", "figures_differ", "held_back",
)


@dataclass(frozen=True)
class PassageJudgement:
    ranked: Ranked
    stance: Stance
    note: str
    cue: str = ""  # one of ``CUES`` ("" when nothing decided it)


@dataclass(frozen=True)
class SourceJudgement:
    """The stance of a whole source, its passages' stances, and how strongly it bears (0..1)."""

    stance: Stance
    strength: float
    coverage: float
    passages: tuple[PassageJudgement, ...]
    numbers: str  # the figures compared, for the rationale ("40, not 60")
    held_back: bool = False  # it would contradict, but was published after the claim
    rating: Rating | None = None  # the fact-check rating that decided it (ClaimReview or a rating sentence)
    cues: frozenset[str] = frozenset()  # the ``CUES`` its passages showed
    mentions: float = 0.0  # like ``coverage``, but counting statements that relay the claim


def _share(claim: ClaimView, covered: frozenset[str] | set[str]) -> float:
    """Weighted share of the claim's terms in ``covered``: a missing rare word costs more."""
    total = sum(claim.weights.values())
    return math.fsum(claim.weights[t] for t in covered if t in claim.weights) / total if total else 0.0


NEGATION_REACH = 4  # tokens after "not"/"never" in which a claim word counts as negated


def debunks(claim: ClaimView, passage: str) -> bool:
    """The passage calls something false, fake, a hoax or denied, and the claim does not."""
    return not claim.denies and bool(set(tokens(passage)) & DENIALS)


def _negated_terms(toks: Sequence[str], wanted: set[str]) -> set[str]:
    """The first two claim words after each negation: what the claim denies ("did not pass
    the bill", "no proof that masks")."""
    out: set[str] = set()
    for i, tok in enumerate(toks):
        if tok in NEGATIONS:
            following = [t for t in content_terms(" ".join(toks[i + 1 : i + 1 + NEGATION_REACH])) if t in wanted]
            out.update(following[:2])
    return out


def negation_mismatch(claim: ClaimView, passage: str) -> bool:
    """The passage negates one of the claim's words while the claim does not negate (or the
    claim negates and the passage has no negation at all).

    A "not" elsewhere in a long sentence says nothing about the claim, so negation only
    counts when a claim word follows it closely ("is NOT quitting").
    """
    toks = tokens(passage)
    if claim.negated:
        negated = _negated_terms(tokens(claim.text), set(claim.terms))
        stated = set(content_terms(passage))
        return bool(negated & stated) and not set(toks) & (NEGATIONS | DENIALS)
    wanted = set(claim.terms)
    return any(
        tok in NEGATIONS and wanted.intersection(content_terms(" ".join(toks[i + 1 : i + 1 + NEGATION_REACH])))
        for i, tok in enumerate(toks)
    )


_CLAUSE_START = frozenset("this that it he she they we i there the not but".split())


def answer_polarity(p: Passage) -> str | None:
    """"yes"/"no" when ``p`` answers a question and opens with a bare yes or no.

    "No, ..." and "No this is ..." answer; "No answer could be found" and "No evidence ..."
    do not ("no" is a determiner there).
    """
    if not p.lead:
        return None
    words = tokens(p.text)
    if not words:
        return None
    bare = len(words) == 1 or words[1] in _CLAUSE_START or re.match(r"\s*\w+\s*[.,;:!—–-]", p.text) is not None
    if words[0] in _YES and bare:
        return "yes"
    if words[0] in _NO and bare:
        return "no"
    return None


def direction_mismatch(claim: ClaimView, passage: str) -> bool:
    """The claim says a figure rose and the passage that it fell (or the reverse)."""
    mine = set(content_terms(claim.text))
    theirs = set(content_terms(passage))
    for side, other in ((_UP, _DOWN), (_DOWN, _UP)):
        if mine & side and not mine & other and theirs & other and not theirs & side:
            return True
    return False


def _numbers(claim: ClaimView, passages: Sequence[Passage], p: Passage, find_quantities: QuantityFinder) -> NumberCheck:
    """Figures of ``p`` against the claim's, read with the sentence before it (which often
    names what an answer's bare "206 million" counts)."""
    lead = (p.lead or (passages[p.index - 1].text if p.index > 0 else "")) + " "
    text = lead + p.text
    found = [q for q in find_quantities(text) if q.start >= len(lead)]
    return compare_quantities(claim.quantities, claim.text, found, text)


_UNANSWERED = re.compile(
    r"\b(?:no (?:answer|information|data|record|details?)s?\b.{0,30}\b(?:found|available|given)|not (?:clear|known|specified|stated)"
    r"|(?:could|can|was|were) not (?:be )?(?:found|determined|verified)|unknown|unclear)\b",
    re.IGNORECASE,
)


def unanswered(p: Passage) -> bool:
    """An answer that says nothing was found: its question must not count as stated."""
    return bool(p.lead) and _UNANSWERED.search(p.text) is not None


REPORTED = "reports the claim under examination (not the source's own statement)"
HEDGED = "a hedged verdict on the claim, not support"
DOUBTED = "puts it in doubt (unclear, unverified, disputed): neither support nor refutation"


def _not_asserted(p: Passage) -> bool:
    """Passages that cannot state the claim for coverage: empty answers, relayed claims,
    hedged verdicts ("the claim that ... is only partly accurate") and doubts ("it is unclear
    whether ...")."""
    return unanswered(p) or is_reported(p.text) or hedged_rating(p.text) is not None or doubts_claim(p.text)


@dataclass
class _Tally:
    """Running state of one source's judgement."""

    contradiction: str = ""
    contradiction_strength: float = 0.0
    support: str = ""
    support_strength: float = 0.0
    figures_confirmed: bool = False
    numbers_note: str = ""
    support_numbers: str = ""  # the figures and statement of the strongest support by figures


def _relays_ours(claim: ClaimView, passages: Sequence[Passage], r: Ranked, restates: float, find_quantities: QuantityFinder) -> bool:
    """The relayed claim is ours, not a neighbouring claim of the same story: it restates most
    of it and, when ours has figures, repeats them."""
    if restates < RESTATES:
        return False
    return not comparable(claim.quantities) or _numbers(claim, passages, r.passage, find_quantities).outcome == "agree"


def _judge_passage(
    claim: ClaimView, passages: Sequence[Passage], r: Ranked, find_quantities: QuantityFinder
) -> tuple[Stance, str, float, NumberCheck, str]:
    """Stance, note and strength of one passage, and its figures' comparison.

    Refuting any part of a claim refutes it, so a "No" or a figure that differs counts even
    when the passage restates only part of the claim; support counts only as far as the
    passage restates the claim, so its strength grows with the share restated.
    """
    restates = _share(claim, r.covered)
    check = NumberCheck("none", "")
    text = r.passage.text
    if is_reported(text):
        # A relayed claim ("a viral post said ...") is not the source's word: it never
        # supports, and its figures are the claim's own. Only a debunk in it counts.
        if restates >= ANSWERS_QUESTION and debunks(claim, text):
            return "contradicts", "reports the claim and calls it false", 0.7, check, "reported_debunk"
        return "neutral", REPORTED, 0.0, check, "reported" if _relays_ours(claim, passages, r, restates, find_quantities) else ""
    hedge = hedged_rating(text) if restates >= ANSWERS_QUESTION else None
    if hedge is not None:
        # "The claim that ... is largely inaccurate", "This is only partly accurate": the
        # sentence restates the claim in order to judge it, never to assert it.
        if hedge.stance == "contradicts":
            return "contradicts", f"calls it {hedge.text!r}", 0.7, check, "debunk"
        return "neutral", f"{HEDGED}: calls it {hedge.text!r}", 0.0, check, "hedged"
    if claim.quantities and restates >= 0.2:
        check = _numbers(claim, passages, r.passage, find_quantities)
    polarity = answer_polarity(r.passage) if restates >= ANSWERS_QUESTION else None
    if check.outcome == "disagree":
        return "contradicts", "figures differ: " + check.note, 0.9, check, "figures_disagree"
    if doubts_claim(text):  # "it is unclear whether ...": its own figures still count, nothing else
        return "neutral", DOUBTED, 0.0, check, "hedged"
    if polarity == "no":
        return "contradicts", "the question restating the claim is answered no", 0.9, check, "answered_no"
    if restates >= RESTATES and direction_mismatch(claim, text):
        return "contradicts", "gives the opposite direction of change", 0.7, check, "opposite_direction"
    if restates >= ANSWERS_QUESTION and debunks(claim, text):
        return "contradicts", "calls it false, fake or denied", 0.7, check, "debunk"
    if restates >= RESTATES and negation_mismatch(claim, text):
        return "contradicts", "restates the claim with a negation", 0.6, check, "negation"
    if check.outcome == "agree":
        loose = 0.75 if check.loose else 1.0  # an open-ended figure confirms less
        return "supports", "figures match: " + check.note, loose * (0.5 + 0.5 * restates), check, "figures_agree"
    if polarity == "yes" and restates >= RESTATES:
        return "supports", "the question restating the claim is answered yes", 0.4 + 0.5 * restates, check, "answered_yes"
    return "neutral", "", 0.0, check, "figures_differ" if check.outcome == "differs" else ""


def judge_source(
    claim: ClaimView,
    passages: Sequence[Passage],
    selected: Sequence[Ranked],
    find_quantities: QuantityFinder,
    *,
    may_contradict: bool = True,
    context: Sequence[int] = (),
    support_coverage: float = SUPPORT_COVERAGE,
    reviews: Sequence[ClaimReview] = (),
) -> SourceJudgement:
    """Stance of one source from its selected passages (best first).

    Coverage support (one place of the page, read under its title -- ``context`` -- restates
    most of the claim; see ``passages.coverage_window``) needs, for a claim with figures, one
    of its figures confirmed, and is void when a passage gives the same topic another figure.
    ``may_contradict`` is False for sources published after the claim: later figures and later
    events may differ without the claim having been wrong. The passages that decide come first
    in the judgement, the window's among them even when ranking did not select them.
    A fact-check rating decides the source: the page's ClaimReview of this claim (``reviews``,
    matched on content and figures), else a rating statement of a page about the claim, else
    a hedged verdict ("only partly accurate") in a passage restating it.
    """
    window = coverage_window(passages, claim.weights, context=context, skip=_not_asserted)
    coverage = window.share
    tally = _Tally()
    judgements: list[PassageJudgement] = []
    figures_differ = False
    held_back = False
    stance: Stance
    for r in selected:
        if unanswered(r.passage):
            stance, note, strength, check, cue = "neutral", "", 0.0, NumberCheck("none", ""), ""
        else:
            stance, note, strength, check, cue = _judge_passage(claim, passages, r, find_quantities)
        figures_differ |= check.outcome == "differs"
        if stance == "contradicts" and not may_contradict:
            stance, note, strength = "neutral", note + " (published after the claim, so not held against it)", 0.0
            held_back, cue = True, "held_back"
        if stance == "contradicts" and strength > tally.contradiction_strength:
            tally.contradiction, tally.contradiction_strength = note, strength
            tally.numbers_note = stated(check.note, r.passage.text) if check.outcome == "disagree" else tally.numbers_note
        if stance == "supports" and strength > tally.support_strength:
            tally.support, tally.support_strength = note, strength
            tally.support_numbers = stated(check.note, r.passage.text) if check.outcome == "agree" else ""
        tally.figures_confirmed |= check.outcome == "agree"
        judgements.append(PassageJudgement(r, stance, note, cue))
    cues = frozenset(j.cue for j in judgements if j.cue) | ({"figures_differ"} if figures_differ else set())
    # A fact-check page may only relay the claim ("CLAIM: ...") before rating it: it is about the
    # claim all the same.
    mentions = coverage if coverage >= ANSWERS_QUESTION else _about(claim, passages, context)

    reviewed = matching_review(claim.text, claim.weights, reviews)
    rating = reviewed[0] if reviewed else _page_rating(claim, passages)
    if rating is not None and not reviewed and mentions < ANSWERS_QUESTION:
        rating = None  # a rating statement rates the claim the page is about: this one?
    if rating is not None:  # a ClaimReview rates this claim at its time, whenever it was published
        return dataclasses.replace(_rated(rating, coverage, judgements, tally, may_contradict or rating.markup), cues=cues,
                                   mentions=mentions)
    hedge = _page_hedge(claim, passages)
    if hedge is not None:
        return dataclasses.replace(_hedged(hedge, coverage, judgements, tally, may_contradict), cues=cues, mentions=mentions)
    covered_enough = coverage >= support_coverage and not figures_differ and (
        tally.figures_confirmed or not comparable(claim.quantities)
    )
    if tally.contradiction:
        return SourceJudgement("contradicts", tally.contradiction_strength, coverage, _deciding_first(judgements), tally.numbers_note,
                               cues=cues, mentions=mentions)
    if tally.support or covered_enough:
        strength = max(tally.support_strength, 0.4 + 0.6 * coverage if covered_enough else 0.0)
        if covered_enough:
            judgements = _with_window(claim, passages, judgements, window.indices)
            cues |= {"coverage"}
        numbers = tally.support_numbers if strength == tally.support_strength else ""
        return SourceJudgement("supports", strength, coverage, _deciding_first(judgements), numbers, cues=cues, mentions=mentions)
    return SourceJudgement("neutral", coverage, coverage, tuple(judgements), "", held_back, cues=cues, mentions=mentions)


_STATES_PART = "states part of the claim"


def _page_rating(claim: ClaimView, passages: Sequence[Passage]) -> Rating | None:
    """The rating statement of a fact-check page about the claim, if it has one.

    A page that rates several claims (a round-up, a debate check) has several: the one whose
    passage, with the one before it (what "this claim" points back to), restates ours is
    taken; else the first, which on a one-claim page rates the claim the page is about.
    """
    first: Rating | None = None
    for p in passages:
        found = find_rating(p.text)
        if found is None:
            continue
        if first is None:
            first = found
        before = passages[p.index - 1].full if p.index > 0 else ""
        if states(claim.weights, f"{before} {p.full}") >= RESTATES:
            return found
    return first


def _about(claim: ClaimView, passages: Sequence[Passage], context: Sequence[int]) -> float:
    """How much of the claim one place of the page states or relays: a fact-check restates the
    claim it rates in a relaying frame ("CLAIM: ...", "a viral post said ..."), which shows what
    the page is about though it asserts nothing."""
    return coverage_window(passages, claim.weights, context=context, skip=unanswered).share


def _page_hedge(claim: ClaimView, passages: Sequence[Passage]) -> Rating | None:
    """The first hedged verdict of the page on this claim: a sentence that judges it ("The
    claim is exaggerated", "That is not entirely true") where it, with the sentence before it
    (what "that" and "the claim" point back to), restates most of the claim with its figures
    (a page debunking a neighbouring claim of the same story says nothing about ours)."""
    for p in passages:
        found = hedged_rating(p.text)
        if found is not None:
            before = passages[p.index - 1].full if p.index > 0 else ""
            if states(claim.weights, f"{before} {p.full}") >= RESTATES:
                return found
    return None


def _hedged(
    hedge: Rating, coverage: float, judgements: list[PassageJudgement], tally: _Tally, may_contradict: bool
) -> SourceJudgement:
    """A hedged verdict overrides support: "largely inaccurate" contradicts (as a debunk does),
    "only partly accurate" leaves the source neutral with the mixed signal of the rating."""
    if hedge.stance == "contradicts" and may_contradict:
        strength = max(tally.contradiction_strength, 0.7)
        return SourceJudgement("contradicts", strength, coverage, _deciding_first(judgements), tally.numbers_note, rating=hedge)
    if tally.contradiction:
        return SourceJudgement("contradicts", tally.contradiction_strength, coverage, _deciding_first(judgements), tally.numbers_note)
    return SourceJudgement("neutral", coverage, coverage, tuple(judgements), "", rating=hedge)


def _rated(
    rating: Rating, coverage: float, judgements: list[PassageJudgement], tally: _Tally, may_contradict: bool
) -> SourceJudgement:
    """A fact-checker's rating decides the source: the false end contradicts, the true end
    supports, the middle of the scale (half true, misleading) neither supports nor contradicts
    (``rating.mixed``). The rating is quoted from ``SourceJudgement.rating``."""
    if rating.stance == "contradicts" and may_contradict:
        return SourceJudgement("contradicts", 0.95, coverage, _deciding_first(judgements), tally.numbers_note, rating=rating)
    if rating.stance == "supports":
        return SourceJudgement("supports", 0.9, coverage, _deciding_first(judgements), "", rating=rating)
    return SourceJudgement("neutral", coverage, coverage, tuple(judgements), "", rating=rating)


def _with_window(
    claim: ClaimView, passages: Sequence[Passage], judgements: list[PassageJudgement], window: Sequence[int]
) -> list[PassageJudgement]:
    """Mark the window's statements as supporting, adding those that ranking did not select."""
    wanted = set(claim.terms)
    by_index = {j.ranked.passage.index: j for j in judgements}
    out = [
        PassageJudgement(j.ranked, "supports", _STATES_PART) if j.stance == "neutral" and j.ranked.passage.index in window else j
        for j in judgements
    ]
    for i in window:
        if i not in by_index:
            p = passages[i]
            out.append(PassageJudgement(Ranked(p, 0.0, frozenset(wanted.intersection(passage_terms(p.full)))), "supports", _STATES_PART))
    return out


def _deciding_first(judgements: Sequence[PassageJudgement]) -> tuple[PassageJudgement, ...]:
    """Passages with a stance before neutral ones (otherwise in ranking order), so the evidence
    opens with what decided."""
    return tuple(sorted(judgements, key=lambda j: j.stance == "neutral"))
