"""Datelines and page furniture (issue 10): metadata and labels are never speakers or claims."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from pipeline.extraction import document_from_text, extract_document
from pipeline.furniture import find_furniture, first_dateline, masked
from tests.unit.html_pages import ARTICLE_PARAGRAPHS, article_page
from tests.unit.test_claims import _check_offsets

URL = "https://ledger.example.com/2023/06/04/flood"


@pytest.mark.parametrize(("line", "place", "agency"), [
    ("MARLOW, Ruritania (HARBOUR WIRE) - Government troops shelled a ridge on Monday.", "MARLOW, Ruritania", "HARBOUR WIRE"),
    ("CAPITAL CITY, Jan. 22 - The finance minister defended the budget on Tuesday.", "CAPITAL CITY", None),
    ("PORT ELLIS (Wire) — The harbour master said 14 trawlers had sunk.", "PORT ELLIS", "Wire"),
    ("Velmora, 3 March 2024 — Two ministers resigned on Sunday.", "Velmora", None),
    ("EASTON, Md. -- The county clerk said the count was over.", "EASTON, Md.", None),
])
def test_datelines_are_metadata(line: str, place: str, agency: str | None) -> None:
    found = first_dateline(line)
    assert found is not None and (found.place, found.agency) == (place, agency)
    assert not line[found.end :].startswith((" ", "-", "—"))
    doc = document_from_text(line)
    assert (doc.dateline_place, doc.dateline_agency) == (place, agency)


@pytest.mark.parametrize("line", [
    "Clinton - the front-runner - said no.",
    "EXCLUSIVE – Ana Petrov: the port will close.",
    "Mr. Velk - a farmer - lost his barn.",
    "The mayor said 40 buses would go.",
])
def test_prose_and_labels_are_not_datelines(line: str) -> None:
    assert first_dateline(line) is None


@pytest.mark.parametrize("text", [
    "MARLOW, Ruritania (HARBOUR WIRE) - Defence Minister Ilse Marr defended the new budget on Tuesday, "
    "saying it would cut waste.",
    "CAPITAL CITY, Jan. 22 - Defence Minister Ilse Marr defended the new budget on Tuesday, saying it would cut waste.",
])
def test_a_dateline_is_never_part_of_a_speaker(text: str) -> None:
    claims = extract_claims(text)
    _check_offsets(text, claims)
    speakers = [c.speaker.text for c in claims if c.speaker is not None]
    assert speakers and all(s.startswith("Defence Minister") for s in speakers)


def test_troops_attacking_a_town_is_an_act_not_a_stance() -> None:
    text = ("MARLOW, Ruritania (HARBOUR WIRE) - Government troops attacked a rebel-held town north of the "
            "capital on Monday. The opposition leader attacked the plan in a speech.")
    claims = extract_claims(text)
    assert not any(c.speaker is not None and c.speaker.text in ("MARLOW", "Government troops") for c in claims)
    leader = [c for c in claims if c.speaker is not None and c.speaker.text == "The opposition leader"]
    assert leader and leader[0].content.text == "the plan"


FURNITURE = (
    "Dockers walk out over pay\n\n"
    "VIDEO: Crane operators leave the northern terminal\n\n"
    "A SIMPLE GUIDE: How do I claim a refund for a late ferry?\n\n"
    "Our Standards: The Harbour Wire Trust Principles.\n\n"
    "Sign up for our morning newsletter and get the five stories you need in your inbox.\n\n"
    "The harbour master said 14 trawlers had been held at anchor since Monday."
)


def test_furniture_kinds() -> None:
    kinds = {FURNITURE[f.start : f.end].split(":")[0]: f.kind for f in find_furniture(FURNITURE)}
    assert kinds["Dockers walk out over pay"] == "heading"
    assert kinds["VIDEO"] == "teaser"
    assert kinds["A SIMPLE GUIDE"] == "label"
    assert kinds["Sign up for our morning newsletter and get the five stories you need in your inbox."] == "promo"
    assert "Our Standards" not in kinds and "The harbour master said 14 trawlers had been held at anchor since Monday." not in kinds
    blank = masked(FURNITURE)
    assert len(blank) == len(FURNITURE) and "VIDEO" not in blank and "newsletter" not in blank


def test_furniture_gives_no_claims_and_a_heading_colon_is_no_cue() -> None:
    claims = extract_claims(FURNITURE)
    _check_offsets(FURNITURE, claims)
    assert [(c.speaker.text if c.speaker else None, c.content.text) for c in claims] == [
        ("The harbour master", "14 trawlers had been held at anchor since Monday")]


def test_html_drops_teasers_and_promos_and_reads_the_dateline() -> None:
    extra = ("VIDEO: Volunteers fill sandbags at the old bridge",
             "Sign up for our flood alerts newsletter to get updates in your inbox.")
    page = article_page(paragraphs=(ARTICLE_PARAGRAPHS[0], extra[0], *ARTICLE_PARAGRAPHS[1:], extra[1]))
    doc = extract_document(page, URL)
    assert "VIDEO" not in doc.text and "newsletter" not in doc.text
    assert "Rescue crews pulled 37 people" in doc.text and "more rain on Tuesday" in doc.text
    assert (doc.dateline_place, doc.dateline_agency) == ("PORTVALE", "Harbour Wire")
    claims = extract_claims(doc.text)
    assert not any(c.speaker is not None and "PORTVALE" in c.speaker.text for c in claims)
