"""Polarity (issue 10): a claim the source denies is not the source's assertion."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from pipeline.models import Claim, ClaimResult, to_dict
from tests.unit.test_claims import _check_offsets


def _only(text: str, speaker: str) -> Claim:
    claims = [c for c in extract_claims(text) if c.speaker is not None and c.speaker.text == speaker]
    assert len(claims) == 1, claims
    _check_offsets(text, claims)
    return claims[0]


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("The Eastern Brigade denied shelling the market.", "The Eastern Brigade", "shelling the market"),
    ("The ministry denied that its guards had fired on the marchers.", "The ministry", "its guards had fired on the marchers"),
    ("The harbour board rejected claims that the pier was unsafe.", "The harbour board", "the pier was unsafe"),
    ("The senator dismissed reports that she would stand down in May.", "The senator", "she would stand down in May"),
    ("The port authority disputed the figures.", "The port authority", "the figures"),
    ("The airline issued a denial that its pilots had skipped checks.", "The airline", "its pilots had skipped checks"),
])
def test_denials_are_denied_claims_of_what_is_denied(text: str, speaker: str, content: str) -> None:
    claim = _only(text, speaker)
    assert claim.content.text == content
    assert claim.polarity == "denied"


@pytest.mark.parametrize(("text", "speaker"), [
    ("The ministry said that its guards had fired on the marchers.", "The ministry"),
    ("The ministry did not deny that its guards had fired on the marchers.", "The ministry"),
    ("The harbour board confirmed that the pier was unsafe.", "The harbour board"),
])
def test_statements_and_negated_denials_are_asserted(text: str, speaker: str) -> None:
    assert _only(text, speaker).polarity == "asserted"


def test_a_denied_claim_is_not_also_the_claim_of_its_denier() -> None:
    """ "rejected claims that X": the claims are someone else's, never the board's assertion."""
    text = "The harbour board rejected claims that the pier was unsafe."
    claims = [c for c in extract_claims(text) if c.content.text == "the pier was unsafe"]
    assert [c.polarity for c in claims] == ["denied"]


def test_polarity_is_in_the_report_and_survives_a_round_trip() -> None:
    claim = _only("The Eastern Brigade denied shelling the market.", "The Eastern Brigade")
    report = ClaimResult(claim, None).to_report()
    assert report["polarity"] == "denied"
    assert Claim.from_dict(to_dict(claim)) == claim
    legacy = {k: v for k, v in to_dict(claim).items() if k != "polarity"}
    assert Claim.from_dict(legacy).polarity == "asserted"  # reports stored before the field still load
