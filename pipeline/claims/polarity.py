"""Whether the source states the content or rejects it, read from the cue.

"The Northern Covenant denied targeting civilians" attributes "targeting civilians" to the
Covenant only as something it rejects: a checker must not report it as the Covenant's
assertion. A cue headed by a verb or noun of denial (:data:`lexicon.DENIAL_VERBS`,
:data:`lexicon.DENIAL_NOUNS`) makes the claim "denied"; a negated denial ("did not deny") is
no assertion either, but neither is it a denial, so it stays "asserted" (the default of every
other cue).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.claims import lexicon
from pipeline.models import Polarity

_NEGATORS = frozenset({"not", "n't", "never", "no"})


def is_denial(tok: Token) -> bool:
    """``tok`` is a verb or noun of denial."""
    lemma = tok.lemma_.lower()
    return lemma in lexicon.DENIAL_VERBS if tok.pos_ in ("VERB", "AUX") else lemma in lexicon.DENIAL_NOUNS


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATORS and c.dep_ in ("det", "advmod") for c in tok.children)


def cue_polarity(doc: Doc, cue: tuple[int, int] | None) -> Polarity:
    """"denied" when the cue at ``cue`` (character offsets) is an un-negated denial."""
    if cue is None:
        return "asserted"
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return "asserted"
    heads = [t for t in span if t.pos_ in ("VERB", "AUX", "NOUN")]
    denial = next((t for t in heads if is_denial(t)), None)
    return "denied" if denial is not None and not _negated(denial) else "asserted"
