"""The in-process CLI commands as a user runs them: extract, check, verify (real local HTTP sources)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscheck.localserver import LocalServer, Route

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article.txt"
SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "design" / "report.schema.json"
CLI = [sys.executable, "-m", "newscheck.cli"]
ENV = {**os.environ, "NEWSCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1", "NEWSCHECK_FETCH_DEADLINE": "3"}
PAGE = ("<html><head><title>Bridges</title><meta property='article:published_time' content='2025-02-03'></head>"
        "<body><article><p>City engineers confirmed on Friday that 12 bridges were closed after the storm, "
        "the mayor, Ana Petrov, said.</p></article></body></html>")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, env=ENV, timeout=120)


def test_extract_prints_the_claims_of_plain_text_from_stdin() -> None:
    text = "The mayor, Ana Petrov, said 12 bridges were closed on Friday."
    res = run("extract", "-", "--json", "--published", "2025-02-03", stdin=text)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["article"]["text"] == text
    claim = out["claims"][0]
    assert claim["speaker"]["resolved"] == "Ana Petrov" and claim["quantities"][0]["value"] == 12
    assert text[claim["start"]:claim["end"]] == claim["text"]


def test_extract_the_seed_article_headline_claims() -> None:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    res = run("extract", str(SEED), "--json")
    assert res.returncode == 0, res.stderr
    claims = json.loads(res.stdout)["claims"]
    headline = [c for c in claims if c["speaker"] and c["speaker"]["text"] == "Iraqi commanders"]
    assert sorted(q["value"] for c in headline for q in c["quantities"]) == [100, 140]


def test_check_one_claim_against_a_source() -> None:
    with LocalServer({"/bridges": Route(body=PAGE)}) as site:
        res = run("check", "--claim", "Ana Petrov said 12 bridges were closed", "--speaker", "Ana Petrov",
                  "--date", "2025-02-04", "--source", site.url("/bridges"), "--json")
    assert res.returncode == 0, res.stderr
    verdict = json.loads(res.stdout)["verdict"]
    assert verdict["label"] == "supported" and verdict["evidence"][0]["url"].endswith("/bridges")


def test_verify_json_follows_the_report_schema_and_records_failures() -> None:
    import jsonschema

    with LocalServer({"/bridges": Route(body=PAGE)}) as site:
        res = run("verify", "-", "--json", "--source", site.url("/bridges"), "--source", site.url("/gone"),
                  stdin="The mayor said 12 bridges were closed on Friday.")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    if SCHEMA.exists():
        jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    assert report["status"] == "done"
    assert [f["reason"] for f in report["source_failures"]] == ["http 404"]
