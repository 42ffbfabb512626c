"""Query building for source discovery (pure): what is asked, in which order, with which dates."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from pipeline import flow
from pipeline.discovery import DateWindow, build_queries, date_window, named_entities, query_parts
from pipeline.errors import ConnectionFailed
from pipeline.models import Claim, Document, Quantity, Span, Speaker


def make_claim(content: str, *, speaker: Speaker | None = None, quantities: tuple[Quantity, ...] = (),
               time: str | None = None) -> Claim:
    return Claim(id="c1", text=content, start=0, end=len(content), speaker=speaker, cue=None,
                 content=Span(content, 0, len(content)), quote="indirect", quantities=quantities, time=time)


def qty(text: str, value: float, counted: str | None = None, context: str | None = None) -> Quantity:
    return Quantity(value=value, low=value, high=value, approx=False, unit=None, counted=counted, context=context,
                    text=text, start=0, end=len(text))


HARBOUR = make_claim(
    "the Port Authority of Valdora counted 4,200 container ships in the northern harbour since January",
    speaker=Speaker("Mayor Ilse Brandt", 0, 17, kind="person"),
    quantities=(qty("4,200", 4200, counted="container ships", context="the northern harbour"),),
)


def test_queries_are_few_distinct_and_shortest_first() -> None:
    queries = build_queries(HARBOUR)
    assert 1 <= len(queries) <= 3
    assert [len(q) for q in queries] == sorted(len(q) for q in queries)
    assert len({q.lower() for q in queries}) == len(queries)


def test_queries_name_speaker_figure_counted_thing_and_place() -> None:
    joined = " | ".join(build_queries(HARBOUR))
    assert "Mayor Ilse Brandt" in joined
    assert "4,200" in joined
    assert "container ships" in joined
    assert "northern harbour" in joined and "the northern harbour" not in joined
    assert "Port Authority of Valdora" in joined


def test_calendar_words_common_words_and_cues_are_not_search_terms() -> None:
    parts = query_parts(HARBOUR)
    terms = {t.lower() for t in (*parts.entities, *parts.keywords)}
    assert "january" not in terms and "since" not in terms
    assert "counted" in terms or "harbour" in terms
    said = make_claim("the inspectors said they believed the bridge collapsed", speaker=None)
    words = {w.lower() for w in query_parts(said).keywords}
    assert "said" not in words and "believed" not in words
    assert {"bridge", "collapsed", "inspectors"} <= words


def test_pronoun_and_anonymous_speakers_are_left_out_unless_resolved() -> None:
    content = "the refinery in Kestrel Bay will close next spring"
    for kind in ("pronoun", "anonymous"):
        claim = make_claim(content, speaker=Speaker("she", 0, 3, kind=kind))
        assert query_parts(claim).speaker is None
        assert all(q.split()[0] != "she" for q in build_queries(claim))
    resolved = make_claim(content, speaker=Speaker("she", 0, 3, kind="pronoun", resolved="Dana Okafor"))
    assert any("Dana Okafor" in q for q in build_queries(resolved))


def test_scale_words_and_percentages_stay_with_their_figure() -> None:
    claim = make_claim("about 1.4 million residents left and unemployment reached 12% in Norland",
                       quantities=(qty("about 1.4 million", 1.4e6, counted="residents"), qty("12%", 12)))
    assert query_parts(claim).figures == ("1.4 million", "12%")


def test_named_entities_keep_joiners_and_drop_capitalised_stop_words() -> None:
    found = named_entities("But the Bank of England and Olu Adeyemi met in Lagos on Friday")
    assert "Bank of England" in found and "Olu Adeyemi" in found and "Lagos" in found
    assert "But" not in found and "Friday" not in found


def test_a_claim_without_content_words_gives_no_query() -> None:
    assert build_queries(make_claim("it was there")) == []


def test_date_window_surrounds_the_article_date_else_the_event_date() -> None:
    window = date_window(HARBOUR, "2019-06-15T08:00:00+00:00")
    assert window is not None and window.start < date(2019, 6, 15) < window.end
    assert window.contains("2019-06-10") and not window.contains("2018-01-01") and window.contains(None)
    from_event = date_window(make_claim("x y", time="2020-02-01"), None)
    assert from_event is not None and from_event.contains("2020-02-01")
    assert date_window(make_claim("x y"), "not a date") is None


class ListProvider:
    """A provider answering from a fixed list (a stand-in of our own port, not of a library)."""

    def __init__(self, name: str, urls: Sequence[str], *, fail: bool = False) -> None:
        self.name, self.urls, self.fail, self.queries = name, list(urls), fail, []  # type: list[str]

    def search(self, query: str, *, limit: int = 5) -> Sequence[str]:
        self.queries.append(query)
        if self.fail:
            raise ConnectionFailed("http://search.invalid/")
        return self.urls[:limit]


class WindowProvider(ListProvider):
    def search_window(self, query: str, window: DateWindow | None, *, limit: int = 5) -> Sequence[str]:
        self.windows = getattr(self, "windows", []) + [window]
        return self.search(query, limit=limit)


ARTICLE = Document(text="...", url="https://news.example/story", published="2019-06-15")


def test_discover_merges_providers_in_turns_without_known_urls() -> None:
    a = ListProvider("a", ["https://a.example/1", "https://news.example/story", "https://a.example/2"])
    b = ListProvider("b", ["https://b.example/1", "https://a.example/1", "https://known.example/x"])
    urls = flow.discover(HARBOUR, ARTICLE, [a, b], max_urls=4, exclude=["https://known.example/x"])
    assert urls == ["https://a.example/1", "https://b.example/1", "https://a.example/2"]


def test_discover_caps_urls_and_stops_asking_a_provider_that_gave_enough() -> None:
    a = ListProvider("a", [f"https://a.example/{i}" for i in range(10)])
    assert len(flow.discover(HARBOUR, ARTICLE, [a], max_urls=2)) == 2
    assert len(a.queries) == 1


def test_discover_skips_a_failing_provider_and_passes_the_window() -> None:
    broken = ListProvider("broken", [], fail=True)
    windowed = WindowProvider("w", ["https://w.example/1"])
    assert flow.discover(HARBOUR, ARTICLE, [broken, windowed], max_urls=3) == ["https://w.example/1"]
    assert windowed.windows[0] == date_window(HARBOUR, ARTICLE.published)


def test_no_providers_means_no_discovery() -> None:
    assert flow.discover(HARBOUR, ARTICLE, [], max_urls=5) == []
