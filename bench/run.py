"""The benchmark run: every figure of issue 6 (and the load test of issue 5) in one process tree.

Order matters for fairness: the extraction figure runs before any worker exists; the in-process
pool and the queue run the same batch back to back on the same two cores; each measurement
uses fresh articles (new ids, new source URLs) unless it measures the cache on purpose.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.extraction import measure_cold_start, measure_extraction
from bench.generator import SyntheticArticle, make_batch
from bench.inprocess import run_pool, run_serial
from bench.keyword_baseline import run_baseline
from bench.load import run_load
from bench.noop import measure_noop
from bench.profile import profile_inprocess
from bench.memory import memory_by_family
from bench.queued import ArticleTiming, BatchRun, judge_reload_ms, run_batch, run_one_at_a_time, tasks_of
from bench.stack import BenchStack
from bench.stats import rate, summary
from bench.workload import article_input, fetch_counts, revised, serve, source_paths


@dataclass(frozen=True)
class Plan:
    """How much work each figure gets; the quick plan keeps the whole run under five minutes."""

    extraction_texts: int
    extraction_rounds: int
    crosscheck_articles: int
    batch: int
    cache_articles: int
    light: int
    scaling_batch: int
    workers: tuple[int, ...]
    backlog_small: int
    load: int
    noop_sequential: int
    noop_burst: int
    profile_articles: int
    corpus_sizes: tuple[int, ...] = (10_000,)
    corpus_queries: int = 100
    corpus_stories: int = 4
    corpus_repeats: int = 1
    recovery_articles: int = 8


QUICK = Plan(12, 1, 8, 30, 15, 5, 12, (1, 2, 4), 10, 200, 15, 150, 3)
FULL = Plan(56, 2, 30, 100, 40, 10, 40, (1, 2, 4), 10, 1000, 30, 500, 6,
            corpus_sizes=(10_000, 100_000), corpus_queries=200, corpus_stories=20, corpus_repeats=3, recovery_articles=12)


class Seeds:
    """Hands out disjoint article seeds, so no two measurements share an article id or a source URL."""

    def __init__(self) -> None:
        self.next = 0

    def batch(self, n: int) -> list[SyntheticArticle]:
        out = make_batch(n, start=self.next)
        self.next += n
        return out


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _latency(timings: Sequence[ArticleTiming]) -> dict[str, dict[str, float]]:
    return {
        "first_verdict": summary([t.first_verdict_s for t in timings if t.first_verdict_s is not None]),
        "done": summary([t.done_s for t in timings if t.done_s is not None]),
    }


def _point(run: BatchRun, **extra: Any) -> dict[str, Any]:
    lat = _latency(run.timings)
    return {**extra, "n": run.n, "seconds": run.seconds, "articles_per_min": 60 * run.articles_per_s,
            "ms_per_article": 1000 * run.seconds / run.n, "cpu_ms_per_article": 1000 * run.cpu_seconds / run.n,
            "cpu_bound_articles_per_min": _cpu_bound(run.cpu_seconds / run.n),
            "done_p50_s": lat["done"]["p50"],
            "done_p95_s": lat["done"]["p95"], "first_verdict_p50_s": lat["first_verdict"]["p50"]}


def _cpu_bound(cpu_seconds_per_article: float) -> float:
    """Articles a minute this CPU cost allows on all cores of an otherwise idle machine."""
    return 60 * (os.cpu_count() or 1) / cpu_seconds_per_article if cpu_seconds_per_article > 0 else float("nan")


def _ratios(points: list[dict[str, Any]], key: str) -> None:
    for p in points:
        p["ratio_to_first"] = p[key] / points[0][key] if points and points[0][key] else None


class Bench:
    def __init__(self, plan: Plan, quick: bool) -> None:
        self.plan = plan
        self.seeds = Seeds()
        self._batch: list[SyntheticArticle] = []  # the queue-overhead batch, revised for the cache run
        self._backlog_point: dict[str, Any] | None = None
        self.r: dict[str, Any] = {
            "meta": {"python": platform.python_version(), "cores": os.cpu_count(), "quick": quick,
                     "command": "python -m bench" + (" --quick" if quick else ""),
                     "note": f"Load test with {plan.load:,} articles" + (" (--quick; the full run uses 1,000)." if quick else ".")},
            "errors": [],
        }

    def phase(self, name: str, fn: Callable[[], None]) -> None:
        """Run one figure; an error is recorded and the remaining figures still run."""
        log(name)
        t0 = time.monotonic()
        try:
            fn()
        except Exception as exc:  # a benchmark reports what failed and goes on
            self.r["errors"].append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            traceback.print_exc(file=sys.stderr)
        log(f"{name}: {time.monotonic() - t0:.1f} s")

    # ---- figure 1
    def extraction(self) -> None:
        fig = measure_extraction(self.plan.extraction_texts, self.plan.extraction_rounds)
        self.r["extraction"] = {"corpus": fig.corpus, "articles": fig.articles, "words": fig.words, "claims": fig.claims,
                                "articles_per_s": fig.articles_per_s, "words_per_s": fig.words_per_s,
                                "bare_words_per_s": fig.bare_words_per_s, "ratio": fig.ratio}
        self.r["cold_start"] = measure_cold_start(self.seeds.batch(1)[0].text)

    # ---- figures 2 and 6 (in-process), profile
    def crosscheck_and_peers(self, stack: BenchStack) -> None:
        arts = self.seeds.batch(self.plan.crosscheck_articles)
        serve(stack.site, arts)
        inputs = [article_input(a, stack.site) for a in arts]
        before = dict(stack.site.hits)
        t0 = time.perf_counter()
        stages = run_serial(inputs)
        total = time.perf_counter() - t0
        counts = fetch_counts(stack.site, source_paths(arts), before)
        checked = stages.seconds["fetch"] + stages.seconds["judge"]
        self.r["crosscheck"] = {**self.r.get("crosscheck", {}), "claims_per_s": rate(stages.claims, checked),
                                "fetch_s": stages.seconds["fetch"], "judge_s": stages.seconds["judge"],
                                "inprocess_fetches_per_unique_url": sum(counts) / len(counts)}
        base = run_baseline(inputs)
        self.r["peers"] = {"inprocess_articles_per_s": rate(len(arts), total), "inprocess_claims": stages.claims,
                           "inprocess_labels": stages.labels, "keyword_articles_per_s": rate(base.articles, base.seconds),
                           "keyword_claims": base.claims, "keyword_labels": base.labels,
                           "keyword_speed_ratio": rate(base.articles, base.seconds) / rate(len(arts), total)}
        shares = {k: v / sum(stages.seconds.values()) for k, v in stages.seconds.items()}
        self.r["profile"] = {"stage_seconds": stages.seconds, "slowest_stage": stages.slowest,
                             "stage_shares": ", ".join(f"{k} {v * 100:.0f}%" for k, v in shares.items())}

    def profile(self, stack: BenchStack) -> None:
        arts = self.seeds.batch(self.plan.profile_articles + 1)
        serve(stack.site, arts)
        cumulative, own, total = profile_inprocess([article_input(a, stack.site) for a in arts])
        self.r.setdefault("profile", {}).update({
            "profiled_s": total, "cumulative": [h.__dict__ for h in cumulative], "self": [h.__dict__ for h in own]})

    # ---- figures 3, 4 (saturation), 5 (memory), 2 (fetch counts, cache)
    def queue_overhead(self, stack: BenchStack) -> None:
        arts = self.seeds.batch(self.plan.batch)
        serve(stack.site, arts)
        pool = run_pool([article_input(a, stack.site) for a in arts], processes=2, corpus_from=stack.index_path, backlog=True)
        before = dict(stack.site.hits)
        run = run_batch(stack, arts)
        counts = fetch_counts(stack.site, source_paths(arts), before)
        ip_rate, q_rate = rate(pool.articles, pool.seconds), run.articles_per_s
        tasks = tasks_of(run)
        self.r["queue"] = {**self.r.get("queue", {}), "articles": run.n, "claims": run.claims, "tasks": tasks,
                           "inprocess_seconds": pool.seconds, "queued_seconds": run.seconds,
                           "inprocess_articles_per_min": 60 * ip_rate, "queued_articles_per_min": 60 * q_rate,
                           "ratio": q_rate / ip_rate,
                           "inprocess_cpu_ms_per_article": 1000 * pool.cpu_seconds / pool.articles,
                           "queued_cpu_ms_per_article": 1000 * run.cpu_seconds / run.n,
                           "cpu_ratio": pool.cpu_seconds / run.cpu_seconds if run.cpu_seconds else None,
                           "overhead_cpu_ms_per_task": 1000 * (run.cpu_seconds - pool.cpu_seconds) / tasks,
                           "overhead_wall_ms_per_task": 1000 * (run.seconds - pool.seconds) * 2 / tasks,
                           "judge_reload_ms": judge_reload_ms(stack, [t.aid for t in run.timings[:10]])}
        self.r.setdefault("latency", {})["saturation"] = _latency(run.timings)
        self.r.setdefault("crosscheck", {}).update({"fetches_per_unique_url": sum(counts) / len(counts),
                                                    "max_fetches_one_url": max(counts)})
        self.r.setdefault("scaling", {}).update({"redis_bytes_per_article": run.memory_delta / run.n,
                                                 "redis_bytes_per_claim": run.memory_delta / max(run.claims, 1)})
        self._backlog_point = _point(run, articles=run.n)
        self._batch = arts

    def cache(self, stack: BenchStack) -> None:
        arts = [revised(a) for a in self._batch[: self.plan.cache_articles]]
        before = dict(stack.site.hits)
        run_batch(stack, arts)
        paths = source_paths(arts)
        misses = sum(fetch_counts(stack.site, paths, before))
        self.r["crosscheck"].update({"cache_lookups": len(paths), "cache_hit_rate": 1 - misses / len(paths)})

    def noop(self, stack: BenchStack) -> None:
        for queue, prefix in (("control", "noop"), ("cpu", "noop_prefork")):
            fig = measure_noop(stack, sequential=self.plan.noop_sequential, burst=self.plan.noop_burst, queue=queue)
            self.r.setdefault("queue", {}).update({f"{prefix}_round_trip_p50_ms": fig.round_trip_p50_ms,
                                                   f"{prefix}_round_trip_p95_ms": fig.round_trip_p95_ms,
                                                   f"{prefix}_burst_ms_per_task": fig.burst_ms_per_task,
                                                   f"{prefix}_burst_cpu_ms_per_task": fig.burst_cpu_ms_per_task})

    def light(self, stack: BenchStack) -> None:
        self.r.setdefault("latency", {})["light"] = _latency(run_one_at_a_time(stack, self.seeds.batch(self.plan.light)))

    def workers(self, stack: BenchStack) -> None:
        points = []
        for n in self.plan.workers:
            stack.set_cpu_workers(n)
            run_batch(stack, self.seeds.batch(2 * n))  # every process loads its models before the clock
            points.append(_point(run_batch(stack, self.seeds.batch(self.plan.scaling_batch)), workers=n))
            log(f"  {n} cpu processes: {points[-1]['articles_per_min']:.1f} articles/min")
        _ratios(points, "articles_per_min")
        self.r.setdefault("scaling", {})["workers"] = points
        stack.set_cpu_workers(2)
        run_batch(stack, self.seeds.batch(4))

    def backlog_and_load(self, stack: BenchStack) -> None:
        points = [_point(run_batch(stack, self.seeds.batch(self.plan.backlog_small)), articles=self.plan.backlog_small)]
        if self._backlog_point:
            points.append(self._backlog_point)
        self.r.setdefault("scaling", {})["backlog"] = points
        load = run_load(stack, self.seeds.batch(self.plan.load))
        integ = load.integrity
        lat = _latency(load.timings)
        self.r["load"] = {
            "submitted": load.submitted, "accepted": load.accepted, "accepted_per_s": load.accepted_per_s,
            "api_p50_ms": load.api_latency_ms["p50"], "api_p99_ms": load.api_latency_ms["p99"],
            "all_done_s": load.all_done_seconds, "articles_per_min": 60 * load.accepted / load.all_done_seconds,
            "redis_bytes_per_article": load.memory_delta / load.accepted,
            "integrity": (f"{'OK' if integ.ok else 'FAILED'}: {integ.done:,}/{integ.articles:,} done, "
                          f"{integ.verdicts:,} verdicts for {integ.claims:,} claims"),
            "integrity_ok": integ.ok,
        }
        points.append({"articles": load.accepted, "via_api": True, "n": load.accepted, "seconds": load.all_done_seconds,
                       "articles_per_min": self.r["load"]["articles_per_min"],
                       "ms_per_article": 1000 * load.all_done_seconds / load.accepted,
                       "cpu_ms_per_article": 1000 * load.cpu_seconds / load.accepted,
                       "cpu_bound_articles_per_min": _cpu_bound(load.cpu_seconds / load.accepted),
                       "done_p50_s": lat["done"]["p50"], "done_p95_s": lat["done"]["p95"],
                       "first_verdict_p50_s": lat["first_verdict"]["p50"]})
        _ratios(points, "cpu_ms_per_article")  # cost per article: CPU time, which other people's load barely moves
        self.memory(stack)

    def memory(self, stack: BenchStack) -> None:
        """Redis bytes per article by key family, over every article the run stored."""
        articles = sum(1 for _ in stack.store.articles.iter_article_ids())
        families = memory_by_family(stack.r)
        ranked = sorted(families.items(), key=lambda kv: -kv[1][1])
        self.r.setdefault("scaling", {})["redis_by_family"] = [
            {"family": f, "keys": n, "bytes": b, "bytes_per_article": b / max(articles, 1)} for f, (n, b) in ranked[:10]]
        self.r["scaling"]["redis_articles_stored"] = articles

    # ---- issue 13: the evidence index, claims checked once, recovery after a SIGKILL
    def corpus(self) -> None:
        from bench.corpus import run as corpus_run

        self.r["corpus"] = corpus_run(list(self.plan.corpus_sizes), self.plan.corpus_queries, self.plan.corpus_stories,
                                      self.plan.corpus_repeats)

    def recovery(self, stack: BenchStack) -> None:
        from dataclasses import asdict

        from bench.recovery import measure_recovery

        n = self.plan.recovery_articles
        self.r["recovery"] = asdict(measure_recovery(stack, self.seeds.batch(n), self.seeds.batch(n)))

    def run(self) -> dict[str, Any]:
        t0 = time.monotonic()
        self.r["meta"]["loadavg_start"] = os.getloadavg()[0]
        self.phase("1 extraction vs bare nlp.pipe, cold start", self.extraction)
        self.phase("8 evidence index size and query time, claims checked once", self.corpus)
        log("starting Redis, workers, API and the source site")
        with BenchStack(cpu_workers=2) as stack:
            run_batch(stack, self.seeds.batch(6))  # load models in every worker process
            self.phase("2+6 cross-check, peers (in-process)", lambda: self.crosscheck_and_peers(stack))
            self.phase("profile (pyinstrument)", lambda: self.profile(stack))
            self.phase("3 in-process pool vs queue, same batch", lambda: self.queue_overhead(stack))
            self.phase("2 source cache, second run", lambda: self.cache(stack))
            self.phase("3 noop round trips", lambda: self.noop(stack))
            self.phase("4 latency at light load", lambda: self.light(stack))
            self.phase("5 scaling with worker processes", lambda: self.workers(stack))
            self.phase("5+7 backlog and API load", lambda: self.backlog_and_load(stack))
            self.phase("9 batch after a SIGKILLed worker (default settings)", lambda: self.recovery(stack))
            log("stopping everything")
        self.r["meta"]["seconds"] = time.monotonic() - t0
        self.r["meta"]["loadavg_end"] = os.getloadavg()[0]
        return self.r


def run_benchmark(*, quick: bool) -> dict[str, Any]:
    return Bench(QUICK if quick else FULL, quick).run()
