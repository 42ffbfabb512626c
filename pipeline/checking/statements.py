"""Evidence as statements: what kind of statement a source's passage is.

The attributed-claim extractor (``pipeline.claims``, the one that reads articles) reads the
passage, so each candidate passage is known as

- ``own``: the source's own assertion ("The mayor cut 300 jobs in 2023.");
- ``attributed``: the source reports what a named speaker said ("Smith said the mayor cut 300
  jobs"), with that speaker;
- ``reported``: a report of a claim under examination: a post, a rumour, a caption carries it
  ("A blog post suggested ..."), the cue distances the source from it ("X claimed", "it has been
  alleged", "CLAIM: ..."), or the cheap relay patterns of :mod:`reported` find it.

A reported claim never supports its content; it only shows that somebody said it:
``stance`` leaves reported passages out of coverage and reads them only for a debunk and for
whether they relay our claim (a feature of the learned verdict, kept apart from refutation).
Parsing costs tens of milliseconds a passage, so callers ask only about candidate passages
(those restating much of the claim); answers are cached by text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.checking.reported import reports_claim

StatementKind = Literal["own", "attributed", "reported"]

# Head words of a speaker that carries a claim rather than makes one of its own.
_CARRIERS = frozenset(
    "post posts tweet tweets video videos clip clips image images photo photos picture pictures meme memes "
    "message messages caption captions rumour rumours rumor rumors claim claims screenshot screenshots "
    "graphic graphics blog blogs blogger bloggers users user accounts account netizens chain petition "
    "headline headlines website websites".split()
)
# Cue words by which the source keeps its distance from what it relays.
_DISTANCING = re.compile(
    r"^(?:claim|claims|claimed|claiming|allege|alleges|alleged|alleging|purport|purports|purported|"
    r"rumou?red|insinuat\w*|suppos\w*)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
MAX_PASSAGE = 2000  # characters parsed at most (a passage is a sentence or two)


@dataclass(frozen=True)
class Statement:
    kind: StatementKind
    speaker: str | None = None  # who says it (attributed, and reported with a carrier)
    cue: str | None = None


def _carried(speaker: str) -> bool:
    return any(w.lower() in _CARRIERS for w in _WORD.findall(speaker))


def _distancing(cue: str) -> bool:
    """A distancing cue ("claimed", "alleges"); an infinitive is no one's claim ("it was
    accurate to claim ..."), so it distances only with a carrier as its speaker."""
    words = _WORD.findall(cue)
    return bool(words) and words[0].lower() != "to" and any(_DISTANCING.match(w) for w in words)


@lru_cache(maxsize=8192)
def statement_of(text: str) -> Statement:
    """The kind of statement ``text`` (one passage) is, from its attributed claims.

    The claim whose content spans most of the passage decides; a relaying pattern of
    :func:`reported.reports_claim` anywhere in it makes it reported all the same.
    """
    from pipeline.claims import extract_claims  # local: spaCy loads on first use
    from pipeline.errors import NewscheckError

    regex = reports_claim(text)
    try:
        claims = extract_claims(text[:MAX_PASSAGE])
    except (NewscheckError, ValueError):
        claims = []
    framed = [c for c in claims if c.cue is not None or c.speaker is not None]
    if not framed:
        return Statement("reported" if regex else "own")
    main = max(framed, key=lambda c: c.content.end - c.content.start)
    speaker = main.speaker.name if main.speaker is not None else None
    cue = main.cue.text if main.cue is not None else None
    if regex or (speaker is not None and _carried(speaker)) or (cue is not None and _distancing(cue)):
        return Statement("reported", speaker, cue)
    own_share = 1.0 - (main.content.end - main.content.start) / max(1, len(text.strip()))
    if speaker is None and own_share > 0.6:
        return Statement("own")  # a cue on a small part ("as expected"): the passage is the source's
    return Statement("attributed", speaker, cue)


def _may_be_reported(text: str) -> bool:
    """A necessary condition, checked without parsing: a reported statement has a relay
    pattern, a carrier word (its speaker) or a distancing word (its cue)."""
    return reports_claim(text) or any(w.lower() in _CARRIERS or _DISTANCING.match(w) for w in _WORD.findall(text))


def is_reported(text: str) -> bool:
    """True when the passage relays a claim under examination instead of asserting it
    (parsed only when a word of the text could make it so)."""
    return _may_be_reported(text) and statement_of(text).kind == "reported"
