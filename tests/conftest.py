"""Shared fixtures: a private redis-server per session, a clean database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newscheck.redis_server import PrivateRedis

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL_DIR = SHARED / "eval"


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
