"""Everything the queued measurements need, started by the benchmark and stopped after, also on errors:
a private Redis, the local source site, an io+control worker (threads), a cpu worker (prefork,
restartable with another concurrency) and the HTTP API on a free port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import redis

from config.settings import load_settings
from newscheck.client import ApiClient
from newscheck.demo import Services, read_logs, wait_healthy
from newscheck.localserver import LocalServer
from newscheck.redis_server import PrivateRedis, free_port
from bench.cputime import tree_cpu_seconds
from pipeline.adapters.redis_state import RedisState

# Limits a production deployment sets for real users, lifted here: the benchmark is one client
# and every source lives on one host (127.0.0.1), which the per-domain politeness would
# otherwise throttle to 2 requests a second.
BENCH_ENV = {
    "NEWSCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1",
    "NEWSCHECK_FETCH_RATE_PER_DOMAIN": "100000",
    "NEWSCHECK_FETCH_BURST_PER_DOMAIN": "100000",
    "NEWSCHECK_API_RATE_PER_MINUTE": "10000000",
    "NEWSCHECK_ARTICLE_DEADLINE": "3600",
    "NEWSCHECK_LOG_LEVEL": "WARNING",
}


class BenchStack:
    """Context manager: the running service, with handles the measurements use."""

    def __init__(self, cpu_workers: int = 2, io_threads: int = 8) -> None:
        self.cpu_workers = cpu_workers
        self.io_threads = io_threads
        self._exit = ExitStack()
        self._tmp = tempfile.TemporaryDirectory(prefix="newscheck-bench-")
        self.log_dir = Path(self._tmp.name)
        self._cpu: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BenchStack:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        self.redis = self._exit.enter_context(PrivateRedis(data_dir=self.log_dir / "redis"))
        self.site = self._exit.enter_context(LocalServer())
        self.index_path = self.log_dir / "evidence.sqlite3"
        self.env = {**os.environ, **BENCH_ENV, "NEWSCHECK_REDIS_URL": self.redis.url,
                    "NEWSCHECK_INDEX_URL": f"sqlite:///{self.index_path}"}  # a fresh corpus per run
        self.settings = load_settings(redis_url=self.redis.url)
        self.services = Services(self.env)
        self._exit.callback(self.services.stop)
        self.services.start_worker("io", "io,control", "threads", self.io_threads, self.log_dir, "--loglevel", "WARNING",
                                   "--include", "bench.tasks")
        self.set_cpu_workers(self.cpu_workers)
        self.client = ApiClient(self.services.start_api(free_port(), self.log_dir))
        wait_healthy(self.client, timeout=120)
        self.r = redis.Redis.from_url(self.redis.url, decode_responses=True)
        self.store = RedisState.over(self.r, prefix=self.settings.key_prefix)
        from workers.app import create_app

        self.celery = create_app(self.settings)

    def set_cpu_workers(self, n: int) -> None:
        """(Re)start the prefork cpu worker with ``n`` processes; the caller warms them up."""
        if self._cpu is not None:
            self.services.stop_one(self._cpu, timeout=30)
        self._cpu = self.services.start_worker(f"cpu{n}", "cpu", "prefork", n, self.log_dir, "--loglevel", "WARNING",
                                              "--include", "bench.tasks")
        self.cpu_workers = n

    def kill_cpu_worker(self) -> None:
        """SIGKILL the cpu worker's process group (supervisor, Celery, pool children), as a crash does."""
        proc, self._cpu = self._cpu, None
        if proc is None:
            return
        os.killpg(proc.pid, signal.SIGKILL)  # started in its own session (Services.spawn)
        proc.wait()
        if proc in self.services.procs:
            self.services.procs.remove(proc)

    def cpu_seconds(self) -> float:
        """CPU time so far of everything the queued path runs on: workers (with their pool
        processes), the API and Redis."""
        pids = [p.pid for p in self.services.procs if p.poll() is None]
        if self.redis.proc is not None:
            pids.append(self.redis.proc.pid)
        return tree_cpu_seconds(pids)

    def used_memory(self) -> int:
        return int(self.r.info("memory")["used_memory"])

    def logs(self, tail: int = 3000) -> str:
        return read_logs(self.log_dir, tail)

    def close(self) -> None:
        try:
            self._exit.close()
        finally:
            self._tmp.cleanup()

