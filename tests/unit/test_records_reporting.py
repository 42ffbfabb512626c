"""Typed state records and the report assembled from what the state ports return (no Redis)."""

from __future__ import annotations

import json
from typing import Any, get_args

from pipeline.facts import fact_key
from pipeline.models import ArticleInput, ArticleStatus, Claim, ClaimResult, Document, SourceFailure, Span, Status, Verdict
from pipeline.records import ArticleMeta, CallbackDelivery, CallbackStatus
from pipeline.reporting import article_document, assemble_report, read_report, with_shared


def _claim(i: int = 0) -> Claim:
    return Claim(id=f"c_{i}", text=f"Police say {i + 3} were hurt.", start=0, end=20, speaker=None, cue=None,
                 content=Span(f"{i + 3} were hurt", 11, 21), quote="indirect")


def _verdict() -> Verdict:
    return Verdict("supported", 0.7, "confirmed", 2, "two outlets")  # type: ignore[arg-type]


class FakeStore:
    """The parts of the article, verdict and fact ports the report reads, from plain dicts."""

    def __init__(self, meta: ArticleMeta | None, doc: Document | None, results: list[ClaimResult],
                 failures: list[SourceFailure], sharers: dict[str, set[str]]) -> None:
        self.meta, self.doc, self.results, self.failures, self.sharers = meta, doc, results, failures, sharers
        self.asked: list[str | None] = []

    def article(self, aid: str) -> ArticleMeta | None:
        return self.meta

    def document(self, aid: str) -> Document | None:
        return self.doc

    def claim_results(self, aid: str) -> list[ClaimResult]:
        return self.results

    def fact_articles(self, keys: Any) -> list[set[str]]:
        self.asked = list(keys)
        return [self.sharers.get(k, set()) if k else set() for k in keys]

    def article_sources(self, aid: str) -> tuple[list[Document], list[SourceFailure]]:
        return [], self.failures


def test_status_enum_keeps_the_wire_strings() -> None:
    assert [s.value for s in ArticleStatus] == list(get_args(Status))
    assert json.dumps({"status": ArticleStatus.DONE}) == '{"status": "done"}'
    assert f"{ArticleStatus.RUNNING}" == "running" and ArticleStatus("failed") is ArticleStatus.FAILED
    assert ArticleStatus.DONE.finished and ArticleStatus.FAILED.finished
    assert not ArticleStatus.QUEUED.finished and not ArticleStatus.RUNNING.finished


def test_meta_says_whether_claims_are_registered() -> None:
    assert not ArticleMeta(ArticleStatus.QUEUED).claims_registered
    assert ArticleMeta(ArticleStatus.RUNNING, claims_total=0).claims_registered


def test_document_falls_back_to_what_was_submitted() -> None:
    meta = ArticleMeta(ArticleStatus.QUEUED, input=ArticleInput(url="https://example.org/a", title="T", published="2024-01-02"))
    shown = article_document(meta, None)
    assert (shown.text, shown.url, shown.title, shown.published) == ("", "https://example.org/a", "T", "2024-01-02")
    doc = Document(text="body", url="https://example.org/final")
    assert article_document(meta, doc) is doc
    assert article_document(ArticleMeta(ArticleStatus.QUEUED), None).text == ""


def test_report_from_the_store_with_shared_facts_and_callback() -> None:
    doc = Document(text="Police say 3 were hurt.", published="2024-05-01")
    results = [ClaimResult(_claim(0), _verdict()), ClaimResult(_claim(1), None)]
    key = fact_key(results[0].claim, doc.published)
    assert key is not None
    failure = SourceFailure("https://example.org/s", "timeout")
    meta = ArticleMeta(ArticleStatus.RUNNING, claims_total=2, claims_done=1,
                       callback=CallbackDelivery("https://hook.example/x", CallbackStatus.RETRYING, 2, "t", "http 500"))
    store = FakeStore(meta, doc, results, [failure], {key: {"a_me", "a_other", "a_b"}})
    report = read_report(store, store, store, "a_me")  # type: ignore[arg-type]
    assert report is not None
    out = report.to_dict()
    assert out["status"] == "running" and out["progress"] == {"claims_total": 2, "claims_done": 1}
    assert [c["shared_with"] for c in out["claims"]] == [["a_b", "a_other"], []]
    assert out["callback"] == {"url": "https://hook.example/x", "status": "retrying", "attempts": 2,
                               "last_at": "t", "last_error": "http 500"}
    assert out["source_failures"] == [{"url": "https://example.org/s", "reason": "timeout", "detail": ""}]
    assert store.asked == [fact_key(r.claim, doc.published) for r in results]
    empty = FakeStore(None, None, [], [], {})
    assert read_report(empty, empty, empty, "a_x") is None  # type: ignore[arg-type]


def test_a_failed_article_reports_its_error_and_no_callback() -> None:
    meta = ArticleMeta(ArticleStatus.FAILED, error={"reason": "timeout", "detail": "late"})
    out = assemble_report("a_1", meta, Document(text=""), [], []).to_dict()
    assert out["error"] == {"reason": "timeout", "detail": "late"} and "callback" not in out
    assert out["progress"]["claims_total"] == 0


def test_with_shared_leaves_the_article_itself_out() -> None:
    r = ClaimResult(_claim(), None)
    assert with_shared("a_1", [r], [{"a_1"}])[0].shared_with == ()
    assert with_shared("a_1", [r], [set()])[0] is r
