"""The whole pipeline, synchronously, in one process: the reference for the queued path.

The Celery tasks call these same stage functions one at a time (``load_article`` and
``fetch_source`` on the io queue, ``extract`` and ``judge`` on the cpu queue), so
``newscheck verify`` and the queue give the same claims and verdicts for the same input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from pipeline import ids
from pipeline.ids import article_id_for
from pipeline.checking import check_claim
from pipeline.claims import extract_claims
from pipeline.errors import FetchError, InputError
from pipeline.extraction import document_from_text, extract_document
from pipeline.models import ArticleInput, Claim, ClaimResult, Document, Report, SourceFailure, Verdict
from pipeline.ports import Fetcher

SourceResult = Document | SourceFailure


def validate_input(inp: ArticleInput) -> None:
    given = [name for name in ("url", "text", "html") if getattr(inp, name)]
    if len(given) != 1:
        raise InputError(f"give exactly one of url, text or html (got {', '.join(given) or 'none'})")


def load_article(inp: ArticleInput, fetcher: Fetcher | None) -> Document:
    """The article's main text and metadata; submitted title/published override what the page says."""
    validate_input(inp)
    if inp.url:
        if fetcher is None:
            raise InputError("a URL was submitted but no fetcher is configured")
        page = fetcher.fetch(inp.url)
        doc = extract_document(page.text, page.final_url, sha256=page.sha256, fetched_at=page.fetched_at)
        doc = dataclasses.replace(doc, url=inp.url)
    elif inp.html:
        doc = extract_document(inp.html, None)
    else:
        doc = document_from_text(inp.text or "")
    overrides = {k: v for k, v in (("title", inp.title), ("published", inp.published)) if v}
    return dataclasses.replace(doc, **overrides) if overrides else doc


def candidate_sources(inp: ArticleInput, doc: Document, *, max_sources: int, max_cited_links: int) -> list[str]:
    """Submitted sources first, then links the article cites; never the article itself; no repeats."""
    seen = {ids.canonical_url(inp.url)} if inp.url else set()
    out: list[str] = []
    for url in list(inp.sources)[:max_sources] + list(doc.links)[:max_cited_links]:
        key = ids.canonical_url(url)
        if key not in seen:
            seen.add(key)
            out.append(url)
    return out


def fetch_source(url: str, fetcher: Fetcher) -> SourceResult:
    """One source as a Document, or the recorded reason it could not be used."""
    try:
        page = fetcher.fetch(url)
        doc = extract_document(page.text, page.final_url, sha256=page.sha256, fetched_at=page.fetched_at)
        return dataclasses.replace(doc, url=url)
    except FetchError as exc:
        return SourceFailure(url=url, reason=exc.reason, detail=exc.detail)
    except InputError as exc:
        return SourceFailure(url=url, reason="no article text", detail=str(exc))


def fetch_all(urls: Sequence[str], fetch_one: Callable[[str], SourceResult], *, parallel: int = 8) -> list[SourceResult]:
    """Fetch sources concurrently (I/O bound; politeness is the fetcher's job), results in input order."""
    if len(urls) <= 1 or parallel <= 1:
        return [fetch_one(u) for u in urls]
    with ThreadPoolExecutor(max_workers=min(parallel, len(urls)), thread_name_prefix="fetch") as pool:
        return list(pool.map(fetch_one, urls))


def unfinished_verdict(reason: str, detail: str) -> Verdict:
    """The honest verdict of a claim the pipeline could not finish (deadline, crashes)."""
    return Verdict(
        label="unverified", confidence=0.0, attribution="unconfirmed", independent_sources=0,
        rationale=f"Not checked: {detail}.", reason=reason,
    )


def split_sources(results: Sequence[SourceResult]) -> tuple[list[Document], list[SourceFailure]]:
    docs = [r for r in results if isinstance(r, Document)]
    failures = [r for r in results if isinstance(r, SourceFailure)]
    return docs, failures


def select_claims(claims: Sequence[Claim], max_claims: int) -> list[Claim]:
    """The ``max_claims`` most check-worthy claims, kept in article order."""
    if len(claims) <= max_claims:
        return list(claims)
    keep = {c.id for c in sorted(claims, key=lambda c: (-c.checkworthy, c.start))[:max_claims]}
    return [c for c in claims if c.id in keep]


def extract(doc: Document, article_id: str, *, max_claims: int) -> list[Claim]:
    return select_claims(extract_claims(doc.text, article_id=article_id, published=doc.published), max_claims)


def judge(claim: Claim, doc: Document, docs: Sequence[Document], failures: Sequence[SourceFailure]) -> Verdict:
    """The claim was made when its article was published (claim.time is when its event happened)."""
    return check_claim(claim, doc, docs, failures, claim_date=doc.published or claim.time)


def verify(
    inp: ArticleInput,
    fetcher: Fetcher | None,
    *,
    max_claims: int = 200,
    max_sources: int = 20,
    max_cited_links: int = 10,
    parallel_fetches: int = 8,
) -> Report:
    """Run every stage for one article and return its finished report."""
    aid = article_id_for(inp)
    doc = load_article(inp, fetcher)
    urls = candidate_sources(inp, doc, max_sources=max_sources, max_cited_links=max_cited_links)
    if fetcher is not None:
        results = fetch_all(urls, lambda u: fetch_source(u, fetcher), parallel=parallel_fetches)
    else:
        results = [SourceFailure(url=u, reason="no fetcher") for u in urls]
    docs, failures = split_sources(results)
    claims = extract(doc, aid, max_claims=max_claims)
    out = tuple(ClaimResult(c, judge(c, doc, docs, failures)) for c in claims)
    return Report(id=aid, status="done", article=doc, claims=out, claims_total=len(claims), failures=tuple(failures))
