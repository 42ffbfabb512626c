"""Datelines and page furniture in article text: metadata and labels that are never claims.

- a **dateline** opens a wire story's first paragraph: "MARLOW, Ruritania (Wire) - ...",
  "CAPITAL CITY, Jan. 22 - ...", "Kyiv, 3 March 2024 — ...". It says where the story was
  filed and by which agency; it is metadata, never a speaker;
- a **label** heads a paragraph in capitals before a colon or dash ("VIDEO: ...", "A SIMPLE
  GUIDE: How do I ...", "EXCLUSIVE – ..."); a **teaser** is a paragraph a media or navigation
  label opens ("VIDEO: ...", "READ MORE: ..."), a **credit** a "PHOTO: AGENCY" tag;
- a **promo** is a short paragraph that asks the reader to sign up, subscribe or follow;
- a **heading** is a short paragraph with no closing punctuation (headline, section label).

Spans are character offsets. :func:`masked` blanks what must never reach the parser (datelines,
labels, teasers, credits, promos) with spaces of the same length, so offsets hold; headings
stay readable (a headline may attribute: "Mayor: the bridge opens in May").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:,?\s+\d{{4}})?)"
_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z'’\-]+\.?"
_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}}|{_TITLE_WORD}(?:\s{_TITLE_WORD}){{0,2}})"
    rf"(?:,\s*(?P<region>(?!{_MONTHS}\s+\d)[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){{0,2}}))?"
    rf"(?:,?\s*\(?(?P<date>{_DATE})\)?)?"
    r"(?:\s*\((?P<agency>[A-Z][A-Za-z&.' ]{1,30})\))?"
    rf"(?:,?\s*\(?(?P<date2>{_DATE})\)?)?"
    r"\s*(?:--|[-–—])\s+(?=[\"“‘'A-Z0-9])"
)
# Words that open a paragraph in capitals as a label, not as a place.
LABEL_WORDS = frozenset(
    """exclusive breaking update updated analysis opinion watch video videos live photo photos
    picture pictures image images gallery listen podcast read more related see also advertisement
    sponsored editorial commentary explainer factbox fact box guide simple quick interview
    correction clarification note editor's""".split()
)
# Labels after which the rest of the paragraph is a link to something else, not article text.
_TEASER_WORDS = frozenset(
    "watch video videos live photo photos picture pictures gallery listen podcast read more related see also".split()
)
_LABEL = re.compile(r"(?P<label>[A-Z][A-Z0-9'’&]*(?:\s+[A-Z0-9'’&]+){0,4})\s*(?::|--|[–—])\s*")
_CREDIT = re.compile(r"\b(?:PHOTO|PHOTOS|PICTURE|IMAGE|FILE PHOTO|VIDEO)\s*:\s*[\w&.'’ /-]{1,40}$")
_PROMO = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|newsletters?|download (?:our|the) app|follow us|click here|"
    r"tap here|get (?:our|the) .{0,30}alerts|in your inbox|share this (?:story|article))\b",
    re.IGNORECASE,
)
_READER = re.compile(r"\b(?:you|your|our|us)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"[^\n]+")
_CLOSING = frozenset(".!?\"”’')…:;")
_MAX_PROMO_WORDS = 45
_MAX_HEADING_WORDS = 25
_MASKED_KINDS = frozenset({"dateline", "label", "teaser", "credit", "promo"})


@dataclass(frozen=True)
class Furniture:
    """One stretch of furniture; ``place``/``agency``/``date`` are set on a dateline."""

    kind: str  # dateline, label, teaser, credit, promo, heading
    start: int
    end: int
    place: str | None = None
    agency: str | None = None
    date: str | None = None


def _dateline(text: str, start: int, end: int) -> Furniture | None:
    m = _DATELINE.match(text, start, end)
    if m is None:
        return None
    place = m.group("place")
    if place.lower() in LABEL_WORDS or any(w.lower().strip(".") in LABEL_WORDS for w in place.split()):
        return None
    date = m.group("date") or m.group("date2")
    caps = place.upper() == place and sum(ch.isalpha() for ch in place) >= 2
    if not caps and date is None and m.group("agency") is None:
        return None  # "Clinton - the frontrunner - said" is not a dateline
    region = m.group("region")
    return Furniture("dateline", m.start(), m.end(), place=place + (f", {region}" if region else ""),
                     agency=m.group("agency"), date=date)


def _label(text: str, start: int, end: int) -> Furniture | None:
    m = _LABEL.match(text, start, end)
    if m is None:
        return None
    label = m.group("label")
    words = [w.lower() for w in label.split()]
    if sum(ch.isalpha() for ch in label) < 2 or not any(ch.isalpha() for ch in text[m.end() : end]):
        return None
    if len(words) == 1 and words[0] not in LABEL_WORDS:
        return None  # "NASA: ..." may be a source speaking; a one-word label must be a known one
    if words[0] in _TEASER_WORDS or " ".join(words[:2]) in ("read more", "see also"):
        return Furniture("teaser", start, end)
    return Furniture("label", m.start(), m.end())


def _is_promo(para: str) -> bool:
    return len(para.split()) <= _MAX_PROMO_WORDS and bool(_PROMO.search(para)) and bool(_READER.search(para))


def _is_heading(para: str) -> bool:
    stripped = para.rstrip()
    return bool(stripped) and stripped[-1] not in _CLOSING and len(stripped.split()) <= _MAX_HEADING_WORDS


def find_furniture(text: str) -> list[Furniture]:
    """Every dateline, label, teaser, credit, promo and heading of ``text``, in order."""
    out: list[Furniture] = []
    for para in _PARAGRAPH.finditer(text):
        start, end = para.start(), para.end()
        while start < end and text[start].isspace():
            start += 1
        if start == end:
            continue
        body = text[start:end]
        if _is_promo(body):
            out.append(Furniture("promo", start, end))
            continue
        found = _label(text, start, end) or _dateline(text, start, end)
        if found is not None:
            out.append(found)
            if found.kind == "teaser":
                continue
        credit = _CREDIT.search(text, start, end)
        if credit is not None:
            out.append(Furniture("credit", credit.start(), credit.end()))
        elif found is None and _is_heading(body):
            out.append(Furniture("heading", start, end))
    return out


def first_dateline(text: str) -> Furniture | None:
    """The dateline of the story (the first one, in its opening paragraphs)."""
    return next((f for f in find_furniture(text[:2000]) if f.kind == "dateline"), None)


def masked(text: str, furniture: list[Furniture] | None = None) -> str:
    """``text`` with datelines, labels, teasers, credits and promos blanked (same length)."""
    spans = [f for f in (find_furniture(text) if furniture is None else furniture) if f.kind in _MASKED_KINDS]
    if not spans:
        return text
    chars = list(text)
    for f in spans:
        for i in range(f.start, f.end):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)
