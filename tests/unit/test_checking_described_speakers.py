"""Speakers across outlets (failure pattern 3): a role in the claim, a name in another outlet.

Why: articles often keep a source anonymous ("a top Oskan official") while another outlet,
the same day, names the person saying the same thing ("Osk regional president Ilmar Vesk").
The attribution is then confirmed; a named person whose role does not fit, another figure,
or a report weeks later must not confirm it.
"""

from __future__ import annotations

import pytest

from pipeline.checking import check_claim
from pipeline.checking.attribution import DatedPassage, akin, described_status, named_speaker, role_fits
from pipeline.checking.lexical import term_weights
from pipeline.claims import standalone_claim
from pipeline.models import Document
from tests.unit.test_checking_check_claim import make_doc

CONTENT = "border guards had reopened 14 crossings along the Tarna river"
WEIGHTS = term_weights(CONTENT)


@pytest.mark.parametrize(
    ("a", "b"),
    [("oskan", "osk"), ("talvian", "talvia"), ("ministry", "minister"), ("defence", "defense"), ("kurdish", "kurdistan")],
)
def test_nationality_and_country_words_are_akin(a: str, b: str) -> None:
    assert akin(a, b)


@pytest.mark.parametrize(("a", "b"), [("interior", "international"), ("army", "armoured"), ("osk", "oslo")])
def test_different_words_are_not_akin(a: str, b: str) -> None:
    assert not akin(a, b)


@pytest.mark.parametrize(
    ("description", "presenting", "fits"),
    [
        ("a top Oskan official", "Osk regional president Ilmar Vesk", True),
        ("a top Oskan official", "Ilmar Vesk, president of the Osk region, said", True),
        ("a senior ministry official", "Interior Ministry spokeswoman Rana Holm", True),
        ("Talvian commanders", "Brigadier General Piet Orlo of the Talvian army", True),
        ("a top Oskan official", "Talvian Prime Minister Edo Marr", False),  # another nationality
        ("a senior ministry official", "Rana Holm, a lawyer for the ministry,", False),  # not an office
        ("Talvian commanders", "the Talvian foreign minister, Edo Marr,", False),  # not military
        ("residents", "Ilmar Vesk, a resident of Osk,", False),  # no role a named official fills
    ],
)
def test_a_role_fits_by_title_family_and_every_specific_word(description: str, presenting: str, fits: bool) -> None:
    assert role_fits(description, presenting) is fits


@pytest.mark.parametrize(
    ("passage", "named"),
    [
        (f"Ilmar Vesk, president of the Osk region, said {CONTENT} on Monday.", "Ilmar Vesk"),
        (f"Osk regional president Ilmar Vesk told reporters that {CONTENT}.", "Osk regional president Ilmar Vesk"),
        ("Border guards had reopened 14 crossings along the Tarna river, said Ilmar Vesk, the Oskan regional president.", "Ilmar Vesk"),
        (f"Ilmar Vesk, president of the Osk region, said border guards had reopened 30 crossings along the Tarna river.", None),
        (f"Talvian Prime Minister Edo Marr said {CONTENT}.", None),
    ],
    ids=["apposition", "title-before-name", "name-after-content", "other-figure", "role-does-not-fit"],
)
def test_the_named_person_is_found_by_the_claim_extractor(passage: str, named: str | None) -> None:
    assert named_speaker("a top Oskan official", WEIGHTS, passage) == named


def test_the_date_window_and_the_contradicting_side() -> None:
    same_day = [DatedPassage(f"Ilmar Vesk, president of the Osk region, said {CONTENT}.", "2024-09-02")]
    weeks_later = [DatedPassage(same_day[0].text, "2024-10-20")]
    assert described_status("a top Oskan official", WEIGHTS, same_day, [], "2024-09-02") == ("confirmed", "Ilmar Vesk")
    assert described_status("a top Oskan official", WEIGHTS, weeks_later, [], "2024-09-02") == ("unconfirmed", None)
    assert described_status("a top Oskan official", WEIGHTS, [], same_day, "2024-09-02")[0] == "disputed"


ARTICLE = Document(text=f"A top Oskan official said {CONTENT}.", url="https://wire.example/osk", published="2024-09-02")


def test_check_claim_confirms_a_described_speaker_named_by_an_independent_source() -> None:
    claim = standalone_claim(f"A top Oskan official said {CONTENT}.")
    assert claim.speaker is not None and claim.speaker.kind == "anonymous"
    named = make_doc(f"Ilmar Vesk, president of the Osk region, said on Monday that {CONTENT}.",
                     "https://herald.example/osk", published="2024-09-02")
    verdict = check_claim(claim, ARTICLE, [named])
    assert verdict.label == "supported"
    assert verdict.attribution == "confirmed"
    assert "Ilmar Vesk" in verdict.rationale


def test_an_unnamed_restatement_leaves_a_described_speaker_unconfirmed() -> None:
    claim = standalone_claim(f"A top Oskan official said {CONTENT}.")
    unnamed = make_doc(f"Officials said on Monday that {CONTENT}.", "https://herald.example/osk2", published="2024-09-02")
    verdict = check_claim(claim, ARTICLE, [unnamed])
    assert verdict.label == "supported"
    assert verdict.attribution == "unconfirmed"  # "official" in the text is not a name


def test_a_description_with_a_relative_clause_is_still_a_description() -> None:
    claim = standalone_claim(f"A top Oskan official, who spoke on condition of anonymity, said {CONTENT}.")
    assert claim.speaker is not None
    named = make_doc(f"Ilmar Vesk, president of the Osk region, said on Monday that {CONTENT}.",
                     "https://herald.example/osk", published="2024-09-02")
    verdict = check_claim(claim, ARTICLE, [named])
    assert (verdict.attribution, "Ilmar Vesk" in verdict.rationale) == ("confirmed", True)
    unnamed = make_doc(f"An official said on Monday that {CONTENT}.", "https://herald.example/osk3", published="2024-09-02")
    assert check_claim(claim, ARTICLE, [unnamed]).attribution == "unconfirmed"
