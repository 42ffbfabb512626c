"""Batches through the queue: submission, waiting, per-article timings and the integrity check.

Timings come from each article's own progress stream: Redis stream ids are the server's clock
in milliseconds, so "queued", the first "claim" (verdict) and "finished" events give time to
first verdict and to done with no polling error and no clock skew between processes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.generator import SyntheticArticle
from bench.stack import BenchStack
from bench.workload import article_input, serve
from pipeline.ids import article_id_for


@dataclass(frozen=True)
class ArticleTiming:
    aid: str
    first_verdict_s: float | None
    done_s: float | None
    claims: int


@dataclass(frozen=True)
class BatchRun:
    """One batch through the queue: wall time from first submission to last article done."""

    n: int
    seconds: float
    timings: tuple[ArticleTiming, ...]
    memory_delta: int
    cpu_seconds: float  # workers, API and Redis, over the batch

    @property
    def claims(self) -> int:
        return sum(t.claims for t in self.timings)

    @property
    def articles_per_s(self) -> float:
        return self.n / self.seconds if self.seconds else float("nan")


def submit_direct(stack: BenchStack, articles: Sequence[SyntheticArticle]) -> list[str]:
    """Create the articles in Redis and enqueue them, as the API does, without HTTP."""
    aids = []
    for art in articles:
        inp = article_input(art, stack.site)
        aid = article_id_for(inp)
        if stack.store.articles.create_article(aid, inp, deadline_s=stack.settings.article_deadline):
            stack.celery.send_task("newscheck.prepare_article", args=[aid])
        aids.append(aid)
    return aids


def wait_done(stack: BenchStack, aids: Sequence[str], timeout: float, interval: float = 0.05) -> float:
    """Block until every article is done or failed; returns the monotonic time it happened."""
    keys = [stack.store.keys.k_article(a) for a in aids]
    deadline = time.monotonic() + timeout
    pending = list(keys)
    while pending:
        pipe = stack.r.pipeline(transaction=False)
        for k in pending:
            pipe.hget(k, "status")
        statuses = pipe.execute()
        pending = [k for k, s in zip(pending, statuses) if s not in ("done", "failed")]
        if not pending:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(pending)} of {len(aids)} articles not finished after {timeout:.0f}s\n{stack.logs()}")
        time.sleep(interval)
    return time.monotonic()


def _ms(stream_id: str) -> int:
    return int(stream_id.split("-")[0])


def timings(stack: BenchStack, aids: Sequence[str]) -> list[ArticleTiming]:
    out = []
    for aid in aids:
        events = stack.r.xrange(stack.store.keys.k_events(aid))
        queued = next((_ms(i) for i, f in events if f.get("type") == "queued"), None)
        first = next((_ms(i) for i, f in events if f.get("type") == "claim"), None)
        done = next((_ms(i) for i, f in events if f.get("type") == "finished"), None)
        total = int(stack.r.hget(stack.store.keys.k_article(aid), "claims_total") or 0)
        out.append(ArticleTiming(
            aid,
            (first - queued) / 1000 if queued is not None and first is not None else None,
            (done - queued) / 1000 if queued is not None and done is not None else None,
            total,
        ))
    return out


def run_batch(stack: BenchStack, articles: Sequence[SyntheticArticle], *, timeout: float = 1800) -> BatchRun:
    """Submit all at once (a backlog), wait for all; memory delta measured across the batch."""
    serve(stack.site, articles)
    mem0, cpu0 = stack.used_memory(), stack.cpu_seconds()
    t0 = time.monotonic()
    aids = submit_direct(stack, articles)
    t1 = wait_done(stack, aids, timeout)
    cpu = stack.cpu_seconds() - cpu0
    return BatchRun(len(aids), t1 - t0, tuple(timings(stack, aids)), stack.used_memory() - mem0, cpu)


def run_one_at_a_time(stack: BenchStack, articles: Sequence[SyntheticArticle], *, timeout: float = 300) -> list[ArticleTiming]:
    """Light load: each article submitted through the API only when the previous one is done."""
    serve(stack.site, articles)
    aids = []
    for art in articles:
        aid = stack.client.submit(article_input(art, stack.site))["id"]
        wait_done(stack, [aid], timeout, interval=0.01)
        aids.append(aid)
    return timings(stack, aids)


@dataclass(frozen=True)
class Integrity:
    articles: int
    done: int
    claims: int
    verdicts: int
    articles_exactly_one_verdict_per_claim: int

    @property
    def ok(self) -> bool:
        return self.done == self.articles == self.articles_exactly_one_verdict_per_claim and self.claims == self.verdicts


def check_integrity(stack: BenchStack, aids: Sequence[str]) -> Integrity:
    """Every article done; its claim list unique, as long as claims_total, each with one verdict key."""
    done = claims = verdicts = exact = 0
    for aid in aids:
        meta = stack.store.articles.article(aid)
        cids = stack.store.verdicts.claim_ids(aid)
        found = stack.r.mget([stack.store.keys.k_verdict(c) for c in cids]) if cids else []
        n_verdicts = sum(v is not None for v in found)
        done += meta is not None and meta.status == "done"
        claims += len(cids)
        verdicts += n_verdicts
        unique = len(set(cids)) == len(cids)
        counted = meta is not None and meta.claims_total == len(cids) == meta.claims_done
        exact += unique and counted and n_verdicts == len(cids)
    return Integrity(len(aids), done, claims, verdicts, exact)


def tasks_of(run: BatchRun) -> int:
    """Celery tasks one batch took: prepare, extract and finalise per article, one judge per claim."""
    return 3 * run.n + run.claims


def judge_reload_ms(stack: BenchStack, aids: Sequence[str]) -> float:
    """Mean ms one judge_claim task spends loading its inputs from Redis (claim, verdict check,
    article text, all of the article's sources decoded), the state reload the in-process path never pays."""
    n, t0 = 0, time.perf_counter()
    for aid in aids:
        for cid in stack.store.verdicts.claim_ids(aid):
            stack.store.verdicts.claim(cid)
            stack.store.verdicts.verdict(cid)
            stack.store.articles.document(aid)
            stack.store.articles.article_sources(aid)
            n += 1
    return 1000 * (time.perf_counter() - t0) / n if n else float("nan")
