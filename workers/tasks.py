"""Celery tasks: load ids, call one pipeline function, write the result, enqueue the next step.

    prepare_article (io) -> extract_claims (cpu) -> judge_claim x N (cpu) -> finalise_article (control)
                                                                            -> deliver_callback (io)
    with search providers configured, extract_claims -> discover_claim x N (io) -> judge_claim.
    sweep (control, periodic): finishes articles past their deadline.
    ingest_feeds (io, periodic when feeds are configured): fills the evidence index.

Fan-in has no chord: each judge_claim records its verdict with one Lua script that also counts
claims done; whichever task sees done == total enqueues the idempotent finalise.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any


from pipeline import flow, ids, webhooks
from pipeline.adapters.feeds import ingest_feeds as ingest_feed_items
from pipeline.deadlines import past_deadline
from pipeline.facts import FactCheck, fact_key, held_check
from pipeline.errors import BlockedAddress, FailureReason, FetchError, InputError, Reason, StoreUnavailable, checked_reason
from pipeline.models import ArticleStatus, Document
from pipeline.ports import StateStore
from pipeline.records import CallbackStatus
from workers import runtime
from workers.app import app
from workers.base import NewscheckTask, task_retries

log = logging.getLogger("newscheck.tasks")


class ArticleTask(NewscheckTask):
    abstract = True

    def give_up(self, *args: Any, reason: Reason, detail: str, **kwargs: Any) -> None:
        aid = args[0]
        log.error("article failed: %s (%s)", reason, detail, extra={"article_id": aid})
        if runtime.state().articles.finalise(aid, ArticleStatus.FAILED, {"reason": checked_reason(reason), "detail": detail}):
            finalise_followups(aid)


@app.task(name="newscheck.prepare_article", base=ArticleTask, bind=True)
def prepare_article(self: ArticleTask, aid: str) -> None:
    """Fetch (if a URL) and extract the article's text, then fetch its sources once."""
    state, s = runtime.state(), runtime.settings()
    meta = state.articles.article(aid)
    if meta is None or meta.finished:
        return
    state.articles.mark_running(aid)
    inp = state.articles.article_input(aid)
    assert inp is not None
    doc = state.articles.document(aid)
    if doc is None:
        try:
            doc = flow.load_article(inp, runtime.fetcher())
        except FetchError as exc:
            policy = task_retries(s.article_fetch_retries)
            if exc.transient and policy.allows(self.request.retries):
                raise self.retry(exc=exc, countdown=policy.delay(self.request.retries))
            return self.give_up(aid, reason=exc.reason, detail=str(exc))
        except InputError as exc:
            return self.give_up(aid, reason=FailureReason.BAD_INPUT, detail=str(exc))
        state.articles.save_document(aid, doc)
        state.events.add_event(aid, "article", chars=len(doc.text))
    flow.index_page(_corpus(), doc, aid)
    if not state.articles.has_article_sources(aid):
        urls = flow.candidate_sources(inp, doc, max_sources=s.max_sources, max_cited_links=s.max_cited_links)
        docs, failures = flow.split_sources(flow.fetch_all(urls, runtime.wiring().sources))
        _index_pages(docs)
        state.articles.save_article_sources(aid, docs, failures)
        state.events.add_event(aid, "sources", fetched=len(docs), failed=len(failures))
    extract_claims.delay(aid)


@app.task(name="newscheck.extract_claims", base=ArticleTask, bind=True)
def extract_claims(self: ArticleTask, aid: str) -> None:
    """Split the article into claims, register them once, fan out one judge task per open claim."""
    state, s = runtime.state(), runtime.settings()
    doc = state.articles.document(aid)
    if doc is None:
        return self.give_up(aid, reason=FailureReason.INTERNAL, detail="article text missing at extraction")
    meta = state.articles.article(aid)
    if meta is None or not meta.claims_registered:
        try:
            claims = flow.extract(doc, aid, max_claims=s.max_claims)
        except InputError as exc:
            return self.give_up(aid, reason=FailureReason.BAD_INPUT, detail=str(exc))
        state.verdicts.register_claims(aid, claims)
    open_claims = state.verdicts.open_claims(aid)
    if not open_claims:
        finalise_article.delay(aid)
    next_step = discover_claim if s.discovery_providers else judge_claim
    with app.producer_or_acquire() as producer:  # one producer for the fan-out, not one acquired per message
        for cid in open_claims:
            next_step.apply_async((cid,), producer=producer)


