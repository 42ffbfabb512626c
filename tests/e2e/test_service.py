"""End to end: articles in over HTTP, through real workers on a real Redis, reports out.

The sample news site and the sources are served by a real HTTP server on 127.0.0.1; nothing
is mocked. The queued report must agree claim for claim with the in-process reference path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from newscheck.localserver import LocalServer, Route
from newscheck.sample_site import load_manifest, site_routes, source_urls
from pipeline.models import ArticleInput
from tests.support.reports import comparable

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "design" / "report.schema.json"
PLAIN = (
    "Harbour officials said 40 ships were stuck outside the port on Tuesday. "
    "\"We expect the queue to clear within three days,\" the port director, Mara Velk, told reporters."
)


def wait_done(client: Any, aid: str, timeout: float = 180.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = client.report(aid)
        if report["status"] in ("done", "failed"):
            return report
        time.sleep(0.3)
    raise AssertionError(f"article {aid} not finished after {timeout}s: {report['status']} {report['progress']}")


@pytest.fixture(scope="module")
def site() -> Any:
    with LocalServer(site_routes()) as server:
        server.add("/callback", Route(body="ok", content_type="text/plain"))
        yield server


@pytest.fixture(scope="module")
def sample_input(site: LocalServer) -> ArticleInput:
    manifest = load_manifest()
    return ArticleInput(url=site.url(manifest["article"]), published=manifest.get("published"),
                        sources=tuple(source_urls(site.base_url)))


@pytest.fixture(scope="module")
def queued_report(stack: Any, sample_input: ArticleInput) -> dict[str, Any]:
    accepted = stack.client.submit(sample_input)
    return wait_done(stack.client, accepted["id"])


def _schema() -> dict[str, Any]:
    if not SCHEMA.exists():
        pytest.skip(f"report schema not found at {SCHEMA}")
    return json.loads(SCHEMA.read_text())


def test_sample_article_is_checked_through_the_queue(queued_report: dict[str, Any], stack: Any) -> None:
    import jsonschema

    assert queued_report["status"] == "done", stack.logs()
    jsonschema.validate(queued_report, _schema())
    claims = queued_report["claims"]
    assert claims, "the sample article yields claims"
    assert queued_report["progress"] == {"claims_total": len(claims), "claims_done": len(claims)}
    assert all(c["verdict"] is not None for c in claims)
    text = queued_report["article"]["text"]
    for c in claims:
        assert text[c["start"]:c["end"]] == c["text"]
        assert text[c["content"]["start"]:c["content"]["end"]] == c["content"]["text"]
    # the failing source is recorded with its reason, not a crash
    reasons = {f["reason"] for f in queued_report["source_failures"]}
    assert reasons, "the sample site lists a source that fails"


def test_queued_path_agrees_with_in_process_verify(queued_report: dict[str, Any], sample_input: ArticleInput,
                                                   stack: Any) -> None:
    """Both paths in corpus mode (the default), on the corpus the stack's workers built; both take
    their stack from the composition root."""
    import jsonschema

    from config.settings import load_settings
    from pipeline.adapters import wiring

    local = wiring.in_process(load_settings(fetch_allow_hosts=["127.0.0.1"], index_url=stack.env["NEWSCHECK_INDEX_URL"]))
    try:
        reference = local.verify(sample_input).to_dict()
    finally:
        local.close()
    jsonschema.validate(reference, _schema())
    assert reference["id"] == queued_report["id"]
    assert comparable(reference) == comparable(queued_report)


def test_resubmitting_returns_the_same_id_and_redoes_nothing(stack: Any, site: LocalServer,
                                                              sample_input: ArticleInput, queued_report: dict[str, Any]) -> None:
    hits_before = sum(site.hits.values())
    again = stack.client.submit(sample_input)
    assert again["id"] == queued_report["id"]
    assert again["status"] == "done"
    time.sleep(1.0)
    assert sum(site.hits.values()) == hits_before


def test_plain_text_keeps_offsets_and_fires_one_callback(stack: Any, site: LocalServer) -> None:
    resp = requests.post(f"{stack.client.base}/v1/articles", timeout=10,
                         json={"text": PLAIN, "published": "2025-03-04", "callback_url": site.url("/callback")})
    assert resp.status_code == 202
    body = resp.json()
    assert resp.headers["Location"] == f"/v1/articles/{body['id']}" == body["links"]["self"]
    report = wait_done(stack.client, body["id"])
    assert report["article"]["text"] == PLAIN
    assert report["claims"], "the plain text has attributed claims"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not [r for r in site.received if r.path == "/callback"]:
        time.sleep(0.2)
    time.sleep(1.0)
    posts = [r for r in site.received if r.path == "/callback"]
    assert len(posts) == 1
    assert json.loads(posts[0].body)["id"] == body["id"]
    one = report["claims"][0]
    claim = requests.get(f"{stack.client.base}/v1/claims/{one['id']}", timeout=10).json()
    assert claim["article_id"] == body["id"] and claim["verdict"]["label"] == one["verdict"]["label"]


def test_progress_streams_as_server_sent_events(stack: Any, queued_report: dict[str, Any]) -> None:
    with requests.get(f"{stack.client.base}/v1/articles/{queued_report['id']}/events", stream=True, timeout=30) as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        events = [line[len("event: "):] for line in resp.iter_lines(decode_unicode=True) if line.startswith("event: ")]
    assert events[0] == "queued" and events[-1] == "finished"
    assert events.count("claim") == len(queued_report["claims"])


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"url": "https://a.example/x", "text": "both"}, 422, "exactly one"),
        ({}, 422, "exactly one"),
        ({"text": "t", "published": "5 May"}, 422, "YYYY-MM-DD"),
        ({"url": "ftp://a.example/x"}, 422, "http"),
        ({"text": "t", "sources": ["file:///etc/passwd"]}, 422, "http"),
        ({"text": "t", "surprise": 1}, 422, "surprise"),
    ],
)
def test_malformed_submissions_get_problem_details(stack: Any, body: dict[str, Any], status: int, needle: str) -> None:
    resp = requests.post(f"{stack.client.base}/v1/articles", json=body, timeout=10)
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    assert {"type", "title", "status", "detail"} <= problem.keys() and problem["status"] == status
    assert needle in problem["detail"]


def test_unknown_ids_are_404_and_oversized_bodies_413(stack: Any) -> None:
    base = stack.client.base
    for path in ("/v1/articles/a_nope", "/v1/claims/c_nope", "/v1/articles/a_nope/events"):
        resp = requests.get(base + path, timeout=10)
        assert resp.status_code == 404 and resp.json()["status"] == 404
    resp = requests.post(f"{base}/v1/articles", data=b'{"text": "' + b"x" * 3_000_000 + b'"}',
                         headers={"content-type": "application/json"}, timeout=30)
    assert resp.status_code == 413 and "limited" in resp.json()["detail"]
    assert requests.get(f"{base}/openapi.json", timeout=10).json()["paths"]["/v1/articles"]


def test_healthz_reports_redis_and_workers(stack: Any) -> None:
    health = stack.client.health()
    assert health["status_code"] == 200 and health["redis"] == "ok" and health["workers"] >= 1


def test_cli_submit_and_status_against_the_api(stack: Any, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor said 12 bridges were closed on Friday.")
    cli = [sys.executable, "-m", "newscheck.cli"]
    sub = subprocess.run([*cli, "submit", str(article), "--api", stack.client.base], capture_output=True, text=True, timeout=60)
    assert sub.returncode == 0, sub.stderr
    aid = sub.stdout.strip()
    wait_done(stack.client, aid)
    st = subprocess.run([*cli, "status", aid, "--json", "--api", stack.client.base], capture_output=True, text=True, timeout=60)
    assert st.returncode == 0 and json.loads(st.stdout)["id"] == aid


def test_cli_fails_in_one_line_without_traceback(tmp_path: Path) -> None:
    from newscheck.redis_server import free_port

    cli = [sys.executable, "-m", "newscheck.cli"]
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    cases = [
        [*cli, "submit", str(tmp_path / "missing.html")],
        [*cli, "submit", str(tmp_path)],
        [*cli, "submit", str(binary)],
        [*cli, "status", "a_x", "--api", f"http://127.0.0.1:{free_port()}"],
    ]
    for args in cases:
        res = subprocess.run(args, capture_output=True, text=True, timeout=60)
        assert res.returncode != 0
        assert "Traceback" not in res.stderr and res.stderr.strip().startswith("error:"), res.stderr
