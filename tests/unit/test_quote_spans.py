"""Quotation spans (issue 10): no runaway quotes, closing marks kept, a quote split by its cue."""

from __future__ import annotations

from pipeline.claims import extract_claims
from pipeline.claims.quotes import find_quotes
from tests.unit.test_claims import _check_offsets


def _relations(text: str) -> list[tuple[str | None, str]]:
    claims = extract_claims(text)
    _check_offsets(text, claims)
    return [(c.speaker.text if c.speaker else None, c.content.text) for c in claims if c.cue is not None]


def test_an_inch_mark_opens_no_quote() -> None:
    text = "The 6'2\" striker said he would stay. The coach said the club had made an offer."
    assert find_quotes(text) == []
    assert ("The coach", "the club had made an offer") in _relations(text)


def test_an_unclosed_quote_ends_with_its_sentence_unless_the_next_paragraph_continues_it() -> None:
    slip = 'The captain said the "crossing was safe. The owner said the ship had been inspected.'
    (q,) = find_quotes(slip)
    assert slip[q.start : q.end] == '"crossing was safe.'
    assert ("The owner", "the ship had been inspected") in _relations(slip)
    continued = '"The crossing was safe. We checked every hatch.\n\n"Nobody was hurt," the captain said.'
    first = find_quotes(continued)[0]
    assert continued[first.start : first.end] == '"The crossing was safe. We checked every hatch.'


def test_a_closing_quote_after_the_full_stop_stays_in_the_content() -> None:
    text = 'The mayor said the plan was "a disgrace." The council said it would vote on Monday.'
    assert ("The mayor", 'the plan was "a disgrace."') in _relations(text)


def test_a_quote_split_by_its_cue_is_one_speaker_s_twice() -> None:
    text = "\u201cThe ferry will not sail,\u201d the captain said, \u201cuntil the storm has passed.\u201d"
    assert sorted(_relations(text)) == [
        ("the captain", "\u201cThe ferry will not sail,\u201d"),
        ("the captain", "\u201cuntil the storm has passed.\u201d"),
    ]