class ClaimTask(NewscheckTask):
    abstract = True

    def give_up(self, *args: Any, reason: Reason, detail: str, **kwargs: Any) -> None:
        cid = args[0]
        found = runtime.state().verdicts.claim(cid)
        if found is not None:
            _record(found[1], cid, flow.unfinished_verdict(reason, detail))


def _record(aid: str, cid: str, verdict: Any) -> None:
    _fresh, done, total = runtime.state().verdicts.record_verdict(aid, cid, verdict)
    _fan_in(aid, done, total)


def _fan_in(aid: str, done: int, total: int) -> None:
    if total and done >= total:
        finalise_article.delay(aid)


@app.task(name="newscheck.judge_claim", base=ClaimTask, bind=True)
def judge_claim(self: ClaimTask, cid: str) -> None:
    """Cross-check one claim against the article's sources (and, in corpus mode, other outlets'
    indexed pages) and record its verdict once."""
    state, s = runtime.state(), runtime.settings()
    got = runtime.judge_reads().inputs(cid)  # two round trips; the article's texts parsed once per process
    if got is None:
        return
    claim, aid, verdict = got.claim, got.article_id, got.verdict  # a verdict: redelivered after writing it
    if verdict is not None:
        return _record(aid, cid, verdict)
    doc, (docs, failures) = got.document, got.sources
    own_docs, own_failures = got.own_sources or ([], [])
    key = fact_key(claim, doc.published) if s.fact_ttl else None
    outcome = flow.judge_once(claim, doc, aid, docs, failures, [*own_docs, *own_failures], _corpus(),
                              _held_check(state, key), max_docs=s.corpus_max_sources,
                              days_before=s.corpus_days_before, days_after=s.corpus_days_after)
    # the claim fact's sharers and check, the counter and the verdict: one round trip
    _fresh, done, total = runtime.judge_reads().record(
        aid, cid, outcome.verdict, counter="claims:reused" if outcome.reused else "claims:checked",
        fact_key=key, fact_ttl=s.fact_ttl, fact=outcome.fact)
    _fan_in(aid, done, total)


def _held_check(state: StateStore, key: str | None) -> FactCheck | None:
    """The stored check of the claim fact ``key`` while it stands (``facts.held_check``)."""
    stored = state.facts.stored_fact(key) if key else None
    return held_check(stored, state.verdicts.verdict(stored.claim_id)) if stored is not None else None


def _corpus() -> Any:
    """The evidence index when corpus mode is on (the default), else None (also when it cannot be opened)."""
    return runtime.wiring().corpus


def _index_pages(docs: list[Document]) -> None:
    """Corpus mode: every fetched source becomes evidence for later claims, as in ``flow.verify``."""
    corpus = _corpus()
    for doc in docs:
        flow.index_page(corpus, doc)


@app.task(name="newscheck.discover_claim", base=ClaimTask, bind=True)
def discover_claim(self: ClaimTask, cid: str) -> None:
    """Ask the search providers for this claim's own sources, fetch the new ones once through
    the cross-article cache, keep them beside the claim, then enqueue its judging."""
    state, s = runtime.state(), runtime.settings()
    found = state.verdicts.claim(cid)
    if found is None:
        return
    claim, aid = found
    if state.verdicts.verdict(cid) is None and state.verdicts.claim_sources(cid) is None:
        doc = state.articles.document(aid) or Document(text="")
        docs, failures = state.articles.article_sources(aid)
        stack = runtime.wiring()
        providers = stack.providers
        urls = flow.discover(claim, doc, providers, max_urls=s.discovery_max_urls,
                             exclude=flow.source_urls(docs, failures))
        results = flow.fetch_all(urls, lambda u: flow.stored_or_fetched(u, providers, stack.sources))
        found_docs, found_failures = flow.split_sources(results)
        _index_pages(found_docs)
        state.verdicts.save_claim_sources(cid, found_docs, found_failures)
        state.events.add_event(aid, "discovered", claim=cid, urls=len(urls))
    judge_claim.delay(cid)


