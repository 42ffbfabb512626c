"""Figures in free text as data: value, hedge interval, normalised unit, exact offsets.

Works on any text without spaCy, so the checker can read numbers in fetched passages cheaply.
A figure is found in three steps: a number *atom* (digits, number words, or a vague plural
such as "hundreds"), then what surrounds it (a hedge or currency before, a range partner,
a scale word and a unit after), then the interval its hedge implies. quantulum3 is only asked
about unit-looking tokens that the table below does not know, because it is slow.

Conventions, so the checker can rely on them:
- ``low``/``high`` of None mean "unbounded on that side" ("more than 50": low 50, high None).
- ``value`` is None for ranges ("100 to 200") and vague plurals ("hundreds"): only the
  interval is known.
- A four-digit year used as a date ("in 2014", "June 2014") comes out with unit
  ``"year-date"`` so it is never compared as a count; day numbers of dates ("Nov 7"),
  clock times, ordinals and numbers inside names ("COVID-19", "F-16") are skipped.
- ``counted`` and ``context`` are None here; the claim extractor fills them from the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from pipeline.models import Quantity

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety"
).split()
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORD = "(?:" + "|".join(sorted(_SMALL + list(_SCALES), key=len, reverse=True)) + ")"
_WORDS = rf"(?:a\s+(?:hundred|thousand|million|billion|dozen)|{_NUMBER_WORD}(?:(?:-|\s+|\s+and\s+){_NUMBER_WORD})*|a\s+dozen|dozen)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"

# Vague plurals: the interval a careful reader would accept for them.
_VAGUE: dict[str, tuple[float, float]] = {
    "hundreds of thousands": (1e5, 999_999),
    "tens of thousands": (1e4, 99_999),
    "tens of millions": (1e7, 99_999_999),
    "hundreds of millions": (1e8, 999_999_999),
    "dozens": (24, 144),
    "hundreds": (100, 999),
    "thousands": (1000, 9999),
    "millions": (1e6, 999_999_999),
    "billions": (1e9, 999_999_999_999),
}
_VAGUE_RE = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _VAGUE)

_ATOM = re.compile(
    rf"(?<![\w.,])(?:(?P<vague>{_VAGUE_RE})|(?P<digits>{_DIGITS})(?![\d])|(?P<words>{_WORDS})(?![\w]))",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(r"\s*-?\s*(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b", re.IGNORECASE)
_SCALE_ABBR = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}

# Hedges, read right to left from the number: (kind, regex anchored at the end of the prefix).
_HEDGES: tuple[tuple[str, str], ...] = (
    ("range", r"between"),
    ("under", r"just\s+under|nearly|almost|close\s+to|just\s+shy\s+of"),
    ("over_closed", r"just\s+over|just\s+above|slightly\s+more\s+than"),
    ("about", r"about|around|roughly|approximately|approx\.|some|an\s+estimated|estimated|circa|c\.|an\s+approximate"),
    ("min", r"more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|above|no\s+fewer\s+than|no\s+less\s+than"),
    ("max", r"less\s+than|fewer\s+than|under|below|up\s+to|at\s+most|as\s+many\s+as|as\s+much\s+as|no\s+more\s+than"),
)
_HEDGE_BEFORE = re.compile(
    r"(?<![\w])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _HEDGES) + r")\s+$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?P<cur>US\$|A\$|C\$|\$|€|£|¥|USD|EUR|GBP)\s?$")
_CURRENCY_SYMBOL = {"US$": "USD", "$": "USD", "A$": "AUD", "C$": "CAD", "€": "EUR", "£": "GBP", "¥": "JPY",
                    "USD": "USD", "EUR": "EUR", "GBP": "GBP"}

# Units after the number: canonical name -> surface forms (longest first when compiled).
_UNITS: dict[str, tuple[str, ...]] = {
    "km2": ("square kilometres", "square kilometers", "square kilometre", "square kilometer", "sq km", "km2", "km²"),
    "mi2": ("square miles", "square mile", "sq mi"),
    "km/h": ("km/h", "kph", "kilometres per hour", "kilometers per hour"),
    "mph": ("mph", "miles per hour"),
    "km": ("kilometres", "kilometers", "kilometre", "kilometer", "km"),
    "mile": ("miles", "mile"),
    "m": ("metres", "meters", "metre", "meter", "m"),
    "cm": ("centimetres", "centimeters", "cm"),
    "ft": ("feet", "foot", "ft"),
    "ha": ("hectares", "hectare"),
    "acre": ("acres", "acre"),
    "kg": ("kilograms", "kilogrammes", "kilogram", "kg"),
    "t": ("tonnes", "tonne", "metric tons", "tons", "ton"),
    "lb": ("lbs", "lb"),
    "barrel": ("barrels", "barrel"),
    "pp": ("percentage points", "percentage point"),
    "%": ("per cent", "percent", "%"),
    "USD": ("us dollars", "dollars", "dollar"),
    "EUR": ("euros", "euro"),
    "GBP": ("pounds sterling", "pounds", "pound", "sterling"),
    "century": ("centuries", "century"),
    "decade": ("decades", "decade"),
    "year": ("years", "year", "yrs"),
    "month": ("months", "month"),
    "week": ("weeks", "week"),
    "day": ("days", "day"),
    "hour": ("hours", "hour", "hrs"),
    "minute": ("minutes", "minute", "mins"),
    "second": ("seconds", "second", "secs"),
    "°C": ("°c", "degrees celsius", "degrees centigrade"),
    "°F": ("°f", "degrees fahrenheit"),
}
_SURFACE_TO_UNIT = {s: u for u, forms in _UNITS.items() for s in forms}
_UNIT_AFTER = re.compile(
    r"(?P<gap>\s*-\s*|\s?)(?P<unit>"
    + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(_SURFACE_TO_UNIT, key=len, reverse=True))
    + r")(?:(?<=%)|(?![\w]))",  # a symbol needs no word boundary: "33%of" is 33 %
    re.IGNORECASE,
)
_STRONG_AFTER = re.compile(r"-strong\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"-years?-old\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?P<join>-|–|—|to|and)\s*", re.IGNORECASE)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^\s*(?:of\s+)?{_MONTHS}\b", re.IGNORECASE)
_SKIP_AFTER = re.compile(r"^(?:st|nd|rd|th|s\b|:\d|/\d|\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\.\d+\.)", re.IGNORECASE)
_SKIP_BEFORE = re.compile(
    r"(?:\d[/:.]|\b(?:no\.|nos\.|number|article|section|chapter|amendment|resolution|route|highway|flight|room|"
    r"page|pp?\.|vol\.|act|phase|level|grade|category|class|channel|tier|round|week|day|stage|game|row)\s*)$",
    re.IGNORECASE,
)
_UNIT_CANDIDATE = re.compile(r"^\s?(?P<tok>[A-Za-z°µ²³/]{1,5})(?![\w])")
_NOT_UNITS = frozenset(
    "a an the and or of in on at to for by as is are was were be it its he she we they his her our their men "
    "new old more less per than who which that this these those from with into over under up out off so not no "
    "but if has had have do did does can may will would about all any each few many much some such one two".split()
)


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    kind: str  # "digits", "words", "vague"


def _word_value(words: str) -> float | None:
    """text2num on a run of number words; "a hundred" and "dozen" are ours."""
    w = re.sub(r"\s+", " ", words.strip().lower())
    if w in ("a dozen", "dozen"):
        return 12.0
    if w.startswith("a "):
        w = "one " + w[2:]
    try:
        return float(text2num(w, "en"))
    except ValueError:
        return None


def _atoms(text: str) -> list[_Atom]:
    out: list[_Atom] = []
    for m in _ATOM.finditer(text):
        if m.group("vague"):
            low, high = _VAGUE[re.sub(r"\s+", " ", m.group("vague").lower())]
            out.append(_Atom(m.start(), m.end(), None, low, high, "vague"))
            continue
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
            out.append(_Atom(m.start(), m.end(), value, value, value, "digits"))
            continue
        worded = _word_value(m.group("words"))
        if worded is None:
            continue
        out.append(_Atom(m.start(), m.end(), worded, worded, worded, "words"))
    return out


def _is_noise(text: str, atom: _Atom) -> bool:
    """Ordinals, clock times, dates' day numbers, numbers inside names: not figures."""
    after = text[atom.end : atom.end + 12]
    before = text[max(0, atom.start - 24) : atom.start]
    if atom.kind == "digits":
        if _SKIP_AFTER.match(after) or _SKIP_BEFORE.search(before):
            return True
        if re.search(r"[A-Za-z]-?$", before):  # G20, COVID-19, F-16
            return True
        # an age in apposition: "Ana Montoya-Lewis, 51, said" (a name, a comma, a bare number, a comma)
        if re.fullmatch(r"\d{1,3}", text[atom.start : atom.end]) and re.search(r"\b[A-Z][\w'’-]*[a-z],\s$", before) \
                and re.match(r",", after):
            return True
        is_day = atom.value is not None and atom.value <= 31 and float(atom.value).is_integer()
        if is_day and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)):
            return True
    if atom.kind == "words":
        word = text[atom.start : atom.end].lower()
        # bare "one" is far more often a pronoun or determiner ("one of them") than a figure
        if word == "one" and not _UNIT_AFTER.match(after):
            return True
        # the scale of a number read as part of a name ("R2 billion", "R8.9-million"): its
        # figure is not known, and the scale alone is not one
        if word in _SCALES and re.search(r"\d[\s-]?$", before):
            return True
    return False


