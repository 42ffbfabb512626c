"""``newscheck demo``: everything the product does, on one machine, with one command.

Starts a private Redis (unless NEWSCHECK_REDIS_URL is set), two workers (io+control on threads,
cpu on prefork), the API and the project's sample news site on 127.0.0.1; submits the sample
article by URL through the API with its sources; follows progress; prints the verdicts beside
what the sample site's author intended; stops everything it started, also on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newscheck.client import ApiClient
from newscheck.localserver import LocalServer
from newscheck.redis_server import PrivateRedis, free_port
from newscheck.sample_site import load_manifest, site_routes, source_urls
from newscheck.terminal import follow, print_report
from pipeline.errors import ConfigError
from pipeline.models import ArticleStatus

console = Console(stderr=True)


class Services:
    """Child processes started for the demo (and the end-to-end tests), stopped in reverse order."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: list[subprocess.Popen[bytes]] = []

    def spawn(self, *args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
        stream = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen([sys.executable, "-m", "newscheck.cli", *args], env=self.env,
                                stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def start_worker(self, name: str, queues: str, pool: str, concurrency: int, log_dir: Path,
                     *extra: str) -> subprocess.Popen[bytes]:
        return self.spawn("worker", "--queues", queues, "--pool", pool, "--concurrency", str(concurrency),
                          "--hostname", f"{name}@%h", *extra, log=log_dir / f"worker-{name}.log")

    def start_workers(self, log_dir: Path) -> None:
        """io and control on threads (fetching waits on the network), cpu on processes (NLP)."""
        self.start_worker("io", "io,control", "threads", 8, log_dir)
        self.start_worker("cpu", "cpu", "prefork", 2, log_dir)

    def start_api(self, port: int, log_dir: Path) -> str:
        self.spawn("api", "--host", "127.0.0.1", "--port", str(port), log=log_dir / "api.log")
        return f"http://127.0.0.1:{port}"

    def stop_one(self, proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
        """Stop one child (SIGTERM, then SIGKILL after ``timeout``) and forget it."""
        if proc.poll() is None:
            proc.terminate()
        _reap(proc, timeout)
        if proc in self.procs:
            self.procs.remove(proc)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            _reap(proc, 15)
        self.procs.clear()


def _reap(proc: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def read_logs(log_dir: Path, tail: int | None = 4000) -> str:
    """The services' logs in ``log_dir``: the last ``tail`` characters of each, or all of them."""
    parts = []
    for path in sorted(log_dir.glob("*.log")):
        text = path.read_text(errors="replace")
        parts.append(f"== {path.name}\n{text[-tail:] if tail else text}")
    return "\n".join(parts)


def wait_healthy(client: ApiClient, timeout: float = 90.0, *, need_workers: bool = True) -> dict[str, Any]:
    """Until the API answers and (unless ``need_workers`` is false) at least one worker replies to a ping."""
    import requests

    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = client.health()
            if last["status_code"] == 200 or (not need_workers and last.get("redis") == "ok"):
                return last
        except requests.RequestException as exc:
            last = exc
        time.sleep(0.5)
    raise ConfigError(f"services did not become healthy within {timeout:.0f}s: {last}")


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so everything the demo started is stopped."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def run_demo(*, keep: bool = False, workdir: Path | None = None) -> int:
    stop_on_sigterm()
    workdir = workdir or Path(".newscheck")
    log_dir = workdir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        redis_url = os.environ.get("NEWSCHECK_REDIS_URL")
        if not redis_url:
            redis = stack.enter_context(PrivateRedis(data_dir=workdir / "redis"))
            redis_url = redis.url
            console.print(f"private Redis on {redis_url} (AOF everysec, data in {redis.data_dir})")
        site = stack.enter_context(LocalServer(site_routes()))
        console.print(f"sample news site on {site.base_url}")
        allow = ",".join(filter(None, [os.environ.get("NEWSCHECK_FETCH_ALLOW_HOSTS", ""), "127.0.0.1"]))
        # the sample site has a source that never answers: a short fetch deadline keeps the demo brisk
        env = {"NEWSCHECK_FETCH_DEADLINE": "8", **os.environ, "NEWSCHECK_REDIS_URL": redis_url,
               "NEWSCHECK_FETCH_ALLOW_HOSTS": allow}
        services = Services(env)
        stack.callback(services.stop)
        services.start_workers(log_dir)
        client = ApiClient(services.start_api(free_port(), log_dir))
        health = wait_healthy(client)
        console.print(f"API on {client.base} ({health['workers']} workers answer); logs in {log_dir}")

        manifest = load_manifest()
        from pipeline.models import ArticleInput

        inp = ArticleInput(url=site.url(manifest["article"]), published=manifest.get("published"),
                           sources=tuple(source_urls(site.base_url)))
        accepted = client.submit(inp)
        console.print(f"submitted {inp.url} as {accepted['id']} with {len(inp.sources)} sources")
        console.print(f"desk page: {client.base}/articles/{accepted['id']} (open it in a browser; --keep keeps it up)")
        report = follow(client, accepted["id"], timeout=300)
        print_report(report)
        print_expectations(report, manifest)
        if keep:
            console.print(f"everything keeps running; API and desk page at {client.base}/. Ctrl-C stops it.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return 0 if report["status"] == ArticleStatus.DONE else 1


def print_expectations(report: dict[str, Any], manifest: dict[str, Any]) -> None:
    """What the sample site's author intended, beside what newscheck said."""
    table = Table(title="intended by the sample site's author vs newscheck", expand=True)
    for col in ("claim", "intended", "newscheck", "match"):
        table.add_column(col)
    for exp in manifest.get("expected", []):
        got = find_claim_verdict(report, exp["claim_contains"])
        ok = got == exp["label"]
        table.add_row(exp["claim_contains"], exp["label"], got or "(claim not found)", "yes" if ok else "NO")
    Console().print(table)


def find_claim_verdict(report: dict[str, Any], contains: str) -> str | None:
    """The verdict label of the claim that overlaps ``contains`` in the article text most."""
    text = report["article"]["text"]
    at = text.find(contains)
    if at == -1:
        return None
    lo, hi = at, at + len(contains)
    overlaps = [(min(hi, c["end"]) - max(lo, c["start"]), c) for c in report["claims"]]
    overlaps = [(n, c) for n, c in overlaps if n > 0]
    if not overlaps:
        return None
    best = max(overlaps, key=lambda nc: nc[0])[1]
    return best["verdict"]["label"] if best.get("verdict") else None
