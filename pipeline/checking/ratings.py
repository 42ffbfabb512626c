"""Rating statements of fact-check prose ("We rate this claim Mostly False", "Pants on Fire").

A fact-checker's published rating of the claim is the strongest evidence a page can carry.
The ordinal scales of the big outlets are mapped onto our stances: the false end contradicts,
the true end supports, and the middle (half true, mixture, partly false, misleading) is
neither: it must not be read as support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FALSE = r"pants on fire|mostly false|false|fake|incorrect|inaccurate|fabricated|baseless|four pinocchios|three pinocchios"
_MIDDLE = r"half[- ]true|mixture|mixed|partly (?:false|true|accurate)|partially (?:false|true|accurate)|half (?:false|accurate)|misleading|missing context|needs context|exaggerated|unproven|two pinocchios"
_TRUE = r"mostly true|true|correct|accurate"

_RATE = re.compile(
    r"\b(?:we|politifact|snopes|(?:the )?fact[- ]check(?:er)?s?)\s+(?:have\s+)?(?:rate[sd]?|rating|rule[sd]?|find|found|conclude[sd]?)\s+"
    r"(?:this|the|that|these|it|its|their|his|her)?\s*(?:claims?|statements?|posts?|figures?|videos?|images?|them|it)?\s*(?:as\s+|to\s+be\s+)?"
    r"[\"“']?(?P<rating>" + _MIDDLE + "|" + _FALSE + "|" + _TRUE + r")\b",
    re.IGNORECASE,
)
_VERDICT = re.compile(r"\b(?:our\s+)?(?:rating|verdict|ruling)\s*[:\-–—]\s*[\"“']?(?P<rating>" + _MIDDLE + "|" + _FALSE + "|" + _TRUE + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rating:
    """One rating statement: its words as published and the stance they carry."""

    text: str  # the rating as written ("Mostly False")
    stance: str  # "contradicts", "supports" or "neutral" (the middle of the scale)
    sentence: str


def stance_of_rating(rating: str) -> str:
    """Map an ordinal rating onto a stance: false end contradicts, true end supports."""
    low = rating.lower()
    if re.fullmatch(_MIDDLE, low):
        return "neutral"
    if re.fullmatch(_FALSE, low):
        return "contradicts"
    return "supports"


def find_rating(text: str) -> Rating | None:
    """The rating a fact-check sentence states, or None."""
    m = _RATE.search(text) or _VERDICT.search(text)
    if not m:
        return None
    return Rating(m.group("rating"), stance_of_rating(m.group("rating")), text.strip())
