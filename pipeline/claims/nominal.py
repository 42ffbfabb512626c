"""Attributions whose cue is not a verb: speech nouns and attitude adjectives.

- a noun that names what someone says or believes, with a "that"-clause: "his claim that ...",
  "Trump made the assertion that ...", "the party's position is that ..."; the source is the
  possessor of the noun, else the subject of the verb it is the object of;
- an adjective of attitude over a clause: "Democrats are concerned that ...", "she is confident
  (that) ..."; the source is the subject of the copula.

Both follow the same rule as the verbal cues: no source, no claim (a newsroom cannot check
"the idea that ..." without knowing whose idea it is).
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span, Token

from pipeline.claims import lexicon
from pipeline.claims.parse import NOT_AGENTS, SUBJ, cue_range, subject, tok_range, trim


class CueSink(Protocol):
    """What these rules need of the attribution walk: its document and a way to record a relation."""

    doc: Doc

    def add(self, speaker: Token | None, cue: tuple[int, int] | None, content: tuple[int, int],
            root: Token | None, quote: str | None = None, *, parenthetical: bool = False) -> None: ...


_NON_SOURCES = frozenset({"it", "this", "that", "there", "what", "which"})


def that_clause(tok: Token) -> bool:
    """A finite clause introduced by the conjunction "that" (not a relative "that", which is the
    clause's subject or object; the parser may still label the clause ``relcl``)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children) and any(
        c.dep_ in SUBJ for c in tok.children
    )


def _noun_source(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if noun.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in lexicon.DENIAL_VERBS:
            return None  # "rejected claims that ...": the claims are someone else's
        return subject(head)
    return None


def _noun_cue_first(noun: Token) -> Token:
    """The noun with its determiner and adjectives ("an assertion", "smug assurances")."""
    first = noun
    for c in sorted(noun.lefts, key=lambda t: -t.i):
        if c.dep_ in ("det", "amod") and c.i == first.i - 1:
            first = c
    return first


def noun_cues(ctx: CueSink, sent: Span) -> None:
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lexicon.NOUN_CUES:
            continue
        cue_last = noun
        clause = next((c for c in noun.children if c.dep_ in ("acl", "relcl", "ccomp", "appos") and that_clause(c)), None)
        if clause is None and noun.dep_ in SUBJ and noun.head.lemma_ == "be":
            clause = next((c for c in noun.head.rights if c.dep_ in ("ccomp", "attr") and that_clause(c)), None)
            cue_last = noun.head
        if clause is None or clause.i < noun.i:
            continue
        source = _noun_source(noun)
        if source is None or source.lower_ in _NON_SOURCES or source.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        content = trim(ctx.doc, clause.left_edge.i, clause.right_edge.i + 1)
        if content is None:
            continue
        ctx.add(source, tok_range(_noun_cue_first(noun), cue_last), content, clause)


def _made_clear_clause(adj: Token) -> Token | None:
    """ "made (it) clear that ...": the clause hangs on the verb or on the adjective."""
    if adj.head.lemma_ != "make" or adj.dep_ not in ("oprd", "ccomp", "acomp"):
        return None
    return next((c for c in [*adj.rights, *adj.head.rights] if c.i > adj.i and c.dep_ in ("ccomp", "advcl") and that_clause(c)), None)


def adjective_cues(ctx: CueSink, sent: Span) -> None:
    for adj in sent:
        if adj.pos_ != "ADJ":
            continue
        clause = _made_clear_clause(adj)
        if clause is None and adj.dep_ == "acomp":
            clause = next((c for c in adj.rights if c.dep_ == "ccomp" and any(k.dep_ in SUBJ for k in c.children)), None)
        if clause is None:
            continue
        source = subject(adj.head)
        if source is None or source.lower_ in _NON_SOURCES:
            continue
        content = trim(ctx.doc, clause.left_edge.i, clause.right_edge.i + 1)
        if content is None:
            continue
        ctx.add(source, (cue_range(adj.head)[0], adj.idx + len(adj.text)), content, clause)


def stance_nouns(ctx: CueSink, sent: Span) -> None:
    """ "his endorsement of Clinton", "Le Pen voiced support for Trump"."""
    for noun in sent:
        lemma = noun.lemma_.lower()
        preps = None
        if noun.pos_ == "NOUN":
            preps = lexicon.STANCE_NOUNS.get(lemma) or (lexicon.TOPIC_PREPS if lemma in lexicon.NOUN_CUES else None)
        if not preps or any(c.dep_ == "nummod" for c in noun.children):
            continue  # "140 attacks on the front": counted events, not a stance
        prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in preps), None)
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if prep is None or obj is None or obj.ent_type_ in NOT_AGENTS:
            continue  # "at one point on Sunday" is a time, not a topic
        source = _noun_source(noun)
        if source is None or source.lower_ in _NON_SOURCES or source.pos_ == "PRON" and source.lower_ in lexicon.FIRST_SECOND and source.dep_ != "poss":
            continue
        content = trim(ctx.doc, obj.left_edge.i, obj.right_edge.i + 1)
        if content is None:
            continue
        first = noun if any(c.dep_ == "poss" for c in noun.children) else _verb_of(noun) or noun
        ctx.add(source, (min(first.idx, noun.idx), prep.idx + len(prep.text)), content, obj)


def _verb_of(noun: Token) -> Token | None:
    """The verb whose object ``noun`` is ("voiced support for": the cue starts at "voiced")."""
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        return noun.head
    return None
