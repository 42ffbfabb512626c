"""Claim times (issue 10): relative dates resolved against the article date in the direction
the clause's tense gives, embedded dates of the content first, years naming things never."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from pipeline.claims.timeexpr import parse_published, resolve

WED = "2024-03-13"  # a Wednesday


def _times(text: str, published: str = WED) -> list[tuple[str | None, str | None]]:
    return [(c.time, c.time_text) for c in extract_claims(text, published=published)]


@pytest.mark.parametrize(("text", "day"), [
    ('"We expect 2,000 more to leave by Friday," the mayor said.', "2024-03-15"),
    ("Officials said the dam would be finished on Friday.", "2024-03-15"),
    ("The ministry said the bridge will reopen next Monday.", "2024-03-18"),
    ("The governor said schools are going to reopen on Thursday.", "2024-03-14"),
])
def test_a_weekday_in_a_clause_about_the_future_is_ahead(text: str, day: str) -> None:
    assert _times(text)[0][0] == day


@pytest.mark.parametrize(("text", "day"), [
    ("The mayor said 2,000 people had left by Friday.", "2024-03-08"),
    ("Police said 30 people were arrested on Tuesday.", "2024-03-12"),
    ("The minister said on Monday that 40 schools had closed.", "2024-03-11"),
])
def test_a_weekday_in_a_past_clause_is_behind(text: str, day: str) -> None:
    assert _times(text)[0][0] == day


def test_resolve_directions_and_periods() -> None:
    pub = parse_published(WED)
    assert resolve("last Wednesday", pub) == "2024-03-06"
    assert resolve("Wednesday", pub) == "2024-03-13"
    assert resolve("next Wednesday", pub) == "2024-03-20"
    assert resolve("Friday", pub, future=True) == "2024-03-15"
    assert resolve("last Friday", pub, future=True) == "2024-03-08"
    assert resolve("the end of the year", pub) == "2024"
    assert resolve("the end of this month", pub) == "2024-03"
    assert resolve("last month", pub) == "2024-02"
    assert resolve("in 2010", pub) == "2010"
    assert resolve("Friday", None) is None


@pytest.mark.parametrize("text", [
    "Smith, the 2010 nominee, said the party had lost 12 seats.",
    "The senator said its 2019 budget had cut 300 posts.",
    "Ana Montoya-Lewis, 51, said 12 appeals were pending.",
])
def test_a_year_naming_a_thing_or_an_age_dates_no_claim(text: str) -> None:
    assert all(t is None for t, _ in _times(text))


def test_an_embedded_date_of_the_content_dates_the_claim() -> None:
    (time, text), = [t for t in _times("The agency said on Monday that the plant closed in 2010.")]
    assert (time, text) == ("2010", "2010")


def test_relative_periods_resolve_against_the_article_date() -> None:
    assert _times("The council said exports fell 4 percent last month.")[0] == ("2024-02", "last month")
    assert _times("The company said it would hire 500 workers by the end of the year.")[0][0] == "2024"


def test_a_week_resolves_to_that_week_not_to_one_day() -> None:
    pub = parse_published(WED)
    assert resolve("last week", pub) == "2024-W10"
    assert resolve("this week", pub) == "2024-W11"
    assert resolve("next week", pub) == "2024-W12"
    assert resolve("by the end of the week", pub) == "2024-W11"
    assert resolve("last week", parse_published("2021-01-06")) == "2020-W53"  # ISO years turn on weeks
    assert _times("The port authority said last week that 40 cranes stood idle.")[0] == ("2024-W10", "last week")


@pytest.mark.parametrize(("text", "when"), [
    ("Last week, the port authority said 40 cranes stood idle.", ("2024-W10", "Last week")),
    ("On Monday, the minister said 40 schools had closed.", ("2024-03-11", "Monday")),
])
def test_a_date_fronted_before_the_speaker_dates_the_statement(text: str, when: tuple[str, str]) -> None:
    assert _times(text)[0] == when


def test_a_week_compares_as_its_last_day() -> None:
    from pipeline.claims.timeexpr import day_of

    assert day_of("2024-W10") == "2024-03-10"  # a source published on the 9th is not after "last week"
    assert (day_of("2024-03-06"), day_of("2024-03"), day_of(None)) == ("2024-03-06", "2024-03", None)
