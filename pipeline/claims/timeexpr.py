"""Dates of claims: relative expressions resolved against the publication date.

"on Monday" in a story published on a Tuesday means the day before; "four months ago" means
four months before publication. Without a publication date only absolute dates resolve.
Results are ISO strings at the precision the text gives: ``2016-11-07``, ``2016-W45`` (an
ISO 8601 week: "last week"), ``2016-11`` or ``2016``.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta
from text_to_num import text2num

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
_AGO = re.compile(r"\b(?P<n>\d+|[a-z]+(?:[- ][a-z]+)?)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)
_LAST = re.compile(r"\b(?P<which>last|this|next|past)\s+(?P<unit>day|week|month|year)\b", re.IGNORECASE)
_NAMED = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_YEAR_ONLY = re.compile(r"^(?:in\s+)?(1[5-9]\d\d|20\d\d)$")
_MONTH_YEAR = re.compile(r"^[A-Za-z]+\.?\s+(1[5-9]\d\d|20\d\d)$")
_HAS_DAY = re.compile(r"\b\d{1,2}\b(?!\d)")


_ISO_WEEK = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})$")


def day_of(iso: str | None) -> str | None:
    """The ISO day (``YYYY-MM-DD``, or the coarser prefix given) a claim time compares as: a
    week (``2024-W10``) is its last day (Sunday), so "published after it" means after the week."""
    if not iso:
        return None
    m = _ISO_WEEK.match(iso)
    if m:
        return dt.date.fromisocalendar(int(m.group("year")), int(m.group("week")), 7).isoformat()
    return iso[:10]


def parse_published(published: str | None) -> dt.date | None:
    """The publication date of an ISO (or human) date string, or None."""
    if not published:
        return None
    try:
        return dateparser.parse(published).date()
    except (ValueError, OverflowError):
        return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word.lower() in ("a", "an"):
        return 1
    try:
        return int(text2num(word.lower().replace("-", " "), "en"))
    except ValueError:
        return None


def _delta(unit: str, n: int) -> relativedelta:
    """``n`` of ``unit`` ("days", "weeks", "months", "years") as a calendar-aware delta."""
    return relativedelta(None, None, **{unit: n})


_PART_OF = re.compile(r"\b(?:end|start|beginning|middle|rest|close)\s+of\s+(?:the|this)\s+(?P<unit>year|month|week)\b")
_FORWARD = re.compile(r"\b(?:next|coming|following)\b")
_BACKWARD = re.compile(r"\b(?:last|past|previous)\b")


def resolve(expr: str, published: dt.date | None, *, future: bool = False) -> str | None:
    """ISO date (or month/year) of a date expression, or None when it cannot be pinned.

    ``future``: the expression dates something still to come (``will leave by Friday``), so a
    bare weekday is the next one, not the last; "next Friday" is always ahead, "last Friday"
    always behind."""
    e = expr.strip().lower()
    if e in _NAMED and published:
        return (published + dt.timedelta(days=_NAMED[e])).isoformat()
    for i, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}\b", e) and published and not re.search(r"\d", e):
            if _FORWARD.search(e) or (future and not _BACKWARD.search(e)):
                ahead = (i - published.weekday()) % 7
                return (published + dt.timedelta(days=ahead or (7 if _FORWARD.search(e) else 0))).isoformat()
            back = (published.weekday() - i) % 7
            if _BACKWARD.search(e) and back == 0:
                back = 7
            return (published - dt.timedelta(days=back)).isoformat()
    m = _PART_OF.search(e)
    if m and published:  # "by the end of the year": the period it names, at its precision
        if m.group("unit") == "week":
            year, week, _ = published.isocalendar()
            return f"{year}-W{week:02d}"
        return published.isoformat()[: {"year": 4, "month": 7}.get(m.group("unit"), 10)]
    m = _AGO.search(e)
    if m and published:
        n = _count(m.group("n"))
        if n is not None:
            return (published - _delta(_UNITS[m.group("unit").lower()], n)).isoformat()
    m = _LAST.search(e)
    if m and published:
        unit = _UNITS[m.group("unit").lower()]
        sign = {"last": -1, "past": -1, "this": 0, "next": 1}[m.group("which").lower()]
        shifted = published + _delta(unit, sign)
        if unit == "weeks":  # "last week" is a week, not the day seven days back
            year, week, _ = shifted.isocalendar()
            return f"{year}-W{week:02d}"
        return shifted.isoformat()[: {"years": 4, "months": 7}.get(unit, 10)]
    m = _YEAR_ONLY.match(e)
    if m:
        return m.group(1)
    default = dt.datetime.combine(published or dt.date(1900, 1, 1), dt.time())
    try:
        when = dateparser.parse(expr, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if _MONTH_YEAR.match(expr.strip()):
        return when.date().isoformat()[:7]
    if not _HAS_DAY.search(expr) or (published is None and not re.search(r"\b\d{4}\b", expr)):
        return None
    return when.date().isoformat()