def _is_year_date(text: str, atom: _Atom, hedged: bool, unit: str | None, currency: str | None) -> bool:
    """A bare four-digit number from 1500 to 2100 with no hedge, unit or currency."""
    raw = text[atom.start : atom.end]
    if atom.kind != "digits" or not re.fullmatch(r"\d{4}", raw) or hedged or unit or currency:
        return False
    if not 1500 <= int(raw) <= 2100:
        return False
    # News style writes counts of 1,000 and more with a comma, so a bare 4-digit number in
    # this range is a year far more often than a count.
    return True


_YEAR_JOIN = re.compile(r"\s*(?P<join>-|–|—|/|to|and|through|until)\s*", re.IGNORECASE)


def _year_like(text: str, atom: _Atom) -> bool:
    """Four bare digits from 1500 to 2100 ("2015", not "2,015" or "2015.5")."""
    raw = text[atom.start : atom.end]
    return atom.kind == "digits" and re.fullmatch(r"\d{4}", raw) is not None and 1500 <= int(raw) <= 2100


def year_range_end(text: str, atom: _Atom, partner: _Atom) -> float | None:
    """The last year of a year range that ``atom`` opens, or None: "2015-2020", "2015 to 2020",
    "between 1872 and 2022", and the short forms "2015-20", "2012/13" (two digits after a dash
    or slash, later than the first year's; "1999-00" is 2000). "2006 to 85" is no range."""
    j = _YEAR_JOIN.match(text, atom.end)
    if not (j and j.end() == partner.start and _year_like(text, atom)) or partner.value is None:
        return None
    first, join = int(atom.value or 0), j.group("join").lower()
    if _year_like(text, partner):
        later = partner.value == first + 1 if join == "/" else partner.value > first
        return partner.value if later else None
    if join in ("-", "–", "—", "/") and re.fullmatch(r"\d{2}", text[partner.start : partner.end]):
        century = first - first % 100
        end = century + int(partner.value) + (100 if century + partner.value <= first else 0)
        return float(end) if end - first <= 20 and (join != "/" or end == first + 1) else None
    return None


