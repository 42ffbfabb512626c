"""Did this speaker say it? Speaker names matched across titles and transliterations, and
speakers the claim describes by role ("a senior ministry official") matched to named people.

Outlets write "Lt. Col. Ahmed Saleh", "Col. Saleh" and "Ahmad Salih" for one man, and
"Moammar Gadhafi" / "Muammar al-Qaddafi" for another. Names are reduced to a consonant
skeleton (vowels, h and doubled letters dropped; q/g/k/c merged) after titles and particles
are removed, and matched on the surname, with the given name checked when both have one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from pipeline.checking.lexical import STOP_WORDS, fold
from pipeline.checking.reviews import states
from pipeline.claims import extract_claims
from pipeline.models import Speaker

_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sheikh sheik imam rabbi rev father "
    "president vice prime minister secretary chancellor king queen prince princess emperor "
    "gov governor sen senator rep representative congressman congresswoman mayor judge justice councillor councilor "
    "councilman councilwoman alderman mp mep "
    "gen general lt lieutenant col colonel maj major capt captain cpt sgt sergeant cmdr commander adm admiral "
    "brig brigadier marshal field officer chief spokesman spokeswoman spokesperson deputy former acting "
    "ambassador foreign defence defense interior finance health state the".split()
)
_PARTICLES = frozenset("al el ul ad as ash at az bin ibn bint abu de da di del della der van von le la du".split())
_NAME_TOKEN = re.compile(r"[a-z]+")
_DENIES_SAYING = re.compile(
    r"\b(?:den(?:y|ies|ied)|never said|did not say|didn't say|misquoted|disputed|was not said|fabricated quote)\b"
)


def skeleton(word: str) -> str:
    """Consonant skeleton of one name part: "gadhafi" and "qaddafi" both give "kdf"."""
    w = fold(word)
    w = w.replace("ph", "f").replace("kh", "k").replace("ck", "k").replace("ou", "u")
    w = re.sub(r"[qgc]", "k", w)
    head, rest = w[:1], re.sub(r"[aeiouyhw]", "", w[1:])
    if head in "aeiouy":
        head = "_"
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def name_parts(name: str) -> list[str]:
    """Skeletons of a name's parts, without titles or particles ("Lt. Col. X al-Y" -> [X, Y])."""
    words = _NAME_TOKEN.findall(fold(name).replace("'", ""))
    kept = [w for w in words if w not in _TITLES and w not in _PARTICLES and len(w) > 1]
    return [skeleton(w) for w in kept]


def same_person(a: str, b: str) -> bool:
    """Same surname skeleton, and same given name (or initial) when both give one."""
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    if len(pa) > 1 and len(pb) > 1:
        return pa[0] == pb[0] or pa[0][:1] == pb[0][:1]
    return True


def mentions(text: str, name: str) -> bool:
    """Does ``text`` name the person ``name`` (in any spelling, with any title)?

    Outlets often give only the surname on second reference, so the surname decides.
    """
    target = name_parts(name)
    if not target or len(target[-1]) < 2:
        return False
    surname = target[-1]
    return any(skeleton(w) == surname for w in _NAME_TOKEN.findall(fold(text)) if w not in _TITLES and w not in _PARTICLES)


def denies_saying(text: str) -> bool:
    return _DENIES_SAYING.search(fold(text)) is not None


def attribution_status(speaker: str | None, supporting: Sequence[str], contradicting: Sequence[str]) -> str:
    """confirmed / disputed / unconfirmed for ``speaker`` from independent passages.

    Confirmed when a passage that states the claim's content names the speaker; disputed when
    a passage that contradicts it names the speaker (a different figure in the same mouth)
    or reports the speaker denying having said it, and none confirms.
    """
    if not speaker or not name_parts(speaker):
        return "unconfirmed"
    if any(mentions(p, speaker) and denies_saying(p) for p in [*supporting, *contradicting]):
        return "disputed"
    if any(mentions(p, speaker) for p in supporting):
        return "confirmed"
    if any(mentions(p, speaker) for p in contradicting):
        return "disputed"
    return "unconfirmed"


