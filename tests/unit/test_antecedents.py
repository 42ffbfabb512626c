"""Pronoun speakers (issue 10): persons and organisations only, agreement, subject first, else unresolved."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from tests.unit.test_claims import _check_offsets


def _pronoun_speaker(text: str, pronoun: str):
    claims = extract_claims(text)
    _check_offsets(text, claims)
    found = [c.speaker for c in claims if c.speaker is not None and c.speaker.text == pronoun]
    assert found, [(c.speaker, c.content.text) for c in claims]
    return found[-1]


@pytest.mark.parametrize(("text", "pronoun", "resolved"), [
    # gender told by the given name: the woman who is the subject is skipped for "he"
    ("Ilse Marr met Tomas Reiner on Monday. He said the talks had failed.", "He", "Tomas Reiner"),
    ("Tomas Reiner met Ilse Marr on Monday. She said the talks had failed.", "She", "Ilse Marr"),
    # gender told by an honorific elsewhere in the text
    ("Ms. Velk runs the port. On Monday Velk met Reiner at the ministry. He said the strike would end.", "He", "Reiner"),
    # the subject of the previous sentence wins over a person named in its object
    ("Mayor Tomas Reiner thanked Jonas Velk for the audit. He said the bridge would open in May.", "He", "Mayor Tomas Reiner"),
    # "it said": the organisation or document named before
    ("The Harbour Authority published its annual figures on Monday. It said 42 ships had been held at anchor.",
     "It", "The Harbour Authority"),
    ("The audit was published on Friday. It states that rents rose by 12 percent.", "It", "The audit"),
    # "they": a plural group, or the pair that met
    ("The union and the ferry company met on Monday. They said talks would continue.", "They",
     "The union and the ferry company"),
    # a name inside a quotation is not who speaks after it
    ('Ilse Marr spoke last. "Ana Petrov told me we would win," she said.', "she", "Ilse Marr"),
])
def test_pronouns_resolve_to_an_agreeing_person_or_organisation(text: str, pronoun: str, resolved: str) -> None:
    speaker = _pronoun_speaker(text, pronoun)
    assert speaker.kind == "pronoun" and speaker.resolved == resolved


@pytest.mark.parametrize(("text", "pronoun"), [
    # nothing that can speak before "he": a press conference and public opinion are not persons
    ("The plan was unveiled at a press conference, and public opinion turned against it. He said it would pass.", "He"),
    # the only person named is a woman
    ("Ilse Marr opened the ferry terminal on Monday. He said the crossings would resume.", "He"),
    # the only candidate is a thing
    ("The river flooded the lower town again on Monday. He said the dam had held.", "He"),
])
def test_pronouns_stay_unresolved_rather_than_wrong(text: str, pronoun: str) -> None:
    assert _pronoun_speaker(text, pronoun).resolved is None


def test_an_impersonal_it_is_no_speaker() -> None:
    claims = extract_claims("It is said that the river rose by 2 metres overnight.")
    assert all(c.speaker is None for c in claims)
