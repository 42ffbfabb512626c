"""How much a claim is worth checking, and what kind of claim it is.

Fact-checkers prioritise claims with figures, named sources and concrete past events; they
log intentions, predictions and opinions but rarely check them. The score is a transparent
sum of those signals (no learned weights), clipped to 0..1.
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.models import Quantity, Speaker

_OPINION_LEMMAS = frozenset(
    "aim hope want wish believe think feel should must need ought plan intend prefer seem love hate".split()
)
_OPINION_WORDS = frozenset("good bad great terrible best worst important necessary wrong right disgrace".split())
_FUTURE_AUX = frozenset({"will", "would", "could", "might", "may", "shall", "'ll"})
_CONCRETE_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "EVENT", "NORP", "MONEY", "PERCENT"})


def classify(content: Span, quantities: list[Quantity], speaker: Speaker | None, quote: str) -> tuple[str, float]:
    """(claim_type, checkworthy) for the content tokens of a claim."""
    figures = [q for q in quantities if q.unit != "year-date"]
    lemmas = {t.lemma_.lower() for t in content}
    root = content.root
    future = any(t.lower_ in _FUTURE_AUX for t in content if t.dep_ == "aux") or ("going" in lemmas and "to" in lemmas)
    opinion = bool(lemmas & _OPINION_LEMMAS) or bool(lemmas & _OPINION_WORDS) and not figures
    past_event = root.tag_ in ("VBD", "VBN") or any(t.tag_ == "VBN" and t.dep_ != "amod" for t in content)
    ents = {e.label_ for e in content.ents}
    score = 0.2
    if figures:
        score += 0.4
    if past_event:
        score += 0.15
    if ents & _CONCRETE_ENTS:
        score += 0.1
    if speaker is not None and speaker.kind in ("person", "organisation", "document", "group"):
        score += 0.1
    if future:
        score -= 0.15
    if opinion:
        score -= 0.2
    if figures:
        kind = "quantity"
    elif future:
        kind = "prediction"
    elif opinion:
        kind = "opinion"
    elif quote in ("direct", "mixed") and not past_event:
        kind = "quote"
    else:
        kind = "event"
    return kind, round(min(1.0, max(0.0, score)), 2)
