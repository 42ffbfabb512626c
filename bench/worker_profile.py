"""Where the queued path spends CPU the in-process path does not (issue 13): cProfile of the cpu
worker's processes and of the in-process path on the same articles.

    python -m bench.worker_profile [--articles 20] [--top 25] [--out DIR]

The benchmark's workers load this module (``--include bench.tasks``). With
NEWSCHECK_BENCH_PROFILE=DIR in their environment each cpu worker process (the prefork parent,
which consumes from Redis and hands messages to its children, and each child, which runs the
tasks) keeps a cProfile on CPU time (``time.process_time``), switched on at the first message once
DIR/on exists (after the warm-up, so model loading is not in it) and written to
DIR/<role>-<pid>.prof when the process ends. Then the same articles are profiled through the
in-process path (``flow.verify`` in this process as the benchmark's pool runs it: corpus mode on,
the queue's evidence index copied and the batch indexed first, claims checked once). Printed: ms per task of the functions that differ most, both sides.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

ENV = "NEWSCHECK_BENCH_PROFILE"

_prof: dict[str, Any] = {}
_lock = threading.Lock()


def _on() -> bool:
    d = os.environ.get(ENV)
    return Path(d, "on").exists() if d else False


def _maybe_start(role: str) -> None:
    """Start this process's profile on the calling thread, once, when the flag is set."""
    if "profile" in _prof or not _on():
        return
    import cProfile
    import time

    with _lock:
        if "profile" in _prof:
            return
        p = cProfile.Profile(time.process_time)
        _prof.update(profile=p, role=role, tasks=0)
        p.enable()


def _dump() -> None:
    p = _prof.pop("profile", None)
    if p is None:
        return
    p.disable()
    out = Path(os.environ[ENV]) / f"{_prof['role']}-{os.getpid()}.prof"
    p.dump_stats(str(out))
    (out.with_suffix(".tasks")).write_text(str(_prof.get("tasks", 0)))


def install() -> None:
    """Connect the signal handlers (only when the environment asks for a profile)."""
    if not os.environ.get(ENV):
        return
    import atexit

    from celery.signals import task_postrun, task_prerun, task_received, worker_process_shutdown, worker_shutdown

    import sys

    queues = sys.argv[sys.argv.index("--queues") + 1] if "--queues" in sys.argv else "?"
    worker = "cpu" if queues == "cpu" else "io"

    @task_received.connect(weak=False)
    def _received(**_: Any) -> None:  # the consuming (main) process, main thread
        _maybe_start(f"main-{worker}")

    @task_prerun.connect(weak=False)
    def _prerun(**_: Any) -> None:  # the process that runs the task (a prefork child)
        _maybe_start("child")

    @task_postrun.connect(weak=False)
    def _postrun(**_: Any) -> None:
        if "profile" in _prof:
            _prof["tasks"] += 1

    @worker_process_shutdown.connect(weak=False)
    def _child_exit(**_: Any) -> None:
        _dump()

    @worker_shutdown.connect(weak=False)
    def _main_exit(**_: Any) -> None:
        _dump()

    atexit.register(_dump)


# ---- the command


def _stats(paths: list[Path]) -> Any:
    import pstats

    st = pstats.Stats(str(paths[0]))
    for p in paths[1:]:
        st.add(str(p))
    return st


