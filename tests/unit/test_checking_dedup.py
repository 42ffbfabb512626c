import time

from pipeline.checking.dedup import ARTICLE, assess_independence, shingles
from pipeline.models import Document

ARTICLE_TEXT = (
    "Rebel commanders said on Monday that 60 fighters had crossed the river near the northern town "
    "overnight, and that shelling continued into the morning while aid convoys waited at the bridge."
)


def doc(text: str, url: str, published: str | None = None) -> Document:
    return Document(text=text, url=url, published=published)


def test_copy_of_the_article_is_not_independent_and_points_to_its_url() -> None:
    article = doc(ARTICLE_TEXT, "https://wire.example/a")
    copy = doc("Advertisement. " + ARTICLE_TEXT + " Share this story.", "https://reprint.example/b")
    own = doc("A hospital official counted 40 wounded fighters brought in from the river crossing.", "https://other.example/c")
    result = assess_independence(article, [copy, own])
    assert result.independent == (False, True)
    assert result.duplicate_of == ("https://wire.example/a", None)
    assert result.copies_article == (True, False)


def test_copy_of_an_article_without_url_points_to_the_word_article() -> None:
    result = assess_independence(Document(text=ARTICLE_TEXT), [doc(ARTICLE_TEXT, "https://x.example/1")])
    assert result.duplicate_of == (ARTICLE,)


def test_reprints_collapse_to_the_earliest() -> None:
    story = "Officials in the port city reported that 300 containers were stranded after the strike began last week."
    late = doc(story + " More soon.", "https://late.example/1", "2024-03-05")
    early = doc(story, "https://early.example/2", "2024-03-01")
    other = doc("The union said its members would return to work on Thursday if talks resumed.", "https://u.example/3")
    result = assess_independence(None, [late, early, other])
    assert result.independent == (False, True, True)
    assert result.duplicate_of[0] == "https://early.example/2"


def test_a_shared_quote_does_not_make_a_copy() -> None:
    quote = '"We will not leave the square," the organiser said.'
    a = doc("Thousands gathered downtown on Sunday as police closed side streets. " + quote + " The crowd dispersed by nightfall after speeches and music.", "https://a.example")
    b = doc("In a tense standoff, marchers faced riot units near the ministry for hours. " + quote + " Several arrests were reported later by local media outlets.", "https://b.example")
    assert assess_independence(None, [a, b]).independent == (True, True)


def test_same_url_twice_counts_once() -> None:
    a = doc("First fetch of the page about the harbour budget vote.", "https://same.example/p")
    b = doc("Second fetch, text changed since: the harbour budget vote was delayed.", "https://same.example/p")
    assert assess_independence(None, [a, b]).independent == (True, False)


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The cat sat on the mat today.") == shingles("the CAT sat, on the mat today")


def test_fifty_long_sources_are_fast() -> None:
    sources = [
        doc(" ".join(f"sentence {i} of source {s} mentions item{(i * 7 + s) % 997} and item{i}." for i in range(200)), f"https://s{s}.example")
        for s in range(50)
    ]
    start = time.perf_counter()
    result = assess_independence(doc(ARTICLE_TEXT, "https://wire.example/a"), sources)
    assert time.perf_counter() - start < 5.0
    assert len(result.independent) == 50