def _quantulum_unit(text: str, start: int, end: int) -> str | None:
    """Ask quantulum3 about the unit right after a number (only for unknown unit-like tokens)."""
    from pipeline.nlp import warm_quantulum

    parser = warm_quantulum()
    try:
        found = parser.parse(text[start:end])
    except Exception:  # quantulum3 raises assorted errors on odd input; a unit is optional
        return None
    for q in found:
        if q.unit.entity.name != "dimensionless":
            return q.unit.name
    return None


def _unit_after(text: str, pos: int, currency: str | None) -> tuple[str | None, int, float]:
    """(unit, end of the figure, multiplier for scale words) for the text after a number."""
    scale = 1.0
    m = _SCALE_AFTER.match(text, pos)
    if m:
        word = m.group("scale").lower()
        if word in _SCALES:
            scale, pos = _SCALES[word], m.end()
        elif word != "m" or currency:  # "15m" is metres unless money ("$3m")
            scale, pos = _SCALE_ABBR[word], m.end()
    m = _AGE_AFTER.match(text, pos)
    if m:
        return "year", m.end(), scale
    m = _UNIT_AFTER.match(text, pos)
    if m and not (currency and m.group("unit").lower() in ("m",)):
        unit = _SURFACE_TO_UNIT[re.sub(r"\s+", " ", m.group("unit").lower())]
        if unit == "GBP" and re.match(r"\s+of\b", text[m.end() : m.end() + 5]):
            unit = "lb"  # "ten pounds of flour"
        if unit in ("USD", "EUR", "GBP") and currency:
            return currency, m.end(), scale
        return unit, m.end(), scale
    if currency:
        return currency, pos, scale
    m = _STRONG_AFTER.match(text, pos)
    if m:
        return None, m.end(), scale
    m = _UNIT_CANDIDATE.match(text, pos)
    if m and m.group("tok").lower() not in _NOT_UNITS and not m.group("tok").istitle():
        found = _quantulum_unit(text, pos - 12 if pos >= 12 else 0, m.end())
        if found:
            return found, m.end(), scale
    return None, pos, scale


