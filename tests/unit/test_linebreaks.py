"""Hard-wrapped text: soft line breaks read as spaces, offsets and strings index the input (issue 10)."""

from __future__ import annotations

from pipeline.claims import extract_claims
from pipeline.claims.linebreaks import hard_wrap, unwrap, wrap_width
from tests.unit.test_claims import _check_offsets

PROSE = (
    "The port authority said on Tuesday that 42 container ships had been held at anchor for more "
    "than a week because crane operators at the northern terminal walked off the job over pay. "
    "\"We cannot move a single box until the dispute is settled,\" the authority's director, "
    "Tomas Reiner, told a news conference in the harbour city, adding that talks would resume."
    "\n\n"
    "Union leaders rejected the offer. Their spokeswoman, Ilse Marr, said the workers would stay "
    "out until the company restored the overtime rates it cut in the spring, and she accused the "
    "operator of hiring replacement crews from abroad."
)


def test_hard_wrap_keeps_length_and_puts_breaks_in_place_of_spaces() -> None:
    wrapped = hard_wrap(PROSE, 65)
    assert len(wrapped) == len(PROSE)
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(PROSE, wrapped))
    assert max(len(line) for line in wrapped.split("\n")) <= 65
    assert wrapped.count("\n") > PROSE.count("\n") + 5


def test_unwrap_gives_back_the_prose_with_the_same_offsets() -> None:
    wrapped = hard_wrap(PROSE, 65)
    assert wrap_width(wrapped) is not None
    assert unwrap(wrapped) == PROSE


def test_unwrapped_prose_and_short_lines_are_left_alone() -> None:
    assert wrap_width(PROSE) is None and unwrap(PROSE) == PROSE
    listing = "Results\nNorth: 12 seats\nSouth: 9 seats\nEast: 4 seats\nWest: 7 seats\n"
    assert unwrap(listing) == listing


def test_a_deliberate_break_in_wrapped_text_is_kept() -> None:
    """A headline or the last line of a paragraph ends short: the next word would have fitted."""
    body = hard_wrap(PROSE.split("\n\n")[0], 65)
    text = "Ships idle as crane strike spreads\n" + body + "\nMore to follow.\n"
    out = unwrap(text)
    assert out.startswith("Ships idle as crane strike spreads\n")
    assert out.endswith("\nMore to follow.\n")
    assert "\n" not in out[len("Ships idle as crane strike spreads\n") : -len("\nMore to follow.\n")]


def test_crlf_breaks_become_two_spaces() -> None:
    wrapped = hard_wrap(PROSE, 60).replace("\n", "\r\n")
    out = unwrap(wrapped)
    assert len(out) == len(wrapped) and "\r\n\r\n" in out and out.count("\r\n") == 2


def test_claims_of_wrapped_text_match_the_claims_of_the_prose() -> None:
    wrapped = hard_wrap(PROSE, 65)
    plain, folded = extract_claims(PROSE), extract_claims(wrapped)
    _check_offsets(wrapped, folded)
    assert [(c.start, c.end, c.speaker and c.speaker.start) for c in folded] == \
        [(c.start, c.end, c.speaker and c.speaker.start) for c in plain]
    reiner = [c for c in folded if c.speaker is not None and "Reiner" in c.speaker.name]
    said = PROSE[reiner[0].content.start : reiner[0].content.end] if reiner else ""
    assert said.startswith('"We cannot move') and said.endswith('settled,"')
