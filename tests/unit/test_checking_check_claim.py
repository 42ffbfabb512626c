"""check_claim end to end on invented sources: independence, figures, time, honesty."""

import time

from pipeline.checking import check_claim, weigh_sources
from pipeline.models import Claim, Document, SourceFailure, Span, Speaker, to_dict
from pipeline.quantities import find_quantities


# Claims are built directly (the checker must work on any Claim): the whole text is the
# content and its figures come from pipeline.quantities.
def make_claim(text: str, *, speaker: str | None = None) -> Claim:
    who = Speaker(speaker, 0, 0, "person") if speaker else None
    return Claim("c_test", text, 0, len(text), who, None, Span(text, 0, len(text)), "none", tuple(find_quantities(text)))


def make_doc(text: str, url: str, *, published: str | None = None, outlet: str | None = None) -> Document:
    return Document(text=text, url=url, title=None, outlet=outlet, published=published,
                    sha256="ab" * 32, fetched_at="2024-05-02T10:00:00Z")


ARTICLE = Document(
    text=(
        "Colonel Samir Nadim said 60 drones struck the eastern depot on Tuesday, according to a statement. "
        "Residents reported fires near the depot until the evening, and the road to the coast was closed."
    ),
    url="https://wire.example/story",
    published="2024-05-01",
)
CLAIM = make_claim("60 drones struck the eastern depot on Tuesday", speaker="Colonel Samir Nadim")


def test_two_independent_sources_with_another_figure_contradict() -> None:
    sources = [
        make_doc("Nadim's office later said 40 drones struck the eastern depot on Tuesday.", "https://a.example/1"),
        make_doc("Satellite analysts counted 40 drones that struck the eastern depot on Tuesday night.", "https://b.example/2"),
        make_doc(ARTICLE.text, "https://copy.example/3"),
    ]
    verdict = check_claim(CLAIM, ARTICLE, sources)
    assert verdict.label == "contradicted"
    assert verdict.independent_sources == 2
    assert verdict.attribution == "disputed"  # the colonel's office is quoted with another figure
    assert "40" in verdict.rationale and "60" in verdict.rationale
    copy = [e for e in verdict.evidence if e.url == "https://copy.example/3"]
    assert copy and all(not e.independent and e.duplicate_of == ARTICLE.url for e in copy)


def test_agreeing_independent_sources_support_and_confidence_grows() -> None:
    one = [make_doc("Colonel Nadim said 60 drones struck the eastern depot on Tuesday.", "https://a.example/1")]
    two = one + [make_doc("Witnesses said about 60 drones struck the eastern depot on Tuesday morning.", "https://b.example/2")]
    v1, v2 = check_claim(CLAIM, ARTICLE, one), check_claim(CLAIM, ARTICLE, two)
    assert v1.label == v2.label == "supported"
    assert v2.confidence > v1.confidence
    assert v2.attribution == "confirmed"


def test_the_article_never_supports_itself() -> None:
    verdict = check_claim(CLAIM, ARTICLE, [make_doc(ARTICLE.text, "https://copy.example/3")])
    assert verdict.label == "unverified"
    assert verdict.independent_sources == 0
    assert "repeats the article" in verdict.rationale


def test_later_sources_are_flagged_and_never_contradict() -> None:
    later = make_doc("By Friday officials said 90 drones had struck the eastern depot since Tuesday.", "https://later.example/1", published="2024-05-10")
    verdict = check_claim(CLAIM, ARTICLE, [later])
    assert verdict.label != "contradicted"
    assert all(e.after_claim for e in verdict.evidence)


def test_a_later_lower_figure_is_held_back_and_said_so() -> None:
    later = make_doc("Officials said 30 drones struck the eastern depot on Tuesday.", "https://later.example/2", published="2024-05-10")
    verdict = check_claim(CLAIM, ARTICLE, [later])
    assert verdict.label == "unverified"
    assert "published after the claim" in verdict.rationale
    earlier = make_doc(later.text, "https://early.example/2", published="2024-04-30")
    assert check_claim(CLAIM, ARTICLE, [earlier]).label == "contradicted"


def test_unverified_names_the_failures() -> None:
    failures = [SourceFailure("https://gone.example/x", "http 404"), SourceFailure("https://slow.example/y", "timeout")]
    unrelated = make_doc("The football club announced a new coach for the coming season.", "https://sport.example/1")
    verdict = check_claim(CLAIM, ARTICLE, [unrelated], failures)
    assert verdict.label == "unverified" and 0.0 < verdict.confidence < 1.0  # the chance "unverified" is right
    assert "No passage of any independent source is about the claim" in verdict.rationale
    assert "http 404" in verdict.rationale and "timeout" in verdict.rationale
    assert verdict.failures == tuple(failures)


