"""Tokens, light stems and stop words shared by ranking, stance and deduplication.

A claim and a source rarely use the same word forms ("attacks"/"attacked"), so matching is
done on light stems; a full stemmer would merge too much ("general"/"generate") and cost time
on 50 pages of text. Numbers are kept as tokens with thousands separators removed so that
"75,000" and "75000" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from simplemma import lemmatize
from wordfreq import zipf_frequency

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,'’][a-z0-9]+)*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down during
    each either few for from further had hadn has hasn have haven having he her here hers herself him
    himself his how i if in into is isn it its itself just let me more most much must mustn my myself
    neither nor of off on once only or other ought our ours ourselves out over own same shan she should
    shouldn so some such than that the their theirs them themselves then there these they this those
    through to too under until up upon very was wasn we were weren what when where which while who whom
    whose why will with would wouldn you your yours yourself yourselves s t ll ve re d m
    one's also yet per via among amid within without whether though although however thus hence
    """.split()
)

# Words that negate or deny the statement they sit in; kept out of STOP_WORDS on purpose.
# "won't" and "don't" split into "won"/"don" + "not" (``tokens``), so those stems are left out:
# "she won 58 counties" and "Don Smith said" are not negated.
NEGATIONS: frozenset[str] = frozenset(
    "not no never none nobody nothing neither nor without cannot n't isn aren wasn weren didn doesn "
    "hasn haven hadn wouldn shouldn couldn".split()
)


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes, so "Qaddāfi" and "qaddafi" compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").lower()


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; "75,000" becomes "75000", "3.5" stays one token,
    "6th" becomes "6"."""
    return list(_tokens(text))


@lru_cache(maxsize=32768)
def _tokens(text: str) -> tuple[str, ...]:
    """Memoised per process: a source's sentences are read again for every claim checked against it."""
    folded = _THOUSANDS.sub("", fold(text))
    out: list[str] = []
    for tok in _TOKEN.findall(folded):
        if "'" in tok:
            head, _, tail = tok.partition("'")
            out.append(head)
            if tail == "t":
                out.append("not")  # didn't -> did not
            continue
        tok = tok.rstrip(".,")
        ordinal = _ORDINAL.match(tok)
        out.append(ordinal.group(1) if ordinal else tok)  # "March 6th" meets "March 6"
    return tuple(out)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's dictionary form (simplemma's bundled English tables: "became" -> "become",
    "children" -> "child"), then light suffix stripping (plurals, -ing, -ed, -ly, final e), enough
    to join the inflections of one word: "released"/"releases"/"release" -> "releas", "stopped" -> "stop"."""
    w = word
    if w.isalpha():
        w = lemmatize(w, lang="en").lower() or w
    if len(w) <= 3 or w[0].isdigit():
        return w
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("edly", "", 7),
        ("ed", "", 5),
        ("ly", "", 6),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len:
            if suffix == "s" and w[-2] in "su":  # "status", "glass", "virus"
                return w
            if suffix == "es" and w[-3] not in "sxhz":  # "dates" -> "date" via the "s" rule
                continue
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed", "edly") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "stopped" -> "stop"
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if i >= 2}


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning: no stop words, negations or one-letter tokens;
    "two".."twelve" become digits so they meet figures written as numbers."""
    return list(_content_terms(text))


@lru_cache(maxsize=32768)
def _content_terms(text: str) -> tuple[str, ...]:
    return tuple(
        _NUMBER_WORDS.get(t) or stem(t)
        for t in _tokens(text)
        if t not in STOP_WORDS and t not in NEGATIONS and (len(t) > 1 or t.isdigit())
    )


def passage_terms(text: str) -> list[str]:
    """``content_terms`` of a source's text, plus each pair of adjacent words written as one
    ("air crafts" -> "aircraft", "lock down" -> "lockdown", "e-mail" -> "email"), so a claim
    that closes a compound meets a source that opens it."""
    return list(_passage_terms(text))


@lru_cache(maxsize=32768)
def _passage_terms(text: str) -> tuple[str, ...]:
    toks = [t for t in _tokens(text) if t.isalpha()]
    joined = [stem(a + b) for a, b in zip(toks, toks[1:]) if a not in STOP_WORDS]  # "lock down": b may be a particle
    return _content_terms(text) + tuple(joined)


NUMBER_WEIGHT = 5.0  # a figure is as telling as a rare word


@lru_cache(maxsize=65536)
def _specificity(token: str) -> float:
    """How much a word says: about 9 minus its Zipf frequency in general English (an IDF
    without a corpus of our own; wordfreq ships its tables, nothing is downloaded):
    "the" ~1.3, "became" ~3.9, "paddleboat" ~7.7."""
    if token[:1].isdigit():
        return NUMBER_WEIGHT
    return max(1.0, 9.0 - zipf_frequency(token, "en"))


def term_weights(text: str) -> dict[str, float]:
    """Content stems of ``text`` with the specificity of the rarest word form behind each."""
    weights: dict[str, float] = {}
    for tok in tokens(text):
        if tok in STOP_WORDS or tok in NEGATIONS or (len(tok) <= 1 and not tok.isdigit()):
            continue
        term = _NUMBER_WORDS.get(tok) or stem(tok)
        weights[term] = max(weights.get(term, 0.0), _specificity(term if term.isdigit() else tok))
    return weights
