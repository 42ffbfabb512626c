"""Stance reads evidence as statements (issue 9, failure patterns 1 and 4), with texts of our own.

Why: a passage the claim extractor reads as a report of the claim (a carrier or a distancing
cue the relay patterns miss) used to count toward coverage and support; a verdict box
flattened into the text ("Verdict incorrectThe ...") or hyphenated ("mostly-correct") was no
rating; a page rating several claims lent the first rating to all; and "won" (the verb) was a
negation, so "she won 58 counties" read as a negated claim.
"""

from __future__ import annotations

import pytest

from pipeline.checking import check_claim
from pipeline.checking.lexical import NEGATIONS, tokens
from pipeline.checking.ratings import find_rating
from pipeline.checking.reported import reports_claim
from pipeline.models import Document
from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(text="A councillor said the Orlen ferry service carried 42,000 passengers in its first year.",
                   url="https://paper.example/orlen", published="2025-03-02")
CLAIM = make_claim("the Orlen ferry service carried 42,000 passengers in its first year")


@pytest.mark.parametrize(
    "sentence",
    [
        "A blog post suggested the Orlen ferry service carried 42,000 passengers in its first year.",
        "Councillor Ana Bell claimed the Orlen ferry service carried 42,000 passengers in its first year.",
    ],
    ids=["carrier-speaker", "distancing-cue"],
)
def test_a_report_only_the_extractor_sees_never_supports(sentence: str) -> None:
    assert not reports_claim(sentence)  # the relay patterns alone would let it support
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(sentence, "https://checks.example/orlen")])
    assert verdict.label != "supported", verdict.rationale


def test_the_operators_own_statement_still_supports() -> None:
    page = make_doc("The Orlen ferry service carried 42,000 passengers in its first year, its operator's annual report shows.",
                    "https://ferry.example/report")
    assert check_claim(CLAIM, ARTICLE, [page]).label == "supported"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Verdict incorrectThe ferry carried fewer than 9,000 passengers.", "contradicts"),
        ("Verdict: mostly-correct. The count is close.", "supports"),
        ("Our ruling - Half true", "neutral"),
    ],
)
def test_verdict_boxes_flattened_or_hyphenated_are_ratings(text: str, stance: str) -> None:
    found = find_rating(text)
    assert found is not None and found.stance == stance


def test_a_verdict_word_running_into_prose_is_no_rating() -> None:
    assert find_rating("The verdict falsely described the ferry's schedule.") is None


def test_a_page_rating_several_claims_lends_ours_its_own_rating() -> None:
    page = make_doc(
        "Fact check: three claims about the Orlen ferry. "
        "A post said the ferry cost 9 million euros to build. We rate this claim False. "
        "Claim two, from a councillor: the Orlen ferry service carried 42,000 passengers in its first year. "
        "We rate this claim Mostly True: the operator counted 41,800.",
        "https://checks.example/orlen-roundup",
    )
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label == "supported", verdict.rationale
    assert "Mostly True" in verdict.rationale


def test_won_and_don_are_not_negations() -> None:
    assert not set(tokens("She won 58 counties, Don Reyes said.")) & NEGATIONS
    assert set(tokens("She won't win and they don't know.")) & NEGATIONS == {"not"}
