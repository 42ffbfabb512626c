"""From per-source stances to one label, a confidence and a sentence a journalist can read.

Only independent sources vote. The label is the side the independent sources take;
"mixed" when both sides have a voice, "unverified" when none bears on the claim, with the
fetch failures and the copies of the article named so the reader knows why.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from pipeline.models import Label, SourceFailure, Stance

_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


@dataclass(frozen=True)
class SourceVote:
    """One source's say: its stance, how strongly, whether it counts, and a label for it."""

    name: str  # outlet, else host, for the rationale
    stance: Stance
    strength: float
    independent: bool
    copies_article: bool
    after_claim: bool
    numbers: str = ""
    held_back: bool = False  # would contradict, but was published after the claim
    covered: frozenset[str] = frozenset()  # claim terms its bearing passages restate
    rating: str = ""  # the fact-check rating it publishes, quoted ("rated 'False' by ...")
    hedge: str = ""  # its verdict in plain words, quoted ("calls it 'only partly accurate': ...")
    coverage: float = 0.0  # weighted share of the claim one place of the source states
    cues: frozenset[str] = frozenset()  # what decided its passages (``stance.CUES``)
    rating_level: int | None = None  # its rating (or plain-words verdict) on the ordinal scale (``ratings.rating_level``)
    mentions: float = 0.0  # share of the claim the source mentions, relayed statements included
    statement: str = ""  # the passage its stance rests on, as the rationale quotes it (``numbers.excerpt``)


def count_words(n: int, noun: str) -> str:
    """"Two independent outlets", "One source" (plural by simple -s)."""
    head = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{head} {noun}{'' if n == 1 else 's'}"


def _failure_reasons(failures: Sequence[SourceFailure]) -> str:
    counts = Counter(f.reason for f in failures)
    return ", ".join(f"{reason}" + (f" x{n}" if n > 1 else "") for reason, n in sorted(counts.items()))


PART_REFUTED = 0.15  # weighted share of the claim refuted without any support, that halves the support
DOMINANCE = 2.0  # one side outweighs the other this many times over: it wins, else "mixed"


def decide(votes: Sequence[SourceVote], weights: Mapping[str, float] | None = None) -> tuple[Label, float, int]:
    """Label, confidence and the number of independent sources that bear on the claim.

    Each independent source votes with its strength (a figure compared outweighs a loose
    restatement). A refutation of a part of the claim that no supporting source restates
    wins outright: a claim is false when any part of it is. Otherwise one side must outweigh
    the other ``DOMINANCE`` times over, or the verdict is "mixed". Confidence grows with
    agreeing sources (each adds less) and shrinks with the weight of dissent.
    """
    counted = [v for v in votes if v.independent and v.stance != "neutral"]
    if not counted:
        return "unverified", 0.0, 0
    pro = [v for v in counted if v.stance == "supports"]
    con = [v for v in counted if v.stance == "contradicts"]
    pro_w, con_w = sum(v.strength for v in pro), sum(v.strength for v in con)
    if pro and con:
        w = weights or {}
        total = sum(w.values()) or 1.0
        unsupported = frozenset().union(*(v.covered for v in con)) - frozenset().union(*(v.covered for v in pro))
        if math.fsum(w.get(t, 0.0) for t in unsupported) / total >= PART_REFUTED:
            pro_w = 0.5 * pro_w
        if max(pro_w, con_w) < DOMINANCE * min(pro_w, con_w):
            return "mixed", round(0.25 + 0.5 * abs(pro_w - con_w) / (pro_w + con_w), 3), len(counted)
    side, weight = (pro, pro_w) if pro_w > con_w else (con, con_w)
    mean = weight / len(side)
    confidence = mean * (1.0 - 0.5 ** (len(side) + 0.5)) * weight / (pro_w + con_w)
    return ("supported" if side is pro else "contradicted"), round(min(confidence, 0.99), 3), len(counted)


