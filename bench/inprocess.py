"""The in-process reference path (``pipeline.flow``), timed per stage and run on a pool of processes.

The stage functions are ``flow``'s own, called in ``flow.verify``'s order, so the time of each
stage is measured on the real code; the pool gives the in-process path the same two cores the
queue's workers get, which keeps the queued/in-process ratio fair.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from config.settings import Settings, load_settings
from pipeline import flow
from pipeline.adapters.evidence_index import EvidenceIndex, open_index
from pipeline.adapters.http_fetcher import HttpFetcher
from pipeline.facts import FactMemory
from pipeline.ids import article_id_for
from pipeline.models import ArticleInput

STAGES = ("load", "fetch", "extract", "judge")


@dataclass
class StageTimes:
    """Seconds spent per stage over some articles, and what they produced."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    articles: int = 0
    claims: int = 0
    labels: dict[str, int] = field(default_factory=dict)

    def add(self, other: StageTimes) -> None:
        for k, v in other.seconds.items():
            self.seconds[k] += v
        self.articles += other.articles
        self.claims += other.claims
        for k, v in other.labels.items():
            self.labels[k] = self.labels.get(k, 0) + v

    @property
    def slowest(self) -> str:
        return max(self.seconds, key=self.seconds.__getitem__)


def bench_settings() -> Settings:
    return load_settings(fetch_allow_hosts=["127.0.0.1"])


def local_fetcher() -> HttpFetcher:
    """The product's fetcher as ``newscheck verify`` builds it (the composition root's in-process stack)."""
    from pipeline.adapters import wiring

    return wiring.in_process(bench_settings()).fetcher


def staged_verify(inp: ArticleInput, fetcher: HttpFetcher, s: Settings) -> StageTimes:
    """``flow.verify`` for one article, with a clock around each stage."""
    out = StageTimes(articles=1)
    t = time.perf_counter

    t0 = t()
    doc = flow.load_article(inp, fetcher)
    urls = flow.candidate_sources(inp, doc, max_sources=s.max_sources, max_cited_links=s.max_cited_links)
    t1 = t()
    docs, failures = flow.split_sources(flow.fetch_all(urls, lambda u: flow.fetch_source(u, fetcher)))
    t2 = t()
    claims = flow.extract(doc, article_id_for(inp), max_claims=s.max_claims)
    t3 = t()
    for claim in claims:
        label = flow.judge(claim, doc, docs, failures).label
        out.labels[label] = out.labels.get(label, 0) + 1
    t4 = t()
    out.seconds = {"load": t1 - t0, "fetch": t2 - t1, "extract": t3 - t2, "judge": t4 - t3}
    out.claims = len(claims)
    return out


def run_serial(inputs: Sequence[ArticleInput], fetcher: HttpFetcher | None = None) -> StageTimes:
    fetcher = fetcher or local_fetcher()
    s = bench_settings()
    total = StageTimes()
    for inp in inputs:
        total.add(staged_verify(inp, fetcher, s))
    return total


# ---- the pool: each process loads the models once, before the clock starts
_fetcher: HttpFetcher | None = None
_corpus: EvidenceIndex | None = None
_facts: FactMemory | None = None


def init_process(index_url: str | None = None) -> None:
    """Models loaded, the fetcher built and, in corpus mode (the default, as in the workers), the
    run's own evidence index opened; claims checked once per claim fact (the default,
    NEWSCHECK_FACT_TTL), as the queue does, the checks kept in this process: the pool does the
    work the queue does."""
    global _fetcher, _corpus, _facts
    from pipeline.nlp import warm_up

    warm_up()
    _fetcher = local_fetcher()
    s = bench_settings()
    if index_url and s.corpus_mode:
        _corpus = open_index(index_url)
    _facts = FactMemory() if s.fact_ttl else None


