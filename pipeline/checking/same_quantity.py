"""Are two figures measures of the same quantity? Only then may their values disagree.

"Two suicide car bombs" and "100 suicide car bomb attacks" share words but count different
things (bombs, attacks); "100 attacks on the eastern front" and "300 attacks on all fronts"
count one thing in different scopes; "36 clinics in 2006" and "85 in 2009" in different years.
A figure's measure is read from the dependency parse (``pipeline.claims.counted``): the head
noun of what it counts, that noun's modifiers, the place/front/group phrases attached to it,
and the years it is dated to (``pipeline.quantities.time_windows``).

Two figures are the *same* quantity when their heads match, their scopes agree (when both give
one), and their years agree (a year only one side gives must be named by the
other). A modifier only one side names makes its count a subset of the other's ("suicide
attacks" of "attacks"), which may be smaller, never larger. Different heads or disjoint years
make them *other* quantities, which say nothing; anything else is *unknown*, which never
contradicts.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol, Sequence

from pipeline.checking.lexical import content_terms
from pipeline.models import Quantity, to_dict
from pipeline.quantities import find_quantities, time_windows

if TYPE_CHECKING:  # spaCy loads only when a text is parsed
    from spacy.tokens import Doc

Relation = Literal["same", "loose", "other", "unknown"]

# Scope words that are stop words to ranking but decide what a count covers ("all fronts").
_UNIVERSAL = re.compile(r"\b(all|every|entire|whole|overall|nationwide|worldwide|countrywide|combined)\b", re.IGNORECASE)
# A running or overall total: a later, larger figure of the same thing is no correction.
_CUMULATIVE = re.compile(
    r"\b(?:so far|thus far|to date|in total|in all|all told|altogether|overall|cumulative(?:ly)?|total(?:led|ing)?|"
    r"since (?:the )?(?:start|beginning|outset|launch)|up to now|until now|as of now|running)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)")
# Prepositions that put a count in a place, a front or a group ("on the eastern front", "in
# Mosul", "among peshmerga units"); "from the composite", "into the sea" say something else.
_LOCATIVE = frozenset("in on at across along inside outside within throughout near among around".split())
# Modifiers that do not narrow what is counted ("673 separate panels" are the 673 panels).
_NON_RESTRICTIVE = frozenset(
    content_terms("different separate distinct individual various several other new additional total overall "
                  "estimated reported confirmed known recorded registered official unique whole entire")
)


@dataclass(frozen=True)
class Measure:
    """What one figure measures, and the words of the text it sits in."""

    head: str | None  # stem of the counted noun ("attack"); None when the parse found none
    asked: str | None  # what the question it answers counts ("how many people ...? 1,927 acts")
    qualifiers: frozenset[str]  # stems of that noun's modifiers ("suicide", "car", "bomb")
    scope: frozenset[str]  # stems of the place/front/group it applies to, with "all" kept
    years: tuple[float, float] | None  # the years it is dated to
    cumulative: bool  # a running or overall total ("so far", "in total", "since the start")
    text_terms: frozenset[str]  # content stems of the whole text (claim, or passage with its lead)
    text_years: tuple[tuple[float, float], ...]  # every year or year span the text names
    phrase: str  # the figure as the text says it, for the rationale ("100 attacks on the eastern front")


def _terms(text: str | None) -> list[str]:
    return [t for t in content_terms(text or "") if not t[:1].isdigit()]


def _sentence(text: str, q: Quantity) -> str:
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, q.start)), default=0)
    right = _CLAUSE_END.search(text, q.end)
    return text[left : right.start() if right else len(text)]


@dataclass(frozen=True)
class _Parsed:
    """What the parse of one text says about its figures."""

    subjects: dict[tuple[int, int], str]  # (start, end) -> the subject a bare figure completes, as said
    described: dict[tuple[int, int], Quantity]  # (start, end) -> the figure with counted and context
    scopes: dict[tuple[int, int], frozenset[str]]  # (start, end) -> stems of its place/front/group
    asked: tuple[tuple[int, str], ...]  # "how many people ...?": end of the question, stem of "people"


def _scope(doc: Doc, q: Quantity) -> frozenset[str]:
    """Stems of the place, front or group phrases ("on the eastern front", "across all
    fronts", "in Northgate") attached to the figure, to what it counts, or to the verb it
    counts the argument of; a universal determiner ("all", "every") is kept as a word."""
    from pipeline.claims.counted import clause_head, figure_token

    top = figure_token(doc, q.start, q.end)
    if top is None:
        return frozenset()
    noun = top.head if top.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") else top
    anchors = {top.i, noun.i}
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "conj", "appos"):
        anchors.add(clause_head(noun).i)
    words: set[str] = set()
    for t in top.sent:
        if t.dep_ == "prep" and t.lower_ in _LOCATIVE and t.head.i in anchors:
            for obj in (c for c in t.children if c.dep_ == "pobj"):
                # the object's own noun phrase, not what hangs off it ("people below the age of 20")
                phrase = [w for w in obj.subtree if w.i <= obj.i and w.pos_ in ("NOUN", "PROPN", "ADJ", "DET") and not w.like_num]
                words.update(w.lower_ for w in phrase if w.pos_ == "DET" and _UNIVERSAL.fullmatch(w.text))
                words.update(_terms(" ".join(w.text for w in phrase if w.pos_ != "DET")))
    return frozenset(words)


# Nouns that name a measure rather than a thing: the thing is what they are "of".
_MEASURE_NOUNS = frozenset(content_terms("percentage percent share proportion number total amount level count figure fraction"))
_MEASURED_BY = frozenset("from to at by".split())  # "rose from 88% to 90%", "stands at 4.5%", "grew by 50%"


def _subject_thing(doc: Doc, q: Quantity) -> tuple[str, str] | None:
    """For a figure the parse gives no counted noun, the subject of the verb it completes
    ("The percentage of households connected to piped water increased from 88%" ->
    "households connected piped water"; "The jobless rate stands at 4.5%" -> "jobless rate"),
    written head last, and the subject as the text says it; a measure noun ("percentage",
    "share") gives way to what it is of."""
    from pipeline.claims.counted import figure_token

    top = figure_token(doc, q.start, q.end)
    while top is not None and top.dep_ in ("nummod", "quantmod", "compound") and top.head.i != top.i:
        top = top.head  # "88 %": the "%" carries the attachment
    if top is None or top.dep_ != "pobj" or top.head.lower_ not in _MEASURED_BY or top.head.head.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in top.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    said = doc[subject.left_edge.i : subject.right_edge.i + 1].text
    noun = subject
    if _terms(noun.text)[-1:] and _terms(noun.text)[-1] in _MEASURE_NOUNS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return None
        noun = obj
    # common words only: a name in the subject ("South Africa's police force") is its owner,
    # which other texts may write otherwise ("the SA police force")
    words = [t.text for t in noun.subtree if t.i != noun.i and t.pos_ in ("NOUN", "ADJ", "VERB") and not t.like_num]
    return " ".join(words + [noun.text]), said


class SharedCache(Protocol):
    """Small derived values (text keys, JSON values) shared by the processes of a deployment; best
    effort: a value that is away or unreadable is computed again, never an error."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


_shared: list[SharedCache] = []  # set by the worker glue (share_parses); empty: each process parses for itself


def share_parses(cache: SharedCache | None) -> None:
    """Share the parse of each text between processes through ``cache`` (None: stop sharing).

    Why: on the queue the claims of one article are judged by whichever prefork child is free,
    so each child parsed the same passages of the article's sources itself (a cProfile of the
    cpu worker: 44% more spaCy parses than the in-process path on the same claims and evidence,
    which is most of the queue's extra CPU). The parse's result is small and plain; reading it
    back costs a fraction of a millisecond, the parse several."""
    _shared[:] = [cache] if cache is not None else []
    _parsed.cache_clear()


def _parse_key(text: str) -> str:
    import hashlib

    return "parse:" + hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def parsed_json(p: _Parsed) -> str:
    import json

    return json.dumps({
        "s": [[a, b, v] for (a, b), v in p.subjects.items()],
        "d": [[a, b, to_dict(q)] for (a, b), q in p.described.items()],
        "c": [[a, b, sorted(v)] for (a, b), v in p.scopes.items()],
        "a": [list(x) for x in p.asked],
    })


def parsed_from_json(raw: str) -> _Parsed:
    import json

    d = json.loads(raw)
    return _Parsed({(a, b): v for a, b, v in d["s"]}, {(a, b): Quantity.from_dict(q) for a, b, q in d["d"]},
                   {(a, b): frozenset(v) for a, b, v in d["c"]}, tuple((int(e), str(t)) for e, t in d["a"]))


@lru_cache(maxsize=4096)
def _parsed(text: str) -> _Parsed:
    """The text parsed once per process, and once for all processes sharing a cache (share_parses)."""
    if not _shared:
        return _parse(text)
    key = _parse_key(text)
    raw = _shared[0].get(key)
    if raw is not None:
        try:
            return parsed_from_json(raw)
        except (ValueError, KeyError, TypeError):
            pass
    value = _parse(text)
    _shared[0].put(key, parsed_json(value))
    return value


def _parse(text: str) -> _Parsed:
    """The text parsed: its figures' counted things, contexts and scopes, and the
    questions it asks about a count."""
    from pipeline.claims.counted import describe
    from pipeline.nlp import get_nlp

    doc = get_nlp()(text)
    asked = []
    for tok in doc:
        if tok.lower_ in ("many", "much") and tok.i > 0 and doc[tok.i - 1].lower_ == "how" and tok.head.pos_ == "NOUN":
            sent = tok.sent
            if sent.text.rstrip().endswith("?") and (terms := _terms(tok.head.text)):
                asked.append((sent.end_char, terms[-1]))
    found, subjects = [], {}
    for q in describe(doc, find_quantities(text)):
        thing = None if q.counted else _subject_thing(doc, q)
        if thing is not None:
            q, subjects[(q.start, q.end)] = dataclasses.replace(q, counted=thing[0]), thing[1]
        found.append(q)
    return _Parsed(subjects, {(q.start, q.end): q for q in found}, {(q.start, q.end): _scope(doc, q) for q in found}, tuple(asked))


def _asked_head(text: str, q: Quantity, asked: Sequence[tuple[int, str]], figures: Sequence[Quantity]) -> str | None:
    """What a question right before the figure asks to count, when the figure is the first
    of its answer ("How many people got clemency? A total of 1,927 acts of clemency")."""
    before = [(end, head) for end, head in asked if end <= q.start]
    if not before:
        return None
    end, head = before[-1]
    first = not any(end <= f.start < q.start and f.unit != "year-date" for f in figures)
    return head if first and not _CLAUSE_END.search(text, end, q.start) else None


def figure_phrase(text: str, q: Quantity, counted: str | None, context: str | None) -> str:
    """The figure with what it counts and where, as the text says it ("100 attacks on the
    eastern front"); an elided counted thing is added after the figure ("85 clinics")."""
    clause = _CLAUSE_END.search(text, q.end)
    limit = min(clause.start() if clause else len(text), q.end + 80)
    end = q.end
    for part in (counted, context):
        at = text.find(part, end, limit) if part else -1
        if part and at >= 0:
            end = at + len(part)
    phrase = text[q.start : end]
    if counted and end == q.end:
        phrase += " " + counted
    return re.sub(r"\s+", " ", phrase).strip()


def _dated(phrase: str, years: tuple[float, float] | None) -> str:
    """The phrase with the years its figure is dated to, unless it says them already."""
    if years is None or re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", phrase):
        return phrase
    first, last = int(years[0]), years[1]
    when = f"since {first}" if last == float("inf") else str(first) if last == first else f"{first}-{int(last)}"
    return f"{phrase} ({when})"


def measures(text: str, quantities: Sequence[Quantity]) -> list[Measure]:
    """The measure of each of ``quantities`` (offsets index ``text``): their own ``counted``
    and ``context`` when the extractor set them (a claim), else the parse of ``text``'s."""
    found = find_quantities(text)
    windows = {q.start: w for q, w in zip(found, time_windows(text, found))}
    text_years = tuple((q.low or 0.0, q.high or 0.0) for q in found if q.unit == "year-date" and q.low is not None)
    parsed = _parsed(text)
    text_terms = frozenset(content_terms(text))
    out: list[Measure] = []
    for q in quantities:
        d = parsed.described.get((q.start, q.end), q)
        counted, context = q.counted or d.counted, q.context or d.context
        words = _terms(counted)
        out.append(
            Measure(
                head=words[-1] if words else None,
                asked=_asked_head(text, q, parsed.asked, found),
                qualifiers=frozenset(words[:-1]) - _NON_RESTRICTIVE,
                scope=parsed.scopes.get((q.start, q.end), frozenset()),
                years=windows.get(q.start),
                cumulative=bool(_CUMULATIVE.search(_sentence(text, q))),
                text_terms=text_terms | {u.group(1).lower() for u in _UNIVERSAL.finditer(text)},
                text_years=text_years,
                phrase=_dated(f"{q.text} ({said})" if (said := parsed.subjects.get((q.start, q.end))) and not q.counted
                              else figure_phrase(text, q, counted, context), windows.get(q.start)),
            )
        )
    return out


def _years_meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _dated_alike(a: Measure, b: Measure) -> Relation:
    """Same years ("since 2002" and "2002 to 2019" both run from 2002); disjoint years are
    other quantities; a window inside another ("in 2015" within "since 2014") is unknown."""
    if a.years is not None and b.years is not None:
        if not _years_meet(a.years, b.years):
            return "other"
        same_start = a.years[0] == b.years[0]
        open_end = float("inf") in (a.years[1], b.years[1])
        # a season or fiscal year ("2019-20", "2012/13") is one year's period: it meets either year
        one_period = max(a.years[1] - a.years[0], b.years[1] - b.years[0]) <= 1
        return "same" if a.years == b.years or (same_start and open_end) or one_period else "unknown"
    for one, other in ((a, b), (b, a)):
        if one.years is not None and not any(_years_meet(one.years, y) for y in other.text_years):
            return "unknown"  # one side dates its figure, the other never names that time
    return "same"


_UNIVERSAL_WORDS = frozenset("all every entire whole overall nationwide worldwide countrywide combined".split())


def _refers_back(short: frozenset[str], full: frozenset[str]) -> bool:
    """A shorter scope naming part of a fuller one refers back to it ("in the valley" after
    "in the Kessa valley"), unless it is universal ("on all fronts" is no "eastern front")."""
    return bool(short) and short < full and not short & _UNIVERSAL_WORDS


def dated_apart(a: Measure, b: Measure) -> bool:
    """Both figures are dated, to years that do not meet ("36 in 2006", "36 in 2009")."""
    return _dated_alike(a, b) == "other"


@dataclass(frozen=True)
class Match:
    """How two figures relate. ``narrower`` is 1 when the first counts a subset of what the
    second counts ("suicide attacks" against "attacks"), -1 for the reverse, 0 when neither."""

    kind: Relation
    narrower: int = 0


def relation(a: Measure, b: Measure, *, same_words: bool) -> Match:
    """"same" when both figures count one thing in one scope and time; "loose" when one
    counts what the question it answers asks about and the other that ("How many people got
    clemency? 1,927 acts of clemency" against "18,000 people"); "other" when they plainly count
    different things (heads differ) or different years; else "unknown".

    Where the parse found what only one side counts, or neither (a bare "$3 trillion", "82%"),
    ``same_words`` (the words right after or before each figure meet, ``numbers.counted_phrase``)
    must hold too. A qualifier of the counted thing that only one side says makes that side's
    count a subset of the other's. Scopes (place, front, group) that both sides give must be
    named by the other's text, or one refer back to the other ("in the valley" after "in the
    Kessa valley"); a figure with no scope at all is read in the other's (a report of the same
    event seldom repeats where it happened).
    """
    loose = a.head is not None and b.head is not None and a.head != b.head
    if loose and not {a.head, a.asked} & {b.head, b.asked} - {None}:
        return Match("other")
    dated = _dated_alike(a, b)
    if dated != "same":
        return Match(dated)
    if (a.head is None or b.head is None) and not same_words:
        return Match("unknown")
    for one, other in ((a, b), (b, a)):
        if one.head is not None and one.head not in other.text_terms and one.asked not in other.text_terms:
            return Match("unknown")
        if other.scope and not (one.scope <= other.text_terms or _refers_back(other.scope, one.scope)):
            return Match("unknown")  # "on the eastern front" against "on all fronts"
    a_only, b_only = a.qualifiers - b.text_terms, b.qualifiers - a.text_terms
    if a_only and b_only:
        return Match("unknown")
    return Match("loose" if loose else "same", 1 if a_only else -1 if b_only else 0)


def larger_is_running_total(small: Measure, large: Measure) -> bool:
    """The larger figure is a running or overall total and the smaller is not: a cumulative
    later count never contradicts an earlier, smaller one."""
    return large.cumulative and not small.cumulative

