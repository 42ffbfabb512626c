"""Figure 7 (issue 5): submit a large batch through the HTTP API as fast as it accepts them.

Several client threads post back to back (each with its own connection), so the API, not the
client, sets the pace; the workers drain the backlog meanwhile. Every article must then be done
with exactly one verdict per claim.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bench.generator import SyntheticArticle
from bench.queued import ArticleTiming, Integrity, check_integrity, timings, wait_done
from bench.stack import BenchStack
from bench.stats import summary
from bench.workload import article_input, serve
from newscheck.client import ApiClient


@dataclass(frozen=True)
class LoadRun:
    submitted: int
    accepted: int
    submit_seconds: float
    api_latency_ms: dict[str, float]
    all_done_seconds: float
    memory_delta: int
    cpu_seconds: float  # workers, API and Redis
    integrity: Integrity
    timings: tuple[ArticleTiming, ...]

    @property
    def accepted_per_s(self) -> float:
        return self.accepted / self.submit_seconds if self.submit_seconds else float("nan")


def run_load(stack: BenchStack, articles: Sequence[SyntheticArticle], *, clients: int = 8, timeout: float = 3600) -> LoadRun:
    serve(stack.site, articles)
    local = threading.local()
    latencies: list[float] = []
    aids: list[str] = []
    lock = threading.Lock()

    def post(art: SyntheticArticle) -> None:
        if not hasattr(local, "client"):
            local.client = ApiClient(stack.client.base, timeout=60)
        t0 = time.perf_counter()
        accepted = local.client.submit(article_input(art, stack.site))
        elapsed = time.perf_counter() - t0
        with lock:
            latencies.append(elapsed * 1000)
            aids.append(accepted["id"])

    mem0, cpu0 = stack.used_memory(), stack.cpu_seconds()
    t0 = time.monotonic()
    with ThreadPoolExecutor(clients, thread_name_prefix="load") as pool:
        list(pool.map(post, articles))
    t_submitted = time.monotonic()
    t_done = wait_done(stack, aids, timeout)
    return LoadRun(
        submitted=len(articles), accepted=len(aids), submit_seconds=t_submitted - t0,
        api_latency_ms=summary(latencies), all_done_seconds=t_done - t0,
        memory_delta=stack.used_memory() - mem0, cpu_seconds=stack.cpu_seconds() - cpu0, integrity=check_integrity(stack, aids),
        timings=tuple(timings(stack, aids)),
    )
