"""Figures are compared only as measures of the same quantity (issue 9, failure pattern 2).

Every text here is invented for the test. Claims are built the way the product builds them
(``standalone_claim``: figures with what they count, from the parse).
"""

from __future__ import annotations

import pytest

from pipeline.checking import check_claim
from pipeline.checking.numbers import NumberCheck, compare_quantities
from pipeline.checking.same_quantity import measures, relation
from pipeline.claims import standalone_claim
from pipeline.models import Document
from pipeline.quantities import find_quantities


def check(claim: str, passage: str) -> NumberCheck:
    c = standalone_claim(claim)
    text = c.content.text
    qs = [q for q in find_quantities(text)]
    return compare_quantities(qs, text, find_quantities(passage), passage)


def verdict(claim: str, passage: str):
    doc = Document(text=passage, url="https://wire.example/report", title=None, published=None)
    return check_claim(standalone_claim(claim), None, [doc])


# ------------------------------------------------------------------ different things counted


def test_two_car_bombs_are_not_contradicted_by_a_campaign_count_of_attacks() -> None:
    claim = "A peshmerga officer said two suicide car bombs had tried to hit the advancing force"
    source = "There have been 100 suicide car bomb attacks in the campaign, a coalition spokesman said."
    assert check(claim, source).outcome == "none"
    v = verdict(claim, source)
    assert v.label != "contradicted", v.rationale


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Militants drove 10 cars rigged with explosives toward the lines.",
         "Militants have launched 70 attacks on the lines this month."),
        ("The storm flattened 40 barns in the county.", "The storm left 900 households in the county without power."),
        ("The agency hired 12 inspectors last year.", "The agency carried out 3,000 inspections last year."),
    ],
)
def test_counts_of_other_things_say_nothing(claim: str, source: str) -> None:
    assert check(claim, source).outcome == "none"
    assert verdict(claim, source).label != "contradicted"


def test_heads_decide_and_modifiers_do_not_make_a_thing() -> None:
    a = "Two suicide car bombs hit the checkpoint."
    b = "There were 100 suicide car bomb attacks."
    (ma,), (mb,) = measures(a, find_quantities(a)), measures(b, find_quantities(b))
    assert (ma.head, mb.head) == ("bomb", "attack")
    assert relation(ma, mb, same_words=True).kind == "other"


# ------------------------------------------------------------------ scope


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Officials reported 100 attacks on the eastern front.", "Officials reported 300 attacks on all fronts."),
        ("Officials reported 300 attacks across all fronts.", "Officials reported 100 attacks on the eastern front."),
        ("Police made 25 arrests in Northgate.", "Police made 140 arrests in the city."),
    ],
)
def test_a_count_for_one_scope_never_contradicts_a_count_for_another(claim: str, source: str) -> None:
    assert check(claim, source).outcome != "disagree"
    assert verdict(claim, source).label != "contradicted"


# ------------------------------------------------------------------ time windows and totals


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("The county had 36 clinics in 2006.", "The county had 85 clinics in 2009."),
        ("The county had 85 clinics in 2009.", "The county went from 36 clinics in 2006 to 85 in 2009."),
        ("Volunteers rebuilt 100 homes in 2015.", "Since 2012, volunteers have rebuilt 480 homes."),
        ("Rebels have fired 40 rockets at the town.", "Rebels have fired 260 rockets at the town since the start of the war."),
        ("Twelve people died in the floods on Monday.", "In total, 75 people have died in the floods so far."),
    ],
)
def test_other_years_and_running_totals_never_contradict(claim: str, source: str) -> None:
    assert check(claim, source).outcome != "disagree"
    assert verdict(claim, source).label != "contradicted"


def test_a_from_to_sentence_gives_each_figure_its_own_year() -> None:
    source = "The county went from 36 clinics in 2006 to 85 in 2009."
    assert check("The county had 85 clinics in 2009.", source).outcome == "agree"
    # 36 is the 2006 figure: it confirms nothing about 2009, and 85 (2009) contradicts it
    result = check("The county had 36 clinics in 2009.", source)
    assert result.outcome == "disagree" and "85 in 2009" in result.note and "claim says 36 clinics (2009)" in result.note


