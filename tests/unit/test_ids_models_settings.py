"""Pure backbone pieces: deterministic ids, record round trips, settings invariants."""

from __future__ import annotations

import pytest

from config.settings import load_settings
from pipeline import ids
from pipeline.errors import ConfigError
from pipeline.models import (ArticleInput, Claim, Document, Evidence, Quantity, Report, SourceFailure, Span,
                             Speaker, Verdict, ClaimResult, to_dict)


def test_article_id_is_stable_under_url_noise() -> None:
    a = ids.article_id(url="HTTPS://Example.COM:443/news/x#frag")
    b = ids.article_id(url="https://example.com/news/x")
    assert a == b and a.startswith("a_")
    assert ids.article_id(url="https://example.com/news/y") != a


def test_article_id_from_text_ignores_whitespace_only() -> None:
    assert ids.article_id(content="Hello  world\n") == ids.article_id(content="hello world")
    assert ids.article_id(content="hello world!") != ids.article_id(content="hello world")


def test_article_id_for_prefers_url() -> None:
    inp_url = ArticleInput(url="https://a.example/x", sources=("https://b.example/",))
    assert ids.article_id_for(inp_url) == ids.article_id(url="https://a.example/x")
    assert ids.article_id_for(ArticleInput(text="Some text")) == ids.article_id(content="Some text")


def test_claim_id_depends_on_offset() -> None:
    assert ids.claim_id("a_1", "X said 3", 10) != ids.claim_id("a_1", "X said 3", 50)
    assert ids.claim_id("a_1", "X said 3", 10) == ids.claim_id("a_1", "x  said 3", 10)


def _claim() -> Claim:
    return Claim(
        id="c_1", text="Officials say 30 strikes hit the north.", start=0, end=39,
        speaker=Speaker("Officials", 0, 9, "group"), cue=Span("say", 10, 13),
        content=Span("30 strikes hit the north", 14, 38), quote="indirect",
        quantities=(Quantity(30, 30, 30, False, None, "strikes", "north", "30", 14, 16),),
        checkworthy=0.9, claim_type="quantity",
    )


def test_claim_and_verdict_round_trip_through_json_shapes() -> None:
    claim = _claim()
    assert Claim.from_dict(to_dict(claim)) == claim
    ev = Evidence("https://b.example/", "T", "B", "2024-01-01", "p", "supports", True, None, "2024-01-02T00:00:00+00:00", "ab")
    verdict = Verdict("supported", 0.7, "confirmed", 1, "One outlet agrees.", (ev,), (SourceFailure("https://c.example/", "timeout"),))
    assert Verdict.from_dict(to_dict(verdict)) == verdict


def test_from_dict_ignores_unknown_fields() -> None:
    data = {**to_dict(_claim()), "verdict": None, "added_later": 1}
    assert Claim.from_dict(data) == _claim()


def test_report_counts_progress_from_verdicts() -> None:
    verdict = Verdict("unverified", 0.0, "unconfirmed", 0, "No sources.")
    report = Report("a_1", "running", Document(text="t"), (ClaimResult(_claim(), verdict), ClaimResult(_claim(), None)), claims_total=2)
    assert report.to_dict()["progress"] == {"claims_total": 2, "claims_done": 1}


def test_settings_refuse_limits_that_would_run_tasks_twice() -> None:
    with pytest.raises(ConfigError, match="VISIBILITY_TIMEOUT"):
        load_settings(task_soft_time_limit=60, task_time_limit=120, visibility_timeout=100)
    with pytest.raises(ConfigError, match="SOFT_TIME_LIMIT"):
        load_settings(task_soft_time_limit=130, task_time_limit=120)


def test_settings_parse_comma_lists_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCHECK_FETCH_ALLOW_HOSTS", "127.0.0.1, 10.0.0.0/8")
    monkeypatch.setenv("NEWSCHECK_API_KEYS", "k1,k2")
    s = load_settings()
    assert s.fetch_allow_hosts == ["127.0.0.1", "10.0.0.0/8"]
    assert s.api_keys == ["k1", "k2"]


def test_settings_refuse_a_non_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCHECK_REDIS_URL", "http://localhost:6379")
    with pytest.raises(ConfigError, match="NEWSCHECK_REDIS_URL"):
        load_settings()


def test_claims_sharing_a_sentence_get_distinct_ids() -> None:
    from pipeline.claims import extract_claims

    text = ("Rebels have fired dozens of rockets at the city since May. "
            "Police officials say there have been 30 in the north and 45 in the east.")
    claims = extract_claims(text, article_id="a_t")
    figures = [c for c in claims if c.quantities and c.quantities[0].value in (30, 45)]
    assert len(figures) == 2
    assert len({c.id for c in claims}) == len(claims)


def test_duplicate_claim_ids_are_refused_where_claims_are_made() -> None:
    from pipeline.errors import InvariantError
    from pipeline.records import unique_claims

    dup = _claim()
    with pytest.raises(InvariantError, match="duplicate claim ids"):
        unique_claims("a_1", [dup, dup])
    assert unique_claims("a_1", [dup]) == (dup,)


def test_article_deadline_must_exceed_visibility_timeout() -> None:
    """Hardening (issue 14, item 9): the sweeper must not finish an article while its task can be redelivered."""
    with pytest.raises(ConfigError, match="ARTICLE_DEADLINE"):
        load_settings(article_deadline=600, visibility_timeout=600)
    assert load_settings().article_deadline > load_settings().visibility_timeout


def test_id_formats() -> None:
    from pipeline.ids import article_id, is_article_id, is_claim_id
    assert is_article_id(article_id(content="x"))
    for bad in ("a_x", "a_0123456789abcdef:claims", "a_0123456789ABCDEF", "c_0123456789abcdef", "", "a_0123456789abcdef\n"):
        assert not is_article_id(bad)
    assert is_claim_id("c_0123456789abcdef") and not is_claim_id("c_0123456789abcdef:sources")
