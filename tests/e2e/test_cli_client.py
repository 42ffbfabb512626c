"""The CLI as a client of a running API with API keys on: keys from the option or the environment,
failed articles exit non-zero with one readable line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscheck.client import ApiClient
from newscheck.demo import Services, wait_healthy
from newscheck.localserver import LocalServer
from newscheck.redis_server import free_port

CLI = [sys.executable, "-m", "newscheck.cli"]
KEY = "desk-key-1"


@pytest.fixture(scope="module")
def keyed_api(stack: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second API process on the shared stack's Redis (its workers do the work), with keys on."""
    log_dir = tmp_path_factory.mktemp("keyed-api")
    services = Services({**stack.env, "NEWSCHECK_API_KEYS": KEY})
    try:
        base = services.start_api(free_port(), log_dir)
        wait_healthy(ApiClient(base), timeout=60, need_workers=False)
        yield base
    finally:
        services.stop()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "NEWSCHECK_API_KEY"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, env={**full, **(env or {})})


def test_client_commands_send_the_api_key(keyed_api: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor said 12 bridges were closed on Friday.")
    refused = run("submit", str(article), "--api", keyed_api)
    assert refused.returncode == 1 and "401" in refused.stderr and "Traceback" not in refused.stderr
    by_option = run("submit", str(article), "--api", keyed_api, "--api-key", KEY)
    assert by_option.returncode == 0, by_option.stderr
    aid = by_option.stdout.strip()
    by_env = run("watch", aid, "--api", keyed_api, env={"NEWSCHECK_API_KEY": KEY})
    assert by_env.returncode == 0, by_env.stderr
    assert "12 bridges" in by_env.stdout


def test_failed_article_exits_non_zero_with_one_line(stack: Any, tmp_path: Path) -> None:
    with LocalServer({}) as empty:  # every path answers 404: the article cannot be fetched
        url = empty.url("/gone.html")
        aid = run("submit", url, "--api", stack.client.base).stdout.strip()
        watched = run("watch", aid, "--api", stack.client.base)
    assert watched.returncode == 1
    status = run("status", aid, "--api", stack.client.base)
    assert status.returncode == 1
    for res in (watched, status):
        last = res.stderr.strip().splitlines()[-1]
        assert last.startswith(f"error: article {aid} failed: ") and "{" not in last, res.stderr


def test_desk_commands_review_list_export_and_delete(stack: Any, keyed_api: str) -> None:
    import redis

    from pipeline.adapters.redis_state import RedisState
    from tests.support.desk_state import seed_article

    client = redis.Redis.from_url(stack.env["NEWSCHECK_REDIS_URL"], decode_responses=True)
    aid, claims = seed_article(RedisState.over(client, prefix=stack.env.get("NEWSCHECK_KEY_PREFIX", "nc")))
    key = ["--api", keyed_api, "--api-key", KEY]
    reviewed = run("review", claims[0].id, "--label", "mixed", "--note", "one day only", *key)
    assert reviewed.returncode == 0, reviewed.stderr
    assert "reviewed mixed" in reviewed.stdout and "machine said supported" in reviewed.stdout
    bad = run("review", claims[0].id, "--label", "maybe", *key)
    assert bad.returncode == 1 and "422" in bad.stderr and "Traceback" not in bad.stderr
    listed = run("list", "--status", "done", *key)
    assert listed.returncode == 0 and aid in listed.stdout and "1 mixed" in listed.stdout
    exported = run("export", aid, "--claimreview", *key)
    assert exported.returncode == 0 and '"ClaimReview"' in exported.stdout and '"mixed"' in exported.stdout
    assert run("delete", aid, *key).returncode == 0
    gone = run("status", aid, *key)
    assert gone.returncode == 1 and "no article" in gone.stderr
