"""Narrated facts: sentences the reporter states without a source, worth checking anyway.

A sentence qualifies when it carries a figure or a concrete event (a finite past-tense verb
with a named entity or a date), is not a caption or call to action, and is not already the
content of an attribution. Such claims have no speaker and quote type "none".
"""

from __future__ import annotations

from spacy.tokens import Span

_MIN_TOKENS = 5
_CONCRETE = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE"})


def is_narrated_fact(sent: Span, has_figure: bool) -> bool:
    """True when ``sent`` states something checkable on the reporter's own authority."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < _MIN_TOKENS:
        return False
    root = sent.root
    if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return False  # imperative: "Join our channel ..."
    if sent.text.rstrip().endswith("?"):
        return False
    if has_figure:
        return True
    finite_past = root.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in root.children) and root.tag_ == "VBN"
    return finite_past and any(e.label_ in _CONCRETE for e in sent.ents)
