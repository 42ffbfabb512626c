"""Recovery after a SIGKILL, default settings (issue 13): the time a batch takes to finish once a
worker is SIGKILLed mid-batch and a replacement starts.

    python -m bench.recovery [--articles 12] [--json]

Nothing is shortened: the visibility timeout stays at its default (600 s, the old wait of a
killed worker's messages) and the workers beat at the default interval. A batch is queued; as
soon as its first claim is done, the prefork cpu worker's whole process group (supervisor,
Celery main process, pool children) gets SIGKILL, a replacement starts at once and the clock
runs from its start to the last article done (the replacement's model loading included, as in
production). Baseline in the same stack: a batch of the same size with no kill, from submission.
The requirement is 2 minutes; every article must end done with exactly one verdict per claim.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from typing import Any

from bench.generator import SyntheticArticle, make_batch
from bench.queued import check_integrity, run_batch, submit_direct, wait_done
from bench.stack import BenchStack
from bench.workload import serve

REQUIREMENT_S = 120.0


@dataclass(frozen=True)
class RecoveryFigure:
    articles: int
    claims_done_at_kill: int
    unacked_at_kill: int  # messages kombu held as delivered but unacknowledged when the worker died
    killed_after_s: float  # from submission to the kill
    finish_after_restart_s: float  # from the replacement's start to the last article done
    baseline_batch_s: float  # the same number of articles, no kill, submission to done
    visibility_timeout_s: int
    requirement_s: float
    integrity: str
    integrity_ok: bool


def _claims_done(stack: BenchStack, aids: list[str]) -> int:
    pipe = stack.r.pipeline(transaction=False)
    for aid in aids:
        pipe.hget(stack.store.keys.k_article(aid), "claims_done")
    return sum(int(v or 0) for v in pipe.execute())


def measure_recovery(stack: BenchStack, baseline: list[SyntheticArticle], killed: list[SyntheticArticle],
                     *, timeout: float = 900) -> RecoveryFigure:
    base = run_batch(stack, baseline)
    serve(stack.site, killed)
    t0 = time.monotonic()
    aids = submit_direct(stack, killed)
    deadline = time.monotonic() + timeout
    while (done := _claims_done(stack, aids)) == 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no claim done after {timeout:.0f} s\n{stack.logs()}")
        time.sleep(0.05)
    stack.kill_cpu_worker()
    killed_at = time.monotonic() - t0
    unacked = int(stack.r.hlen("unacked"))
    restarted = time.monotonic()
    stack.set_cpu_workers(stack.cpu_workers)
    finished = wait_done(stack, aids, timeout)
    integ = check_integrity(stack, aids)
    return RecoveryFigure(
        articles=len(aids), claims_done_at_kill=done, unacked_at_kill=unacked, killed_after_s=killed_at,
        finish_after_restart_s=finished - restarted, baseline_batch_s=base.seconds,
        visibility_timeout_s=stack.settings.visibility_timeout, requirement_s=REQUIREMENT_S,
        integrity=(f"{'OK' if integ.ok else 'FAILED'}: {integ.done}/{integ.articles} done, "
                   f"{integ.verdicts} verdicts for {integ.claims} claims"),
        integrity_ok=integ.ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.recovery", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    n = args.articles
    with BenchStack(cpu_workers=2) as stack:
        run_batch(stack, make_batch(4, start=30_000_000))  # models loaded in every worker process
        fig = measure_recovery(stack, make_batch(n, start=30_000_100), make_batch(n, start=30_000_100 + n))
    out: dict[str, Any] = asdict(fig)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"batch of {fig.articles} articles, cpu worker SIGKILLed {fig.killed_after_s:.1f} s in "
              f"({fig.claims_done_at_kill} claims done, {fig.unacked_at_kill} messages unacknowledged): finished "
              f"{fig.finish_after_restart_s:.1f} s after the replacement started (requirement {fig.requirement_s:.0f} s; "
              f"visibility timeout {fig.visibility_timeout_s} s); same batch without a kill {fig.baseline_batch_s:.1f} s; "
              f"{fig.integrity}")
    return 0 if fig.integrity_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
