import math

from pipeline.checking.numbers import comparable, compare_quantities, interval
from pipeline.quantities import find_quantities


def compare(claim: str, passage: str) -> str:
    return compare_quantities(find_quantities(claim), claim, find_quantities(passage), passage).outcome


def test_hedged_values_become_intervals() -> None:
    (q,) = find_quantities("about 100 attacks")
    iv = interval(q)
    assert iv is not None and iv.low < 100 < iv.high
    (more,) = find_quantities("more than 50 people")
    iv = interval(more)
    assert iv is not None and iv.low == 50 and math.isinf(iv.high)


def test_units_are_converted() -> None:
    (km,) = find_quantities("a 2 km convoy")
    (m,) = find_quantities("a 2,000 m convoy")
    a, b = interval(km), interval(m)
    assert a is not None and b is not None and a.family == b.family == "length"
    assert a.low <= b.high and b.low <= a.high


def test_same_counted_thing_with_other_value_disagrees() -> None:
    assert compare("Commanders say 100 suicide car bomb attacks hit the front",
                   "Officials counted 40 suicide car bomb attacks on the front.") == "disagree"


def test_matching_value_agrees_and_rounding_is_tolerated() -> None:
    assert compare("About 100 attacks hit the front", "There were 97 attacks on the front.") == "agree"
    assert compare("1.5 million people voted", "Some 1,523,000 people voted.") == "agree"


def test_larger_total_or_wider_scope_is_not_a_contradiction() -> None:
    claim = "Commanders say 100 suicide car bomb attacks hit the eastern front"
    assert compare(claim, "In total, 300 suicide car bomb attacks were recorded across all fronts.") != "disagree"
    assert compare("The urban population was 7 million", "The population was 45 million.") != "disagree"


def test_different_counted_things_are_not_compared() -> None:
    assert compare("The strike left 40 buses idle", "The union has 900 members.") == "none"


def test_a_figure_confirming_one_claim_figure_is_not_held_against_another() -> None:
    claim = "558 people were killed by police, while 201 people died in custody"
    assert compare(claim, "How many people died in custody? 201") != "disagree"


def test_years_alone_are_not_compared() -> None:
    assert not comparable(find_quantities("The bridge opened in 2016"))
    assert compare("The bridge opened in 2016", "The bridge opened in 2018.") == "none"


def test_open_ended_figures_agree_only_loosely_and_only_on_the_same_thing() -> None:
    claim = "Officials said about 120 homes had been destroyed"
    loose = compare_quantities(find_quantities(claim), claim, find_quantities("More than 100 homes were destroyed."), "More than 100 homes were destroyed.")
    assert loose.outcome == "agree" and loose.loose
    exact = compare_quantities(find_quantities(claim), claim, find_quantities("Some 118 homes were destroyed."), "Some 118 homes were destroyed.")
    assert exact.outcome == "agree" and not exact.loose
    assert compare("Zero deaths were recorded", "All victims were below 20.") != "agree"


def test_an_open_ended_figure_far_below_the_claims_confirms_nothing() -> None:
    claim = "The agency estimates that 1.4 million people need food assistance"
    for passage in ("More than 19,000 people have left the province.", "Over 2,000 people need food assistance."):
        assert compare(claim, passage) != "agree", passage
    assert compare("Officials said more than 200 people were evacuated", "Some 3,500 people were evacuated.") != "agree"
    # near its bound, an open-ended figure still agrees loosely (and the other way round)
    assert compare("About 120 homes were destroyed", "More than 100 homes were destroyed.") == "agree"
    assert compare("Fewer than 50 patients were treated", "Some 46 patients were treated.") == "agree"