def test_year_ranges_are_not_counts() -> None:
    assert check("The programme ran over 2015-20.", "The programme ran from 2015 to 2020.").outcome == "none"
    paid = check("The fund paid out $3 million over 2015-20.", "Between 2015 and 2020 the fund paid out $3 million.")
    assert paid.outcome == "agree"


# ------------------------------------------------------------------ looser figures


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Hundreds of families fled the valley.", "Some 140 families fled the valley."),
        ("Some 140 families fled the valley.", "Hundreds of families fled the valley."),
        ("More than 100 families fled the valley.", "Some 140 families fled the valley."),
        ("About 100 families fled the valley.", "Officials said 97 families fled the valley."),
    ],
)
def test_an_enclosing_looser_figure_is_compatible_never_contradicting(claim: str, source: str) -> None:
    assert check(claim, source).outcome == "agree"
    assert verdict(claim, source).label != "contradicted"


def test_a_looser_figure_around_the_claims_confirms_only_loosely() -> None:
    assert check("Some 140 families fled the valley.", "Hundreds of families fled the valley.").loose
    assert not check("Hundreds of families fled the valley.", "Some 140 families fled the valley.").loose


# ------------------------------------------------------------------ still contradicts, still supports


@pytest.mark.parametrize(
    ("claim", "source", "named"),
    [
        ("There were 140 attacks on the eastern front, officials said.", "Officials said there were 100 attacks on the eastern front.",
         "source says 100 attacks on the eastern front; claim says 140 attacks"),
        ("The county had 36 clinics in 2009.", "In 2009 the county had 85 clinics.", "source says 85 clinics"),
        ("The ferry carried 1,200 passengers on Sunday.", "The ferry carried 450 passengers on Sunday.",
         "source says 450 passengers"),
    ],
)
def test_the_same_thing_with_a_clearly_different_figure_contradicts(claim: str, source: str, named: str) -> None:
    result = check(claim, source)
    assert result.outcome == "disagree" and named in result.note
    v = verdict(claim, source)
    assert v.label == "contradicted"
    assert named in v.rationale and source.rstrip(".") in v.rationale  # the figures and the statement


def test_a_subset_may_count_less_than_its_whole_never_more() -> None:
    # 20 suicide attacks among 50 attacks: fine; 50 suicide attacks among 20 attacks: impossible
    assert check("There were 20 suicide attacks in the province.", "There were 50 attacks in the province.").outcome != "disagree"
    assert check("There were 50 suicide attacks in the province.", "There were 20 attacks in the province.").outcome == "disagree"


def test_the_same_figure_of_the_same_thing_supports_and_is_named() -> None:
    claim = "There were 140 attacks on the eastern front, officials said."
    source = "Officials reported 140 attacks on the eastern front over the weekend."
    assert check(claim, source).outcome == "agree"
    v = verdict(claim, source)
    assert v.label == "supported"
    assert "source says 140 attacks on the eastern front; claim says 140 attacks" in v.rationale


# ------------------------------------------------------------------ figures that complete a subject


def test_a_share_of_one_thing_never_contradicts_a_share_of_another() -> None:
    claim = "The share of homes connected to mains gas rose from 61% to 64%."
    source = "The share of homes connected to fibre broadband rose from 40% to 52%."
    assert check(claim, source).outcome != "disagree"
    assert verdict(claim, source).label != "contradicted"


def test_a_rate_of_the_same_thing_with_another_value_contradicts_and_is_named() -> None:
    result = check("The jobless rate stands at 4.5%.", "The jobless rate stands at 6.1%, the statistics office said.")
    assert result.outcome == "disagree"
    assert "source says 6.1% (The jobless rate)" in result.note