def _clean(x: float) -> float:
    """Round away binary float noise (100 * 1.1 = 110.00000000000001) so reports show 110."""
    return float(f"{x:.12g}")


def _interval(kind: str | None, value: float) -> tuple[float | None, float | None]:
    low, high = _raw_interval(kind, value)
    return (None if low is None else _clean(low), None if high is None else _clean(high))


def _raw_interval(kind: str | None, value: float) -> tuple[float | None, float | None]:
    if kind == "about":
        return value * 0.9, value * 1.1
    if kind == "under":
        return value * 0.9, value
    if kind == "over_closed":
        return value, value * 1.1
    if kind == "min":
        return value, None
    if kind == "max":
        return None, value
    return value, value


def _scaled(x: float | None, k: float) -> float | None:
    return None if x is None else _clean(x * k)


def _year_range(text: str, first: _Atom, last: _Atom, end_year: float, base: int) -> Quantity:
    """A span of years as one date-like figure: low the first year, high the last."""
    start = first.start
    between = re.search(r"(?<![\w])(?:between|from)\s+$", text[max(0, start - 12) : start], re.IGNORECASE)
    if between:
        start -= len(text[max(0, start - 12) : start]) - between.start()
    return Quantity(value=None, low=first.value, high=end_year, approx=False, unit="year-date", counted=None,
                    context=None, text=text[start : last.end], start=base + start, end=base + last.end)


def find_quantities(text: str, *, base: int = 0) -> list[Quantity]:
    """Every figure in ``text``, in order; offsets are ``base`` + index into ``text``."""
    atoms = _atoms(text)
    out: list[Quantity] = []
    consumed = 0  # end of the last figure: scale words and range partners are not figures again
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        i += 1
        if atom.start < consumed:
            continue
        if i < len(atoms) and (year_end := year_range_end(text, atom, atoms[i])) is not None:
            out.append(_year_range(text, atom, atoms[i], year_end, base))
            consumed = atoms[i].end
            i += 1
            continue
        if _is_noise(text, atom):
            continue
        start = atom.start
        prefix = text[max(0, start - 40) : start]
        cur = _CURRENCY_BEFORE.search(prefix)
        currency = _CURRENCY_SYMBOL[cur.group("cur")] if cur else None
        if cur:
            start -= len(prefix) - cur.start()
            prefix = text[max(0, start - 40) : start]
        hedge = _HEDGE_BEFORE.search(prefix)
        hedge_kind = hedge.lastgroup if hedge else None
        if hedge:
            start -= len(prefix) - hedge.start()
        # a range: "100 to 200", "100-200", "between 100 and 200"
        partner: _Atom | None = None
        j = _RANGE_JOIN.match(text, atom.end)
        if j and i < len(atoms) and atoms[i].start == j.end() and atom.kind != "vague":
            join = j.group("join").lower()
            # a year never pairs with a count: "from 36 schools in 2006 to 85 in 2009"
            if (join != "and" or hedge_kind == "range") and _year_like(text, atom) == _year_like(text, atoms[i]):
                partner = atoms[i]
                i += 1
        last = partner or atom
        unit, end, scale = _unit_after(text, last.end, currency)
        if end == last.end and re.match(r"[A-Za-z]", text[end : end + 1]):
            continue  # "4G", "3D": a name, not a figure
        consumed = end
        if partner is None and _is_year_date(text, atom, hedge is not None, unit, currency):
            unit = "year-date"
        if partner is not None:
            # "3 to 5 million": the scale of the second figure applies to both
            low = _scaled(atom.low, scale if atom.value is not None and atom.value < (partner.value or 0) else 1.0)
            high = _scaled(partner.high, scale)
            value, approx = None, True
        elif atom.kind == "vague":
            value, low, high, approx = None, atom.low, atom.high, True
            if hedge_kind in ("min",):
                high = None
        else:
            value = _clean(atom.value * scale) if atom.value is not None else None
            low, high = _interval(hedge_kind if hedge_kind != "range" else None, value) if value is not None else (None, None)
            approx = hedge_kind not in (None, "range")
        out.append(
            Quantity(
                value=value,
                low=low,
                high=high,
                approx=approx,
                unit=unit,
                counted=None,
                context=None,
                text=text[start:end],
                start=base + start,
                end=base + end,
            )
        )
    return out


