"""Figures on real-page shapes (issue 10): what a figure counts, ages, units glued to words,
float noise, a reported count keeping its figure and scope. Texts are invented."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from pipeline.models import Quantity
from pipeline.quantities import find_quantities
from tests.unit.test_claims import _check_offsets


def _figures(text: str, published: str | None = None) -> list[Quantity]:
    claims = extract_claims(text, published=published)
    _check_offsets(text, claims)
    seen: dict[int, Quantity] = {}
    for c in claims:
        for q in c.quantities:
            if q.unit != "year-date":
                seen.setdefault(q.start, q)
    return [seen[k] for k in sorted(seen)]


@pytest.mark.parametrize(("text", "counted"), [
    ("Cases rose again this week. The health ministry said 7,844 have died since March.", "deaths"),
    ("Infections climbed in the capital, where 4,100 cases were confirmed; 312 have died.", "deaths"),
    ("Floods swept through three provinces overnight and 56 drowned, rescuers said.", "deaths"),
    ("After the storm, officials said 230 were injured and roads remained closed.", "people injured"),
    ("Hundreds of protests took place; police said 1,200 were arrested in the capital.", "people arrested"),
])
def test_a_bare_figure_subject_of_an_event_verb_counts_what_the_verb_says(text: str, counted: str) -> None:
    last = _figures(text)[-1]
    assert last.counted == counted


@pytest.mark.parametrize("text", [
    "Over the last weeks, the agency said, 16.8 million have received a first dose.",
    "In the past few days 2.5 million have signed the petition, organisers said.",
    "During the summer months 40,000 visited the museum, the city said.",
])
def test_a_period_is_never_what_a_figure_counts(text: str) -> None:
    q = _figures(text)[0]
    assert q.counted is None or not any(w in q.counted for w in ("weeks", "days", "months"))


def test_elided_head_still_takes_its_plural_antecedent() -> None:
    q = [x for x in _figures(
        "Militants carried out 300 car bomb attacks this year, officials said. They said there have been 40 on the eastern front.") if x.value == 40]
    assert q and q[0].counted is not None and "attacks" in q[0].counted


@pytest.mark.parametrize("text", [
    "Ana Montoya-Lewis, 51, said the court would hear 12 appeals.",
    "Tomas Berg, 67, a retired teacher, told the council the school had 300 pupils.",
    "The defendant, Joel Park, 34, denied taking $2,000 from the till.",
])
def test_an_age_in_apposition_is_no_figure_and_no_date(text: str) -> None:
    claims = extract_claims(text, published="2021-03-04")
    ages = [q for c in claims for q in c.quantities if q.value is not None and 30 <= q.value <= 70]
    assert ages == []
    assert all(c.time is None for c in claims)


@pytest.mark.parametrize(("text", "value"), [
    ("A poll found that 33%of voters back the plan.", 33.0),
    ("Turnout reached 61.5%among registered voters.", 61.5),
])
def test_a_percent_sign_glued_to_the_next_word_keeps_its_unit(text: str, value: float) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.unit, text[q.start:q.end].endswith("%")) == (value, "%", True)


@pytest.mark.parametrize("text", ["about 100 people", "nearly 110 homes", "roughly 1.1 million voters",
                                   "an estimated 0.3 percent", "about 7.7 billion dollars"])
def test_no_float_noise_in_values_or_intervals(text: str) -> None:
    q = find_quantities(text)[0]
    for x in (q.value, q.low, q.high):
        assert x is None or repr(x) == repr(float(f"{x:.10g}"))  # 110.0, never 110.00000000000001


@pytest.mark.parametrize(("text", "speaker", "value", "counted", "context"), [
    ("Officials reported 140 attacks on the eastern front.", "Officials", 140, "attacks", "the eastern front"),
    ("The monitors reported 35 violations along the border overnight.", "The monitors", 35, "violations", "the border"),
    ("Police confirmed 12 deaths in the northern suburbs.", "Police", 12, "deaths", "the northern suburbs"),
])
def test_a_reported_count_is_an_attributed_figure_with_its_scope(
        text: str, speaker: str, value: float, counted: str, context: str) -> None:
    claims = [c for c in extract_claims(text) if c.quantities]
    assert len(claims) == 1
    c = claims[0]
    assert c.speaker is not None and c.speaker.text == speaker
    q = c.quantities[0]
    assert (q.value, q.counted, q.context) == (value, counted, context)


def test_a_counted_noun_after_a_figure_is_no_stance_topic() -> None:
    claims = extract_claims("Rebels launched 14 attacks on government posts, the army said.")
    assert not any(c.cue is not None and c.cue.text.endswith("attacks on") for c in claims)


@pytest.mark.parametrize("text", [
    "Health officials said 16.8 million have received a first dose.",
    # not the doses named before it: those who received one are people
    "Twenty million doses arrived in May; 4.2 million have received one, the ministry said.",
    "Organisers said 2.5 million have signed the petition since March.",
])
def test_a_bare_figure_subject_of_a_person_s_act_counts_people(text: str) -> None:
    assert _figures(text)[-1].counted == "people"


@pytest.mark.parametrize(("text", "figure", "counted"), [
    ("The ministry estimated 3,000 people had fled the valley.", "3,000", "people"),
    ("Aid agencies estimated 1,200 had fled by Sunday.", "1,200", "people who fled"),
    ("An estimated 3,000 people fled the valley, aid agencies said.", "An estimated 3,000", "people"),
])
def test_a_verb_of_estimating_is_the_source_s_cue_not_part_of_the_figure(text: str, figure: str, counted: str) -> None:
    claims = [c for c in extract_claims(text) if c.speaker is not None]
    _check_offsets(text, claims)
    (claim,) = claims
    (q,) = [q for q in claim.quantities if q.unit != "year-date"]
    assert (q.text, q.counted, q.approx) == (figure, counted, True)
    assert claim.content.start <= q.start and q.end <= claim.content.end
