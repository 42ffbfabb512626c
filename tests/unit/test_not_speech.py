"""What is not speech (issue 10): acts answered, abilities to foresee, results that leave people
puzzled. Invented texts; the speech shapes beside them must still be found."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims


def _cues(text: str) -> list[str]:
    return [c.cue.text for c in extract_claims(text) if c.cue is not None]


@pytest.mark.parametrize("text", [
    "Firefighters were responding to a blaze on Main Street when the roof fell.",
    "Paramedics responded to the crash within minutes.",
    "The army responded to the shelling with artillery fire.",
    "Analysts could predict the outcome of the vote weeks ahead.",
    "Nobody can foresee how the markets will react.",
    "Even the engineers could not predict how long the repairs would take.",
    "The sudden collapse of the bridge left engineers bewildered.",
    "The ruling left lawyers on both sides puzzled.",
])
def test_acts_abilities_and_results_are_not_cues(text: str) -> None:
    assert _cues(text) == []


@pytest.mark.parametrize(("text", "cue"), [
    ("The spokesman did not respond to questions about the plan.", "did not respond to"),
    ("The governor responded to the senator on Tuesday.", "responded to"),
    ("The minister replied to critics in a long letter.", "replied to"),
    ("Experts predicted that the vote would fail.", "predicted"),
    ("I can tell you that the plan will work, the mayor said.", "said"),
    ("The council endorsed the harbour plan on Monday.", "endorsed"),
])
def test_speech_and_stance_beside_them_are_still_cues(text: str, cue: str) -> None:
    assert cue in _cues(text)
