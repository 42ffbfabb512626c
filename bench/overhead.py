"""Queue overhead alone (issue 13): CPU per article, in-process pool vs the queue, same batch, same cores.

    python -m bench.overhead [--articles 20] [--rounds 2]

Each round runs a fresh batch through the 2-process in-process pool, then through the queue
(BenchStack: private Redis, real Celery workers); CPU is read from the process trees (/proc),
not wall time: the pool's processes for the in-process path, workers + API + Redis for the queue.
Prints, per round, CPU ms per article on both paths and their ratio (in-process / queued; 1.0
would be a free queue; the target is 0.85), and the queue's extra CPU per task.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    from bench.queued import run_batch
    from bench.run import QUICK, Bench
    from bench.stack import BenchStack

    bench = Bench(replace(QUICK, batch=args.articles), True)
    keys = ("articles", "tasks", "inprocess_cpu_ms_per_article", "queued_cpu_ms_per_article", "cpu_ratio",
            "overhead_cpu_ms_per_task")
    with BenchStack(cpu_workers=2) as stack:
        run_batch(stack, bench.seeds.batch(6))  # models loaded in every worker process
        for _ in range(args.rounds):
            before = by_process(stack)
            bench.queue_overhead(stack)
            after = by_process(stack)
            q = bench.r["queue"]
            print(json.dumps({k: round(q[k], 3) for k in keys}), flush=True)
            # queued CPU by process (ms per article); the pool ran between the snapshots but not in these trees
            print(json.dumps({"queued_cpu_ms_per_article_by_process": {
                k: round(1000 * (after[k] - before.get(k, 0.0)) / q["articles"], 1) for k in after}}), flush=True)
    return 0


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