def verify_one(inp: ArticleInput) -> tuple[int, float]:
    """(claims, CPU seconds of this process, fetch threads included)."""
    assert _fetcher is not None
    cpu0 = time.process_time()
    s = bench_settings()
    report = flow.verify(inp, _fetcher, max_claims=s.max_claims, corpus=_corpus, corpus_max_sources=s.corpus_max_sources,
                         corpus_days=(s.corpus_days_before, s.corpus_days_after), facts=_facts)
    return len(report.claims), time.process_time() - cpu0


def index_one(inp: ArticleInput) -> int:
    """What the queue's io worker has done for a backlog before its claims are judged: the article
    and its fetched sources in the evidence index (outside the clock)."""
    assert _fetcher is not None
    if _corpus is None:
        return 0
    s = bench_settings()
    doc = flow.load_article(inp, _fetcher)
    flow.index_page(_corpus, doc, article_id_for(inp))
    urls = flow.candidate_sources(inp, doc, max_sources=s.max_sources, max_cited_links=s.max_cited_links)
    docs, _ = flow.split_sources(flow.fetch_all(urls, lambda u: flow.fetch_source(u, _fetcher)))
    for d in docs:
        flow.index_page(_corpus, d)
    return 1 + len(docs)


def _ready(_: int) -> int:
    return 0


@dataclass(frozen=True)
class PoolRun:
    processes: int
    articles: int
    claims: int
    seconds: float
    cpu_seconds: float


class Pool:
    """A warmed-up pool of ``processes`` spawned processes (no shared state) running ``flow.verify``,
    kept across several batches; its evidence index starts as a copy of ``corpus_from``.

    ``corpus_from``: an evidence index (SQLite file). The queue's index holds every page the stack
    has seen so far, and each claim weighs the pages of its window there; a pool starting empty
    would weigh fewer and look cheaper than the queue for reasons that are no queue overhead. A
    pool kept across batches that the queue also runs keeps the same pages as the queue's index
    (every batch's articles and sources are indexed on both)."""

    def __init__(self, processes: int = 2, *, corpus_from: Path | None = None) -> None:
        self.processes = processes
        self._dir = tempfile.TemporaryDirectory(prefix="newscheck-bench-pool-")
        path = f"{self._dir.name}/evidence.sqlite3"
        if corpus_from is not None and corpus_from.exists():
            import sqlite3

            with sqlite3.connect(corpus_from) as src, sqlite3.connect(path) as dst:
                src.backup(dst)  # a consistent copy while workers may hold the file open
        ctx = multiprocessing.get_context("spawn")
        self._pool = ctx.Pool(processes, initializer=init_process, initargs=(f"sqlite:///{path}",))
        self._pool.map(_ready, range(processes * 4), chunksize=1)  # every process has finished its initializer

    def run(self, inputs: Sequence[ArticleInput], *, backlog: bool = False) -> PoolRun:
        """``backlog``: the batch's articles and sources are indexed before the clock starts. A batch
        submitted at once is a backlog on the queue: the io worker prepares (and indexes) every
        article within a second or two while the cpu worker is still on the first claims, so the
        queue's claims weigh the other articles of the batch too; in the pool, article k would see
        only the k-1 before it (a cProfile of both: 1.5x as many corpus candidates weighed per
        claim on the queue), and the CPU ratio would count that extra evidence as queue overhead."""
        if backlog:
            self._pool.map(index_one, inputs, chunksize=1)
        t0 = time.perf_counter()
        done = self._pool.map(verify_one, inputs, chunksize=1)
        seconds = time.perf_counter() - t0
        return PoolRun(self.processes, len(inputs), sum(c for c, _ in done), seconds, sum(cpu for _, cpu in done))

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
        self._dir.cleanup()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_pool(inputs: Sequence[ArticleInput], processes: int = 2, *, corpus_from: Path | None = None,
             backlog: bool = False) -> PoolRun:
    """One batch through a fresh :class:`Pool` (see there for ``corpus_from`` and ``backlog``)."""
    with Pool(processes, corpus_from=corpus_from) as pool:
        return pool.run(inputs, backlog=backlog)
