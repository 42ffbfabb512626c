"""Small readings of the dependency parse that several attribution rules share.

Spans come back as character offsets into ``doc.text``; token ranges are half-open.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

SUBJ = ("nsubj", "nsubjpass")
_SPEAKER_TRIM = frozenset({"relcl", "acl", "appos", "punct", "cc", "advcl", "prep"})
_EDGE_PUNCT = frozenset(",;:-–—()")
# Closing marks that belong to the content: a closing quote, and "%" ("grew by 50%").
KEEP_AT_END = frozenset({'"', "\u201d", "''", "%"})
# Entity types that never say anything ("spent the weekend", "raised $4 million").
NOT_AGENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access, and the rules read it
    thousands of times per article."""
    text = doc.user_data.get("text")
    if not isinstance(text, str):
        text = doc.user_data["text"] = doc.text
    return text


def tok_range(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [start, end) without edge punctuation, as characters."""
    while start < end and (doc[start].is_space or doc[start].text in _EDGE_PUNCT or doc[start].lower_ == "that" and doc[start].dep_ == "mark"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_punct and doc[end - 1].text not in KEEP_AT_END):
        end -= 1
    if start >= end:
        return None
    return tok_range(doc[start], doc[end - 1])


def speaker_range(subj: Token) -> tuple[int, int]:
    """The subject's own phrase: its left part and name, without relative clauses or appositions."""
    right = subj.i
    for t in subj.rights:
        if t.dep_ in _SPEAKER_TRIM:
            break
        right = t.right_edge.i
    left = subj.left_edge.i
    doc = subj.doc
    while left < subj.i and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ in ("cc", "prep")):
        left += 1
    return tok_range(doc[left], doc[right])


def subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares ("..., adding that ...", "said and added")."""
    v: Token | None = verb
    for _ in range(3):
        if v is None:
            break
        for c in v.children:
            if c.dep_ in SUBJ:
                return c
            if c.dep_ == "poss" and v.tag_ == "VBG":
                return c  # "Trump's talking about ...": a gerund's possessor is its subject
        for c in v.children:
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o
        if v.dep_ == "acl" and v.tag_ == "VBG":
            return v.head  # "supporters backing the senator": the noun does the backing
        if v.dep_ == "xcomp" and any(c.tag_ == "TO" for c in v.children):
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i and c.ent_type_ not in NOT_AGENTS), None)
            if obj is not None:
                return obj  # object control: "prompted the atlas to state", "asked them to say"
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head.head  # "launched his campaign by talking about ...": the campaigner talks
        elif v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i:
            v = v.head
        else:
            break
    return None


def agent(verb: Token) -> Token | None:
    """The "by" agent of a passive verb ("is criticized by environmentalists")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative "who"/"which"/"that" stands for, when ``tok`` is one."""
    if tok.tag_ not in ("WP", "WDT"):
        return None
    clause = tok.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "which was founded ... and which has endorsed ..."
    return clause.head if clause.dep_ == "relcl" else None


def cue_range(verb: Token) -> tuple[int, int]:
    """The cue verb with its auxiliaries, negation and particles ("did not say", "points out")."""
    first = verb
    for t in verb.lefts:
        if t.dep_ in ("aux", "auxpass", "neg") and t.i >= first.i - 3:
            first = t if t.i < first.i else first
    last = verb
    for t in verb.rights:
        if t.dep_ == "prt" and t.i == last.i + 1:
            last = t
    return tok_range(first, last)
