"""Pure pieces of the flow and the log format."""

from __future__ import annotations

import json
import logging

from config.logging import JsonFormatter
from pipeline.flow import candidate_sources, select_claims
from pipeline.models import ArticleInput, Claim, Document, Span


def _claim(i: int, score: float) -> Claim:
    return Claim(id=f"c_{i}", text=f"t{i}", start=i * 5, end=i * 5 + 2, speaker=None, cue=None,
                 content=Span(f"t{i}", i * 5, i * 5 + 2), quote="none", checkworthy=score)


def test_claim_limit_keeps_the_most_checkworthy_in_article_order() -> None:
    claims = [_claim(0, 0.1), _claim(1, 0.9), _claim(2, 0.5), _claim(3, 0.8)]
    assert [c.id for c in select_claims(claims, 2)] == ["c_1", "c_3"]
    assert select_claims(claims, 10) == claims


def test_candidate_sources_never_repeat_and_never_include_the_article() -> None:
    inp = ArticleInput(url="https://a.example/story", sources=("https://b.example/1", "https://B.example/1#top",
                                                                "https://a.example/story"))
    doc = Document(text="x", links=("https://c.example/2", "https://b.example/1"))
    assert candidate_sources(inp, doc, max_sources=10, max_cited_links=10) == ["https://b.example/1", "https://c.example/2"]
    assert candidate_sources(inp, doc, max_sources=1, max_cited_links=0) == ["https://b.example/1"]


def test_json_logs_carry_article_and_claim_ids() -> None:
    record = logging.LogRecord("newscheck.tasks", logging.INFO, __file__, 1, "judged %s", ("x",), None)
    record.claim_id = "c_123"
    record.task = "newscheck.judge_claim"
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "judged x" and line["claim_id"] == "c_123" and line["task"] == "newscheck.judge_claim"


def test_source_urls_lists_fetched_and_failed_sources() -> None:
    from pipeline.flow import source_urls
    from pipeline.models import SourceFailure

    docs = [Document(text="a", url="https://b.example/1"), Document(text="b")]
    assert source_urls(docs, [SourceFailure("https://c.example/2", "timeout")]) == ["https://b.example/1", "https://c.example/2"]
