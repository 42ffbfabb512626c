"""A source that relays the claim it examines ("a viral post said ...") never supports it."""

import pytest

from pipeline.checking import check_claim
from pipeline.checking.reported import reports_claim
from pipeline.models import Document

from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(
    text="The mayor cut 300 jobs at the city water authority last spring, a council report said.",
    url="https://paper.example/story",
    published="2024-05-01",
)
CLAIM = make_claim("The mayor cut 300 jobs at the city water authority")


@pytest.mark.parametrize(
    "sentence",
    [
        "A viral post said the mayor cut 300 jobs at the city water authority.",
        "CLAIM: The mayor cut 300 jobs at the city water authority.",
        "It has been alleged that the mayor cut 300 jobs at the city water authority.",
        "Users on Facebook claimed the mayor cut 300 jobs at the city water authority.",
        "Rumours circulating online say the mayor cut 300 jobs.",
        "Some residents falsely claimed the mayor cut 300 jobs.",
    ],
)
def test_relaying_frames_are_recognised(sentence: str) -> None:
    assert reports_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor cut 300 jobs at the city water authority.",
        "The council said the mayor cut 300 jobs at the city water authority.",
        "The post office closed 3 branches in May.",
    ],
)
def test_own_statements_are_not_relayed_claims(sentence: str) -> None:
    assert not reports_claim(sentence)


@pytest.mark.parametrize(
    "page_text",
    [
        "A viral post said the mayor cut 300 jobs at the city water authority. "
        "Budget records show staffing at the authority was unchanged.",
        "CLAIM: The mayor cut 300 jobs at the city water authority. This is false.",
    ],
    ids=["viral-post-restated", "claim-heading-then-false"],
)
def test_a_page_relaying_the_claim_does_not_support_it(page_text: str) -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(page_text, "https://checker.example/1")])
    assert verdict.label != "supported"


def test_the_same_sentence_as_the_sources_own_statement_still_supports() -> None:
    page = make_doc(
        "The mayor cut 300 jobs at the city water authority, budget records show.",
        "https://records.example/3",
    )
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label == "supported"


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("We rate this claim Mostly False.", "contradicts"),
        ("We rate it Pants on Fire!", "contradicts"),
        ("We rate this claim Half True.", "neutral"),
        ("Our rating: Mixture.", "neutral"),
        ("We rate the statement Mostly True.", "supports"),
        ("We find this claim to be misleading.", "neutral"),
        ("We rate Councillor Okafor's statement True.", "supports"),
        ("We rate this Instagram post False.", "contradicts"),
        ("The governor earns a Mostly False for that line.", "contradicts"),
        ("The minister earns Two Pinocchios.", "neutral"),
    ],
)
def test_rating_statements_map_onto_stances(sentence: str, stance: str) -> None:
    from pipeline.checking.ratings import find_rating

    found = find_rating(sentence)
    assert found is not None and found.stance == stance


@pytest.mark.parametrize(
    ("sentence", "level"),
    [("We rate it Pants on Fire!", -2), ("We rate this claim Mostly False.", -1), ("We rate it Mostly False.", -1), ("Our rating: Half True.", 0),
     ("We rate the statement Mostly True.", 1), ("We rate the statement True.", 2)],
)
def test_rating_levels_keep_the_ordinal_scale(sentence: str, level: int) -> None:
    from pipeline.checking.ratings import find_rating, rating_level

    found = find_rating(sentence)
    assert found is not None and rating_level(found) == level


def test_no_rating_in_ordinary_reporting() -> None:
    from pipeline.checking.ratings import find_rating

    assert find_rating("The mayor said the figures were accurate and the plan was true to its aims.") is None
    assert find_rating("We found no evidence that it is true.") is None


def test_a_false_rating_on_a_page_about_the_claim_contradicts_and_is_quoted() -> None:
    page = make_doc(
        "A viral post said the mayor cut 300 jobs at the city water authority. "
        "Budget records show staffing at the city water authority was unchanged. We rate this claim False.",
        "https://checker.example/4",
    )
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label == "contradicted"
    assert "We rate this claim False" in verdict.rationale


def test_a_half_true_rating_never_reads_as_support() -> None:
    page = make_doc(
        "The mayor cut 300 jobs at the city water authority, records show, though most were vacant posts. "
        "We rate this claim Half True.",
        "https://checker.example/5",
    )
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label != "supported"