def _table(st: Any) -> dict[str, tuple[float, float, int]]:
    """function -> (own seconds, cumulative seconds, calls)."""
    out: dict[str, tuple[float, float, int]] = {}
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in st.stats.items():
        short = file.split("site-packages/")[-1].replace(str(Path(__file__).resolve().parents[1]) + "/", "")
        out[f"{fn} ({short}:{line})"] = (tt, ct, nc)
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse
    import cProfile
    import tempfile
    import time

    parser = argparse.ArgumentParser(prog="python -m bench.worker_profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", default=None, help="keep the .prof files here (default: a temporary directory)")
    args = parser.parse_args(argv)

    out = Path(args.out or tempfile.mkdtemp(prefix="newscheck-profile-"))
    out.mkdir(parents=True, exist_ok=True)
    for f in out.glob("*.prof"):
        f.unlink()
    os.environ[ENV] = str(out)
    (out / "on").unlink(missing_ok=True)

    from bench.inprocess import init_process
    from bench.queued import run_batch, tasks_of
    from bench.run import Seeds
    from bench.stack import BenchStack
    from bench.workload import article_input, serve

    seeds = Seeds()
    warm, arts = seeds.batch(6), seeds.batch(args.articles)
    with BenchStack(cpu_workers=2) as stack:
        run_batch(stack, warm)  # models loaded in every worker process, outside the profile
        # the in-process path first, on a copy of the queue's evidence index (as bench.inprocess.run_pool)
        serve(stack.site, arts)
        inputs = [article_input(a, stack.site) for a in arts]
        index_copy = out / "evidence-copy.sqlite3"
        index_copy.unlink(missing_ok=True)
        import sqlite3

        with sqlite3.connect(stack.index_path) as src, sqlite3.connect(index_copy) as dst:
            src.backup(dst)
        from bench import inprocess

        init_process(f"sqlite:///{index_copy}")
        inprocess.verify_one(article_input(warm[0], stack.site))  # caches warm
        for inp in inputs:
            inprocess.index_one(inp)  # the batch indexed first, as the queue's io worker does for a backlog
        prof = cProfile.Profile(time.process_time)
        cpu0 = time.process_time()
        prof.enable()
        for inp in inputs:
            inprocess.verify_one(inp)  # claims checked once, as on the queue
        prof.disable()
        ip_cpu = time.process_time() - cpu0
        prof.dump_stats(str(out / "inprocess.prof"))
        # then the queue, same articles
        (out / "on").touch()
        run = run_batch(stack, arts)
        (out / "on").unlink()

    tasks = tasks_of(run)
    cpu_tasks = run.n + run.claims  # extract + judge on the cpu queue
    print(f"articles {run.n}, claims {run.claims}, tasks {tasks} ({cpu_tasks} on the cpu queue); "
          f"queued CPU (all processes) {1000 * run.cpu_seconds / run.n:.1f} ms/article, "
          f"in-process (this process, profiled) {1000 * ip_cpu / run.n:.1f} ms/article; load average {os.getloadavg()}")
    main_files, child_files = sorted(out.glob("main-cpu-*.prof")), sorted(out.glob("child-*.prof"))
    io_files = sorted(out.glob("main-io-*.prof"))
    tables = {"inprocess": _table(_stats([out / "inprocess.prof"]))}
    if main_files:
        tables["cpu main (consumes, hands tasks to the children)"] = _table(_stats(main_files))
    if io_files:
        tables["io+control main (its consumer thread only)"] = _table(_stats(io_files))
    if child_files:
        tables["cpu children"] = _table(_stats(child_files))
    for name, table in tables.items():
        total = max((v[1] for v in table.values()), default=0.0)
        own_total = sum(v[0] for v in table.values())
        per = cpu_tasks if name != "inprocess" else cpu_tasks
        print(f"\n== {name}: profiled CPU {1000 * own_total:.0f} ms ({1000 * own_total / per:.2f} ms per cpu task), "
              f"largest cumulative {1000 * total:.0f} ms")
        print(f"{'own ms/task':>11} {'cum ms/task':>11} {'calls/task':>10}  function")
        for fn, (tt, ct, nc) in sorted(table.items(), key=lambda kv: -kv[1][1])[: args.top]:
            print(f"{1000 * tt / per:11.3f} {1000 * ct / per:11.3f} {nc / per:10.2f}  {fn}")
        print("  -- by own time")
        for fn, (tt, ct, nc) in sorted(table.items(), key=lambda kv: -kv[1][0])[: args.top]:
            print(f"{1000 * tt / per:11.3f} {1000 * ct / per:11.3f} {nc / per:10.2f}  {fn}")
    print(f"\nprofiles in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
