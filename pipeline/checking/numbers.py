"""Compare a claim's figures with a passage's figures, as intervals in one unit.

Two figures are only compared when they count the same thing: "100 attacks on the eastern
front" says nothing about "300 attacks in all". Agreement needs the figures to share a topic
word and years that meet; disagreement needs the same quantity (``same_quantity``: the same
head noun counted, the same scope, the same years), and a larger figure stated as a total, a
running count or a wider set is never a contradiction. Notes name the figures as the texts
say them ("source says 100 attacks on the eastern front; claim says 140 attacks"). Units are converted within a
family (length, mass, area, speed, time, percent; currencies only to themselves); rounded
figures get the tolerance their last significant digit implies.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, Sequence

from pipeline.checking.lexical import STOP_WORDS, content_terms, tokens
from pipeline.checking.same_quantity import Measure, dated_apart, larger_is_running_total, measures, relation
from pipeline.models import Quantity

# "differs": a figure on the same topic with another value, not clearly the same thing counted;
# it does not contradict, but the passage cannot confirm the claim's figure either.
Outcome = Literal["agree", "disagree", "differs", "none"]

# unit -> (family, factor to the family's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0), "metre": ("length", 1.0), "meter": ("length", 1.0),
    "km": ("length", 1000.0), "kilometre": ("length", 1000.0), "kilometer": ("length", 1000.0),
    "cm": ("length", 0.01), "mm": ("length", 0.001), "mi": ("length", 1609.344), "mile": ("length", 1609.344),
    "ft": ("length", 0.3048), "foot": ("length", 0.3048), "feet": ("length", 0.3048),
    "kg": ("mass", 1.0), "g": ("mass", 0.001), "t": ("mass", 1000.0), "tonne": ("mass", 1000.0),
    "ton": ("mass", 1000.0), "lb": ("mass", 0.45359237), "pound": ("mass", 0.45359237),
    "%": ("percent", 1.0), "percent": ("percent", 1.0), "per cent": ("percent", 1.0), "percentage": ("percent", 1.0),
    "s": ("time", 1.0), "second": ("time", 1.0), "min": ("time", 60.0), "minute": ("time", 60.0),
    "h": ("time", 3600.0), "hour": ("time", 3600.0), "day": ("time", 86400.0), "week": ("time", 604800.0),
    "month": ("time", 2_629_800.0), "year": ("time", 31_557_600.0), "decade": ("time", 315_576_000.0),
    "century": ("time", 3_155_760_000.0),
    "km2": ("area", 1.0), "mi2": ("area", 2.589988), "ha": ("area", 0.01), "acre": ("area", 0.004046856),
    "km/h": ("speed", 1.0), "mph": ("speed", 1.609344),
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "dollar": "usd", "€": "eur", "euro": "eur", "£": "gbp", "pound sterling": "gbp"}

# A larger figure next to these words is a running total or a wider scope, not a correction.
_CUMULATIVE = frozenset(
    "total overall cumulative altogether combined since far date entire nationwide worldwide countrywide "
    "across all whole including".split()
)
# Families whose figures add up over parts, so a subset's figure is at most its whole's.
_ADDITIVE = frozenset({"count", "mass", "area", "time"})
_WINDOW = 60  # characters either side of a figure that describe what it counts


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    family: str  # "count", "year", "length", "percent", "currency:usd", ...


@dataclass(frozen=True)
class NumberCheck:
    outcome: Outcome
    note: str
    loose: bool = False  # agreement only with open-ended figures ("more than 100" for "about 120")


def _unit_family(unit: str | None) -> tuple[str, float]:
    if not unit:
        return "count", 1.0
    u = unit.strip().lower()
    scale = 1.0
    for word, factor in _SCALES.items():
        if u.endswith(" " + word):
            u, scale = u[: -len(word) - 1].strip(), factor
            break
    u = _CURRENCY_SYMBOLS.get(u, u)
    if u in _UNITS:
        family, factor = _UNITS[u]
        return family, factor * scale
    if u.endswith("s") and u[:-1] in _UNITS:
        family, factor = _UNITS[u[:-1]]
        return family, factor * scale
    if len(u) == 3 and u.isalpha():
        return f"currency:{u}", scale
    return f"unit:{u}", scale


def _rounding(v: float) -> float:
    """Half a step of the last significant digit of ``v``, at most 5% of it (60 -> 3, 1.5e6 -> 5e4)."""
    if v == 0 or not math.isfinite(v):
        return 0.0
    digits = f"{abs(v):.12g}".replace(".", "").rstrip("0").lstrip("0") or "0"
    magnitude = math.floor(math.log10(abs(v)))
    step = 10 ** (magnitude - len(digits) + 1)
    return min(step / 2, 0.05 * abs(v))


def interval(q: Quantity) -> Interval | None:
    """The quantity as a closed interval in its family's base unit (None when it has no value).

    Follows ``pipeline.quantities``: a None bound is unbounded ("more than 50"), and a year
    used as a date has unit "year-date" (compared only with other years).
    """
    if q.value is None and q.low is None and q.high is None:
        return None
    if q.unit == "year-date":
        family, factor = "year", 1.0
    else:
        family, factor = _unit_family(q.unit)
    low = q.low if q.low is not None else (-math.inf if q.high is not None else q.value)
    high = q.high if q.high is not None else (math.inf if q.low is not None else q.value)
    assert low is not None and high is not None
    if low == high and not q.approx:
        tol = _rounding(float(low))
        low, high = low - tol, high + tol
    return Interval(float(low) * factor, float(high) * factor, family)


def _window_terms(text: str, q: Quantity) -> set[str]:
    return set(content_terms(text[max(0, q.start - _WINDOW) : q.end + _WINDOW]))


_PHRASE_END = re.compile(r"[,.;:!?()\[\]\"“”]")


_LINKS = frozenset({"of"})  # "acts of clemency": the counted thing goes on past "of"
_CLAUSE = re.compile(r"[,;:!?()\[\]\"“”]|\.(?=\s|$)")


def counted_phrase(text: str, q: Quantity) -> set[str]:
    """Terms of what a figure counts, from the first source that has any:

    the words right after it up to the next function word ("100 suicide car bomb attacks on"
    -> suicide car bomb attacks; "$75 million in hospice fraud" -> hospice fraud; "1,927 acts
    of clemency" -> acts clemency), plus the extractor's ``counted``; else the last words of the
    clause before it ("the jobless rate stands at 4.5%"); else the sentence before it, which a
    bare answer ("33%.") answers.
    """
    extracted = set(content_terms(q.counted)) if q.counted else set()
    words = tokens(_PHRASE_END.split(text[q.end : q.end + 80], maxsplit=1)[0])
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    phrase: list[str] = []
    for i, w in enumerate(words[:6]):
        if w in STOP_WORDS and not (w in _LINKS and i + 1 < len(words) and words[i + 1] not in STOP_WORDS):
            break
        phrase.append(w)
    found = extracted | {t for t in content_terms(" ".join(phrase)) if not t[:1].isdigit()}
    if found:
        return found
    clauses = _CLAUSE.split(text[max(0, q.start - 200) : q.start])
    for clause in reversed(clauses[-3:]):
        terms = [t for t in content_terms(clause) if not t[:1].isdigit()]
        if terms:
            return set(terms[-6:])
    return set()


def _same_thing(cq: Quantity, claim_text: str, pq: Quantity, passage: str) -> tuple[bool, bool]:
    """(related, same): does the passage's figure share a word with what the claim's figure
    counts (near it at all, or in the very phrase it counts)?"""
    claim_what = counted_phrase(claim_text, cq)
    passage_what = counted_phrase(passage, pq)
    same = bool(claim_what & passage_what)
    related = same or bool((claim_what | _window_terms(claim_text, cq)) & _window_terms(passage, pq))
    return related, same


def _wider(cq: Quantity, claim_text: str, pq: Quantity, passage: str) -> bool:
    """The passage's (larger) figure is a total, a running count, or counts a wider set: the
    claim qualifies what it counts with words the passage's description lacks ("urban
    population" against "population")."""
    near = set(tokens(passage[max(0, pq.start - _WINDOW) : pq.end + _WINDOW]))
    near_claim = set(tokens(claim_text[max(0, cq.start - _WINDOW) : cq.end + _WINDOW]))
    if (near & _CUMULATIVE) - near_claim:
        return True
    return bool(counted_phrase(claim_text, cq) - counted_phrase(passage, pq) - _window_terms(passage, pq))


def _bounded(i: Interval) -> bool:
    return math.isfinite(i.low) and math.isfinite(i.high)


# "More than 19,000" is a round number just below the count: writers hedge to the next lower
# step of the 1-2-5 series of round numbers, so the count lies within that step (x2.5) of it.
HEDGE_REACH = 2.5


def near_bound(open_: Interval, other: Interval) -> bool:
    """An open-ended figure says something about ``other`` only near its finite bound:
    "more than 100" is compatible with 1.4 million, but is no evidence for it."""
    if math.isfinite(open_.low) and math.isinf(open_.high):
        far = other.high if math.isfinite(other.high) else other.low
        return far <= (HEDGE_REACH * open_.low if open_.low > 0 else open_.low + 1)
    if math.isfinite(open_.high) and math.isinf(open_.low):
        far = other.low if math.isfinite(other.low) else other.high
        return far >= (open_.high / HEDGE_REACH if open_.high > 0 else open_.high - 1)
    return True


def _far_apart(a: Interval, b: Interval) -> bool:
    """Beyond the reach of hedging (``HEDGE_REACH``): a count of people and the count of acts
    that answers a question about them may differ by small factors, not by an order of size."""
    low, high = (a, b) if a.high < b.low else (b, a)
    return low.high > 0 and high.low > HEDGE_REACH * low.high


def compare_quantities(
    claim_qs: Sequence[Quantity], claim_text: str, passage_qs: Sequence[Quantity], passage: str
) -> NumberCheck:
    """Compare each claim figure with the passage's figures, then combine.

    A claim figure *agrees* when a bounded passage figure near words of the same topic falls in
    its interval; an open-ended one ("more than 100") agrees loosely only when it states the very
    same figure ("at least 12,000" twice) or contains the claim's interval and counts the same
    thing ("about 120 homes") and lies near the claim's figure (``HEDGE_REACH``: "more than
    19,000" is no evidence for 1.4 million), so "below 20" confirms nothing; a looser figure
    around the claim's ("hundreds" for 140) agrees loosely, and figures dated to other years do
    not agree. It *disagrees* when a passage figure is the same quantity
    (``same_quantity.relation``) and none agrees, unless the larger is a running total, a wider
    set, or a subset's count is the smaller; a count that only a question ties to the claim's
    thing ("how many people ...? 1,927 acts") must differ beyond ``HEDGE_REACH``. One
    disagreeing figure makes the passage disagree. Years used as dates only anchor other
    figures and are never compared on their own.

    ``claim_qs`` offsets index ``claim_text``; ``passage_qs`` offsets index ``passage``.
    """
    agreements: list[str] = []
    conflicts: list[str] = []
    differing: list[str] = []
    claim_iv = [(cq, ci) for cq in claim_qs if (ci := interval(cq)) is not None and ci.family != "year"]
    passage_iv = [(pq, pi) for pq in passage_qs if (pi := interval(pq)) is not None]
    # A passage figure that confirms one claim figure is not held against the others.
    confirming: set[int] = set()
    confirmed: set[int] = set()
    exact = False
    measured: dict[str, list[Measure]] = {}  # parsed only when a comparison is in question

    def measure(side: str, index: int) -> Measure:
        if side not in measured:
            measured[side] = measures(claim_text, [q for q, _ in claim_iv]) if side == "claim" \
                else measures(passage, [q for q, _ in passage_iv])
        return measured[side][index]

    for c, (cq, ci) in enumerate(claim_iv):
        for k, (pq, pi) in enumerate(passage_iv):
            if pi.family != ci.family or not (pi.low <= ci.high and ci.low <= pi.high):
                continue
            if not (near_bound(pi, ci) and near_bound(ci, pi)):
                continue  # a bound far from the other figure confirms nothing
            related, same = _same_thing(cq, claim_text, pq, passage)
            contains = pi.low <= ci.low and ci.high <= pi.high
            # a looser figure around the claim's ("hundreds" for 140) is compatible, no confirmation
            enclosing = contains and pi.high - pi.low > ci.high - ci.low
            # "1" fits any singular mention: it confirms only the very thing counted
            about = same if ci.low <= 1 <= ci.high else related
            precise = _bounded(pi) and about and not enclosing
            if not (precise or (pi == ci and about) or (contains and (same or about and _bounded(pi)))):
                continue
            mine, theirs = measure("claim", c), measure("passage", k)
            if dated_apart(mine, theirs):
                continue  # the same value in another year confirms nothing
            agreements.append(f"source says {theirs.phrase}; claim says {mine.phrase}"
                              + ("" if precise else " (compatible)"))
            exact |= precise
            confirming.add(k)
            confirmed.add(c)
    for c, (cq, ci) in enumerate(claim_iv):
        if c in confirmed:
            continue
        for k, (pq, pi) in enumerate(passage_iv):
            if k in confirming or pi.family != ci.family or (pi.low <= ci.high and ci.low <= pi.high):
                continue
            related, same = _same_thing(cq, claim_text, pq, passage)
            if not (related or same):
                continue
            mine, theirs = measure("claim", c), measure("passage", k)
            match = relation(mine, theirs, same_words=same)
            if match.kind == "other":
                continue  # other things counted, or other years: the figures say nothing
            passage_larger = pi.low > ci.high
            small, large = (mine, theirs) if passage_larger else (theirs, mine)
            # a subset may count less than its whole set, never more ("12 suicide attacks" of "40
            # attacks"); a subset's share or rate may be anything
            subset_smaller = match.narrower == (1 if passage_larger else -1) or (
                match.narrower != 0 and ci.family not in _ADDITIVE and not ci.family.startswith("currency"))
            total = larger_is_running_total(small, large) or subset_smaller or (
                passage_larger and _wider(cq, claim_text, pq, passage))
            if (match.kind == "same" or match.kind == "loose" and _far_apart(ci, pi)) and not total:
                conflicts.append(f"source says {theirs.phrase}; claim says {mine.phrase}")
            else:
                differing.append(f"source says {theirs.phrase} beside the claim's {mine.phrase}")
    if conflicts:
        unique = list(dict.fromkeys(conflicts))
        more = f" (and {len(unique) - 1} other figure{'s' if len(unique) > 2 else ''})" if len(unique) > 1 else ""
        return NumberCheck("disagree", unique[0] + more)
    if agreements:
        return NumberCheck("agree", "; ".join(dict.fromkeys(agreements)), loose=not exact)
    if differing:
        return NumberCheck("differs", "; ".join(dict.fromkeys(differing)))
    return NumberCheck("none", "")


STATEMENT_CHARS = 160  # of the statement quoted beside the figures compared


def excerpt(statement: str) -> str:
    """A statement as the rationale quotes it: one line, at most ``STATEMENT_CHARS``, cut at a word."""
    text = re.sub(r"\s+", " ", statement).strip()
    if len(text) > STATEMENT_CHARS:
        text = text[: STATEMENT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def stated(note: str, statement: str) -> str:
    """The figures compared and the statement they come from, for the rationale:
    'source says 100 attacks on the eastern front; claim says 140 attacks, in "..."'."""
    text = excerpt(statement)
    return f'{note}, in "{text}"' if note and text else note


def comparable(quantities: Sequence[Quantity]) -> bool:
    """Has the claim a figure that is compared (not only years used as dates)?"""
    return any((i := interval(q)) is not None and i.family != "year" for q in quantities)
