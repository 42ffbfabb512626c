"""The article report, assembled from what the state ports return.

``assemble_report`` is pure; ``read_report`` gathers its inputs through the article, verdict and
fact ports, so every store (Redis, a test double) yields the same report for the same state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence, Set

from pipeline.facts import fact_key
from pipeline.models import ClaimResult, Document, Report, SourceFailure
from pipeline.ports import ArticleStore, FactStore, VerdictStore
from pipeline.records import ArticleMeta


def article_document(meta: ArticleMeta, doc: Document | None) -> Document:
    """The extracted document, or (before extraction, or when it failed) what was submitted."""
    if doc is not None:
        return doc
    inp = meta.input
    if inp is None:
        return Document(text="")
    return Document(text=inp.text or "", url=inp.url, title=inp.title, published=inp.published)


def with_shared(aid: str, results: Sequence[ClaimResult], sharers: Sequence[Set[str]]) -> list[ClaimResult]:
    """Each claim with the other articles that carry its claim fact (the article itself left out)."""
    out = []
    for result, members in zip(results, sharers, strict=True):
        others = tuple(sorted(set(members) - {aid}))
        out.append(dataclasses.replace(result, shared_with=others) if members else result)
    return out


def assemble_report(aid: str, meta: ArticleMeta, doc: Document, results: Sequence[ClaimResult],
                    failures: Sequence[SourceFailure]) -> Report:
    return Report(
        id=aid, status=meta.status, article=doc, claims=tuple(results), claims_total=meta.claims_total or 0,
        error=meta.error, failures=tuple(failures),
        callback=meta.callback.to_report() if meta.callback is not None else None,
    )


def read_report(articles: ArticleStore, verdicts: VerdictStore, facts: FactStore, aid: str) -> Report | None:
    """The report of article ``aid`` as the stores hold it; None for an unknown article."""
    meta = articles.article(aid)
    if meta is None:
        return None
    doc = article_document(meta, articles.document(aid))
    results = verdicts.claim_results(aid)
    if results:
        keys = [fact_key(r.claim, doc.published) for r in results]
        results = with_shared(aid, results, facts.fact_articles(keys))
    _, failures = articles.article_sources(aid)
    return assemble_report(aid, meta, doc, results, failures)


__all__ = ["article_document", "assemble_report", "read_report", "with_shared"]
