"""Did this speaker say it? Speaker names matched across titles and transliterations.

Outlets write "Lt. Col. Ahmed Saleh", "Col. Saleh" and "Ahmad Salih" for one man, and
"Moammar Gadhafi" / "Muammar al-Qaddafi" for another. Names are reduced to a consonant
skeleton (vowels, h and doubled letters dropped; q/g/k/c merged) after titles and particles
are removed, and matched on the surname, with the given name checked when both have one.
"""

from __future__ import annotations

import re
from typing import Sequence

from pipeline.checking.lexical import fold

_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sheikh sheik imam rabbi rev father "
    "president vice prime minister secretary chancellor king queen prince princess emperor "
    "gov governor sen senator rep representative congressman congresswoman mayor judge justice "
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
