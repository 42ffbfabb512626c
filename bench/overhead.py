"""Queue overhead alone (issue 13): CPU per article, in-process pool vs the queue, same batch, same cores.

    python -m bench.overhead [--articles 5] [--rounds 10]

Each round runs a fresh batch through the 2-process in-process pool (kept warm across rounds)
and through the queue (BenchStack: private Redis, real Celery workers), in alternating order (pool first in even
rounds, queue first in odd ones), so that a change in the machine's load between the two halves
of a round does not always favour the same side. CPU is read from the process trees (/proc),
not wall time: the pool's processes for the in-process path, workers + API + Redis for the queue.
Both sides do the same work: the pool's evidence index is a copy of the queue's with the batch
already indexed (as the queue's io worker has done by the time a backlog's claims are judged)
and claims are checked once per claim fact on both (``bench.inprocess.run_pool``).

Prints, per round, CPU ms per article on both paths and their ratio (in-process / queued; 1.0
would be a free queue; the target is 0.85), the queue's extra CPU per task and the queued CPU by
process; then the median ratio with its spread (min-max) over the rounds, the ratio of the totals,
and the load average before and after. The machine is shared: decide on the median, not one round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5, help="articles per round")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)

    from bench.queued import run_batch, tasks_of
    from bench.run import Seeds
    from bench.stack import BenchStack
    from bench.workload import article_input, serve

    seeds = Seeds()
    seeds.next = 6  # after _pool's warm-up articles
    load0 = os.getloadavg()
    rounds: list[dict[str, Any]] = []
    with BenchStack(cpu_workers=2) as stack, _pool(stack) as pool:
        for i in range(args.rounds):
            arts = seeds.batch(args.articles)
            serve(stack.site, arts)
            inputs = [article_input(a, stack.site) for a in arts]
            queue_first = i % 2 == 1
            if queue_first:
                before = by_process(stack)
                run = run_batch(stack, arts)
                after = by_process(stack)
            ip = pool.run(inputs, backlog=True)
            if not queue_first:
                before = by_process(stack)
                run = run_batch(stack, arts)
                after = by_process(stack)
            tasks = tasks_of(run)
            r = {"round": i, "order": "queue, pool" if queue_first else "pool, queue", "articles": run.n,
                 "claims_queued": run.claims, "claims_inprocess": ip.claims, "tasks": tasks,
                 "inprocess_cpu_ms_per_article": round(1000 * ip.cpu_seconds / ip.articles, 1),
                 "queued_cpu_ms_per_article": round(1000 * run.cpu_seconds / run.n, 1),
                 "cpu_ratio": round(ip.cpu_seconds / run.cpu_seconds, 3) if run.cpu_seconds else None,
                 "overhead_cpu_ms_per_task": round(1000 * (run.cpu_seconds - ip.cpu_seconds) / tasks, 2),
                 "queued_cpu_ms_per_article_by_process": {
                     k: round(1000 * (after[k] - before.get(k, 0.0)) / run.n, 1) for k in after},
                 "loadavg": round(os.getloadavg()[0], 2)}
            rounds.append({**r, "_pool_cpu": ip.cpu_seconds, "_queue_cpu": run.cpu_seconds})
            print(json.dumps(r), flush=True)
    ratios = [r["cpu_ratio"] for r in rounds if r["cpu_ratio"] is not None]
    pool_total, queue_total = sum(r["_pool_cpu"] for r in rounds), sum(r["_queue_cpu"] for r in rounds)
    articles = sum(r["articles"] for r in rounds)
    print(json.dumps({
        "rounds": len(rounds), "articles": articles,
        "cpu_ratio_median": round(statistics.median(ratios), 3) if ratios else None,
        "cpu_ratio_min": min(ratios, default=None), "cpu_ratio_max": max(ratios, default=None),
        "cpu_ratio_of_totals": round(pool_total / queue_total, 3) if queue_total else None,
        "inprocess_cpu_ms_per_article": round(1000 * pool_total / articles, 1) if articles else None,
        "queued_cpu_ms_per_article": round(1000 * queue_total / articles, 1) if articles else None,
        "loadavg_start": round(load0[0], 2), "loadavg_end": round(os.getloadavg()[0], 2)}), flush=True)
    return 0


def _pool(stack: Any) -> Any:
    """The in-process pool, kept for all rounds (both sides then index the same pages), warmed up
    after the queue's warm-up batch and on two of its articles (their caches warm, as the workers' are)."""
    from bench.inprocess import Pool
    from bench.queued import run_batch
    from bench.run import Seeds
    from bench.workload import article_input

    warm = Seeds().batch(6)
    run_batch(stack, warm)  # models loaded in every worker process
    pool = Pool(2, corpus_from=stack.index_path)
    pool.run([article_input(a, stack.site) for a in warm[:2]])
    return pool


def by_process(stack: Any) -> dict[str, float]:
    """CPU seconds so far of each service tree of the stack (worker, API) and of Redis."""
    from bench.cputime import tree_cpu_seconds

    out: dict[str, float] = {}
    for proc in stack.services.procs:
        if proc.poll() is None:
            argv = [str(a) for a in proc.args]
            name = " ".join(argv[argv.index("--queues") + 1: argv.index("--queues") + 2]) if "--queues" in argv else argv[-1]
            name = ("worker " + name) if "--queues" in argv else ("api" if "api" in argv else name)
            out[name] = out.get(name, 0.0) + tree_cpu_seconds([proc.pid])
    if stack.redis.proc is not None:
        out["redis"] = tree_cpu_seconds([stack.redis.proc.pid])
    return out


if __name__ == "__main__":
    raise SystemExit(main())
