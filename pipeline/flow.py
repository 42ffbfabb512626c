"""The whole pipeline, synchronously, in one process: the reference for the queued path.

The Celery tasks call these same stage functions one at a time (``load_article`` and
``fetch_source`` on the io queue, ``extract`` and ``judge`` on the cpu queue), so
``newscheck verify`` and the queue give the same claims and verdicts for the same input.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, zip_longest
from urllib.parse import urlsplit

from pipeline import ids
from pipeline.ids import article_id_for
from pipeline.checking import check_claim
from pipeline.claims import extract_claims
from pipeline.corpus import ArticleIdentity, Corpus, CorpusEntry, bearing, corpus_url, index_document
from pipeline.corpus import corpus_candidates as corpus_candidates_of
from pipeline.discovery import build_queries, date_window
from pipeline.errors import FailureReason, FetchError, InputError, Reason, StoreUnavailable, checked_reason, http_reason
from pipeline.extraction import document_from_text, extract_document
from pipeline.facts import FactCheck, fact_key, fingerprint
from pipeline.models import ArticleInput, Claim, ClaimResult, Document, Report, SourceFailure, Verdict
from pipeline.ports import DocumentStore, Fetcher, SearchProvider, Validators, WindowedSearch
from pipeline.records import ArticleStatus, unique_claims

SourceResult = Document | SourceFailure
log = logging.getLogger("newscheck.flow")


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
    if not (inp.title or inp.published):
        return doc
    return dataclasses.replace(doc, title=inp.title or doc.title, published=inp.published or doc.published)


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


def _search(provider: SearchProvider, query: str, claim: Claim, doc: Document, limit: int) -> Sequence[str]:
    if isinstance(provider, WindowedSearch):
        return provider.search_window(query, date_window(claim, doc.published), limit=limit)
    return provider.search(query, limit=limit)


def discover(claim: Claim, doc: Document, providers: Sequence[SearchProvider], *, max_urls: int,
             exclude: Sequence[str] = ()) -> list[str]:
    """New source URLs for one claim: each provider is asked the claim's queries (shortest
    first) until it has given ``max_urls``; their answers are merged in turns so no provider
    crowds out the others. URLs in ``exclude`` (the article's sources) and the article itself
    never come back. Discovery is best effort: a failing provider is logged and skipped."""
    if not providers or max_urls <= 0:
        return []
    seen = {ids.canonical_url(u) for u in exclude}
    if doc.url:
        seen.add(ids.canonical_url(doc.url))
    queries = build_queries(claim)
    answers: list[list[str]] = []
    for provider in providers:
        urls: list[str] = []
        for query in queries:
            if len(urls) >= max_urls:
                break
            try:
                urls.extend(_search(provider, query, claim, doc, max_urls))
            except (FetchError, StoreUnavailable) as exc:
                log.warning("search provider %s failed: %s", provider.name, getattr(exc, "reason", type(exc).__name__))
                break
        answers.append(urls)
    out: list[str] = []
    for url in chain.from_iterable(zip_longest(*answers)):
        key = ids.canonical_url(url) if url else None
        if key is not None and key not in seen:
            seen.add(key)
            out.append(url)
    return out[:max_urls]


def stored_or_fetched(url: str, providers: Sequence[SearchProvider], fetch_one: Callable[[str], SourceResult]) -> SourceResult:
    """A discovered page from the provider that keeps it (the evidence index), else fetched."""
    for provider in providers:
        if isinstance(provider, DocumentStore):
            stored = provider.document(url)
            if stored is not None:
                return stored
    return fetch_one(url)


def fetch_source(url: str, fetcher: Fetcher, *, previous: Document | None = None) -> SourceResult:
    """One source as a Document, or the recorded reason it could not be used.

    With a ``previous`` copy that has HTTP validators the request is conditional, and an
    unchanged page (304) gives back that copy, its body hash and fetch time untouched.
    """
    problem = url_problem(url)
    if problem:
        return SourceFailure(url=url.encode("utf-8", "backslashreplace").decode("utf-8"), reason=FailureReason.BAD_URL, detail=problem)
    validators = None
    if previous is not None and (previous.etag or previous.last_modified):
        validators = Validators(etag=previous.etag, last_modified=previous.last_modified)
    try:
        page = fetcher.fetch(url, validators=validators)
        if page.not_modified:
            if previous is None:
                return SourceFailure(url=url, reason=http_reason(304), detail="not modified, and no copy is held")
            return previous
        doc = extract_document(page.text, page.final_url, sha256=page.sha256, fetched_at=page.fetched_at)
        return dataclasses.replace(doc, url=url, etag=page.etag, last_modified=page.last_modified)
    except FetchError as exc:
        return SourceFailure(url=url, reason=exc.reason, detail=exc.detail)
    except InputError as exc:
        return SourceFailure(url=url, reason=FailureReason.NO_TEXT, detail=str(exc))


def url_problem(url: str) -> str | None:
    """Why a source URL cannot be fetched at all (None when it can be tried)."""
    try:
        url.encode("utf-8")
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a port out of range)
    except UnicodeEncodeError:
        return "the URL is not valid Unicode (lone surrogate)"
    except ValueError as exc:
        return f"the URL does not parse: {exc}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an absolute http(s) URL"
    return None


def fetch_all(urls: Sequence[str], fetch_one: Callable[[str], SourceResult], *, parallel: int = 8) -> list[SourceResult]:
    """Fetch sources concurrently (I/O bound; politeness is the fetcher's job), results in input order."""
    if len(urls) <= 1 or parallel <= 1:
        return [fetch_one(u) for u in urls]
    with ThreadPoolExecutor(max_workers=min(parallel, len(urls)), thread_name_prefix="fetch") as pool:
        return list(pool.map(fetch_one, urls))


def unfinished_verdict(reason: Reason, detail: str) -> Verdict:
    """The honest verdict of a claim the pipeline could not finish (deadline, crashes)."""
    return Verdict(
        label="unverified", confidence=0.0, attribution="unconfirmed", independent_sources=0,
        rationale=f"Not checked: {detail}.", reason=checked_reason(reason),
    )


def source_urls(docs: Sequence[Document], failures: Sequence[SourceFailure]) -> list[str]:
    """The URLs an article's sources were fetched from (or failed at): discovery never repeats them."""
    return [d.url for d in docs if d.url] + [f.url for f in failures]


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
    claims = select_claims(extract_claims(doc.text, article_id=article_id, published=doc.published), max_claims)
    return list(unique_claims(article_id, claims))


def judge(claim: Claim, doc: Document, docs: Sequence[Document], failures: Sequence[SourceFailure],
          claim_sources: Sequence[SourceResult] = ()) -> Verdict:
    """The claim was made when its article was published (claim.time is when its event happened).
    ``claim_sources`` are the sources discovered for this claim alone, beside the article's."""
    extra_docs, extra_failures = split_sources(claim_sources)
    return check_claim(claim, doc, [*docs, *extra_docs], [*failures, *extra_failures],
                       claim_date=doc.published or claim.time)


def index_page(corpus: Corpus | None, doc: Document, article_id: str | None = None) -> None:
    """Corpus mode: keep a checked article or a fetched source as evidence for later claims.
    Best effort: an index that is away never fails the article."""
    if corpus is None:
        return
    try:
        index_document(corpus, doc, article_id=article_id)
    except StoreUnavailable as exc:
        log.warning("corpus: page not indexed: %s", exc)


def corpus_candidates(claim: Claim, doc: Document, article_id: str, corpus: Corpus | None, *,
                      exclude: Sequence[str], max_docs: int, days_before: int = 30,
                      days_after: int = 7) -> list[CorpusEntry]:
    """Corpus mode: other outlets' indexed pages the claim may be weighed against (pipeline.corpus
    rules); ``exclude`` are the URLs it is already checked against. Best effort, like discovery."""
    if corpus is None or max_docs <= 0:
        return []
    try:
        key = corpus_url(doc, article_id)
        me = ArticleIdentity.of(doc, article_id, corpus.entry(key) if key else None)
        return corpus_candidates_of(claim, doc, me, corpus, exclude=exclude, max_docs=max_docs,
                                    days_before=days_before, days_after=days_after)
    except StoreUnavailable as exc:
        log.warning("corpus: not searched: %s", exc)
        return []


def corpus_evidence(claim: Claim, doc: Document, article_id: str, corpus: Corpus | None, *,
                    exclude: Sequence[str], max_docs: int, days_before: int = 30, days_after: int = 7) -> list[Document]:
    """The corpus candidates that bear on the claim."""
    found = corpus_candidates(claim, doc, article_id, corpus, exclude=exclude, max_docs=max_docs,
                              days_before=days_before, days_after=days_after)
    return bearing(claim, doc, found, max_docs=max_docs)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A claim's verdict, and the cross-check to keep for its fact (None when reused or factless)."""

    verdict: Verdict
    fact: FactCheck | None
    reused: bool


def judge_once(claim: Claim, doc: Document, article_id: str, docs: Sequence[Document], failures: Sequence[SourceFailure],
               claim_sources: Sequence[SourceResult], corpus: Corpus | None, held: FactCheck | None, *,
               max_docs: int, days_before: int = 30, days_after: int = 7) -> Outcome:
    """``judge`` with corpus evidence, checked once per claim fact: when ``held`` (the stored check
    of this claim's fact) weighed exactly the pages this claim would weigh, its verdict is reused;
    otherwise (new evidence indexed since, other sources) the claim is checked and the check
    returned, to refresh the stored one."""
    own_docs, own_failures = split_sources(claim_sources)
    checked = source_urls(docs, failures) + source_urls(own_docs, own_failures)
    found = corpus_candidates(claim, doc, article_id, corpus, exclude=checked, max_docs=max_docs,
                              days_before=days_before, days_after=days_after)
    key = fact_key(claim, doc.published)
    weighed = fingerprint([*docs, *own_docs, *(e.doc for e in found)], [f.url for f in (*failures, *own_failures)])
    if held is not None and held.reusable_for(key, weighed):
        return Outcome(held.verdict, None, True)
    verdict = judge(claim, doc, docs, failures, [*claim_sources, *bearing(claim, doc, found, max_docs=max_docs)])
    return Outcome(verdict, FactCheck(key, weighed, verdict, claim.id, article_id) if key else None, False)


def _fetch_with(fetcher: Fetcher | None) -> Callable[[str], SourceResult]:
    if fetcher is None:
        return lambda url: SourceFailure(url=url, reason=FailureReason.NO_FETCHER)
    return lambda url: fetch_source(url, fetcher)


def verify(
    inp: ArticleInput,
    fetcher: Fetcher | None,
    *,
    max_claims: int = 200,
    max_sources: int = 20,
    max_cited_links: int = 10,
    parallel_fetches: int = 8,
    providers: Sequence[SearchProvider] = (),
    max_discovered_urls: int = 5,
    corpus: Corpus | None = None,
    corpus_max_sources: int = 5,
    corpus_days: tuple[int, int] = (30, 7),
    sources: Callable[[str], SourceResult] | None = None,
    facts: MutableMapping[str, FactCheck] | None = None,
) -> Report:
    """Run every stage for one article and return its finished report; with a ``corpus`` the
    article and its sources are indexed, and each claim is also weighed against other outlets'
    indexed pages. ``sources`` turns a URL into its source result (the composition root's cached,
    single-flight layer, as the queue uses); without it each source is fetched with ``fetcher``.
    With ``facts`` (claim fact key -> its stored check), claims are checked once as on the queue
    (``judge_once``): a claim whose fact was checked against exactly the same pages reuses that
    verdict, and every new check is kept there."""
    aid = article_id_for(inp)
    doc = load_article(inp, fetcher)
    index_page(corpus, doc, aid)
    urls = candidate_sources(inp, doc, max_sources=max_sources, max_cited_links=max_cited_links)
    fetch_one = sources or _fetch_with(fetcher)
    docs, failures = split_sources(fetch_all(urls, fetch_one, parallel=parallel_fetches))
    claims = extract(doc, aid, max_claims=max_claims)
    found = {c.id: discover(c, doc, providers, max_urls=max_discovered_urls, exclude=urls) for c in claims}
    new_urls = list(dict.fromkeys(u for us in found.values() for u in us))  # each fetched once per article
    fetched = dict(zip(new_urls, fetch_all(new_urls, lambda u: stored_or_fetched(u, providers, fetch_one), parallel=parallel_fetches)))
    for source in [*docs, *fetched.values()]:
        if isinstance(source, Document):
            index_page(corpus, source)

    def own_sources(c: Claim) -> list[SourceResult]:
        discovered = [fetched[u] for u in found[c.id]]
        checked = source_urls(docs, failures) + found[c.id]
        return [*discovered, *corpus_evidence(c, doc, aid, corpus, exclude=checked, max_docs=corpus_max_sources,
                                              days_before=corpus_days[0], days_after=corpus_days[1])]

    def checked_once(c: Claim, facts: MutableMapping[str, FactCheck]) -> Verdict:
        key = fact_key(c, doc.published)
        outcome = judge_once(c, doc, aid, docs, failures, [fetched[u] for u in found[c.id]], corpus,
                             facts.get(key) if key else None, max_docs=corpus_max_sources,
                             days_before=corpus_days[0], days_after=corpus_days[1])
        if key and outcome.fact is not None:
            facts[key] = outcome.fact
        return outcome.verdict

    out = tuple(ClaimResult(c, judge(c, doc, docs, failures, own_sources(c)) if facts is None else checked_once(c, facts))
                for c in claims)
    return Report(id=aid, status=ArticleStatus.DONE, article=doc, claims=out, claims_total=len(claims), failures=tuple(failures))
