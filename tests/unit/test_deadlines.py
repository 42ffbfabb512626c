"""The sweeper's rule for an article past its deadline (pure, no Redis, no Celery)."""

from __future__ import annotations

from pipeline.deadlines import past_deadline
from pipeline.models import ArticleStatus
from pipeline.records import ArticleMeta


def test_gone_or_finished_articles_only_lose_their_deadline() -> None:
    assert past_deadline(None).finish is None
    for status in (ArticleStatus.DONE, ArticleStatus.FAILED):
        plan = past_deadline(ArticleMeta(status, claims_total=3, claims_done=1))
        assert plan.finish is None and plan.open_claims_get is None and plan.error is None


def test_an_article_never_extracted_fails_with_timeout() -> None:
    for status in (ArticleStatus.QUEUED, ArticleStatus.RUNNING):
        plan = past_deadline(ArticleMeta(status))
        assert plan.finish is ArticleStatus.FAILED and plan.open_claims_get is None
        assert plan.error == {"reason": "timeout", "detail": "not processed before its deadline"}


def test_open_claims_become_unverified_and_the_article_is_done() -> None:
    plan = past_deadline(ArticleMeta(ArticleStatus.RUNNING, claims_total=4, claims_done=2))
    assert plan.finish is ArticleStatus.DONE and plan.error is None
    verdict = plan.open_claims_get
    assert verdict is not None and verdict.label == "unverified" and verdict.reason == "timeout"
    assert verdict.confidence == 0.0 and "deadline passed" in verdict.rationale


def test_zero_claims_registered_is_done_not_failed() -> None:
    assert past_deadline(ArticleMeta(ArticleStatus.RUNNING, claims_total=0)).finish is ArticleStatus.DONE
