"""More frames of a relayed claim (failure pattern 1), in the words fact-check pages use.

Why: each of these pages repeats the claim word for word, figure included, only to examine
it; read by coverage they used to support it. A "Claim: ... Verdict: False" page must
contradict even though its restatement asserts nothing.
"""

from __future__ import annotations

import pytest

from pipeline.checking import check_claim
from pipeline.checking.reported import reports_claim
from pipeline.models import Document
from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(text="The port authority said 1,800 containers were stranded at Velm harbour by the strike.",
                   url="https://paper.example/velm", published="2024-11-04")
CLAIM = make_claim("1,800 containers were stranded at Velm harbour by the strike")
RESTATED = "1,800 containers were stranded at Velm harbour by the strike"


@pytest.mark.parametrize(
    "page_text",
    [
        f"Social media users shared an image claiming {RESTATED}. The harbour's own log shows normal traffic.",
        f"A video clip circulating on TikTok claims {RESTATED}. Dock workers filmed quays that were nearly empty.",
        f"Some bloggers have claimed that {RESTATED}. The harbour master has not confirmed any figure.",
        f"According to a widely shared tweet, {RESTATED}. The tweet gave no source.",
        f"{RESTATED[0].upper() + RESTATED[1:]}, according to posts on social media. The port has published no count.",
        f"Posts shared thousands of times say {RESTATED}. Nobody at the port would comment.",
        f"A lawsuit filed by shippers alleges {RESTATED}. The port disputes the claim.",
    ],
    ids=["users-shared-image", "video-clip", "bloggers-claimed-that", "according-to-tweet",
         "according-to-posts", "bare-posts-say", "lawsuit-alleges"],
)
def test_a_relayed_restatement_never_supports(page_text: str) -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(page_text, "https://checks.example/velm")])
    assert verdict.label != "supported", verdict.rationale


def test_a_claim_heading_with_a_verdict_line_contradicts_and_quotes_it() -> None:
    page = make_doc(f"Claim: {RESTATED}. Verdict: False. Port records show about 200 containers were held for a day.",
                    "https://checks.example/velm2")
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label == "contradicted"
    assert "Verdict: False" in verdict.rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "According to the port authority, 1,800 containers were stranded at Velm harbour.",
        "The union claimed responsibility for the strike at Velm harbour.",
        "Two hundred posts at the harbour will go, the port said.",
    ],
)
def test_own_and_attributed_statements_are_not_relayed(sentence: str) -> None:
    assert not reports_claim(sentence)


def test_the_port_authoritys_own_statement_still_supports() -> None:
    page = make_doc(f"According to the port authority, {RESTATED}.", "https://port.example/velm")
    assert check_claim(CLAIM, ARTICLE, [page]).label == "supported"
