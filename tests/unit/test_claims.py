"""extract_claims and standalone_claim on invented sentences (attribution patterns of issue 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.claims import MAX_CHARS, extract_claims, standalone_claim
from pipeline.errors import EmptyInput, UnsupportedInput

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "article.txt"


def _check_offsets(text: str, claims) -> None:
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert text[c.content.start : c.content.end] == c.content.text
        if c.cue is not None:
            assert text[c.cue.start : c.cue.end] == c.cue.text
        if c.speaker is not None:
            assert text[c.speaker.start : c.speaker.end] == c.speaker.text
        for q in c.quantities:
            assert text[q.start : q.end] == q.text
        assert 0 <= c.checkworthy <= 1


def _by_speaker(claims, name: str):
    return [c for c in claims if c.speaker is not None and name in (c.speaker.name, c.speaker.text)]


def test_indirect_speech_with_that() -> None:
    text = "The harbour master told local radio that 14 trawlers had sunk in the storm."
    claims = extract_claims(text)
    _check_offsets(text, claims)
    c = _by_speaker(claims, "The harbour master")[0]
    assert c.cue.text == "told" and c.quote == "indirect"
    assert "14 trawlers had sunk" in c.content.text
    assert [q.value for q in c.quantities] == [14]
    assert c.quantities[0].counted == "trawlers"


def test_direct_quote_speaker_after_and_pronoun_resolution() -> None:
    text = (
        "Mayor Ellen Park opened the new bridge on Friday. "
        '"We built it in 18 months," said Mayor Ellen Park. '
        "She said the bridge had cost less than planned."
    )
    claims = extract_claims(text, published="2023-05-09")
    _check_offsets(text, claims)
    direct = [c for c in claims if c.quote == "direct"][0]
    assert "Ellen Park" in direct.speaker.text
    she = [c for c in claims if c.speaker is not None and c.speaker.text == "She"][0]
    assert she.speaker.kind == "pronoun" and she.speaker.resolved and "Ellen Park" in she.speaker.resolved


def test_according_to_document_source() -> None:
    text = "According to a ministry report, exports fell by 8% in the second quarter."
    c = [c for c in extract_claims(text) if c.cue is not None][0]
    assert c.cue.text == "According to"
    assert c.speaker.kind == "document"
    assert c.quantities[0].unit == "%"


def test_coordinated_figures_split_with_elided_counted_thing() -> None:
    text = (
        "Rebels have used armed drones against the city. "
        "Army officers say there were 30 in the north and 45 near the port."
    )
    claims = _by_speaker(extract_claims(text), "Army officers")
    assert len(claims) == 2
    first, second = claims
    assert [q.value for q in first.quantities] == [30] and [q.value for q in second.quantities] == [45]
    assert all(q.counted and "drones" in q.counted for c in claims for q in c.quantities)
    assert "north" in first.quantities[0].context and "port" in second.quantities[0].context


def test_narrated_fact_has_no_speaker() -> None:
    text = "A 300-strong police unit entered the stadium on Sunday."
    claims = extract_claims(text)
    assert len(claims) == 1 and claims[0].speaker is None and claims[0].quote == "none"
    assert claims[0].quantities[0].counted and "unit" in claims[0].quantities[0].counted


def test_relative_dates_resolve_against_publication() -> None:
    text = "The governor said on Tuesday that 12 schools would reopen."
    c = extract_claims(text, published="2024-03-14")[0]  # a Thursday
    assert c.time == "2024-03-12" and c.time_text == "Tuesday"


def test_opinion_scores_below_figure() -> None:
    text = (
        'The coach said: "Our goal is to play beautiful football." '
        "The club said it had sold 41,000 tickets for the final."
    )
    claims = extract_claims(text)
    opinion = [c for c in claims if "beautiful" in c.content.text][0]
    figure = [c for c in claims if "41,000" in c.content.text][0]
    assert opinion.checkworthy < figure.checkworthy
    assert figure.claim_type == "quantity"


@pytest.mark.parametrize("bad", ["", "   \n\t "])
def test_empty_input(bad: str) -> None:
    with pytest.raises(EmptyInput):
        extract_claims(bad)


def test_oversized_input_fails_fast() -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(UnsupportedInput):
        extract_claims("word " * (5 * 1024 * 1024 // 5))
    assert time.perf_counter() - started < 1.0
    assert MAX_CHARS < 5 * 1024 * 1024


def test_binary_and_foreign_input() -> None:
    with pytest.raises(UnsupportedInput):
        extract_claims("\x00\x01\x02\x03 binary \x04\x05\x06 data \x07\x08" * 20)
    german = (
        "Die Regierung hat am Montag beschlossen, dass die Schulen im ganzen Land wieder geöffnet "
        "werden sollen, obwohl viele Eltern und Lehrer weiterhin große Bedenken wegen der Gesundheit "
        "der Kinder haben und mehr Schutz fordern."
    )
    with pytest.raises(UnsupportedInput):
        extract_claims(german)


def test_standalone_claim_strips_attribution() -> None:
    c = standalone_claim("The mayor said 250 new homes were built last year.")
    assert c.content.text.startswith("250 new homes")
    assert c.speaker is not None and c.speaker.text == "The mayor"
    assert c.quantities[0].value == 250 and c.quantities[0].counted == "new homes"


def test_standalone_claim_bare_statement_with_given_speaker() -> None:
    c = standalone_claim("Crime fell by 12% in 2021.", speaker="Jane Roe", claim_id="c_test")
    assert c.id == "c_test" and c.speaker.name == "Jane Roe"
    assert c.content.text == "Crime fell by 12% in 2021"
    assert c.quote == "none"


def test_seed_article_offsets_and_headline() -> None:
    if not SEED.exists():
        pytest.skip(f"seed article absent at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert len({c.id for c in claims}) == len(claims)


# ---------------------------------------------------------------- patterns added for issue 3 recall


def _one(claims, name: str):
    found = _by_speaker(claims, name)
    assert len(found) == 1, [(c.speaker and c.speaker.text, c.content.text) for c in claims]
    return found[0]


def test_standalone_claim_keeps_trailing_percent() -> None:
    c = standalone_claim("Exports to the region have grown by 50%.")
    assert c.content.text.endswith("50%")
    assert [(q.value, q.unit) for q in c.quantities] == [(50, "%")]


def test_cue_inside_a_quotation_does_not_take_it() -> None:
    text = '"The river rose fast. I believe the levee held," the engineer Tomas Hale said.'
    claims = extract_claims(text)
    _check_offsets(text, claims)
    hale = _one(claims, "the engineer Tomas Hale")
    assert hale.quote == "direct" and hale.content.text.startswith('"The river rose')
    assert not _by_speaker(claims, "I")


def test_quote_before_a_cue_sentence_of_its_own() -> None:
    text = "Turnout was low. “Nobody came. It was a disaster!” the organiser wrote on Sunday."
    claims = extract_claims(text)
    c = _one(claims, "the organiser")
    assert c.cue.text == "wrote" and c.quote == "direct" and "Nobody came" in c.content.text


def test_two_apostrophes_are_a_double_quote() -> None:
    text = "''We have enough beds for the winter,'' the hospital director said."
    c = _one(extract_claims(text), "the hospital director")
    assert c.quote == "direct" and c.content.text.startswith("''We have")


def test_relative_pronoun_speaker_keeps_mention_and_antecedent() -> None:
    text = "The port authority, which said traffic fell 9% in May, will publish its accounts later."
    c = [c for c in extract_claims(text) if c.cue is not None and c.cue.text == "said"][0]
    assert c.speaker.text == "which" and c.speaker.resolved == "The port authority"
    assert "traffic fell 9%" in c.content.text


def test_noun_and_adjective_cues() -> None:
    text = (
        "The mayor's claim that crime fell by a third was disputed. "
        "Local farmers are worried that the drought will last another year."
    )
    claims = extract_claims(text)
    claim = _one(claims, "The mayor's")
    assert claim.cue.text == "claim" and claim.content.text == "crime fell by a third"
    worry = _one(claims, "Local farmers")
    assert worry.cue.text == "are worried" and worry.content.text == "the drought will last another year"


def test_topic_and_stance_cues() -> None:
    text = "The senator talked about the new tariffs. The union voiced support for the strike."
    claims = extract_claims(text)
    assert _one(claims, "The senator").cue.text == "talked about"
    assert _one(claims, "The senator").content.text == "the new tariffs"
    assert _one(claims, "The union").content.text == "the strike"


def test_parenthetical_cue() -> None:
    text = "The new bridge, the mayor said, will open in May."
    c = _one(extract_claims(text), "the mayor")
    assert c.cue.text == "said" and "will open in May" in c.content.text


def test_according_to_takes_only_its_own_clause() -> None:
    text = "Sales rose 4% in March according to the company, but analysts expect a slowdown."
    c = _one(extract_claims(text), "the company")
    assert c.content.text.startswith("Sales rose 4%") and "analysts" not in c.content.text


def test_thought_nested_in_a_statement_is_not_a_second_source() -> None:
    text = "The minister acknowledged that even she found the new rules confusing."
    claims = [c for c in extract_claims(text) if c.speaker is not None]
    assert [c.speaker.text for c in claims] == ["The minister"]


def test_interview_labels_are_not_speakers() -> None:
    text = "Q: Will you run again?\n\nA: I have not decided yet, and I will say so when I know."
    assert not [c for c in extract_claims(text) if c.speaker is not None and c.speaker.text in ("Q", "A")]


@pytest.mark.parametrize("text", [
    "The mayor, Ana Petrov, said 12 bridges were closed on Friday.",
    "\"We will rebuild the bridges,\" said the mayor, Ana Petrov.",
])
def test_a_role_with_a_name_in_apposition_is_resolved_to_the_name(text: str) -> None:
    claims = extract_claims(text)
    assert claims and claims[0].speaker is not None
    speaker = claims[0].speaker
    assert speaker.text.lower() == "the mayor" and speaker.resolved == "Ana Petrov" and speaker.kind == "person"
    assert text[speaker.start:speaker.end] == speaker.text


def test_an_unnamed_role_stays_anonymous() -> None:
    speaker = extract_claims("A senior ministry official said 5,000 reservists would be called up.")[0].speaker
    assert speaker is not None and speaker.resolved is None and speaker.kind == "anonymous"