# ---------------------------------------------------------------- speakers described, not named
#
# An article often gives a role instead of a name ("a top Kurdish official", "Iraqi
# commanders"); another outlet names the person ("Kurdistan regional president Masoud
# Barzani said ..."). The description is confirmed when an independent source puts the same
# content in the mouth of a named person whose role fits it: a title of the role's family,
# and every specific word of the description (organisation, nationality, place) in the words
# that present the person.

DESCRIBED_KINDS = frozenset({"anonymous", "group"})
_MILITARY = frozenset(
    "general gen colonel col major maj captain capt lieutenant lt brigadier brig commander cmdr officer "
    "sergeant sgt marshal admiral adm commandant".split()
)
_OFFICE = frozenset(
    "president minister secretary governor mayor spokesman spokeswoman spokesperson official director chief "
    "head ambassador envoy deputy adviser advisor aide chairman chairwoman premier chancellor commissioner "
    "leader undersecretary prefect".split()
)
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_ROLE_FITS: dict[str, frozenset[str]] = {
    "official": _OFFICE | _MILITARY,
    "source": _OFFICE | _MILITARY,
    "officer": _MILITARY,
    "commander": _MILITARY,
    "general": _MILITARY,
    "spokesman": _SPOKES,
    "spokeswoman": _SPOKES,
    "spokesperson": _SPOKES,
    "diplomat": frozenset({"ambassador", "envoy", "diplomat", "consul", "minister"}),
    "leader": frozenset({"leader", "president", "chairman", "chairwoman", "head", "chief", "commander", "premier"}),
    "aide": frozenset({"aide", "adviser", "advisor"}),
    "adviser": frozenset({"aide", "adviser", "advisor"}),
    "advisor": frozenset({"aide", "adviser", "advisor"}),
}
# Words of a description that say how it was sourced or how high, not who: never required.
_GENERIC = frozenset(
    "a an the top senior high ranking highranking high-ranking unnamed anonymous local some several other another "
    "one two three four many few leading key veteran government state two-star".split()
)
_SUFFIXES = ("istan", "ians", "ish", "ian", "ese", "ans", "an", "ic", "ia", "i", "ies", "y", "s", "e", "a")
DATE_WINDOW_DAYS = 3  # a named report of the same statement appears within a few days of it
PRESENTING_REACH = 60  # characters before the name that still present the person ("the Kurdish leader, X")


