"""Hedged denials and partial ratings never read as support (failure pattern 4).

Why: "The claim that ... is only partly accurate" restates the claim word for word, so by
coverage alone it looked like support; a fact-check's "not entirely true" or "exaggerated"
is a verdict against the claim as stated.
"""

from __future__ import annotations

import pytest

from pipeline.checking import check_claim
from pipeline.checking.ratings import find_rating, hedged_rating
from pipeline.models import Document
from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(text="The ferry company said its crossings to Tallin Island doubled last year to 900 a month.",
                   url="https://paper.example/ferry", published="2024-03-01")
CLAIM = make_claim("Ferry crossings to Tallin Island doubled last year to 900 a month")


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The claim that ferry crossings doubled is only partly accurate.", "neutral"),
        ("The statement is largely inaccurate, port records show.", "contradicts"),
        ("This is not entirely true.", "neutral"),
        ("The claim is exaggerated.", "neutral"),
        ("The company's figure overstates the rise.", "neutral"),
        ("That claim is not true.", "contradicts"),
    ],
)
def test_hedged_verdicts_are_read_with_their_place_on_the_scale(sentence: str, stance: str) -> None:
    found = hedged_rating(sentence)
    assert found is not None and found.stance == stance


@pytest.mark.parametrize(
    "sentence",
    [
        "It is true that ferry crossings doubled in 2023.",
        "The figures are accurate, the port said.",
        "Crossings to the island doubled in 2023.",
    ],
)
def test_assertions_are_not_hedges(sentence: str) -> None:
    assert hedged_rating(sentence) is None


def test_qualified_rating_statements_keep_or_halve_their_end_of_the_scale() -> None:
    assert (r := find_rating("We rate this claim largely inaccurate.")) is not None and r.stance == "contradicts"
    assert (r := find_rating("We found the claim partly accurate.")) is not None and r.stance == "neutral"
    assert (r := find_rating("Verdict: not entirely true")) is not None and r.stance == "neutral"
    assert (r := find_rating("We rate it mostly accurate.")) is not None and r.stance == "supports"


@pytest.mark.parametrize(
    "page_text",
    [
        "The claim that ferry crossings to Tallin Island doubled last year to 900 a month is only partly accurate. "
        "Port logs show about 600 a month in the summer and far fewer in winter.",
        "Ferry crossings to Tallin Island doubled last year to 900 a month, the company said in a brochure. "
        "That is not entirely true: the rise came only in the summer months.",
        "The company says ferry crossings to Tallin Island doubled last year to 900 a month. The claim is exaggerated.",
        "The statement that crossings to Tallin Island doubled last year to 900 a month is largely inaccurate.",
    ],
    ids=["partly-accurate", "not-entirely-true", "exaggerated", "largely-inaccurate"],
)
def test_a_page_with_a_hedged_denial_does_not_support(page_text: str) -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(page_text, "https://checker.example/ferry")])
    assert verdict.label != "supported", verdict.rationale


def test_the_same_facts_without_the_hedge_still_support() -> None:
    page = make_doc("Ferry crossings to Tallin Island doubled last year to 900 a month, port logs show.",
                    "https://port.example/logs")
    assert check_claim(CLAIM, ARTICLE, [page]).label == "supported"


def test_a_largely_inaccurate_verdict_contradicts() -> None:
    page = make_doc("The statement that crossings to Tallin Island doubled last year to 900 a month is largely inaccurate.",
                    "https://checker.example/ferry2")
    assert check_claim(CLAIM, ARTICLE, [page]).label == "contradicted"


@pytest.mark.parametrize(
    "page_text",
    [
        "It is unclear whether ferry crossings to Tallin Island doubled last year to 900 a month.",
        "We could not verify that ferry crossings to Tallin Island doubled last year to 900 a month.",
        "There is little evidence that ferry crossings to Tallin Island doubled last year to 900 a month.",
        "Nobody has shown that ferry crossings to Tallin Island doubled last year to 900 a month.",
        "Rivals say ferry crossings to Tallin Island doubled last year to 900 a month, a claim the port disputes.",
    ],
    ids=["unclear-whether", "could-not-verify", "little-evidence", "nobody-has-shown", "a-claim-disputed"],
)
def test_doubt_neither_supports_nor_refutes(page_text: str) -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(page_text, "https://checker.example/doubt")])
    assert verdict.label == "unverified", verdict.rationale


def test_a_doubting_sentence_still_gives_its_own_figure() -> None:
    page = make_doc("It is unclear whether the new timetable caused it, but ferry crossings to Tallin Island reached 450 a month last year.",
                    "https://port.example/doubt-figure")
    assert check_claim(CLAIM, ARTICLE, [page]).label == "contradicted"
