"""Speaker kind from the context of a name (issue 10), outlet and visible date lines of pages.
Texts and pages are invented."""

from __future__ import annotations

import pytest

from pipeline.claims import extract_claims
from pipeline.extraction import extract_document
from tests.unit.html_pages import article_page, json_ld

URL = "https://wire.example.net/world/2024/story"
PARAS = ("Rescue crews pulled 37 people from the river on Sunday after the bank gave way, officials said.",
         "The mayor said the town would rebuild the bridge before the winter.")


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(c.speaker.text, c.speaker.kind) for c in extract_claims(text) if c.speaker is not None]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Phoenix said he would not run again.", "Phoenix"),
    ("Velasquez told reporters she had no plans to resign.", "Velasquez"),
    ("Phoenix, a spokeswoman for the agency, said the road was closed.", "Phoenix"),
    ("Abu Bakr al-Baghdadi leads the group. Baghdadi said the fight would go on.", "Baghdadi"),
    ("Sen. Marlow said the bill was dead.", "Sen. Marlow"),
    ("Mr. Okafor said the bridge was safe.", "Mr. Okafor"),
    ("Interior Minister Velasquez said she would resign.", "Interior Minister Velasquez"),
    ("Kowalczyk said his team would appeal the ruling.", "Kowalczyk"),
])
def test_a_name_the_context_shows_to_be_a_person_is_a_person(text: str, speaker: str) -> None:
    assert (speaker, "person") in _kinds(text)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Microsoft said it would hire 500 engineers.", "Microsoft"),
    ("Hamas said it had fired 20 rockets.", "Hamas"),
    ("The Pentagon said the strike killed 12 fighters.", "The Pentagon"),
    ("The Ministry of Health said it had recorded 40 new cases.", "The Ministry"),
    ("Reuters said the figure was wrong.", "Reuters"),
])
def test_institutions_stay_organisations(text: str, speaker: str) -> None:
    assert (speaker, "organisation") in _kinds(text)


def test_documents_and_unnamed_groups_keep_their_kinds() -> None:
    assert ("The report", "document") in _kinds("The report said 30 schools had closed.")
    assert ("Witnesses", "group") in _kinds("Witnesses said the convoy was hit twice.")


def test_the_json_ld_publisher_names_the_outlet_before_og_site_name() -> None:
    head = json_ld(headline="Bridge falls", publisher={"@type": "NewsMediaOrganization", "name": "Harbour Wire"}) \
        + '<meta property="og:site_name" content="U.S.">'
    assert extract_document(article_page(head=head, paragraphs=PARAS), URL).outlet == "Harbour Wire"
    only_og = '<meta property="og:site_name" content="Portvale Daily Ledger">'
    assert extract_document(article_page(head=only_og, paragraphs=PARAS), URL).outlet == "Portvale Daily Ledger"


@pytest.mark.parametrize(("line", "day"), [
    ("Published March 3, 2024 10:15 AM", "2024-03-03"),
    ("Posted: Tuesday 5 March 2024", "2024-03-05"),
    ("Sept. 14, 2023", "2023-09-14"),
    ("10:15 AM EST, Tue March 5, 2024", "2024-03-05"),
])
def test_a_visible_date_line_dates_a_page_without_date_metadata(line: str, day: str) -> None:
    byline = f'<p class="byline">By Jonas Everett</p><p class="stamp">{line}</p>'
    assert extract_document(article_page(byline=byline, paragraphs=PARAS), URL).published == day


def test_a_published_line_wins_over_an_updated_one_and_running_text_dates_nothing() -> None:
    byline = ('<p class="byline">By Jonas Everett</p><p>Updated June 9, 2024</p><p>Published June 2, 2024</p>')
    assert extract_document(article_page(byline=byline, paragraphs=PARAS), URL).published == "2024-06-02"
    prose = PARAS + ("The bridge was first opened on May 2, 1961, and rebuilt once.",)
    assert extract_document(article_page(paragraphs=prose), URL).published is None


def test_metadata_dates_still_win_over_a_visible_line() -> None:
    head = '<meta property="article:published_time" content="2024-01-07T08:00:00Z">'
    byline = '<p class="byline">By Jonas Everett</p><p>Published March 3, 2024</p>'
    assert extract_document(article_page(head=head, byline=byline, paragraphs=PARAS), URL).published == "2024-01-07"
