"""What a figure counts and where it applies, read from the dependency parse.

"10 suicide cars" counts "suicide cars" (the noun the number modifies); "dozens of fighters"
counts "fighters" (the object of "of"); "a 2,000-strong peshmerga force" counts the force.
When the noun is elided ("there have been 100 on the eastern front"), the counted thing is the
nearest plural noun phrase before it in the same clause, else the last one of the previous
sentence: that is where English puts the antecedent of an elided head. The context is the
place or period prepositional phrase that follows the figure ("on the eastern front").
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from pipeline.models import Quantity

_CONTEXT_PREPS = frozenset(
    "in on at near across along around inside outside within from into throughout during over since "
    "between among north south east west".split()
)
_DROP_LEFT = frozenset({"det", "nummod", "quantmod", "predet", "poss", "punct", "advmod", "cc", "prep"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Phrases that look like plural nouns but never are what a figure counts.
_NOT_COUNTED = frozenset({"estimates", "figures", "numbers", "officials", "sources", "reports", "others"})
# Units of time are the period a figure falls in ("over the last weeks"), never what it counts.
_TIME_NOUNS = frozenset(
    "seconds minutes hours days nights weeks weekends months years decades centuries times".split()
)
# Verbs whose bare-figure subject is people the event happened to: "7,844 have died" counts
# deaths whatever plural noun came before ("cases rose ...; 7,844 have died").
_EVENT_COUNTED = {
    "die": "deaths", "perish": "deaths", "drown": "deaths", "starve": "deaths", "succumb": "deaths",
    "kill": "people killed", "injure": "people injured", "wound": "people wounded", "hurt": "people injured",
    "arrest": "people arrested", "detain": "people detained", "jail": "people jailed",
    "evacuate": "people evacuated", "displace": "people displaced", "rescue": "people rescued",
    "hospitalize": "people hospitalised", "hospitalise": "people hospitalised",
    "infect": "people infected", "flee": "people who fled", "vaccinate": "people vaccinated",
}
# Verbs whose subject is a person acting: a bare figure subject of them with no counted noun in
# its clause counts people ("16.8 million have received a first dose": 16.8 million people).
_PERSON_ACTS = frozenset({
    "receive", "sign", "attend", "vote", "apply", "register", "enrol", "enroll", "join", "quit", "resign",
    "volunteer", "graduate", "emigrate", "enlist", "protest", "march", "test",
})


def _noun_phrase(noun: Token, skip: set[int]) -> str:
    """The noun with its compounds and adjectives to its left (no determiners or numbers)."""
    left = [t for t in noun.lefts if t.i not in skip and t.dep_ in ("compound", "amod", "nmod") and not t.like_num]
    start = min([noun.i] + [t.left_edge.i for t in left if t.left_edge.i not in skip])
    toks = [t for t in noun.doc[start : noun.i + 1] if t.i not in skip and t.dep_ not in _DROP_LEFT and not t.like_num]
    return " ".join(t.text for t in toks) if toks else noun.text


def _of_object(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.rights:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _event_counted(num: Token) -> str | None:
    """What a bare figure that is the subject of an event verb counts ("7,844 have died")."""
    if num.dep_ not in ("nsubj", "nsubjpass") or num.head.pos_ not in ("VERB", "AUX"):
        return None
    return _EVENT_COUNTED.get(num.head.lemma_.lower())


def _person_act(num: Token) -> str | None:
    """ "16.8 million have received a first dose": people, as the same figure with its noun says
    it ("16.8 million people have received ..."; the checker compares counted things head last)."""
    verb = num.head
    if num.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.lemma_.lower() not in _PERSON_ACTS:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in num.children):
        return None  # "2 million of the doses have ...": the of-object says what is counted
    return "people"


def without_verb_hedge(doc: Doc, quantities: list[Quantity]) -> list[Quantity]:
    """``quantities`` of a claim's text with a hedge that is the source's verb left out of their
    spans: "The ministry estimated 3,000 people had fled" reports the figure "3,000" (the content
    starts there), while "an estimated 3,000" keeps its words; the estimate stays approximate."""
    return [_without_verb_hedge(doc, q) for q in quantities]


def _without_verb_hedge(doc: Doc, q: Quantity) -> Quantity:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return q
    first = span[0]
    if first.pos_ != "VERB" or first.dep_ in ("amod", "compound", "nmod") or (first.i > 0 and doc[first.i - 1].lower_ == "an"):
        return q
    cut = span[1].idx - q.start
    if cut <= 0 or cut >= len(q.text):
        return q
    return dataclasses.replace(q, text=q.text[cut:], start=q.start + cut)


def clause_head(tok: Token) -> Token:
    """The nearest verb at or above ``tok`` (the root when there is none)."""
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return tok


# Subjects of these verbs are speakers, never what a figure in their statement counts.
_SPEECH = frozenset({"say", "tell", "estimate", "report", "claim", "add", "state", "announce", "believe", "warn"})


def _countable(t: Token, exclude: set[int]) -> bool:
    if t.tag_ not in _PLURAL_TAGS or t.i in exclude or t.like_num or t.lower_ in _NOT_COUNTED:
        return False
    if t.lower_ in _TIME_NOUNS or t.ent_type_ in ("DATE", "TIME"):
        return False  # "over the last weeks, 16.8 million ...": a period, not the counted thing
    return not (t.dep_ == "nsubj" and t.head.lemma_ in _SPEECH)


def _plural_nouns(tokens: Iterable[Token], exclude: set[int]) -> list[Token]:
    return [t for t in tokens if _countable(t, exclude)]


def _elided_antecedent(num: Token, span_ids: set[int]) -> Token | None:
    sent = num.sent
    clause = clause_head(num)
    inside = [t for t in clause.subtree if t.i < num.i and t.i >= sent.start]
    found = _plural_nouns(reversed(inside), span_ids)
    if found:
        return found[0]
    doc = num.doc
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    found = _plural_nouns(reversed(list(prev)), span_ids)
    return found[0] if found else None


def _context(num: Token, anchors: set[int], stop: int) -> str | None:
    """First place/period PP after the figure, before the next figure (``stop``), attached
    to the figure, to what it counts, or to the verb the figure is an argument of."""
    for t in num.doc[num.i + 1 : min(stop, num.sent.end)]:
        if t.dep_ == "prep" and t.lower_ in _CONTEXT_PREPS and t.head.i in anchors:
            objs = [c for c in t.rights if c.dep_ == "pobj"]
            if objs:
                return num.doc[t.i + 1 : objs[0].i + 1].text
    return None


def _top_token(span: Span) -> Token:
    """The token of the figure's span whose head lies outside it; of several, a number
    ("an estimated 3,000 people": "an" and "estimated" hang on "people" too)."""
    tops = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    return next((t for t in tops if t.like_num or t.pos_ == "NUM"), tops[0] if tops else span.root)


def figure_token(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the figure at characters ``[start, end)`` of ``doc.text``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None else _top_token(span)


def describe(doc: Doc, quantities: list[Quantity], *, base: int = 0) -> list[Quantity]:
    """``quantities`` (offsets ``base`` + index into ``doc.text``) with counted and context set."""
    out: list[Quantity] = []
    starts = [q.start - base for q in quantities]
    token_starts = [t.idx for t in doc]
    for n, q in enumerate(quantities):
        span = doc.char_span(q.start - base, q.end - base, alignment_mode="expand")
        if span is None or q.unit == "year-date":
            out.append(q)
            continue
        ids = {t.i for t in span}
        top = _top_token(span)
        counted: Token | None = None
        named: str | None = _event_counted(top) if q.unit is None else None
        if q.unit in (None, "%", "pp") and named is None:
            head = top.head
            if top.dep_ in ("nummod", "amod", "npadvmod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i not in ids:
                counted = head
            elif (obj := _of_object(top)) is not None:
                counted = obj
            elif q.unit is None and top.pos_ in ("NUM", "NOUN", "PRON") and top.dep_ != "nummod":
                named = _person_act(top)
                counted = _elided_antecedent(top, ids) if named is None else None
        anchors = ids | {top.i}
        if counted is not None and counted.head.i != top.i:
            anchors.add(counted.i)
        if top.dep_ in ("attr", "nsubj", "dobj", "conj", "nsubjpass"):
            anchors.add(clause_head(top).i)
        stop_i = bisect.bisect_left(token_starts, starts[n + 1]) if n + 1 < len(starts) else len(doc)
        out.append(
            dataclasses.replace(
                q,
                counted=_noun_phrase(counted, ids) if counted is not None else named,
                context=_context(span[-1], anchors, stop_i),
            )
        )
    return out