@app.task(name="newscheck.ingest_feeds", base=NewscheckTask, bind=True)
def ingest_feeds(self: NewscheckTask) -> int:
    """Read the configured feeds and add their new items to the evidence index (periodic)."""
    s = runtime.settings()
    if not s.feeds:
        return 0
    stack = runtime.wiring()
    report = ingest_feed_items(s.feeds, stack.fetcher, stack.index, read_feed=stack.feed_reader(), max_items=s.feed_max_items)
    return report.added


def finalise_followups(aid: str) -> None:
    meta = runtime.state().articles.article(aid)
    if meta is not None and meta.callback is not None:
        deliver_callback.delay(aid)


@app.task(name="newscheck.finalise_article", base=ArticleTask, bind=True)
def finalise_article(self: ArticleTask, aid: str) -> None:
    if runtime.state().articles.finalise(aid, ArticleStatus.DONE):
        finalise_followups(aid)


@app.task(name="newscheck.deliver_callback", base=NewscheckTask, bind=True, max_retries=None)  # capped by settings
def deliver_callback(self: NewscheckTask, aid: str) -> None:
    """POST the final report once to the submitter's callback_url (retried on failure)."""
    state, s = runtime.state(), runtime.settings()
    meta = state.articles.article(aid)
    if meta is None or meta.callback is None or meta.callback.status == CallbackStatus.SENT:
        return
    url = meta.callback.url
    report = state.report(aid)
    body = json.dumps(report.to_dict() if report else {}).encode()
    # one id per delivery (the same across its retries), the attempt's own timestamp
    msg_id = "msg_" + ids.short_hash(f"{aid}:{meta.finished_at or ''}")
    secret = s.callback_secret.get_secret_value() if s.callback_secret else None
    try:
        runtime.wiring().post_callback(url, body, headers=webhooks.headers(secret, msg_id, int(time.time()), body))
    except BlockedAddress as exc:
        log.warning("callback refused: %s", exc, extra={"article_id": aid})
        state.articles.record_callback(aid, CallbackStatus.FAILED, str(exc))
        return
    except FetchError as exc:
        policy = task_retries(s.callback_retries)
        if policy.allows(self.request.retries):
            state.articles.record_callback(aid, CallbackStatus.RETRYING, str(exc))
            raise self.retry(exc=exc, countdown=policy.delay(self.request.retries))
        log.warning("callback failed: %s", exc, extra={"article_id": aid})
        state.articles.record_callback(aid, CallbackStatus.FAILED, str(exc))
        return
    state.articles.record_callback(aid, CallbackStatus.SENT)


@app.task(name="newscheck.sweep", base=NewscheckTask, bind=True)
def sweep(self: NewscheckTask) -> int:
    """Finish articles past their deadline (the rule: ``pipeline.deadlines.past_deadline``);
    in corpus mode, also apply the index's retention and size limits."""
    state, s = runtime.state(), runtime.settings()
    if s.corpus_mode:
        try:
            runtime.wiring().index.prune(max_age_s=s.corpus_retention_days * 86_400, max_documents=s.corpus_max_documents)
        except StoreUnavailable as exc:
            log.warning("corpus not pruned: %s", exc)
    finished = 0
    for aid in state.deadlines.due_articles():
        plan = past_deadline(state.articles.article(aid))
        if plan.finish is None:
            state.deadlines.forget_deadline(aid)
            continue
        if plan.open_claims_get is not None:
            for cid in state.verdicts.open_claims(aid):
                state.verdicts.record_verdict(aid, cid, plan.open_claims_get)
        if state.articles.finalise(aid, plan.finish, plan.error):
            finished += 1
            finalise_followups(aid)
    return finished


__all__ = ["prepare_article", "extract_claims", "discover_claim", "judge_claim", "ingest_feeds", "finalise_article", "deliver_callback", "sweep"]
