"""find_quantities on invented sentences: values, hedge intervals, units, offsets."""

from __future__ import annotations

import pytest

from pipeline.quantities import find_quantities


def _one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "approx", "unit"),
    [
        ("The river is roughly 40 km wide.", 40, 36, 44, True, "km"),
        ("They waited for nearly five months.", 5, 4.5, 5, True, "month"),
        ("The vote drew more than 70 delegates.", 70, 70, None, True, None),
        ("Fewer than 12 boats returned.", 12, None, 12, True, None),
        ("Turnout reached 61.5% this time.", 61.5, 61.5, 61.5, False, "%"),
        ("The bridge cost $2.4 billion to build.", 2.4e9, 2.4e9, 2.4e9, False, "USD"),
        ("The fund lost €800m last year.", 8e8, 8e8, 8e8, False, "EUR"),
        ("Some 3.2 million tourists came.", 3.2e6, 2.88e6, 3.52e6, True, None),
        ("A 500-strong crowd gathered.", 500, 500, 500, False, None),
        ("The tower is 120 metres tall.", 120, 120, 120, False, "m"),
        ("Prices rose 4 per cent.", 4, 4, 4, False, "%"),
    ],
)
def test_values_intervals_units(text: str, value: float, low, high, approx: bool, unit) -> None:
    q = _one(text)
    assert q.value == pytest.approx(value)
    assert (q.low is None) == (low is None) and (low is None or q.low == pytest.approx(low))
    assert (q.high is None) == (high is None) and (high is None or q.high == pytest.approx(high))
    assert q.approx is approx
    assert q.unit == unit


def test_ranges_have_no_single_value() -> None:
    q = _one("Between 30 and 45 lorries crossed.")
    assert (q.value, q.low, q.high) == (None, 30, 45)
    q = _one("It took 6 to 8 weeks.")
    assert (q.low, q.high, q.unit) == (6, 8, "week")


def test_vague_plurals_are_intervals() -> None:
    hundreds = _one("Hundreds of farmers marched.")
    assert hundreds.value is None and hundreds.low == 100 and hundreds.high < 1000
    dozens = _one("Dozens of shops closed.")
    assert dozens.value is None and dozens.low >= 12 and dozens.high > dozens.low


def test_number_words() -> None:
    q = _one("Two hundred and forty volunteers signed up.")
    assert q.value == 240


def test_years_as_dates_are_marked_not_counted() -> None:
    found = find_quantities("The plant opened in 1998 and closed in March 2009.")
    assert [q.unit for q in found] == ["year-date", "year-date"]


def test_noise_is_skipped() -> None:
    text = "On 12 May at 10:30 the 3rd convoy of F-35 jets left; one of them was late."
    assert find_quantities(text) == []


def test_base_offsets() -> None:
    text = "about 7 km"
    q = find_quantities(text, base=100)[0]
    assert (q.start, q.end) == (100, 110)


def test_percent_sign_glued_to_the_next_word_keeps_its_unit() -> None:
    q = _one("Support fell to 41%among young voters.")
    assert (q.value, q.unit, q.text) == (41, "%", "41%")


def test_hedge_bounds_carry_no_float_noise() -> None:
    q = _one("about 100 lorries")
    assert (q.low, q.high) == (90, 110) and repr(q.high) == "110.0"
    assert _one("around 3.3 million households").value == 3_300_000


def test_an_age_in_apposition_is_not_a_figure() -> None:
    found = find_quantities("Judge Ana Okafor-Reyes, 51, said 12 cases were pending.")
    assert [q.value for q in found] == [12]
    assert [q.value for q in find_quantities("In Lagos, 40 buses, and in Accra, 30.")] == [40, 30]


def test_the_scale_of_a_number_read_as_a_name_is_no_figure() -> None:
    # "R2" and "R8.9" read as names (like "G20"), so their "billion" and "million" are not figures alone
    assert [q.text for q in find_quantities("Of the R2 billion spent, 80% went to small firms.")] == ["80%"]
    assert find_quantities("Spending fell to R8.9-million.") == []
    assert [q.value for q in find_quantities("A million people and 3 million cars.")] == [1e6, 3e6]
