"""Search queries for one claim: what a search provider should be asked to find its sources.

A claim's sources are pages that report the same figure or words from the same speaker, so a
query names the speaker, the claim's named entities and its most specific words, the figure
and the thing counted, and the place. Search APIs match all words best on short queries, so
several queries are built, from the most specific (speaker + figure + counted thing) to the
broadest (the content's keywords), and returned shortest first. A date window around the
article's date lets providers that filter by date (news search, the evidence index) skip
coverage of other events. Pure: no I/O, no models, only the claim's own fields.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from pipeline.checking.lexical import NEGATIONS, STOP_WORDS, stem, term_weights, tokens
from pipeline.claims.lexicon import CUE_VERBS
from pipeline.models import Claim, Document

# speakers a search engine cannot use: "he", "a senior official", an unnamed source
_UNSEARCHABLE_SPEAKERS = frozenset({"pronoun", "anonymous", "unknown"})
# a run of capitalised words, allowing short lower-case joiners inside ("Bank of England")
_ENTITY = re.compile(
    r"\b[A-Z][\w'’.-]*[\w]"
    r"(?:(?:\s+(?:of|the|de|du|al|bin|van|von|der|la|le|del|da)){0,2}\s+[A-Z][\w'’.-]*[\w])*"
)
# the figure as written: "75,000", "1.4 million", "12%", "3.5 per cent"
_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
# words on nearly every news page ("said", "since", "year": Zipf frequency above 5.7) narrow nothing
_MIN_SPECIFICITY = 3.3
_CUE_STEMS = frozenset(stem(v) for v in CUE_VERBS)
# dates are the window's job, not the query's
_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name[1:], *calendar.day_name))
_SCALE = re.compile(r"^\s*(million|billion|trillion|thousand|hundred|percent|per cent|%)", re.I)


@dataclass(frozen=True)
class DateWindow:
    """Dates (inclusive) between which coverage of the claim is looked for."""

    start: date
    end: date

    def contains(self, iso: str | None) -> bool:
        """True when an ISO date(-time) falls in the window; unknown dates are not excluded."""
        day = parse_day(iso)
        return day is None or self.start <= day <= self.end


@dataclass(frozen=True)
class QueryParts:
    """The searchable pieces of a claim, each list most telling first."""

    speaker: str | None
    entities: tuple[str, ...]
    keywords: tuple[str, ...]
    figures: tuple[str, ...]
    counted: tuple[str, ...]
    places: tuple[str, ...]


def parse_day(iso: str | None) -> date | None:
    """The date of an ISO 8601 date or date-time ("2011-03-02T10:00:00Z" -> 2011-03-02), or None."""
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def date_window(claim: Claim, published: str | None, *, days_before: int = 30, days_after: int = 7) -> DateWindow | None:
    """Window around the article's date (else the claimed event's date): reports of a claim
    appear mostly before and shortly after the article that repeats it."""
    anchor = parse_day(published) or parse_day(claim.time)
    if anchor is None:
        return None
    return DateWindow(anchor - timedelta(days=days_before), anchor + timedelta(days=days_after))


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = " ".join(item.split())
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _trim(phrase: str) -> str:
    """Without leading and trailing stop words: "the eastern front" -> "eastern front"."""
    words = phrase.split()
    while words and words[0].lower() in STOP_WORDS:
        words.pop(0)
    while words and words[-1].lower() in STOP_WORDS:
        words.pop()
    return " ".join(words)


def speaker_name(claim: Claim) -> str | None:
    """The speaker as a search term: a resolved or named speaker, never a pronoun or "officials"."""
    sp = claim.speaker
    if sp is None:
        return None
    if sp.resolved:
        return sp.resolved
    if sp.kind in _UNSEARCHABLE_SPEAKERS:
        return None
    words = [w for w in sp.text.split() if w.lower() not in STOP_WORDS]
    return " ".join(words) or None


def named_entities(text: str) -> tuple[str, ...]:
    """Capitalised word runs of ``text``; a lone capitalised stop word ("The", "But") is not a name."""
    found = []
    for m in _ENTITY.finditer(text):
        words = m.group(0).strip(".'’-").split()
        while words and (words[0].lower() in STOP_WORDS or words[0].islower()):
            words.pop(0)  # "But the Bank of England" -> "Bank of England"
        name = " ".join(words)
        if not name:
            continue
        if " " not in name and (name.lower() in STOP_WORDS or name.lower() in NEGATIONS or name.lower() in _CALENDAR_WORDS):
            continue
        found.append(name)
    return _unique(found)


def figures(claim: Claim) -> tuple[str, ...]:
    """The claim's figures as written, with their scale word ("1.4 million", "40%")."""
    out = []
    for q in claim.quantities:
        m = _FIGURE.search(q.text)
        if m is None:
            continue
        scale = _SCALE.match(q.text[m.end():])
        word = scale.group(1) if scale else ""
        out.append(m.group(0) + word if word == "%" else f"{m.group(0)} {word}".strip())
    return _unique(out)


def keywords(text: str, *, exclude: Sequence[str] = ()) -> tuple[str, ...]:
    """Content words of ``text``, rarest first (a rare word narrows a search the most);
    words already in ``exclude`` (names, figures) are left out."""
    taken = {stem(t) for phrase in exclude for t in tokens(phrase)}
    weights = term_weights(text)
    words: dict[str, float] = {}
    for tok in tokens(text):
        term = stem(tok)
        if term in taken or tok[:1].isdigit() or term in _CUE_STEMS or tok in _CALENDAR_WORDS or weights.get(term, 0.0) < _MIN_SPECIFICITY:
            continue
        words.setdefault(tok, weights[term])
    ranked = sorted(words, key=lambda w: -words[w])
    return _unique(ranked)


def query_parts(claim: Claim) -> QueryParts:
    content = claim.content.text
    speaker = speaker_name(claim)
    entities = tuple(e for e in named_entities(content) if speaker is None or e.lower() not in speaker.lower())
    counted = _unique([_trim(q.counted) for q in claim.quantities if q.counted])
    places = _unique([_trim(q.context) for q in claim.quantities if q.context])
    figs = figures(claim)
    words = keywords(content, exclude=[*entities, *figs, *([speaker] if speaker else [])])
    return QueryParts(speaker, entities, words, figs, counted, places)


def build_queries(claim: Claim, *, max_queries: int = 3, max_terms: int = 8) -> list[str]:
    """A few search queries for ``claim``, shortest first, none repeated.

    1. who and what figure: speaker + figure + counted thing (+ place);
    2. who and what names: speaker + entities + the rarest content words;
    3. the content alone: entities + content words, for sources that do not name the speaker.
    """
    p = query_parts(claim)
    who = [p.speaker] if p.speaker else []
    candidates: list[list[str]] = []
    if p.figures:
        candidates.append(who + list(p.figures[:1]) + list(p.counted[:1]) + list(p.places[:1]))
    candidates.append(who + list(p.entities[:3]) + list(p.keywords[: max(2, max_terms - 3 - len(who))]))
    candidates.append(list(p.entities[:3]) + list(p.figures[:1]) + list(p.keywords[:max_terms]))
    queries: list[str] = []
    for parts in candidates:
        words = " ".join(parts).split()
        if len([w for w in words if not w[:1].isdigit()]) < 2:
            continue  # a figure and one word find everything and nothing
        queries.append(" ".join(words[: max_terms + 4]))
    return sorted(_unique(queries), key=len)[:max_queries]
