"""The learned verdict: shipped coefficients applied in plain Python, grounded labels, honest abstention."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.checking import check_claim
from pipeline.checking.features import FEATURES
from pipeline.checking.verdict import SourceVote
from pipeline.checking.verdict_model import VerdictModel, grounded, load_model
from tests.unit.test_checking_check_claim import ARTICLE, CLAIM, make_doc

LABELS = {"supported", "contradicted", "mixed", "unverified"}


def vote(stance: str, *, level: int | None = None, cues: frozenset[str] = frozenset()) -> SourceVote:
    return SourceVote("x.example", stance, 0.8, True, False, False, cues=cues, rating_level=level)  # type: ignore[arg-type]


def test_shipped_coefficients_match_the_features_of_this_code() -> None:
    model = load_model()
    assert model.features == FEATURES, "features changed: run `python -m evaluation.train_verdict`"
    assert set(model.classes) == LABELS
    assert len(model.coef) == len(model.classes) and all(len(row) == len(FEATURES) for row in model.coef)


def test_probabilities_are_a_softmax_and_ignore_unknown_features() -> None:
    model = VerdictModel(("a", "b"), ("f",), (0.0, 0.0), ((1.0,), (-1.0,)))
    p = model.probabilities({"f": 1.0, "not_a_feature": 5.0})
    assert abs(sum(p.values()) - 1.0) < 1e-12 and p["a"] > 0.85
    assert model.probabilities({}) == {"a": 0.5, "b": 0.5}


def test_checking_needs_no_scikit_learn_at_run_time() -> None:
    code = (
        "import sys\n"
        "from tests.unit.test_checking_check_claim import ARTICLE, CLAIM, make_doc\n"
        "from pipeline.checking import check_claim\n"
        "check_claim(CLAIM, ARTICLE, [make_doc('Officials said 60 drones struck the eastern depot on Tuesday.', 'https://a.example/1')])\n"
        "assert 'sklearn' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("votes", "allowed"),
    [
        ([vote("neutral")], {"unverified"}),
        ([vote("supports")], {"supported", "unverified"}),
        ([vote("supports"), vote("contradicts")], {"mixed"}),
        ([vote("supports"), vote("supports"), vote("contradicts")], {"supported", "mixed"}),
        ([vote("neutral", cues=frozenset({"reported"}))], {"contradicted", "unverified"}),
        ([vote("neutral", level=0)], {"mixed"}),
        ([vote("contradicts", level=-1)], {"contradicted", "mixed"}),
        ([vote("supports", level=2)], {"supported"}),
    ],
)
def test_a_label_rests_on_what_a_source_says(votes: list[SourceVote], allowed: set[str]) -> None:
    assert grounded(votes) == allowed


def _fact_check(rating: str) -> str:
    return ("A viral post claimed 60 drones struck the eastern depot on Tuesday. Officials gave different counts "
            f"on different days. We rate this claim {rating}.")


def test_a_middle_of_scale_rating_makes_the_claim_mixed_and_is_quoted() -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(_fact_check("Half True"), "https://fc.example/1")])
    assert verdict.label == "mixed"
    assert "Half True" in verdict.rationale and "fc.example" in verdict.rationale


def test_a_false_rating_contradicts_with_confidence() -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(_fact_check("False"), "https://fc.example/1")])
    assert verdict.label == "contradicted" and verdict.confidence > 0.5
    assert "We rate this claim False" in verdict.rationale


def test_no_passage_about_the_claim_abstains_with_the_reason() -> None:
    unrelated = [make_doc("The football club announced a new coach for the coming season.", "https://sport.example/1"),
                 make_doc("A bakery in the old town won a prize for its rye bread.", "https://food.example/2")]
    verdict = check_claim(CLAIM, ARTICLE, unrelated)
    assert verdict.label == "unverified"
    assert "No passage of any independent source is about the claim" in verdict.rationale


def test_independent_sources_that_disagree_make_it_mixed_and_both_are_named() -> None:
    sources = [make_doc("Defence officials confirmed 60 drones struck the eastern depot on Tuesday.", "https://a.example/1"),
               make_doc("Satellite analysts counted 40 drones that struck the eastern depot on Tuesday night.", "https://b.example/2")]
    verdict = check_claim(CLAIM, ARTICLE, sources)
    assert verdict.label == "mixed"
    assert "a.example" in verdict.rationale and "b.example" in verdict.rationale and "40 drones" in verdict.rationale