def _root(word: str) -> str:
    """A word without its adjective, country or plural endings: "kurdish"/"kurdistan" -> "kurd",
    "talvian"/"talvia" -> "talv", "germany" -> "german" -> "germ"."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    return word


AKIN_PREFIX = 5  # longer words may differ in their last letters ("ministry"/"minister")


def akin(a: str, b: str) -> bool:
    """Same word up to its ending: nationality and country ("Oskan"/"Osk", "Kurdish"/
    "Kurdistan"), "ministry"/"minister", "defence"/"defense"."""
    ra, rb = _root(a), _root(b)
    if ra == rb:
        return True
    if min(len(ra), len(rb)) < AKIN_PREFIX:
        return False
    common = 0
    for x, y in zip(ra, rb):
        if x != y:
            break
        common += 1
    return common >= max(AKIN_PREFIX, min(len(ra), len(rb)) - 2)


def _words(text: str) -> list[str]:
    return _NAME_TOKEN.findall(fold(text).replace("'s", ""))


def _role_noun(words: Sequence[str]) -> str | None:
    """The role a description names: its last role word ("commanders" -> "commander")."""
    for word in reversed(words):
        for role in (word, word[:-1] if word.endswith("s") else word):
            if role in _ROLE_FITS:
                return role
    return None


def role_fits(description: str, presenting: str) -> bool:
    """Does the person presented by ``presenting`` ("Kurdistan regional president Masoud
    Barzani") fit ``description`` ("a top Kurdish official")? A title of the role's family
    (or the role word itself) and every specific word of the description must be there."""
    wanted = [w for w in _words(description) if w not in _GENERIC and w not in STOP_WORDS and len(w) > 1]
    have = _words(presenting)
    role = _role_noun(wanted)
    if role is None:
        return False  # "residents", "witnesses": not a role a named official can fill
    if not any(w in _ROLE_FITS[role] or akin(w, role) for w in have):
        return False
    specific = [w for w in wanted if _role_noun([w]) != role]
    return all(any(akin(w, h) for h in have) for w in specific)


def _within(published: str | None, claim_date: str | None) -> bool:
    if not published or not claim_date:
        return True
    try:
        gap = abs((date.fromisoformat(published[:10]) - date.fromisoformat(claim_date[:10])).days)
    except ValueError:
        return True
    return gap <= DATE_WINDOW_DAYS


NAMED_STATES = 0.5  # the named person's statement must state at least half of the claim


def named_speaker(description: str, weights: Mapping[str, float], passage: str) -> str | None:
    """The named person ``passage`` attributes the claim's content to, when their role fits
    ``description``; None otherwise. The passage's attributions come from the claim extractor
    (``pipeline.claims``), so "X, president of Y, said ..." and "Y president X told ..." both count."""
    if not passage.strip():
        return None
    for found in extract_claims(passage):
        spk = found.speaker
        if spk is None or spk.kind != "person" or states(weights, found.content.text) < NAMED_STATES:
            continue
        name = spk.resolved or spk.text
        if found.content.start > spk.end:  # "X, president of Y, said [content]"
            presenting = passage[max(0, spk.start - PRESENTING_REACH) : found.content.start]
        else:  # "[content], said X, a spokesman for Y."
            presenting = passage[max(0, spk.start - PRESENTING_REACH) :]
        if role_fits(description, presenting):
            return name
    return None


@dataclass(frozen=True)
class DatedPassage:
    """A passage of an independent source with the source's publication date."""

    text: str
    published: str | None = None


def described_status(
    description: str,
    weights: Mapping[str, float],
    supporting: Sequence[DatedPassage],
    contradicting: Sequence[DatedPassage],
    claim_date: str | None = None,
) -> tuple[str, str | None]:
    """confirmed / disputed / unconfirmed for a speaker given by role, and the name found.

    Confirmed when a supporting passage published within ``DATE_WINDOW_DAYS`` of the claim
    attributes its content to a named person whose role fits; disputed when only a
    contradicting one does (the fitting person gave another figure).
    """
    for passages, status in ((supporting, "confirmed"), (contradicting, "disputed")):
        for p in passages:
            if _within(p.published, claim_date) and (name := named_speaker(description, weights, p.text)):
                return status, name
    return "unconfirmed", None


_INDEFINITE = frozenset("a an some several two three four many".split())


def described(speaker: Speaker) -> bool:
    """The speaker is a role, not a name: "a senior official", "Army officers", and "who" or
    "he" standing for one ("A senior official, who spoke on condition of anonymity, said")."""
    if speaker.kind in DESCRIBED_KINDS:
        return True
    first = speaker.resolved.split(maxsplit=1)[0].lower() if speaker.kind == "pronoun" and speaker.resolved else ""
    return first in _INDEFINITE


def speaker_status(
    speaker: Speaker | None,
    weights: Mapping[str, float],
    supporting: Sequence[DatedPassage],
    contradicting: Sequence[DatedPassage],
    claim_date: str | None = None,
    claimants: Sequence[tuple[str, str | None]] = (),
) -> tuple[str, str | None]:
    """Attribution of the claim's speaker, and the name an independent source gives a speaker
    the claim only describes: by name for named speakers, by role fit for descriptions.

    ``claimants`` are who independent fact-checks of this very claim say made it (ClaimReview
    ``itemReviewed.author``, with its jobTitle): the speaker named there said it, whatever
    the rating, and a described speaker is the claimant whose title fits the description.
    """
    if speaker is not None and described(speaker):
        status, named = described_status(speaker.name, weights, supporting, contradicting, claim_date)
        if status != "confirmed":
            fitting = next((c for c, role in claimants if role_fits(speaker.name, f"{role or ''} {c}")), None)
            if fitting is not None:
                return "confirmed", fitting
        return status, named
    name = speaker.name if speaker is not None else None
    status = attribution_status(name, [p.text for p in supporting], [p.text for p in contradicting])
    if status != "disputed" and name and any(same_person(name, c) for c, _ in claimants):
        return "confirmed", None
    return status, None
