"""The rationale names the statement its verdict rests on (issue 9, "Done when").

Why: a verdict supported or contradicted by a restatement (no figure, no rating) named only the
outlets, a relayed claim read as contradicted named no passage, and a mixed verdict quoted one
side only: a fact-checker had to open every source to see what the verdict stood on.
"""

from __future__ import annotations

from pipeline.checking import check_claim
from pipeline.checking.verdict import SourceVote, rationale
from pipeline.models import Document
from tests.unit.test_checking_check_claim import make_claim, make_doc

ARTICLE = Document(text="The mayor said the Varn bridge will close for repairs in May.", url="https://paper.example/varn",
                   published="2025-04-02")
CLAIM = make_claim("the Varn bridge will close for repairs in May")


def test_a_restatement_that_supports_is_quoted() -> None:
    source = "City engineers confirmed that the Varn bridge will close for repairs in May, for six weeks."
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(source, "https://council.example/varn")])
    assert verdict.label == "supported", verdict.rationale
    assert f'"{source}"' in verdict.rationale and "council.example" in verdict.rationale


def test_a_long_statement_is_cut_at_a_word_and_marked() -> None:
    source = ("City engineers confirmed that the Varn bridge will close for repairs in May, " + "and " * 60).strip() + " then."
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(source, "https://council.example/varn")])
    quoted = verdict.rationale.split('"')[1]
    assert quoted.endswith("…") and len(quoted) <= 160 and source.startswith(quoted[:-1].rstrip())


def _vote(name: str, stance: str, statement: str) -> SourceVote:
    return SourceVote(name, stance, 0.8, True, False, False, statement=statement)  # type: ignore[arg-type]


def test_mixed_quotes_both_sides() -> None:
    said = rationale("mixed", [_vote("a.example", "supports", "The bridge closes in May."),
                               _vote("b.example", "contradicts", "The bridge stays open all summer.")], [])
    assert '"The bridge closes in May."' in said and '"The bridge stays open all summer."' in said
    assert "a.example" in said and "b.example" in said


def test_a_relayed_claim_read_as_contradicted_quotes_the_relay() -> None:
    relay = _vote("checks.example", "neutral", "A viral post claimed the bridge will close in May.")
    relay = SourceVote(**{**relay.__dict__, "cues": frozenset({"reported"})})
    said = rationale("contradicted", [relay], [])
    assert "relays it as a claim under examination" in said and '"A viral post claimed' in said
