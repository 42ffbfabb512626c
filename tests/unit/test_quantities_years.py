"""Year ranges and figures dated by their year, on invented sentences (issue 9, pattern 2)."""

from __future__ import annotations

import pytest

from pipeline.quantities import find_quantities, time_windows


def _figures(text: str) -> list[tuple[str, float | None, float | None, str | None]]:
    return [(q.text, q.low, q.high, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "span", "first", "last"),
    [
        ("The housing plan runs over 2015-20.", "2015-20", 2015, 2020),
        ("The 2019–21 budget was approved.", "2019–21", 2019, 2021),
        ("Spending in the 2012/13 financial year rose.", "2012/13", 2012, 2013),
        ("Records from 1998-2004 were lost.", "from 1998-2004", 1998, 2004),
        ("The 1999-00 season was the wettest.", "1999-00", 1999, 2000),
        ("Rainfall was measured from 1950 to 1990.", "from 1950 to 1990", 1950, 1990),
        ("Temperatures rose between 1901 and 2000.", "between 1901 and 2000", 1901, 2000),
    ],
)
def test_year_ranges_are_spans_of_years(text: str, span: str, first: int, last: int) -> None:
    (q,) = find_quantities(text)
    assert (q.text, q.low, q.high, q.unit, q.value) == (span, first, last, "year-date", None)
    assert text[q.start : q.end] == q.text


def test_number_ranges_stay_number_ranges() -> None:
    assert _figures("Between 300 and 400 volunteers came.") == [("Between 300 and 400", 300, 400, None)]
    assert _figures("A crowd of 1,500-2,000 gathered.") == [("1,500-2,000", 1500, 2000, None)]
    # two digits after a year's dash that would span more than 20 years are a count
    assert _figures("In 2015-45 people died") == [("2015", 2015, 2015, "year-date"), ("45", 45, 45, None)]


def test_a_year_never_pairs_with_a_count() -> None:
    text = "The county went from 36 clinics in 2006 to 85 in 2009."
    assert _figures(text) == [
        ("36", 36, 36, None), ("2006", 2006, 2006, "year-date"), ("85", 85, 85, None), ("2009", 2009, 2009, "year-date"),
    ]
    assert _figures("Membership grew from 2008 to 2,400 people.")[1] == ("2,400", 2400, 2400, None)


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("The county went from 36 clinics in 2006 to 85 in 2009.", {"36": (2006, 2006), "85": (2009, 2009)}),
        ("In 2006 the county had 36 clinics and by 2009 it had 85.", {"36": (2006, 2006), "85": (2009, 2009)}),
        ("In 2011, the port handled 40 ships a day.", {"40": (2011, 2011)}),
        ("Over 2015-20 the fund paid out $3 million.", {"$3 million": (2015, 2020)}),
        ("Since 2014, 300 homes have been rebuilt.", {"300": (2014, float("inf"))}),
        ("  In 2011, the port handled 40 ships a day.", {"40": (2011, 2011)}),
        ("The plan, adopted in 2015, will build 400 homes.", {"400": None}),
        ("The council built 12 parks. In 2019 it sold one.", {"12": None}),
    ],
)
def test_figures_are_dated_by_their_own_year(text: str, dated: dict) -> None:
    qs = find_quantities(text)
    windows = {q.text: w for q, w in zip(qs, time_windows(text, qs)) if q.unit != "year-date"}
    for figure, window in dated.items():
        assert windows[figure] == window, (figure, windows)
