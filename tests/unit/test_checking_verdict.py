from pipeline.checking.verdict import SourceVote, count_words, decide, rationale
from pipeline.models import SourceFailure


def vote(stance: str, strength: float = 0.8, *, independent: bool = True, copies: bool = False, name: str = "Outlet") -> SourceVote:
    return SourceVote(name, stance, strength, independent, copies, False)  # type: ignore[arg-type]


def test_only_independent_sources_vote() -> None:
    label, confidence, counted = decide([vote("supports", independent=False, copies=True), vote("neutral")])
    assert (label, confidence, counted) == ("unverified", 0.0, 0)


def test_balanced_disagreement_is_mixed_and_a_clear_majority_wins() -> None:
    assert decide([vote("supports"), vote("contradicts")])[0] == "mixed"
    assert decide([vote("supports", 0.4), vote("contradicts", 0.9), vote("contradicts", 0.9)])[0] == "contradicted"


def test_confidence_rises_with_agreeing_sources_and_falls_with_dissent() -> None:
    one = decide([vote("supports")])[1]
    three = decide([vote("supports")] * 3)[1]
    dissent = decide([vote("supports")] * 3 + [vote("contradicts", 0.3)])[1]
    assert 0 < one < three <= 1
    assert dissent < three


def test_rationale_reads_as_one_sentence() -> None:
    votes = [vote("contradicts", name="A"), vote("contradicts", name="B"), vote("neutral", independent=False, copies=True)]
    text = rationale("contradicted", votes, [SourceFailure("u", "robots")])
    assert text.startswith("Two independent sources contradict it")
    assert "one source only repeats the article's text" in text
    assert "robots" in text and text.endswith(".")


def test_count_words() -> None:
    assert count_words(1, "source") == "One source"
    assert count_words(12, "outlet") == "12 outlets"
