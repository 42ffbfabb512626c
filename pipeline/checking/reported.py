"""Passages that report a claim under examination rather than assert it.

Fact-check pages restate the claim they examine ("A viral post said the mayor cut 300 jobs",
"CLAIM: ...", "it has been alleged that ..."). Such a sentence covers the claim word for word,
figures included, yet the source does not say it is true: it must never count as support.
It still shows that somebody said it, which is what attribution needs.

A sentence that puts the claim in doubt ("it is unclear whether ...", "could not be
verified", "little evidence that ...", "a charge he denies") restates it too, and asserts it
no more: it never supports, and since doubt is not refutation it never contradicts either.

Detection is by the framing cue of the sentence (who or what carries the claim), kept to
cheap regular expressions so it runs on every candidate passage.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Carriers of an unverified claim: posts, rumours, users of social media, "a claim".
_CARRIER = (
    r"(?:viral|social[- ]media|facebook|twitter|tiktok|instagram|whatsapp|telegram|online|widely[- ]shared)\s+"
    r"(?:post|posts|message|messages|video|videos|image|images|claim|claims|meme|memes|tweet|tweets|rumou?rs?|users|accounts|pages|groups|channels)"
    r"|(?:a|the|this|one|several|many)\s+(?:post|posts|meme|tweet|rumou?r|message|chain message|claim|video|clip|photo|image)"
    r"|(?:users|posts|people)\s+(?:on|across)\s+(?:social media|facebook|twitter|x|tiktok|instagram|whatsapp)"
    r"|(?:rumou?rs?|claims?|allegations?)\s+(?:that|circulating|spread|shared)"
)
_SAYING = r"(?:said|says|say|claimed|claims|claim|alleged|alleges|allege|suggested|suggests|asserted|asserts|stated|states|purported|purports|shared|shows|showed)"

_PATTERNS = (
    re.compile(r"^\s*(?:the\s+)?claims?\s*[:\-–—]", re.IGNORECASE),  # "CLAIM: ..." headings
    re.compile(r"\b(?:it\s+(?:has\s+been|was|is\s+being|is)\s+(?:alleged|claimed|rumou?red|purported))\b", re.IGNORECASE),
    re.compile(r"\b(?:" + _CARRIER + r")\b[^.;]{0,60}?\b" + _SAYING + r"\b", re.IGNORECASE),
    re.compile(r"\b(?:falsely|wrongly|incorrectly|misleadingly)\s+(?:claim|claims|claimed|said|says|suggest|suggests|suggested|state|states|stated)\b", re.IGNORECASE),
    re.compile(r"\b(?:purportedly|allegedly)\b", re.IGNORECASE),
    # "according to a widely shared tweet", "..., according to posts on social media"
    re.compile(r"\baccording\s+to\s+(?:(?:a|an|the|one|some)\s+)?(?:" + _CARRIER + r")\b", re.IGNORECASE),
    # "Posts shared thousands of times say ...": a bare plural carrier opening the sentence
    re.compile(r"^\s*(?:posts|messages|videos|images|tweets|memes)\b[^.;]{0,60}?\b" + _SAYING + r"\b", re.IGNORECASE),
    # "Some bloggers have claimed that ...", "The lawsuit alleges ...": the verb keeps its distance
    re.compile(r"\b(?:claim(?:s|ed)?|alleg(?:e|es|ed))\s+that\b|\balleges\b", re.IGNORECASE),
)


@lru_cache(maxsize=8192)  # asked twice per passage (coverage window, then stance): match once
def reports_claim(text: str) -> bool:
    """True when the sentence relays a claim under examination (a post, a rumour, "CLAIM:",
    "it has been alleged", "falsely claimed") instead of asserting it."""
    return any(p.search(text) for p in _PATTERNS)


_VERIFY = r"(?:independently\s+)?(?:verif|confirm|corroborat|substantiat|establish|prove)\w*"
_DOUBTS = re.compile(
    r"\b(?:unclear|uncertain|not\s+(?:yet\s+)?(?:clear|known|certain)|far\s+from\s+(?:clear|certain))\s+(?:whether|if|that)\b"
    r"|\b(?:little|scant|scarce|thin|limited)\s+(?:evidence|proof|support)\s+(?:that|for)\b"
    r"|\b(?:could\s+not|couldn't|cannot|can\s*not|can't|has\s+not\s+been|have\s+not\s+been|was\s+not|were\s+not)\s+(?:be\s+)?" + _VERIFY +
    r"|\b(?:nobody|no\s+one)\s+(?:has|have|had)\s+(?:yet\s+)?(?:shown|proved|proven|demonstrated|confirmed)\b"
    r"|\b(?:unverified|unconfirmed|unsubstantiated)\b"
    r"|\b(?:charge|claim|accusation|allegation)s?\s+(?:that\s+)?(?:he|she|they|it|which|the\s+\w+)\s+(?:rejects?|rejected|denies|denied|disputes?|disputed)\b"
    r"|\bhalf\s+(?:of\s+)?the\s+story\b|\bremains\s+to\s+be\s+seen\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def doubts_claim(text: str) -> bool:
    """True when the sentence puts what it restates in doubt ("it is unclear whether",
    "could not be independently verified", "a charge he denies") instead of asserting it."""
    return _DOUBTS.search(text) is not None
