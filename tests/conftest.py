"""Shared fixtures: a private redis-server per session, a clean database per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from contextlib import contextmanager
from pathlib import Path

import pytest

from newscheck.redis_server import PrivateRedis

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL_DIR = SHARED / "eval"


def pytest_configure(config: pytest.Config) -> None:
    """Corpus mode is on by default: processes the tests start (CLI, workers) index into a
    session-private file, never into the checkout's .newscheck/."""
    import os
    import tempfile

    if "NEWSCHECK_INDEX_URL" not in os.environ:
        os.environ["NEWSCHECK_INDEX_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='newscheck-corpus-')}/evidence.sqlite3"


@pytest.fixture(scope="session")
def redis_server() -> Iterator[PrivateRedis]:
    """A real redis-server on a free port, private to this test session (tests may stop it)."""
    server = PrivateRedis().start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_url(redis_server: PrivateRedis) -> str:
    return redis_server.url


@pytest.fixture()
def redis_client(redis_server: PrivateRedis) -> Iterator[object]:
    """A client on the private server, flushed before each test."""
    import redis

    if not redis_server.ping():
        redis_server.start()
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    client.flushall()
    yield client
    client.close()


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL_DIR.is_dir():
        pytest.skip(f"evaluation data not found at {EVAL_DIR} (it lives in ../shared/eval beside the repo)")
    return EVAL_DIR


class Stack:
    """A running service: private Redis, real Celery worker processes and the API over HTTP."""

    def __init__(self, redis: PrivateRedis, services: object, client: object, env: dict[str, str], log_dir: Path) -> None:
        self.redis = redis
        self.services = services
        self.client = client
        self.env = env
        self.log_dir = log_dir

    def logs(self, tail: int | None = 4000) -> str:
        """The services' logs (the last ``tail`` characters of each, or all of them)."""
        from newscheck.demo import read_logs

        return read_logs(self.log_dir, tail)


@contextmanager
def running_stack(tmp_path_factory: pytest.TempPathFactory, *, start_workers: bool = True, **env: str) -> Iterator[Stack]:
    """Start Redis, workers (io+control on threads, cpu on prefork) and the API; stop them after."""
    import os

    from newscheck.client import ApiClient
    from newscheck.demo import Services, wait_healthy
    from newscheck.redis_server import free_port

    log_dir = tmp_path_factory.mktemp("stack-logs")
    redis = PrivateRedis(data_dir=tmp_path_factory.mktemp("stack-redis")).start()
    full_env = {
        **os.environ,
        "NEWSCHECK_REDIS_URL": redis.url,
        "NEWSCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "NEWSCHECK_FETCH_DEADLINE": "5",
        "NEWSCHECK_FETCH_READ_TIMEOUT": "2",
        "NEWSCHECK_SWEEP_INTERVAL": "2",
        "NEWSCHECK_INDEX_URL": f"sqlite:///{log_dir}/evidence.sqlite3",  # a fresh corpus per stack
        **{f"NEWSCHECK_{k.upper()}": v for k, v in env.items()},
    }
    services = Services(full_env)
    try:
        if start_workers:
            services.start_workers(log_dir)
        client = ApiClient(services.start_api(free_port(), log_dir))
        wait_healthy(client, timeout=120, need_workers=start_workers)
        yield Stack(redis, services, client, full_env, log_dir)
    finally:
        services.stop()
        redis.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The shared running service for end-to-end tests that do not break it."""
    with running_stack(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="session")
def start_stack(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A factory of private running services, for tests that break them (kill, restart)."""
    return lambda **env: running_stack(tmp_path_factory, **env)
