"""Evidence as statements: the claim extractor reads each candidate passage as the source's own
assertion, an attribution to a named speaker, or a report of a claim under examination."""

import pytest

from pipeline.checking.reported import reports_claim
from pipeline.checking.statements import statement_of

# Frames the relay patterns alone miss: a distancing verb without "that", carriers the
# patterns do not list ("a blog post", "bloggers", "the caption").
MISSED_BY_PATTERNS = [
    "Councillor Maria Ortiz claimed the harbour authority sold 12 tugboats to a private operator.",
    "A blog post suggested the harbour authority sold 12 tugboats to a private operator.",
    "Several bloggers wrote the harbour authority sold 12 tugboats to a private operator.",
]


@pytest.mark.parametrize("sentence", MISSED_BY_PATTERNS)
def test_the_patterns_alone_miss_these_frames(sentence: str) -> None:
    assert not reports_claim(sentence)  # what the extractor adds


@pytest.mark.parametrize("sentence", [
    *MISSED_BY_PATTERNS,
    "A viral post said the harbour authority sold 12 tugboats.",
    "CLAIM: The harbour authority sold 12 tugboats to a private operator.",
    "It has been alleged that the harbour authority sold 12 tugboats.",
])
def test_reports_of_a_claim_under_examination(sentence: str) -> None:
    assert statement_of(sentence).kind == "reported"


def test_an_attribution_keeps_its_named_speaker() -> None:
    found = statement_of("Harbour master Tom Reyes said the authority sold 12 tugboats to a private operator.")
    assert found.kind == "attributed"
    assert found.speaker is not None and "Tom Reyes" in found.speaker


def test_the_sources_own_assertion() -> None:
    assert statement_of("The harbour authority sold 12 tugboats to a private operator in March.").kind == "own"


def test_a_reported_carrier_keeps_who_carried_it() -> None:
    found = statement_of("A blog post suggested the harbour authority sold 12 tugboats.")
    assert found.speaker is not None and "post" in found.speaker.lower()


def test_an_infinitive_of_claiming_is_nobodys_claim() -> None:
    found = statement_of("It was accurate to claim the harbour authority sold 12 tugboats to a private operator.")
    assert found.kind != "reported"