# Between a figure and the year that dates it: what it counts and a preposition, no new clause
# ("36 schools in 2006", "85 in 2009", "$2 billion during 2012/13").
_YEAR_AFTER = re.compile(
    r"^(?:(?!\b(?:and|but|while|whereas|to|then|compared|versus|against|from|than)\b)[^,;:.!?()\d])*?"
    r"\b(?P<prep>in|during|by|as\s+of|for|since|through|throughout|over|of)\s+(?:the\s+)?(?:(?:fiscal|financial|calendar|school)\s+)?(?:years?\s+)?$",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)")
_OPENING_YEAR = re.compile(r"(?:^\s*|[.;:,!?]\s*|\n\s*)(?:in|by|since|during|as\s+of|until)\s+(?:the\s+)?(?:(?:fiscal|financial)\s+)?(?:years?\s+)?$", re.IGNORECASE)


def time_windows(text: str, quantities: list[Quantity], *, base: int = 0) -> list[tuple[float, float] | None]:
    """For each figure of ``text`` (found by ``find_quantities`` with the same ``base``), the years
    it is dated to, as (first, last), or None.

    A figure is dated by the year right after it across only what it counts and a preposition
    ("36 schools in 2006", "85 in 2009"), else by the nearest year before it in the same sentence
    with no other figure between and no comma unless the year opens the clause ("In 2009, the
    district had 85"; not "The plan, adopted in 2015, will build 400"). "since 2006" runs on to now.
    Years themselves get None.
    """
    years = [q for q in quantities if q.unit == "year-date"]
    figures = [q for q in quantities if q.unit != "year-date"]
    out: list[tuple[float, float] | None] = []
    for q in quantities:
        if q.unit == "year-date":
            out.append(None)
            continue
        window: tuple[float, float] | None = None
        nxt = next((y for y in years if y.start >= q.end), None)
        if nxt is not None and not any(q.end <= f.start < nxt.start for f in figures):
            m = _YEAR_AFTER.match(text[q.end - base : nxt.start - base])
            if m:
                window = _years_of(nxt, since=m.group("prep").lower() == "since")
        if window is None:
            prev = next((y for y in reversed(years) if y.end <= q.start), None)
            gap = "" if prev is None else text[prev.end - base : q.start - base]
            lead = "" if prev is None else text[max(0, prev.start - base - 16) : prev.start - base]
            opens = _OPENING_YEAR.search(lead) is not None  # "In 2009, 85 ..." dates the clause it opens
            if prev is not None and not _SENTENCE_BREAK.search(gap) and ("," not in gap or opens) \
                    and not any(prev.end <= f.start < q.start for f in figures):
                since = re.search(r"\bsince\s+$", text[max(0, prev.start - base - 8) : prev.start - base], re.IGNORECASE)
                window = _years_of(prev, since=since is not None)
        out.append(window)
    return out


def _years_of(q: Quantity, *, since: bool = False) -> tuple[float, float]:
    low = q.low if q.low is not None else q.value
    high = q.high if q.high is not None else q.value
    assert low is not None and high is not None
    return (low, float("inf") if since else high)
