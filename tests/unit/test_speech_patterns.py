"""Speech patterns the extractor used to miss (issue 10): announced + noun phrase, passive agents,
inverted "X, said Y, ...", a source nested in another's statement, a fronted place phrase."""

from __future__ import annotations

from pipeline.claims import extract_claims
from tests.unit.test_claims import _check_offsets


def _relations(text: str) -> list[tuple[str | None, str | None, str]]:
    claims = extract_claims(text)
    _check_offsets(text, claims)
    return [(c.speaker.text if c.speaker else None, c.cue.text if c.cue else None, c.content.text)
            for c in claims if c.speaker is not None or c.cue is not None]


def test_announced_with_a_noun_phrase() -> None:
    assert _relations("The ministry announced a new curfew for the northern districts on Monday.") == [
        ("The ministry", "announced", "a new curfew for the northern districts")]


def test_a_passive_agent_is_the_source_and_the_passive_subject_the_content() -> None:
    assert _relations("The harbour plan is criticized by environmentalists as too timid.") == [
        ("environmentalists", "is criticized", "The harbour plan")]


def test_inverted_cue_between_commas_takes_the_phrase_after_it_as_source() -> None:
    text = "The dam, said the chief engineer, Ana Petrov, will hold through the winter."
    claims = [c for c in extract_claims(text) if c.speaker is not None]
    assert len(claims) == 1
    spk = claims[0].speaker
    assert spk.text == "the chief engineer" and spk.resolved == "Ana Petrov"
    assert "The dam" in claims[0].content.text and "will hold through the winter" in claims[0].content.text


def test_a_source_nested_in_a_statement_is_a_second_attribution() -> None:
    text = "The statement said, according to the observers' report, that 40 ballot boxes had been tampered with."
    assert sorted(_relations(text)) == sorted([
        ("The statement", "said", "40 ballot boxes had been tampered with"),
        ("the observers' report", "according to", "40 ballot boxes had been tampered with"),
    ])


def test_a_fronted_place_phrase_is_not_the_speaker() -> None:
    assert _relations("In Velmora, officials said the river had crested overnight.") == [
        ("officials", "said", "the river had crested overnight")]


def test_a_subject_that_names_no_one_is_no_source() -> None:
    assert _relations("Nobody could predict the outcome of the harbour vote.") == []
    assert _relations("No official said the bridge was closed.") == []