def _quoted(side: Sequence[SourceVote]) -> str:
    """What the rationale quotes for one side: a fact-check rating first, else figures (with
    their statement), else a verdict in plain words, else the statement the side rests on."""
    for quote in ("rating", "numbers", "hedge"):
        found = next((getattr(v, quote) for v in side if getattr(v, quote)), "")
        if found:
            return str(found)
    said = next((v.statement for v in side if v.statement), "")
    return f'saying "{said}"' if said else ""


def _named(side: Sequence[SourceVote]) -> str:
    """A side's quote and who says it: '(saying "..."): Reuters, AP' (or just the names)."""
    quote = _quoted(side)
    names = ", ".join(v.name for v in side[:3])
    return f" ({quote}): {names}" if quote else f": {names}"


def _side_free(label: Label, indep: Sequence[SourceVote]) -> str:
    """Why the learned verdict chose a side no source's vote takes: a rating, or a page that
    relays the claim (figures and all) as one under examination."""
    rated = next((v for v in indep if v.rating or v.hedge), None)
    if rated is not None:
        return f"{rated.name}: {rated.rating or rated.hedge}"
    relaying = [v for v in indep if "reported" in v.cues]
    if relaying and label == "contradicted":
        quote = f' ("{relaying[0].statement}")' if relaying[0].statement else ""
        return f"{relaying[0].name} relays it as a claim under examination{quote} and does not state it itself"
    return ""


def rationale(
    label: Label, votes: Sequence[SourceVote], failures: Sequence[SourceFailure], *, abstained: str = ""
) -> str:
    """One sentence: who says what (the statement or figure it rests on), and what did not count.

    ``abstained`` is the reason an "unverified" was given without weighing (nothing is about
    the claim)."""
    indep = [v for v in votes if v.independent]
    pro = [v for v in indep if v.stance == "supports"]
    con = [v for v in indep if v.stance == "contradicts"]
    free = _side_free(label, indep)
    copies = sum(1 for v in votes if v.copies_article)
    reprints = sum(1 for v in votes if not v.independent and not v.copies_article)
    later = sum(1 for v in indep if v.held_back)
    parts: list[str] = []
    if abstained:
        parts.append(abstained)
    elif free and (label == "mixed" and not (pro and con) or label == "contradicted" and not con or label == "supported" and not pro):
        parts.append(free)
    elif label == "contradicted":
        parts.append(f"{count_words(len(con), 'independent source')} {'contradict' if len(con) > 1 else 'contradicts'} it"
                     + _named(con))
        if pro:
            parts.append(f"{count_words(len(pro), 'other').lower()} {'support' if len(pro) > 1 else 'supports'} it" + _named(pro))
    elif label == "supported":
        parts.append(f"{count_words(len(pro), 'independent source')} {'support' if len(pro) > 1 else 'supports'} it"
                     + _named(pro))
        if con:
            parts.append(f"{count_words(len(con), 'other').lower()} {'contradict' if len(con) > 1 else 'contradicts'} it"
                         + _named(con))
    elif label == "mixed":
        parts.append(f"{count_words(len(pro), 'independent source')} {'support' if len(pro) > 1 else 'supports'} it"
                     + _named(pro) + "; " + f"{count_words(len(con), 'other').lower()} "
                     + f"{'contradict' if len(con) > 1 else 'contradicts'} it" + _named(con))
    else:
        parts.append("No independent source bears on it" if indep else "No independent source was available")
        middle = next((v for v in indep if v.stance == "neutral" and (v.rating or v.hedge)), None)
        if middle is not None:  # the middle of a rating scale (half true) decides nothing, but is said
            parts.append(f"{middle.name}: {middle.rating or middle.hedge}")
    if copies:
        parts.append(f"{count_words(copies, 'source').lower()} only {'repeat' if copies > 1 else 'repeats'} the article's text")
    if reprints:
        parts.append(f"{count_words(reprints, 'reprint').lower()} of another source {'were' if reprints > 1 else 'was'} counted once")
    if later:
        parts.append(f"{count_words(later, 'source').lower()} published after the claim {'were' if later > 1 else 'was'} not held against it")
    if failures:
        parts.append(f"{count_words(len(failures), 'source').lower()} could not be fetched ({_failure_reasons(failures)})")
    return "; ".join(parts) + "."