def test_a_no_answer_to_a_question_restating_the_claim_contradicts() -> None:
    claim = make_claim("The city council banned electric scooters from the old town")
    page = make_doc("Did the city council ban electric scooters from the old town?\nNo, the proposal was withdrawn before the vote.", "https://fc.example/1")
    assert check_claim(claim, None, [page]).label == "contradicted"


def test_evidence_keeps_the_audit_trail() -> None:
    source = make_doc("Colonel Nadim said 60 drones struck the eastern depot on Tuesday.", "https://a.example/1", outlet="A News", published="2024-04-30")
    verdict = check_claim(CLAIM, ARTICLE, [source])
    e = verdict.evidence[0]
    assert (e.url, e.outlet, e.published, e.sha256, e.fetched_at) == (source.url, "A News", "2024-04-30", source.sha256, source.fetched_at)
    assert e.passage in source.text
    bare = Document(text=source.text, url="https://b.example/2")
    e2 = check_claim(CLAIM, ARTICLE, [bare]).evidence[0]
    assert e2.sha256 == "" and e2.fetched_at == ""


def test_deterministic() -> None:
    sources = [make_doc(f"Report {i}: 40 drones struck the eastern depot on Tuesday.", f"https://s{i}.example") for i in range(5)]
    assert to_dict(check_claim(CLAIM, ARTICLE, sources)) == to_dict(check_claim(CLAIM, ARTICLE, sources))


def test_fifty_sources_of_two_hundred_sentences_are_fast() -> None:
    sources = [
        make_doc(" ".join(f"In district {i}, team {s} counted {i + s} damaged houses near the depot." for i in range(200)), f"https://s{s}.example")
        for s in range(50)
    ]
    start = time.perf_counter()
    verdict = check_claim(CLAIM, ARTICLE, sources)
    assert time.perf_counter() - start < 20.0
    assert len({e.url for e in verdict.evidence}) == 50


def test_an_open_ended_figure_supports_with_less_strength_than_an_exact_one() -> None:
    # The source's vote is weaker; the verdict's confidence is the learned verdict's calibrated
    # probability, which weighs this vote among other features.
    claim = make_claim("About 120 homes were destroyed in the northern town since January")
    exact = make_doc("Town officials said 120 homes were destroyed in the northern town since January.", "https://a.example/1")
    loose = make_doc("Town officials said more than 100 homes were destroyed in the northern town since January.", "https://b.example/2")
    v_exact, v_loose = check_claim(claim, None, [exact]), check_claim(claim, None, [loose])
    assert v_exact.label == v_loose.label == "supported"
    (exact_vote,), (loose_vote,) = weigh_sources(claim, None, [exact]).votes, weigh_sources(claim, None, [loose]).votes
    assert loose_vote.strength < exact_vote.strength


def test_the_passages_that_decide_open_the_evidence() -> None:
    page = make_doc(
        "The eastern depot struck residents as the eastern depot of old: the eastern depot again on Tuesday. "
        "The eastern depot, struck by rain on Tuesday, is the eastern depot people know. "
        "Colonel Nadim said 60 drones hit it.",
        "https://a.example/1",
    )
    verdict = check_claim(CLAIM, ARTICLE, [page])
    assert verdict.label == "supported"
    stances = [e.stance for e in verdict.evidence]
    assert stances == sorted(stances, key=lambda s: s == "neutral") and stances[0] == "supports"
    assert any("60 drones" in e.passage and e.stance == "supports" and "60" in (e.note or "") for e in verdict.evidence)


def test_a_claim_stated_across_neighbouring_sentences_under_its_title_and_date_is_supported() -> None:
    claim = make_claim("The museum named Ana Ruiz its first curator of textiles in 2021")
    page = Document(
        text="Published March 4, 2021\n" + "Visitors can book tours online. " * 6
        + "Ana Ruiz joins from the city archive. She is the first curator of textiles in its history.",
        url="https://museum.example/news", title="Museum names new curator",
    )
    verdict = check_claim(claim, None, [page])
    assert verdict.label == "supported"
    shown = " ".join(e.passage for e in verdict.evidence if e.stance == "supports")
    assert "Ana Ruiz joins" in shown and "first curator of textiles" in shown and "2021" in shown


def test_words_scattered_over_a_page_do_not_support() -> None:
    claim = make_claim("The museum named Ana Ruiz its first curator of textiles in 2021")
    scattered = " ".join(
        [f"Item {i}: the shop sells postcards and maps." for i in range(5)]
        + ["The museum opened in 1901."] + [f"Note {i}: parking is free on Sundays." for i in range(5)]
        + ["Ana Ruiz gave a talk on weaving."] + [f"Tip {i}: the café closes at five." for i in range(5)]
        + ["Textiles from 2021 are on show; the first curator retired long ago."]
    )
    assert check_claim(claim, None, [make_doc(scattered, "https://museum.example/misc")]).label == "unverified"
